"""Atomic blocks: where they are, what they contain, and the rules of the dialect.

For every function this finds the outermost `atomic` blocks (inner ones are
flattened into them), the `retry;` statements and the writes of each block,
and checks the dialect's static rules:

* `retry;` only inside an atomic block;
* no jump *into* an atomic block (a `goto` to a label inside it from outside,
  or a `case`/`default` inside it that belongs to a `switch` outside it): the
  jump would skip taking the block's locks.

It also computes, with the call graph, which blocks can be restarted from a
callee (a function that retries, called inside the block) and which
functions' writes must be undo-logged (those reachable from a block that can
retry).  Returns data and Diagnostics; prints nothing.

    >>> from atomicc.frontend.parser import parse_text
    >>> tu, sm = parse_text("int x; void f(void) { atomic { if (!x) retry; x = 0; } }")
    >>> info = analyze_blocks(tu, sm)
    >>> [(len(b.retries), len(b.writes)) for b in info.blocks]
    [(1, 1)]
"""

from ..diagnostics import Diagnostic
from ..frontend import ast as A
from ..frontend.build import declarator_name
from .callgraph import build_callgraph, calls_in


class AtomicBlock:
    """One outermost atomic block (nested blocks are flattened into it)."""

    def __init__(self, node, func, index):
        self.node = node            # the A.Atomic
        self.func = func            # name of the enclosing function
        self.index = index          # 1, 2, ... in source order over the unit
        self.inner = []             # nested A.Atomic nodes (flattened)
        self.retries = []           # A.Retry nodes, including nested blocks'
        self.writes = []            # Assign / ++ / -- nodes inside the block
        self.calls = []             # names of functions called inside the block
        self.restartable_from_callee = False   # a callee may retry
        self.strategy = None        # chosen by the strategy pass

    @property
    def can_retry(self):
        return bool(self.retries) or self.restartable_from_callee


class BlockInfo:
    def __init__(self):
        self.blocks = []
        self.diagnostics = []
        self.logged_functions = set()   # functions whose writes are undo-logged
        self.function_writes = {}       # function name -> write nodes in its body
        self.callgraph = None


_WRITE_OPS = ("++", "--")


def is_write(n):
    t = type(n)
    return t is A.Assign or t is A.PostOp or (t is A.Unary and n.op in _WRITE_OPS)


def write_target(n):
    """The lvalue expression a write node stores to."""
    return n.lhs if type(n) is A.Assign else n.expr


class _Walker:
    def __init__(self, info, sm, func):
        self.info, self.sm, self.func = info, sm, func
        self.block = None            # current outermost AtomicBlock
        self.labels = {}             # label name -> (Label node, block or None)
        self.gotos = []              # (Goto node, block or None)
        self.switch_stack = []       # blocks enclosing each open switch
        self.writes = []

    def error(self, node, msg, notes=()):
        self.info.diagnostics.append(Diagnostic("error", msg, self.sm.loc(node.start), notes))

    def walk(self, n):
        t = type(n)
        if t is A.Atomic:
            if self.block is None:
                blk = AtomicBlock(n, self.func, len(self.info.blocks) + 1)
                self.info.blocks.append(blk)
                self.block = blk
                self.walk(n.body)
                self.block = None
            else:
                self.block.inner.append(n)
                self.walk(n.body)
            return
        if t is A.Retry:
            if self.block is None:
                self.error(n, "'retry' outside an atomic block")
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
            self.walk(n.body)
            self.switch_stack.pop()
            return
        elif t is A.Case or t is A.Default:
            if self.switch_stack and self.switch_stack[-1] is not self.block and self.block is not None:
                self.error(n, "'%s' label jumps into an atomic block from a switch outside it"
                           % ("case" if t is A.Case else "default"),
                           [Diagnostic("note", "the atomic block starts here", self.sm.loc(self.block.node.start))])
        elif t is A.Call:
            if self.block is not None:
                f = n.func
                while type(f) is A.Paren:
                    f = f.expr
                if type(f) is A.Id:
                    self.block.calls.append(f.name)
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


def analyze_blocks(tu, sm):
    """Find and check the atomic blocks of `tu`; returns a BlockInfo."""
    info = BlockInfo()
    for item in tu.items:
        if type(item) is A.FuncDef:
            name = declarator_name(item.decl)
            w = _Walker(info, sm, name)
            w.walk(item.body)
            w.finish()
            info.function_writes[name] = w.writes
        elif type(item) is A.Decl:
            # retry / atomic inside initializers (statement expressions) of globals
            w = _Walker(info, sm, None)
            w.walk(item)
    cg = build_callgraph(tu)
    info.callgraph = cg
    # Functions that may retry: those containing a retry, and their callers.
    retrying = {b.func for b in info.blocks if b.retries}
    may_retry = set()
    for f in retrying:
        may_retry.add(f)
        if f in cg.graph:
            import networkx as nx
            may_retry.update(nx.ancestors(cg.graph, f))
    for b in info.blocks:
        reach = set()
        for c in b.calls:
            reach.update(cg.reachable([c]))
        b.restartable_from_callee = bool(reach & may_retry)
        if b.can_retry:
            info.logged_functions.update(f for f in reach if f in cg.defs)
    info.diagnostics.sort(key=Diagnostic.sort_key)
    return info
