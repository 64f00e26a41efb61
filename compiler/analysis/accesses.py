"""Read and write sets of atomic blocks, interprocedural.

For every access to shared memory inside a block (and inside the functions it
calls, through per-function summaries with parameters substituted by the
call's arguments) this records an `Access`: read or write, the alias class
and field it lands in (alias.py), the source expression, and a *key*: an
expression, evaluable at block entry, whose value is the address of the
object (or array element) the access touches.  The lowering locks the key's
address; an access without a key (pointer chasing, an index computed inside
the block, a recursive callee) must lock its whole alias class.

What counts as shared: globals, static locals, heap objects, and locals whose
address is taken.  Other locals are private to their thread and need no lock.

A key may use only constants, `&global` (not shadowed by a local), and
locals / parameters that the block does not assign and whose address is not
taken — their values are fixed while the block runs, so the address computed
at entry is the address touched.

    >>> from atomicc.frontend.parser import parse_text
    >>> tu, sm = parse_text("struct a { long b; } bank[8]; void t(int i) { atomic { bank[i].b++; } }")
    >>> from atomicc.analysis.blocks import analyze_blocks
    >>> r = analyze_accesses(tu, sm, analyze_blocks(tu, sm))
    >>> [(x.mode, x.key_text) for x in r.block_accesses[1]]
    [('W', '&bank[i]'), ('R', '&bank[i]')]
"""

import networkx as nx

from ..emit.c_printer import CPrinter
from ..frontend import ast as A
from ..frontend.build import declarator_name, func_declarator
from .alias import ALLOCATORS, COPIERS, analyze_pointers

# Library functions that touch memory only through these argument positions.
READS_ARGS = {"strlen": (0,), "strcmp": (0, 1), "strncmp": (0, 1), "memcmp": (0, 1), "strchr": (0,),
              "strrchr": (0,), "strstr": (0, 1), "strnlen": (0,), "atoi": (0,), "atol": (0,),
              "strtol": (0,), "strtoul": (0,), "strtod": (0,), "puts": (0,), "fputs": (0,)}
WRITES_ARG0 = COPIERS | {"memset", "bzero", "sprintf", "snprintf", "strerror_r"}
# Functions that touch no caller memory (besides their results).
PURE = {"abs", "labs", "llabs", "rand_r", "sqrt", "fabs", "floor", "ceil", "pow", "exp", "log",
        "sin", "cos", "tan", "fmin", "fmax", "toupper", "tolower", "isalpha", "isdigit", "isspace",
        "isalnum", "isupper", "islower", "free", "__builtin_expect", "__builtin_unreachable",
        "__builtin_constant_p", "assert", "__assert_fail", "printf", "fprintf", "putchar", "abort",
        "exit", "pthread_self", "sched_yield", "usleep", "sleep", "time", "clock_gettime"}
PURE |= set(ALLOCATORS)


class Access:
    """One read or write of shared memory, with the key that locks it."""
    __slots__ = ("mode", "obj", "field", "key", "key_text", "expr", "via", "elementwise")

    def __init__(self, mode, obj, field, key, expr, via=None, elementwise=False):
        self.mode = mode              # "R" or "W"
        self.obj = obj                # an alias.Obj of the class
        self.field = field            # field path inside the object ("" = whole)
        self.key = key                # AST expression of the object's address, or None
        self.key_text = CPrinter().expr(key) if key is not None else None
        self.expr = expr              # the source expression (node) of the access
        self.via = via                # name of the callee the access happens in, or None
        self.elementwise = elementwise


class AccessInfo:
    def __init__(self, pa):
        self.pa = pa
        self.block_accesses = {}      # block index -> [Access]
        self.block_unknown_calls = {}  # block index -> [(name, Call)] unresolved calls touching memory
        self.summaries = {}


class _Summary:
    """Accesses of one function, keys in terms of its parameters and globals."""

    def __init__(self, name):
        self.name = name
        self.accesses = []
        self.unknown = []           # unresolved indirect calls
        self.calls = []             # (callee names, Call node) for transitive summaries


def _strip(e):
    while type(e) is A.Paren:
        e = e.expr
    return e


class _Scanner:
    """Collects the accesses of one region (a block body or a function body)."""

    def __init__(self, pa, func, locals_, fixed, addr_taken, shadowed, inside):
        self.pa = pa
        self.inside = inside           # names declared inside the region (no address at entry)
        self.func = func
        self.locals = locals_          # names of the function's own non-static locals/params
        self.fixed = fixed             # names whose value is constant during the region
        self.addr_taken = addr_taken
        self.shadowed = shadowed       # globals hidden by a local of the same name
        self.out = []
        self.calls = []

    def is_private(self, name):
        return name in self.locals and name not in self.addr_taken

    def obj_of_var(self, name):
        return self.pa.var_object(name, self.func)

    def key_ok(self, e):
        """Is the value of expression e fixed for the whole region?"""
        e = _strip(e)
        t = type(e)
        if t is A.Const or t is A.SizeofType or t is A.Offsetof:
            return True
        if t is A.Id:
            return e.name in self.fixed
        if t is A.Cast:
            return self.key_ok(e.expr)
        if t is A.Binary and e.op in ("+", "-", "*", "/", "%", "<<", ">>", "&", "|", "^"):
            return self.key_ok(e.left) and self.key_ok(e.right)
        if t is A.Unary and e.op == "&":
            return self.addr_key(e.expr) is not None
        if t is A.Unary and e.op in ("-", "+", "~"):
            return self.key_ok(e.expr)
        return False

    def addr_key(self, lv):
        """An entry-fixed expression for the address of the *object* lv lies in."""
        lv = _strip(lv)
        t = type(lv)
        if t is A.Id:
            o = self.obj_of_var(lv.name)
            if o is None or self.is_private(lv.name) or lv.name in self.shadowed or lv.name in self.inside:
                return None
            return A.Unary("&", lv, start=lv.start, end=lv.end)
        if t is A.Member and not lv.arrow:
            return self.addr_key(lv.expr)
        if t is A.Member and lv.arrow:
            return lv.expr if self.key_ok(lv.expr) else None
        if t is A.Unary and lv.op == "*":
            return lv.expr if self.key_ok(lv.expr) else None
        if t is A.Index:
            base = _strip(lv.base)
            if type(base) is A.Id and self.obj_of_var(base.name) in self.pa.arrays:
                if self.addr_key(base) is not None and self.key_ok(lv.index):
                    return A.Unary("&", lv, start=lv.start, end=lv.end)
                return None
            if type(base) is A.Member and base.name in self.pa.array_fields:
                # an element of an array field: its own lock, if base and index are fixed
                if self.addr_key(base) is not None and self.key_ok(lv.index):
                    return A.Unary("&", lv, start=lv.start, end=lv.end)
                return None
            if self.key_ok(lv.base) and self.key_ok(lv.index):
                return A.Unary("&", lv, start=lv.start, end=lv.end)
            return None
        return None

    # the walk --------------------------------------------------------------------
    def access(self, lv, mode):
        """Record an access to lvalue lv (if it is shared)."""
        lv_s = _strip(lv)
        root = lv_s
        while True:
            t = type(root)
            if t is A.Member and not root.arrow:
                root = _strip(root.expr)
            elif t is A.Index and type(_strip(root.base)) is A.Id and \
                    self.obj_of_var(_strip(root.base).name) in self.pa.arrays:
                root = _strip(root.base)
            elif t is A.Index and type(_strip(root.base)) is A.Member and \
                    _strip(root.base).name in self.pa.array_fields:
                root = _strip(root.base)
            else:
                break
        if type(root) is A.Id and self.is_private(root.name):
            return
        if type(root) is A.Id and root is lv_s and self.obj_of_var(root.name) in self.pa.const_objects:
            return                          # a const object is never written: no lock needed
        if type(root) is A.Id and self.obj_of_var(root.name) is None:
            return                          # a function name or enumerator
        o, f = self._cell(lv_s)
        if o is None:
            return
        key = self.addr_key(lv_s)
        elem = type(lv_s) is A.Index or (key is not None and type(key) is A.Unary and type(_strip(key.expr)) is A.Index)
        self.out.append(Access(mode, o, f, key, lv, elementwise=elem))

    def _cell(self, lv):
        pa = self.pa
        t = type(lv)
        if t is A.Id:
            o = self.obj_of_var(lv.name)
            return (o, "") if o is not None else (None, "")
        if t is A.Paren or t is A.Cast:
            return self._cell(lv.expr)
        if t is A.Member:
            if lv.arrow:
                return self._target(lv.expr), lv.name
            o, f = self._cell(_strip(lv.expr))
            return o, ((f + "." + lv.name) if f else lv.name)
        if t is A.Unary and lv.op == "*":
            return self._target(lv.expr), ""
        if t is A.Index:
            b = _strip(lv.base)
            if type(b) is A.Id and self.obj_of_var(b.name) in pa.arrays:
                return self.obj_of_var(b.name), ""
            if type(b) is A.Member and b.name in pa.array_fields:
                o, f = self._cell(b)
                return o, f + "[]"
            return self._target(lv.base), ""
        return None, ""

    def _target(self, e):
        """The class a pointer-valued expression points into."""
        e = _strip(e)
        t = type(e)
        pa = self.pa
        if t is A.Id:
            o = self.obj_of_var(e.name)
            if o is None:
                f = pa.funcs.get(e.name)
                return f
            return o if o in pa.arrays else pa.pts(o)
        if t is A.Cast:
            return self._target(e.expr)
        if t is A.Unary and e.op == "&":
            return self._cell(_strip(e.expr))[0]
        if t is A.Binary:
            l = self._target(e.left)
            return l if l is not None else self._target(e.right)
        if t is A.Assign:
            return self._target(e.lhs)
        if t is A.Cond:
            return self._target(e.then if e.then is not None else e.cond)
        if t is A.Comma:
            return self._target(e.exprs[-1])
        o, f = self._cell(e)
        if o is None:
            return None
        if type(e) is A.Index and o in pa.multidim and not f:
            return o                  # a row of a multi-dimensional array decays into it
        return pa.pts(o, f)

    def expr(self, e, mode="R"):
        """Visit expression e whose value is read (mode R) ."""
        if e is None:
            return
        t = type(e)
        if t is A.Assign:
            self.access(e.lhs, "W")
            if e.op != "=":
                self.access(e.lhs, "R")
            self.lvalue_subexprs(e.lhs)
            self.expr(e.rhs)
            return
        if t is A.PostOp or (t is A.Unary and e.op in ("++", "--")):
            self.access(e.expr, "W")
            self.access(e.expr, "R")
            self.lvalue_subexprs(e.expr)
            return
        if t is A.Unary and e.op == "&":
            self.lvalue_subexprs(e.expr)
            return
        if t is A.Unary and e.op in ("sizeof", "_Alignof", "__alignof__"):
            return
        if t in (A.Id, A.Member, A.Index) or (t is A.Unary and e.op == "*"):
            if t is A.Id:
                o = self.obj_of_var(e.name)
                if o is not None and o in self.pa.arrays:
                    return            # array decay: no read
            if t is A.Member and e.name in self.pa.array_fields:
                self.lvalue_subexprs(e)
                return                # array field decay: no read
            self.access(e, "R")
            self.lvalue_subexprs(e)
            return
        if t is A.Call:
            self.calls.append(e)
            for a in e.args:
                self.expr(a)
            f = _strip(e.func)
            if type(f) is not A.Id:
                self.expr(e.func)
            return
        if t is A.StmtExpr:
            self.stmt(e.body)
            return
        if t is A.SizeofType or t is A.Const or t is A.Str or t is A.TypesCompat or t is A.Offsetof:
            return
        if t is A.CompoundLit:
            self.init(e.init)
            return
        for c in A.iter_children(e):
            if not isinstance(c, A.TypeName):
                self.expr(c)

    def lvalue_subexprs(self, lv):
        """Reads performed while computing the address of lv (pointers, indexes)."""
        lv = _strip(lv)
        t = type(lv)
        if t is A.Member:
            if lv.arrow:
                self.expr(lv.expr)
            else:
                self.lvalue_subexprs(lv.expr)
        elif t is A.Index:
            b = _strip(lv.base)
            if type(b) is A.Id and self.obj_of_var(b.name) in self.pa.arrays:
                pass
            elif type(b) is A.Member and b.name in self.pa.array_fields:
                self.lvalue_subexprs(b)
            else:
                self.expr(lv.base)
            self.expr(lv.index)
        elif t is A.Unary and lv.op == "*":
            self.expr(lv.expr)
        elif t is A.Cast:
            self.lvalue_subexprs(lv.expr)

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
            return
        if t is A.ExprStmt:
            self.expr(s.expr)
            return
        if t is A.Return:
            self.expr(s.expr)
            return
        if t is A.For:
            if s.init is not None:
                if type(s.init) is A.Decl:
                    self.stmt(s.init)
                else:
                    self.expr(s.init)
            self.expr(s.cond)
            self.expr(s.next)
            self.stmt(s.body)
            return
        if t in (A.If, A.While, A.DoWhile, A.Switch):
            self.expr(s.cond)
        for c in A.iter_children(s, skip=("cond",)):
            self.node(c)

    def node(self, n):
        if isinstance(n, A.STATEMENTS) or type(n) in (A.Decl,):
            self.stmt(n)
        elif type(n) in (A.StaticAssert, A.Pragma, A.LabelDecl, A.NestedFunc, A.TypeName):
            return
        else:
            self.expr(n)


def _assigned_names(node):
    """Names assigned (=, op=, ++, --) anywhere below node, and names whose address is taken."""
    assigned, addr = set(), set()
    for n in A.walk(node):
        t = type(n)
        if t is A.Assign:
            r = _strip(n.lhs)
            if type(r) is A.Id:
                assigned.add(r.name)
        elif t is A.PostOp or (t is A.Unary and n.op in ("++", "--")):
            r = _strip(n.expr)
            if type(r) is A.Id:
                assigned.add(r.name)
        elif t is A.Unary and n.op == "&":
            r = _strip(n.expr)
            while type(r) in (A.Member, A.Index) and not (type(r) is A.Member and r.arrow):
                r = _strip(r.expr if type(r) is A.Member else r.base)
            if type(r) is A.Id:
                addr.add(r.name)
    return assigned, addr


def _declared_names(node, with_statics=False):
    """Names of the locals declared in node (and of its static and extern
    ones too with `with_statics`: neither has an address before its
    declaration)."""
    names = set()
    for n in A.walk(node):
        if type(n) is A.Decl:
            storage = {k.text for k in n.specs.items if type(k) is A.Keyword and k.kind == "storage"}
            if "typedef" in storage or (not with_statics and ("static" in storage or "extern" in storage)):
                continue
            for d in n.declarators:
                nm = declarator_name(d.decl)
                if nm:
                    names.add(nm)
    return names


def _function_locals(fd):
    names = _declared_names(fd.body)
    f = func_declarator(fd.decl)
    params = []
    if f is not None:
        for p in f.params:
            nm = declarator_name(p.decl) if p.decl is not None else None
            if nm:
                params.append(nm)
    return names | set(params), params


def analyze_accesses(tu, sm, blocks, pa=None):
    """Read/write sets of every block of `blocks` (a BlockInfo); returns AccessInfo."""
    pa = pa or analyze_pointers(tu, sm)
    info = AccessInfo(pa)
    globals_ = {name for (fn, name) in pa.vars if fn is None}
    defs = {}
    for item in tu.items:
        if type(item) is A.FuncDef:
            defs[declarator_name(item.decl)] = item

    # --- per-function summaries, keys in terms of unassigned parameters --------
    scans = {}
    for name, fd in defs.items():
        locals_, params = _function_locals(fd)
        assigned, addr = _assigned_names(fd.body)
        fixed = {p for p in params if p not in assigned and p not in addr}
        sc = _Scanner(pa, name, locals_, fixed, addr, locals_ & globals_, locals_ - set(params))
        sc.stmt(fd.body)
        scans[name] = (sc, params)
    # Callees first; a recursive cycle shares one summary whose keys are dropped
    # (its objects are not known at entry: the whole class gets locked).
    g = nx.DiGraph()
    g.add_nodes_from(defs)
    for name, (sc, _) in scans.items():
        for call in sc.calls:
            for callee in _callees(pa, call, name):
                if callee in defs:
                    g.add_edge(name, callee)
    cond = nx.condensation(g)
    summary = {}
    for c in reversed(list(nx.topological_sort(cond))):
        members = sorted(cond.nodes[c]["members"])
        cyclic = len(members) > 1 or g.has_edge(members[0], members[0])
        shared, shared_unknown = [], []
        for name in members:
            sc, params = scans[name]
            accs = list(sc.out)
            unknown = []
            for call in sc.calls:
                accs += _call_effects(pa, call, name, summary, defs, sc, unknown, skip=set(members))
            if cyclic:
                shared += [_unkeyed(a) for a in accs]
                shared_unknown += unknown
            else:
                summary[name] = (accs, params, unknown)
        if cyclic:
            for name in members:
                summary[name] = (shared, scans[name][1], shared_unknown)
    info.summaries = summary

    # --- blocks --------------------------------------------------------------------
    for b in blocks.blocks:
        fd = defs.get(b.func)
        if fd is None:
            continue
        locals_, params = _function_locals(fd)
        inside = _declared_names(b.node.body, with_statics=True)
        assigned, addr = _assigned_names(b.node.body)
        _, addr_fn = _assigned_names(fd.body)
        fixed = {n for n in locals_ if n not in assigned and n not in addr_fn and n not in inside}
        sc = _Scanner(pa, b.func, locals_, fixed, addr_fn, locals_ & globals_, inside)
        sc.stmt(b.node.body)
        accs = list(sc.out)
        unknown = []
        for call in sc.calls:
            accs += _call_effects(pa, call, b.func, summary, defs, sc, unknown, skip=())
        info.block_accesses[b.index] = accs
        info.block_unknown_calls[b.index] = unknown
    return info


def _callees(pa, call, func):
    f = _strip(call.func)
    if type(f) is A.Id and pa.var_object(f.name, func) is None:
        return [f.name]
    # through a pointer: the functions in its class
    o = None
    if type(f) is A.Id:
        o = pa.pts(pa.var_object(f.name, func))
    if o is None:
        return []
    return sorted(m.name for m in pa.members_of(o) if m.kind == "func")


def _unkeyed(a):
    return Access(a.mode, a.obj, a.field, None, a.expr, a.via)


def _call_effects(pa, call, func, summary, defs, scanner, unknown, skip):
    """Accesses a call makes, keys substituted with the call's arguments."""
    out = []
    f = _strip(call.func)
    name = f.name if type(f) is A.Id and pa.var_object(f.name, func) is None else None
    targets = [name] if name is not None else _callees(pa, call, func)
    if not targets:
        unknown.append(("(function pointer)", call))
        return out
    for t in targets:
        if t in skip:
            continue        # same recursive cycle: already in the shared summary
        if t in summary:
            accs, params, _unk = summary[t]
            unknown.extend(_unk)
            subst = {}
            for p, a in zip(params, call.args):
                subst[p] = a
            for a in accs:
                key = _substitute(a.key, subst, scanner) if a.key is not None else None
                out.append(Access(a.mode, a.obj, a.field, key, a.expr, a.via or t, a.elementwise))
        elif t in PURE:
            continue
        else:
            positions = READS_ARGS.get(t)
            mode = "R" if positions is not None else "W"
            for i, arg in enumerate(call.args):
                if positions is not None and i not in positions:
                    continue
                if t in WRITES_ARG0 and i != 0:
                    mode_i = "R"
                else:
                    mode_i = mode
                if type(_strip(arg)) in (A.Const, A.Str, A.SizeofType):
                    continue
                o = scanner._target(arg)
                if o is None:
                    continue
                if any(m.kind in ("literal",) for m in pa.members_of(o)) and \
                        all(m.kind in ("literal", "anon") for m in pa.members_of(o)):
                    continue
                out.append(Access(mode_i, o, "", None, arg, t))
    return out


def _substitute(key, subst, scanner):
    """The key with callee parameters replaced by the call's arguments, if still entry-fixed."""
    def rec(e):
        t = type(e)
        if t is A.Id and e.name in subst:
            return A.Paren(subst[e.name], start=e.start, end=e.end)
        if t is A.Id:
            return e
        new = t.__new__(t)
        for f in t.__slots__:
            v = getattr(e, f)
            if isinstance(v, A.Node):
                v = rec(v)
            elif type(v) is list:
                v = [rec(x) if isinstance(x, A.Node) else x for x in v]
            setattr(new, f, v)
        new.start, new.end = e.start, e.end
        return new
    k = rec(key)
    return k if scanner.key_ok(k) else None
