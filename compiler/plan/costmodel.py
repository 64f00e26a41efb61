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

    throughput(s) = speedup(s) / cost(s)
    cost(s)       = sum_b w_b * cost_b(s) / sum_b w_b        cycles per block
    speedup(s)    = 1 / (serial(s) + (1 - serial(s)) / cpus)  (Amdahl)

cost_b(s) is the block's own work (ACCESS per shared access it makes, an
access in a loop counting LOOP_TRIPS times, in a recursive callee too) plus
what s adds to it, in CPU cycles.  The constants were fitted to run times
of bench/native on a 2-core Xeon (gcc -O2; bank: 4 reads and 4 writes per
transfer; list: a walk of ~256 nodes): cycles, not instructions, because
out-of-order execution hides most of STM's bookkeeping behind the latency of
a pointer walk (the list's STM walk runs 23 more instructions per read but
only 1.7x the time of the locked walk: about 1.4 more cycles per read):

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
               address), KEYED_CONFLICT for objects at computed addresses
               (two random accounts rarely collide).

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

from ..frontend import ast as A

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

ORDER = ("atomic-op", "global", "pervar", "stm")   # tie break: the simpler strategy

_KNOBS = ("ACCESS", "BLOCK_WORK", "GLOBAL_BLOCK", "PV_BLOCK", "PV_LOCK", "STM_BLOCK", "STM_READ", "STM_WRITE",
          "STM_COMMIT", "STM_VALIDATE", "ATOMIC_OP", "LINE", "WALK_CONFLICT", "KEYED_WALK_CONFLICT", "KEYED_CONFLICT", "CONTEND")


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
# meets a writer while hash chains mostly do not, and a serial lock's line
# queues longer with every waiting CPU.
SIM = Costs(STM_BLOCK=240, STM_READ=2.4, PV_BLOCK=40, LINE=12.5, CONTEND=10, WALK_CONFLICT=1.0,
            KEYED_WALK_CONFLICT=0.125)


def amdahl(serial, cpus):
    return 1.0 / (serial + (1.0 - serial) / cpus)


class Estimate:
    """What the model thinks of one strategy for one component."""

    def __init__(self, strategy, cost, serial, cpus):
        self.strategy = strategy
        self.cost = cost                  # cycles per block (weighted mean)
        self.serial = serial              # fraction of time that cannot overlap
        self.speedup = amdahl(serial, cpus)
        self.throughput = self.speedup / cost if cost > 0 else 0.0

    def as_dict(self, best):
        return {"strategy": self.strategy, "cycles_per_block": round(self.cost, 1),
                "serial_fraction": round(self.serial, 3), "speedup": round(self.speedup, 2),
                "relative_throughput": round(self.throughput / best, 3) if best else 0.0}


class BlockFacts:
    """Static counts of one block that the model uses."""

    def __init__(self, weight, reads, writes, fixed_writes, fixed_touch, walked, keyed_writes):
        self.weight = weight
        self.reads = reads                # shared reads per run (loops x LOOP_TRIPS)
        self.writes = writes
        self.fixed_writes = fixed_writes  # cells at a fixed global address it writes
        self.fixed_touch = fixed_touch    # ... it reads or writes
        self.walked = walked              # classes it reads without a fixed address in a loop
        self.keyed_writes = keyed_writes  # classes it writes at computed addresses


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
            f = acc
            if t in (A.While, A.DoWhile, A.For) and c is n.body:
                f = acc * LOOP_TRIPS
            elif t is A.If and c is n.then:
                f = acc * _then_share(n.cond)
            elif t is A.If and c is n.els:
                f = acc * (1.0 - _then_share(n.cond))
            elif t is A.Switch and c is n.body:
                f = acc * 0.5
            elif t is A.Cond and (c is n.then or c is n.els):
                f = acc * 0.5
            if c is not None and c.start <= target.start < c.end and visit(c, f):
                return True
        return False

    visit(fn.body, 1.0)
    return w


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
                try:
                    k = int(side.right.text.rstrip("uUlL"), 0)
                except ValueError:
                    k = 0
                if k > 1:
                    return 1.0 / k if cond.op == "==" else 1.0 - 1.0 / k
    return 0.5


def block_facts(block, accesses, pa, cg, reach, recursive):
    defs = cg.defs
    bodies = [(block.unit, block.node.body)] + [(cg.units[f], defs[f].body) for f in reach if f in defs]
    spans = _loop_spans(bodies)
    looped_callee = bool(reach & recursive)
    reads = writes = 0.0
    fixed_w, fixed_t, walked, keyed_w = set(), set(), set(), set()
    for a in accesses:
        d = min(_depth(spans, a.unit, a.expr.start), 2)
        n = float(LOOP_TRIPS ** d)
        if looped_callee and a.via in recursive:
            n *= LOOP_TRIPS
        cls = pa.find(a.obj)
        cell = (cls, a.field, a.key_sig)
        fixed = a.key is not None and _fixed_key(a.key)
        if a.mode == "W":
            writes += n
            if fixed:
                fixed_w.add(cell)
            else:
                keyed_w.add(cls)
        else:
            reads += n
            if not fixed and (d > 0 or a.key is None):
                walked.add(cls)
        if fixed:
            fixed_t.add(cell)
    weight = block_weight(block, defs) * (READ_ONLY_WEIGHT if not writes else 1.0)
    return BlockFacts(weight, reads, writes, fixed_w, fixed_t, walked, keyed_w)


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


def estimate(strategy, facts, plans, cpus, k=NATIVE):
    """Estimate for one strategy over the component (facts, plans: by block index)
    with the constants `k` of the target machine."""
    total_w = sum(f.weight for f in facts.values()) or 1.0
    par = cpus > 1
    cost_w = {}
    serial_w = 0.0
    for i, f in facts.items():
        work = k.BLOCK_WORK + k.ACCESS * (f.reads + f.writes)
        if strategy == "global":
            c = work + k.GLOBAL_BLOCK + (k.LINE + k.CONTEND * (cpus - 1) if par else 0)
            ser = 1.0
        elif strategy == "atomic-op":
            c = k.ATOMIC_OP              # its data line moves like every strategy's
            ser = 1.0 if f.fixed_writes else 0.0
        elif strategy == "pervar":
            p = plans[i]
            nlocks = len(p.class_locks) + len(p.stripes)
            fixed_keys = {cell[2] for cell in f.fixed_touch}
            # a class lock's word is written by its S and X holders only (IS/IX
            # holders announce themselves in their own thread's line)
            shared_words = sum(1 for cl in p.class_locks if cl.mode in ("S", "X")) + \
                sum(1 for st in p.stripes if st.sig in fixed_keys)
            c = work + k.PV_BLOCK + k.PV_LOCK * nlocks + (k.LINE * shared_words if par else 0)
            ser = 0.0               # below, once every block's time is known
        else:  # stm
            c = work + k.STM_BLOCK + k.STM_READ * f.reads + k.STM_WRITE * f.writes
            if f.writes:
                c += k.STM_COMMIT * f.writes + k.STM_VALIDATE * f.reads
            if par:
                c += k.LINE * len(f.fixed_writes)
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
            serial_w += facts[i].weight * cost_w[i] * v
    serial = min(1.0, serial_w / time)
    if par and k.CONTEND and strategy != "global":
        # the waiters of a serial lock make its line (and the data's) bounce
        cost += k.CONTEND * (cpus - 1) * serial
    return Estimate(strategy, cost, serial, cpus)


_BY_TIME = -1.0


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
        if g.fixed_writes & f.fixed_touch:
            q = 1.0
        elif g.keyed_writes & f.walked:
            # every walk from one fixed entry (a list head) crosses the nodes
            # writers change; walks entered at computed addresses (hash
            # chains) mostly stay apart
            q = k.WALK_CONFLICT if f.fixed_touch else k.KEYED_WALK_CONFLICT
        elif g.keyed_writes and (g.keyed_writes & (f.keyed_writes | f.walked)):
            q = k.KEYED_CONFLICT
        else:
            q = 0.0
        p += share * q
    return min(1.0, p)


def rank(legal, facts, plans, cpus, k=NATIVE):
    """Estimates for the legal strategies, best first (ties: the simpler one)."""
    ests = [estimate(s, facts, plans, cpus, k) for s in ORDER if s in legal]
    ests.sort(key=lambda e: (-round(e.throughput, 12), ORDER.index(e.strategy)))
    return ests


def costs(target):
    """The constants of a target: "native" or "sim"."""
    return SIM if target == "sim" else NATIVE
