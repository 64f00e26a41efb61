"""Planning: conflict components, legality, the cost model's choice and lock plans.

The stage between the analyses and lowering.  It decides everything the
lowering does: for each conflict component of the *whole program* one
strategy, and for each block of it a `Plan` (strategy, reason, locks in
order, the atomic-op shape), which lowering consumes without deciding
anything and `atomicc explain` renders.

Blocks that can touch the same memory must agree on how they exclude each
other, so the unit of choice is a *conflict component*: blocks connected by
a location they can both touch, that is an alias class and overlapping field
paths in it (accesses.fields_overlap: `st.a` and `st.b` are two locations,
`st` as a whole overlaps both).  Within a component:

* What is legal: `atomic-op` when every block is one commutative update
  (`x += e`, `x++`, `x |= m` ...), a plain load or a plain store of the same
  integer scalar, with `e` free of shared reads; `pervar` unless a call goes
  through a function pointer we cannot resolve (its locations are unknown);
  `stm` unless a block calls something irrevocable (I/O, an unknown external
  function: irrevocable.py); `global` always.
* `auto` ranks the legal strategies with the cost model of costmodel.py
  (estimated cycles per block and Amdahl speedup on `cpus` CPUs, from
  the number and kind of locations, loops and pointer walks, read/write
  mix and fixed hot spots) and takes the best; `atomicc explain` prints
  every estimate.
* A forced strategy (`--strategy=NAME`, `#pragma atomicc strategy(NAME)`)
  that is not legal is an error that says why.  `global` forced on any block
  of a component takes the whole component: a global block excludes only
  blocks that use the global lock.

The `pervar` lock plan of a block: for each access with a key, a stripe lock
for the key's address (R or W); for each class some block accesses without a
key (pointer chasing, an index computed inside the block), the class lock in
S or X mode — and then every keyed access to that class also takes the class
lock in intention mode (IS / IX), so whole-class and per-object blocks
exclude each other correctly.  Class locks are ordered by class slot, stripes
by address at run time: every block takes its locks in one global order, so
no two blocks can deadlock.

    >>> from atomicc.frontend.parser import parse_text
    >>> from atomicc.semantics.program import single
    >>> from atomicc.analysis.alias import analyze_pointers
    >>> from atomicc.analysis.callgraph import build_callgraph
    >>> from atomicc.analysis.blocks import analyze_blocks
    >>> from atomicc.analysis.accesses import analyze_accesses
    >>> tu, sm = parse_text("long hits, other; void a(void) { atomic { hits++; } } "
    ...                     "void b(void) { atomic { long s = hits; hits = s + 1; } } void c(void) { atomic { other += 2; } }")
    >>> prog = single("t.c", tu, sm); pa = analyze_pointers(prog); cg = build_callgraph(prog, pa)
    >>> info = analyze_blocks(prog, cg, pa); acc = analyze_accesses(prog, info, cg, pa)
    >>> plans, diags = choose(prog, info, acc, cg, cpus=2)
    >>> [(plans[i].component, plans[i].strategy) for i in (1, 2, 3)]
    [([1, 2], 'global'), ([1, 2], 'global'), ([3], 'atomic-op')]

Two fields of one struct are two locations; a block that copies the whole
struct touches both:

    >>> tu, sm = parse_text("struct stats { long a, b; } st, copy; void a(void) { atomic { st.a++; } } "
    ...                     "void b(void) { atomic { st.b -= 1; } } void c(void) { atomic { copy = st; } }")
    >>> prog = single("t.c", tu, sm); pa = analyze_pointers(prog); cg = build_callgraph(prog, pa)
    >>> info = analyze_blocks(prog, cg, pa); acc = analyze_accesses(prog, info, cg, pa)
    >>> plans, diags = choose(prog, info, acc, cg, cpus=2)
    >>> [plans[i].component for i in (1, 2, 3)]
    [[1, 2, 3], [1, 2, 3], [1, 2, 3]]
    >>> info.blocks.pop(); plans, diags = choose(prog, info, acc, cg, cpus=2)  # doctest: +ELLIPSIS
    <...>
    >>> [(plans[i].component, plans[i].strategy) for i in (1, 2)]
    [([1], 'atomic-op'), ([2], 'atomic-op')]
"""

import os
import zlib

from . import costmodel

from ..analysis.accesses import fields_overlap
from ..diagnostics import Diagnostic
from ..frontend import ast as A
from ..semantics.bind import field_path_text

STRATEGY_NAMES = ("auto", "global", "pervar", "stm", "atomic-op")
CLASS_SLOTS = 256

_RMW_OPS = {"+=": "add", "-=": "sub", "|=": "or", "&=": "and", "^=": "xor"}


class ClassLock:
    def __init__(self, slot, name, mode, cls=None):
        self.slot, self.name, self.mode = slot, name, mode
        self.cls = cls              # the alias class (its union-find representative): identity

    def same_class(self, other):
        return self.cls is other.cls if self.cls is not None else (self.slot, self.name) == (other.slot, other.name)


class StripeLock:
    def __init__(self, key, key_text, mode, describe, sig=None):
        self.key, self.key_text, self.mode, self.describe = key, key_text, mode, describe
        self.sig = sig              # structural key signature (accesses.key_sig): identity


class Plan:
    """What the lowering of one block needs."""

    def __init__(self, block):
        self.block = block
        self.strategy = None
        self.reason = ""
        self.forced = None
        self.class_locks = []       # [ClassLock], sorted by slot
        self.stripes = []           # [StripeLock], in source order (sorted at run time)
        self.atomic_op = None       # (kind, op, lhs, rhs) for atomic-op
        self.component = None
        self.model = None           # auto's cost-model estimates (costmodel.py), for explain


def class_slot(pa, obj):
    """A stable slot for an alias class: a hash of its description."""
    name = "; ".join(pa.class_key(obj))
    return zlib.crc32(name.encode("utf-8", "surrogateescape")) % CLASS_SLOTS, name


def pragma_strategies(program, blocks, diags):
    """`#pragma atomicc strategy(NAME)` immediately before a block forces it."""
    forced = {}
    for unit in program.units:
        _unit_pragmas(unit, blocks, diags, forced)
    return forced


def _unit_pragmas(unit, blocks, diags, forced):
    sm = unit.sm
    by_start = {id(b.node): b for b in blocks.blocks if b.unit is unit}
    for n in A.walk(unit.tu):
        items = getattr(n, "items", None)
        if type(n) is not A.Compound or not items:
            continue
        for i, it in enumerate(items):
            if type(it) is not A.Pragma:
                continue
            text = it.text.split(None, 1)[1] if len(it.text.split(None, 1)) > 1 else ""
            words = text.replace("(", " ( ").replace(")", " ) ").split()
            if len(words) < 2 or words[0] != "atomicc" and words[0] != "pragma":
                continue
            if words[0] == "pragma":
                words = words[1:]
            if not words or words[0] != "atomicc":
                continue
            if len(words) >= 5 and words[1] == "strategy" and words[2] == "(" and words[4] == ")":
                name = words[3]
                if name not in STRATEGY_NAMES[1:]:
                    diags.append(Diagnostic("error", "unknown strategy '%s' in #pragma atomicc; choose one of: %s"
                                            % (name, ", ".join(STRATEGY_NAMES[1:])), sm.loc(it.start)))
                    continue
                nxt = items[i + 1] if i + 1 < len(items) else None
                if type(nxt) is not A.Atomic or id(nxt) not in by_start:
                    diags.append(Diagnostic("error", "#pragma atomicc strategy(...) must come right before an "
                                            "outermost atomic block", sm.loc(it.start)))
                    continue
                forced[by_start[id(nxt)].index] = (name, it)
            else:
                diags.append(Diagnostic("error", "unknown #pragma atomicc directive; expected "
                                        "'#pragma atomicc strategy(NAME)'", sm.loc(it.start)))


def _atomic_op_shape(block, acc, pa):
    """(kind, op, lhs, rhs, cell) if the block is one atomic-op-able statement."""
    body = block.node.body.items
    if len(body) != 1 or type(body[0]) is not A.ExprStmt or body[0].expr is None or block.retries or block.inner:
        return None
    e = body[0].expr
    while type(e) is A.Paren:
        e = e.expr
    t = type(e)
    shared = [a for a in acc]
    if t is A.Assign and e.op in _RMW_OPS:
        kind, op, lhs, rhs = "rmw", _RMW_OPS[e.op], e.lhs, e.rhs
    elif t is A.Assign and e.op == "=":
        # plain store x = e (e private), or plain load v = x (v private)
        writes = [a for a in shared if a.mode == "W"]
        reads = [a for a in shared if a.mode == "R"]
        if writes and not reads:
            kind, op, lhs, rhs = "store", None, e.lhs, e.rhs
        elif reads and not writes:
            kind, op, lhs, rhs = "load", None, e.rhs, e.lhs
        else:
            return None
    elif t is A.PostOp or (t is A.Unary and e.op in ("++", "--")):
        kind, op, lhs, rhs = "rmw", "add" if e.op == "++" else "sub", e.expr, A.Const("1", start=e.start, end=e.start)
    else:
        return None
    cells = {(pa.find(a.obj), a.field, a.key_sig) for a in shared}
    if len(cells) != 1:
        return None
    # the operand must not read shared memory (x += x would read x unatomically)
    if kind in ("rmw", "store") and any(rhs.start <= a.expr.start < rhs.end for a in shared if a.via is None):
        return None
    if kind == "load":
        src = lhs
        while type(src) is A.Paren:
            src = src.expr
        if not (type(src) in (A.Id, A.Member, A.Index) or (type(src) is A.Unary and src.op == "*")):
            return None
    a0 = shared[0]
    if a0.key is None or a0.via is not None:
        return None
    return kind, op, lhs, rhs, (pa.find(a0.obj), a0.field)


def chases_pointers(block, defs, reach):
    """Does the block (or a function it calls: `reach`, Symbols) walk a linked structure?

    The pattern: inside a loop, a local is assigned from memory reached
    through itself (`p = p->next`, `n = n->child[i]`), or a recursive callee."""
    bodies = [block.node.body] + [defs[f].body for f in reach if f in defs]
    for body in bodies:
        for loop in A.walk(body):
            if type(loop) not in (A.While, A.DoWhile, A.For):
                continue
            for n in A.walk(loop):
                if type(n) is A.Assign and n.op == "=":
                    lhs = n.lhs
                    while type(lhs) is A.Paren:
                        lhs = lhs.expr
                    if type(lhs) is not A.Id:
                        continue
                    for m in A.walk(n.rhs):
                        if type(m) is A.Member and m.arrow and _mentions(m.expr, lhs.sym):
                            return True
                        if type(m) is A.Unary and m.op == "*" and _mentions(m.expr, lhs.sym):
                            return True
    return False


def _mentions(e, sym):
    return sym is not None and any(type(n) is A.Id and n.sym is sym for n in A.walk(e))


def choose(program, blocks, acc, cg, requested="auto", irrevocable=None, allow_stm=True, cpus=None,
           target="native"):
    """Plans for every block of the program (block index -> Plan) and diagnostics.

    `cpus`, `target`: the machine the program will run on, for the cost model
    of `auto` (costmodel.py); default: this machine's CPU count, natively."""
    pa = acc.pa
    cpus = max(1, int(cpus or os.cpu_count() or 1))
    irrevocable = irrevocable or {}
    recursive = cg.recursive()
    counts = outside = model_cache = None   # the cost model's program-wide inputs, made when first needed
    diags = []
    forced = pragma_strategies(program, blocks, diags)
    plans = {}
    for b in blocks.blocks:
        p = Plan(b)
        if b.index in forced:
            p.forced = forced[b.index][0]
        elif requested != "auto":
            p.forced = requested
        plans[b.index] = p

    # conflict components: blocks joined through overlapping locations, i.e.
    # one alias class and field paths that overlap (st.a and st.b do not)
    cells_of_class = {}             # class -> {field path: a block that accesses it}
    parent = {b.index: b.index for b in blocks.blocks}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for b in blocks.blocks:
        for a in acc.block_accesses.get(b.index, ()):
            r = pa.find(a.obj)
            cells = cells_of_class.get(r)
            if cells is None:
                cells = cells_of_class[r] = {}
                if not _fields_separate(pa, r):
                    cells[None] = b.index      # one cell for the whole class
            path = a.field if None not in cells else None
            for other_path, other in cells.items():
                if path is None or fields_overlap(path, other_path):
                    parent[find(b.index)] = find(other)
            cells.setdefault(path, b.index)
    # dynamic nesting: a block that calls a function with a block runs that
    # block inside itself (flattened), so both need one strategy: a retry in
    # the inner block must restart the outer one, under the outer one's rules
    in_func = {}
    for b in blocks.blocks:
        in_func.setdefault(b.func, []).append(b)
    for b in blocks.blocks:
        for f in b.callees:
            for inner in in_func.get(f, ()):
                parent[find(inner.index)] = find(b.index)
    comps = {}
    for b in blocks.blocks:
        comps.setdefault(find(b.index), []).append(b)

    for root, members in sorted(comps.items()):
        mplans = [plans[b.index] for b in members]
        for p in mplans:
            p.component = sorted(b.index for b in members)
        by_pragma = sorted({forced[p.block.index][0] for p in mplans if p.block.index in forced})
        if len(by_pragma) > 1:
            first = {}
            for p in mplans:
                if p.block.index in forced:
                    first.setdefault(forced[p.block.index][0], p.block)
            a, b2 = first[by_pragma[0]], first[by_pragma[1]]
            diags.append(Diagnostic(
                "error", "atomic blocks %d and %d share data (or one runs inside the other) but are forced to "
                "different strategies, '%s' and '%s': blocks that can touch the same memory must use one "
                "strategy" % (a.index, b2.index, by_pragma[0], by_pragma[1]), b2.unit.loc(b2.node),
                [Diagnostic("note", "block %d is forced to '%s' here" % (a.index, by_pragma[0]),
                            a.unit.loc(forced[a.index][1]))]))
        if len(by_pragma) == 1:       # a pragma is more specific than --strategy
            for p in mplans:
                p.forced = by_pragma[0]
        forced_here = sorted({p.forced for p in mplans if p.forced})
        unknown = [(b, c) for b in members for c in acc.block_unknown_calls.get(b.index, ())]
        shapes = {b.index: _atomic_op_shape(b, acc.block_accesses.get(b.index, []), pa) for b in members}
        op_ok = all(shapes.values()) and len({s[4] for s in shapes.values()}) == 1
        if op_ok:
            op_ok = all(_word_integer(s[2]) for s in shapes.values())
        # forced choices that cannot hold
        for p in mplans:
            loc = p.block.unit.loc(p.block.node)
            if p.forced == "atomic-op" and not op_ok:
                why = ("its component is not a single integer location updated by one commutative "
                       "operation, load or store in every block")
                if not shapes[p.block.index]:
                    why = "it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar"
                diags.append(Diagnostic("error", "strategy 'atomic-op' cannot be used for this atomic block: %s" % why,
                                        loc))
            if p.forced == "pervar" and unknown:
                b, u = unknown[0]
                diags.append(Diagnostic("error", "strategy 'pervar' cannot be used for this atomic block: %s%s, "
                                        "so its locations are unknown" % (
                                            "" if b is p.block else "in block %d of its conflict component, "
                                            % b.index, u.describe()), loc,
                                        [Diagnostic("note", "the call is here", u.unit.loc(u.call))]))
        irr = [(b, i) for b in members for i in irrevocable.get(b.index, ())]
        reach = {b.index: set(b.callees) for b in members}
        chasing = [b for b in members if chases_pointers(b, cg.defs, reach[b.index])
                   or reach[b.index] & recursive]
        bits = [(b, a) for b in members for a in acc.block_accesses.get(b.index, ()) if _is_bitfield(a.expr)]
        for p in mplans:
            loc = p.block.unit.loc(p.block.node)
            if p.forced == "stm" and bits and not irr:
                b, a = bits[0]
                diags.append(Diagnostic("error", "strategy 'stm' cannot be used for this atomic block: %s "
                                        "accesses the bit-field '%s', which has no address for the STM to track"
                                        % ("it" if b is p.block else "block %d of its conflict component" % b.index,
                                           _member_name(a.expr)), loc,
                                        [Diagnostic("note", "the bit-field is accessed here", a.unit.loc(a.expr))]))
            if p.forced == "stm" and irr:
                b, i = irr[0]
                diags.append(Diagnostic("error", "strategy 'stm' cannot be used for this atomic block: %s "
                                        "calls %s, %s" % (
                                            "it" if b is p.block else "block %d of its conflict component" % b.index,
                                            i.describe(), i.consequence()), loc,
                                        i.notes()))
        if "global" in forced_here:
            strategy, reason = "global", "forced to 'global' (%s)" % _forced_by(mplans, "global")
            if len(members) > 1:
                reason += "; its conflict component (blocks %s) follows it" % ", ".join(str(b.index) for b in members)
        elif forced_here == ["atomic-op"] and op_ok:
            strategy, reason = "atomic-op", "forced to 'atomic-op'"
        elif "pervar" in forced_here and not unknown:
            strategy, reason = "pervar", "forced to 'pervar'"
        elif "stm" in forced_here and not irr and not bits:
            strategy, reason = "stm", "forced to 'stm'"
        else:
            legal = {"global": None}
            legal["atomic-op"] = None if op_ok else "not one update, load or store of one integer"
            legal["pervar"] = None if not unknown else unknown[0][1].describe()
            legal["stm"] = (None if not irr and not bits and allow_stm else
                            "calls %s, %s" % (irr[0][1].describe(), irr[0][1].consequence()) if irr else
                            "accesses the bit-field '%s', which has no address" % _member_name(bits[0][1].expr)
                            if bits else "not available")
            ok = [k for k, v in legal.items() if v is None]
            if counts is None:
                counts = costmodel.ObjectCounts(pa, cg)
                outside = costmodel.outside_work(blocks, pa, cg)
                model_cache = {}
            facts = {b.index: costmodel.block_facts(b, acc.block_accesses.get(b.index, ()), pa, cg,
                                                    reach[b.index], recursive, counts, model_cache)
                     for b in members}
            tmp = {b.index: Plan(b) for b in members}
            if "pervar" in ok:
                _lock_plan(pa, members, tmp, acc)
            ranked = costmodel.rank(ok, facts, tmp, cpus, costmodel.costs(target), outside)
            best = ranked[0]
            strategy = best.strategy
            reason = _auto_reason(strategy, shapes, chasing, unknown, irr, acc, members)
            if len(ranked) > 1:
                r2 = ranked[1]
                reason += ("; for %d CPU%s the cost model estimates %.2fx the throughput of %s, the next best"
                           % (cpus, "s" if cpus != 1 else "", best.throughput / r2.throughput, r2.strategy))
            model = {"cpus": cpus, "outside_cycles_per_block": round(best.outside, 1),
                     "estimates": [e.as_dict(best.throughput) for e in ranked],
                     "not_legal": {k: v for k, v in sorted(legal.items()) if v is not None}}
            for p in mplans:
                p.model = model
        for p in mplans:
            p.strategy, p.reason = strategy, reason
            if strategy == "atomic-op":
                p.atomic_op = shapes[p.block.index][:4]
        if strategy == "pervar":
            _lock_plan(pa, members, plans, acc)
            too_many = [p for p in mplans if len(p.class_locks) + len(p.stripes) > MAX_REQUESTS]
            if too_many:
                # the runtime takes at most MAX_REQUESTS locks per block: one lock for all
                for p in mplans:
                    p.strategy, p.class_locks, p.stripes = "global", [], []
                    p.reason = ("block %d needs %d locks under pervar, more than the runtime's %d per block, "
                                "so its component takes the global lock" % (
                                    too_many[0].block.index,
                                    len(too_many[0].class_locks) + len(too_many[0].stripes), MAX_REQUESTS))
    return plans, diags


def _fields_separate(pa, r):
    """May the accesses to class r be told apart by field (accesses.fields_overlap)?

    Not when pointers into the middle of its objects exist and one of them
    holds a union: a path through such a pointer starts at a sub-object that
    the union may overlay with another one at a different offset."""
    if r not in pa.interior:
        return True
    return not any(m.sym is not None and m.sym.kind == "var" and _holds_union(m.sym.type, set())
                   for m in pa.members_of(r))


def _holds_union(t, seen):
    while t is not None and t.kind == "array":
        t = t.target
    if t is None or t.kind != "struct" or t.tag is None or id(t.tag) in seen:
        return False
    if t.tag.kind == "union":
        return True
    seen.add(id(t.tag))
    return any(_holds_union(f.type, seen) for f in t.tag.fields.values())


def _word_integer(lv):
    while type(lv) is A.Paren:
        lv = lv.expr
    return lv.ty is not None and lv.ty.is_word_integer and not _is_bitfield(lv)


def _is_bitfield(e):
    while type(e) is A.Paren:
        e = e.expr
    return type(e) is A.Member and e.sym is not None and e.sym.is_bitfield


def _member_name(e):
    while type(e) is A.Paren:
        e = e.expr
    return e.name if type(e) is A.Member else "?"


def _auto_reason(strategy, shapes, chasing, unknown, irr, acc, members):
    """The qualitative half of auto's reason (the numbers follow it)."""
    if strategy == "atomic-op":
        return ("every block of its component is one %s of the same integer location, with no shared reads "
                "in the operand: one hardware atomic instruction, no lock"
                % "/".join(sorted({s[0] if s[0] != "rmw" else "commutative update" for s in shapes.values()})))
    if strategy == "stm":
        return ("block %d walks a linked structure (the objects it touches are found inside the block) and no "
                "block of its component makes an irrevocable call: optimistic transactions let walks over "
                "different parts run in parallel" % chasing[0].index if chasing else
                "optimistic transactions: the blocks rarely touch the same words")
    if strategy == "pervar":
        if any(a.key is None for b in members for a in acc.block_accesses.get(b.index, ())):
            return ("per-object locks where the object is known at block entry, a lock for the whole alias "
                    "class where it is not (pointer chasing or an index computed in the block)")
        return "the locations it touches are known at block entry: one lock per object"
    if unknown:
        b, u = unknown[0]
        if len(members) > 1:     # a call with unknown effects may touch what every block of it touches
            return "the locations are not known: in block %d of its conflict component, %s" % (
                b.index, u.describe())
        return "the locations are not known: %s" % u.describe()
    if irr and chasing:
        return "it walks a linked structure and makes an irrevocable call, so it cannot be a transaction"
    return "one lock is cheapest: every block of its component touches the same data"


def _forced_by(mplans, name):
    for p in mplans:
        if p.forced == name:
            return "block %d" % p.block.index
    return "command line"


MAX_STRIPES = 48      # object locks per block before its classes are locked whole
MAX_REQUESTS = 64     # runtime_c/atomicc_pv.h ATOMICC_PV_MAX: lock requests per block, class locks included


def _lock_plan(pa, members, plans, acc):
    # classes some block of the component needs whole: unkeyed or interior
    # accesses, and every class of a block with too many objects to lock one by one
    whole = {}
    for b in members:
        accs = acc.block_accesses.get(b.index, ())
        if len({a.key_sig for a in accs if a.key is not None}) > MAX_STRIPES:
            for a in accs:
                whole[pa.find(a.obj)] = True
        for a in accs:
            if a.key is None or (pa.find(a.obj) in pa.interior and not _base_key(a.key)):
                whole[pa.find(a.obj)] = True
    for b in members:
        p = plans[b.index]
        classes = {}
        stripes = {}
        stripe_class = {}
        too_many = len({a.key_sig for a in acc.block_accesses.get(b.index, ()) if a.key is not None}) > MAX_STRIPES
        for a in acc.block_accesses.get(b.index, ()):
            r = pa.find(a.obj)
            if r in whole and (a.key is None or (r in pa.interior and not _base_key(a.key)) or too_many):
                classes[r] = combine_modes(classes.get(r), "X" if a.mode == "W" else "S")
                continue
            if r in whole:
                classes[r] = combine_modes(classes.get(r), "IX" if a.mode == "W" else "IS")
            k = a.key_sig
            st = stripes.get(k)
            desc = _describe(pa, a)
            if st is None:
                stripes[k] = StripeLock(a.key, a.key_text, a.mode, desc, k)
                stripe_class[k] = r
            elif a.mode == "W":
                st.mode = "W"
        # an object lock inside a class this block holds whole adds nothing
        for k in list(stripes):
            held = classes.get(stripe_class[k])
            if held == "X" or (held == "S" and stripes[k].mode == "R"):
                del stripes[k]
        cl = []
        for r, m in classes.items():
            slot, name = class_slot(pa, r)
            cl.append(ClassLock(slot, name, m, r))
        cl.sort(key=lambda c: (c.slot, c.name))
        p.class_locks = cl
        p.stripes = list(stripes.values())


def _base_key(key):
    """Is the key certainly an object's base address (&x, &a[i]) rather than a
    pointer value that might point into the middle of an object?"""
    while type(key) is A.Paren:
        key = key.expr
    if type(key) is not A.Unary or key.op != "&":
        return False
    e = key.expr
    while type(e) is A.Paren:
        e = e.expr
    return type(e) in (A.Id, A.Index)


_MODE_RANK = {"IS": 0, "IX": 1, "S": 1, "X": 3}


def combine_modes(a, b):
    """The weakest class-lock mode that covers both (S with IX is SIX; we take X)."""
    if a is None or a == b:
        return b
    if {a, b} == {"IX", "S"}:
        return "X"
    return a if _MODE_RANK[a] >= _MODE_RANK[b] else b


def _describe(pa, a):
    names = pa.class_key(a.obj)
    return names[0] + ((" " + field_path_text(a.field)) if a.field else "")
