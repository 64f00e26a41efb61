"""auto's cost model (compiler/lower/costmodel.py): the choice for the
archetypes it was built for, at 1, 2 and 64 CPUs, what explain shows of it,
and --cpus on the command line."""

import json

import pytest

from conftest import atomicc

from atomicc import driver

COUNTER = r"""
#include <pthread.h>
long hits;
void *work(void *a) { for (int i = 0; i < 1000; i++) atomic { hits += 2; } return a; }
int main(void) { pthread_t t; pthread_create(&t, 0, work, 0); work(0); pthread_join(t, 0); return hits != 4000; }
"""

BANK = r"""
#include <pthread.h>
#include <stdlib.h>
typedef struct { long balance; } account_t;
account_t bank[1024];
void *teller(void *a) {
    for (int i = 0; i < 1000; i++) {
        int from = rand() % 1024, to = rand() % 1024;
        atomic { bank[from].balance -= 1; bank[to].balance += 1; }
    }
    return a;
}
int main(void) { pthread_t t; pthread_create(&t, 0, teller, 0); teller(0); pthread_join(t, 0); return 0; }
"""

LIST = r"""
#include <pthread.h>
#include <stdlib.h>
typedef struct node { long key; struct node *next; } node_t;
node_t head = { -1, 0 };
void *worker(void *a) {
    for (long i = 0; i < 1000; i++) {
        long key = rand() % 64;
        int kind = rand() % 100;
        if (kind < 10) {
            node_t *n = malloc(sizeof *n);
            atomic {
                node_t *prev = &head, *p = head.next;
                while (p && p->key < key) { prev = p; p = p->next; }
                if (!p || p->key != key) { n->key = key; n->next = p; prev->next = n; n = 0; }
            }
            free(n);
        } else if (kind < 20) {
            atomic {
                node_t *prev = &head, *p = head.next;
                while (p && p->key < key) { prev = p; p = p->next; }
                if (p && p->key == key) prev->next = p->next;
            }
        } else {
            int hit;
            atomic {
                node_t *p = head.next;
                while (p && p->key < key) p = p->next;
                hit = p && p->key == key;
            }
            (void)hit;
        }
    }
    return a;
}
int main(void) { pthread_t t; pthread_create(&t, 0, worker, 0); worker(0); pthread_join(t, 0); return 0; }
"""

QUEUE = r"""
#include <pthread.h>
int slots[64]; unsigned head, tail, count;
void push(int v) { atomic { if (count == 64) retry; slots[tail] = v; tail = (tail + 1) % 64; count++; } }
int pop(void) { int v; atomic { if (count == 0) retry; v = slots[head]; head = (head + 1) % 64; count--; } return v; }
void *producer(void *a) { for (int i = 0; i < 1000; i++) push(i); return a; }
int main(void) { pthread_t t; pthread_create(&t, 0, producer, 0); for (int i = 0; i < 1000; i++) pop(); pthread_join(t, 0); return 0; }
"""

HASHMAP = r"""
#include <pthread.h>
#include <stdlib.h>
typedef struct node { long key; struct node *next; } node_t;
node_t *buckets[256];
void *worker(void *a) {
    for (long i = 0; i < 1000; i++) {
        long key = rand() % 4096;
        node_t **b = &buckets[key % 256];
        if (rand() % 100 < 20) {
            node_t *n = malloc(sizeof *n);
            atomic {
                node_t **pp = b, *p = *b;
                while (p && p->key < key) { pp = &p->next; p = p->next; }
                if (!p || p->key != key) { n->key = key; n->next = p; *pp = n; n = 0; }
            }
            free(n);
        } else {
            int hit;
            atomic {
                node_t *p = *b;
                while (p && p->key < key) p = p->next;
                hit = p && p->key == key;
            }
            (void)hit;
        }
    }
    return a;
}
int main(void) { pthread_t t; pthread_create(&t, 0, worker, 0); worker(0); pthread_join(t, 0); return 0; }
"""

WALK_WITH_IO = r"""
#include <pthread.h>
#include <stdio.h>
typedef struct node { long key; struct node *next; } node_t;
node_t *list;
void *show(void *a) {
    atomic { for (node_t *p = list; p; p = p->next) printf("%ld\n", p->key); }
    return a;
}
int main(void) { pthread_t t; pthread_create(&t, 0, show, 0); show(0); pthread_join(t, 0); return 0; }
"""


def strategies(tmp_path, src, cpus):
    p = tmp_path / "prog.c"
    p.write_text(src)
    an = driver.analyze_file(str(p), cpus=cpus)
    return [an.plans[b.index].strategy for b in an.blocks.blocks], an


@pytest.mark.parametrize("src,want", [
    (COUNTER, {1: "atomic-op", 2: "atomic-op", 64: "atomic-op"}),
    (BANK, {1: "global", 2: "pervar", 64: "pervar"}),
    (LIST, {1: "global", 2: "stm", 64: "stm"}),
    (QUEUE, {1: "global", 2: "global", 64: "global"}),
], ids=["counter", "bank", "list", "queue"])
def test_choice_by_cpus(tmp_path, src, want):
    for cpus, strategy in want.items():
        got, _ = strategies(tmp_path, src, cpus)
        assert set(got) == {strategy}, (cpus, got)


def test_irrevocable_walk_is_never_stm(tmp_path):
    for cpus in (1, 2, 64):
        got, an = strategies(tmp_path, WALK_WITH_IO, cpus)
        assert got == ["global"] or got == ["pervar"]
        model = an.plans[1].model
        assert "printf" in model["not_legal"]["stm"]
        assert "stm" not in [e["strategy"] for e in model["estimates"]]


def test_estimates_are_ranked_and_the_first_is_chosen(tmp_path):
    for src in (BANK, LIST, QUEUE):
        for cpus in (1, 2, 64):
            _, an = strategies(tmp_path, src, cpus)
            for b in an.blocks.blocks:
                plan = an.plans[b.index]
                est = plan.model["estimates"]
                assert est[0]["strategy"] == plan.strategy and est[0]["relative_throughput"] == 1.0
                assert [e["relative_throughput"] for e in est] == sorted((e["relative_throughput"] for e in est),
                                                                         reverse=True)
                assert plan.model["cpus"] == cpus
                if cpus == 1:       # one CPU: nothing runs in parallel
                    assert all(e["speedup"] == 1.0 for e in est)


def test_forced_strategy_has_no_model(tmp_path):
    p = tmp_path / "bank.c"
    p.write_text(BANK)
    an = driver.analyze_file(str(p), strategy="stm", cpus=2)
    assert an.plans[1].strategy == "stm" and an.plans[1].model is None


def test_explain_shows_the_model(tmp_path):
    p = tmp_path / "list.c"
    p.write_text(LIST)
    r = atomicc("explain", str(p), "--cpus=64")
    assert r.returncode == 0, r.stderr
    assert "cost model for 64 CPUs (--cpus=N), best first:" in r.stdout
    assert "the cost model estimates" in r.stdout
    r = atomicc("explain", str(p), "--cpus", "2", "--format=json")
    data = json.loads(r.stdout)
    for b in data["blocks"]:
        assert b["strategy"] == "stm" and b["cost_model"]["cpus"] == 2
        assert {e["strategy"] for e in b["cost_model"]["estimates"]} == {"global", "pervar", "stm"}
        assert "atomic-op" in b["cost_model"]["not_legal"]


@pytest.mark.parametrize("bad", ["0", "-3", "many", "5000"])
def test_bad_cpus_is_a_usage_error(tmp_path, bad):
    p = tmp_path / "c.c"
    p.write_text(COUNTER)
    for cmd in (["explain", str(p), "--cpus=" + bad], [str(p), "--cpus=" + bad],
                ["cc", str(p), "--cpus=" + bad, "-o", str(tmp_path / "x")]):
        r = atomicc(*cmd)
        assert r.returncode == 2 and "--cpus wants a number of CPUs" in r.stderr, (cmd, r.returncode, r.stderr)
        assert "Traceback" not in r.stderr
    assert not (tmp_path / "x").exists()


def test_cc_passes_cpus_to_the_compiler(tmp_path):
    p = tmp_path / "list.c"
    p.write_text(LIST)
    r = atomicc("cc", str(p), "--cpus=64", "-o", str(tmp_path / "x"), "-###")
    assert r.returncode == 0 and "--cpus=64" in r.stderr


def sim_strategies(tmp_path, src, cpus):
    return {p.strategy for p in sim_model(tmp_path, src, cpus)[1].values()}


@pytest.mark.parametrize("src,want", [
    (COUNTER, {1: "atomic-op", 2: "atomic-op", 64: "atomic-op"}),
    (BANK, {1: "global", 2: "pervar", 64: "pervar"}),
    (BANK.replace("1024", "16"), {1: "global", 8: "pervar", 64: "global"}),
    (LIST, {1: "global", 2: "pervar", 8: "pervar"}),
    (HASHMAP, {1: "global", 64: "stm"}),
    (QUEUE, {1: "global", 2: "global", 64: "global"}),
], ids=["counter", "bank", "bank-16", "list", "hashmap", "queue"])
def test_sim_table_choices(tmp_path, src, want):
    """--target=sim plans with the table fitted to the simulator (bench/costmodel-fit.md):
    a walk from a fixed list head crosses the whole list (pervar's shared lock
    pays off from 2 CPUs) and conflicts with every writer, hash chains mostly
    do not; 16 accounts have room for 8 transfers at once, and at 64 CPUs the
    global lock beats the object locks' queues."""
    for cpus, strategy in want.items():
        assert sim_strategies(tmp_path, src, cpus) == {strategy}, cpus


def test_tables_differ_by_target():
    from atomicc.plan import costmodel
    assert costmodel.costs("native") is costmodel.NATIVE and costmodel.costs("sim") is costmodel.SIM
    assert costmodel.NATIVE.CONTEND == 0 and costmodel.SIM.STM_BLOCK > costmodel.NATIVE.STM_BLOCK


def test_explain_target_sim(tmp_path):
    src = tmp_path / "list.c"
    src.write_text(LIST)
    native = atomicc("explain", "--cpus=8", str(src)).stdout
    sim = atomicc("explain", "--target=sim:8", str(src)).stdout
    assert "strategy: stm" in native and "strategy: pervar" in sim
    r = atomicc("explain", "--target=gpu", str(src))
    assert r.returncode == 2 and "unknown target 'gpu'" in r.stderr


# --- program-wide inputs: work between blocks, one-of-a-kind objects ---------------------

# Threads claim work from one job descriptor (reached through the thread's
# argument, never by name) and compute a while between claims.
JOB = r"""
#include <pthread.h>
#include <stdlib.h>
typedef struct { long next, done; double grid[4096]; } job_t;
static double score(job_t *j, long i) {
    double s = 0;
    for (int a = 0; a < 64; a++)
        for (int b = 0; b < 64; b++)
            s += j->grid[(i * 7 + a * 64 + b) % 4096] * (a - b);
    return s;
}
static void *worker(void *arg) {
    job_t *j = arg;
    for (;;) {
        long i;
        atomic { i = j->next; j->next = i + 1; }
        if (i >= 1000) break;
        COMPUTE
        atomic { j->done++; }
    }
    return 0;
}
int main(void) {
    static job_t job;
    pthread_t t[4];
    for (int k = 0; k < 4; k++) pthread_create(&t[k], 0, worker, &job);
    for (int k = 0; k < 4; k++) pthread_join(t[k], 0);
    return job.done != 1000;
}
"""


def sim_model(tmp_path, src, cpus):
    p = tmp_path / "prog.c"
    p.write_text(src)
    an = driver.analyze_program(driver.load_program([(str(p), [])]), "auto", cpus, target="sim")
    return an, {b.index: an.plans[b.index] for b in an.blocks.blocks}


def test_one_of_a_kind_object_reached_through_a_pointer_is_a_fixed_word(tmp_path):
    """`j->next` is the one static job's member in every thread: every claim
    writes the same word, so STM's snapshot always breaks (serial 1)."""
    _, plans = sim_model(tmp_path, JOB.replace("COMPUTE", "(void)score;"), 8)
    est = {e["strategy"]: e for e in plans[1].model["estimates"]}
    assert est["stm"]["serial_fraction"] == 1.0
    assert plans[1].strategy == "global"


def test_work_between_blocks_lets_a_serial_lock_scale(tmp_path):
    """With 4,096 multiply-adds between claims the global lock is busy a
    small share of the time: its speedup grows with CPUs (not 1x)."""
    _, idle = sim_model(tmp_path, JOB.replace("COMPUTE", "(void)score;"), 8)
    _, busy = sim_model(tmp_path, JOB.replace("COMPUTE", "if (score(j, i) < 0) j->grid[0] += 0;"), 8)
    g_idle = {e["strategy"]: e for e in idle[1].model["estimates"]}["global"]
    g_busy = {e["strategy"]: e for e in busy[1].model["estimates"]}["global"]
    assert busy[1].model["outside_cycles_per_block"] > 20 * idle[1].model["outside_cycles_per_block"]
    assert g_busy["speedup"] > 4 and g_idle["speedup"] < 2
    assert busy[1].strategy == "global"


# A tree whose size only an insert changes: lookups outnumber inserts, and
# an insert returns early when the key is there.
TREE = r"""
#include <pthread.h>
#include <stdlib.h>
typedef struct node { long key; struct node *left, *right; } node_t;
typedef struct { node_t *root; long size; } tree_t;
static int insert(tree_t *t, node_t *n) {
    node_t *p = t->root, *parent = 0;
    while (p) {
        if (p->key == n->key) return 0;
        parent = p;
        p = n->key < p->key ? p->left : p->right;
    }
    if (!parent) t->root = n;
    else if (n->key < parent->key) parent->left = n;
    else parent->right = n;
    SIZE
    return 1;
}
static int find(tree_t *t, long key) {
    node_t *p = t->root;
    while (p && p->key != key) p = key < p->key ? p->left : p->right;
    return p != 0;
}
static void *worker(void *arg) {
    tree_t *t = arg;
    for (long i = 0; i < 1000; i++) {
        long key = rand() % 100000;
        node_t *n = malloc(sizeof *n);
        n->key = key; n->left = n->right = 0;
        int added;
        atomic { added = find(t, key) ? 0 : insert(t, n); }
        if (!added) free(n);
    }
    return 0;
}
int main(void) {
    static tree_t tree;
    pthread_t t[4];
    for (int k = 0; k < 4; k++) pthread_create(&t[k], 0, worker, &tree);
    for (int k = 0; k < 4; k++) pthread_join(t[k], 0);
    return 0;
}
"""


def test_a_word_written_on_a_rare_path_conflicts_less(tmp_path):
    """The one tree's `size` is written by an insert that a lookup guards and
    that returns early on a hit: a snapshot breaks on it far less often than
    on a word every run writes."""
    _, rare = sim_model(tmp_path, TREE.replace("SIZE", "t->size++;"), 16)
    _, always = sim_model(tmp_path, TREE.replace("SIZE", "").replace(
        "atomic { added", "atomic { t->size += 0; added"), 16)
    s_rare = {e["strategy"]: e for e in rare[1].model["estimates"]}["stm"]["serial_fraction"]
    s_always = {e["strategy"]: e for e in always[1].model["estimates"]}["stm"]["serial_fraction"]
    assert s_always == 1.0 and s_rare <= 0.5


def test_run_counts_and_object_counts(tmp_path):
    from atomicc.plan import costmodel
    src = tmp_path / "p.c"
    src.write_text(r"""
#include <pthread.h>
#include <stdlib.h>
typedef struct { long n; } box_t;
static box_t *once_box, *per_thread[4], *loop_box[8];
static box_t *make(void) { return malloc(sizeof(box_t)); }
static void setup(void) { once_box = malloc(sizeof(box_t)); }
static void *run(void *a) { per_thread[(long)a] = calloc(1, sizeof(box_t)); return a; }
int main(void) {
    pthread_t t[4];
    setup();
    for (int i = 0; i < 8; i++) loop_box[i] = make();
    for (long i = 0; i < 4; i++) pthread_create(&t[i], 0, run, (void *)i);
    for (int i = 0; i < 4; i++) pthread_join(t[i], 0);
    atomic { once_box->n++; per_thread[0]->n++; loop_box[0]->n++; }
    return 0;
}
""")
    an = driver.analyze_program(driver.load_program([(str(src), [])]), "auto", 4, target="sim")
    pa, cg = an.accesses.pa, an.callgraph
    once, few = costmodel.run_counts(pa, cg)
    assert sorted(f.name for f in once) == ["main", "setup"]
    assert sorted(f.name for f in few) == ["main", "run", "setup"]
    counts = costmodel.ObjectCounts(pa, cg)
    site = {m.name.split(":")[1]: pa.find(m) for ms in pa.members.values() for m in ms if m.kind == "heap"}
    # lines: make() 6, setup() 7, run() 8
    assert site["7"] in counts.one and site["8"] in counts.few and site["8"] not in counts.one
    assert site["6"] not in counts.few          # make() runs in a loop


def test_array_length_gives_the_chance_two_blocks_meet(tmp_path):
    """The accounts a transfer locks are drawn from a sized array: with 16 of
    them two transfers meet on an account with a chance of 2 x 2 / 16, so
    per-account locks serialise a quarter of the runs and at 2 CPUs the
    single lock wins; with 1,024 (a chance of 1/256) they do not.  The
    length is a constant expression (a macro's arithmetic)."""
    small = BANK.replace("bank[1024]", "bank[4 * (2 + 2)]").replace("% 1024", "% 16")
    _, plans = sim_model(tmp_path, small, 2)
    est = {e["strategy"]: e for e in plans[1].model["estimates"]}
    assert est["pervar"]["serial_fraction"] == pytest.approx(0.25, abs=0.01)
    assert est["stm"]["serial_fraction"] == pytest.approx(0.25, abs=0.01)
    assert plans[1].strategy == "global"
    _, plans = sim_model(tmp_path, BANK, 2)
    est = {e["strategy"]: e for e in plans[1].model["estimates"]}
    assert est["pervar"]["serial_fraction"] < 0.01
    assert plans[1].strategy == "pervar"
    # an array of unknown length (declared elsewhere) keeps the old guess
    _, plans = sim_model(tmp_path, BANK.replace("account_t bank[1024];", "extern account_t bank[];"), 2)
    est = {e["strategy"]: e for e in plans[1].model["estimates"]}
    assert est["pervar"]["serial_fraction"] == 0.0


def test_explain_names_the_room_of_a_small_array(tmp_path):
    """16 accounts, 2 per transfer: at most 8 transfers run at once under
    pervar and stm, which explain says (text and JSON) when the CPUs outnumber it."""
    p = tmp_path / "bank16.c"
    p.write_text(BANK.replace("1024", "16"))
    r = atomicc("explain", str(p), "--target=sim:64")
    assert r.returncode == 0, r.stderr
    rows = [ln for ln in r.stdout.splitlines() if "cycles per block" in ln]
    assert len(rows) == 3, r.stdout
    for ln in rows:
        assert ("at most 8 blocks at once" in ln) == (ln.split()[0] in ("pervar", "stm")), ln
    r = atomicc("explain", str(p), "--target=sim:64", "--format=json")
    est = {e["strategy"]: e for e in json.loads(r.stdout)["blocks"][0]["cost_model"]["estimates"]}
    assert est["pervar"]["blocks_at_once"] == 8 and est["stm"]["blocks_at_once"] == 8
    assert "blocks_at_once" not in est["global"]
    r = atomicc("explain", str(p), "--target=sim:4", "--format=json")
    assert all("blocks_at_once" not in e for e in json.loads(r.stdout)["blocks"][0]["cost_model"]["estimates"])
