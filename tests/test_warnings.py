"""Lowered code draws no warning that the original program does not.

Users build with -Werror and flags beyond -Wall -Wextra.  Every sample, every
tests/multifile program and tests/c/strict_warnings.c is lowered under each
strategy it allows (its `// LEGAL:` line, and auto) and compiled with
STRICT.  The original is compiled with the same flags, its atomic blocks as
plain blocks (`atomic {` -> `{`, `retry;` -> `(void)0;`, on copies of its
files).  A warning of the lowered code (file, line, option) that the original
does not have fails; where the original has none, the lowered code is
compiled with -Werror.  Lowered files are compiled as `atomicc cc` compiles
them: the runtime's directory with -I, the source's with -iquote.
"""

import concurrent.futures
import os
import re
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, SAMPLES, TESTS, all_samples, legal_strategies

STRICT = ["-std=gnu11", "-O2", "-Wall", "-Wextra", "-Wshadow", "-Wredundant-decls", "-Wnested-externs",
          "-Wimplicit-fallthrough"]
RUNTIME = os.path.join(ROOT, "runtime_c")
MULTIFILE = os.path.join(TESTS, "multifile")
# a warning, or with -Werror the error it became ([-Werror=shadow])
_WARNING = re.compile(r"^(?P<file>[^\s:][^:]*):(?P<line>\d+):(?:\d+:)? (?:warning|error): (?P<msg>.*?)"
                      r"(?: \[(?P<opt>-W[^\]]+)\])?$", re.M)


def _programs():
    """name -> (directory, sources, strategies to lower with)."""
    out = {}
    for n in all_samples():
        p = os.path.join(SAMPLES, n)
        out["samples/" + n] = (SAMPLES, [p], legal_strategies(p) | {"auto"})
    p = os.path.join(TESTS, "c", "strict_warnings.c")
    out["c/strict_warnings.c"] = (os.path.dirname(p), [p], legal_strategies(p) | {"auto"})
    for d in sorted(os.listdir(MULTIFILE)):
        main = os.path.join(MULTIFILE, d, "main.c")
        if not os.path.isfile(main):
            continue
        srcs = sorted(os.path.join(MULTIFILE, d, f) for f in os.listdir(os.path.join(MULTIFILE, d))
                      if f.endswith(".c"))
        out["multifile/" + d] = (os.path.dirname(main), srcs, legal_strategies(main) | {"global", "auto"})
    return out


PROGRAMS = _programs()
CASES = sorted((name, s) for name, (_, _, legal) in PROGRAMS.items() for s in legal)


def warnings_of(stderr):
    """{(file name, line, option or message)} of gcc's warnings (and errors)."""
    return {(os.path.basename(m.group("file")), int(m.group("line")),
             (m.group("opt") or m.group("msg")).replace("-Werror=", "-W"))
            for m in _WARNING.finditer(stderr)}


def _gcc(args, cwd=None):
    return subprocess.run(["gcc", *args], capture_output=True, text=True, cwd=cwd, timeout=600)


def as_plain_c(text):
    """The original with its atomic blocks as plain blocks."""
    text = re.sub(r"\batomic(\s*\{)", r"\1", text)
    return re.sub(r"\bretry\s*;", "(void)0;", text)


def _original(root, name):
    """The original's warnings, compiling a copy of its directory's sources and headers."""
    d, srcs, _ = PROGRAMS[name]
    copy = os.path.join(root, "orig", name.replace("/", "_"))
    os.makedirs(copy)
    for f in os.listdir(d):
        if f.endswith(".h") or os.path.join(d, f) in srcs:
            with open(os.path.join(d, f), encoding="utf-8") as fh:
                text = fh.read()
            with open(os.path.join(copy, f), "w", encoding="utf-8") as fh:
                fh.write(as_plain_c(text))
    found = set()
    for src in srcs:
        p = _gcc(STRICT + ["-c", "-o", os.devnull, os.path.basename(src)], cwd=copy)
        assert p.returncode == 0, "%s as plain C does not compile:\n%s" % (src, p.stderr)
        found |= warnings_of(p.stderr)
    return found


def _lowered(root, name, strategy, original):
    """(new warnings, the log) of the program lowered under `strategy`."""
    d, srcs, _ = PROGRAMS[name]
    out = os.path.join(root, "lowered", "%s.%s" % (name.replace("/", "_"), strategy))
    os.makedirs(out)
    r = subprocess.run([sys.executable, "-m", "atomicc", "--strategy=" + strategy, *srcs, "-o", out + "/"],
                       capture_output=True, text=True, cwd=ROOT, timeout=600)
    if r.returncode != 0:
        return None, "atomicc failed:\n" + r.stderr
    new, log = set(), []
    werror = [] if original else ["-Werror"]
    for src in srcs:
        p = _gcc(STRICT + werror + ["-I" + RUNTIME, "-iquote", d, "-c", "-o", os.devnull,
                                    os.path.join(out, os.path.basename(src))])
        got = warnings_of(p.stderr) - original
        if p.returncode != 0 or got:
            new |= got or {("(gcc failed)", 0, "")}
            log.append(p.stderr)
    return new, "\n".join(log)


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    root = str(tmp_path_factory.mktemp("warnings"))
    workers = min(os.cpu_count() or 2, 8)
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        originals = {n: pool.submit(_original, root, n) for n in PROGRAMS}
        lowered = {(n, s): pool.submit(lambda n, s: _lowered(root, n, s, originals[n].result()), n, s)
                   for n, s in CASES}
        out = {k: f.result() for k, f in lowered.items()}
        out.update({("original", n): f.result() for n, f in originals.items()})
    shutil.rmtree(root, ignore_errors=True)
    return out


@pytest.mark.parametrize("name,strategy", CASES, ids=["%s-%s" % c for c in CASES])
def test_lowered_code_has_no_new_warnings(results, name, strategy):
    new, log = results[(name, strategy)]
    assert new is not None, log
    assert not new, "%s --strategy=%s: warnings the original does not have: %s\n%s" % (
        name, strategy, sorted(new), log[:6000])


def test_the_focused_program_is_warning_free(results):
    """tests/c/strict_warnings.c is clean as plain C, so its lowered code is
    compiled with -Werror under every strategy: the check above cannot pass
    by its original having the same warnings."""
    assert results[("original", "c/strict_warnings.c")] == set()
    assert PROGRAMS["c/strict_warnings.c"][2] >= {"global", "pervar", "stm", "auto"}


def test_original_warnings_are_found(results):
    """The comparison sees warnings at all: tests/multifile/shadowing's
    originals shadow globals on purpose."""
    assert any(w[2] == "-Wshadow" for w in results[("original", "multifile/shadowing")])
