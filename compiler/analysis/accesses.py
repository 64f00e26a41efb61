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

A call whose effects are not known (a function whose body is in no file of
the program and that is not a known library function, or a call through a
pointer that may hold one) is an `Unknown`: pervar cannot lock it, and it
may read and write every *escaped* object (`_Escape`), which its block gets
as accesses to whole classes, without keys.  So the block shares a conflict
component, and a plan, with every block that touches any of them.

A key may use only constants, `&object` of a variable with static storage,
and locals / parameters that the block does not assign and whose address is
not taken — their values are fixed while the block runs, so the address
computed at entry is the address touched.  Every name in a key must denote
the same declaration at the block's entry as where the access is (a key
from a callee in another file that names its `static` variable, or a global
shadowed at the block, is dropped: the class lock covers it).  Variables
are the semantic layer's Symbols; keys are compared by structure and
Symbol identity (`key_sig`), never by their printed text.

    >>> from atomicc.frontend.parser import parse_text
    >>> from atomicc.semantics.program import single
    >>> from atomicc.analysis.alias import analyze_pointers
    >>> from atomicc.analysis.blocks import analyze_blocks
    >>> from atomicc.analysis.callgraph import build_callgraph
    >>> tu, sm = parse_text("struct a { long b; } bank[8]; void t(int i) { atomic { bank[i].b++; } }")
    >>> prog = single("t.c", tu, sm); pa = analyze_pointers(prog); cg = build_callgraph(prog, pa)
    >>> r = analyze_accesses(prog, analyze_blocks(prog, cg, pa), cg, pa)
    >>> [(x.mode, x.key_text) for x in r.block_accesses[1]]
    [('W', '&bank[i]'), ('R', '&bank[i]')]
    >>> tu, sm = parse_text("void note(long *); long n, m; void f(void) { atomic { note(&n); } }")
    >>> prog = single("t.c", tu, sm); pa = analyze_pointers(prog); cg = build_callgraph(prog, pa)
    >>> r = analyze_accesses(prog, analyze_blocks(prog, cg, pa), cg, pa)
    >>> sorted({(x.mode, x.obj.name, x.key_text) for x in r.block_accesses[1]})
    [('R', 'm', None), ('R', 'n', None), ('W', 'm', None), ('W', 'n', None)]
"""

import networkx as nx

from ..emit.c_printer import CPrinter
from ..frontend import ast as A
from ..semantics.bind import visible
from ..semantics.ctypes import ELEMENT
from .alias import ALLOCATORS, COPIERS, declared_in_system_header, library_name, unseen_body
from .callgraph import call_targets
from .irrevocable import PURE_FUNCTIONS, _ABORTING

# Library functions that touch memory only through these argument positions.
READS_ARGS = {"strlen": (0,), "strcmp": (0, 1), "strncmp": (0, 1), "memcmp": (0, 1), "strchr": (0,),
              "strrchr": (0,), "strstr": (0, 1), "strnlen": (0,), "atoi": (0,), "atol": (0,),
              "strtol": (0,), "strtoul": (0,), "strtod": (0,), "puts": (0,), "fputs": (0,)}
WRITES_ARG0 = COPIERS | {"memset", "bzero", "sprintf", "snprintf", "strerror_r"}
# Functions that write only through the pointer arguments at these positions (and read the others').
WRITES_AT = {"rand_r": (0,), "time": (0,), "clock_gettime": (1,), "gettimeofday": (0,), "strtol": (1,),
             "strtoul": (1,), "strtoll": (1,), "strtoull": (1,), "strtod": (1,), "strtof": (1,),
             "frexp": (1,), "modf": (1,), "localtime_r": (1,), "gmtime_r": (1,)}
# Functions that touch no caller memory (besides their results).
PURE = {"abs", "labs", "llabs", "sqrt", "fabs", "floor", "ceil", "pow", "exp", "log",
        "sin", "cos", "tan", "fmin", "fmax", "toupper", "tolower", "isalpha", "isdigit", "isspace",
        "isalnum", "isupper", "islower", "free", "__builtin_expect", "__builtin_unreachable",
        "__builtin_constant_p", "assert", "__assert_fail", "printf", "fprintf", "putchar", "abort",
        "exit", "pthread_self", "sched_yield", "usleep", "sleep", "rand", "random",
        "drand48", "lrand48", "srand", "putc", "fputc", "fflush", "perror", "__builtin_trap",
        "__builtin_clz", "__builtin_ctz", "__builtin_popcount", "__builtin_clzl", "__builtin_ctzl",
        "__builtin_popcountl", "__builtin_clzll", "__builtin_ctzll", "__builtin_popcountll",
        "__builtin_bswap32", "__builtin_bswap64", "__builtin_abs", "__builtin_labs", "__builtin_object_size",
        "__builtin_va_start", "__builtin_va_end", "__builtin_va_copy", "__builtin_va_arg"}
PURE |= set(ALLOCATORS) | PURE_FUNCTIONS | _ABORTING


class Access:
    """One read or write of shared memory, with the key that locks it."""
    __slots__ = ("mode", "obj", "field", "key", "key_text", "key_sig", "expr", "via", "elementwise", "unit")

    def __init__(self, mode, obj, field, key, expr, via=None, elementwise=False, unit=None):
        self.mode = mode              # "R" or "W"
        self.obj = obj                # an alias.Obj of the class
        self.field = field            # field path inside the object (() = whole), tuple of Field / ELEMENT
        self.key = key                # AST expression of the object's address, or None
        self.key_text = CPrinter().expr(key) if key is not None else None   # for printing only
        self.key_sig = key_sig(key) if key is not None else None            # for comparing
        self.expr = expr              # the source expression (node) of the access
        self.via = via                # Symbol of the callee the access happens in, or None
        self.elementwise = elementwise
        self.unit = unit              # the Unit `expr` is in

    def where(self):
        return self.unit.where(self.expr) if self.unit is not None else "?"


class Unknown:
    """A call whose memory effects are not known (pervar cannot lock them).

    Such a call may read and write every escaped object (`_Escape`):
    the block gets those accesses too, so it shares a conflict component
    with every block that touches them."""
    __slots__ = ("what", "call", "unit", "anywhere", "func")

    def __init__(self, what, call, unit, anywhere=False, func=None):
        self.what, self.call, self.unit = what, call, unit
        # the callee may be code of this program compiled apart (no system-header
        # declaration, or a pointer that may hold any function): it can name every
        # object and function with external linkage
        self.anywhere = anywhere
        self.func = func          # the function Symbol the call is in, when it is in a callee

    def describe(self):
        return "the call at %s %s" % (self.unit.where(self.call), self.what)


class AccessInfo:
    def __init__(self, pa):
        self.pa = pa
        self.block_accesses = {}      # block index -> [Access]
        self.block_unknown_calls = {}  # block index -> [Unknown]
        self.summaries = {}
        self.unknown_args = []        # objects the arguments of unknown calls point to (they escape)


def key_sig(e):
    """A hashable structural signature of a key expression: node kinds,
    operators, constants and the Symbols its names denote."""
    t = type(e)
    if t is A.Paren:
        return key_sig(e.expr)
    if t is A.Id:
        return ("id", e.sym.serial if e.sym is not None else e.name)
    if t is A.Const:
        return ("c", e.text)
    if t is A.Member:
        return ("m", e.arrow, id(e.sym), key_sig(e.expr))
    parts = [t.__name__] + [getattr(e, a) for a in t.attr_names if type(getattr(e, a)) in (str, bool, int)]
    for c in A.iter_children(e):
        parts.append(key_sig(c) if not isinstance(c, A.TypeName) else ("type", id(c)))
    return tuple(parts)


def fields_overlap(f1, f2):
    """Can field paths f1 and f2 (Access.field: tuples of Field / ELEMENT,
    relative to an object of one alias class) name overlapping memory?

    They cannot when, after a common prefix, they step into two different
    members of one struct type (not a union, and not two bit-fields, which
    may share one memory location): `st.a` and `st.b`, `bank[i].a` and
    `bank[j].b`, `p->a` and `q->b` for two `struct stats *`.  A path that
    is a prefix of the other (`st` and `st.a`: a whole-object access, as
    `s2 = st` or `memcpy(&st, ...)` or `*p` make) overlaps it; so do members
    of a union, members of two different types (a path through a pointer to
    a sub-object starts at that sub-object's type) and fields of unknown
    struct types.  Two objects of one struct type are the same object or
    disjoint, as C's aliasing rules (and gcc's type-based alias analysis)
    assume, so the first differing step decides.

        >>> from atomicc.semantics.ctypes import Tag, Type, ELEMENT
        >>> st, un = Tag("struct", "stats"), Tag("union", "u")
        >>> a, b = st.field("a", Type.integer("long")), st.field("b", Type.integer("long"))
        >>> x, y = un.field("x", Type.integer("long")), un.field("y", Type.integer("long"))
        >>> fields_overlap((a,), (b,)), fields_overlap((a,), (a,)), fields_overlap((), (b,))
        (False, True, True)
        >>> fields_overlap((x,), (y,)), fields_overlap((a, ELEMENT), (b, ELEMENT))
        (True, False)
    """
    for s1, s2 in zip(f1, f2):
        if s1 is s2:
            continue
        tag = getattr(s1, "tag", None)
        return not (tag is not None and tag is getattr(s2, "tag", None) and tag.kind == "struct"
                    and not (s1.is_bitfield and s2.is_bitfield))
    return True


def _strip(e):
    while type(e) is A.Paren:
        e = e.expr
    return e


def _is_array_member(e):
    return type(e) is A.Member and e.sym is not None and e.sym.type.is_array


class _Scanner:
    """Collects the accesses of one region (a block body or a function body)."""

    def __init__(self, pa, func, unit, fixed, addr_taken, inside):
        self.pa = pa
        self.func = func               # Symbol of the function the region is in
        self.unit = unit
        self.fixed = fixed             # Symbols whose value is constant during the region
        self.addr_taken = addr_taken   # local Symbols whose address escapes
        self.inside = inside           # Symbols declared inside the region (no address at entry)
        self.out = []
        self.calls = []
        self.partial = False
        self.provisional = set()
        self.in_block = False          # the region is an atomic block (not a function body)
        self.unknown_args = []         # what the arguments of unknown calls point to
        self._memo_joins = -1          # _cell and _target per node (see _memo)
        self._cells, self._targets = {}, {}

    def is_private(self, sym):
        return sym.is_local and sym not in self.addr_taken

    def obj_of(self, e):
        """The abstract object of a variable Id (None for functions and constants)."""
        sym = e.sym
        if sym is None or sym.kind != "var":
            return None
        return self.pa.var_object(sym)

    def key_ok(self, e):
        """Is the value of expression e fixed for the whole region?"""
        e = _strip(e)
        t = type(e)
        if t is A.Const or t is A.SizeofType or t is A.Offsetof:
            return True
        if t is A.Id:
            return e.sym in self.fixed or (e.sym is not None and e.sym.kind == "enumconst")
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
            o = self.obj_of(lv)
            if o is None or self.is_private(lv.sym) or lv.sym in self.inside:
                return None
            return _mk(A.Unary("&", lv, start=lv.start, end=lv.end), lv)
        if t is A.Member and not lv.arrow:
            return self.addr_key(lv.expr)
        if t is A.Member and lv.arrow:
            return lv.expr if self.key_ok(lv.expr) else None
        if t is A.Unary and lv.op == "*":
            return lv.expr if self.key_ok(lv.expr) else None
        if t is A.Index:
            base = _strip(lv.base)
            bt = base.ty
            if bt is not None and bt.is_array and (type(base) is A.Id or _is_array_member(base)
                                                   or type(base) is A.Index):
                # an element of an array object: its own lock, if base and index are fixed
                if self.addr_key(base) is not None and self.key_ok(lv.index):
                    return _mk(A.Unary("&", lv, start=lv.start, end=lv.end), lv)
                return None
            if self.key_ok(lv.base) and self.key_ok(lv.index):
                return _mk(A.Unary("&", lv, start=lv.start, end=lv.end), lv)
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
            elif t is A.Index and _strip(root.base).ty is not None and _strip(root.base).ty.is_array:
                root = _strip(root.base)
            else:
                break
        if type(root) is A.Id:
            sym = root.sym
            if sym is None or sym.kind != "var":
                return                      # a function name or enumerator
            if self.is_private(sym):
                return
            if root is lv_s and sym.type.const and not sym.type.is_array:
                return                      # a const object is never written: no lock needed
        o, f = self._cell(lv_s)
        if o is None:
            return
        key = self.addr_key(lv_s)
        elem = type(lv_s) is A.Index or (key is not None and type(key) is A.Unary and type(_strip(key.expr)) is A.Index)
        self.out.append(Access(mode, o, f, key, lv, elementwise=elem, unit=self.unit))

    def _memo(self):
        """Reset the memo of _cell and _target when the alias classes changed. An
        access to p[0][0]...[0] asks for every prefix of the chain: n^2 steps without it."""
        if self._memo_joins != self.pa.joins:
            self._memo_joins = self.pa.joins
            self._cells, self._targets = {}, {}

    def _cell(self, lv):
        self._memo()
        r = self._cells.get(id(lv))
        if r is None:
            r = self._cells[id(lv)] = self._cell_of(lv)
        return r

    def _target(self, e):
        """The class a pointer-valued expression points into."""
        self._memo()
        k = id(e)
        if k in self._targets:
            return self._targets[k]
        r = self._targets[k] = self._target_of(e)
        return r

    def _cell_of(self, lv):
        t = type(lv)
        if t is A.Id:
            o = self.obj_of(lv)
            return (o, ()) if o is not None else (None, ())
        if t is A.Paren or t is A.Cast:
            return self._cell(lv.expr)
        if t is A.Member:
            if lv.arrow:
                return self._target(lv.expr), (lv.sym,)
            o, f = self._cell(_strip(lv.expr))
            return o, f + (lv.sym,)
        if t is A.Unary and lv.op == "*":
            return self._target(lv.expr), ()
        if t is A.Index:
            b = _strip(lv.base)
            if type(b) is A.Id and b.ty is not None and b.ty.is_array and self.obj_of(b) is not None:
                return self.obj_of(b), ()
            if _is_array_member(b):
                o, f = self._cell(b)
                return o, f + (ELEMENT,)
            if type(b) is A.Index and b.ty is not None and b.ty.is_array:
                return self._cell(b)        # a[i][j]: the element of the row, in a's object
            return self._target(lv.base), ()
        return None, ()

    def _target_of(self, e):
        e = _strip(e)
        t = type(e)
        pa = self.pa
        if t is A.Id:
            sym = e.sym
            if sym is not None and sym.kind == "func":
                return pa.funcs.get(sym)
            o = self.obj_of(e)
            if o is None:
                return None
            return o if sym.type.is_array else pa.pts(o)
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
        if t is A.Call or t is A.StmtExpr:
            return pa.values.get(id(e))    # what the callee returns (get_account(i)->balance)
        o, f = self._cell(e)
        if o is None:
            return None
        if e.ty is not None and e.ty.is_array:
            return o                  # an array-typed element or member decays into its object
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
        if t is A.Unary and e.op in ("sizeof", "_Alignof", "__alignof__", "alignof", "__alignof"):
            return
        if t in (A.Id, A.Member, A.Index) or (t is A.Unary and e.op == "*"):
            if e.ty is not None and (e.ty.is_array or e.ty.is_func):
                self.lvalue_subexprs(e)
                return                # array (or function) decay: no read
            self.access(e, "R")
            self.lvalue_subexprs(e)
            return
        if t is A.Call:
            self.calls.append(e)
            for a in e.args:
                self.expr(a)
            f = _strip(e.func)
            if not (type(f) is A.Id and f.sym is not None and f.sym.kind == "func"):
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
            if b.ty is not None and b.ty.is_array:
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


def _mk(node, like):
    node.ty = None
    return node


def assigned_and_escaping(node):
    """Symbols assigned (=, op=, ++, --) anywhere below node, and Symbols whose
    address is taken or that escape as a decayed array."""
    assigned, addr = set(), set()
    direct = set()
    arrays = []          # Ids of array variables: escape unless `direct` (one walk, not two)
    for n in A.walk(node):
        t = type(n)
        if t is A.Id:
            sym = n.sym
            if sym is not None and sym.kind == "var" and sym.type.is_array:
                arrays.append(n)
        elif t is A.Assign:
            r = _strip(n.lhs)
            if type(r) is A.Id:
                assigned.add(r.sym)
        elif t is A.PostOp or (t is A.Unary and n.op in ("++", "--")):
            r = _strip(n.expr)
            if type(r) is A.Id:
                assigned.add(r.sym)
        elif t is A.Unary and n.op == "&":
            r = _strip(n.expr)
            while type(r) in (A.Member, A.Index) and not (type(r) is A.Member and r.arrow):
                if type(r) is A.Index and not (_strip(r.base).ty is not None and _strip(r.base).ty.is_array):
                    break
                r = _strip(r.expr if type(r) is A.Member else r.base)
            if type(r) is A.Id:
                addr.add(r.sym)
                direct.add(id(r))
        elif t is A.Index or (t is A.Unary and n.op in ("sizeof", "_Alignof", "__alignof__")):
            b = _strip(n.base if t is A.Index else n.expr)
            while type(b) in (A.Member, A.Index) and not (type(b) is A.Member and b.arrow):
                if id(b) in direct:      # the rest of the chain is done (p[0][0]...: n^2 steps otherwise)
                    break
                direct.add(id(b))
                b = _strip(b.expr if type(b) is A.Member else b.base)
            if type(b) is A.Id:
                direct.add(id(b))
        elif t is A.Member and not n.arrow:
            b = _strip(n.expr)
            if type(b) is A.Id:
                direct.add(id(b))
    # a local array used as a value decays to a pointer to it: it escapes
    for n in arrays:
        if id(n) not in direct:
            addr.add(n.sym)
    assigned.discard(None)
    addr.discard(None)
    return assigned, addr


def declared_symbols(node, with_statics=False):
    """Symbols of the locals declared in node (and of its static and extern
    ones too with `with_statics`: neither has an address before its
    declaration)."""
    out = set()
    for n in A.walk(node):
        if type(n) is A.NameDecl and n.sym is not None and getattr(n.sym, "kind", None) == "var":
            sym = n.sym
            if sym.storage == "auto" or (with_statics and sym.func is not None):
                out.add(sym)
    return out


def function_params(fd):
    """Parameter Symbols of a function definition, in order."""
    from ..frontend.build import func_declarator
    f = func_declarator(fd.decl)
    out = []
    if f is None:
        return out
    if f.kr_names:
        from .alias import _kr_param
        return [_kr_param(fd, n) for n in f.kr_names]
    for p in f.params:
        if type(p) is not A.Param or p.decl is None:
            out.append(None)
            continue
        d = p.decl
        while d is not None and type(d) is not A.NameDecl:
            d = getattr(d, "inner", None)
        out.append(d.sym if d is not None else None)
    return out


def analyze_accesses(program, blocks, cg, pa, partial=False, provisional=None):
    """Read/write sets of every block of `blocks` (a BlockInfo) over the whole program; returns AccessInfo.

    With `partial`, a call to an external function defined in no unit given
    is left out (the link step sees its body) and its unit is added to
    `provisional`."""
    info = AccessInfo(pa)
    info.partial, info.provisional = partial, provisional if provisional is not None else set()
    defs = cg.defs

    # --- per-function summaries, keys in terms of unassigned parameters --------
    scans = {}
    for fsym, fd in defs.items():
        params = [p for p in function_params(fd) if p is not None]
        assigned, addr = assigned_and_escaping(fd.body)
        fixed = {p for p in params if p not in assigned and p not in addr}
        sc = _Scanner(pa, fsym, cg.units[fsym], fixed, addr, declared_symbols(fd.body))
        sc.partial, sc.provisional, sc.unknown_args = partial, info.provisional, info.unknown_args
        sc.stmt(fd.body)
        scans[fsym] = (sc, function_params(fd))
    # Callees first; a recursive cycle shares one summary whose keys are dropped
    # (its objects are not known at entry: the whole class gets locked).
    g = nx.DiGraph()
    g.add_nodes_from(defs)
    for fsym, (sc, _) in scans.items():
        for call in sc.calls:
            for callee in call_targets(pa, call):
                if callee in defs:
                    g.add_edge(fsym, callee)
    cond = nx.condensation(g)
    summary = {}
    for c in reversed(list(nx.topological_sort(cond))):
        members = sorted(cond.nodes[c]["members"], key=lambda s: s.serial)
        cyclic = len(members) > 1 or g.has_edge(members[0], members[0])
        shared, shared_unknown = [], []
        for fsym in members:
            sc, params = scans[fsym]
            accs = list(sc.out)
            unknown = []
            for call in sc.calls:
                accs += _call_effects(pa, call, summary, defs, sc, unknown, skip=set(members))
            if cyclic:
                shared += [_unkeyed(a) for a in accs]
                shared_unknown += unknown
            else:
                summary[fsym] = (accs, params, unknown)
        if cyclic:
            for fsym in members:
                summary[fsym] = (shared, scans[fsym][1], shared_unknown)
    info.summaries = summary

    # --- blocks --------------------------------------------------------------------
    for b in blocks.blocks:
        fd = defs.get(b.func) if b.func is not None else None
        if fd is None:
            continue
        inside = declared_symbols(b.node.body, with_statics=True)
        assigned, _ = assigned_and_escaping(b.node.body)
        _, addr_fn = assigned_and_escaping(fd.body)
        locals_ = declared_symbols(fd.body) | {p for p in function_params(fd) if p is not None}
        fixed = {s for s in locals_ if s not in assigned and s not in addr_fn and s not in inside}
        sc = _Scanner(pa, b.func, b.unit, fixed, addr_fn, inside)
        sc.partial, sc.provisional, sc.in_block = partial, info.provisional, True
        sc.stmt(b.node.body)
        accs = list(sc.out)
        unknown = []
        for call in sc.calls:
            accs += _call_effects(pa, call, summary, defs, sc, unknown, skip=())
        # a key is printed at the block's entry: every name in it must mean the same there
        for a in accs:
            if a.key is not None and not _printable_at(a.key, b.node):
                a.key = a.key_text = a.key_sig = None
        info.block_accesses[b.index] = accs
        info.block_unknown_calls[b.index] = unknown
    # --- calls with unknown effects touch everything that escapes -------------------
    if any(info.block_unknown_calls.values()):
        touched = {pa.find(a.obj) for accs in info.block_accesses.values() for a in accs}
        esc = _Escape(program, pa, defs, summary, info.unknown_args, touched)
        for index, unknown in info.block_unknown_calls.items():
            if unknown:
                accs = info.block_accesses[index]
                own = {(id(a.expr), a.mode) for a in accs}     # a callback may be the block's own code
                info.block_accesses[index] = accs + [a for a in esc.accesses(unknown)
                                                     if (id(a.expr), a.mode) not in own]
    return info


def _printable_at(key, atomic):
    for n in A.walk(key):
        if type(n) is A.Id and visible(atomic, n.name) is not n.sym:
            return False
    return True


def _unkeyed(a):
    return Access(a.mode, a.obj, a.field, None, a.expr, a.via, unit=a.unit)


def _call_effects(pa, call, summary, defs, scanner, unknown, skip):
    """Accesses a call makes, keys substituted with the call's arguments."""
    out = []
    targets = call_targets(pa, call)
    if id(call) in pa.unresolved:
        if scanner.partial:            # the functions stored in it may be in other units
            scanner.provisional.add(scanner.unit)
        else:
            # any function at all: it may touch what escapes (and the known targets' memory, below)
            _unknown_call(unknown, scanner, call, anywhere=True,
                          what="goes through a function pointer with no known target" if not targets else
                          "goes through a function pointer that may hold a function from outside the "
                          "program (a pointer a library function returned)")
    for t in targets:
        if t in skip:
            continue        # same recursive cycle: already in the shared summary
        if t in summary:
            accs, params, _unk = summary[t]
            unknown.extend(_unk)
            subst = {}
            for p, a in zip(params, call.args):
                if p is not None:
                    subst[p] = a
            for a in accs:
                key = _substitute(a.key, subst, scanner) if a.key is not None else None
                out.append(Access(a.mode, a.obj, a.field, key, a.expr, a.via or t, a.elementwise, a.unit))
            continue
        lib = library_name(t)
        if lib is None or t in defs:
            continue
        if lib in PURE:
            continue
        if unseen_body(t, getattr(scanner, "partial", False)):
            scanner.provisional.add(scanner.unit)
            continue
        positions = READS_ARGS.get(lib)
        writes = WRITES_AT.get(lib, ())
        if positions is None and lib not in WRITES_ARG0 and not writes:
            # a library function we know nothing of may keep and use any pointer it is given; a
            # function declared outside the system headers may be code of this program compiled apart
            _unknown_call(unknown, scanner, call, anywhere=not declared_in_system_header(t),
                          what="calls '%s', whose body is in no file of the program (it may touch any "
                          "memory)" % lib, keeps_args=lib not in _THREAD_STARTERS)
            continue
        mode = "R" if positions is not None else "W"
        for i, arg in enumerate(call.args):
            if i in writes:
                mode_i = "W"
            elif writes and positions is None:
                mode_i = "R"
            elif positions is not None and i not in positions:
                continue
            else:
                mode_i = "R" if lib in WRITES_ARG0 and i != 0 else mode
            if type(_strip(arg)) in (A.Const, A.Str, A.SizeofType):
                continue
            o = scanner._target(arg)
            if o is None:
                continue
            if any(m.kind in ("literal",) for m in pa.members_of(o)) and \
                    all(m.kind in ("literal", "anon") for m in pa.members_of(o)):
                continue
            out.append(Access(mode_i, o, (), None, arg, t, unit=scanner.unit))
    return out


# They hand their function and argument to the new thread (program code the
# analysis sees: alias.py binds them), and keep neither.
_THREAD_STARTERS = frozenset(("pthread_create", "thrd_create"))


def _unknown_call(unknown, scanner, call, what, anywhere, keeps_args=True):
    """Record an unknown call; what its arguments point to escapes (the callee
    may keep the pointers and use them in a later call)."""
    unknown.append(Unknown(what, call, scanner.unit, anywhere, None if scanner.in_block else scanner.func))
    if not keeps_args:
        return
    for arg in call.args:
        if type(_strip(arg)) in (A.Const, A.Str, A.SizeofType):
            continue
        o = scanner._target(arg)
        if o is not None:
            scanner.unknown_args.append(o)


def _junk_class(members):
    """A class that is no memory a block can write: of functions, constants,
    temporaries, string literals (a compound literal is memory), and the
    functions a pointer from a library may be (dlsym's)."""
    junk = [m.kind in ("anon", "func") or (m.kind == "literal" and m.site is None) for m in members]
    if all(junk):
        return True
    funcs = any(m.kind == "func" for m in members)
    return funcs and all(j or m.kind == "extern" for j, m in zip(junk, members))


class _Escape:
    """What a call with unknown effects may touch: every *escaped* object.

    An object escapes when its address is taken anywhere in the program (an
    array that decays to a pointer counts), when an argument of an unknown
    call points to it (the callee may keep the pointer), when it can be
    named from outside the program's files (external linkage: only for a
    callee that may be code of this program compiled apart, `anywhere`), or
    when a pointer in an escaped object may point to it: the alias classes
    reachable from those through the points-to cells.  The functions in
    escaped classes may be called back (qsort's comparator), and with
    `anywhere` so may every function with external linkage: what they touch
    is touched too.  So a block that makes such a call joins the conflict
    component of every block that touches any of it."""

    def __init__(self, program, pa, defs, summary, seeds, touched):
        self.program, self.pa, self.defs, self.summary = program, pa, defs, summary
        self.seeds = seeds            # objects the arguments of unknown calls point to
        self.touched = touched        # classes some block accesses (directly or in callees)
        self._memo = {}

    def _address_taken(self):
        out = []
        for unit in self.program.units:
            _, addr = assigned_and_escaping(unit.tu)
            for sym in addr:
                o = self.pa.var_object(sym)
                if o is not None:
                    out.append(o)
        return out

    def effects(self, anywhere):
        """(escaped classes, [Access] of the functions that may be called back)."""
        if anywhere in self._memo:
            return self._memo[anywhere]
        pa = self.pa
        if "addr" not in self._memo:
            self._memo["addr"] = self._address_taken()
        seeds = self._memo["addr"] + list(self.seeds)
        funcs = set()
        if anywhere:
            # (a library's own variable, declared in a system header, only if a block touches it)
            seeds += [o for sym, o in pa.vars.items() if sym.linkage == "external"
                      and (pa.find(o) in self.touched or not declared_in_system_header(sym))]
            funcs |= {f for f in self.defs if f.linkage == "external"}
        classes, work = set(), [pa.find(o) for o in seeds]
        while work:
            r = pa.find(work.pop())
            if r in classes:
                continue
            classes.add(r)
            work.extend(pa.cells.get(r, {}).values())
        for r in classes:
            funcs |= {m.sym for m in pa.members_of(r) if m.kind == "func" and m.sym in self.defs}
        callback = []
        for f in sorted(funcs, key=lambda f: f.serial):
            accs, _params, unk = self.summary.get(f, ((), (), ()))
            if not anywhere and any(u.anywhere for u in unk):
                return self._memo.setdefault(anywhere, self.effects(True))
            callback += [Access(a.mode, a.obj, a.field, None, a.expr, a.via or f, unit=a.unit) for a in accs]
        keep = sorted((r for r in classes if not _junk_class(pa.members_of(r))
                       or (r in self.touched and not all(m.kind == "func" for m in pa.members_of(r)))),
                      key=lambda r: r.id)
        self._memo[anywhere] = (keep, callback)
        return self._memo[anywhere]

    def accesses(self, unknown):
        """The accesses a block with these unknown calls gets: it may read and
        write each escaped class, as a whole (no key: no object known)."""
        anywhere = any(u.anywhere for u in unknown)
        classes, callback = self.effects(anywhere)
        out, seen = [], set()
        for u in unknown:
            if id(u.call) in seen:
                continue
            seen.add(id(u.call))
            for r in classes:
                for mode in ("R", "W"):
                    out.append(Access(mode, r, (), None, u.call, u.func, unit=u.unit))
        return out + callback


def _substitute(key, subst, scanner):
    """The key with callee parameters replaced by the call's arguments, if still entry-fixed."""
    def rec(e):
        t = type(e)
        if t is A.Id and e.sym in subst:
            p = A.Paren(subst[e.sym], start=e.start, end=e.end)
            p.ty = e.ty
            return p
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
        new.start, new.end, new.sym, new.ty = e.start, e.end, e.sym, e.ty
        return new
    k = rec(key)
    return k if scanner.key_ok(k) else None
