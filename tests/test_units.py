"""Parallel parsing and the cache of parsed units (compiler/units.py).

The output of lint, of lowering and of `atomicc cc` must not depend on -j
or on the cache: byte-identical reports (text and SARIF), lowered files and
errors for -j 1 and -j 2, cold and warm.  The cache must survive damage: a
corrupt entry is recomputed, an unusable directory means no cache (not an
error), a directory others may write to is not read, and an edited file
gets a new entry."""

import os
import shutil
import stat
import subprocess
import sys

import pytest

from conftest import ROOT, TESTS, atomicc

sys.path.insert(0, os.path.join(ROOT, "bench"))
import lintgen  # noqa: E402

HASH_TABLE = os.path.join(TESTS, "multifile", "hash_table")


@pytest.fixture(scope="module")
def program(tmp_path_factory):
    """A generated multithreaded program of 6 units (with findings), in command-line order."""
    d = tmp_path_factory.mktemp("gen")
    files = lintgen.generate(2500, seed=7)
    lintgen.write(files, str(d))
    return str(d), lintgen.units(files)


def lint(prog, *opts, fmt="text"):
    d, units = prog
    r = atomicc("lint", "--format=" + fmt, *opts, *units, cwd=d, timeout=300)
    assert r.returncode in (0, 1), r.stderr
    return r


def entries(cache):
    d = os.path.join(cache, "units")
    return sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".pickle")) if os.path.isdir(d) else []


@pytest.mark.parametrize("fmt", ["text", "sarif"])
def test_lint_report_is_the_same_for_every_j(program, fmt):
    one = lint(program, "-j", "1", "--no-cache", fmt=fmt)
    two = lint(program, "-j", "2", "--no-cache", fmt=fmt)
    assert one.returncode == two.returncode == 1          # the generated program has findings
    assert one.stdout and one.stdout == two.stdout
    assert one.stderr == two.stderr


def test_lowered_program_is_the_same_for_every_j(tmp_path):
    srcs = sorted(f for f in os.listdir(HASH_TABLE) if f.endswith(".c"))
    outs = []
    for j in ("1", "2"):
        out = tmp_path / ("j" + j)
        r = atomicc("-j", j, "--no-cache", *srcs, "-o", str(out) + os.sep, cwd=HASH_TABLE)
        assert r.returncode == 0, r.stderr
        outs.append(({f: (out / f).read_text() for f in srcs}, r.stderr))
    assert outs[0] == outs[1]
    assert any('#include "atomicc_rt.h"' in text for text in outs[0][0].values())


def test_warm_cache_equals_cold_and_is_used(program, tmp_path):
    cache = str(tmp_path / "cache")
    cold = lint(program, "-j", "2", "--cache-dir", cache)
    made = entries(cache)
    assert len(made) == len(program[1])                   # one entry per unit
    assert stat.S_IMODE(os.stat(os.path.join(cache, "units")).st_mode) == 0o700
    stamps = {p: os.stat(p).st_mtime_ns for p in made}
    for j in ("1", "2"):
        warm = lint(program, "-j", j, "--cache-dir", cache)
        assert (warm.stdout, warm.stderr, warm.returncode) == (cold.stdout, cold.stderr, cold.returncode)
    assert {p: os.stat(p).st_mtime_ns for p in entries(cache)} == stamps    # read, not rewritten
    assert cold.stdout == lint(program, "-j", "1", "--no-cache").stdout


def test_warm_cache_does_not_parse(program, tmp_path, monkeypatch):
    """In-process: with every unit cached, the parser is never called."""
    from atomicc import driver, units
    d, names = program
    cache = str(tmp_path / "cache")
    monkeypatch.chdir(d)
    first = driver.load_program([(n, []) for n in names], jobs=1, cache_dir=cache)

    def no_parse(text, path):
        raise AssertionError("parsed %s although it is cached" % path)
    monkeypatch.setattr(units, "_parse", no_parse)
    again = driver.load_program([(n, []) for n in names], jobs=1, cache_dir=cache)
    from atomicc.frontend.ast import dump
    assert [dump(u.tu) for u in again.units] == [dump(u.tu) for u in first.units]
    assert [u.sm.marker_info for u in again.units] == [u.sm.marker_info for u in first.units]


def test_corrupt_entries_are_recomputed(program, tmp_path):
    cache = str(tmp_path / "cache")
    cold = lint(program, "--cache-dir", cache)
    made = entries(cache)
    good = {p: open(p, "rb").read() for p in made}
    damage = [b"", b"garbage", good[made[1]][:len(good[made[1]]) // 2], good[made[2]][:-7] + b"\x00" * 7]
    for p, bad in zip(made, damage):
        with open(p, "wb") as f:
            f.write(bad)
    for p in made[len(damage):]:          # a valid pickle of the wrong thing
        with open(p, "wb") as f:
            f.write(good[p][:good[p].index(b"\0", len(b"atomicc-unit-cache-1") + 1) + 1] + b"\x80\x04K\x01.")
    for j in ("1", "2"):
        r = lint(program, "-j", j, "--cache-dir", cache)
        assert (r.stdout, r.stderr) == (cold.stdout, cold.stderr)
    assert {p: open(p, "rb").read() for p in entries(cache)} == good     # rewritten whole


@pytest.mark.parametrize("how", ["a-file", "read-only", "others-can-write"])
def test_unusable_cache_dir_means_no_cache(program, tmp_path, how):
    ref = lint(program, "--no-cache")
    if how == "a-file":
        cache = tmp_path / "plain-file"
        cache.write_text("not a directory\n")
    else:
        cache = tmp_path / "cache"
        (cache / "units").mkdir(parents=True)
        os.chmod(cache / "units", 0o500 if how == "read-only" else 0o777)
    try:
        for j in ("1", "2"):
            r = lint(program, "-j", j, "--cache-dir", str(cache))
            assert (r.stdout, r.stderr) == (ref.stdout, ref.stderr)
        if how == "others-can-write":
            assert entries(str(cache)) == []                    # never trusted, so never written either
        elif how == "read-only" and os.geteuid() != 0:
            assert entries(str(cache)) == []
    finally:
        if cache.is_dir():
            os.chmod(cache / "units", 0o700)


def test_edited_file_gets_a_new_entry(program, tmp_path):
    d, names = program
    work = tmp_path / "prog"
    shutil.copytree(d, work)
    prog = (str(work), names)
    cache = str(tmp_path / "cache")
    lint(prog, "--cache-dir", cache)
    before = set(entries(cache))
    unit = work / names[-1]
    unit.write_text(unit.read_text() + "\nint edited_counter;\nvoid edited_bump(void) { edited_counter++; }\n")
    after_edit = lint(prog, "-j", "2", "--cache-dir", cache)
    new = set(entries(cache)) - before
    assert len(new) == 1                                  # only the edited unit was parsed again
    assert after_edit.stdout == lint(prog, "--no-cache").stdout


def test_env_var_names_the_cache(program, tmp_path):
    d, units = program
    cache = str(tmp_path / "env-cache")
    env = dict(os.environ, ATOMICC_CACHE_DIR=cache)
    r = subprocess.run([sys.executable, "-m", "atomicc", "lint", "--exit-zero", *units], cwd=d, env=env,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert len(entries(cache)) == len(units)


def test_errors_are_the_same_for_every_j(tmp_path):
    (tmp_path / "a.c").write_text("int a(void) { return 1; }\n")
    (tmp_path / "b.c").write_text("int b(void) { return 2 }\n")
    (tmp_path / "c.c").write_text("int c(void) { return @; }\n")
    (tmp_path / "d.c").write_text("int d(void) { return 4; }\n")
    runs = []
    for j in ("1", "2", "4"):
        r = atomicc("lint", "-j", j, "--no-cache", "a.c", "b.c", "c.c", "d.c", cwd=str(tmp_path))
        runs.append((r.returncode, r.stdout, r.stderr))
    assert runs[0] == runs[1] == runs[2]
    assert runs[0][0] == 2 and "b.c:1:23: error: expected ';'" in runs[0][2]
    assert "c.c" not in runs[0][2] and "Traceback" not in runs[0][2]
    # a file given twice is reported where a serial run reaches it
    dup = [atomicc("lint", "-j", j, "--no-cache", "a.c", "d.c", "a.c", cwd=str(tmp_path)) for j in ("1", "2")]
    assert dup[0].returncode == dup[1].returncode == 2
    assert dup[0].stderr == dup[1].stderr and "given twice" in dup[0].stderr


def test_bad_jobs_is_a_usage_error(tmp_path):
    (tmp_path / "a.c").write_text("int a;\n")
    for cmd in (["lint", "-j", "0", "a.c"], ["-j", "x", "a.c"], ["cc", "-j", "0", "a.c", "-o", "a"]):
        r = atomicc(*cmd, cwd=str(tmp_path))
        assert r.returncode == 2, (cmd, r.stderr)
        assert "-j wants a number of jobs" in r.stderr and "Traceback" not in r.stderr


def test_cc_whole_program_in_parallel(tmp_path):
    srcs = [os.path.join(HASH_TABLE, f) for f in sorted(os.listdir(HASH_TABLE)) if f.endswith(".c")]
    cache = str(tmp_path / "cache")
    outs = []
    for j in ("1", "2"):
        exe = str(tmp_path / ("prog" + j))
        r = atomicc("cc", "-j", j, "--cache-dir=" + cache, "-O1", *srcs, "-o", exe, cwd=str(tmp_path), timeout=600)
        assert r.returncode == 0, r.stderr
        run = subprocess.run([exe], capture_output=True, text=True, timeout=60)
        assert run.returncode == 0
        outs.append(run.stdout)
    assert outs[0] == outs[1] and outs[0]
    assert len(entries(cache)) == len(srcs)


def _die(path, pp_args, cache_root):
    os._exit(3)          # a worker killed in the middle of a unit (out of memory, say)


def _refuse(path, pp_args, cache_root):
    return ("redo",)


@pytest.mark.parametrize("worker", [_die, _refuse])
def test_units_are_redone_here_when_workers_fail(program, monkeypatch, worker):
    from atomicc import driver, units
    from atomicc.frontend.ast import dump
    d, names = program
    monkeypatch.chdir(d)
    ref = driver.load_program([(n, []) for n in names], jobs=1, cache_dir=False)
    monkeypatch.setattr(units, "_worker", worker)
    got = driver.load_program([(n, []) for n in names], jobs=2, cache_dir=False)
    assert [u.path for u in got.units] == names
    assert [dump(u.tu) for u in got.units] == [dump(u.tu) for u in ref.units]
