"""Just enough types for lowering: is an lvalue a plain integer scalar?

`atomic-op` may turn `x += e` into `__atomic_fetch_add`, which is right only
for integers (on a pointer it would add bytes, on a double it does not
compile).  This looks up the declared type of a global, of an element of a
global array, or of a struct field (every field of that name in the unit),
following typedefs, and answers yes only when every declaration found is an
integer (or enum) type.

    >>> from atomicc.frontend.parser import parse_text
    >>> tu, _ = parse_text("typedef unsigned long u64; u64 n; double d; struct s { int c; } *p;")
    >>> t = TypeInfo(tu)
    >>> [t.is_integer_lvalue(parse_text("void f(void){ n; d; p->c; }")[0].items[0].body.items[i].expr) for i in range(3)]
    [True, False, True]
"""

from ..frontend import ast as A
from ..frontend.build import declarator_name
from .alias import innermost_derivation

# at most 8 bytes: one lock-free __atomic instruction (not __int128: that is a libatomic call)
_INT_WORDS = {"char", "short", "int", "long", "signed", "unsigned", "__signed", "__signed__"}
_NOT_INT = {"float", "double", "_Complex", "__complex__", "_Float16", "_Float32", "_Float64", "_Float128",
            "_Float32x", "_Float64x", "__float128", "__float80", "__ibm128", "void", "_Bool", "bool",
            "_Decimal32", "_Decimal64", "_Decimal128", "__bf16"}


class TypeInfo:
    def __init__(self, tu):
        self.typedefs = {}       # name -> (specs, declarator)
        self.globals = {}        # name -> (specs, declarator)
        self.fields = {}         # name -> [(specs, declarator)]
        self.bitfields = set()   # names of fields declared with a width (in any struct)
        for n in A.walk(tu):
            t = type(n)
            if t is A.Decl:
                typedef = any(type(k) is A.Keyword and k.text == "typedef" for k in n.specs.items)
                for d in n.declarators:
                    nm = declarator_name(d.decl)
                    if nm is None:
                        continue
                    (self.typedefs if typedef else self.globals)[nm] = (n.specs, d.decl)
            elif t is A.FieldDecl:
                for d in n.declarators:
                    if d.decl is not None:
                        nm = declarator_name(d.decl)
                        # a bit-field has no address: no __atomic builtin can update it
                        entry = (n.specs, d.decl) if d.width is None else (None, None)
                        if d.width is not None:
                            self.bitfields.add(nm)
                        self.fields.setdefault(nm, []).append(entry)

    def is_integer_type(self, specs, decl, strip_array=False, depth=0):
        if specs is None:
            return False
        deriv = innermost_derivation(decl) if decl is not None else None
        if strip_array:
            if type(deriv) is not A.ArrayDecl:
                return False
            # int a[N]: the element is integer if nothing else wraps the name
            inner = decl
            while type(inner) is not A.ArrayDecl:
                inner = inner.inner
            if type(inner.inner) is not A.NameDecl:
                return False
        elif deriv is not None:
            return False
        if depth > 20:
            return False
        words = []
        for it in specs.items:
            t = type(it)
            if t is A.Keyword and it.kind == "type":
                words.append(it.text)
            elif t is A.EnumSpec:
                return True
            elif t is A.TypedefName:
                td = self.typedefs.get(it.name)
                if td is None:
                    return False
                return self.is_integer_type(td[0], td[1], False, depth + 1)
            elif t is A.AtomicTypeSpec:
                return self.is_integer_type(it.type.specs, it.type.decl, False, depth + 1)
            elif t in (A.StructSpec, A.TypeofSpec):
                return False
        if not words or any(w in _NOT_INT for w in words):
            return False
        return all(w in _INT_WORDS for w in words)

    def is_bitfield(self, e):
        """Is lvalue e a member that some struct declares as a bit-field?"""
        while type(e) is A.Paren:
            e = e.expr
        return type(e) is A.Member and e.name in self.bitfields

    def is_integer_lvalue(self, e):
        while type(e) is A.Paren:
            e = e.expr
        t = type(e)
        if t is A.Id:
            g = self.globals.get(e.name)
            return g is not None and self.is_integer_type(*g)
        if t is A.Member:
            decls = self.fields.get(e.name)
            return bool(decls) and all(self.is_integer_type(s, d) for s, d in decls)
        if t is A.Index:
            b = e.base
            while type(b) is A.Paren:
                b = b.expr
            if type(b) is A.Id and b.name in self.globals:
                return self.is_integer_type(*self.globals[b.name], strip_array=True)
            if type(b) is A.Member:
                decls = self.fields.get(b.name)
                return bool(decls) and all(self.is_integer_type(s, d, strip_array=True) for s, d in decls)
        return False
