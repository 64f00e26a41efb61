"""Alias analysis and lock inference unit tests: aliasing through
parameters, struct fields, arrays, heap objects, function pointers and
pthread_create arguments, and the lock plans that follow from it."""

import json
import os

from atomicc.analysis.accesses import analyze_accesses
from atomicc.analysis.alias import analyze_pointers
from atomicc.analysis.blocks import analyze_blocks
from atomicc.frontend.parser import parse_text
from atomicc.analysis.scopes import resolve_names
from atomicc.lower.strategy import choose
from conftest import SAMPLES, atomicc


def analyze(src):
    tu, sm = parse_text(src, "t.c")
    return tu, sm, analyze_pointers(tu, sm)


def test_assignment_and_parameters_alias():
    _, _, pa = analyze("int x, y; int *p, *q, *r;\n"
                       "static void set(int **dst, int *v) { *dst = v; }\n"
                       "void f(void) { p = &x; set(&q, p); r = &y; }")
    assert pa.same_class(pa.pts(pa.var_object("q")), pa.var_object("x"))
    assert not pa.same_class(pa.pts(pa.var_object("r")), pa.var_object("x"))


def test_struct_fields_are_separate_cells():
    _, _, pa = analyze("struct s { int *a; int *b; } s; int x, y;\nvoid f(void) { s.a = &x; s.b = &y; }")
    so = pa.var_object("s")
    assert pa.same_class(pa.pts(so, "a"), pa.var_object("x"))
    assert pa.same_class(pa.pts(so, "b"), pa.var_object("y"))
    assert not pa.same_class(pa.var_object("x"), pa.var_object("y"))


def test_arrays_indexed_by_the_same_variable_stay_apart():
    _, _, pa = analyze("int a[8], b[8];\nvoid f(int i) { a[i] = 1; b[i] = 2; int *p = a + i; *p = 3; }")
    assert not pa.same_class(pa.var_object("a"), pa.var_object("b"))


def test_heap_sites_and_wrappers():
    _, _, pa = analyze("void *malloc(unsigned long);\n"
                       "static void *xmalloc(unsigned long n) { return malloc(n); }\n"
                       "int *p, *q, *r;\nvoid f(void) { p = xmalloc(4); q = xmalloc(8); r = malloc(4); }")
    assert pa.same_class(pa.pts(pa.var_object("p")), pa.pts(pa.var_object("q")))   # one wrapper site
    assert not pa.same_class(pa.pts(pa.var_object("p")), pa.pts(pa.var_object("r")))
    assert any(m.kind == "heap" for m in pa.members_of(pa.pts(pa.var_object("r"))))


def test_function_pointers_resolve_to_targets():
    _, _, pa = analyze("int x, y;\nstatic void inc(int *v) { (*v)++; }\nstatic void dec(int *v) { (*v)--; }\n"
                       "void (*ops[2])(int *) = { inc, dec };\nvoid f(int k) { ops[k](&x); }")
    v_inc = pa.pts(pa.var_object("v", "inc"))
    v_dec = pa.pts(pa.var_object("v", "dec"))
    assert pa.same_class(v_inc, pa.var_object("x")) and pa.same_class(v_dec, pa.var_object("x"))


def test_pthread_create_argument_reaches_the_thread_function():
    _, _, pa = analyze("typedef struct { long n; } acct; acct bank[4];\n"
                       "int pthread_create(void *, void *, void *(*)(void *), void *);\n"
                       "static void *run(void *arg) { acct *a = arg; a->n++; return 0; }\n"
                       "void f(void) { pthread_create(0, 0, run, &bank[1]); }")
    assert pa.same_class(pa.pts(pa.var_object("a", "run")), pa.var_object("bank"))


def plans_for(src, strategy="auto"):
    tu, sm = parse_text(src, "t.c")
    resolve_names(tu)
    info = analyze_blocks(tu, sm)
    acc = analyze_accesses(tu, sm, info)
    plans, diags = choose(tu, sm, info, acc, strategy)
    return info, acc, plans


def test_may_alias_pointers_merge_locks():
    # p and q may point to the same object: both blocks lock the same class
    src = ("int x, y; int *p = &x, *q;\nvoid pick(int c) { q = c ? &x : &y; }\n"
           "void f(void) { atomic { *p += 1; } }\nvoid g(void) { atomic { *q += 2; } }\n")
    info, acc, plans = plans_for(src)
    assert plans[1].component == plans[2].component == [1, 2]


def test_bank_gets_per_account_locks_and_audit_the_class():
    info, acc, plans = plans_for(
        "struct acct { long bal; } bank[1024];\n"
        "static void move(struct acct *a, struct acct *b, long n) { a->bal -= n; b->bal += n; }\n"
        "void transfer(int from, int to, long n) { atomic { move(&bank[from], &bank[to], n); } }\n"
        "long audit(void) { long s = 0; atomic { for (int i = 0; i < 1024; i++) s += bank[i].bal; } return s; }\n",
        "pervar")
    t, a = plans[1], plans[2]
    assert t.strategy == a.strategy == "pervar"
    assert sorted(s.key_text for s in t.stripes) == ["(&bank[from])", "(&bank[to])"]
    assert all(s.mode == "W" for s in t.stripes)
    assert [c.mode for c in t.class_locks] == ["IX"]       # intention: the audit takes the class
    assert [c.mode for c in a.class_locks] == ["S"] and not a.stripes


def test_key_assigned_inside_block_falls_back_to_class():
    info, acc, plans = plans_for("int v[16];\nvoid f(int i) { atomic { i = i + 1; v[i] = 0; } }\n", "pervar")
    assert [c.mode for c in plans[1].class_locks] == ["X"] and not plans[1].stripes


def test_independent_counters_are_atomic_ops():
    info, acc, plans = plans_for("long hits, misses; double avg;\n"
                                 "void a(long n) { atomic { hits += n; } }\nvoid b(void) { atomic { misses++; } }\n"
                                 "void c(void) { atomic { avg += 1.0; } }\n")
    assert [plans[i].strategy for i in (1, 2)] == ["atomic-op", "atomic-op"]
    assert plans[1].component != plans[2].component


def test_explain_bank_and_list():
    r = atomicc("explain", os.path.join(SAMPLES, "bank.c"), "--format=json", "--strategy=pervar")
    assert r.returncode == 0, r.stderr
    b1 = json.loads(r.stdout)["blocks"][0]
    kinds = [(l["kind"], l["mode"]) for l in b1["locks"]]
    assert kinds == [("class", "IX"), ("object", "W"), ("object", "W")]
    assert {l["address"] for l in b1["locks"] if l["kind"] == "object"} == {"(&bank[from])", "(&bank[to])"}
    assert all(l["order"] == "by address at run time" for l in b1["locks"] if l["kind"] == "object")
    text = atomicc("explain", "--strategy=pervar", os.path.join(SAMPLES, "listset.c")).stdout
    assert "X lock on the whole class" in text and "S lock on the whole class" in text
    from atomicc.driver import STM_READY
    if STM_READY:
        text = atomicc("explain", os.path.join(SAMPLES, "listset.c"), "--cpus=64").stdout
        assert "strategy: stm" in text and "walks a linked structure" in text


def test_thread_model_with_function_pointer_table():
    from atomicc.analysis.callgraph import build_callgraph, resolve_indirect
    from atomicc.analysis.threads import thread_model
    src = ("int pthread_create(void *, void *, void *(*)(void *), void *);\n"
           "static void helper(int *p) { (*p)++; }\n"
           "static void *reader(void *a) { helper(a); return 0; }\n"
           "static void *writer(void *a) { return a; }\n"
           "static void *(*roles[2])(void *) = { reader, writer };\n"
           "int n;\nint main(void) { for (int i = 0; i < 2; i++) pthread_create(0, 0, roles[i], &n); "
           "void (*h)(int *) = helper; h(&n); return 0; }\n")
    tu, sm = parse_text(src, "t.c")
    pa = analyze_pointers(tu, sm)
    cg = build_callgraph(tu)
    assert resolve_indirect(cg, pa) == set()
    assert cg.graph.has_edge("main", "helper") and cg.graph["main"]["helper"].get("indirect")
    tm = thread_model(tu, cg, pa)
    assert sorted(t.root for t in tm.threads) == ["main", "reader", "writer"]
    assert tm.runs_in("helper") == ["main", "reader"]


def test_block_called_from_a_block_shares_its_strategy():
    """A block in a function called from inside another block runs flattened
    into it: one component, so a retry in it restarts the outer block."""
    info, acc, plans = plans_for(
        "int avail; long got;\n"
        "static void need(int c) { atomic { if (!c) retry; } }\n"
        "void consume(void) { atomic { need(avail > 0); avail--; got++; } }\n"
        "void produce(void) { atomic { avail++; } }\n")
    assert plans[1].component == plans[2].component == plans[3].component == [1, 2, 3]
    assert len({plans[i].strategy for i in (1, 2, 3)}) == 1


def test_conflicting_pragmas_in_one_component_are_an_error(tmp_path):
    p = tmp_path / "c.c"
    p.write_text("long n;\n"
                 "void a(void) {\n#pragma atomicc strategy(stm)\n    atomic { n++; }\n}\n"
                 "void b(void) {\n#pragma atomicc strategy(global)\n    atomic { n--; }\n}\n")
    r = atomicc(str(p))
    assert r.returncode == 1
    assert "atomic blocks 2 and 1 share data" in r.stderr or "atomic blocks 1 and 2 share data" in r.stderr
    assert "forced to different strategies" in r.stderr and "note: block" in r.stderr


def test_a_pragma_overrides_the_command_line_for_its_component(tmp_path):
    p = tmp_path / "c.c"
    p.write_text("long n;\nvoid a(void) {\n#pragma atomicc strategy(global)\n    atomic { n++; }\n}\n"
                 "void b(void) { atomic { n--; } }\n")
    r = atomicc("explain", str(p), "--strategy=pervar", "--format=json")
    assert r.returncode == 0, r.stderr
    assert [b["strategy"] for b in json.loads(r.stdout)["blocks"]] == ["global", "global"]


def test_shadowing_local_does_not_hide_the_global(tmp_path):
    info, acc, plans = plans_for(
        "long third;\nvoid w(int i) { { long third = i; (void)third; } atomic { third++; } }\n", "pervar")
    assert [s.key_text for s in plans[1].stripes] == ["&third"]
