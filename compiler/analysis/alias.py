"""Points-to / alias analysis: Steensgaard-style unification, field-sensitive.

Abstract objects are global variables (and static locals), locals and
parameters, heap allocation sites (a malloc/calloc/realloc/strdup call site;
an allocation wrapper's callers share its site), compound literals and
functions.  Each object has cells, one per field path ("" for the object
itself, "next", "a.b" ...; array elements collapse into their array); each
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

Function pointers: a call through a pointer is resolved to the functions in
its pointee class, iterating to a fixpoint (new targets add new
unifications).  `pthread_create(&t, a, fn, arg)` binds `arg` to fn's
parameter, like a call.

    >>> from atomicc.frontend.parser import parse_text
    >>> tu, _ = parse_text("int x, y; int *p = &x, *q; void f(void) { q = p; }")
    >>> pa = analyze_pointers(tu)
    >>> pa.same_class(pa.rvalue_target_of_var("q"), pa.var_object("x"))
    True
"""

from .scopes import spelling
from networkx.utils import UnionFind

from ..frontend import ast as A
from ..frontend.build import declarator_name, func_declarator

ALLOCATORS = {"malloc": 0, "calloc": 0, "realloc": 0, "aligned_alloc": 0, "strdup": 0, "strndup": 0,
              "valloc": 0, "memalign": 0, "reallocarray": 0}
# Library functions that copy pointees between their pointer arguments.
COPIERS = {"memcpy", "memmove", "strcpy", "strncpy", "strcat", "strncat", "mempcpy", "stpcpy"}


class Obj:
    """An abstract memory object (the union-find element)."""
    __slots__ = ("id", "kind", "name", "site")
    _n = 0

    def __init__(self, kind, name, site=None):
        Obj._n += 1
        self.id = Obj._n
        self.kind = kind          # "global" | "local" | "param" | "heap" | "func" | "literal" | "ret" | "anon"
        self.name = name
        self.site = site          # AST node that created it (heap site, literal)

    def __repr__(self):
        return "<%s %s>" % (self.kind, self.name)

    def describe(self):
        return "%s %s" % ({"heap": "heap object allocated at", "global": "global", "local": "local",
                           "param": "parameter", "func": "function", "literal": "compound literal",
                           "ret": "value returned by", "anon": "object"}[self.kind], self.name)


class PointsTo:
    def __init__(self):
        self.uf = UnionFind()
        self.cells = {}           # rep -> {field: pointee Obj}
        self.members = {}         # rep -> [Obj, ...] (the class)
        self.interior = set()     # reps whose objects are pointed to at a field (&x.f)
        self.vars = {}            # (func or None, name) -> Obj
        self.enumerators = set()  # names of enumeration constants (not objects)
        self.funcs = {}           # name -> Obj for functions
        self.params = {}          # func name -> [Obj per parameter]
        self.rets = {}            # func name -> Obj (the returned pointee)
        self.arrays = set()       # var Objs declared as arrays
        self.multidim = set()     # ... with two or more dimensions
        self.const_objects = set()  # var Objs whose own type is const-qualified (never written)
        self.heap_sites = {}      # id(call node) -> Obj
        self.array_fields = set()  # field names declared with an array type in some struct
        self.typedefs = {}        # typedef name -> (specs, declarator)
        self.sm = None

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

    def pts(self, o, field=""):
        """The pointee of cell (o, field), created on demand."""
        r = self.uf[o]
        cells = self.cells.get(r)
        if cells is None:
            cells = self.cells[r] = {}
        p = cells.get(field)
        if p is None:
            p = cells[field] = self.new("anon", "*%s%s" % (r.name, ("." + field) if field else ""))
        return p

    def join(self, a, b):
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
            self.members[r] = ma + mb
            if inter:
                self.interior.add(r)
        return self.uf[a]

    def members_of(self, o):
        return self.members[self.uf[o]]

    # -- look-ups used by later passes ----------------------------------------
    def var_object(self, name, func=None):
        return self.vars.get((func, name)) or self.vars.get((None, name))

    def rvalue_target_of_var(self, name, func=None):
        return self.pts(self.var_object(name, func))

    def class_key(self, o):
        """A stable description of o's class: its sorted member names."""
        names = sorted(set(m.describe() for m in self.members_of(o) if m.kind != "anon"))
        return names or ["anonymous object"]


class _Analyzer:
    def __init__(self, tu, sm):
        self.pa = PointsTo()
        self.pa.sm = sm
        self.tu = tu
        self.func = None
        self.indirect_calls = []      # (func, Call node, arg values) to resolve
        self.typedefs = self.pa.typedefs
        self.resolved = {}            # id(call) -> set of function names
        self.enum_objects = {}
        self.pa.enumerators = {e.name for e in A.walk(tu) if type(e) is A.Enumerator}

    # declarations ------------------------------------------------------------
    def var(self, name, func, kind):
        key = (func, name)
        o = self.pa.vars.get(key)
        if o is None:
            label = spelling(name) if func is None else "%s (in %s)" % (spelling(name), func)
            o = self.pa.vars[key] = self.pa.new(kind, label)
        return o

    def lookup(self, name):
        pa = self.pa
        if self.func is not None:
            o = pa.vars.get((self.func, name))
            if o is not None:
                return o
        o = pa.vars.get((None, name))
        if o is not None:
            return o
        f = pa.funcs.get(name)
        if f is not None:
            return f
        if name in pa.enumerators:      # a constant, not an object
            o = self.enum_objects.get(name)
            if o is None:
                o = self.enum_objects[name] = pa.new("literal", name)
            return o
        # an undeclared or extern name: a global of its own
        return self.var(name, None, "global")

    def function(self, name):
        f = self.pa.funcs.get(name)
        if f is None:
            f = self.pa.funcs[name] = self.pa.new("func", name)
        return f

    def declare(self, decl, func):
        specs = decl.specs
        storage = {k.text for k in specs.items if type(k) is A.Keyword and k.kind == "storage"}
        if "typedef" in storage:
            for d in decl.declarators:
                nm = declarator_name(d.decl)
                if nm:
                    self.typedefs[nm] = (specs, d.decl)
            return
        for d in decl.declarators:
            name = declarator_name(d.decl)
            if name is None:
                continue
            if _is_function_declarator(d.decl):
                self.function(name)
                continue
            is_static_local = func is not None and ("static" in storage or "extern" in storage)
            o = self.var(name, func, "global" if func is None or is_static_local else "local")
            if is_static_local and "extern" in storage:
                self.pa.vars[(func, name)] = self.var(name, None, "global")
                o = self.pa.vars[(func, name)]
            if is_const_object(specs, d.decl):
                self.pa.const_objects.add(o)
            if _outer_array(d.decl) or (innermost_derivation(d.decl) is None
                                        and self.typedef_is_array(specs)):
                self.pa.arrays.add(o)
                inner = innermost_derivation(d.decl)
                if type(inner) is A.ArrayDecl and type(_after_array(d.decl, inner)) is A.ArrayDecl:
                    self.pa.multidim.add(o)
            if d.init is not None:
                self.init(o, "", d.init)

    def typedef_is_array(self, specs):
        return typedef_is_array(self.typedefs, specs)

    def init(self, obj, field, init):
        if type(init) is A.InitList:
            for item in init.items:
                f = field
                for des in item.designators:
                    if type(des) is A.FieldDesignator:
                        f = (f + "." + des.name) if f else des.name
                self.init(obj, f, item.init)
        else:
            self.pa.join(self.pa.pts(obj, field), self.rv(init))

    # expressions ---------------------------------------------------------------
    def lv(self, e):
        """(object, field) of the cell an lvalue designates."""
        t = type(e)
        if t is A.Id:
            return self.lookup(e.name), ""
        if t is A.Paren:
            return self.lv(e.expr)
        if t is A.Member:
            if e.arrow:
                return self.rv(e.expr), e.name
            o, f = self.lv(e.expr)
            return o, (f + "." + e.name) if f else e.name
        if t is A.Unary and e.op == "*":
            return self.rv(e.expr), ""
        if t is A.Index:
            b = _strip(e.base)
            if type(b) is A.Member and b.name in self.pa.array_fields:
                self.rv(e.index)
                o, f = self.lv(b)
                return o, f + "[]"
            return self.index_base(e), ""
        if t is A.CompoundLit:
            o = self.pa.new("literal", "at %s" % self._where(e), e)
            self.init(o, "", e.init)
            return o, ""
        if t is A.Cast:
            return self.lv(e.expr)
        if t is A.StmtExpr or t is A.Call or t is A.Cond or t is A.Comma or t is A.Assign:
            return self.rv(e), ""
        self.rv(e)
        return self.pa.new("anon", "temporary"), ""

    def index_base(self, e):
        """The object an index expression a[i] lands in (arrays collapse)."""
        b = self.rv(e.base)
        i = self.rv(e.index)
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

    def rv(self, e):
        """The abstract object the value of `e` may point to."""
        pa = self.pa
        t = type(e)
        if t is A.Id:
            o = self.lookup(e.name)
            if o.kind == "func" or o in pa.arrays:
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
                if f or type(_strip(e.expr)) is A.Index:
                    if f:
                        pa.interior.add(pa.find(o))
                return o
            if e.op == "*":
                o, f = self.lv(e)
                return pa.pts(o, f)
            if e.op in ("sizeof", "_Alignof", "__alignof__", "alignof", "__alignof"):
                return pa.new("anon", "constant")
            v = self.rv(e.expr)
            if e.op in ("++", "--"):
                self.lv(e.expr)
            return v
        if t in (A.Member, A.Index):
            o, f = self.lv(e)
            if t is A.Index and o in pa.multidim and not f:
                return o                          # a[i] of int a[3][4] decays into a
            if t is A.Member and e.name in pa.array_fields:
                pa.interior.add(pa.find(o))      # decays to a pointer into the object
                return o
            return pa.pts(o, f)
        if t is A.PostOp:
            self.lv(e.expr)
            return self.rv(e.expr)
        if t is A.Assign:
            o, f = self.lv(e.lhs)
            v = self.rv(e.rhs)
            return pa.join(pa.pts(o, f), v)
        if t is A.Binary:
            l, r = self.rv(e.left), self.rv(e.right)
            if e.op in ("+", "-") and (_maybe_pointer_expr(e.left) and _maybe_pointer_expr(e.right)):
                return self.pointer_side(l, r)
            if e.op in ("+", "-"):
                return l if _maybe_pointer_expr(e.left) else r
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
            return self.call(e)
        if t is A.CompoundLit:
            o, _ = self.lv(e)
            return o
        if t is A.StmtExpr:
            v = None
            for item in e.body.items:
                v = self.stmt(item)
            return v if v is not None else pa.new("anon", "void")
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
        args = [self.rv(a) for a in e.args]
        name = f.name if type(f) is A.Id and (self.func, f.name) not in pa.vars and (None, f.name) not in pa.vars else None
        if name is not None:
            if name in ALLOCATORS:
                site = pa.heap_sites.get(id(e))
                if site is None:
                    site = pa.heap_sites[id(e)] = pa.new("heap", "%s (%s)" % (self._where(e), name), e)
                if name in ("realloc", "reallocarray") and args:
                    pa.join(site, args[0])
                return site
            if name in COPIERS and len(args) >= 2:
                pa.join(pa.pts(args[0]), pa.pts(args[1]))
                return args[0]
            if name == "pthread_create" and len(args) >= 4:
                targets = self.functions_in(args[2])
                for t in targets:
                    self.bind(t, [args[3]])
                self.indirect_calls.append((self.func, e, [args[3]], args[2]))
                return pa.new("anon", "int")
            self.function(name)
            self.bind(name, args)
            return pa.pts(self.function(name), "<ret>")
        fv = self.rv(e.func)
        self.indirect_calls.append((self.func, e, args, fv))
        for t in self.functions_in(fv):
            self.bind(t, args)
        return pa.pts(fv, "<ret>")

    def functions_in(self, o):
        return sorted(m.name for m in self.pa.members_of(o) if m.kind == "func")

    def bind(self, fname, args):
        params = self.pa.params.get(fname)
        if params is None:
            return
        for p, a in zip(params, args):
            self.pa.join(self.pa.pts(p), a)

    def _where(self, node):
        if self.pa.sm is None:
            return "offset %d" % node.start
        f, l, c, _ = self.pa.sm.location(node.start)
        return "%s:%d:%d" % (f, l, c)

    # statements ---------------------------------------------------------------
    def stmt(self, s):
        """Visit a statement; returns the rvalue object of an expression statement."""
        t = type(s)
        if t is A.ExprStmt:
            return self.rv(s.expr) if s.expr is not None else None
        if t is A.Decl:
            self.declare(s, self.func)
            return None
        if t is A.Return:
            if s.expr is not None:
                v = self.rv(s.expr)
                self.pa.join(self.pa.pts(self.function(self.func), "<ret>"), v)
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
        for n in A.walk(self.tu):
            if type(n) is A.FieldDeclarator and n.decl is not None and _outer_array(n.decl):
                pa.array_fields.add(declarator_name(n.decl))
        # declare every function and its parameters first (calls may precede definitions)
        for item in self.tu.items:
            if type(item) is A.FuncDef:
                name = declarator_name(item.decl)
                self.function(name)
                fd = func_declarator(item.decl)
                params = []
                if fd is not None:
                    for i, p in enumerate(fd.params):
                        pname = declarator_name(p.decl) if p.decl is not None else None
                        o = self.var(pname or "#%d" % i, name, "param")
                        if p.decl is not None and _outer_array(p.decl):
                            pass      # array parameters are pointers
                        params.append(o)
                pa.params[name] = params
        for item in self.tu.items:
            if type(item) is A.Decl:
                self.func = None
                self.declare(item, None)
        for item in self.tu.items:
            if type(item) is A.FuncDef:
                self.func = declarator_name(item.decl)
                self.stmt(item.body)
        self.func = None
        # function pointers: bind newly discovered targets until nothing changes
        for _ in range(50):
            changed = False
            for func, call, args, fv in self.indirect_calls:
                targets = set(self.functions_in(fv))
                old = self.resolved.get(id(call), set())
                for t in targets - old:
                    self.bind(t, args)
                    pa.join(pa.pts(fv, "<ret>"), pa.pts(self.function(t), "<ret>"))
                    changed = True
                self.resolved[id(call)] = old | targets
            if not changed:
                break
        return pa


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


def typedef_is_array(typedefs, specs, depth=0):
    """Do the specifiers name a typedef of an array type (typedef T *tab_t[8])?"""
    for it in specs.items:
        if type(it) is A.TypedefName and depth < 20:
            td = typedefs.get(it.name)
            if td is None:
                return False
            tspecs, tdecl = td
            if _outer_array(tdecl):
                return True
            return innermost_derivation(tdecl) is None and typedef_is_array(typedefs, tspecs, depth + 1)
    return False


def is_array_decl(typedefs, specs, decl):
    """Is the object declared by (specs, decl) an array (directly or through a typedef)?"""
    return _outer_array(decl) or (innermost_derivation(decl) is None and typedef_is_array(typedefs, specs))


def is_const_object(specs, decl):
    """Is the declared object itself const (`const int x`, `node *const p`; not `const char *s`)?"""
    deriv = innermost_derivation(decl)
    if deriv is None or type(deriv) is A.ArrayDecl:
        return any(type(k) is A.Keyword and k.kind == "qual" and k.text in ("const", "__const", "__const__")
                   for k in specs.items)
    if type(deriv) is A.PtrDecl:
        return any(q in ("const", "__const", "__const__") for q in deriv.levels[-1])
    return False


def _after_array(decl, arr):
    """The derivation wrapping `arr` (int a[3][4]: the outer ArrayDecl)."""
    parent = None
    d = decl
    while d is not None and d is not arr:
        if type(d) is not A.ParenDecl:
            parent = d
        d = d.inner
    return parent


def _is_function_declarator(d):
    return type(innermost_derivation(d)) is A.FuncDeclr


def _outer_array(d):
    """Is the declared object itself an array (int *a[3], not int (*a)[3])?"""
    return type(innermost_derivation(d)) is A.ArrayDecl


def analyze_pointers(tu, sm=None):
    """Run the analysis over a translation unit; returns a PointsTo."""
    a = _Analyzer(tu, sm)
    return a.run()
