"""Every program under every strategy: each program's `// LEGAL:` line says
which strategies must be accepted (a refusal of one of those fails), and
every other one must be refused exactly as REFUSED below records it (the
first error's block and reason, a reason the legality rules of
docs/strategies.md give).  Accepted builds must print the expected output
and be silent under ThreadSanitizer; programs run with ATOMICC_SOLO=0, so
their blocks take the contended path even where threads do not overlap."""

import os
import subprocess

import pytest

from conftest import (FORCEABLE, ONE_UPDATE, ROOT, SAMPLES, TESTS, all_samples, atomicc, check_refusal, expected_output,
                      has_atomic, legal_strategies, sample_args)

PROGRAMS = [os.path.join(SAMPLES, n) for n in all_samples() if has_atomic(os.path.join(SAMPLES, n))] + sorted(
    os.path.join(TESTS, "c", n) for n in os.listdir(os.path.join(TESTS, "c")) if n.endswith(".c"))
STRATEGIES = list(FORCEABLE)
CASES = [(p, s) for p in PROGRAMS for s in STRATEGIES]
IDS = ["%s-%s" % (os.path.basename(p)[:-2], s) for p, s in CASES]

# (program, strategy) -> the block (LINE:COL) and reason of the first refusal;
# every strategy not in a program's LEGAL line is here, and nothing else.
REFUSED = {
    ("samples/bank.c", "atomic-op"): ("90:9", ONE_UPDATE),
    ("samples/bank1024.c", "atomic-op"): ("67:9", ONE_UPDATE),
    ("samples/bank_retry.c", "atomic-op"): ("40:5", ONE_UPDATE),
    ("samples/bstree.c", "atomic-op"): ("38:5", ONE_UPDATE),
    ("samples/counters.c", "atomic-op"): ("77:9", ONE_UPDATE),
    ("samples/early_exit.c", "atomic-op"): ("61:5", ONE_UPDATE),
    ("samples/hashmap.c", "atomic-op"): ("70:13", ONE_UPDATE),
    ("samples/hashtable.c", "atomic-op"): ("114:13", ONE_UPDATE),
    ("samples/listset.c", "atomic-op"): ("39:5", ONE_UPDATE),
    ("samples/philosophers.c", "atomic-op"): ("66:5", ONE_UPDATE),
    ("samples/ptrarray.c", "atomic-op"): ("61:13", ONE_UPDATE),
    ("samples/wordcount.c", "atomic-op"): ("113:13", ONE_UPDATE),
    ("samples/workqueue.c", "atomic-op"): ("69:5", ONE_UPDATE),
    ("tests/c/break_continue.c", "atomic-op"): ("30:9", ONE_UPDATE),
    ("tests/c/nested_retry.c", "atomic-op"): ("18:5", ONE_UPDATE),
    ("tests/c/restart_locals.c", "atomic-op"): ("61:9", ONE_UPDATE),
    ("tests/c/retry_callee_locals.c", "atomic-op"): ("34:9", ONE_UPDATE),
    ("tests/c/retry_undo.c", "atomic-op"): ("19:5", ONE_UPDATE),
    ("tests/c/retry_loop_undo.c", "atomic-op"): ("30:5", ONE_UPDATE),
    ("tests/c/retry_loop_undo.c", "stm"): ("30:5", "it accesses the bit-field 'count', which has no address for the STM "
                                                   "to track"),
    ("tests/c/statement_adds.c", "atomic-op"): ("59:9", ONE_UPDATE),
    ("tests/c/strict_warnings.c", "atomic-op"): ("56:9", ONE_UPDATE),
}


def _key(src, strategy):
    return os.path.relpath(src, ROOT), strategy


def test_every_refusal_is_recorded():
    """A program's outcome under each forced strategy is written down: it runs
    (its LEGAL line, which always has global) or it is in REFUSED."""
    want = {_key(p, s) for p in PROGRAMS for s in STRATEGIES if s not in legal_strategies(p)}
    assert set(REFUSED) == want
    assert all("global" in legal_strategies(p) for p in PROGRAMS)


def build(tmp_path, src, strategy, *flags):
    exe = str(tmp_path / "prog")
    r = atomicc("cc", src, "--strategy=" + strategy, "-std=gnu11", "-Wall", "-Wextra", *flags, "-o", exe)
    return r, exe


def run_case(tmp_path, src, strategy, flags, timeout):
    r, exe = build(tmp_path, src, strategy, *flags)
    if _key(src, strategy) in REFUSED:
        check_refusal(r.stderr, r.returncode, strategy, *REFUSED[_key(src, strategy)], file=src)
        return None
    assert strategy in legal_strategies(src)
    assert r.returncode == 0, r.stderr
    assert "warning" not in r.stderr, r.stderr
    env = dict(os.environ, ATOMICC_SOLO="0")
    p = subprocess.run([exe, *sample_args(src)], capture_output=True, text=True, timeout=timeout, env=env)
    return p


@pytest.mark.parametrize("src,strategy", CASES, ids=IDS)
def test_strategy_runs(tmp_path, src, strategy):
    p = run_case(tmp_path, src, strategy, ["-O2"], 120)
    if p is None:
        return
    assert p.returncode == 0, p.stdout + p.stderr
    assert p.stdout.splitlines() == expected_output(src)


@pytest.mark.parametrize("src,strategy", CASES, ids=IDS)
def test_strategy_tsan_silent(tmp_path, src, strategy, tsan):
    p = run_case(tmp_path, src, strategy, ["-O1", "-g", "-fsanitize=thread"], 300)
    if p is None:
        return
    assert "ThreadSanitizer" not in p.stderr, p.stderr[:4000]
    assert p.returncode == 0
    assert p.stdout.splitlines() == expected_output(src)


def test_global_and_pervar_are_legal_everywhere(tmp_path):
    for src in PROGRAMS:
        for s in ("global", "pervar"):
            r, _ = build(tmp_path, src, s)
            assert r.returncode == 0, (src, s, r.stderr)


def test_forced_atomic_op_refused_with_reason(tmp_path):
    p = tmp_path / "f.c"
    p.write_text("int a, b;\nvoid f(void) {\n    atomic { a++; b++; }\n}\nint main(void) { f(); return a - b; }\n")
    r = atomicc(str(p), "--strategy=atomic-op")
    assert r.returncode == 1
    assert "%s:3:5: error: strategy 'atomic-op' cannot be used for this atomic block" % p in r.stderr
    assert "one commutative update" in r.stderr


def test_forced_pervar_refused_for_unknown_function_pointer(tmp_path):
    p = tmp_path / "fp.c"
    p.write_text("extern void (*hook)(int *);\nint n;\nvoid f(void) {\n    atomic { hook(&n); }\n}\n")
    r = atomicc(str(p), "--strategy=pervar")
    assert r.returncode == 1
    assert "function pointer with no known target" in r.stderr
    r = atomicc("explain", str(p))
    assert "strategy: global" in r.stdout and "function pointer" in r.stdout


def test_irrevocable_call_in_a_retrying_block_is_an_error(tmp_path):
    p = tmp_path / "ir.c"
    p.write_text("#include <stdio.h>\nint n;\nstatic void log_it(void) { puts(\"waiting\"); }\n"
                 "void f(void) {\n    atomic {\n        log_it();\n        if (n == 0)\n            retry;\n"
                 "        n--;\n    }\n}\n")
    r = atomicc(str(p))
    assert r.returncode == 1
    assert "%s:5:5: error: this atomic block can retry but calls 'puts' (called through log_it)" % p in r.stderr
    assert "%s:3:28: note: the irrevocable call" % p in r.stderr
    assert "%s:8:13: note: 'retry' is here" % p in r.stderr


def test_forced_stm_refused_for_irrevocable_call(tmp_path):
    p = tmp_path / "io.c"
    p.write_text("#include <stdio.h>\nint n;\nvoid f(void) {\n    atomic { n++; printf(\"%d\\n\", n); }\n}\n")
    r = atomicc(str(p), "--strategy=stm")
    assert r.returncode == 1
    assert "%s:4:5: error: strategy 'stm' cannot be used for this atomic block: it calls 'printf'" % p in r.stderr
    r = atomicc("explain", str(p))
    assert "strategy: stm" not in r.stdout


def test_stm_calls_through_a_resolved_pointer_run_the_clone(tmp_path):
    """A pointer call inside a transaction runs the target's transactional
    clone; an unresolved pointer keeps the block off the STM, named."""
    p = tmp_path / "fp.c"
    p.write_text("#include <pthread.h>\n#include <stdio.h>\nlong n;\nstatic void inc(long *x) { ++*x; }\n"
                 "static void f(void (*op)(long *)) {\n    atomic { op(&n); }\n}\n"
                 "static void *w(void *a) { for (int i = 0; i < 100000; i++) f(inc); return a; }\n"
                 "int main(void) { pthread_t t[2]; for (int i = 0; i < 2; i++) pthread_create(&t[i], 0, w, 0);\n"
                 "  for (int i = 0; i < 2; i++) pthread_join(t[i], 0); printf(\"%ld\\n\", n); return 0; }\n")
    exe = tmp_path / "fp"
    r = atomicc("cc", str(p), "--strategy=stm", "-O1", "-o", str(exe))
    assert r.returncode == 0, r.stderr
    out = subprocess.run([str(exe)], capture_output=True, text=True, timeout=60,
                         env=dict(os.environ, ATOMICC_SOLO="0"))
    assert out.stdout == "200000\n", out.stderr
    q = tmp_path / "fq.c"
    q.write_text("int n;\nextern void (*hook)(int *);\nvoid f(void) {\n    atomic { hook(&n); }\n}\n")
    r = atomicc(str(q), "--strategy=stm")
    assert r.returncode == 1
    assert ("%s:4:5: error: strategy 'stm' cannot be used for this atomic block: it calls through the "
            "function pointer 'hook', which has no known target" % q) in r.stderr


def test_pragma_forces_a_block_and_its_component(tmp_path):
    p = tmp_path / "pr.c"
    p.write_text("int a, b;\nvoid f(void) {\n#pragma atomicc strategy(global)\n    atomic { a++; }\n"
                 "    atomic { b++; }\n}\nvoid g(void) { atomic { a += 2; } }\n")
    r = atomicc("explain", str(p), "--format=json")
    import json
    blocks = json.loads(r.stdout)["blocks"]
    assert [b["strategy"] for b in blocks] == ["global", "atomic-op", "global"]
    assert "forced to 'global'" in blocks[0]["why"] and "follows it" in blocks[0]["why"]
    out = atomicc(str(p)).stdout
    assert "/* pragma atomicc strategy(global) */" in out and "#pragma atomicc" not in out


def test_bad_pragma_is_located(tmp_path):
    p = tmp_path / "bp.c"
    p.write_text("int a;\nvoid f(void) {\n#pragma atomicc strategy(fastest)\n    atomic { a++; }\n}\n")
    r = atomicc(str(p))
    assert r.returncode == 1 and "%s:3:1: error: unknown strategy 'fastest'" % p in r.stderr


# ---- field-sensitive conflict components ------------------------------------------

STATS = "struct stats { long a; long b; } st;\nvoid f(void) { atomic { st.a++; } }\nvoid g(void) { atomic { st.b -= 1; } }\n"


def components(tmp_path, text, *args):
    import json
    p = tmp_path / "fields.c"
    p.write_text(text)
    r = atomicc("explain", "--format=json", str(p), *args)
    assert r.returncode == 0, r.stderr
    return [(b["component"], b["strategy"]) for b in json.loads(r.stdout)["blocks"]]


def test_two_fields_of_a_struct_are_two_components(tmp_path):
    assert components(tmp_path, STATS) == [([1], "atomic-op"), ([2], "atomic-op")]
    p = tmp_path / "fields.c"
    r = atomicc(str(p), "--strategy=atomic-op")
    assert r.returncode == 0, r.stderr
    assert "ATOMICC_AOP_ADD(&( st.a)" in r.stdout and "ATOMICC_AOP_SUB(&( st.b )" in r.stdout
    r = atomicc("explain", str(p))
    assert "shares data" not in r.stdout
    # the same field through a pointer joins the direct access; the other field stays apart
    assert components(tmp_path, STATS + "void h(struct stats *p) { atomic { p->a += 2; } }\n"
                      "void k(void) { h(&st); }\n") == [([1, 3], "atomic-op"), ([2], "atomic-op"),
                                                         ([1, 3], "atomic-op")]
    # fields of the elements of an array of structs
    assert [c for c, _ in components(tmp_path, "struct s { long a, b; } v[4];\n"
                                     "void f(int i) { atomic { v[i].a++; } }\n"
                                     "void g(int j) { atomic { v[j].b--; } }\n")] == [[1], [2]]


@pytest.mark.parametrize("extra", [
    "struct stats s2;\nvoid h(void) { atomic { s2 = st; } }\n",                     # whole-struct read
    "#include <string.h>\nstruct stats z;\nvoid h(void) { atomic { memcpy(&st, &z, sizeof st); } }\n",
    "struct stats *sp = &st;\nvoid h(void) { atomic { *sp = (struct stats){0}; } }\n",  # through a pointer
    "long *lp = &st.a;\nvoid h(void) { atomic { lp[1]++; } }\n",                     # pointer into the struct
    "void h(void) { atomic { st.a += st.b; } }\n",                                   # one block, both fields
], ids=["assign", "memcpy", "pointer-whole", "pointer-arith", "both"])
def test_a_whole_struct_access_joins_the_fields(tmp_path, extra):
    got = components(tmp_path, STATS + extra)
    assert [c for c, _ in got] == [[1, 2, 3]] * 3
    assert "atomic-op" not in {s for _, s in got}
    r = atomicc(str(tmp_path / "fields.c"), "--strategy=atomic-op")
    assert r.returncode == 1 and "strategy 'atomic-op' cannot be used" in r.stderr


@pytest.mark.parametrize("text", [
    "union u { long a; long b; } st;\n",
    "struct s { union { long a; long b; }; long c; } st;\n",
    "struct s { unsigned a : 3, b : 5; } st;\n",
    "struct T { long a; long b; };\nunion { struct T t1; struct { long pad; struct T t2; } w; } uu;\n"
    "struct T *p = &uu.t1, *q = &uu.w.t2;\n",
], ids=["union", "anonymous-union", "bit-fields", "overlaid-structs"])
def test_overlapping_members_stay_one_component(tmp_path, text):
    if "uu" in text:
        blocks = "void f(void) { atomic { p->b++; } }\nvoid g(void) { atomic { q->a -= 1; } }\n"
    else:
        blocks = "void f(void) { atomic { st.a = 1; } }\nvoid g(void) { atomic { st.b = 2; } }\n"
    assert [c for c, _ in components(tmp_path, text + blocks)] == [[1, 2], [1, 2]]
