"""The `auto` cost model: estimated throughput of each legal strategy for one
conflict component (the blocks that share data, which must all use the same
strategy), on a machine of `cpus` CPUs.  `choose()` in strategy.py decides
what is legal; this module ranks what is left.

For strategy s, with the component's blocks weighted by how often they are
likely to run (w_b: x LOOP_TRIPS per enclosing loop, x 1/2 per enclosing
`if`/`switch`/`?:` arm, x 1/K for the then-arm of an "every K-th time" test
`if (i % K == c)`, in the function that holds the block; and x
READ_ONLY_WEIGHT for a block that writes nothing shared: the prior that
lookups outnumber updates, as in the usual 80/20 set and map workloads):

    throughput(s) = speedup(s) / (cost(s) + out)
    cost(s)       = sum_b w_b * cost_b(s) / sum_b w_b        cycles per block
    speedup(s)    = amdahl(serial(s) * cost(s) / (cost(s) + out), cpus)
    amdahl(f, n)  = 1 / (f + (1 - f) / n)

out is what the threads compute between blocks, per block run
(`outside_work()`: the weighted expression nodes of the threads' code
outside blocks, x OUTSIDE_NODE cycles): a maze router or a packet scanner
that works a long while between short blocks keeps even one global lock
busy only a small share of the time, so the lock scales until it is
saturated; a bank that does nothing else does not.

cost_b(s) is the block's own work (ACCESS per shared access it makes, an
access in a loop counting LOOP_TRIPS times, in a recursive callee too, and a
read in a loop of a block that walks from a fixed entry, a static list head,
FIXED_WALK times more: such a walk crosses the whole structure, where a hash
chain or a tree path is short) plus what s adds to it, in CPU cycles.  The
constants were fitted to run times of bench/native on a 2-core Xeon (gcc
-O2; bank: 4 reads and 4 writes per transfer; list: a walk of ~256 nodes):
cycles, not instructions, because out-of-order execution hides most of
STM's bookkeeping behind the latency of a pointer walk (the list's STM walk
runs 23 more instructions per read but only 1.7x the time of the locked
walk: about 1.4 more cycles per read):

    global     GLOBAL_BLOCK per block (inline spin-then-park lock)
    pervar     PV_BLOCK + PV_LOCK per lock of the block's lock plan
    stm        STM_BLOCK + STM_READ per read + STM_WRITE per write, and, for
               a block that writes, STM_COMMIT per written word and
               STM_VALIDATE per read (commit-time validation)
    atomic-op  ATOMIC_OP in all (one locked read-modify-write)

With more than one CPU, a lock word or data word that every block of the
component writes moves between caches at every block: + LINE per such word
and block (the global lock's word; a pervar class lock in any mode, since
even IS/IX holders write its counts; a stripe lock on a fixed global address,
e.g. a queue's `count`).  STM's lock table words are shared only when the
data is, and the data transfer is paid by every strategy alike.

For pervar and stm, a sized array whose elements the blocks write at k
computed indices (a bank of n accounts) has room for n / k blocks at once:
the overlapping part of the blocks runs on at most that many CPUs, and each
CPU beyond it adds ROOM_CONTEND cycles per block (its waits, or aborts, make
the objects' lines bounce).

serial(s) is the fraction of the component's time (weight x cost) spent in
blocks that cannot overlap another run of themselves:
    global     1 (every block excludes every other)
    atomic-op  1 for a fixed global address (one cache line takes every
               update in turn), else 0
    pervar     blocks that take a class lock in X mode, or a W lock on a
               fixed global address (every run of the block wants it); a
               block holding a class S lock waits for the time share of
               the blocks that take that class in a conflicting mode
    stm        the time-weighted chance that a block's snapshot is broken
               by a concurrent commit (it aborts and runs again): 1 when
               another block writes a fixed global address the block
               touches, WALK_CONFLICT when another block writes an object
               of a class the block walks or scans (reads without a fixed
               address) from a fixed entry, or scans with a loop counter
               as index (it reads the whole range, so it meets every
               writer), KEYED_WALK_CONFLICT for a walk entered at a
               computed address (a hash chain), KEYED_CONFLICT for objects
               at computed addresses (two random accounts rarely collide).

A "fixed global address" is a word every run of the block touches: a
static variable or a constant element of one, and also a member of an
object the program has only one of, however the block reaches it (a job
descriptor or a queue handed to every thread through a pointer: `static
job_t job` in main, or one malloc in a function that runs once):
`ObjectCounts`.  A write to such a member conflicts with the chance that a
run makes it (x 1/2 per enclosing `if` arm, `?:` arm, `&&`/`||` right side,
and after each statement that may return, through the calls that reach
it: a tree's `size` changes only on an insert that a lookup guards, a
queue's `count` on every run).

`retry` changes no estimate: every strategy supports it, and a thread
waiting in retry is off the throughput path.  Irrevocable calls and
unresolved calls make strategies illegal before the model runs.

With one CPU every speedup is 1 and the cheapest strategy wins (`global`
unless a single atomic instruction does).  With more, objects known at
block entry go to `pervar` (a bank), walks to `stm` (a sorted list: its
transactions overlap, a class-wide lock would serialize the updates), and
components whose blocks all write one fixed location to `global` (a bounded
queue's `count`: nothing can overlap, so the cheapest lock wins).  The model is deliberately
small: its inputs are what the analysis knows statically, and `atomicc
explain` prints every number it used.

    >>> round(amdahl(0.5, 2), 3)
    1.333
"""

from ..analysis.callgraph import calls_in, func_key
from ..frontend import ast as A
from ..semantics.bind import int_constant
from ..semantics.ctypes import ELEMENT

LOOP_TRIPS = 16
ACCESS = 2          # cycles per plain shared access (an L1 hit in a walk)
BLOCK_WORK = 10
GLOBAL_BLOCK = 10   # bank at 1 thread: global 7.6 ns per transfer, a spinlock 7.5
PV_BLOCK = 10       # pervar 23.8 ns with 3 locks
PV_LOCK = 15
STM_BLOCK = 30      # stm (normal mode) 32 ns; list walk +1.4 cycles per read
STM_READ = 2
STM_WRITE = 5
STM_COMMIT = 5
STM_VALIDATE = 1
ATOMIC_OP = 8
LINE = 100          # a cache line that moves to another CPU
READ_ONLY_WEIGHT = 4
WALK_CONFLICT = 0.25
KEYED_WALK_CONFLICT = 0.25   # ... a walk entered at a computed address (a hash chain), not a fixed one
KEYED_CONFLICT = 0.02

CONTEND = 0         # cycles per block and per extra CPU that waits for a serial lock
ROOM_CONTEND = 0    # cycles per block and per CPU beyond the room of its object locks (16 accounts, 2 per block: 8)
FIXED_WALK = 1      # x the reads of a walk from a fixed entry (a list head): the whole structure, not one chain
OUTSIDE_NODE = 0.25 # cycles per expression node the threads run outside blocks (the simulator charges 0.25 per estimated instruction: WORK)

ORDER = ("atomic-op", "global", "pervar", "stm")   # tie break: the simpler strategy

_KNOBS = ("ACCESS", "BLOCK_WORK", "GLOBAL_BLOCK", "PV_BLOCK", "PV_LOCK", "STM_BLOCK", "STM_READ", "STM_WRITE",
          "STM_COMMIT", "STM_VALIDATE", "ATOMIC_OP", "LINE", "WALK_CONFLICT", "KEYED_WALK_CONFLICT", "KEYED_CONFLICT", "CONTEND",
          "ROOM_CONTEND", "FIXED_WALK", "OUTSIDE_NODE")


class Costs:
    """One machine's constants (the names above).  NATIVE: fitted to native
    runs (the values above); SIM: fitted to the simulated multiprocessor
    (`--target=sim`), whose in-order cores pay every access of STM's
    bookkeeping and whose lock lines queue (bench/fit_costmodel.py, with the
    fit recorded in bench/costmodel-fit.md)."""

    def __init__(self, **values):
        for k in _KNOBS:
            setattr(self, k, values.get(k, globals()[k]))

    def replace(self, **values):
        d = {k: getattr(self, k) for k in _KNOBS}
        d.update(values)
        return Costs(**d)

    def as_dict(self):
        return {k: getattr(self, k) for k in _KNOBS}


NATIVE = Costs()
# Fitted by bench/fit_costmodel.py to `atomicc bench` on the simulator (11
# programs x 7 vCPU counts, WORK 0.25; bench/costmodel-fit.md): STM's
# bookkeeping costs a whole in-order block, a walk from one fixed entry always
# meets a writer (1.2, more than a sure conflict: the aborted walk's work is
# lost too) while hash chains mostly do not, and a serial lock's line queues
# longer with every waiting CPU.  Refit after the global lock's waiters
# polled less (it no longer slows down past 8 vCPUs): a list walk from its
# head is 4x the reads of a short walk (pervar's shared S lock beats the
# global lock from 2 vCPUs on), and the threads beyond the room of a bank of
# 16 accounts cost 30 cycles each per block (pervar falls from 16.8M to 10.3M
# transfers per simulated second between 8 and 64 vCPUs, below the global
# lock's 15M).
SIM = Costs(STM_BLOCK=240, STM_READ=2.4, PV_BLOCK=40, LINE=12.5, CONTEND=10, WALK_CONFLICT=1.2,
            KEYED_WALK_CONFLICT=0.125, FIXED_WALK=4, ROOM_CONTEND=30)


def amdahl(serial, cpus):
    return 1.0 / (serial + (1.0 - serial) / cpus)


class Estimate:
    """What the model thinks of one strategy for one component."""

    def __init__(self, strategy, cost, serial, cpus, outside=0.0, room=None):
        self.strategy = strategy
        self.cost = cost                  # cycles per block (weighted mean)
        self.serial = serial              # fraction of the blocks' time that cannot overlap
        self.outside = outside            # cycles the threads work outside blocks per block run
        self.room = room                  # at most this many blocks can run at once (None: no bound)
        self.cpus = cpus
        period = cost + outside
        if period <= 0:
            self.speedup = 1.0
        elif room is None or room >= cpus:
            self.speedup = amdahl(serial * cost / period, cpus)
        else:       # the blocks' overlapping part runs on `room` CPUs, the outside work on all
            self.speedup = period / (serial * cost + (1.0 - serial) * cost / max(room, 1.0) + outside / cpus)
        self.throughput = self.speedup / period if period > 0 else 0.0

    def as_dict(self, best):
        d = {"strategy": self.strategy, "cycles_per_block": round(self.cost, 1),
             "serial_fraction": round(self.serial, 3), "speedup": round(self.speedup, 2),
             "relative_throughput": round(self.throughput / best, 3) if best else 0.0}
        if self.room is not None and self.room < self.cpus:
            d["blocks_at_once"] = round(self.room, 1)
        return d


class BlockFacts:
    """Static counts of one block that the model uses."""

    def __init__(self, weight, reads, writes, fixed_writes, fixed_touch, walked, keyed_writes, scanned=frozenset(),
                 fixed_keys=None, named_touch=None, keyed_elements=None, walk_reads=0.0):
        self.weight = weight
        self.reads = reads                # shared reads per run (loops x LOOP_TRIPS)
        self.walk_reads = walk_reads      # ... of them, in loops that walk from a named fixed entry
        self.writes = writes
        # cells at a fixed global address it writes -> how surely one run writes it
        self.fixed_writes = fixed_writes if isinstance(fixed_writes, dict) else dict.fromkeys(fixed_writes, 1.0)
        self.fixed_touch = fixed_touch    # ... it reads or writes
        self.walked = walked              # classes it reads without a fixed address in a loop
        self.keyed_writes = keyed_writes  # classes it writes at computed addresses
        self.scanned = scanned            # walked classes it reads as x[i], i a loop counter (a whole range)
        # key signatures of the fixed cells: a stripe lock on one of them is one shared word
        self.fixed_keys = fixed_keys if fixed_keys is not None else {cell[2] for cell in fixed_touch}
        # ... of them, the statics it names (a list head it walks from: not a
        # member of a one-of-a-kind object it reaches through a pointer)
        self.named_touch = named_touch if named_touch is not None else fixed_touch
        # classes of a known number of array elements it locks at computed
        # indices -> (that number, the distinct keys, writes any): two runs
        # that draw their keys at random meet on one with a chance of
        # keys x keys / elements (a bank of 16 accounts: 2 x 2 / 16)
        self.keyed_elements = keyed_elements or {}


def _loop_spans(bodies):
    """(unit, start, end) of every loop in the bodies ((unit, body) pairs): offsets are per unit."""
    spans = []
    for unit, body in bodies:
        for n in A.walk(body):
            if type(n) in (A.While, A.DoWhile, A.For):
                spans.append((unit, n.start, n.end))
    return spans


def _depth(spans, unit, pos):
    return sum(1 for u, s, e in spans if u is unit and s <= pos < e)


def block_weight(block, defs):
    """x LOOP_TRIPS per loop and x 1/2 per conditional around the block in its function."""
    fn = defs.get(block.func)
    if fn is None:
        return 1.0
    target = block.node
    w = 1.0

    def visit(n, acc):
        nonlocal w
        if n is target:
            w = acc
            return True
        t = type(n)
        for c in A.iter_children(n):
            f = acc * (LOOP_TRIPS if t in (A.While, A.DoWhile, A.For) and c is n.body else _branch_share(n, c))
            if c is not None and c.start <= target.start < c.end and visit(c, f):
                return True
        return False

    visit(fn.body, 1.0)
    return w


def _branch_share(n, c):
    """How often child c of node n runs when n does: an `if` arm 1/2 (1/K
    for the then-arm of `x % K == c`, 1 - 1/K for its else-arm), a `switch`
    body or a `?:` arm 1/2, the right side of `&&` and `||` 1/2; else 1."""
    t = type(n)
    if t is A.If:
        if c is n.then:
            return _then_share(n.cond)
        if c is n.els:
            return 1.0 - _then_share(n.cond)
    elif (t is A.Switch and c is n.body) or (t is A.Cond and (c is n.then or c is n.els)) or \
            (t is A.Binary and n.op in ("&&", "||") and c is n.right):
        return 0.5
    return 1.0


def _then_share(cond):
    """How often an `if` takes its then-branch: 1/K for `x % K == c` (an
    "every K-th time" test), 1 - 1/K for `x % K != c`, else 1/2."""
    while type(cond) is A.Paren:
        cond = cond.expr
    if type(cond) is A.Binary and cond.op in ("==", "!="):
        for side in (cond.left, cond.right):
            while type(side) is A.Paren:
                side = side.expr
            if type(side) is A.Binary and side.op == "%" and type(side.right) is A.Const:
                k = int_constant(side.right) or 0
                if k > 1:
                    return 1.0 / k if cond.op == "==" else 1.0 - 1.0 / k
    return 0.5


def call_sites(cg):
    """id(Call) -> (calling function, inside a loop?, a direct call?) for every call of the program."""
    out = {}
    for f, fd in cg.defs.items():
        loops = [(n.start, n.end) for n in A.walk(fd.body) if type(n) in (A.While, A.DoWhile, A.For)]
        for call in calls_in(fd.body):
            fn = call.func
            while type(fn) is A.Paren:
                fn = fn.expr
            direct = type(fn) is A.Id and fn.sym is not None and fn.sym.kind == "func"
            out[id(call)] = (f, any(s <= call.start < e for s, e in loops), direct)
    return out


def run_counts(pa, cg, calls=None):
    """(once, few): the functions that run at most once per program run
    (`main`, and a function with exactly one call site, a direct call outside
    any loop in a function that runs once), and those that run a bounded
    number of times (main and the threads' start routines, and a function
    whose every call site, direct or through a pointer, is outside loops in
    a function that does).  Neither holds a function on a call cycle, and
    `once` none whose address is taken."""
    main = next((f for f in cg.defs if f.name == "main" and f.linkage == "external"), None)
    if main is None:
        return set(), set()
    sites = {}
    roots = set()
    for key, (f, looped, direct) in (calls if calls is not None else call_sites(cg)).items():
        for t in pa.call_targets.get(key, ()):
            sites.setdefault(t, []).append((f, not looped, direct))
        roots.update(pa.thread_roots.get(key, ()))
    recursive = cg.recursive()

    def grow(start, single):
        # once: one direct call; few: calls through pointers count too (a
        # start routine run through a trampoline's pointer)
        out = set(start)
        changed = True
        while changed:
            changed = False
            for f, ss in sites.items():
                if f in out or f in roots or f in recursive or f not in cg.defs or (single and len(ss) != 1):
                    continue
                o = pa.funcs.get(f)
                if single and o is not None and len(pa.members_of(o)) > 1:      # its address is taken
                    continue
                if all(unlooped and caller in out and (direct or not single) for caller, unlooped, direct in ss):
                    out.add(f)
                    changed = True
        return out

    return grow({main}, True), grow({main} | (roots & set(cg.defs)), False)


class ObjectCounts:
    """Alias classes by how many objects they stand for in a run: `one` (a
    static variable, a local of a function that runs once, an allocation
    made once: a malloc outside loops in a function that runs once) and
    `few` (also per-thread objects and allocations made a bounded number of
    times: a grid every thread allocates once).  Arrays are never `one`:
    their elements are many words."""

    def __init__(self, pa, cg):
        sites = call_sites(cg)
        once, few_runs = run_counts(pa, cg, sites)
        self.one, self.few = set(), set()
        self.elements = {}      # class -> how many array elements its objects hold, when all are sized arrays
        for r, members in pa.members.items():
            if pa.find(r) is not r:
                continue
            real = [m for m in members if m.kind != "anon"]
            if not real:
                continue
            sizes = [m.sym.type.elements if m.kind == "global" and m.sym is not None and m.sym.type.is_array
                     else None for m in real]
            if all(n for n in sizes):
                self.elements[r] = sum(sizes)
            counts = [self._count(m, once, few_runs, sites) for m in real]
            if all(c in ("one", "few") for c in counts):
                self.few.add(r)
                if len(real) == 1 and counts[0] == "one":
                    self.one.add(r)

    @staticmethod
    def _count(m, once, few_runs, sites):
        if m.kind == "global" or m.kind == "local":
            f = m.sym.func if m.kind == "local" and m.sym is not None else None
            if m.kind == "local" and f not in few_runs:
                return "many"
            if m.sym is not None and m.sym.type.is_array:
                return "few"
            return "one" if m.kind == "global" or f in once else "few"
        if m.kind == "heap" and m.site is not None:
            f = sites.get(id(m.site))
            if f is None or f[1]:
                return "many"
            return "one" if f[0] in once else "few" if f[0] in few_runs else "many"
        return "many"


LIBRARY_CALL = 10       # nodes charged for a call of a function without a body


def outside_work(blocks, pa, cg):
    """Work the threads do outside atomic blocks, per block run: weighted
    expression nodes (x LOOP_TRIPS per loop, x 1/2 per conditional arm, calls
    times their callee's total, LIBRARY_CALL for a function without a body)
    outside every block, over the weighted number of block runs, summed over
    the thread start routines (`main` when no thread is started).  This is
    what keeps a serial lock from being the bottleneck of a program that
    computes between its blocks (a maze router, a packet scanner)."""
    roots = sorted({t for ts in pa.thread_roots.values() for t in ts if t in cg.defs}, key=func_key)
    if not roots:
        roots = [f for f in cg.defs if f.name == "main"]
    in_block = {id(b.node): b for b in blocks.blocks}
    memo = {}

    def total(f):
        """(work nodes, block runs) of one call of f, callees included."""
        got = memo.get(f)
        if got is not None:
            return got
        memo[f] = (0.0, 0.0)            # a call cycle adds nothing more
        work = runs = 0.0
        stack = [(cg.defs[f].body, 1.0)]
        while stack:
            n, w = stack.pop()
            t = type(n)
            if t is A.Atomic and id(n) in in_block:
                runs += w                  # (blocks its callees run nest in it: not counted)
                continue
            if t is A.NestedFunc:
                continue
            if isinstance(n, A.Node) and not isinstance(n, A.TypeName) and t not in (A.Compound, A.Decl):
                work += w
            if t is A.Call:
                targets = pa.call_targets.get(id(n), ())
                if not any(g in cg.defs for g in targets):
                    work += w * LIBRARY_CALL
                for g in targets:
                    if g in cg.defs:
                        gw, gr = total(g)
                        work += w * gw / len(targets)
                        runs += w * gr / len(targets)
            for c in A.iter_children(n):
                if c is not None:
                    loop = t in (A.While, A.DoWhile, A.For) and c is n.body
                    stack.append((c, w * (LOOP_TRIPS if loop else _branch_share(n, c))))
        memo[f] = (work, runs)
        return memo[f]

    work = runs = 0.0
    for r in roots:
        w, b = total(r)
        work += w
        runs += b
    return work / runs if runs else 0.0


def _factors(body, cache):
    """id(node) -> the chance that node runs when `body` runs: the
    `_branch_share` of every branch it is under, and x 1/2 after each
    statement that may return."""
    out = cache.get(id(body))
    if out is not None:
        return out
    out = cache[id(body)] = {}
    stack = [(body, 1.0)]
    while stack:
        n, f = stack.pop()
        out[id(n)] = f
        t = type(n)
        if t is A.Compound:
            # what follows a statement that may return (`if (found) return 0;`,
            # a search loop that returns on a hit) runs only on the other path
            for c in n.items:
                stack.append((c, f))
                if type(c) is not A.NestedFunc and any(type(x) is A.Return for x in A.walk(c)):
                    f *= 0.5
            continue
        for c in A.iter_children(n):
            if c is not None:
                stack.append((c, f * _branch_share(n, c)))
    return out


def _certainties(block, pa, cg, reach, cache):
    """Function Symbol -> the chance that one run of the block calls it (at
    least once), the block's body itself under the key None."""
    cert = {None: 1.0}
    sources = [(None, block.node.body)] + [(f, cg.defs[f].body) for f in sorted(reach, key=func_key)
                                           if f in cg.defs]
    for _ in range(len(sources) + 1):
        changed = False
        for f, body in sources:
            c0 = cert.get(f)
            if not c0:
                continue
            fac = _factors(body, cache)
            for call in calls_in(body):
                for t in pa.call_targets.get(id(call), ()):
                    if t in reach:
                        v = c0 * fac.get(id(call), 1.0)
                        if v > cert.get(t, 0.0) + 1e-12:
                            cert[t] = v
                            changed = True
        if not changed:
            break
    return cert


def _scan_index(a, spans_nodes):
    """Is access a an element read `x[i]` whose index is a loop's counter (the
    loop's step assigns it): a scan over a range, not one computed element?"""
    e = a.expr
    while type(e) is A.Paren:
        e = e.expr
    if type(e) is not A.Index:
        return False
    names = {n.sym for n in A.walk(e.index) if type(n) is A.Id and n.sym is not None}
    for unit, loop in spans_nodes:
        if unit is not a.unit or not (loop.start <= e.start < loop.end) or type(loop) is not A.For or \
                loop.next is None:
            continue
        for n in A.walk(loop.next):
            t = type(n)
            target = n.expr if t in (A.PostOp, A.Unary) else n.lhs if t is A.Assign else None
            while target is not None and type(target) is A.Paren:
                target = target.expr
            if type(target) is A.Id and target.sym in names:
                return True
    return False


def block_facts(block, accesses, pa, cg, reach, recursive, counts=None, cache=None):
    defs = cg.defs
    bodies = [(block.unit, block.node.body)] + [(cg.units[f], defs[f].body) for f in reach if f in defs]
    spans = _loop_spans(bodies)
    loops = [(unit, n) for unit, body in bodies for n in A.walk(body) if type(n) is A.For]
    looped_callee = bool(reach & recursive)
    cache = {} if cache is None else cache
    cert = None
    reads = writes = 0.0
    fixed_w, fixed_t, walked, keyed_w, scanned, fixed_keys, named_t = {}, set(), set(), set(), set(), set(), set()
    keyed_el = {}
    looped_reads = 0.0
    for a in accesses:
        d = min(_depth(spans, a.unit, a.expr.start), 2)
        n = float(LOOP_TRIPS ** d)
        if looped_callee and a.via in recursive:
            n *= LOOP_TRIPS
        cls = pa.find(a.obj)
        cell = (cls, a.field, a.key_sig)
        fixed = a.key is not None and _fixed_key(a.key)
        sure = 1.0
        if fixed:
            named_t.add(cell)
        if counts is not None and cls in counts.one and not a.elementwise and ELEMENT not in (a.field or ()):
            fixed, cell = True, (cls, a.field, None)     # the one object's member, however reached
            if a.mode == "W":
                # how surely a run writes it: a tree's size written by the
                # rare insert is not a queue's count written by every run
                if cert is None:
                    cert = _certainties(block, pa, cg, reach, cache)
                body = block.node.body if a.via is None or a.via not in cg.defs else cg.defs[a.via].body
                sure = cert.get(a.via if a.via in cg.defs else None, 1.0) * _factors(body, cache).get(id(a.expr), 1.0)
        if fixed and a.key_sig is not None:
            fixed_keys.add(a.key_sig)
        if a.mode == "W":
            writes += n
            if fixed:
                fixed_w[cell] = max(fixed_w.get(cell, 0.0), sure)
            else:
                keyed_w.add(cls)
        else:
            reads += n
            if not fixed and (d > 0 or a.key is None):
                walked.add(cls)
                if d > 0:
                    looped_reads += n
                if d > 0 and counts is not None and cls in counts.few and _scan_index(a, loops):
                    scanned.add(cls)
        if fixed:
            fixed_t.add(cell)
        elif a.elementwise and a.key_sig is not None and counts is not None and cls in counts.elements:
            n_el, sigs, w = keyed_el.get(cls, (counts.elements[cls], frozenset(), False))
            keyed_el[cls] = (n_el, sigs | {a.key_sig}, w or a.mode == "W")
    weight = block_weight(block, defs) * (READ_ONLY_WEIGHT if not writes else 1.0)
    # a block that walks and names a fixed entry (a static list head) walks
    # the whole structure, not one hash chain or a tree's path
    walk_reads = looped_reads if named_t else 0.0
    return BlockFacts(weight, reads, writes, fixed_w, fixed_t, walked, keyed_w, scanned, fixed_keys, named_t,
                      keyed_el, walk_reads)


def _fixed_key(key):
    for n in A.walk(key):
        t = type(n)
        if t is A.Id and not (n.sym is not None and n.sym.kind == "var" and n.sym.is_static_storage):
            return False
        if t is A.Index and type(n.index) is not A.Const:
            return False
        if (t is A.Member and n.arrow) or (t is A.Unary and n.op == "*") or t is A.Call:
            return False
    return True


def estimate(strategy, facts, plans, cpus, k=NATIVE, outside=0.0):
    """Estimate for one strategy over the component (facts, plans: by block index)
    with the constants `k` of the target machine; `outside`: the threads' work
    outside blocks per block run (outside_work(), in nodes)."""
    out = k.OUTSIDE_NODE * outside
    total_w = sum(f.weight for f in facts.values()) or 1.0
    par = cpus > 1
    cost_w = {}
    serial_w = 0.0
    for i, f in facts.items():
        reads = f.reads + (k.FIXED_WALK - 1) * f.walk_reads
        work = k.BLOCK_WORK + k.ACCESS * (reads + f.writes)
        if strategy == "global":
            c = work + k.GLOBAL_BLOCK
            if par:     # waiters (the CPUs not busy outside blocks) make the lock's line bounce
                c += k.LINE + k.CONTEND * (cpus - 1) * c / (c + out)
            ser = 1.0
        elif strategy == "atomic-op":
            c = k.ATOMIC_OP              # its data line moves like every strategy's
            ser = 1.0 if f.fixed_writes else 0.0
        elif strategy == "pervar":
            p = plans[i]
            nlocks = len(p.class_locks) + len(p.stripes)
            fixed_keys = f.fixed_keys
            # a class lock's word is written by its S and X holders only (IS/IX
            # holders announce themselves in their own thread's line)
            shared_words = sum(1 for cl in p.class_locks if cl.mode in ("S", "X")) + \
                sum(1 for st in p.stripes if st.sig in fixed_keys)
            c = work + k.PV_BLOCK + k.PV_LOCK * nlocks + (k.LINE * shared_words if par else 0)
            ser = 0.0               # below, once every block's time is known
        else:  # stm
            c = work + k.STM_BLOCK + k.STM_READ * reads + k.STM_WRITE * f.writes
            if f.writes:
                c += k.STM_COMMIT * f.writes + k.STM_VALIDATE * reads
            if par:
                c += k.LINE * sum(f.fixed_writes.values())
            ser = _stm_conflict(i, f, facts, total_w, k)
        cost_w[i] = c
        serial_w += f.weight * c * ser
    cost = sum(facts[i].weight * cost_w[i] for i in facts) / total_w
    time = sum(facts[i].weight * cost_w[i] for i in facts) or 1.0
    if strategy == "pervar":     # S holders wait only for the time share of their conflicting writers
        for i in facts:
            v = _pv_serial(i, facts[i], plans, facts)
            if v == _BY_TIME:
                v = _conflict_time(i, plans, facts, cost_w, time)
            if v < 1.0:
                v = min(1.0, v + _key_collisions(i, facts, cost_w, time))
            serial_w += facts[i].weight * cost_w[i] * v
    serial = min(1.0, serial_w / time)
    room = _room(facts) if strategy in ("pervar", "stm") else None
    if par and room is not None and cpus > room:
        # the threads beyond the room wait on object locks (or abort on
        # them): their lines bounce
        cost += k.ROOM_CONTEND * (cpus - room) * cost / (cost + out)
    if par and k.CONTEND and strategy != "global":
        # the waiters of a serial lock make its line (and the data's) bounce
        cost += k.CONTEND * (cpus - 1) * serial * cost / (cost + out)
    return Estimate(strategy, cost, serial, cpus, out, room)


def _room(facts):
    """How many blocks can hold their object locks at once: a sized array of
    n elements that blocks write at k computed indices has room for n / k of
    them (a bank of 16 accounts, 2 per transfer: 8, whatever the CPUs)."""
    room = None
    for f in facts.values():
        for n, sigs, w in f.keyed_elements.values():
            if w and sigs:
                r = n / len(sigs)
                room = r if room is None else min(room, r)
    return room


_BY_TIME = -1.0


def _key_collisions(i, facts, cost_w, time):
    """Chance that a run of block i wants an object lock another running block
    holds, for the objects of sized arrays both lock at computed indices."""
    mine = facts[i].keyed_elements
    if not mine:
        return 0.0
    out = 0.0
    for j, f in facts.items():
        share = f.weight * cost_w[j] / time
        for cls, (n, sigs, w) in mine.items():
            other = f.keyed_elements.get(cls)
            if other is not None and (w or other[2]):
                out += share * len(sigs) * len(other[1]) / n
    return out


def _pv_serial(i, f, plans, facts):
    """1: the block excludes every other run of itself (a class X lock, a W
    lock on a fixed address); _BY_TIME: it holds a class S lock that writers
    of the class exclude; 0: it overlaps with the others."""
    p = plans[i]
    if f.fixed_writes or any(cl.mode == "X" for cl in p.class_locks):
        return 1.0
    if any(_excludes(cl, plans, facts) for cl in p.class_locks):
        return _BY_TIME
    return 0.0


def _conflict_time(i, plans, facts, cost_w, time):
    """Time share of the blocks whose class locks conflict with block i's."""
    mine = plans[i].class_locks
    share = 0.0
    for j in facts:
        if any(m.same_class(cl) and (m.mode, cl.mode) not in _COMPATIBLE
               for cl in plans[j].class_locks for m in mine):
            share += facts[j].weight * cost_w[j] / time
    return min(1.0, share)


_COMPATIBLE = {("IS", "IS"), ("IS", "IX"), ("IS", "S"), ("IX", "IS"), ("IX", "IX"), ("S", "IS"), ("S", "S")}


def _excludes(cl, plans, facts):
    """A whole-class lock (S or X) that some block of the component takes in a
    conflicting mode: while it is held, those blocks wait."""
    if cl.mode not in ("S", "X"):
        return False
    for i in facts:
        for other in plans[i].class_locks:
            if other.same_class(cl) and (cl.mode, other.mode) not in _COMPATIBLE:
                return True
    return False


def _stm_conflict(i, f, facts, total_w, k=NATIVE):
    """Chance that a run of block i meets a conflicting commit of another run."""
    p = 0.0
    for j, g in facts.items():
        share = g.weight / total_w
        sure = max((g.fixed_writes[c] for c in f.fixed_touch if c in g.fixed_writes), default=0.0)
        if sure >= 1.0:
            q = 1.0
        elif g.keyed_writes & f.walked:
            # every walk from one fixed entry (a list head) crosses the nodes
            # writers change; walks entered at computed addresses (hash
            # chains) mostly stay apart
            q = k.WALK_CONFLICT if f.named_touch or (g.keyed_writes & f.scanned) else k.KEYED_WALK_CONFLICT
        elif g.keyed_writes and (g.keyed_writes & (f.keyed_writes | f.walked)):
            q = k.KEYED_CONFLICT
            both = [(f.keyed_elements[c], g.keyed_elements[c]) for c in g.keyed_writes & f.keyed_writes
                    if c in f.keyed_elements and c in g.keyed_elements]
            if both and not (g.keyed_writes & f.walked):
                # sized arrays at random indices: the keys' chance to meet
                q = min(1.0, sum(len(a[1]) * len(b[1]) / a[0] for a, b in both))
        else:
            q = 0.0
        q = max(q, sure)
        p += share * q
    return min(1.0, p)


def rank(legal, facts, plans, cpus, k=NATIVE, outside=0.0):
    """Estimates for the legal strategies, best first (ties: the simpler one)."""
    ests = [estimate(s, facts, plans, cpus, k, outside) for s in ORDER if s in legal]
    ests.sort(key=lambda e: (-round(e.throughput, 12), ORDER.index(e.strategy)))
    return ests


def costs(target):
    """The constants of a target: "native" or "sim"."""
    return SIM if target == "sim" else NATIVE
