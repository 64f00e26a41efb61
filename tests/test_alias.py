"""Alias analysis and lock inference unit tests: aliasing through
parameters, struct fields, arrays, heap objects, function pointers and
pthread_create arguments, and the lock plans that follow from it.

Tests name variables to look them up (`V(pa, "q")`); the analyses
themselves key on the semantic layer's Symbols."""

import json
import os

from atomicc.analysis.accesses import analyze_accesses
from atomicc.analysis.alias import analyze_pointers
from atomicc.analysis.blocks import analyze_blocks
from atomicc.analysis.callgraph import build_callgraph
from atomicc.frontend import ast as A
from atomicc.frontend.parser import parse_text
from atomicc.plan.planner import choose
from atomicc.semantics.program import Program
from conftest import SAMPLES, atomicc


def program(*sources):
    """A bound program of one or more units given as (name, text) or text."""
    p = Program()
    for i, src in enumerate(sources):
        name, text = src if isinstance(src, tuple) else ("t%d.c" % i if i else "t.c", src)
        tu, sm = parse_text(text, name)
        p.add(name, tu, sm)
    p.bind()
    return p


def symbol(prog, name, func=None, unit=0):
    """The Symbol a test means by `name` (in function `func`)."""
    u = prog.units[unit]
    if func is None:
        return u.file_scope[name]
    for n in A.walk(u.tu):
        if type(n) is A.NameDecl and n.name == name and n.sym is not None and \
                getattr(n.sym, "func", None) is not None and n.sym.func.name == func:
            return n.sym
    raise KeyError(name)


class _PA:
    def __init__(self, prog):
        self.prog = prog
        self.pa = analyze_pointers(prog)

    def __getattr__(self, k):
        return getattr(self.pa, k)

    def var_object(self, name, func=None, unit=0):
        return self.pa.var_object(symbol(self.prog, name, func, unit))

    def pts(self, o, *field):
        return self.pa.pts(o, field[0] if field else ())


def analyze(*sources):
    prog = program(*sources)
    return prog, None, _PA(prog)


def field(prog, tag, name):
    return prog.tags[("struct", tag)].fields[name]


def test_assignment_and_parameters_alias():
    _, _, pa = analyze("int x, y; int *p, *q, *r;\n"
                       "static void set(int **dst, int *v) { *dst = v; }\n"
                       "void f(void) { p = &x; set(&q, p); r = &y; }")
    assert pa.same_class(pa.pts(pa.var_object("q")), pa.var_object("x"))
    assert not pa.same_class(pa.pts(pa.var_object("r")), pa.var_object("x"))


def test_struct_fields_are_separate_cells():
    prog, _, pa = analyze("struct s { int *a; int *b; } s; int x, y;\nvoid f(void) { s.a = &x; s.b = &y; }")
    so = pa.var_object("s")
    assert pa.same_class(pa.pts(so, (field(prog, "s", "a"),)), pa.var_object("x"))
    assert pa.same_class(pa.pts(so, (field(prog, "s", "b"),)), pa.var_object("y"))
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


STRUCT_COPY_PRELUDE = "struct box { int *p; struct { int *q; } in; }; int x, y;\n"


def _reaches(src, var, func, target="x", path="p"):
    """In `src` (after STRUCT_COPY_PRELUDE), does `var` (in `func`) hold a
    struct box whose member `path` points to `target`?"""
    prog, _, pa = analyze(STRUCT_COPY_PRELUDE + src)
    box = prog.tags[("struct", "box")]
    steps = []
    t = box
    for name in path.split("."):
        f = t.fields[name]
        steps.append(f)
        t = f.type.tag if f.type.kind == "struct" else None
    return pa.same_class(pa.pts(pa.var_object(var, func), tuple(steps)), pa.var_object(target))


def test_struct_assignment_copies_every_field():
    assert _reaches("void f(void) { struct box a, b; a.p = &x; a.in.q = &y; b = a; }", "b", "f")
    assert _reaches("void f(void) { struct box a, b; a.p = &x; a.in.q = &y; b = a; }", "b", "f", "y", "in.q")
    assert not _reaches("void f(void) { struct box a, b; a.p = &x; b.p = &y; }", "b", "f")


def test_struct_copies_through_initializers_literals_and_arrays():
    assert _reaches("void f(void) { struct box a = { &x }; struct box b = a; }", "b", "f")
    assert _reaches("void f(void) { struct box b = (struct box){ .p = &x }; }", "b", "f")
    assert _reaches("void f(void) { struct box v[2]; v[1] = (struct box){ &x }; struct box b = v[0]; }", "b", "f")
    assert _reaches("struct pair { struct box one; } pr;\n"
                    "void f(void) { struct box a = { &x }; pr = (struct pair){ a }; struct box b = pr.one; }",
                    "b", "f")


def test_struct_copies_through_arguments_returns_and_pointers():
    assert _reaches("static struct box make(int *v) { struct box r = { v }; return r; }\n"
                    "void f(void) { struct box b = make(&x); }", "b", "f")
    assert _reaches("static int *take(struct box c) { return c.p; }\n"
                    "void f(void) { struct box a = { &x }; int *r = take(a); struct box b = { r }; }", "b", "f")
    assert _reaches("void f(struct box *d, struct box *s) { struct box a = { &x }; *s = a; *d = *s;"
                    " struct box b = *d; }", "b", "f")
    assert _reaches("void *memcpy(void *, const void *, unsigned long);\n"
                    "void f(void) { struct box a = { &x }, b; memcpy(&b, &a, sizeof b); }", "b", "f")
    assert _reaches("void f(int k) { struct box a = { &x }, c = { &y }; struct box b = k ? a : c; }", "b", "f")
    assert _reaches("void f(void) { struct box a = { &x }; struct box b = ({ a; }); }", "b", "f")
    assert _reaches("void f(void) { struct box a = { &x }, b; b = (a.in.q = 0, a); }", "b", "f")


def test_struct_copies_through_calls_by_pointer():
    # the struct-returning function is only known through a pointer
    assert _reaches("static struct box mk(void) { struct box r = { &x }; return r; }\n"
                    "struct box (*maker)(void) = mk;\nvoid f(void) { struct box b = maker(); }", "b", "f")


def test_a_copy_seen_before_the_field_is_used_still_carries_it():
    # the copies in main are seen before t.arg gets a pointee (the analysis
    # is flow-insensitive) and before worker() reads s->t.arg: they are
    # replayed at the end
    src = ("typedef struct { void *arg; } task; typedef struct { task t; } slot; int job;\n"
           "int main(void) { slot s; task t; s = (slot){ t }; t.arg = &job; extern void worker(slot *);"
           " worker(&s); return 0; }\n"
           "void worker(slot *s) { int *j = s->t.arg; *j = 1; }")
    prog, _, pa = analyze(src)
    assert pa.same_class(pa.pts(pa.var_object("j", "worker")), pa.var_object("job"))


def test_a_copy_through_a_pointer_into_the_same_object_stays_small():
    # s points into the middle of c (&c->store[k] lands at c itself): a copy
    # from *s to another member of c must not follow c's own paths from there
    # (each round built longer ones: samples/pthread_rwlock.c took 95 s)
    src = ("typedef struct rec { int *p; long a, b, d, e; } rec;\n"
           "typedef struct cache { rec cached[8]; rec store[8]; rec *last; long n, m; } cache;\n"
           "int x; cache c;\n"
           "long f(int k) { rec *s = &c.store[k]; s->p = &x; c.cached[k] = *s; c.last = &c.cached[k];"
           " rec r = c.cached[k]; *c.last = r;"
           " return s->a + s->b + s->d + s->e + c.n + c.m + c.cached[k].a + c.store[k].b + c.last->d; }")
    before = Obj_count()
    prog, _, pa = analyze(src)
    assert Obj_count() - before < 500
    # the sample where it showed: a cache line filled from its store through such a pointer
    from atomicc import driver
    before = Obj_count()
    driver.analyze_file(os.path.join(SAMPLES, "pthread_rwlock.c"), cpus=2)
    assert Obj_count() - before < 20000           # it was 1,081,586
    rec = prog.tags[("struct", "rec")]
    cache_ = prog.tags[("struct", "cache")]
    from atomicc.semantics.ctypes import ELEMENT
    cached = pa.pts(pa.var_object("c"), (cache_.fields["cached"], ELEMENT, rec.fields["p"]))
    assert pa.same_class(cached, pa.var_object("x"))


def Obj_count():
    from atomicc.analysis.alias import Obj
    return Obj._n


def test_blocks_reaching_one_word_through_struct_copies_share_a_component(tmp_path):
    # without the copies the block in work() was an atomic add and the one in
    # main() a lock: they did not exclude each other (tests/multifile/struct_copies runs it)
    src = tmp_path / "t.c"
    src.write_text("#include <pthread.h>\n"
                   "typedef struct { void *(*fn)(void *); void *arg; } start_t;\n"
                   "typedef struct { long next, other; } job_t;\n"
                   "static job_t job;\n"
                   "static void *tramp(void *p) { start_t *s = p; return s->fn(s->arg); }\n"
                   "static void *work(void *arg) { job_t *j = arg; atomic { j->next += 2; } return 0; }\n"
                   "int main(void) { pthread_t t; start_t st;\n"
                   "  st = (start_t){ work, &job }; pthread_create(&t, 0, tramp, &st);\n"
                   "  atomic { job.next++; job.other++; } pthread_join(t, 0); return 0; }\n")
    r = atomicc("explain", "--format=json", "--cpus=4", str(src))
    assert r.returncode == 0, r.stderr
    blocks = json.loads(r.stdout)["blocks"]
    assert len(blocks) == 2
    assert blocks[0]["component"] == blocks[1]["component"] == [1, 2]
    assert blocks[0]["strategy"] == blocks[1]["strategy"] != "atomic-op"


def plans_for(src, strategy="auto", *more):
    prog = program(src, *more)
    pa = analyze_pointers(prog)
    cg = build_callgraph(prog, pa)
    info = analyze_blocks(prog, cg, pa)
    acc = analyze_accesses(prog, info, cg, pa)
    plans, diags = choose(prog, info, acc, cg, strategy)
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
    from atomicc.analysis.threads import thread_model
    src = ("int pthread_create(void *, void *, void *(*)(void *), void *);\n"
           "static void helper(int *p) { (*p)++; }\n"
           "static void *reader(void *a) { helper(a); return 0; }\n"
           "static void *writer(void *a) { return a; }\n"
           "static void *(*roles[2])(void *) = { reader, writer };\n"
           "int n;\nint main(void) { for (int i = 0; i < 2; i++) pthread_create(0, 0, roles[i], &n); "
           "void (*h)(int *) = helper; h(&n); return 0; }\n")
    prog = program(src)
    pa = analyze_pointers(prog)
    cg = build_callgraph(prog, pa)
    assert cg.unresolved == set()
    main, helper = symbol(prog, "main"), symbol(prog, "helper")
    assert cg.graph.has_edge(main, helper) and cg.graph[main][helper].get("indirect")
    tm = thread_model(prog, cg, pa)
    assert sorted(t.root.name for t in tm.threads) == ["main", "reader", "writer"]
    assert tm.runs_in(helper) == ["main", "reader"]


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


# -- the semantic layer: facts keyed on declarations, not names -------------------

def test_extern_links_across_units_and_static_stays_private():
    prog = program(("inc.c", "long hits; static int count; void inc(void) { atomic { hits++; count++; } }"),
                   ("main.c", "extern long hits; static int count;\n"
                              "void twice(void) { atomic { long s = hits; hits = s + 1; count++; } }"))
    assert symbol(prog, "hits", unit=0) is symbol(prog, "hits", unit=1)
    assert symbol(prog, "count", unit=0) is not symbol(prog, "count", unit=1)


def test_blocks_in_two_files_on_one_extern_share_a_component():
    """inc.c's `hits++` alone would be atomic-op, main.c's read-then-write
    cannot be: the whole program must put both under one strategy."""
    info, acc, plans = plans_for(("inc.c", "long hits;\nvoid inc(void) { atomic { hits++; } }\n"), "auto",
                                 ("main.c", "extern long hits;\n"
                                            "void add(void) { atomic { long s = hits; hits = s + 1; } }\n"))
    assert plans[1].component == plans[2].component == [1, 2]
    assert plans[1].strategy == plans[2].strategy != "atomic-op"


def test_static_counters_in_two_files_are_two_objects():
    info, acc, plans = plans_for(("a.c", "static long n;\nvoid a(void) { atomic { n++; } }\n"), "auto",
                                 ("b.c", "static long n;\nvoid b(void) { atomic { long s = n; n = s + 1; } }\n"))
    assert plans[1].component == [1] and plans[2].component == [2]
    assert plans[1].strategy == "atomic-op"


def test_bitfield_member_does_not_taint_a_variable_of_the_same_name():
    info, acc, plans = plans_for("struct hdr { unsigned flags:3; } h;\nlong flags;\n"
                                 "void f(int c) { atomic { if (!c) retry; flags = 1; } }\n", "stm")
    assert plans[1].strategy == "stm"


def test_members_of_different_structs_sharing_a_name_stay_apart():
    prog, _, pa = analyze("struct a { int *p; } a; struct b { long *p; } b; int x; long y;\n"
                          "void f(void) { a.p = &x; b.p = &y; }")
    assert not pa.same_class(pa.pts(pa.var_object("a"), (field(prog, "a", "p"),)),
                             pa.pts(pa.var_object("b"), (field(prog, "b", "p"),)))


def test_function_pointer_field_resolves_its_targets():
    src = ("struct set { int (*cmp)(long, long); long v[8]; int n; };\n"
           "static int by_value(long a, long b) { return a < b; }\n"
           "void init(struct set *s) { s->cmp = by_value; }\n"
           "int less(struct set *s, int i) { int r; atomic { r = s->cmp(s->v[i], s->v[0]); } return r; }\n")
    prog = program(src)
    pa = analyze_pointers(prog)
    cg = build_callgraph(prog, pa)
    assert cg.unresolved == set()
    assert cg.graph.has_edge(symbol(prog, "less"), symbol(prog, "by_value"))
    info, acc, plans = plans_for(src, "pervar")
    assert plans[1].strategy == "pervar"


def test_shadowed_global_key_is_not_printed_where_a_local_hides_it():
    """A callee's key `&n` (the global) must not be printed inside a block
    where a local `n` is in scope: it would lock the local's address."""
    info, acc, plans = plans_for("long n;\nstatic void bump(void) { n++; }\n"
                                 "void f(void) { long n = 0; atomic { bump(); } (void)n; }\n", "pervar")
    assert not any(s.key_text == "&n" for s in plans[1].stripes)
    assert plans[1].class_locks


def test_too_many_locks_fall_back_to_the_global_lock():
    decls = "".join("long s%d;\n" % i for i in range(70))
    body = "".join("s%d++; " % i for i in range(70))
    info, acc, plans = plans_for(decls + "void f(void) { atomic { %s } }\n" % body, "pervar")
    p = plans[1]
    assert p.strategy in ("pervar", "global")
    assert len(p.class_locks) + len(p.stripes) <= 64
