"""Control-flow graphs of function bodies, for the flow-sensitive lock analysis.

A function body becomes basic blocks of *items*, evaluated in order:

    ("expr", e)            an expression statement (or a `for` clause)
    ("init", declarator)   a local's initialisation (`T *p = malloc(n);`)
    ("enter", atomic)      entering an atomic block; ("leave", atomic) leaving it
    ("return", e_or_None)  leaving the function (its successor is the exit block)
    ("retry", node)        abandoning the block (no successor: the block re-runs)

A block ends in at most one branch: `branch` is the condition expression,
`succs[0]` the true and `succs[1]` the false successor; without a branch every
successor is possible (a `switch` dispatch, a `goto`, a fall-through).
Jumps out of atomic blocks (`break`, `continue`, `return`, `goto`) pass
through ("leave", …) items, so the atomic nesting depth is a property of the
path, as the lowering makes it.

    >>> from atomicc.frontend.parser import parse_text
    >>> tu, sm = parse_text("int f(int x) { if (x) return 1; while (x) x--; return 0; }")
    >>> g = build_cfg(tu.items[0])
    >>> sum(1 for b in g.blocks if b.branch is not None)
    2
"""

from ..frontend import ast as A
from ..semantics.bind import int_constant


class Block:
    __slots__ = ("id", "items", "succs", "branch")

    def __init__(self, id_):
        self.id = id_
        self.items = []
        self.succs = []
        self.branch = None        # condition expression: succs == [true, false]


class CFG:
    def __init__(self):
        self.blocks = []
        self.entry = self.new()
        self.exit = self.new()
        self.loops = {}           # id of a loop's test block -> the loop statement

    def new(self):
        b = Block(len(self.blocks))
        self.blocks.append(b)
        return b

    def preds(self):
        out = {b.id: [] for b in self.blocks}
        for b in self.blocks:
            for s in b.succs:
                out[s.id].append(b)
        return out


class _Builder:
    def __init__(self):
        self.g = CFG()
        self.labels = {}          # name -> (Block, atomic depth)
        self.gotos = []           # (Block, label, atomic stack at the goto)
        self.atomics = []         # enclosing Atomic nodes
        self.loops = []           # (continue target, break target, atomic depth)
        self.switches = []        # [dispatch Block, has_default, atomic depth]

    def leave_to(self, cur, depth):
        """Items leaving atomic blocks down to `depth` on a jump from `cur`."""
        for a in reversed(self.atomics[depth:]):
            cur.items.append(("leave", a))

    def jump(self, cur, target, depth):
        self.leave_to(cur, depth)
        cur.succs.append(target)

    def stmt(self, s, cur):
        """Adds statement s starting in block `cur`; returns the block control falls out of (None: no fall-through)."""
        if cur is None:
            cur = self.g.new()            # unreachable code still gets analysed (labels may jump in)
        t = type(s)
        if t is A.Compound:
            for it in s.items:
                cur = self.stmt(it, cur) if type(it) in A.STATEMENTS or type(it) is A.Compound else self.decl(it, cur)
            return cur
        if t is A.ExprStmt:
            if s.expr is not None:
                cur.items.append(("expr", s.expr))
            return cur
        if t is A.If:
            then_b, else_b, join = self.g.new(), self.g.new(), self.g.new()
            truth = _constant_truth(s.cond)
            if truth is None:
                cur.branch = s.cond
                cur.succs = [then_b, else_b]
            else:                         # `if (1) unlock(m);` from a macro: one way only
                cur.items.append(("expr", s.cond))
                cur.succs = [then_b if truth else else_b]
            t_end = self.stmt(s.then, then_b)
            if t_end is not None:
                t_end.succs.append(join)
            e_end = self.stmt(s.els, else_b) if s.els is not None else else_b
            if e_end is not None:
                e_end.succs.append(join)
            return join
        if t is A.While:
            head, body, after = self.g.new(), self.g.new(), self.g.new()
            cur.succs.append(head)
            head.branch = s.cond
            head.succs = [body, after]
            self.g.loops[head.id] = s
            self.loops.append((head, after, len(self.atomics)))
            end = self.stmt(s.body, body)
            self.loops.pop()
            if end is not None:
                end.succs.append(head)
            return after
        if t is A.DoWhile:
            body, cond, after = self.g.new(), self.g.new(), self.g.new()
            cur.succs.append(body)
            self.loops.append((cond, after, len(self.atomics)))
            end = self.stmt(s.body, body)
            self.loops.pop()
            if end is not None:
                end.succs.append(cond)
            truth = _constant_truth(s.cond)
            if truth is None:
                cond.branch = s.cond
                cond.succs = [body, after]
            else:                         # `do { ... } while (0)` runs its body once
                cond.items.append(("expr", s.cond))
                cond.succs = [body if truth else after]
            self.g.loops[cond.id] = s
            return after
        if t is A.For:
            if s.init is not None:
                if type(s.init) is A.Decl:
                    cur = self.decl(s.init, cur)
                else:
                    cur.items.append(("expr", s.init))
            head, body, nxt, after = self.g.new(), self.g.new(), self.g.new(), self.g.new()
            cur.succs.append(head)
            self.g.loops[head.id] = s
            if s.cond is not None:
                head.branch = s.cond
                head.succs = [body, after]
            else:
                head.succs = [body]
            self.loops.append((nxt, after, len(self.atomics)))
            end = self.stmt(s.body, body)
            self.loops.pop()
            if end is not None:
                end.succs.append(nxt)
            if s.next is not None:
                nxt.items.append(("expr", s.next))
            nxt.succs.append(head)
            return after
        if t is A.Switch:
            cur.items.append(("expr", s.cond))
            after = self.g.new()
            sw = [cur, False, len(self.atomics)]
            self.switches.append(sw)
            self.loops.append((None, after, len(self.atomics)))
            end = self.stmt(s.body, None)
            self.loops.pop()
            self.switches.pop()
            if end is not None:
                end.succs.append(after)
            if not sw[1]:
                cur.succs.append(after)
            return after
        if t is A.Case or t is A.Default:
            b = self.g.new()
            if cur is not None:
                cur.succs.append(b)
            if self.switches:
                self.switches[-1][0].succs.append(b)
                if t is A.Default:
                    self.switches[-1][1] = True
            return self.stmt(s.stmt, b) if s.stmt is not None else b
        if t is A.Label:
            b = self.g.new()
            cur.succs.append(b)
            self.labels[s.name] = (b, len(self.atomics))
            return self.stmt(s.stmt, b) if s.stmt is not None else b
        if t is A.Goto:
            self.gotos.append((cur, s.label, list(self.atomics)))
            return None
        if t is A.GotoComputed:
            cur.items.append(("expr", s.expr))
            self.gotos.append((cur, None, list(self.atomics)))
            return None
        if t is A.Break or t is A.Continue:
            for cont, brk, depth in reversed(self.loops):
                target = brk if t is A.Break else cont
                if target is not None:
                    self.jump(cur, target, depth)
                    break
            return None
        if t is A.Return:
            if self.atomics and s.expr is not None:
                # the value is computed inside the block(s) the return leaves
                cur.items.append(("expr", s.expr))
                self.leave_to(cur, 0)
                cur.items.append(("return", None, s))
                cur.succs.append(self.g.exit)
                return None
            self.leave_to(cur, 0)
            cur.items.append(("return", s.expr, s))
            cur.succs.append(self.g.exit)
            return None
        if t is A.Atomic:
            cur.items.append(("enter", s))
            self.atomics.append(s)
            end = self.stmt(s.body, cur)
            self.atomics.pop()
            if end is not None:
                end.items.append(("leave", s))
            return end
        if t is A.Retry:
            cur.items.append(("retry", s))
            return None
        if t is A.NestedFunc or t is A.AsmStmt or t is A.AttrStmt or t is A.LabelDecl:
            return cur
        if type(s) in (A.Decl, A.StaticAssert, A.EmptyDecl, A.Pragma):
            return self.decl(s, cur)
        return cur

    def decl(self, d, cur):
        if cur is None:
            cur = self.g.new()
        if type(d) is A.Decl:
            for idecl in d.declarators:
                if type(idecl) is A.InitDeclarator and idecl.init is not None:
                    cur.items.append(("init", idecl))
        return cur

    def finish(self):
        for b, label, stack in self.gotos:
            if label is None:
                for tb, depth in self.labels.values():      # computed goto: any label
                    b.succs.append(tb)
                continue
            target = self.labels.get(label)
            if target is None:
                continue
            tb, depth = target
            for a in reversed(stack[depth:]):
                b.items.append(("leave", a))
            b.succs.append(tb)
        return self.g


def _constant_truth(e):
    """True or False for an integer literal condition (`while (0)`, `if (1)`), else None.

        >>> _constant_truth(A.Paren(A.Const("0UL"))), _constant_truth(A.Const("0x10")), _constant_truth(A.Id("x"))
        (False, True, None)
    """
    while type(e) is A.Paren:
        e = e.expr
    v = int_constant(e) if type(e) is A.Const else None
    return None if v is None else v != 0


def build_cfg(fd):
    """The CFG of a FuncDef's body."""
    bld = _Builder()
    end = bld.stmt(fd.body, bld.g.entry)
    if end is not None:
        end.items.append(("return", None, None))
        end.succs.append(bld.g.exit)
    return bld.finish()
