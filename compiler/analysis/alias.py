"""Points-to / alias analysis: Steensgaard-style unification, field-sensitive.

Abstract objects are the declaration objects of the program (semantics/:
global variables and static locals, locals and parameters, one per
Symbol, never per name), heap allocation sites (a malloc/calloc/realloc/strdup call site;
an allocation wrapper's callers share its site), compound literals and
functions.  Each object has cells, one per field path (() for the object
itself, (next,), (a, b) ... as Field objects of the struct types; array
elements collapse into their array); each
cell has one pointee object.  An assignment unifies the pointees of its two
sides, so after one pass every pointer value has one abstract target class.

Why Steensgaard: it is almost linear (union-find: networkx.utils.UnionFind)
and its equivalence classes are exactly what lock inference needs — two
accesses can touch the same memory only if they land in the same class, and a
lock per class (or per object of a class) is then consistent everywhere.
Andersen-style inclusion would give smaller points-to sets, but lock
inference must merge aliasing locations into one lock anyway, so it would
buy little here; field sensitivity (cells per field name) is where the
precision that matters comes from.

Struct and union values: a copy of one (`a = b`, `S s = t;`, an argument,
a `return`, `*p = *q`, `memcpy`) unifies the pointees of every field path
the two objects have, field by field; since a field's cell may first appear
after the copy was seen (a later function reads `w->job`), the copies are
replayed to a fixpoint at the end, with the function-pointer fixpoint.
Without this, `st[i] = (start_t){ fn, arg }` lost `arg`: a thread's
accesses through it landed in a class of their own, and blocks touching
one variable got plans that did not exclude each other.

Function pointers: a call through a pointer is resolved to the functions in
its pointee class, iterating to a fixpoint (new targets add new
unifications).  `pthread_create(&t, a, fn, arg)` binds `arg` to fn's
parameter, like a call.

    >>> from atomicc.frontend.parser import parse_text
    >>> from atomicc.semantics.program import single
    >>> tu, sm = parse_text("int x, y; int *p = &x, *q; void f(void) { q = p; }")
    >>> prog = single("t.c", tu, sm)
    >>> pa = analyze_pointers(prog)
    >>> q, x = (prog.units[0].file_scope[n] for n in "qx")
    >>> pa.same_class(pa.pts(pa.var_object(q)), pa.var_object(x))
    True
"""

from networkx.utils import UnionFind

from ..frontend import ast as A
from ..frontend.build import func_declarator
from ..semantics.bind import field_path_text
from ..semantics.ctypes import ELEMENT

ALLOCATORS = {"malloc": 0, "calloc": 0, "realloc": 0, "aligned_alloc": 0, "strdup": 0, "strndup": 0,
              "valloc": 0, "memalign": 0, "reallocarray": 0}
# Library functions that copy pointees between their pointer arguments.
COPIERS = {"memcpy", "memmove", "strcpy", "strncpy", "strcat", "strncat", "mempcpy", "stpcpy"}


class Obj:
    """An abstract memory object (the union-find element)."""
    __slots__ = ("id", "kind", "name", "site", "sym")
    _n = 0

    def __init__(self, kind, name, site=None):
        Obj._n += 1
        self.id = Obj._n
        self.kind = kind          # "global" | "local" | "param" | "heap" | "func" | "literal" | "ret" | "anon"
        self.name = name
        self.site = site          # AST node that created it (heap site, literal)
        self.sym = None           # the declaration object (variables and functions)

    def __repr__(self):
        return "<%s %s>" % (self.kind, self.name)

    def describe(self):
        return "%s %s" % ({"heap": "heap object allocated at", "global": "global", "local": "local",
                           "param": "parameter", "func": "function", "literal": "compound literal",
                           "ret": "value returned by", "anon": "object",
                           "extern": "pointer returned by the library function"}[self.kind], self.name)


class PointsTo:
    def __init__(self):
        self.uf = UnionFind()
        self.cells = {}           # rep -> {field path: pointee Obj}
        self.members = {}         # rep -> [Obj, ...] (the class)
        self.interior = set()     # reps whose objects are pointed to at a field (&x.f)
        self.vars = {}            # Symbol -> Obj (objects: globals, statics, locals, parameters)
        self.funcs = {}           # function Symbol -> Obj
        self.params = {}          # function Symbol -> [Obj per parameter]
        self.heap_sites = {}      # id(call node) -> Obj
        self.joins = 0
        self.call_targets = {}    # id(Call) -> sorted [function Symbol] (direct and through pointers)
        self.unresolved = set()   # id(Call) of calls through pointers with no known target
        self.thread_roots = {}    # id(pthread_create Call) -> [function Symbol] started there
        self.field_cells = {}     # Field -> the pointee of every function-pointer member of that field
        self.values = {}          # id(Call or StmtExpr) -> the object its value points to

    # -- union-find with merged cell maps -------------------------------------
    def find(self, o):
        return self.uf[o]

    def new(self, kind, name, site=None):
        o = Obj(kind, name, site)
        self.uf[o]
        self.members[o] = [o]
        return o

    def same_class(self, a, b):
        return self.uf[a] is self.uf[b]

    def pts(self, o, field=()):
        """The pointee of cell (o, field), created on demand."""
        r = self.uf[o]
        cells = self.cells.get(r)
        if cells is None:
            cells = self.cells[r] = {}
        p = cells.get(field)
        if p is None:
            p = cells[field] = self.new("anon", "*%s%s" % (r.name, field_path_text(field)))
        return p

    def join(self, a, b):
        self.joins += 1           # memos of classes (accesses._Scanner) are stale after a join
        pending = [(a, b)]
        while pending:
            a, b = pending.pop()
            ra, rb = self.uf[a], self.uf[b]
            if ra is rb:
                continue
            ca = self.cells.pop(ra, {})
            cb = self.cells.pop(rb, {})
            ma = self.members.pop(ra)
            mb = self.members.pop(rb)
            inter = ra in self.interior or rb in self.interior
            self.interior.discard(ra)
            self.interior.discard(rb)
            self.uf.union(ra, rb)
            r = self.uf[ra]
            merged = ca
            for f, p in cb.items():
                if f in merged:
                    pending.append((merged[f], p))
                else:
                    merged[f] = p
            self.cells[r] = merged
            if len(ma) >= len(mb):   # the same order as ma + mb, copying the smaller list only
                ma.extend(mb)        # (40,000 initializers joined one by one: n^2 copies otherwise)
                self.members[r] = ma
            else:
                mb[:0] = ma
                self.members[r] = mb
            if inter:
                self.interior.add(r)
        return self.uf[a]

    def members_of(self, o):
        return self.members[self.uf[o]]

    # -- look-ups used by later passes ----------------------------------------
    def var_object(self, sym):
        """The abstract object of a variable Symbol (None for functions, constants)."""
        return self.vars.get(sym) if sym is not None else None

    def is_array(self, o):
        return o.sym is not None and o.sym.type.is_array

    def class_key(self, o):
        """A stable description of o's class: its sorted member names."""
        names = sorted(set(m.describe() for m in self.members_of(o) if m.kind != "anon"))
        return names or ["anonymous object"]

    def functions_in(self, o):
        """Function Symbols in o's class, in a stable order."""
        return sorted((m.sym for m in self.members_of(o) if m.kind == "func"), key=_fkey)


def _fkey(sym):
    return (sym.name, sym.unit.index if sym.unit is not None else -1, sym.serial)


def library_name(sym):
    """The linkage name of a function with no body in the program (a library call), else None."""
    if sym is not None and sym.kind == "func" and sym.linkage == "external" and not sym.defined:
        return sym.name
    return None


def declared_in_system_header(sym):
    """Is the function declared in a system header (a library function, which holds no atomic block)?"""
    node, unit = sym.node, sym.unit
    if node is None or unit is None or not hasattr(node, "start"):
        return False
    return unit.sm.is_system(node.start)


def unseen_body(sym, partial):
    """In a partial program (`atomicc cc -c`: one unit of a larger one), a
    function with external linkage, no body here and no system-header
    declaration may be defined in another unit: the link step will see it."""
    return partial and library_name(sym) is not None and not declared_in_system_header(sym)


class _Analyzer:
    def __init__(self, program):
        self.pa = PointsTo()
        self.program = program
        self.unit = None
        self.func = None
        self.indirect_calls = []      # (Call node, arg values, callee value) to resolve
        self.resolved = {}            # id(call) -> set of function Symbols
        self.extern_marked = set()
        self.copies = []              # ((dst obj, path), (src obj, path), Tag): struct/union value copies
        self.ret_locs = {}            # id(Call) -> (callee object, (RET,)): where its struct result lives

    # declarations ------------------------------------------------------------
    def var(self, sym, kind=None):
        o = self.pa.vars.get(sym)
        if o is None:
            if kind is None:
                kind = "param" if sym.storage == "param" else "local" if sym.storage == "auto" else "global"
            o = self.pa.vars[sym] = self.pa.new(kind, sym.describe())
            o.sym = sym
        return o

    def lookup(self, e):
        """The object an Id denotes (a fresh constant for enumerators)."""
        sym = e.sym
        if sym is None:
            return self.pa.new("anon", "unbound")
        if sym.kind == "func":
            return self.function(sym)
        if sym.kind == "enumconst":
            return self.pa.new("literal", sym.name)
        return self.var(sym)

    def function(self, sym):
        f = self.pa.funcs.get(sym)
        if f is None:
            f = self.pa.funcs[sym] = self.pa.new("func", sym.name)
            f.sym = sym
        return f

    def declare(self, decl):
        for d in decl.declarators:
            nd = _name_decl(d.decl)
            sym = nd.sym if nd is not None else None
            if sym is None or sym.kind != "var":
                continue
            o = self.var(sym)
            if d.init is not None:
                self.init(o, (), d.init)

    def init(self, obj, field, init):
        if type(init) is A.InitList:
            for item in init.items:
                path = item.sym if item.sym is not None else field
                self.init(obj, path, item.init)
        elif _is_record(init.ty):
            self.copy((obj, field), self.agg(init), init.ty)
        else:
            if field and _holds_functions(field[-1]):
                self.field_based(obj, field, field[-1])
            self.pa.join(self.pa.pts(obj, field), self.rv(init))

    # struct and union values ---------------------------------------------------
    def agg(self, e):
        """(object, field path) where the struct or union value of `e` lives."""
        pa = self.pa
        e = _strip(e)
        t = type(e)
        if t is A.Assign:
            d = self.lv(e.lhs)
            if e.op == "=":
                self.copy(d, self.agg(e.rhs), e.lhs.ty)
            else:
                self.rv(e.rhs)
            return d
        if t is A.Call:
            self.rv(e)
            return self.ret_locs.get(id(e)) or (pa.new("anon", "value"), ())
        if t is A.Cond:
            self.rv(e.cond)
            tmp = (pa.new("anon", "value"), ())
            for arm in (e.then if e.then is not None else e.cond, e.els):
                self.copy(tmp, self.agg(arm) if _is_record(arm.ty) else (self.rv(arm), ()), e.ty)
            return tmp
        if t is A.Comma:
            for x in e.exprs[:-1]:
                self.rv(x)
            return self.agg(e.exprs[-1])
        if t is A.StmtExpr:
            items = e.body.items
            for item in items[:-1]:
                self.node(item)
            last = items[-1] if items else None
            if type(last) is A.ExprStmt and last.expr is not None and _is_record(last.expr.ty):
                return self.agg(last.expr)
            if last is not None:
                self.node(last)
            return pa.new("anon", "value"), ()
        if t is A.Cast and not _is_record(e.expr.ty):
            self.rv(e.expr)             # (union u)x: a GNU cast to a union
            return pa.new("anon", "value"), ()
        if t in (A.Id, A.Member, A.Index, A.CompoundLit, A.Cast) or (t is A.Unary and e.op == "*"):
            return self.lv(e)
        self.rv(e)
        return pa.new("anon", "value"), ()

    def copy(self, dst, src, ty):
        """A struct or union value of type `ty` copied from src to dst ((object, path) each)."""
        if dst[0] is src[0] and dst[1] == src[1]:
            return
        tag = ty.tag if _is_record(ty) else None
        self.copies.append((dst, src, tag))
        self._apply_copy(dst, src, tag)

    def _apply_copy(self, dst, src, tag):
        """Unify the pointees of every member path of `tag` that dst or src
        has a cell for; True if anything changed.  Only paths of the copied
        type count: a pointer into the middle of an object (`&c->store[k]`)
        lands at the object itself, and following every path it has from
        there would build ever longer ones."""
        pa = self.pa
        suffixes, seen = [()], {()}
        if tag is not None:
            for o, p in (dst, src):
                n = len(p)
                for path in pa.cells.get(pa.find(o), ()):
                    if len(path) > n and path[:n] == p:
                        q = path[n:]
                        if q not in seen and _member_path(q, tag):
                            seen.add(q)
                            suffixes.append(q)
        changed = False
        for q in suffixes:
            a, b = pa.pts(dst[0], dst[1] + q), pa.pts(src[0], src[1] + q)
            if not pa.same_class(a, b):
                pa.join(a, b)
                changed = True
        return changed

    # expressions ---------------------------------------------------------------
    def lv(self, e):
        """(object, field path) of the cell an lvalue designates."""
        t = type(e)
        if t is A.Id:
            return self.lookup(e), ()
        if t is A.Paren:
            return self.lv(e.expr)
        if t is A.Member:
            if e.arrow:
                o, f = self.rv(e.expr), (e.sym,)
            else:
                o, f = self.lv(e.expr)
                f = f + (e.sym,)
            if _holds_functions(e.sym):
                self.field_based(o, f, e.sym)
            return o, f
        if t is A.Unary and e.op == "*":
            return self.rv(e.expr), ()
        if t is A.Index:
            b = _strip(e.base)
            if type(b) is A.Member and b.sym.type.is_array:
                self.rv(e.index)
                o, f = self.lv(b)
                return o, f + (ELEMENT,)
            return self.index_base(e), ()
        if t is A.CompoundLit:
            o = self.pa.new("literal", "at %s" % self._where(e), e)
            self.init(o, (), e.init)
            return o, ()
        if t is A.Cast:
            return self.lv(e.expr)
        if t is A.StmtExpr or t is A.Call or t is A.Cond or t is A.Comma or t is A.Assign:
            if _is_record(e.ty):
                return self.agg(e)
            return self.rv(e), ()
        self.rv(e)
        return self.pa.new("anon", "temporary"), ()

    def field_based(self, o, f, field):
        """Function-pointer members are field-based: every object's `cmp`
        member holds the union of the functions stored into any `cmp` of that
        struct type, so `s->cmp(a, b)` resolves even when the analysis cannot
        connect this `s` to the one `s->cmp = by_value` wrote (a library whose
        objects come from its callers, or from another program)."""
        cell = self.pa.field_cells.get(field)
        if cell is None:
            cell = self.pa.field_cells[field] = self.pa.new("anon", "functions in %s" % field.describe())
        self.pa.join(self.pa.pts(o, f), cell)

    def index_base(self, e):
        """The object an index expression a[i] lands in (arrays collapse)."""
        b = self.rv(e.base)
        i = self.rv(e.index)
        bt, it = e.base.ty, e.index.ty
        if bt is not None and bt.kind in ("ptr", "array"):
            return b
        if it is not None and it.kind in ("ptr", "array"):
            return i
        return self.pointer_side(b, i)

    def pointer_side(self, a, b):
        """Of two operands of + or -, the one that may be a pointer.

        Joining both would merge every array indexed by the same integer
        variable (a[i], b[i]) into one class, so only when both look like
        pointers (have members or cells) are they unified."""
        pa = self.pa

        def pointery(o):
            r = pa.find(o)
            return bool(pa.cells.get(r)) or any(m.kind != "anon" for m in pa.members[r])
        pa_, pb_ = pointery(a), pointery(b)
        if pa_ and not pb_:
            return a
        if pb_ and not pa_:
            return b
        return pa.join(a, b)

    def lv_value(self, e):
        """rv(e) of an lvalue through lv(e) alone: `++x` and `x++` visit x once
        (an rv and an lv of the operand took 2^n visits for `++ ++ ... x`)."""
        o, f = self.lv(e)
        if e.ty is not None and (e.ty.is_array or e.ty.is_func):
            return o
        return self.pa.pts(o, f)

    def rv(self, e):
        """The abstract object the value of `e` may point to."""
        pa = self.pa
        t = type(e)
        if t is A.Id:
            o = self.lookup(e)
            if o.kind == "func" or (e.sym is not None and e.sym.type.is_array):
                return o
            return pa.pts(o)
        if t is A.Const or t is A.SizeofType or t is A.TypesCompat or t is A.Offsetof or t is A.LabelAddr:
            return pa.new("anon", "constant")
        if t is A.Str:
            return pa.new("literal", "string")
        if t is A.Paren:
            return self.rv(e.expr)
        if t is A.Cast:
            return self.rv(e.expr)
        if t is A.Unary:
            if e.op == "&":
                o, f = self.lv(e.expr)
                if f:
                    pa.interior.add(pa.find(o))
                return o
            if e.op == "*":
                o, f = self.lv(e)
                if e.ty is not None and e.ty.is_func:
                    return o                              # (*fp)(): the function itself
                return pa.pts(o, f)
            if e.op in ("sizeof", "_Alignof", "__alignof__", "alignof", "__alignof"):
                return pa.new("anon", "constant")
            if e.op in ("++", "--"):
                return self.lv_value(e.expr)
            return self.rv(e.expr)
        if t in (A.Member, A.Index):
            o, f = self.lv(e)
            if e.ty is not None and e.ty.is_array:
                if f:
                    pa.interior.add(pa.find(o))          # decays to a pointer into the object
                return o                                  # a row of int a[3][4] decays into a
            return pa.pts(o, f)
        if t is A.PostOp:
            return self.lv_value(e.expr)
        if t is A.Assign:
            if e.op == "=" and _is_record(e.lhs.ty):
                return pa.pts(*self.agg(e))
            o, f = self.lv(e.lhs)
            v = self.rv(e.rhs)
            return pa.join(pa.pts(o, f), v)
        if t is A.Binary:
            l, r = self.rv(e.left), self.rv(e.right)
            if e.op in ("+", "-"):
                lt, rt = e.left.ty, e.right.ty
                lp = lt is not None and lt.kind in ("ptr", "array", "unknown")
                rp = rt is not None and rt.kind in ("ptr", "array", "unknown")
                if lp and rp and _maybe_pointer_expr(e.left) and _maybe_pointer_expr(e.right):
                    return self.pointer_side(l, r)
                if lp and _maybe_pointer_expr(e.left):
                    return l
                if rp and _maybe_pointer_expr(e.right):
                    return r
            return pa.new("anon", "arithmetic")
        if t is A.Cond:
            self.rv(e.cond)
            a = self.rv(e.then) if e.then is not None else self.rv(e.cond)
            return pa.join(a, self.rv(e.els))
        if t is A.Comma:
            v = None
            for x in e.exprs:
                v = self.rv(x)
            return v
        if t is A.Call:
            v = pa.values[id(e)] = self.call(e)
            return v
        if t is A.CompoundLit:
            o, _ = self.lv(e)
            return o
        if t is A.StmtExpr:
            v = None
            for item in e.body.items:
                v = self.stmt(item)
            v = pa.values[id(e)] = v if v is not None else pa.new("anon", "void")
            return v
        if t is A.Generic:
            v = pa.new("anon", "generic")
            for a in e.assocs:
                v = pa.join(v, self.rv(a.expr))
            return v
        if t is A.VaArg:
            self.rv(e.expr)
            return pa.new("anon", "va_arg")
        return pa.new("anon", "value")

    def call(self, e):
        pa = self.pa
        f = _strip(e.func)
        args = [self.agg(a) + (a.ty,) if _is_record(a.ty) else self.rv(a) for a in e.args]
        sym = f.sym if type(f) is A.Id and f.sym is not None and f.sym.kind == "func" else None
        if sym is not None:
            lib = library_name(sym)
            pa.call_targets[id(e)] = [sym]
            if lib in ALLOCATORS:
                site = pa.heap_sites.get(id(e))
                if site is None:
                    site = pa.heap_sites[id(e)] = pa.new("heap", "%s (%s)" % (self._where(e), lib), e)
                if lib in ("realloc", "reallocarray") and args:
                    pa.join(site, args[0])
                return site
            if lib in COPIERS and len(args) >= 2 and type(args[0]) is Obj and type(args[1]) is Obj:
                pa.join(pa.pts(args[0]), pa.pts(args[1]))
                ty = e.args[0].ty
                self.copy((args[0], ()), (args[1], ()), ty.target if ty is not None and ty.kind == "ptr" else None)
                return args[0]
            if lib in ("pthread_create", "thrd_create") and len(args) >= 3:
                fi, ai = (2, 3) if lib == "pthread_create" else (1, 2)
                fv = args[fi]
                data = [args[ai]] if ai < len(args) else []
                for t in self.pa.functions_in(fv):
                    self.bind(t, data)
                self.indirect_calls.append((e, data, fv, False))
                return pa.new("anon", "int")
            self.function(sym)
            self.bind(sym, args)
            self.ret_locs[id(e)] = (self.function(sym), (RET,))
            ret = pa.pts(self.function(sym), (RET,))
            if lib is not None and sym not in self.extern_marked:
                # a pointer from outside the program: a function pointer it may
                # hold has targets no analysis of this program can know
                self.extern_marked.add(sym)
                pa.join(ret, pa.new("extern", lib))
            return ret
        fv = self.rv(e.func)
        self.ret_locs[id(e)] = (fv, (RET,))
        self.indirect_calls.append((e, args, fv, True))
        for t in self.pa.functions_in(fv):
            self.bind(t, args)
        return pa.pts(fv, (RET,))

    def bind(self, fsym, args):
        params = self.pa.params.get(fsym)
        if params is None:
            return
        for p, a in zip(params, args):
            if type(a) is tuple:        # a struct or union passed by value
                self.copy((p, ()), a[:2], a[2])
            else:
                self.pa.join(self.pa.pts(p), a)

    def _where(self, node):
        f, l, c, _ = self.unit.sm.location(node.start)
        return "%s:%d:%d" % (f, l, c)

    # statements ---------------------------------------------------------------
    def stmt(self, s):
        """Visit a statement; returns the rvalue object of an expression statement."""
        t = type(s)
        if t is A.ExprStmt:
            return self.rv(s.expr) if s.expr is not None else None
        if t is A.Decl:
            self.declare(s)
            return None
        if t is A.Return:
            if s.expr is not None and _is_record(s.expr.ty) and self.func is not None:
                self.copy((self.function(self.func), (RET,)), self.agg(s.expr), s.expr.ty)
            elif s.expr is not None:
                v = self.rv(s.expr)
                self.pa.join(self.pa.pts(self.function(self.func), (RET,)), v)
            return None
        for c in A.iter_children(s):
            self.node(c)
        return None

    def node(self, n):
        if isinstance(n, A.STATEMENTS) or type(n) in (A.Decl, A.StaticAssert, A.Pragma, A.LabelDecl, A.NestedFunc):
            if type(n) is A.NestedFunc:
                return None
            return self.stmt(n)
        if type(n) is A.InitList or type(n) is A.TypeName:
            return None
        return self.rv(n)

    def run(self):
        pa = self.pa
        funcs = self.program.functions()
        # declare every function and its parameters first (calls may precede definitions)
        for sym, fd, unit in funcs:
            self.function(sym)
            f = func_declarator(fd.decl)
            params = []
            if f is not None:
                if f.kr_names:
                    scope_params = [_kr_param(fd, n) for n in f.kr_names]
                else:
                    scope_params = [_name_decl(p.decl).sym if type(p) is A.Param and p.decl is not None
                                    and _name_decl(p.decl) is not None else None
                                    for p in f.params if type(p) is A.Param]
                for i, psym in enumerate(scope_params):
                    params.append(self.var(psym, "param") if psym is not None
                                  else pa.new("param", "#%d (in %s)" % (i, sym.name)))
            pa.params[sym] = params
        for unit in self.program.units:
            self.unit = unit
            self.func = None
            for item in unit.tu.items:
                if type(item) is A.Decl:
                    self.declare(item)
        for sym, fd, unit in funcs:
            self.unit, self.func = unit, sym
            self.stmt(fd.body)
        self.func = None
        # function pointers: bind newly discovered targets, and replay the
        # struct copies over the cells that appeared since, until nothing changes
        for _ in range(1000):
            changed = False
            for call, args, fv, returns in self.indirect_calls:
                targets = set(self.pa.functions_in(fv))
                old = self.resolved.get(id(call), set())
                for t in sorted(targets - old, key=_fkey):
                    self.bind(t, args)
                    if returns:
                        pa.join(pa.pts(fv, (RET,)), pa.pts(self.function(t), (RET,)))
                        ft = t.type
                        self.copy((fv, (RET,)), (self.function(t), (RET,)),
                                  ft.target if ft is not None and ft.kind == "func" else None)
                    changed = True
                self.resolved[id(call)] = old | targets
            for dst, src, tag in self.copies:
                if self._apply_copy(dst, src, tag):
                    changed = True
            if not changed:
                break
        for call, args, fv, returns in self.indirect_calls:
            targets = sorted(self.resolved.get(id(call), ()), key=_fkey)
            if returns:
                pa.call_targets[id(call)] = targets
                if not targets or any(m.kind == "extern" for m in pa.members_of(fv)):
                    pa.unresolved.add(id(call))
            else:
                pa.thread_roots[id(call)] = targets
        return pa


RET = "<ret>"       # field-path step: the value a function returns


def _member_path(q, tag):
    """Is q a path of members (and array elements) inside a value of struct `tag`?"""
    i = 0
    while i < len(q):
        step = q[i]
        if tag is None or getattr(step, "tag", None) is not tag:
            return False
        t = step.type
        i += 1
        while t is not None and t.kind == "array":
            if i < len(q) and q[i] == ELEMENT:
                i += 1
            t = t.target
        tag = t.tag if t is not None and t.kind == "struct" else None
    return True


def _is_record(ty):
    """A struct or union type (whose values are copied field by field)."""
    return ty is not None and ty.kind == "struct"


def _holds_functions(field):
    """A member of function-pointer type (or an array of them)."""
    t = getattr(field, "type", None)
    while t is not None and t.kind == "array":
        t = t.target
    return t is not None and t.kind == "ptr" and t.target is not None and t.target.kind == "func"


def _kr_param(fd, name):
    for kd in fd.kr_decls:
        if type(kd) is A.Decl:
            for d in kd.declarators:
                nd = _name_decl(d.decl)
                if nd is not None and nd.name == name:
                    return nd.sym
    return None


def _name_decl(d):
    while d is not None:
        if type(d) is A.NameDecl:
            return d
        d = getattr(d, "inner", None)
    return None


def _strip(e):
    while type(e) is A.Paren:
        e = e.expr
    return e


def _maybe_pointer_expr(e):
    e = _strip(e)
    return type(e) not in (A.Const, A.SizeofType)


def innermost_derivation(d):
    """The declarator node applied directly to the name: in `*a[3]` the ArrayDecl
    (a is an array of pointers), in `(*a)[3]` the PtrDecl, in `f(int)` the FuncDeclr."""
    last = None
    while d is not None:
        t = type(d)
        if t is A.NameDecl:
            return last
        if t is not A.ParenDecl:
            last = d
        d = d.inner
    return None


def analyze_pointers(program):
    """Run the analysis over a bound Program (semantics/program.py); returns a PointsTo."""
    return _Analyzer(program).run()
