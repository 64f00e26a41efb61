"""Command-line behaviour (chibicc's driver.sh, in pytest)."""

import os
import subprocess
import sys
import time

from conftest import ROOT, SAMPLES, atomicc, expected_output


def test_version_and_startup():
    t = time.time()
    r = atomicc("--version")
    assert r.returncode == 0 and r.stdout.startswith("atomicc ")
    assert time.time() - t < 5          # the real goal (0.15 s) is checked by bench/frontend.py


def test_runtime_dir_and_flags():
    r = atomicc("--print-runtime-dir")
    d = r.stdout.strip()
    assert os.path.isfile(os.path.join(d, "atomicc_rt.h"))
    assert atomicc("--cflags").stdout.strip() == "-I%s -pthread" % d


def test_cflags_libs_build_a_program(tmp_path):
    src = os.path.join(SAMPLES, "bank.c")
    lowered = tmp_path / "bank.c"
    assert atomicc(src, "-o", str(lowered)).returncode == 0
    cflags = atomicc("--cflags").stdout.split()
    libs = atomicc("--libs").stdout.split()
    assert any(x.startswith("-L") for x in libs) and "-latomicc-runtime" in libs
    exe = str(tmp_path / "bank")
    p = subprocess.run(["gcc", "-O2", *cflags, str(lowered), *libs, "-o", exe], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    out = subprocess.run([exe], capture_output=True, text=True, timeout=60).stdout
    assert out.splitlines() == expected_output(src)


def test_cc_dry_run_prints_commands_and_builds_nothing(tmp_path):
    exe = tmp_path / "prog"
    r = atomicc("cc", os.path.join(SAMPLES, "bank.c"), "-O2", "-DX=1", "-o", str(exe), "-###")
    assert r.returncode == 0
    assert "gcc" in r.stderr and "-O2" in r.stderr and "-DX=1" in r.stderr and "-pthread" in r.stderr
    assert not exe.exists()


def test_cc_separate_compile_and_link(tmp_path):
    src = os.path.join(SAMPLES, "workqueue.c")
    obj = tmp_path / "wq.o"
    r = atomicc("cc", "-c", src, "-O2", "-o", str(obj))
    assert r.returncode == 0, r.stderr and obj.exists()
    exe = tmp_path / "wq"
    r = atomicc("cc", str(obj), "-o", str(exe))
    assert r.returncode == 0, r.stderr
    out = subprocess.run([str(exe)], capture_output=True, text=True, timeout=60).stdout
    assert out.splitlines() == expected_output(src)


def test_cc_default_object_name(tmp_path):
    r = atomicc("cc", "-c", os.path.join(SAMPLES, "bank.c"), cwd=str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "bank.o").exists()


def test_unknown_flags_go_to_gcc(tmp_path):
    exe = tmp_path / "p"
    r = atomicc("cc", os.path.join(SAMPLES, "bank.c"), "-fno-omit-frame-pointer", "-Wshadow", "-g",
                "-o", str(exe))
    assert r.returncode == 0, r.stderr


def test_gcc_failure_is_status_1(tmp_path):
    p = tmp_path / "x.c"
    p.write_text("int main(void) { return undefined_var; }\n")
    r = atomicc("cc", str(p), "-o", str(tmp_path / "x"))
    assert r.returncode == 1 and "undefined_var" in r.stderr


def test_unknown_strategy_lists_the_choices():
    r = atomicc("cc", os.path.join(SAMPLES, "bank.c"), "--strategy=locks", "-o", "/dev/null")
    assert r.returncode == 2          # bad usage
    assert "unknown strategy 'locks'; choose one of: auto, global, pervar" in r.stderr


def test_dump_ast_has_locations():
    r = atomicc("--dump-ast", os.path.join(SAMPLES, "bank.c"))
    assert r.returncode == 0
    assert "Atomic <%s:" % os.path.join(SAMPLES, "bank.c") in r.stdout


def test_stdout_dash(tmp_path):
    r = atomicc(os.path.join(SAMPLES, "bank.c"), "-o", "-")
    assert r.returncode == 0 and r.stdout.startswith('#include "atomicc_rt.h"')


def test_missing_c_compiler_is_a_clean_error(tmp_path):
    # A $CC that does not exist: a user error (exit 1) that names it, never a traceback.
    env_cc = dict(os.environ, CC="/nonexistent/cc")
    p = subprocess.run([sys.executable, "-m", "atomicc", os.path.join(SAMPLES, "bank.c")], cwd=ROOT,
                       capture_output=True, text=True, env=env_cc)
    assert p.returncode == 1
    assert p.stderr == "atomicc: error: cannot run the preprocessor '/nonexistent/cc': No such file or directory\n"


def test_internal_error_is_reported_not_traced(tmp_path):
    # A fault injected inside the planner (ATOMICC_FAULT, see diagnostics.fault_point):
    # exit status 3, one line naming the file being processed, no traceback, no output.
    out = tmp_path / "out.c"
    env = dict(os.environ, ATOMICC_FAULT="plan")
    env.pop("ATOMICC_DEBUG", None)
    src = os.path.join(SAMPLES, "bank.c")
    p = subprocess.run([sys.executable, "-m", "atomicc", src, "-o", str(out)], cwd=ROOT,
                       capture_output=True, text=True, env=env)
    assert p.returncode == 3
    assert p.stderr == ("atomicc: internal error: InjectedFault: fault injected in stage 'plan' "
                        "(ATOMICC_FAULT=plan) (while processing %s)\n" % src)
    assert "Traceback" not in p.stderr and not out.exists()
    # ATOMICC_DEBUG adds the traceback, for developers
    env["ATOMICC_DEBUG"] = "1"
    p = subprocess.run([sys.executable, "-m", "atomicc", src], cwd=ROOT, capture_output=True, text=True, env=env)
    assert p.returncode == 3 and "Traceback" in p.stderr


AC_SOURCE = """#include <pthread.h>
#include <stdio.h>
static long x;
static void *w(void *a) { (void)a; for (int i = 0; i < 100000; i++) atomic { x++; } return 0; }
int main(void) {
    pthread_t t[2];
    for (int i = 0; i < 2; i++) pthread_create(&t[i], 0, w, 0);
    for (int i = 0; i < 2; i++) pthread_join(t[i], 0);
    printf("%ld\\n", x);
    return 0;
}
"""


def test_ac_suffix_is_atomic_c(tmp_path):
    """A `.ac` file is Atomic C for every command (gcc alone would take it for a linker input)."""
    src = tmp_path / "count.ac"
    src.write_text(AC_SOURCE)
    r = atomicc(str(src))
    assert r.returncode == 0 and "atomic {" not in r.stdout and "ATOMICC_AOP_ADD" in r.stdout, r.stdout[-400:]
    env = dict(os.environ, ATOMICC_SOLO="0")
    for build in (["cc", str(src), "-o", str(tmp_path / "a")],
                  ["cc", "-c", str(src), "-o", str(tmp_path / "count.o")]):
        assert atomicc(*build, cwd=str(tmp_path)).returncode == 0
    assert atomicc("cc", str(tmp_path / "count.o"), "-o", str(tmp_path / "b"), cwd=str(tmp_path)).returncode == 0
    for exe in ("a", "b"):
        p = subprocess.run([str(tmp_path / exe)], capture_output=True, text=True, timeout=60, env=env)
        assert p.stdout.strip() == "200000"
    assert "atomic-op" in atomicc("explain", str(src)).stdout
    assert atomicc("lint", str(src)).returncode == 0
