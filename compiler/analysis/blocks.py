"""Atomic blocks: where they are, what they contain, and the rules of the dialect.

For every function of the program this finds the outermost `atomic` blocks (inner ones are
flattened into them), the `retry;` statements and the writes of each block,
and checks the dialect's static rules:

* `retry;` only inside an atomic block;
* no jump *into* an atomic block (a `goto` to a label inside it from outside,
  or a `case`/`default` inside it that belongs to a `switch` outside it): the
  jump would skip taking the block's locks;
* `break;` and `continue;` in a block only where C allows them: inside a
  loop (or a `switch`, for `break`), which may enclose the block (then the
  jump leaves the block and commits it).  gcc would catch a stray one only
  in the lowered code, pointing into what the lowering wrote.

It also computes, with the call graph, which blocks can be restarted from a
callee (a function that retries, called inside the block) and which
functions' writes must be undo-logged (those reachable from a block that can
retry).  Returns data and Diagnostics; prints nothing.

    >>> from atomicc.frontend.parser import parse_text
    >>> from atomicc.semantics.program import single
    >>> from atomicc.analysis.alias import analyze_pointers
    >>> from atomicc.analysis.callgraph import build_callgraph
    >>> tu, sm = parse_text("int x; void f(void) { atomic { if (!x) retry; x = 0; } }")
    >>> prog = single("t.c", tu, sm)
    >>> pa = analyze_pointers(prog)
    >>> info = analyze_blocks(prog, build_callgraph(prog, pa), pa)
    >>> [(len(b.retries), len(b.writes), b.func.name) for b in info.blocks]
    [(1, 1, 'f')]
"""

import networkx as nx

from ..diagnostics import Diagnostic
from ..frontend import ast as A
from .callgraph import call_targets


class AtomicBlock:
    """One outermost atomic block (nested blocks are flattened into it)."""

    def __init__(self, node, func, index, unit):
        self.node = node            # the A.Atomic
        self.func = func            # Symbol of the enclosing function (None in an initializer)
        self.index = index          # 1, 2, ... in source order over the program (units in order)
        self.unit = unit            # the Unit it is in
        self.inner = []             # nested A.Atomic nodes (flattened)
        self.retries = []           # A.Retry nodes, including nested blocks'
        self.writes = []            # Assign / ++ / -- nodes inside the block
        self.calls = []             # Call nodes inside the block
        self.callees = []           # function Symbols the block may call (transitively)
        self.restartable_from_callee = False   # a callee may retry
        self.strategy = None        # chosen by the strategy pass
        self.implicit = False       # a `retry;` outside any lexical block: `atomic { retry; }`, which
        #                             joins the block its function always runs in

    @property
    def func_name(self):
        return self.func.name if self.func is not None else None

    def where(self):
        return self.unit.where(self.node)

    @property
    def can_retry(self):
        return bool(self.retries) or self.restartable_from_callee


class BlockInfo:
    def __init__(self):
        self.blocks = []
        self.diagnostics = []
        self.logged_functions = set()   # function Symbols whose writes are undo-logged
        self.function_writes = {}       # function Symbol -> write nodes in its body
        self.def_writes = {}            # id(FuncDef) -> write nodes in that body (an inline function
        #                                 of a header has a definition, and writes, in every unit)
        self.bare_retries = []          # (function Symbol, Retry, Unit): `retry;` outside any lexical block
        self.outside_calls = {}         # function Symbol -> Call nodes not inside any block of it
        self.callgraph = None


_WRITE_OPS = ("++", "--")


def is_write(n):
    t = type(n)
    return t is A.Assign or t is A.PostOp or (t is A.Unary and n.op in _WRITE_OPS)


def write_target(n):
    """The lvalue expression a write node stores to."""
    return n.lhs if type(n) is A.Assign else n.expr


class _Walker:
    def __init__(self, info, unit, func):
        self.info, self.unit, self.func = info, unit, func
        self.sm = unit.sm
        self.block = None            # current outermost AtomicBlock
        self.labels = {}             # label name -> (Label node, block or None)
        self.gotos = []              # (Goto node, block or None)
        self.switch_stack = []       # blocks enclosing each open switch
        self.jump_targets = []       # "loop" / "switch" for each open loop body and switch body
        self.writes = []

    def error(self, node, msg, notes=()):
        self.info.diagnostics.append(Diagnostic("error", msg, self.sm.loc(node.start), notes))

    def walk(self, n):
        t = type(n)
        if t is A.Atomic:
            if self.block is None:
                blk = AtomicBlock(n, self.func, len(self.info.blocks) + 1, self.unit)
                self.info.blocks.append(blk)
                self.block = blk
                self.walk(n.body)
                self.block = None
            else:
                self.block.inner.append(n)
                self.walk(n.body)
            return
        if t is A.Retry:
            if self.block is None and self.func is None:
                self.error(n, "'retry' outside an atomic block")
            elif self.block is None:
                # allowed if the function only ever runs inside blocks (checked
                # over the whole program in analyze_blocks)
                self.info.bare_retries.append((self.func, n, self.unit))
            else:
                self.block.retries.append(n)
            return
        if t is A.Label:
            self.labels[n.name] = (n, self.block)
        elif t is A.Goto:
            self.gotos.append((n, self.block))
        elif t is A.Switch:
            self.walk(n.cond)
            self.switch_stack.append(self.block)
            self.jump_targets.append("switch")
            self.walk(n.body)
            self.jump_targets.pop()
            self.switch_stack.pop()
            return
        elif t is A.While or t is A.DoWhile or t is A.For:
            for c in A.iter_children(n):        # in source order; only the body is in the loop
                if c is n.body:
                    self.jump_targets.append("loop")
                    self.walk(c)
                    self.jump_targets.pop()
                else:
                    self.walk(c)
            return
        elif t is A.NestedFunc:
            # a nested function's body is not inside the loops around its definition
            saved, self.jump_targets = self.jump_targets, []
            for c in A.iter_children(n):
                self.walk(c)
            self.jump_targets = saved
            return
        elif t is A.Break:
            if self.block is not None and not self.jump_targets:
                self.error(n, "break statement not within loop or switch")
        elif t is A.Continue:
            if self.block is not None and "loop" not in self.jump_targets:
                self.error(n, "continue statement not within a loop")
        elif t is A.Case or t is A.Default:
            if self.switch_stack and self.switch_stack[-1] is not self.block and self.block is not None:
                self.error(n, "'%s' label jumps into an atomic block from a switch outside it"
                           % ("case" if t is A.Case else "default"),
                           [Diagnostic("note", "the atomic block starts here", self.sm.loc(self.block.node.start))])
        elif t is A.Call:
            if self.block is not None:
                self.block.calls.append(n)
            elif self.func is not None:
                self.info.outside_calls.setdefault(self.func, []).append(n)
        elif is_write(n):
            self.writes.append(n)
            if self.block is not None:
                self.block.writes.append(n)
        for c in A.iter_children(n):
            self.walk(c)

    def finish(self):
        for g, gblock in self.gotos:
            hit = self.labels.get(g.label)
            if hit is None:
                continue
            label, lblock = hit
            if lblock is not None and lblock is not gblock:
                self.error(g, "'goto %s' jumps into an atomic block" % g.label,
                           [Diagnostic("note", "label '%s' is inside the atomic block that starts here" % g.label,
                                       self.sm.loc(lblock.node.start))])


_LOOPS = (A.While, A.DoWhile, A.For)
_JUMPS = (A.Goto, A.GotoComputed, A.Label, A.NestedFunc)


def writes_to_log(b, info):
    """The stores of block `b` that a lock-based lowering must undo-log: those
    a retry can follow in the same run of the block.  A store after which no
    `retry;` (nor a call of a function that may retry) can run is never
    undone, so logging it is wasted work: a bounded queue's `if (full)
    retry;` before its stores needs no log at all.  In structured code a
    retry point can run after a store when it ends later in the text (a
    call's retry happens after its arguments), or when both are in one loop
    of the block; a block with a goto, a label, an `asm goto` or a nested
    function logs every store, and so does a block whose function is also
    called from inside a block that can retry (it then joins that block,
    whose retry may follow any of these stores).

        >>> from atomicc.frontend.parser import parse_text
        >>> from atomicc.semantics.program import single
        >>> from atomicc.analysis.alias import analyze_pointers
        >>> from atomicc.analysis.callgraph import build_callgraph
        >>> tu, sm = parse_text("int n, a[4]; void f(int v) { atomic { if (n == 4) retry; a[n] = v; n++; } } "
        ...                     "void g(void) { atomic { n--; if (n < 0) retry; a[0] = 1; } } "
        ...                     "static int ready(void) { if (!n) retry; return 1; } "
        ...                     "void h(void) { atomic { a[2] = ready() + (a[3] = 1); } }")
        >>> prog = single("q.c", tu, sm); pa = analyze_pointers(prog)
        >>> info = analyze_blocks(prog, build_callgraph(prog, pa), pa)
        >>> [[sm.text[w.start:w.end] for w in writes_to_log(b, info)] for b in info.blocks if not b.implicit]
        [[], ['n--'], ['a[3] = 1']]
    """
    if not b.can_retry:
        return []
    if b.func is not None and b.func in info.logged_functions:
        return list(b.writes)
    body = b.node.body
    loops, exprs = [], []
    for n in A.walk(body):
        t = type(n)
        if t in _JUMPS or (t is A.AsmStmt and "goto" in n.text):
            return list(b.writes)
        if t in _LOOPS:
            loops.append((n.start, n.end))
        for e in _full_expressions(n):
            if e is not None:
                exprs.append((e.start, e.end))
    points = [(r.start, r.end) for r in b.retries]
    if b.restartable_from_callee:
        points += [(c.start, c.end) for c in b.calls]
    if not points:
        return []
    last = max(e for _, e in points)
    out = []
    for w in b.writes:
        if w.end < last or any(s <= w.start and w.end <= e and any(s <= ps and pe <= e for ps, pe in points)
                               for s, e in loops):
            out.append(w)
        elif any(s <= w.start and w.end <= e and any(s <= ps and pe <= e and not (w.start <= ps and pe <= w.end)
                                                     for ps, pe in points)
                 for s, e in exprs):
            # a retry point in an expression that also holds the store, outside
            # the store's own operands: C may evaluate the two in either order
            # (`(x = 1) + wait()`), so the store may come first
            out.append(w)
    return out


def _full_expressions(n):
    """The expressions statement n evaluates as wholes (C's full expressions)."""
    t = type(n)
    if t is A.ExprStmt or t is A.Return:
        return (n.expr,)
    if t in (A.If, A.While, A.DoWhile, A.Switch):
        return (n.cond,)
    if t is A.For:
        return (n.init if type(n.init) is not A.Decl else None, n.cond, n.next)
    if t is A.InitDeclarator:
        return (n.init,)
    return ()


def analyze_blocks(program, cg, pa=None, partial=False):
    """Find and check the atomic blocks of every unit of `program`; returns a BlockInfo.

    `cg` is the program's call graph (callgraph.py).  A `retry;` outside any
    lexical block is legal in a function that only ever runs inside atomic
    blocks (every call path from main, a thread's start or a function
    nothing in the program calls goes through a block); it becomes an
    implicit nested block `atomic { retry; }`, which joins the caller's."""
    info = BlockInfo()
    info.callgraph = cg
    for unit in program.units:
        for item in unit.tu.items:
            if type(item) is A.FuncDef:
                w = _Walker(info, unit, item.sym)
                w.walk(item.body)
                w.finish()
                info.function_writes[item.sym] = w.writes
                info.def_writes[id(item)] = w.writes
            elif type(item) is A.Decl:
                # retry / atomic inside initializers (statement expressions) of globals
                w = _Walker(info, unit, None)
                w.walk(item)
    _implicit_blocks(info, cg, pa, partial)
    # Functions that may retry: those containing a retry, and their callers.
    may_retry = set()
    for b in info.blocks:
        if b.retries and b.func is not None and b.func in cg.graph:
            may_retry.add(b.func)
            may_retry.update(nx.ancestors(cg.graph, b.func))
    for b in info.blocks:
        b.callees = cg.reachable(block_callees(b, pa))
        b.restartable_from_callee = bool(set(b.callees) & may_retry)
        if b.can_retry:
            info.logged_functions.update(f for f in b.callees if f in cg.defs)
    info.diagnostics.sort(key=Diagnostic.sort_key)
    return info


def runs_outside_blocks(info, cg, pa, partial=False):
    """Function Symbol -> a call path (list of (caller, Call)) by which it can
    run outside every atomic block; functions not in the map always run inside one."""
    roots = [f for f in cg.defs if cg.graph.in_degree(f) == 0 and not (partial and f.linkage == "external")]
    for ts in pa.thread_roots.values():
        roots.extend(ts)
    main = next((f for f in cg.defs if f.name == "main" and f.linkage == "external"), None)
    if main is not None:
        roots.append(main)
    path = {r: [] for r in roots}
    work = list(roots)
    while work:
        g = work.pop()
        for call in info.outside_calls.get(g, ()):
            for t in call_targets(pa, call):
                if t not in path and t in cg.defs:
                    path[t] = path[g] + [(g, call)]
                    work.append(t)
    return path


def _implicit_blocks(info, cg, pa, partial):
    if not info.bare_retries:
        return
    outside = runs_outside_blocks(info, cg, pa, partial)
    for func, node, unit in info.bare_retries:
        if func in outside:
            notes = []
            for caller, call in outside[func][-3:]:
                notes.append(Diagnostic("note", "'%s' is called here, outside any atomic block" % (
                    call_targets(pa, call)[0].name if call_targets(pa, call) else "?"),
                    cg.units[caller].loc(call) if caller in cg.units else None))
            if not outside[func]:
                notes.append(Diagnostic("note", "'%s' can run outside every atomic block (%s)" % (
                    func.name, "it is where the program starts" if func.name == "main" else
                    "a thread starts there" if any(func in ts for ts in pa.thread_roots.values()) else
                    "nothing in the program calls it"),
                    cg.units[func].loc(cg.defs[func]) if func in cg.defs and func in cg.units else None))
            info.diagnostics.append(Diagnostic(
                "error", "'retry' outside an atomic block: '%s' can run outside every atomic block" % func.name,
                unit.loc(node), notes))
            continue
        wrapper = A.Atomic(A.Compound([node], start=node.start, end=node.end), start=node.start, end=node.end)
        blk = AtomicBlock(wrapper, func, len(info.blocks) + 1, unit)
        blk.retries.append(node)
        blk.implicit = True
        info.blocks.append(blk)


def block_callees(b, pa):
    """The functions the calls written in block b may reach directly."""
    out = []
    for c in b.calls:
        out.extend(call_targets(pa, c))
    return out
