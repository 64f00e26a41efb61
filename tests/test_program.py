"""Whole programs from the command line: several files as one program,
separate compilation with link-time planning, archives, compile_commands.json,
and the link-time guards that keep inconsistently lowered objects apart.

The program is the classic cross-file bug: inc.c's `atomic { hits++; }`
alone would be one atomic instruction, main.c's read-then-write cannot be;
lowered one file at a time the two blocks do not exclude each other."""

import json
import os
import subprocess

import pytest

from conftest import atomicc

HEADER = "extern long hits;\nvoid inc(void);\n"
INC = '#include "hits.h"\nlong hits;\nvoid inc(void) { atomic { hits++; } }\n'
MAIN = r'''#include <pthread.h>
#include <stdio.h>
#include "hits.h"
#define N 200000
static pthread_barrier_t gate;
static void *w1(void *a) { (void)a; pthread_barrier_wait(&gate); for (int i = 0; i < N; i++) inc(); return 0; }
static void *w2(void *a)
{
    (void)a;
    pthread_barrier_wait(&gate);
    for (int i = 0; i < N; i++) {
        atomic { long s = hits; hits = s + 1; }
    }
    return 0;
}
int main(void)
{
    pthread_t a, b;
    pthread_barrier_init(&gate, 0, 2);
    pthread_create(&a, 0, w1, 0);
    pthread_create(&b, 0, w2, 0);
    pthread_join(a, 0);
    pthread_join(b, 0);
    printf("hits=%ld\n", hits);
    return hits != 2 * N;
}
'''


@pytest.fixture
def prog(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "hits.h").write_text(HEADER)
    (src / "inc.c").write_text(INC)
    (src / "main.c").write_text(MAIN)
    build = tmp_path / "build"
    build.mkdir()
    return src, build


def run(exe):
    return subprocess.run([str(exe)], capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, ATOMICC_SOLO="0"))


def gcc(*args, cwd):
    return subprocess.run(["gcc", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def test_together_from_another_directory(prog):
    src, build = prog
    r = atomicc("cc", str(src / "inc.c"), str(src / "main.c"), "-O1", "-o", "p", cwd=str(build))
    assert r.returncode == 0, r.stderr           # finds hits.h next to the sources
    assert run(build / "p").stdout == "hits=400000\n"


def test_explain_sees_one_component_across_files(prog):
    src, build = prog
    r = atomicc("explain", "--format=json", str(src / "inc.c"), str(src / "main.c"), cwd=str(build))
    assert r.returncode == 0, r.stderr
    blocks = json.loads(r.stdout)["blocks"]
    assert [os.path.basename(b["file"]) for b in blocks] == ["inc.c", "main.c"]
    assert blocks[0]["component"] == blocks[1]["component"] == [1, 2]
    assert blocks[0]["strategy"] == blocks[1]["strategy"] != "atomic-op"


@pytest.mark.parametrize("strategy", ["auto", "stm", "pervar"])
def test_separate_compilation_plans_at_link_time(prog, strategy):
    src, build = prog
    for f in ("inc", "main"):
        r = atomicc("cc", "-c", "--strategy=" + strategy, "-O1", str(src / (f + ".c")), "-o", f + ".o",
                    cwd=str(build))
        assert r.returncode == 0, r.stderr
    r = atomicc("cc", "--strategy=" + strategy, "inc.o", "main.o", "-o", "p", cwd=str(build))
    assert r.returncode == 0, r.stderr
    assert run(build / "p").stdout == "hits=400000\n"


def test_objects_in_an_archive(prog):
    src, build = prog
    for f in ("inc", "main"):
        assert atomicc("cc", "-c", "-O1", str(src / (f + ".c")), cwd=str(build)).returncode == 0
    subprocess.run(["ar", "rcs", "libinc.a", "inc.o"], cwd=str(build), check=True)
    r = atomicc("cc", "main.o", "libinc.a", "-o", "p", cwd=str(build))
    assert r.returncode == 0, r.stderr
    assert run(build / "p").stdout == "hits=400000\n"


def test_plain_link_of_objects_planned_apart_fails(prog):
    src, build = prog
    for f in ("inc", "main"):
        assert atomicc("cc", "-c", "-O1", str(src / (f + ".c")), cwd=str(build)).returncode == 0
    r = gcc("inc.o", "main.o", *atomicc("--libs").stdout.split(), "-o", "p", cwd=str(build))
    assert r.returncode != 0
    assert "__atomicc_plan_" in r.stderr or "__atomicc_link_this_object_with_atomicc_cc" in r.stderr


def test_files_lowered_apart_do_not_link_but_together_do(prog):
    src, build = prog
    cflags = atomicc("--cflags").stdout.split()
    libs = atomicc("--libs").stdout.split()
    apart = build / "apart"
    apart.mkdir()
    for f in ("inc", "main"):
        r = atomicc(str(src / (f + ".c")), "-o", str(apart / (f + ".c")))
        assert r.returncode == 0, r.stderr
    r = gcc("-iquote", str(src), *cflags, "inc.c", "main.c", *libs, "-o", "p", cwd=str(apart))
    assert r.returncode != 0 and "__atomicc_plan_var_3ahits" in r.stderr, r.stderr
    together = build / "together"
    r = atomicc(str(src / "inc.c"), str(src / "main.c"), "-o", str(together) + "/")
    assert r.returncode == 0, r.stderr
    assert sorted(os.listdir(together)) == ["inc.c", "main.c"]
    r = gcc("-iquote", str(src), *cflags, "-O1", "inc.c", "main.c", *libs, "-o", "p", cwd=str(together))
    assert r.returncode == 0, r.stderr
    assert run(together / "p").stdout == "hits=400000\n"


def test_several_files_without_an_output_directory_is_a_usage_error(prog):
    src, build = prog
    r = atomicc(str(src / "inc.c"), str(src / "main.c"))
    assert r.returncode == 2 and "-o DIR/" in r.stderr


def test_compile_commands_json(prog):
    src, build = prog
    db = [{"directory": str(src), "file": name, "arguments": ["gcc", "-I.", "-O2", "-c", name]}
          for name in ("inc.c", "main.c")]
    (build / "compile_commands.json").write_text(json.dumps(db))
    r = atomicc("explain", "-p", str(build), "--format=json", cwd=str(build))
    assert r.returncode == 0, r.stderr
    blocks = json.loads(r.stdout)["blocks"]
    assert len(blocks) == 2 and blocks[0]["component"] == [1, 2]


def test_static_names_in_two_files_are_two_objects(tmp_path):
    (tmp_path / "a.c").write_text("static long n;\nlong a(void) { atomic { n++; } return n; }\n")
    (tmp_path / "b.c").write_text("static long n;\nlong b(void) { atomic { long s = n; n = s + 2; } return n; }\n"
                                  "long a(void);\nint main(void) { return (int)(a() + b()) - 3; }\n")
    r = atomicc("explain", "--format=json", str(tmp_path / "a.c"), str(tmp_path / "b.c"))
    blocks = json.loads(r.stdout)["blocks"]
    assert blocks[0]["component"] == [1] and blocks[1]["component"] == [2]
    assert blocks[0]["strategy"] == "atomic-op"


def test_kr_callee_under_forced_stm_is_a_located_error(tmp_path):
    p = tmp_path / "kr.c"
    p.write_text("long n;\nstatic long add(a, b) long a, b; { return a + b; }\n"
                 "void f(void) {\n    atomic { n = add(n, 1); }\n}\n")
    r = atomicc(str(p), "--strategy=stm")
    assert r.returncode == 1
    assert "%s:4:5: error: strategy 'stm' cannot be used for this atomic block" % p in r.stderr
    assert "K&R-style definition" in r.stderr
    assert atomicc(str(p), "--strategy=pervar").returncode == 0


def test_unseen_body_is_listed_as_handled_conservatively(tmp_path):
    p = tmp_path / "x.c"
    p.write_text("long n;\nvoid helper(long *);\nvoid f(void) { atomic { helper(&n); n++; } }\n")
    r = atomicc("explain", str(p))
    assert r.returncode == 0, r.stderr
    assert "handled conservatively: %s:3:25: no per-location locks (it calls 'helper', whose body is in no " \
           "file of the program" % p in r.stdout
    assert "handled conservatively: %s:3:25: no STM (it calls 'helper', which cannot be rolled back)" % p in r.stdout
    assert "strategy: global" in r.stdout


def test_retry_in_a_function_that_runs_outside_blocks_is_an_error(tmp_path):
    p = tmp_path / "r.c"
    p.write_text("int n;\nvoid take(void) { if (!n) retry; n--; }\n"
                 "int main(void) { take(); atomic { take(); } return 0; }\n")
    r = atomicc(str(p))
    assert r.returncode == 1
    assert "%s:2:27: error: 'retry' outside an atomic block: 'take' can run outside every atomic block" % p \
        in r.stderr
    assert "%s:3:18: note: 'take' is called here, outside any atomic block" % p in r.stderr


def test_dependency_files_and_preprocessed_output_name_the_source(prog):
    """-MD writes FILE.d naming the source (not the temporary lowered copy),
    so make and ninja do not rebuild every time; -E prints to stdout like gcc."""
    src, build = prog
    r = atomicc("cc", "-c", "-MD", str(src / "inc.c"), cwd=str(build))
    assert r.returncode == 0, r.stderr
    dep = (build / "inc.d").read_text()
    assert dep.startswith("inc.o: %s" % (src / "inc.c")) and str(src / "hits.h") in dep
    assert "atomicc-" not in dep
    r = atomicc("cc", "-E", str(src / "inc.c"), cwd=str(build))
    assert r.returncode == 0 and "hits" in r.stdout and not (build / "inc.i").exists()


def test_dry_run_with_an_archive_prints_the_commands(prog):
    src, build = prog
    for f in ("inc", "main"):
        assert atomicc("cc", "-c", str(src / (f + ".c")), cwd=str(build)).returncode == 0
    subprocess.run(["ar", "rcs", "libinc.a", "inc.o"], cwd=str(build), check=True)
    r = atomicc("cc", "-###", "main.o", "libinc.a", "-o", "p", cwd=str(build))
    assert r.returncode == 0, r.stderr
    assert "-latomicc-runtime" in r.stderr and not (build / "p").exists()
