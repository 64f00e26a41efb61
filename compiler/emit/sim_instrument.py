"""Simulator instrumentation: cost-model hooks for `--target=sim`.

Input: one lowered unit after `gcc -E` with the simulator header forced in
(`-DATOMICC_SIM=1 -include atomicc_sim.h`).  Output: the same translation
unit reprinted from its AST (CPrinter, with line markers, so gcc's
diagnostics still point at the user's source) where

* every access to memory that may be shared becomes
  `(*({ __auto_type P = &(E); (__typeof__(P))atomicc__sim_r(P, sizeof *P); }))`
  (`_w` for a store or a read-modify-write): the hook runs the simulator
  (it waits for this fiber's turn, charges the access by the cache model)
  and returns the address, and the access itself then happens unchanged.
  E is printed once, so nested accesses (`a->b->c`) stay linear in size;
* every straight-line run of statements starts with
  `atomicc__sim_work(N);`, N the run's static instruction estimate (one
  per operator, call, variable read and the like, nothing for what gcc
  folds: constants, casts, `__builtin_expect`; a loop's condition and step
  are charged in its body, once per iteration).

What may be shared is decided per access, the way the access analysis does
(accesses.py): variables with static storage that are not thread-local,
locals whose address is taken, and everything reached through a pointer or
an array parameter.  Other locals live in registers or in the thread's own
stack frame and are charged as work.  Bit-fields (no address), code in
system headers (the runtime's inline fast paths too: see docs/sim.md) and
in the simulator's own header are left alone; the `__atomic_*` builtins are
hooked by the header's macros, not here, and each counts as one instruction
plus its operands.

    >>> from atomicc.frontend.parser import parse_text
    >>> out = instrument_text("int g; void f(int *p) { int i = 1; g = *p + i; }", "t.c")
    >>> "atomicc__sim_w" in out and "atomicc__sim_r" in out and "atomicc__sim_work(" in out
    True
"""

from ..frontend import ast as A
from ..frontend.parser import parse_text
from ..semantics.program import single
from .c_printer import CPrinter

_TLS_WORDS = {"__thread", "_Thread_local", "thread_local"}
_UNEVALUATED = ("sizeof", "_Alignof", "__alignof__", "__alignof", "alignof")
SIM_HEADER = "atomicc_sim.h"


def _strip(e):
    while type(e) is A.Paren:
        e = e.expr
    return e


def _direct_callee(call):
    """Does `call` name a function (not a pointer it loads)?"""
    f = _strip(call.func)
    return type(f) is A.Id and f.sym is not None and f.sym.kind == "func"


def _thread_locals(tu):
    """Symbols declared `__thread` / `_Thread_local` anywhere in the unit."""
    out = set()
    for n in A.walk(tu):
        if type(n) is A.Decl and any(type(k) is A.Keyword and k.text in _TLS_WORDS for k in n.specs.items):
            for d in n.declarators:
                for m in A.walk(d):
                    if type(m) is A.NameDecl and m.sym is not None:
                        out.add(m.sym)
    return out


class _Marker:
    """Finds the shared accesses of one function body: {id(node): "r" | "w"}."""

    def __init__(self, addr_taken, tls):
        self.addr_taken = addr_taken
        self.tls = tls
        self.marks = {}

    def shared(self, lv):
        lv = _strip(lv)
        t = type(lv)
        if t is A.Id:
            s = lv.sym
            if s is None or s.kind != "var" or s in self.tls:
                return False
            if s.storage == "static":
                return True
            return s in self.addr_taken
        if t is A.Member:
            return True if lv.arrow else self.shared(lv.expr)
        if t is A.Index:
            b = _strip(lv.base)
            if b.ty is not None and b.ty.is_array:
                return self.shared(b)
            return True
        if t is A.Unary and lv.op == "*":
            return True
        return False

    def access(self, lv, mode):
        lv = _strip(lv)
        t = type(lv)
        if t not in (A.Id, A.Member, A.Index) and not (t is A.Unary and lv.op == "*"):
            return
        if t is A.Member and lv.sym is not None and lv.sym.is_bitfield:
            return
        ty = lv.ty
        if ty is None or ty.is_array or ty.is_func or ty.kind == "void":
            return
        if not self.shared(lv):
            return
        if self.marks.get(id(lv)) != "w":
            self.marks[id(lv)] = mode

    def address(self, lv):
        """Reads performed to compute the address of lvalue lv."""
        lv = _strip(lv)
        t = type(lv)
        if t is A.Member:
            if lv.arrow:
                self.expr(lv.expr)
            else:
                self.address(lv.expr)
        elif t is A.Index:
            b = _strip(lv.base)
            if b.ty is not None and b.ty.is_array:
                self.address(b)
            else:
                self.expr(lv.base)
            self.expr(lv.index)
        elif t is A.Unary and lv.op == "*":
            self.expr(lv.expr)
        elif t is A.Cast:
            self.address(lv.expr)
        elif t not in (A.Id,):
            self.expr(lv)

    def expr(self, e):
        if e is None:
            return
        e = _strip(e)
        t = type(e)
        if t is A.Assign:
            self.access(e.lhs, "w")
            self.address(e.lhs)
            self.expr(e.rhs)
        elif t is A.PostOp or (t is A.Unary and e.op in ("++", "--")):
            self.access(e.expr, "w")
            self.address(e.expr)
        elif t is A.Unary and e.op == "&":
            self.address(e.expr)
        elif t is A.Unary and e.op in _UNEVALUATED:
            return
        elif t in (A.Id, A.Member, A.Index) or (t is A.Unary and e.op == "*"):
            self.access(e, "r")
            self.address(e)
        elif t is A.Call:
            for a in e.args:
                self.expr(a)
            if not _direct_callee(e):
                self.expr(e.func)
        elif t is A.StmtExpr:
            self.stmt(e.body)
        elif t is A.Generic:
            for a in e.assocs:
                self.expr(a.expr)
        elif t in (A.SizeofType, A.Const, A.Str, A.TypesCompat, A.Offsetof, A.VaArg, A.LabelAddr):
            return
        elif t is A.CompoundLit:
            self.init(e.init)
        else:
            for c in A.iter_children(e):
                if not isinstance(c, A.TypeName):
                    self.expr(c)

    def init(self, init):
        if type(init) is A.InitList:
            for it in init.items:
                self.init(it.init)
        else:
            self.expr(init)

    def stmt(self, s):
        t = type(s)
        if t is A.Decl:
            for d in s.declarators:
                if d.init is not None:
                    self.init(d.init)
        elif t in (A.ExprStmt, A.Return):
            self.expr(s.expr)
        elif t is A.For:
            if s.init is not None:
                self.stmt(s.init) if type(s.init) is A.Decl else self.expr(s.init)
            self.expr(s.cond)
            self.expr(s.next)
            self.stmt(s.body)
        elif t in (A.If, A.While, A.DoWhile, A.Switch):
            self.expr(s.cond)
            for c in A.iter_children(s, skip=("cond",)):
                self.stmt(c)
        elif t is A.GotoComputed:
            self.expr(s.expr)
        elif t in (A.Compound, A.Label, A.Case, A.Default):
            for c in A.iter_children(s, skip=("lo", "hi")):
                self.stmt(c)


# -- instruction estimates ---------------------------------------------------------

_SHADOW_TEMP = "__atomicc_sim_p__"


def _shadow_call(e):
    """If statement expression e is one of atomicc_sim.h's shadows of an
    atomic builtin (it declares __atomicc_sim_p__, calls the simulator's hook,
    and ends with the builtin itself), the pair (the address expression, the
    builtin's call); else None."""
    items = e.body.items
    if len(items) < 2 or type(items[0]) is not A.Decl or len(items[0].declarators) != 1:
        return None
    d = items[0].declarators[0]
    if type(d.decl) is not A.NameDecl or d.decl.name != _SHADOW_TEMP:
        return None
    last = items[-1]
    if type(last) is not A.ExprStmt or type(_strip(last.expr)) is not A.Call:
        return None
    return d.init, _strip(last.expr)


def _shadow_cost(addr, call):
    """An atomic builtin is one instruction plus what computes its operands
    (the address, the values; memory orders are constants).  Before this rule
    the shadow's scaffolding was charged as work too (its temporary, the
    hook's call, the folded `if (order == __ATOMIC_SEQ_CST)`): some 15
    cycles for an __atomic_load_n, a single mov."""
    return 1 + _cost(addr) + sum(_cost(a) for a in call.args[1:] if type(_strip(a)) is not A.Const)


_FOLDED_UNARY = ("-", "+", "~", "!")
_EXPECT = ("__builtin_expect", "__builtin_expect_with_probability")


def _constants(e):
    """The ids of the constant (sub)expressions of e that gcc folds: literals,
    sizeof and the like, and operators, casts and conditionals of those.
    Each becomes an immediate operand or nothing: no instruction of its own.
    (Bottom-up and iterative: expressions may be long operator chains.)"""
    const = set()
    order, stack = [], [e]
    while stack:
        x = stack.pop()
        t = type(x)
        if t in (A.Const, A.SizeofType, A.Offsetof, A.TypesCompat):
            const.add(id(x))
        elif t is not A.StmtExpr and not isinstance(x, A.TypeName):
            if t in (A.Paren, A.Cast, A.Unary, A.Binary, A.Cond):
                order.append(x)
            stack.extend(A.iter_children(x))
    for x in reversed(order):       # children before parents
        t = type(x)
        if t is A.Paren or t is A.Cast:
            ok = id(x.expr) in const
        elif t is A.Unary:
            ok = x.op in _UNEVALUATED or (x.op in _FOLDED_UNARY and id(x.expr) in const)
        elif t is A.Binary:
            ok = id(x.left) in const and id(x.right) in const
        else:
            ok = id(x.cond) in const and all(id(a) in const for a in (x.then, x.els) if a is not None)
        if ok:
            const.add(id(x))
    return const


def _cost(e):
    """Instruction estimate of expression e: one per operator, call, load of a
    variable and the like, where gcc folds away what is not an instruction:
    constant (sub)expressions (`LOCKED | 0xffc`, `(uint64_t)1 << 63`,
    `sizeof x`) and casts cost nothing, `__builtin_expect(x, c)` costs x,
    and only one arm of `c ? a : b`, of `__builtin_choose_expr` and of
    `_Generic` runs (the runtime's access macros select on `sizeof` that
    way); the simulator's shadows of the atomic builtins cost one
    instruction and their operands, calls of the simulator's own functions
    (its hooks and reports) nothing but a prefetch's one instruction; other
    statement expressions charge themselves."""
    if e is None:
        return 0
    const = _constants(e)
    n = 0
    stack = [e]                 # iterative: long operator chains are deep trees
    while stack:
        x = stack.pop()
        t = type(x)
        if id(x) in const or isinstance(x, A.TypeName):
            continue
        if t is A.Paren or t is A.Cast or (t is A.Unary and x.op == "__extension__"):
            stack.append(x.expr)
        elif t is A.StmtExpr:
            sh = _shadow_call(x)
            n += 1 if sh is None else _shadow_cost(*sh)
        elif t is A.Call and type(x.func) is A.Id and x.func.name.startswith("atomicc__sim_"):
            if x.func.name == "atomicc__sim_prefetch" and x.args:
                n += 1 + _cost(x.args[0])
        elif t is A.Call and type(x.func) is A.Id and x.func.name in _EXPECT and x.args:
            stack.append(x.args[0])
        elif t is A.Cond:
            arms = [a for a in (x.then, x.els) if a is not None]
            n += 1 + _cost(x.cond) + max(_cost(a) for a in arms)
        elif t is A.Call and type(x.func) is A.Id and x.func.name == "__builtin_choose_expr" and len(x.args) == 3:
            n += max(_cost(x.args[1]), _cost(x.args[2]))
        elif t is A.Generic:
            n += max([_cost(a.expr) for a in x.assocs] or [0])
        elif t is A.Call and _direct_callee(x):
            n += 1                      # a direct call: its target is no load
            stack.extend(x.args)
        else:
            n += 1
            stack.extend(A.iter_children(x))
    return n


def _init_cost(init):
    if type(init) is A.InitList:
        return sum(_init_cost(it.init) for it in init.items)
    return _cost(init)


def _simple_cost(s):
    """Cost of a straight-line statement, or None for one that ends a run."""
    t = type(s)
    if t is A.ExprStmt:
        return _cost(s.expr)
    if t is A.Decl:
        return sum(_init_cost(d.init) + 1 for d in s.declarators if d.init is not None)
    if t is A.Return:
        return _cost(s.expr) + 1
    if t in (A.Break, A.Continue, A.Goto, A.AsmStmt):
        return 1
    if t in (A.StaticAssert, A.Pragma, A.LabelDecl, A.AttrStmt, A.EmptyDecl, A.NestedFunc):
        return 0
    return None


def _head_cost(s):
    """What a control statement costs before it branches (charged to the run before it)."""
    t = type(s)
    if t in (A.If, A.Switch):
        return _cost(s.cond) + 1
    if t is A.For and s.init is not None:
        return _simple_cost(s.init) if type(s.init) is A.Decl else _cost(s.init)
    if t is A.GotoComputed:
        return _cost(s.expr) + 1
    return 0


def _loop_cost(s):
    """Per-iteration cost of a loop's condition and step (charged in its body)."""
    t = type(s)
    if t in (A.While, A.DoWhile):
        return _cost(s.cond) + 1
    if t is A.For:
        return _cost(s.cond) + _cost(s.next) + 1
    return 0


class SimPrinter(CPrinter):
    """CPrinter that wraps marked accesses and inserts work charges."""

    def __init__(self, source_map, marks, skip):
        super().__init__(source_map)
        self.marks = marks          # id(node) -> "r" | "w"
        self.skip = skip            # FuncDef nodes printed unchanged
        self.active = False
        self.extra = 0              # loop head cost for the next block's first run
        self.loop_cost = {}         # id(loop body) -> per-iteration cost of its loop's head
        self.serial = 0
        self.quiet = 0              # inside a shadow of an atomic builtin: its run paid for it

    def e_StmtExpr(self, e):
        if self.active and _shadow_call(e) is not None:
            self.quiet += 1
            try:
                return super().e_StmtExpr(e)
            finally:
                self.quiet -= 1
        return super().e_StmtExpr(e)

    def funcdef(self, n):
        was = self.active
        self.active = n not in self.skip
        try:
            super().funcdef(n)
        finally:
            self.active = was

    def expr(self, e):
        m = self.marks.get(id(e)) if self.active else None
        if m is None:
            return super().expr(e)
        self.serial += 1
        p = "__atomicc_sp%d" % self.serial
        inner = super().expr(e)
        return "(*({ __auto_type %s = &(%s); (__typeof__(%s))atomicc__sim_%s(%s, sizeof *%s); }))" % (
            p, inner, p, m, p, p)

    def _charge(self, n):
        if n > 0 and self.active and not self.quiet:
            self._line("atomicc__sim_work(%d);" % n)

    def block_items(self, c):
        if not self.active:
            return super().block_items(c)
        self.indent += 1
        extra, self.extra = self.extra, 0
        items = c.items
        i = 0
        while i < len(items):
            cost, j = extra, i
            extra = 0
            while j < len(items):
                k = _simple_cost(items[j])
                if k is None:
                    break
                cost += k
                j += 1
            if j < len(items):
                cost += _head_cost(items[j])
            self._charge(cost)
            for s in items[i:j]:
                self.stmt(s)
            if j < len(items):
                self.stmt(items[j])
                j += 1
            i = j
        if extra:
            self._charge(extra)
        self.indent -= 1

    def sub(self, s):
        if not self.active:
            return super().sub(s)
        self.extra = self.loop_cost.pop(id(s), 0)   # a loop body pays its loop's head
        if type(s) is A.Compound:
            return self.block(s)
        # a single statement as a body: give it a block of its own for its charge
        self._line("{")
        self.block_items(A.Compound([s], start=s.start, end=s.end))
        self._line("}")

    def _loop(self, s, print_loop):
        if self.active:
            self.loop_cost[id(s.body)] = _loop_cost(s)
        print_loop(self, s)

    def s_While(self, s):
        self._loop(s, CPrinter.s_While)

    def s_DoWhile(self, s):
        self._loop(s, CPrinter.s_DoWhile)

    def s_For(self, s):
        self._loop(s, CPrinter.s_For)

    def _labelled(self, head, s):
        self._line(head, s)
        inner = s.stmt
        if self.active and inner is not None and type(inner) not in (A.Label, A.Case, A.Default):
            k = _simple_cost(inner)
            if k is not None:
                self._charge(k)
                self.stmt(inner)
                return
        if inner is not None:
            self.stmt(inner)

    def s_Label(self, s):
        head = "%s:%s" % (s.name, "".join(" " + a for a in s.attrs))
        if s.stmt is None:
            self._line(head, s)
            return
        self._labelled(head, s)

    def s_Case(self, s):
        if s.hi is not None:
            self._labelled("case %s ... %s:" % (self.expr(s.lo), self.expr(s.hi)), s)
        else:
            self._labelled("case %s:" % self.expr(s.lo), s)

    def s_Default(self, s):
        self._labelled("default:", s)


def _skipped(fd, sm):
    if sm.is_system(fd.start):
        return True
    return sm.file_line(fd.start)[0].endswith(SIM_HEADER)


def instrument_text(text, filename):
    """The instrumented translation unit of preprocessed `text` (see module doc).

    Raises CompileError (with a location) if the text does not parse."""
    from ..analysis.accesses import assigned_and_escaping
    tu, sm = parse_text(text, filename)
    single(filename, tu, sm)
    tls = _thread_locals(tu)
    marks, skip = {}, set()
    for item in tu.items:
        if type(item) is not A.FuncDef:
            continue
        if _skipped(item, sm):
            skip.add(item)
            continue
        _, addr = assigned_and_escaping(item)
        m = _Marker(addr, tls)
        m.stmt(item.body)
        marks.update(m.marks)
    return SimPrinter(sm, marks, skip).program(tu)
