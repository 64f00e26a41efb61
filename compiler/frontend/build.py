"""AST builder: one method per grammar rule alias of grammar/c_atomic.lark.

Each method receives the rule's children (tokens `Tok`, nodes, or Python
lists built by the `list_*` rules) and returns an AST node with its span taken
from the first and last token.  Declarations register their names with the
parser's typedef scopes as soon as they reduce.

Binary expressions arrive flat (`a + b * c` as [a, +, b, *, c]); `binary_done`
builds the tree by precedence climbing.
"""

from . import ast as A
from .lexer import Tok


def _start(x):
    while type(x) is list:
        x = x[0]
    return x.start


def _end(x):
    while type(x) is list:
        x = x[-1]
    return x.end


_PREC = {"*": 10, "/": 10, "%": 10, "+": 9, "-": 9, "<<": 8, ">>": 8,
         "<": 7, ">": 7, "<=": 7, ">=": 7, "==": 6, "!=": 6, "&": 5, "^": 4,
         "|": 3, "&&": 2, "||": 1}


class _BinList(list):
    """A flat operand/operator list awaiting precedence resolution."""
    __slots__ = ()


def declarator_name(d):
    """The identifier a declarator declares, or None for an abstract one.

        >>> declarator_name(A.PtrDecl([[]], A.NameDecl("p")))
        'p'
    """
    while d is not None:
        t = type(d)
        if t is A.NameDecl:
            return d.name
        d = d.inner
    return None


def func_declarator(d):
    """The innermost FuncDeclr directly applied to the name (a function's parameters)."""
    found = None
    while d is not None and type(d) is not A.NameDecl:
        if type(d) is A.FuncDeclr and type(_strip_parens(d.inner)) is A.NameDecl:
            found = d
        d = d.inner
    return found


def _strip_parens(d):
    while type(d) is A.ParenDecl:
        d = d.inner
    return d


class Builder:
    def __init__(self, parser):
        self.p = parser

    # -- lists --------------------------------------------------------------
    def list_first(self, a):
        return [a[0]]

    def list_append(self, a):
        lst = a[0]
        lst.append(a[1])
        return lst

    def list_append_sep(self, a):
        lst = a[0]
        lst.append(a[2])
        return lst

    def list_append_attr(self, a):
        lst, attrs, item = a[0], a[2], a[3]
        item.pre_attrs = [t.value for t in attrs]
        lst.append(item)
        return lst

    def list_empty(self, a):
        return []

    def suffix_first(self, a):
        return [a[0]]

    # -- translation unit ---------------------------------------------------
    def start(self, a):
        return a[0]

    def translation_unit(self, a):
        items = a[0]
        return A.TranslationUnit(items, start=_start(items[0]), end=_end(items[-1]))

    def translation_unit_empty(self, a):
        return A.TranslationUnit([], start=0, end=0)

    def empty_decl(self, a):
        return A.EmptyDecl(start=a[0].start, end=a[0].end)

    def toplevel_asm(self, a):
        return A.AsmDecl(a[0].value, start=a[0].start, end=a[1].end)

    def pragma(self, a):
        return A.Pragma(a[0].value, start=a[0].start, end=a[0].end)

    # -- functions ----------------------------------------------------------
    def func_header(self, a):
        specs, decl = a
        name = declarator_name(decl)
        if name is not None:
            self.p.declare(name, False, outer=True)
        fd = func_declarator(decl)
        if fd is not None:
            for prm in fd.params:
                pname = declarator_name(prm.decl)
                if pname is not None:
                    self.p.declare(pname, False)
            for pname in fd.kr_names or ():
                self.p.declare(pname, False)
        return (specs, decl)

    def func_header_implicit(self, a):
        """K&R style `main() { ... }`: the return type is an implicit int."""
        decl = a[0]
        specs = A.DeclSpecs([], start=decl.start, end=decl.start)
        return self.func_header([specs, decl])

    def func_header_implicit_specs(self, a):
        items, decl = a
        specs = A.DeclSpecs(items, start=_start(items[0]), end=_end(items[-1]))
        return self.func_header([specs, decl])

    def function_def(self, a):
        (specs, decl), body = a
        return A.FuncDef(specs, decl, [], body, [], start=specs.start, end=body.end)

    def function_def_kr(self, a):
        (specs, decl), kr, body = a
        return A.FuncDef(specs, decl, kr, body, [], start=specs.start, end=body.end)

    def nested_function(self, a):
        f = self.function_def(a)
        return A.NestedFunc(f, start=f.start, end=f.end)

    # -- declarations -------------------------------------------------------
    def declaration(self, a):
        d = a[0]
        d.end = a[1].end
        return d

    def decl_body(self, a):
        specs = a[0]
        decls = a[1] if len(a) > 1 else []
        is_typedef = False
        for it in specs.items:
            if type(it) is A.Keyword and it.kind == "storage" and it.text == "typedef":
                is_typedef = True
                break
        declare = self.p.declare
        for d in decls:
            name = declarator_name(d.decl)
            if name is not None:
                declare(name, is_typedef)
        return A.Decl(specs, decls, start=specs.start, end=_end(decls) if decls else specs.end)

    def init_declarator(self, a):
        d = a[0]
        return A.InitDeclarator(d, None, [], [], start=d.start, end=d.end)

    def init_declarator_init(self, a):
        d, init = a[0], a[2]
        return A.InitDeclarator(d, init, [], [], start=d.start, end=init.end)

    def init_declarator_suffix(self, a):
        d, suf = a
        return A.InitDeclarator(d, None, [t.value for t in suf], [], start=d.start, end=suf[-1].end)

    def init_declarator_suffix_init(self, a):
        d, suf, init = a[0], a[1], a[3]
        return A.InitDeclarator(d, init, [t.value for t in suf], [], start=d.start, end=init.end)

    def static_assert(self, a):
        return A.StaticAssert(a[2], a[4], start=a[0].start, end=a[-1].end)

    def static_assert_nomsg(self, a):
        return A.StaticAssert(a[2], None, start=a[0].start, end=a[-1].end)

    # -- specifiers ---------------------------------------------------------
    def decl_specs(self, a):
        items = a[0]
        return A.DeclSpecs(items, start=_start(items[0]), end=_end(items[-1]))

    def _kw(self, a, kind):
        t = a[0]
        return A.Keyword(t.value, kind, start=t.start, end=t.end)

    def storage_class(self, a):
        return self._kw(a, "storage")

    def type_qualifier(self, a):
        return self._kw(a, "qual")

    def function_spec(self, a):
        return self._kw(a, "func")

    def builtin_type_spec(self, a):
        return self._kw(a, "type")

    def kw_spec(self, a):
        return self._kw(a, "ext")

    def auto_type(self, a):
        return self._kw(a, "type")

    def attr_spec(self, a):
        t = a[0]
        return A.Attribute(t.value, start=t.start, end=t.end)

    def typedef_name(self, a):
        t = a[0]
        return A.TypedefName(t.value, start=t.start, end=t.end)

    def alignas_type(self, a):
        return A.AlignasSpec(a[0].value, a[2], start=a[0].start, end=a[3].end)

    alignas_expr = alignas_type

    def atomic_type_spec(self, a):
        return A.AtomicTypeSpec(a[2], start=a[0].start, end=a[3].end)

    def typeof_expr(self, a):
        return A.TypeofSpec(a[0].value, a[2], start=a[0].start, end=a[3].end)

    typeof_type = typeof_expr

    def struct_or_union(self, a):
        return a[0]

    def struct_def(self, a):
        kw, attrs, body = a[0], a[1], a[3]
        return A.StructSpec(kw.value, [t.value for t in attrs], None, body, True, [],
                            start=kw.start, end=a[4].end)

    def struct_def_named(self, a):
        kw, attrs, name, body = a[0], a[1], a[2], a[4]
        return A.StructSpec(kw.value, [t.value for t in attrs], name.value, body, True, [],
                            start=kw.start, end=a[5].end)

    def struct_ref(self, a):
        kw, attrs, name = a
        return A.StructSpec(kw.value, [t.value for t in attrs], name.value, [], False, [],
                            start=kw.start, end=name.end)

    def struct_trailing_attr(self, a):
        s, attr = a
        s.trailing.append(attr.value)
        s.end = attr.end
        return s

    def field_decl(self, a):
        specs, decls = a[0], a[1]
        return A.FieldDecl(specs, decls, start=specs.start, end=a[2].end)

    def field_decl_anon(self, a):
        return A.FieldDecl(a[0], [], start=a[0].start, end=a[1].end)

    def field_declarator(self, a):
        d = a[0]
        return A.FieldDeclarator(d, None, [], [], start=d.start, end=d.end)

    def field_declarator_attrs(self, a):
        d, attrs = a
        return A.FieldDeclarator(d, None, [t.value for t in attrs], [], start=d.start, end=attrs[-1].end)

    def bitfield(self, a):
        d, w = a[0], a[2]
        return A.FieldDeclarator(d, w, [], [], start=d.start, end=w.end)

    def bitfield_attrs(self, a):
        d, w, attrs = a[0], a[2], a[3]
        return A.FieldDeclarator(d, w, [t.value for t in attrs], [], start=d.start, end=attrs[-1].end)

    def bitfield_anon(self, a):
        return A.FieldDeclarator(None, a[1], [], [], start=a[0].start, end=a[1].end)

    def bitfield_anon_attrs(self, a):
        return A.FieldDeclarator(None, a[1], [t.value for t in a[2]], [], start=a[0].start, end=a[2][-1].end)

    def _enum(self, kw, attrs, name, body, comma, end):
        return A.EnumSpec([t.value for t in attrs], name, body, body is not None, comma, [],
                          start=kw.start, end=end.end)

    def enum_def(self, a):
        return self._enum(a[0], a[1], None, a[3], False, a[4])

    def enum_def_comma(self, a):
        return self._enum(a[0], a[1], None, a[3], True, a[5])

    def enum_def_named(self, a):
        return self._enum(a[0], a[1], a[2].value, a[4], False, a[5])

    def enum_def_named_comma(self, a):
        return self._enum(a[0], a[1], a[2].value, a[4], True, a[6])

    def enum_ref(self, a):
        e = self._enum(a[0], a[1], a[2].value, None, False, a[2])
        e.enumerators = []
        return e

    def _enumerator(self, name, attrs, value, end):
        self.p.declare(name.value, False)
        return A.Enumerator(name.value, [t.value for t in attrs], value, start=name.start, end=end)

    def enumerator(self, a):
        return self._enumerator(a[0], [], None, a[0].end)

    def enumerator_attrs(self, a):
        return self._enumerator(a[0], a[1], None, a[1][-1].end)

    def enumerator_value(self, a):
        return self._enumerator(a[0], [], a[2], a[2].end)

    def enumerator_attrs_value(self, a):
        return self._enumerator(a[0], a[1], a[3], a[3].end)

    # -- declarators --------------------------------------------------------
    def declarator(self, a):
        return a[0]

    def pointer_declarator(self, a):
        levels, start, inner = a[0][0], a[0][1], a[1]
        return A.PtrDecl(levels, inner, start=start, end=inner.end)

    # pointer -> (levels, start, end); levels = [[quals...], ...] outermost first
    def pointer_first(self, a):
        return ([[]], a[0].start, a[0].end)

    def pointer_first_quals(self, a):
        return ([[_qual_text(q) for q in a[1]]], a[0].start, _end(a[1]))

    def pointer_more(self, a):
        levels, s, _ = a[0]
        levels.append([])
        return (levels, s, a[1].end)

    def pointer_more_quals(self, a):
        levels, s, _ = a[0]
        levels.append([_qual_text(q) for q in a[2]])
        return (levels, s, _end(a[2]))

    def name_declarator(self, a):
        t = a[0]
        return A.NameDecl(t.value, start=t.start, end=t.end)

    def paren_declarator(self, a):
        return A.ParenDecl(a[1], start=a[0].start, end=a[2].end)

    def array_declarator(self, a):
        inner, (quals, static, size, star) = a[0], a[2]
        return A.ArrayDecl(inner, quals, static, size, star, start=inner.start, end=a[3].end)

    def func_declarator(self, a):
        inner, (params, variadic) = a[0], a[2]
        return A.FuncDeclr(inner, params, variadic, None, start=inner.start, end=a[3].end)

    def func_declarator_empty(self, a):
        inner = a[0]
        return A.FuncDeclr(inner, [], False, None, start=inner.start, end=a[2].end)

    def func_declarator_kr(self, a):
        inner = a[0]
        return A.FuncDeclr(inner, [], False, [t.value for t in a[2]], start=inner.start, end=a[3].end)

    # array_size -> (quals, static, size, star); static: "" | "before" | "after"
    def array_size_empty(self, a):
        return ([], "", None, False)

    def array_size_expr(self, a):
        return ([], "", a[0], False)

    def array_size_star(self, a):
        return ([], "", None, True)

    def array_size_quals(self, a):
        return ([_qual_text(q) for q in a[0]], "", None, False)

    def array_size_quals_expr(self, a):
        return ([_qual_text(q) for q in a[0]], "", a[1], False)

    def array_size_quals_star(self, a):
        return ([_qual_text(q) for q in a[0]], "", None, True)

    def array_size_static(self, a):
        return ([], "before", a[1], False)

    def array_size_static_quals(self, a):
        return ([_qual_text(q) for q in a[1]], "before", a[2], False)

    def array_size_quals_static(self, a):
        return ([_qual_text(q) for q in a[0]], "after", a[2], False)

    def param_type_list(self, a):
        return (a[0], False)

    def param_list_variadic(self, a):
        return (a[0], True)

    def param_named(self, a):
        s, d = a
        return A.Param(s, d, [], start=s.start, end=d.end)

    def param_named_attrs(self, a):
        s, d, attrs = a
        return A.Param(s, d, [t.value for t in attrs], start=s.start, end=attrs[-1].end)

    param_abstract = param_named

    def param_type_only(self, a):
        s = a[0]
        return A.Param(s, None, [], start=s.start, end=s.end)

    def type_name(self, a):
        s = a[0]
        return A.TypeName(s, None, start=s.start, end=s.end)

    def type_name_abstract(self, a):
        s, d = a
        return A.TypeName(s, d, start=s.start, end=d.end)

    def abstract_pointer(self, a):
        levels, s, e = a[0]
        return A.PtrDecl(levels, None, start=s, end=e)

    def abstract_direct(self, a):
        return a[0]

    def abstract_pointer_direct(self, a):
        levels, s, _ = a[0]
        return A.PtrDecl(levels, a[1], start=s, end=a[1].end)

    def abs_paren(self, a):
        return A.ParenDecl(a[1], start=a[0].start, end=a[2].end)

    def abs_array(self, a):
        quals, static, size, star = a[1]
        return A.ArrayDecl(None, quals, static, size, star, start=a[0].start, end=a[2].end)

    def abs_array_more(self, a):
        quals, static, size, star = a[2]
        return A.ArrayDecl(a[0], quals, static, size, star, start=a[0].start, end=a[3].end)

    def abs_func(self, a):
        params, variadic = a[1]
        return A.FuncDeclr(None, params, variadic, None, start=a[0].start, end=a[2].end)

    def abs_func_empty(self, a):
        return A.FuncDeclr(None, [], False, None, start=a[0].start, end=a[1].end)

    def abs_func_more(self, a):
        params, variadic = a[2]
        return A.FuncDeclr(a[0], params, variadic, None, start=a[0].start, end=a[3].end)

    def abs_func_more_empty(self, a):
        return A.FuncDeclr(a[0], [], False, None, start=a[0].start, end=a[2].end)

    # -- initializers -------------------------------------------------------
    def init_expr(self, a):
        return a[0]

    def init_list_empty(self, a):
        return A.InitList([], False, start=a[0].start, end=a[1].end)

    def init_list(self, a):
        return A.InitList(a[1], False, start=a[0].start, end=a[2].end)

    def init_list_comma(self, a):
        return A.InitList(a[1], True, start=a[0].start, end=a[3].end)

    def init_item_plain(self, a):
        i = a[0]
        return A.InitItem([], i, "", start=i.start, end=i.end)

    def init_item_designated(self, a):
        ds, i = a[0], a[2]
        return A.InitItem(ds, i, "=", start=ds[0].start, end=i.end)

    def init_item_gnu_field(self, a):
        name, i = a[0], a[2]
        d = A.FieldDesignator(name.value, start=name.start, end=name.end)
        return A.InitItem([d], i, ":", start=name.start, end=i.end)

    def init_item_gnu_array(self, a):
        d, i = a
        return A.InitItem([d], i, "", start=d.start, end=i.end)

    def field_designator(self, a):
        return A.FieldDesignator(a[1].value, start=a[0].start, end=a[1].end)

    def index_designator(self, a):
        return A.IndexDesignator(a[1], None, start=a[0].start, end=a[2].end)

    def range_designator(self, a):
        return A.IndexDesignator(a[1], a[3], start=a[0].start, end=a[4].end)

    # -- statements ---------------------------------------------------------
    def atomic_stmt(self, a):
        return A.Atomic(a[1], start=a[0].start, end=a[1].end)

    def retry_stmt(self, a):
        return A.Retry(start=a[0].start, end=a[1].end)

    def asm_stmt(self, a):
        return A.AsmStmt(a[0].value, start=a[0].start, end=a[1].end)

    def attr_stmt(self, a):
        return A.AttrStmt(a[0].value, start=a[0].start, end=a[1].end)

    def compound_empty(self, a):
        return A.Compound([], start=a[0].start, end=a[1].end)

    def compound(self, a):
        return A.Compound(a[1], start=a[0].start, end=a[2].end)

    def label_decl(self, a):
        return A.LabelDecl([t.value for t in a[1]], start=a[0].start, end=a[2].end)

    def expr_stmt_empty(self, a):
        return A.ExprStmt(None, start=a[0].start, end=a[0].end)

    def expr_stmt(self, a):
        e = a[0]
        return A.ExprStmt(e, start=e.start, end=a[1].end)

    def label_empty(self, a):
        """A label with no statement after it (before `}` or a declaration, C23)."""
        return A.Label(a[0].value, [], None, start=a[0].start, end=a[1].end)

    def label_stmt(self, a):
        s = a[2]
        return A.Label(a[0].value, [], s, start=a[0].start, end=s.end)

    def label_stmt_attrs(self, a):
        s = a[3]
        return A.Label(a[0].value, [t.value for t in a[2]], s, start=a[0].start, end=s.end)

    def case_stmt(self, a):
        s = a[3]
        return A.Case(a[1], None, s, start=a[0].start, end=s.end)

    def case_range_stmt(self, a):
        s = a[5]
        return A.Case(a[1], a[3], s, start=a[0].start, end=s.end)

    def default_stmt(self, a):
        s = a[2]
        return A.Default(s, start=a[0].start, end=s.end)

    def if_stmt(self, a):
        return A.If(a[2], a[4], None, start=a[0].start, end=a[4].end)

    def if_else_stmt(self, a):
        return A.If(a[2], a[4], a[6], start=a[0].start, end=a[6].end)

    def switch_stmt(self, a):
        return A.Switch(a[2], a[4], start=a[0].start, end=a[4].end)

    def while_stmt(self, a):
        return A.While(a[2], a[4], start=a[0].start, end=a[4].end)

    def do_stmt(self, a):
        return A.DoWhile(a[1], a[4], start=a[0].start, end=a[6].end)

    def for_stmt(self, a):
        return A.For(a[2], a[3], None, a[5], start=a[0].start, end=a[5].end)

    def for_stmt_next(self, a):
        return A.For(a[2], a[3], a[4], a[6], start=a[0].start, end=a[6].end)

    def for_init_empty(self, a):
        return None

    def for_init_expr(self, a):
        return a[0]

    def for_init_decl(self, a):
        return a[0]

    for_cond_empty = for_init_empty
    for_cond_expr = for_init_expr

    def goto_stmt(self, a):
        return A.Goto(a[1].value, start=a[0].start, end=a[2].end)

    def goto_computed_stmt(self, a):
        return A.GotoComputed(a[2], start=a[0].start, end=a[3].end)

    def continue_stmt(self, a):
        return A.Continue(start=a[0].start, end=a[1].end)

    def break_stmt(self, a):
        return A.Break(start=a[0].start, end=a[1].end)

    def return_stmt(self, a):
        return A.Return(None, start=a[0].start, end=a[1].end)

    def return_expr_stmt(self, a):
        return A.Return(a[1], start=a[0].start, end=a[2].end)

    # -- expressions --------------------------------------------------------
    def comma_expr(self, a):
        left, right = a[0], a[2]
        if type(left) is A.Comma:
            left.exprs.append(right)
            left.end = right.end
            return left
        return A.Comma([left, right], start=left.start, end=right.end)

    def assign(self, a):
        l, op, r = a
        return A.Assign(op.value, l, r, start=l.start, end=r.end)

    def assign_op(self, a):
        return a[0]

    binop = assign_op
    unary_op = assign_op

    def cond(self, a):
        c, t, e = self.binary_done([a[0]]), a[2], a[4]
        return A.Cond(c, t, e, start=c.start, end=e.end)

    def cond_gnu(self, a):
        c, e = self.binary_done([a[0]]), a[3]
        return A.Cond(c, None, e, start=c.start, end=e.end)

    def binary(self, a):
        left = a[0]
        if type(left) is _BinList:
            left.append(a[1])
            left.append(a[2])
            return left
        return _BinList(a)

    def binary_done(self, a):
        x = a[0]
        if type(x) is not _BinList:
            return x
        # shunting-yard over [e0, op1, e1, op2, e2, ...]; all operators left-associative
        operands = [x[0]]
        ops = []
        for i in range(1, len(x), 2):
            op = x[i].value
            p = _PREC[op]
            while ops and _PREC[ops[-1]] >= p:
                r = operands.pop()
                l = operands.pop()
                operands.append(A.Binary(ops.pop(), l, r, start=l.start, end=r.end))
            ops.append(op)
            operands.append(x[i + 1])
        while ops:
            r = operands.pop()
            l = operands.pop()
            operands.append(A.Binary(ops.pop(), l, r, start=l.start, end=r.end))
        return operands[0]

    def cast(self, a):
        return A.Cast(a[1], a[3], start=a[0].start, end=a[3].end)

    def pre_inc(self, a):
        return A.Unary(a[0].value, a[1], start=a[0].start, end=a[1].end)

    pre_dec = pre_inc
    sizeof_expr = pre_inc
    alignof_expr = pre_inc
    extension_expr = pre_inc

    def unary(self, a):
        return A.Unary(a[0].value, a[1], start=a[0].start, end=a[1].end)

    def sizeof_type(self, a):
        return A.SizeofType(a[0].value, a[2], start=a[0].start, end=a[3].end)

    alignof_type = sizeof_type

    def label_addr(self, a):
        return A.LabelAddr(a[1].value, start=a[0].start, end=a[1].end)

    def index(self, a):
        return A.Index(a[0], a[2], start=a[0].start, end=a[3].end)

    def call_empty(self, a):
        return A.Call(a[0], [], start=a[0].start, end=a[2].end)

    def call(self, a):
        return A.Call(a[0], a[2], start=a[0].start, end=a[3].end)

    def member(self, a):
        return A.Member(a[0], False, a[2].value, start=a[0].start, end=a[2].end)

    def arrow(self, a):
        return A.Member(a[0], True, a[2].value, start=a[0].start, end=a[2].end)

    def post_inc(self, a):
        return A.PostOp(a[1].value, a[0], start=a[0].start, end=a[1].end)

    post_dec = post_inc

    def compound_literal(self, a):
        init = A.InitList(a[4], len(a) == 7, start=a[3].start, end=a[-1].end)
        return A.CompoundLit(a[1], init, start=a[0].start, end=a[-1].end)

    def compound_literal_empty(self, a):
        init = A.InitList([], False, start=a[3].start, end=a[4].end)
        return A.CompoundLit(a[1], init, start=a[0].start, end=a[4].end)

    def ident(self, a):
        t = a[0]
        return A.Id(t.value, start=t.start, end=t.end)

    def constant(self, a):
        t = a[0]
        return A.Const(t.value, start=t.start, end=t.end)

    def string_lit_node(self, toks):
        return A.Str([t.value for t in toks], start=toks[0].start, end=toks[-1].end)

    def string_lit(self, a):
        return self.string_lit_node(a[0])

    def paren(self, a):
        return A.Paren(a[1], start=a[0].start, end=a[2].end)

    def stmt_expr(self, a):
        return A.StmtExpr(a[1], start=a[0].start, end=a[2].end)

    def generic(self, a):
        return A.Generic(a[2], a[4], start=a[0].start, end=a[5].end)

    def generic_type(self, a):
        return A.GenericAssoc(a[0], a[2], start=a[0].start, end=a[2].end)

    def generic_default(self, a):
        return A.GenericAssoc(None, a[2], start=a[0].start, end=a[2].end)

    def va_arg(self, a):
        return A.VaArg(a[2], a[4], start=a[0].start, end=a[5].end)

    def offsetof(self, a):
        path, idx = a[4]
        return A.Offsetof(a[2], path, idx, start=a[0].start, end=a[5].end)

    def types_compatible(self, a):
        return A.TypesCompat(a[2], a[4], start=a[0].start, end=a[5].end)

    # offsetof_member -> (path, index exprs): path items are ".name" or "[]"
    def offsetof_first(self, a):
        return ([a[0].value], [])

    def offsetof_field(self, a):
        path, idx = a[0]
        path.append("." + a[2].value)
        return (path, idx)

    def offsetof_index(self, a):
        path, idx = a[0]
        path.append("[]")
        idx.append(a[2])
        return (path, idx)


def _qual_text(q):
    return q.text if isinstance(q, A.Keyword) else q.value if isinstance(q, Tok) else q

