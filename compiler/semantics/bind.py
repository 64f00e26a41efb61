"""Name binding and types: every name use bound to its declaration object.

One walk over a unit's AST in source order, with C's scopes (file, block,
function prototype; ordinary identifiers and tags in separate namespaces):

* `Id.sym` and `NameDecl.sym`: the Symbol of the object, function,
  enumeration constant or typedef the name denotes there (clang's
  DeclRefExpr -> ValueDecl; chibicc's find_var);
* `Member.sym` / `FieldDesignator.sym`: the Field of the struct type of the
  operand (`s.flags` is the member of s's struct, not every `flags`);
  `InitItem.sym` the field path a (possibly positional) initializer fills;
* `StructSpec.sym`: the Tag; `FuncDef.sym`: the function's Symbol;
* `ty` on every expression: its type (ctypes.Type);
* `Atomic.sym`: the scope chain visible at the block (to check that a name
  printed at block entry still means the same object).

Linkage follows C11 6.2.2: file-scope objects and functions are external
unless `static`; a block-scope `extern` takes the linkage of a visible prior
declaration; external names are looked up in the program's table, so they
are one Symbol across units.  Undeclared functions (implicit declarations)
become external functions returning int.

    >>> from atomicc.frontend.parser import parse_text
    >>> from atomicc.semantics.program import single
    >>> tu, sm = parse_text("struct h { unsigned flags:3; }; long flags; void f(struct h *p) { flags = p->flags; }")
    >>> p = single("t.c", tu, sm)
    >>> st = tu.items[2].body.items[0].expr
    >>> st.lhs.sym.describe(), st.rhs.sym.describe(), st.rhs.sym.is_bitfield
    ('flags', 'h.flags', True)
"""

from ..frontend import ast as A
from ..frontend.build import declarator_name, func_declarator
from .ctypes import ELEMENT, INT, UNKNOWN, VOID, Field, Symbol, Tag, Type, wild_field

_FLOAT_WORDS = {"float", "double", "_Float16", "_Float32", "_Float64", "_Float128", "_Float32x", "_Float64x",
                "__float128", "__float80", "__ibm128", "_Decimal32", "_Decimal64", "_Decimal128", "__bf16"}
_CONST = ("const", "__const", "__const__")
_ULONG = Type.integer("unsigned", "long")
_CHAR = Type.integer("char")


def _storage(specs):
    return {k.text for k in specs.items if type(k) is A.Keyword and k.kind == "storage"}


def _name_decl(d):
    while d is not None:
        if type(d) is A.NameDecl:
            return d
        d = getattr(d, "inner", None)
    return None


_INT_SUFFIX = "uUlL"


def int_constant(e):
    """The value of an integer constant expression made of literals, unary
    and binary arithmetic (what an array length macro expands to), or None.

    >>> from atomicc.frontend import ast as A
    >>> int_constant(A.Binary("*", A.Const("4"), A.Paren(A.Const("0x10UL"))))
    64
    """
    t = type(e)
    if t is A.Paren:
        return int_constant(e.expr)
    if t is A.Const:
        text = e.text.rstrip(_INT_SUFFIX)
        try:
            if text[:2] in ("0x", "0X"):
                return int(text, 16)
            if text[:2] in ("0b", "0B"):
                return int(text[2:], 2)
            if len(text) > 1 and text[0] == "0":
                return int(text, 8)
            return int(text, 10)
        except ValueError:
            return None
    if t is A.Unary and e.op in ("-", "+"):
        v = int_constant(e.expr)
        return None if v is None else (-v if e.op == "-" else v)
    if t is A.Binary and e.op in _INT_OPS:
        a, b = int_constant(e.left), int_constant(e.right)
        if a is None or b is None:
            return None
        try:
            return _INT_OPS[e.op](a, b)
        except (ZeroDivisionError, ValueError):
            return None
    return None


def _cdiv(a, b):
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


_INT_OPS = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
            "/": _cdiv, "%": lambda a, b: a - b * _cdiv(a, b),
            "<<": lambda a, b: a << b if 0 <= b < 64 else None, ">>": lambda a, b: a >> b if 0 <= b < 64 else None}


class Binder:
    def __init__(self, unit, program):
        self.unit = unit
        self.program = program
        self.scopes = []             # [dict name -> Symbol], innermost last
        self.tag_scopes = []         # [dict name -> Tag]
        self.func = None             # enclosing function Symbol

    # -- scopes -------------------------------------------------------------------
    def lookup(self, name):
        for s in reversed(self.scopes):
            sym = s.get(name)
            if sym is not None:
                return sym
        return None

    def lookup_tag(self, name):
        for s in reversed(self.tag_scopes):
            t = s.get(name)
            if t is not None:
                return t
        return None

    def push(self):
        self.scopes.append({})
        self.tag_scopes.append({})

    def pop(self):
        self.scopes.pop()
        self.tag_scopes.pop()

    @property
    def at_file_scope(self):
        return len(self.scopes) == 1

    # -- the unit ---------------------------------------------------------------------
    def run(self):
        self.push()
        self.unit.file_scope = self.scopes[0]
        self.unit.file_tags = self.tag_scopes[0]
        for item in self.unit.tu.items:
            t = type(item)
            if t is A.FuncDef:
                self.funcdef(item)
            elif t is A.Decl:
                self.decl(item)
            elif t is A.StaticAssert:
                self.expr(item.cond)

    # -- declarations --------------------------------------------------------------------
    def decl(self, d, as_params=False):
        storage = _storage(d.specs)
        base, auto_type = self.specs(d.specs)
        for idecl in d.declarators:
            t = self.declarator(idecl.decl, base)
            nd = _name_decl(idecl.decl)
            if nd is None:
                continue
            init = getattr(idecl, "init", None)
            if auto_type and init is not None:
                t = self.expr(init).decay()
            sym = self.declare(nd.name, t, storage, nd, as_param=as_params)
            nd.sym = sym
            if init is not None:
                if sym.kind == "var" and not (self.func is not None and sym.storage == "auto"):
                    sym.defined = True
                elif sym.kind == "var":
                    sym.defined = True
                self.initializer(init, sym.type)
                if sym.type.is_array and sym.type.target is not None and type(init) is A.Str:
                    pass
            elif sym.kind == "var" and "extern" not in storage:
                sym.defined = True       # a definition or a tentative definition

    def declare(self, name, t, storage, node, as_param=False):
        scope = self.scopes[-1]
        if "typedef" in storage:
            sym = Symbol(name, "typedef", "none", "none", t, self.unit, self.func, node)
            scope[name] = sym
            return sym
        if as_param:
            sym = scope.get(name)
            if sym is not None and sym.storage == "param":
                sym.type = _param_type(t)
                return sym
            sym = Symbol(name, "var", "none", "param", _param_type(t), self.unit, self.func, node)
            scope[name] = sym
            return sym
        is_func = t.is_func
        prior = self.lookup(name)
        if is_func or self.at_file_scope or "extern" in storage:
            if "static" in storage and (is_func or self.at_file_scope):
                linkage = "internal"
            elif prior is not None and prior.linkage in ("internal", "external") and \
                    (is_func or "extern" in storage or not self.at_file_scope or prior.linkage == "internal"):
                linkage = prior.linkage
            else:
                linkage = "external"
            if not is_func and not self.at_file_scope and "extern" not in storage:
                linkage = "none"
            if linkage == "external":
                sym = self.program.externals.get(name)
                if sym is None:
                    sym = Symbol(name, "func" if is_func else "var", "external", "static", t, self.unit,
                                 node=node)
                    self.program.externals[name] = sym
                elif sym.kind != ("func" if is_func else "var") and sym.type.kind == "unknown":
                    sym.kind = "func" if is_func else "var"
                _merge_type(sym, t)
            elif linkage == "internal":
                sym = self.unit.file_scope.get(name)
                if sym is None or sym.linkage != "internal":
                    sym = Symbol(name, "func" if is_func else "var", "internal", "static", t, self.unit,
                                 node=node)
                    self.unit.file_scope[name] = sym
                _merge_type(sym, t)
            else:                    # a nested function (GNU) declared in a block
                sym = Symbol(name, "func", "none", "static", t, self.unit, self.func, node)
            scope[name] = sym
            return sym
        # block scope objects
        st = "static" if "static" in storage else "auto"
        sym = Symbol(name, "var", "none", st, t, self.unit, self.func, node)
        scope[name] = sym
        return sym

    def specs(self, specs):
        """The type the specifiers give, and whether it is __auto_type."""
        words = []
        const = False
        found = None
        auto_type = False
        for it in specs.items:
            t = type(it)
            if t is A.Keyword:
                if it.kind == "type":
                    if it.text == "__auto_type":
                        auto_type = True
                    else:
                        words.append(it.text)
                elif it.kind == "qual" and it.text in _CONST:
                    const = True
            elif t is A.StructSpec:
                found = self.struct_spec(it)
            elif t is A.EnumSpec:
                self.enum_spec(it)
                found = Type.integer("enum")
            elif t is A.TypedefName:
                sym = self.lookup(it.name)
                it.sym = sym
                found = sym.type if sym is not None and sym.kind == "typedef" else UNKNOWN
            elif t is A.TypeofSpec:
                if type(it.arg) is A.TypeName:
                    found = self.type_name(it.arg)
                else:
                    found = self.expr(it.arg)
            elif t is A.AtomicTypeSpec:
                found = self.type_name(it.type)
            elif t is A.AlignasSpec:
                if type(it.arg) is A.TypeName:
                    self.type_name(it.arg)
                elif it.arg is not None:
                    self.expr(it.arg)
        if found is None:
            if any(w in _FLOAT_WORDS for w in words):
                found = Type("float", words=tuple(words))
            elif "void" in words:
                found = VOID
            elif "_Bool" in words or "bool" in words:
                found = Type("bool")
            elif "_Complex" in words or "__complex__" in words:
                found = Type("float", words=tuple(words))
            else:
                found = Type.integer(*words) if words else INT
        return found.qualified(const) if const else found, auto_type

    def type_name(self, tn):
        base, _ = self.specs(tn.specs)
        t = self.declarator(tn.decl, base) if tn.decl is not None else base
        tn.ty = t
        return t

    def struct_spec(self, s):
        kind = s.kind if s.kind in ("struct", "union") else ("union" if "union" in str(s.kind) else "struct")
        if s.has_body:
            tag = None
            if s.name is not None:
                tag = self.tag_scopes[-1].get(s.name)
                if tag is None:
                    if self.at_file_scope:
                        tag = self.program.tags.get((kind, s.name))
                        if tag is None:
                            tag = self.program.tags[(kind, s.name)] = Tag(kind, s.name, self.unit)
                    else:
                        tag = Tag(kind, s.name, self.unit)
                    self.tag_scopes[-1][s.name] = tag
            else:
                names = []
                for fd in s.members:
                    if type(fd) is A.FieldDecl:
                        names.extend(declarator_name(d.decl) or "" for d in fd.declarators if d.decl is not None)
                key = (kind, tuple(names))
                tag = self.program.anon_tags.get(key) if names else None
                if tag is None:
                    tag = Tag(kind, None, self.unit)
                    if names:
                        self.program.anon_tags[key] = tag
            s.sym = tag
            self.members(tag, s.members)
            tag.complete = True
            return Type("struct", tag=tag)
        tag = self.lookup_tag(s.name) if s.name is not None else None
        if tag is None:
            # first mention (`struct x *p;`): the file-scope tag of the program,
            # which some unit may complete
            tag = self.program.tags.get((kind, s.name)) if s.name is not None else None
            if tag is None:
                tag = Tag(kind, s.name, self.unit)
                if s.name is not None:
                    self.program.tags[(kind, s.name)] = tag
            if s.name is not None:
                self.tag_scopes[-1][s.name] = tag
        s.sym = tag
        return Type("struct", tag=tag)

    def members(self, tag, members):
        for fd in members:
            if type(fd) is not A.FieldDecl:
                continue
            base, _ = self.specs(fd.specs)
            if not fd.declarators:
                inner = base.struct_tag()
                if inner is not None:     # C11 anonymous struct/union: its members are ours
                    for name, f in list(inner.fields.items()):
                        tag.fields.setdefault(name, f)
                continue
            for d in fd.declarators:
                if d.width is not None:
                    self.expr(d.width)
                if d.decl is None:
                    continue
                t = self.declarator(d.decl, base)
                name = declarator_name(d.decl)
                if name is None:
                    continue
                f = tag.field(name, t, d.width)
                nd = _name_decl(d.decl)
                if nd is not None:
                    nd.sym = f

    def enum_spec(self, es):
        if es.name is not None:
            es.sym = es.name
        for e in es.enumerators:
            if e.value is not None:
                self.expr(e.value)
            sym = Symbol(e.name, "enumconst", "none", "none", INT, self.unit, self.func, e)
            e.sym = sym
            self.scopes[-1][e.name] = sym

    def declarator(self, d, t):
        """The type `d` gives to an entity whose specifiers give `t`."""
        while d is not None:
            k = type(d)
            if k is A.NameDecl:
                return t
            if k is A.PtrDecl:
                for quals in d.levels:
                    t = Type.pointer(t)
                    if any(q in _CONST for q in quals):
                        t = t.qualified(True)
            elif k is A.ArrayDecl:
                if d.size is not None:
                    self.expr(d.size)
                t = Type.array(t, int_constant(d.size) if d.size is not None else None)
            elif k is A.FuncDeclr:
                t = self.func_type(d, t)
            d = d.inner
        return t

    def func_type(self, fd, ret):
        params = []
        self.push()
        for p in fd.params:
            if type(p) is not A.Param:
                continue
            base, _ = self.specs(p.specs)
            pt = self.declarator(p.decl, base) if p.decl is not None else base
            if pt.kind == "void" and p.decl is None:
                continue
            params.append(_param_type(pt))
            nd = _name_decl(p.decl) if p.decl is not None else None
            if nd is not None:
                nd.sym = self.declare(nd.name, pt, set(), nd, as_param=True)
        self.pop()
        return Type("func", target=ret, params=params if fd.params or not fd.kr_names else None,
                    variadic=bool(fd.variadic))

    # -- functions -------------------------------------------------------------------------
    def funcdef(self, fd):
        storage = _storage(fd.specs)
        base, _ = self.specs(fd.specs)
        t = self.declarator(fd.decl, base)
        nd = _name_decl(fd.decl)
        if not t.is_func:
            t = Type("func", target=t, params=None)
        sym = self.declare(nd.name, t, storage, nd)
        nd.sym = sym
        fd.sym = sym
        sym.defined = True
        sym.node = fd
        outer = self.func
        self.func = sym
        self.push()
        f = func_declarator(fd.decl)
        if f is not None:
            for p in f.params:
                pnd = _name_decl(p.decl) if type(p) is A.Param and p.decl is not None else None
                if pnd is not None and pnd.sym is not None:
                    pnd.sym.func = sym
                    pnd.sym.unit = self.unit
                    self.scopes[-1][pnd.name] = pnd.sym
            for name in f.kr_names or ():
                self.scopes[-1][name] = Symbol(name, "var", "none", "param", INT, self.unit, sym)
        for kd in fd.kr_decls:
            if type(kd) is A.Decl:
                self.decl(kd, as_params=True)
        if f is not None and f.kr_names:
            sym.type = Type("func", target=t.target, params=[self.scopes[-1][n].type for n in f.kr_names])
        fn = Symbol("__func__", "var", "none", "static", Type.array(_CHAR).qualified(True), self.unit, sym)
        self.scopes[-1]["__func__"] = fn
        self.scopes[-1]["__FUNCTION__"] = fn
        self.scopes[-1]["__PRETTY_FUNCTION__"] = fn
        for item in fd.body.items:
            self.stmt(item)
        self.pop()
        self.func = outer

    # -- statements --------------------------------------------------------------------------
    def stmt(self, s):
        if s is None:
            return
        t = type(s)
        if t is A.Compound:
            self.push()
            for it in s.items:
                self.stmt(it)
            self.pop()
        elif t is A.Decl:
            self.decl(s)
        elif t is A.ExprStmt or t is A.Return:
            if s.expr is not None:
                self.expr(s.expr)
        elif t is A.For:
            self.push()
            if s.init is not None:
                if type(s.init) is A.Decl:
                    self.decl(s.init)
                else:
                    self.expr(s.init)
            for e in (s.cond, s.next):
                if e is not None:
                    self.expr(e)
            self.stmt(s.body)
            self.pop()
        elif t is A.If:
            self.expr(s.cond)
            self.stmt(s.then)
            self.stmt(s.els)
        elif t in (A.While, A.Switch):
            self.expr(s.cond)
            self.stmt(s.body)
        elif t is A.DoWhile:
            self.stmt(s.body)
            self.expr(s.cond)
        elif t is A.Atomic:
            s.sym = list(self.scopes)
            self.stmt(s.body)
        elif t is A.Label or t is A.Default:
            self.stmt(s.stmt)
        elif t is A.Case:
            self.expr(s.lo)
            if s.hi is not None:
                self.expr(s.hi)
            self.stmt(s.stmt)
        elif t is A.GotoComputed:
            self.expr(s.expr)
        elif t is A.NestedFunc:
            self.funcdef(s.func)
        elif t is A.StaticAssert:
            self.expr(s.cond)

    # -- initializers ---------------------------------------------------------------------------
    def initializer(self, init, t, path=()):
        if type(init) is not A.InitList:
            self.expr(init)
            return
        tag = t.struct_tag()
        order = [f for f in tag.fields.values()] if tag is not None else []
        pos = 0
        for item in init.items:
            sub, p = t, path
            if item.designators:
                cur = t
                p = path
                for des in item.designators:
                    if type(des) is A.FieldDesignator:
                        ctag = cur.struct_tag()
                        f = (ctag.fields.get(des.name) or ctag.field(des.name, UNKNOWN)) if ctag is not None \
                            else wild_field(des.name)
                        des.sym = f
                        p = p + (f,)
                        cur = f.type
                        if ctag is tag and f in order:
                            pos = order.index(f) + 1
                    else:
                        self.expr(des.lo)
                        if des.hi is not None:
                            self.expr(des.hi)
                        p = p + (ELEMENT,) if p else p     # elements of an array object collapse into it
                        cur = cur.target if cur.target is not None else UNKNOWN
                sub = cur
            elif tag is not None:
                if pos < len(order):
                    f = order[pos]
                    p, sub = path + (f,), f.type
                pos += 1
            elif t.is_array:
                p, sub = (path + (ELEMENT,) if path else path), t.target or UNKNOWN
            item.sym = p
            self.initializer(item.init, sub, p)

    # -- expressions ------------------------------------------------------------------------------
    def expr(self, e):
        """Bind the names in e; returns (and records in e.ty) its type."""
        t = getattr(self, "e_" + type(e).__name__, None)
        ty = t(e) if t is not None else self.e_default(e)
        e.ty = ty if ty is not None else UNKNOWN
        return e.ty

    def e_default(self, e):
        for c in A.iter_children(e):
            if type(c) is A.TypeName:
                self.type_name(c)
            elif type(c) is A.InitList:
                self.initializer(c, UNKNOWN)
            else:
                self.expr(c)
        return UNKNOWN

    def e_Id(self, e):
        sym = self.lookup(e.name)
        if sym is None:
            # an implicit declaration (C89) or a builtin: an external function returning int
            sym = self.program.externals.get(e.name)
            if sym is None:
                sym = Symbol(e.name, "func", "external", "static", Type("func", target=INT, params=None),
                             self.unit)
                self.program.externals[e.name] = sym
        e.sym = sym
        if sym.kind == "enumconst":
            return INT
        return sym.type

    def e_Const(self, e):
        txt = e.text.lower()
        if txt[:1] in ("'", "l", "u") and "'" in txt:
            return INT
        if not txt.startswith("0x") and ("." in txt or "e" in txt) or txt.startswith("0x") and "p" in txt:
            return Type("float")
        return INT

    def e_Str(self, e):
        return Type.array(_CHAR)

    def e_Paren(self, e):
        return self.expr(e.expr)

    def e_Cast(self, e):
        self.expr(e.expr)
        return self.type_name(e.type)

    def e_Unary(self, e):
        op = e.op
        if op in ("sizeof", "_Alignof", "__alignof__", "__alignof", "alignof"):
            if type(e.expr) is A.TypeName:
                self.type_name(e.expr)
            else:
                self.expr(e.expr)
            return _ULONG
        t = self.expr(e.expr)
        if op == "&":
            return Type.pointer(t)
        if op == "*":
            return t.pointee()
        if op in ("!",):
            return INT
        if op in ("__real__", "__imag__", "__real", "__imag"):
            return Type("float")
        if op == "&&":
            return Type.pointer(VOID)
        return t if t.kind != "array" else t.decay()

    def e_SizeofType(self, e):
        self.type_name(e.type)
        return _ULONG

    def e_PostOp(self, e):
        return self.expr(e.expr)

    def e_Index(self, e):
        b = self.expr(e.base)
        i = self.expr(e.index)
        if b.kind in ("ptr", "array"):
            return b.target or UNKNOWN
        if i.kind in ("ptr", "array"):
            return i.target or UNKNOWN
        return UNKNOWN

    def e_Call(self, e):
        f = self.expr(e.func)
        for a in e.args:
            self.expr(a)
        if f.kind == "ptr":
            f = f.target or UNKNOWN
        if f.kind == "func":
            return f.target or INT
        return UNKNOWN

    def e_Member(self, e):
        t = self.expr(e.expr)
        if e.arrow:
            t = t.pointee()
        tag = t.struct_tag()
        if tag is not None:
            f = tag.fields.get(e.name)
            if f is None:
                f = tag.field(e.name, UNKNOWN)
        else:
            f = wild_field(e.name)
        e.sym = f
        return f.type

    def e_Assign(self, e):
        t = self.expr(e.lhs)
        self.expr(e.rhs)
        return t

    def e_Cond(self, e):
        c = self.expr(e.cond)
        a = self.expr(e.then) if e.then is not None else c
        b = self.expr(e.els)
        if a.kind in ("ptr", "array", "func"):
            return a.decay()
        if b.kind in ("ptr", "array", "func"):
            return b.decay()
        return a if a.kind != "unknown" else b

    def e_Binary(self, e):
        a = self.expr(e.left)
        b = self.expr(e.right)
        op = e.op
        if op in ("==", "!=", "<", ">", "<=", ">=", "&&", "||"):
            return INT
        if op in ("+", "-"):
            pa_, pb_ = a.kind in ("ptr", "array"), b.kind in ("ptr", "array")
            if pa_ and pb_:
                return Type.integer("long")
            if pa_:
                return a.decay()
            if pb_:
                return b.decay()
        if a.kind == "float" or b.kind == "float":
            return Type("float")
        if a.kind == "int":
            return a.qualified(False)
        return b if b.kind == "int" else INT

    def e_Comma(self, e):
        t = UNKNOWN
        for x in e.exprs:
            t = self.expr(x)
        return t

    def e_CompoundLit(self, e):
        t = self.type_name(e.type)
        self.initializer(e.init, t)
        return t

    def e_StmtExpr(self, e):
        self.push()
        last = None
        for it in e.body.items:
            self.stmt(it)
            last = it
        self.pop()
        if type(last) is A.ExprStmt and last.expr is not None:
            return last.expr.ty or UNKNOWN
        return VOID

    def e_Generic(self, e):
        self.expr(e.ctl)
        t = None
        for a in e.assocs:
            if a.type is not None:
                self.type_name(a.type)
            at = self.expr(a.expr)
            t = t or at
        return t or UNKNOWN

    def e_VaArg(self, e):
        self.expr(e.expr)
        return self.type_name(e.type)

    def e_Offsetof(self, e):
        self.type_name(e.type)
        for i in e.indexes:
            self.expr(i)
        return _ULONG

    def e_TypesCompat(self, e):
        self.type_name(e.t1)
        self.type_name(e.t2)
        return INT

    def e_LabelAddr(self, e):
        return Type.pointer(VOID)

    def e_InitList(self, e):
        self.initializer(e, UNKNOWN)
        return UNKNOWN

    def e_TypeName(self, e):
        return self.type_name(e)


def _param_type(t):
    if t.kind == "array":
        return Type.pointer(t.target or UNKNOWN)
    if t.kind == "func":
        return Type.pointer(t)
    return t


def _merge_type(sym, t):
    """A later declaration completes an earlier one (int a[]; int a[10]; f(); f(int))."""
    old = sym.type
    if old.kind == "unknown" or (old.kind == "func" and old.params is None and t.kind == "func"):
        sym.type = t


def bind_unit(unit, program):
    """Bind one unit of `program` in place (see the module docstring)."""
    Binder(unit, program).run()


def visible(atomic, name):
    """The Symbol `name` denotes at the start of an atomic block (None if undeclared)."""
    for s in reversed(atomic.sym or ()):
        sym = s.get(name)
        if sym is not None:
            return sym
    return None


def field_path_text(path):
    """A field path (tuple of Field / ELEMENT) as C member syntax: `.a.b[]`."""
    out = []
    for f in path:
        out.append("[]" if f is ELEMENT else "." + (f if isinstance(f, str) else f.name))
    return "".join(out)


__all__ = ["bind_unit", "visible", "field_path_text", "Binder", "Field", "Tag"]
