"""AST of Atomic C: one node class per construct, every node with a span.

The classes are generated from the short spec below (pycparser's approach):
`Name: field, field*, @attr` — `field` holds a node or None, `field*` a list of
nodes, `@attr` a plain value (a string, a bool, a list of strings).  Every node
also has `start` and `end`: offsets into the preprocessed text it was parsed
from (see `source.SourceMap` for the mapping back to the user's file, line and
column).

GNU `__attribute__((...))` and `asm(...)` payloads are kept as opaque text, as
are keyword spellings (`__const` stays `__const`), so the printer can reproduce
the input and later passes can still look at what was written.

    >>> n = Id("x", start=0, end=1)
    >>> n.name, n.start, n.end
    ('x', 0, 1)
"""

SPEC = """
TranslationUnit: items*
FuncDef: specs, decl, kr_decls*, body, @suffix
Decl: specs, declarators*
InitDeclarator: decl, init, @suffix, @pre_attrs
EmptyDecl:
StaticAssert: cond, msg
AsmDecl: @text
Pragma: @text

DeclSpecs: items*
Keyword: @text, @kind
Attribute: @text
TypedefName: @name
StructSpec: @kind, @attrs, @name, members*, @has_body, @trailing
FieldDecl: specs, declarators*
FieldDeclarator: decl, width, @attrs, @pre_attrs
EnumSpec: @attrs, @name, enumerators*, @has_body, @trailing_comma, @trailing
Enumerator: @name, @attrs, value
TypeofSpec: @kw, arg
AtomicTypeSpec: type
AlignasSpec: @kw, arg

NameDecl: @name
PtrDecl: @levels, inner
ParenDecl: inner
ArrayDecl: inner, @quals, @static, size, @star
FuncDeclr: inner, params*, @variadic, @kr_names
Param: specs, decl, @attrs
TypeName: specs, decl

InitList: items*, @trailing_comma
InitItem: designators*, init, @style
FieldDesignator: @name
IndexDesignator: lo, hi

Compound: items*
ExprStmt: expr
If: cond, then, els
Switch: cond, body
While: cond, body
DoWhile: body, cond
For: init, cond, next, body
Goto: @label
GotoComputed: expr
Continue:
Break:
Return: expr
Label: @name, @attrs, stmt
Case: lo, hi, stmt
Default: stmt
Atomic: body
Retry:
AsmStmt: @text
AttrStmt: @text
LabelDecl: @names
NestedFunc: func

Id: @name
Const: @text
Str: @parts
Paren: expr
StmtExpr: body
Comma: exprs*
Assign: @op, lhs, rhs
Cond: cond, then, els
Binary: @op, left, right
Cast: type, expr
Unary: @op, expr
SizeofType: @op, type
PostOp: @op, expr
Index: base, index
Call: func, args*
Member: expr, @arrow, @name
CompoundLit: type, init
Generic: ctl, assocs*
GenericAssoc: type, expr
VaArg: expr, type
Offsetof: type, @path, indexes*
TypesCompat: t1, t2
LabelAddr: @name
"""


from operator import attrgetter


class Node:
    """Base of all AST nodes: `fields` name the children, `attrs` plain values.

    `sym` and `ty` are filled in by the semantic layer (semantics/bind.py):
    `sym` is the declaration object a name denotes (an Id's or NameDecl's
    Symbol, a Member's or designator's Field, a StructSpec's Tag), `ty` the
    type of an expression."""
    __slots__ = ("start", "end", "sym", "ty")
    fields = ()
    rfields = ()        # fields in reverse order (walk)
    list_fields = ()
    attr_names = ()

    def children(self):
        """(name, node) pairs of the direct children, in source order."""
        out = []
        for f in self.fields:
            v = getattr(self, f)
            if v is None:
                continue
            if isinstance(v, list):
                for i, c in enumerate(v):
                    if c is not None:
                        out.append(("%s[%d]" % (f, i), c))
            else:
                out.append((f, v))
        return out

    def __reduce__(self):
        # Compact and fast pickling (the cache of parsed units, units.py): the
        # constructor's arguments, not a dict of slots per node.
        args = self._args(self)
        if self.sym is None and self.ty is None:
            return (type(self), args)
        return (type(self), args, (self.sym, self.ty))

    def __setstate__(self, state):
        self.sym, self.ty = state

    def __repr__(self):
        parts = ["%s=%r" % (a, getattr(self, a)) for a in self.attr_names]
        return "%s(%s)@%d" % (type(self).__name__, ", ".join(parts), self.start)


def _make(name, spec):
    fields, lists, attrs, order = [], [], [], []
    for item in filter(None, (s.strip() for s in spec.split(","))):
        if item.startswith("@"):
            attrs.append(item[1:])
        elif item.endswith("*"):
            fields.append(item[:-1])
            lists.append(item[:-1])
        else:
            fields.append(item)
        order.append(item.strip("@*"))
    args = ", ".join(order + ["start=0", "end=0"])
    body = "".join("    self.%s = %s\n" % (a, a) for a in order + ["start", "end"])
    body += "    self.sym = self.ty = None\n"
    ns = {}
    exec("def __init__(self, %s):\n%s" % (args, body or "    pass\n"), ns)
    every = order + ["start", "end"]
    return type(name, (Node,), {
        "__slots__": tuple(order), "fields": tuple(fields), "rfields": tuple(reversed(fields)),
        "_args": attrgetter(*every),
        "list_fields": tuple(lists), "attr_names": tuple(attrs),
        "__init__": ns["__init__"]})


NODE_CLASSES = {}
for _line in SPEC.strip().splitlines():
    if not _line.strip():
        continue
    _name, _, _spec = _line.partition(":")
    NODE_CLASSES[_name.strip()] = _make(_name.strip(), _spec)
globals().update(NODE_CLASSES)

STATEMENTS = tuple(NODE_CLASSES[n] for n in (
    "Compound ExprStmt If Switch While DoWhile For Goto GotoComputed Continue "
    "Break Return Label Case Default Atomic Retry AsmStmt AttrStmt").split())


class NodeVisitor:
    """Dispatches `visit(node)` to `visit_<ClassName>`, else `generic_visit`.

        >>> class Names(NodeVisitor):
        ...     def __init__(self): self.seen = []
        ...     def visit_Id(self, n): self.seen.append(n.name)
    """

    def visit(self, node):
        return getattr(self, "visit_" + type(node).__name__, self.generic_visit)(node)

    def generic_visit(self, node):
        for f in node.fields:
            v = getattr(node, f)
            if v is None:
                continue
            if type(v) is list:
                for c in v:
                    if c is not None:
                        self.visit(c)
            else:
                self.visit(v)


def iter_children(node, skip=()):
    """The direct child nodes of `node` in field order (fields in `skip` left out).

        >>> [type(c).__name__ for c in iter_children(Binary("+", Id("a"), Id("b")))]
        ['Id', 'Id']
    """
    for f in node.fields:
        if f in skip:
            continue
        v = getattr(node, f)
        if v is None:
            continue
        if type(v) is list:
            for c in v:
                if c is not None:
                    yield c
        else:
            yield v


def walk(node):
    """Every node below `node` (included), parents before children."""
    # the analyses walk every unit several times: children are pushed in
    # reverse field order straight onto the stack (no per-node list or iterator)
    stack = [node]
    pop, push = stack.pop, stack.append
    while stack:
        n = pop()
        yield n
        for f in n.rfields:
            v = getattr(n, f)
            if v is None:
                continue
            if type(v) is list:
                for c in reversed(v):
                    if c is not None:
                        push(c)
            else:
                push(v)


def dump(node, spans=True, indent=0, source_map=None):
    """The AST as indented text (for `--dump-ast` and the round-trip test)."""
    out = []

    def rec(n, depth, label):
        pad = "  " * depth
        attrs = " ".join("%s=%r" % (a, getattr(n, a)) for a in n.attr_names
                         if getattr(n, a) not in (None, False, [], ""))
        where = ""
        if spans:
            if source_map is not None:
                f, l, c = source_map.location(n.start)[:3]
                where = " <%s:%d:%d>" % (f, l, c)
            else:
                where = " <%d-%d>" % (n.start, n.end)
        out.append("%s%s%s%s%s" % (pad, label + ": " if label else "",
                                   type(n).__name__, (" " + attrs) if attrs else "", where))
        for f in n.fields:
            v = getattr(n, f)
            if v is None:
                continue
            if type(v) is list:
                for c in v:
                    if c is not None:
                        rec(c, depth + 1, f)
            else:
                rec(v, depth + 1, f)

    rec(node, indent, "")
    return "\n".join(out) + "\n"
