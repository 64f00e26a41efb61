"""Emission: byte-identical output without atomic blocks, golden lowered
output (which also runs, under every strategy), the preprocessed fallback for blocks inside macros, and #line
mapping of gcc's diagnostics back to the original source."""

import functools
import os
import subprocess

import pytest

import update_golden
from conftest import (FORCEABLE, REFUSAL_REASONS, ROOT, SAMPLES, TESTS, all_samples, atomicc, expected_output,
                      has_atomic)

GOLDEN = os.path.join(TESTS, "golden")
TESTS_C = os.path.join(TESTS, "c")


@pytest.mark.parametrize("name", [n for n in all_samples() if not has_atomic(os.path.join(SAMPLES, n))])
def test_plain_c_is_byte_identical(name):
    src = os.path.join(SAMPLES, name)
    r = atomicc(src)
    assert r.returncode == 0, r.stderr
    with open(src, encoding="utf-8") as f:
        assert r.stdout == f.read()


def test_file_with_no_blocks_but_macros_and_comments_is_identical(tmp_path):
    text = "/* c */\n#include <stdio.h>\n#define X(a) ((a) + 1)\nint atomic = X(2); // not a block\nint main(void) { return atomic; }\n"
    p = tmp_path / "p.c"
    p.write_text(text)
    out = tmp_path / "o.c"
    r = atomicc(str(p), "-o", str(out))
    assert r.returncode == 0 and out.read_bytes() == text.encode()


GOLDEN_CASES = update_golden.cases()
GOLDEN_RUN_TIMEOUT = 60     # seconds; each golden program runs in well under one


@functools.lru_cache(maxsize=None)
def _runtime_flags():
    """`atomicc --cflags` and `--libs` (which builds the runtime library once)."""
    return tuple(atomicc("--cflags").stdout.split()), tuple(atomicc("--libs", timeout=300).stdout.split())


def _golden_mismatch(path, text):
    """The failure message: the diff from the golden file to the compiler's
    output, and the reviewed command that regenerates the golden files."""
    old = update_golden.read(path)
    return ("%s does not match the compiler's output (- golden, + now):\n%s\nIf the change is intended, "
            "review and regenerate with: %s  (then: %s --write)" % (
                os.path.relpath(path, ROOT), update_golden.diff(path, old, text) if old is not None else
                "(the golden file is missing)", update_golden.COMMAND, update_golden.COMMAND))


@pytest.mark.parametrize("name,strategy", GOLDEN_CASES, ids=["%s-%s" % c for c in GOLDEN_CASES])
def test_golden_lowering(tmp_path, name, strategy):
    """tests/golden/NAME.c lowered with STRATEGY equals NAME.STRATEGY.c (or,
    where the strategy is refused, the diagnostics equal NAME.STRATEGY.err);
    the lowered program compiles warning-free and, linked with the runtime,
    runs and prints NAME.c's EXPECT lines.  `auto` plans for 64 CPUs
    (--cpus=64), so the expectation does not depend on this machine.
    Expectations change only through `python tests/update_golden.py`, which
    shows the diff (tests/README.md)."""
    src = os.path.join(GOLDEN, name + ".c")
    rc, out, err = result = update_golden.lower(name, strategy)
    want = update_golden.expectation(name, strategy, result)
    assert want is not None, "atomicc failed (exit %d):\n%s" % (rc, err)
    path, text = want
    assert update_golden.read(path) == text, _golden_mismatch(path, text)
    assert not update_golden.stale_files(name, strategy, path), _golden_mismatch(path, text)
    if rc != 0:
        # refused: every error is a refusal of this strategy, for a documented reason
        assert strategy not in ("global", "auto"), err
        errors = [l.split(": error: ", 1)[1] for l in err.splitlines() if ": error: " in l]
        head = "strategy '%s' cannot be used for this atomic block: " % strategy
        assert errors and all(e.startswith(head) and REFUSAL_REASONS[strategy].search(e[len(head):])
                              for e in errors), err
        return
    # the golden output compiles cleanly, also under the flags of strict -Werror builds
    p = subprocess.run(["gcc", "-std=gnu11", "-Wall", "-Wextra", "-Wshadow", "-Wredundant-decls", "-Wnested-externs",
                        "-Wimplicit-fallthrough", "-c", "-o", os.devnull,
                        "-I" + os.path.join(ROOT, "runtime_c"), "-x", "c", "-"], input=out,
                       capture_output=True, text=True, cwd=ROOT)
    assert p.returncode == 0 and "warning" not in p.stderr, p.stderr
    # and the golden program runs: linked with the runtime as a build system would (--cflags/--libs)
    exe = str(tmp_path / ("%s.%s" % (name, strategy)))
    cflags, libs = _runtime_flags()
    p = subprocess.run(["gcc", "-std=gnu11", "-O1", *cflags, "-x", "c", "-", "-x", "none", *libs, "-o", exe],
                       input=out, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert p.returncode == 0, p.stderr
    r = subprocess.run([exe], capture_output=True, text=True, timeout=GOLDEN_RUN_TIMEOUT,
                       env=dict(os.environ, ATOMICC_SOLO="0"))
    assert r.returncode == 0, "exit %d\n%s%s" % (r.returncode, r.stdout, r.stderr)
    assert r.stdout.splitlines() == expected_output(src)


def test_every_golden_program_prints_something_and_has_every_strategy():
    assert update_golden.programs() == ["counters", "exits", "tx"]
    assert set(update_golden.STRATEGIES) == {"auto", *FORCEABLE}
    for name in update_golden.programs():
        assert expected_output(os.path.join(GOLDEN, name + ".c")), name
    # atomic-op lowers at least one golden program (not only refusals)
    assert os.path.exists(os.path.join(GOLDEN, "counters.atomic-op.c"))


def test_update_golden_shows_the_diff_and_writes_only_when_asked(tmp_path, monkeypatch):
    """The regeneration command prints a unified diff of a changed expectation
    and exits 1; only --write changes the file."""
    monkeypatch.setattr(update_golden, "GOLDEN", str(tmp_path))
    monkeypatch.setattr(update_golden, "STRATEGIES", ("global", "atomic-op"))
    with open(os.path.join(GOLDEN, "exits.c"), encoding="utf-8") as f:
        (tmp_path / "exits.c").write_text(f.read())
    monkeypatch.setattr(update_golden, "lower", lambda name, s: (
        (0, "lowered %s\n" % s, "") if s == "global" else
        (1, "", "x.c:1:1: error: strategy 'atomic-op' cannot be used for this atomic block: no\n")))
    (tmp_path / "exits.global.c").write_text("old\n")
    (tmp_path / "exits.atomic-op.c").write_text("stale: it is refused now\n")
    import contextlib
    import io
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        assert update_golden.main(["update_golden.py"]) == 1
    assert "-old\n+lowered global\n" in out.getvalue()
    assert "+++ b/" in out.getvalue() and "exits.atomic-op.err" in out.getvalue()
    assert "-stale: it is refused now" in out.getvalue()
    assert "run: python tests/update_golden.py --write" in err.getvalue()
    assert (tmp_path / "exits.global.c").read_text() == "old\n"
    assert not (tmp_path / "exits.atomic-op.err").exists()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert update_golden.main(["update_golden.py", "--write"]) == 0
        assert update_golden.main(["update_golden.py"]) == 0
    assert (tmp_path / "exits.global.c").read_text() == "lowered global\n"
    assert (tmp_path / "exits.atomic-op.err").read_text().startswith("x.c:1:1: error: strategy 'atomic-op'")
    assert not (tmp_path / "exits.atomic-op.c").exists()


def test_block_inside_macro_uses_preprocessed_fallback(tmp_path):
    src = os.path.join(TESTS_C, "macro_block.c")
    r = atomicc(src, "--strategy=global")
    assert r.returncode == 0, r.stderr
    assert '# 1 "/usr/include/stdio.h" 1 3 4' in r.stdout            # the preprocessed unit, markers kept
    assert "atomicc_global_enter" in r.stdout
    r = atomicc(src)                                                # auto: one atomic add
    assert "ATOMICC_AOP_ADD(&( total ), ( 1))" in r.stdout
    exe = str(tmp_path / "m")
    r = atomicc("cc", src, "-Wall", "-Wextra", "-o", exe)
    assert r.returncode == 0 and "warning" not in r.stderr, r.stderr
    p = subprocess.run([exe], capture_output=True, text=True, timeout=60)
    assert p.stdout.splitlines() == expected_output(src)


def test_gcc_errors_point_at_original_lines(tmp_path):
    p = tmp_path / "e.c"
    p.write_text("int n;\n\nvoid f(void) {\n    atomic {\n        n++;\n    }\n    undeclared_thing = 3;\n}\n")
    r = atomicc("cc", "-c", str(p), "-o", str(tmp_path / "e.o"))
    assert r.returncode == 1
    assert "%s:7:5: error" % p in r.stderr, r.stderr


def test_lowered_output_readable_and_minimal(tmp_path):
    src = tmp_path / "m.c"
    src.write_text("// keep me\n#include <stdio.h>\nstatic int n; /* and me */\n"
                   "int main(void) {\n    atomic { n++; }\n    printf(\"%d\\n\", n);\n    return 0;\n}\n")
    r = atomicc(str(src), "--strategy=global")
    assert r.returncode == 0
    lines = r.stdout.splitlines()
    assert lines[0] == '#include "atomicc_rt.h"'
    assert lines[1] == '#line 1 "%s"' % src
    assert lines[2:5] == ["// keep me", "#include <stdio.h>", "static int n; /* and me */"]
    assert "atomicc_global_enter(); { n++; } }" in lines[6]


SOLO_CASES = {
    "plain": ("long total;\nvoid add(long n) { atomic { total += n; total *= 2; } }\n", True),
    "retry": ("long total;\nvoid take(long n) { atomic { if (total < n) retry; total -= n; } }\n", False),
    "label": ("long total;\nvoid f(long n) { atomic { again: total += n; if (total < 0) goto again; } }\n", False),
    "static": ("long total;\nvoid f(long n) { atomic { static int calls; calls++; total += n; } }\n", False),
}


@pytest.mark.parametrize("name", sorted(SOLO_CASES))
def test_stm_solo_path_only_where_a_copy_keeps_the_meaning(tmp_path, name):
    """Under stm a block that cannot retry also gets the user's own statements
    for solo mode (`if (atomicc_stm_solo(tx)) { S } else { S' }`), unless a
    second copy would change what the block means."""
    src, want = SOLO_CASES[name]
    p = tmp_path / (name + ".c")
    p.write_text(src)
    r = atomicc(str(p), "--strategy=stm")
    assert r.returncode == 0, r.stderr
    assert ("if (atomicc_stm_solo(__atomicc_tx))" in r.stdout) == want
    c = subprocess.run(["gcc", "-std=gnu11", "-Wall", "-Wextra", "-Werror", "-c", "-o", os.devnull,
                        "-I" + os.path.join(ROOT, "runtime_c"), "-x", "c", "-"], input=r.stdout,
                       capture_output=True, text=True)
    assert c.returncode == 0, c.stderr


def test_stm_block_with_fallthrough_comment_compiles_without_warnings(tmp_path):
    """The STM regenerates the block without comments: the `/* fall through */`
    marker becomes `__attribute__((fallthrough));` (in the solo copy and the
    instrumented one), so the block draws no -Wimplicit-fallthrough; a
    fall-through without the comment still does, as in the original."""
    p = tmp_path / "ft.c"
    p.write_text("long a, b;\nvoid f(int k) {\n    atomic {\n        switch (k) {\n        case 0: a++;\n"
                 "            /* fall through */\n        case 1: b++; break;\n        }\n    }\n}\n")
    r = atomicc(str(p), "--strategy=stm")
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("__attribute__((fallthrough));") == 2
    c = subprocess.run(["gcc", "-std=gnu11", "-Wall", "-Wextra", "-Werror", "-c", "-o", os.devnull,
                        "-I" + os.path.join(ROOT, "runtime_c"), "-x", "c", "-"], input=r.stdout,
                       capture_output=True, text=True)
    assert c.returncode == 0, c.stderr
    p.write_text(p.read_text().replace("/* fall through */", "/* next */"))
    r = atomicc(str(p), "--strategy=stm")
    assert "fallthrough" not in r.stdout
    c = subprocess.run(["gcc", "-std=gnu11", "-Wall", "-Wextra", "-c", "-o", os.devnull,
                        "-I" + os.path.join(ROOT, "runtime_c"), "-x", "c", "-"], input=r.stdout,
                       capture_output=True, text=True)
    assert "-Wimplicit-fallthrough" in c.stderr and "ft.c:5:" in c.stderr, c.stderr
