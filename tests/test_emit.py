"""Emission: byte-identical output without atomic blocks, golden lowered
output, the preprocessed fallback for blocks inside macros, and #line
mapping of gcc's diagnostics back to the original source."""

import os
import subprocess

import pytest

from conftest import ROOT, SAMPLES, TESTS, all_samples, atomicc, expected_output, has_atomic

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


GOLDEN_CASES = sorted((f[:-2], s) for f in os.listdir(GOLDEN) if f.count(".") == 1 and f.endswith(".c")
                      for s in ("global", "pervar", "stm", "auto"))


@pytest.mark.parametrize("name,strategy", GOLDEN_CASES, ids=["%s-%s" % c for c in GOLDEN_CASES])
def test_golden_lowering(name, strategy):
    """tests/golden/NAME.c lowered with STRATEGY equals NAME.STRATEGY.c
    (ATOMICC_UPDATE_GOLDEN=1 rewrites the expectations).  `auto` plans for
    64 CPUs (--cpus=64), so the expectation does not depend on this machine."""
    src = os.path.join(GOLDEN, name + ".c")
    r = atomicc(os.path.relpath(src, ROOT), "--strategy=" + strategy, *(["--cpus=64"] if strategy == "auto" else []))
    assert r.returncode == 0, r.stderr
    want_path = os.path.join(GOLDEN, "%s.%s.c" % (name, strategy))
    if os.environ.get("ATOMICC_UPDATE_GOLDEN"):
        with open(want_path, "w") as f:
            f.write(r.stdout)
    with open(want_path) as f:
        assert r.stdout == f.read()
    # the golden output compiles cleanly, also under the flags of strict -Werror builds
    p = subprocess.run(["gcc", "-std=gnu11", "-Wall", "-Wextra", "-Wshadow", "-Wredundant-decls", "-Wnested-externs",
                        "-Wimplicit-fallthrough", "-c", "-o", os.devnull,
                        "-I" + os.path.join(ROOT, "runtime_c"), "-x", "c", "-"], input=r.stdout,
                       capture_output=True, text=True, cwd=ROOT)
    assert p.returncode == 0 and "warning" not in p.stderr, p.stderr


def test_block_inside_macro_uses_preprocessed_fallback(tmp_path):
    src = os.path.join(TESTS_C, "macro_block.c")
    r = atomicc(src, "--strategy=global")
    assert r.returncode == 0, r.stderr
    assert '# 1 "/usr/include/stdio.h" 1 3 4' in r.stdout            # the preprocessed unit, markers kept
    assert "atomicc_global_enter" in r.stdout
    r = atomicc(src)                                                # auto: one atomic add
    assert "__atomic_fetch_add(&( total ), ( 1), __ATOMIC_SEQ_CST)" in r.stdout
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
