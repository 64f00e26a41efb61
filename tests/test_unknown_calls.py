"""Calls whose effects atomicc cannot know: a function whose body is in no
file of the program (a C library function it has no model of, or code
compiled apart and linked as an object) and calls through function
pointers that may hold such a function.

Such a call may read and write everything that escapes: what its pointer
arguments reach (transitively, through the points-to cells), every object
whose address is taken or that an earlier unknown call was given, what
the functions it may call back touch (qsort's comparator) and, for code
that may be the program's own compiled apart (no system-header
declaration, or an unknown pointer), every object and function with
external linkage.  A block that makes one is in the conflict component of
every block that touches any of that, so they get one plan (the global
lock: nothing else is legal for the call).

The programs in tests/unknown_calls/ are compiled and run with 4 threads
started together, ATOMICC_SOLO=0, under each legal strategy (the others
must be refused with a located error); extern_body/bump.c is compiled by
plain gcc and linked as an object, so atomicc never sees its bodies.
"""

import json
import os
import re
import subprocess

import pytest

from conftest import TESTS, atomicc, expected_output, legal_strategies

DIR = os.path.join(TESTS, "unknown_calls")
EXTERN = os.path.join(DIR, "extern_body")
LIBRARY = os.path.join(DIR, "library_callback.c")
RUNS = 3               # each build runs a few times: a lost update does not show every time


def explain(*args):
    r = atomicc("explain", "--format=json", *args)
    assert r.returncode == 0, r.stderr
    return {b["line"]: b for b in json.loads(r.stdout)["blocks"]}


def block_lines(path):
    """line -> text of the `atomic { ... }` on that line."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            m = re.search(r"\batomic \{ (.*) \}", line)
            if m:
                out[m.group(1)] = n
    return out


def same_plan(blocks, *lines):
    """The blocks at these lines are in one conflict component with one strategy."""
    first = blocks[lines[0]]
    for n in lines:
        assert blocks[n]["block"] in first["component"], (n, first["component"])
        assert blocks[n]["component"] == first["component"], (n, blocks[n]["component"], first["component"])
        assert blocks[n]["strategy"] == first["strategy"], (n, blocks[n]["strategy"], first["strategy"])
    return first["strategy"]


def run(exe, expect):
    env = dict(os.environ, ATOMICC_SOLO="0")
    for _ in range(RUNS):
        p = subprocess.run([exe], capture_output=True, text=True, timeout=60, env=env)
        assert p.returncode == 0, p.stdout + p.stderr
        assert p.stdout.splitlines() == expect, p.stdout + p.stderr


def refused(r, strategy):
    assert r.returncode == 1, (strategy, r.returncode, r.stderr)
    assert re.search(r"^\S+\.c:\d+:\d+: error: strategy '%s' cannot be used for this atomic block" % strategy,
                     r.stderr, re.MULTILINE), r.stderr
    assert "Traceback" not in r.stderr


# --- the programs -----------------------------------------------------------------------


def test_extern_body_blocks_share_one_plan():
    main = os.path.join(EXTERN, "main.c")
    blocks = explain(main)
    at = block_lines(main)
    for via_call, direct in (("bump(&counter);", "counter++;"), ("bump_named();", "named++;"),
                             ("bump_remembered();", "kept++;"), ("bumper(&hits);", "hits++;")):
        assert same_plan(blocks, at[via_call], at[direct]) == "global", (via_call, direct)
    call = blocks[at["bump(&counter);"]]
    assert any("no per-location locks (it calls 'bump'" in c for c in call["handled_conservatively"])
    # the call's writes name the counter, reached by the call itself
    counter = [w for w in call["writes"] if w["location"] == "global counter"]
    assert counter and any(r.startswith("bump(&counter) at ") for r in counter[0]["reached_by"]), call["writes"]


@pytest.fixture(scope="module")
def bump_o(tmp_path_factory):
    d = tmp_path_factory.mktemp("bump")
    obj = str(d / "bump.o")
    subprocess.run(["gcc", "-O2", "-c", os.path.join(EXTERN, "bump.c"), "-o", obj], check=True)
    return obj


@pytest.mark.parametrize("mode", ["together", "separate"])
@pytest.mark.parametrize("strategy", ["auto", "global", "pervar", "stm", "atomic-op"])
def test_extern_body_runs(tmp_path, bump_o, strategy, mode):
    main = os.path.join(EXTERN, "main.c")
    exe = str(tmp_path / "prog")
    s = "--strategy=" + strategy
    if mode == "together":
        r = atomicc("cc", s, "-O2", main, bump_o, "-o", exe, cwd=str(tmp_path))
    else:
        # -c plans with main.c alone (provisional: bump's body may be in another unit);
        # the link step plans again, and bump.o has no unit: its bodies stay unknown
        # (a strategy the block cannot have may be refused already there)
        obj = str(tmp_path / "main.o")
        r = atomicc("cc", s, "-O2", "-c", main, "-o", obj, cwd=str(tmp_path))
        if r.returncode == 0:
            r = atomicc("cc", s, obj, bump_o, "-o", exe, cwd=str(tmp_path))
    if strategy not in legal_strategies(main) | {"auto"}:
        refused(r, strategy)
        return
    assert r.returncode == 0, r.stderr
    run(exe, expected_output(main))


def test_library_callback_blocks_share_one_plan():
    blocks = explain(LIBRARY)
    at = block_lines(LIBRARY)
    assert same_plan(blocks, at["qsort(two, 2, sizeof two[0], count_compare);"], at["compares++;"]) == "global"
    assert same_plan(blocks, at["qsort(pair, 2, sizeof pair[0], by_value);"], at["pair[1] += 2;"]) == "global"
    # a location no call can reach keeps its own plan: one atomic instruction
    solo = blocks[at["solo++;"]]
    assert solo["component"] == [solo["block"]] and solo["strategy"] == "atomic-op"


@pytest.mark.parametrize("strategy", ["auto", "global", "pervar", "stm", "atomic-op"])
def test_library_callback_runs(tmp_path, strategy):
    exe = str(tmp_path / "prog")
    r = atomicc("cc", "--strategy=" + strategy, "-O2", "-Wall", "-Wextra", LIBRARY, "-o", exe)
    if strategy not in legal_strategies(LIBRARY) | {"auto"}:
        refused(r, strategy)
        return
    assert r.returncode == 0, r.stderr
    run(exe, expected_output(LIBRARY))


# --- one rule at a time --------------------------------------------------------------------


def plans(tmp_path, text, name="t"):
    p = tmp_path / (name + ".c")
    p.write_text(text)
    return p, explain(str(p))


def test_pointer_argument_of_a_call_with_no_body(tmp_path):
    """The example of the bug: note() is extern with no body; `n++` alone would be atomic-op."""
    p, b = plans(tmp_path, "void note(long *p);\nlong n;\nvoid f(void) { atomic { note(&n); } }\n"
                 "void g(void) { atomic { n++; } }\n")
    assert same_plan(b, 3, 4) == "global"
    assert "in block 1 of its conflict component, the call at %s:3:25 calls 'note'" % p in b[4]["why"]
    # a pragma cannot make the counter one atomic instruction any more
    q = tmp_path / "pragma.c"
    q.write_text("void note(long *p);\nlong n;\nvoid f(void) { atomic { note(&n); } }\n"
                 "void g(void) {\n#pragma atomicc strategy(atomic-op)\n    atomic { n++; }\n}\n")
    r = atomicc(str(q))
    assert r.returncode == 1 and "%s:6:5: error: strategy 'atomic-op' cannot be used" % q in r.stderr, r.stderr
    # nor per-location locks: the refusal names the block that makes the call
    q.write_text(q.read_text().replace("strategy(atomic-op)", "strategy(pervar)"))
    r = atomicc(str(q))
    assert r.returncode == 1 and "%s:6:5: error: strategy 'pervar' cannot be used for this atomic block: in " \
        "block 1 of its conflict component, the call at %s:3:25 calls 'note'" % (q, q) in r.stderr, r.stderr


def test_pointer_reached_through_the_argument(tmp_path):
    """What the argument's pointee points to is reachable too (a struct with a pointer member)."""
    _, b = plans(tmp_path, "#include <stdlib.h>\nstruct box { long *slot; };\nvoid fill(struct box *b);\n"
                 "static struct box bx;\nstatic long *cell;\n"
                 "void init(void) { cell = malloc(sizeof *cell); bx.slot = cell; }\n"
                 "void f(void) { atomic { fill(&bx); } }\nvoid g(void) { atomic { (*cell)++; } }\n")
    assert same_plan(b, 7, 8) == "global"


def test_external_variable_named_by_code_compiled_apart(tmp_path):
    """touch() may be the program's own code compiled apart: it can name `n`."""
    _, b = plans(tmp_path, "void touch(void);\nlong n;\nvoid f(void) { atomic { touch(); } }\n"
                 "void g(void) { atomic { n++; } }\n")
    assert same_plan(b, 3, 4) == "global"


def test_library_function_cannot_name_the_programs_variables(tmp_path):
    """getpid() is declared in a system header: it cannot name `n`, nothing
    passes it a pointer, and n's address is never taken: `n++` keeps its
    atomic instruction.  An object whose address is taken has escaped."""
    _, b = plans(tmp_path, "#include <unistd.h>\nlong n;\nstatic long k;\nlong *kp = &k;\n"
                 "void f(void) { atomic { getpid(); } }\nvoid g(void) { atomic { n++; } }\n"
                 "void h(void) { atomic { k++; } }\n")
    assert b[6]["component"] == [b[6]["block"]] and b[6]["strategy"] == "atomic-op"
    assert same_plan(b, 5, 7) == "global"


def test_pointer_given_to_an_unknown_call_earlier(tmp_path):
    """keep() may hold on to the pointer and a later call use it."""
    _, b = plans(tmp_path, "#include <unistd.h>\nvoid keep(long *p);\nstatic long k;\n"
                 "void init(void) { keep(&k); }\nvoid f(void) { atomic { getpid(); } }\n"
                 "void g(void) { atomic { k++; } }\n")
    assert same_plan(b, 5, 6) == "global"


def test_unresolved_function_pointer(tmp_path):
    """A pointer with no known target, and one that may hold a library's
    pointer besides a known function: the known target's effects count too."""
    _, b = plans(tmp_path, "extern void (*hook)(long *);\nstatic long v;\n"
                 "void f(void) { atomic { hook(&v); } }\nvoid g(void) { atomic { v += 2; } }\n")
    assert same_plan(b, 3, 4) == "global"
    _, b = plans(tmp_path, "void (*lookup(const char *))(void);\nstatic long s;\n"
                 "static void inc_s(void) { s++; }\nstatic void (*fp)(void);\n"
                 "void init(int c) { fp = c ? lookup(\"inc\") : inc_s; }\n"
                 "void f(void) { atomic { fp(); } }\nvoid g(void) { atomic { s++; } }\n", "partial_targets")
    assert same_plan(b, 6, 7) == "global"


def test_known_library_functions_keep_precise_effects(tmp_path):
    """Pure functions (round, the ctype and math functions irrevocable.py
    knows) touch no memory: the block keeps per-location locks, and the
    string functions touch their arguments only."""
    p, b = plans(tmp_path, "#include <math.h>\n#include <string.h>\nstatic double a, c;\nstatic char name[16];\n"
                 "static long other;\n"
                 "void f(void) { atomic { a = round(c); } }\n"
                 "void g(void) { atomic { other = (long)strlen(name); } }\nvoid h(void) { atomic { other++; } }\n")
    assert "pervar" not in b[6]["cost_model"]["not_legal"], b[6]["cost_model"]
    assert not b[6]["handled_conservatively"]
    assert b[6]["component"] == [b[6]["block"]]
    assert atomicc("--strategy=pervar", str(p)).returncode == 0


def test_partial_program_is_provisional_and_links(tmp_path):
    """`atomicc cc -c` of a file whose block calls a function of another file:
    a provisional plan; linked with the other unit the body is seen."""
    a = tmp_path / "a.c"
    a.write_text("void bump(long *p);\nlong n;\nvoid f(void) { atomic { bump(&n); } }\n"
                 "void g(void) { atomic { n++; } }\nint main(void) { f(); g(); return n == 2 ? 0 : 1; }\n")
    c = tmp_path / "c.c"
    c.write_text("void bump(long *p) { ++*p; }\n")
    for src in (a, c):
        r = atomicc("cc", "-c", str(src), "-o", str(src)[:-2] + ".o", cwd=str(tmp_path))
        assert r.returncode == 0, r.stderr
    exe = str(tmp_path / "prog")
    r = atomicc("cc", str(tmp_path / "a.o"), str(tmp_path / "c.o"), "-o", exe, cwd=str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert subprocess.run([exe]).returncode == 0
    # with the body seen, the call's effects are exact: pervar is legal
    b = explain(str(a), str(c))
    assert "pervar" not in b[3]["cost_model"]["not_legal"] and same_plan(b, 3, 4)


def test_library_functions_that_write_through_a_pointer(tmp_path):
    """rand_r, time and clock_gettime write through their pointer argument: a block that calls
    rand_r(&seed) on a shared seed is in the component of every block that touches seed."""
    p, b = plans(tmp_path, "#include <stdlib.h>\n#include <time.h>\nunsigned seed;\nstatic struct timespec ts;\n"
                 "int f(void) { int r; atomic { r = rand_r(&seed); } return r; }\n"
                 "void g(void) { atomic { seed++; } }\n"
                 "void h(void) { atomic { clock_gettime(CLOCK_MONOTONIC, &ts); } }\n"
                 "long k(void) { long s; atomic { s = ts.tv_sec; } return s; }\n")
    same_plan(b, 5, 6)
    same_plan(b, 7, 8)
    assert b[6]["strategy"] != "atomic-op", b[6]
