"""Name resolution: a pass before every analysis that makes each local
variable's name unique in its function where C's block scopes would make a
name mean two things.

The analyses key variables by (function, name).  That is wrong when a local
shadows a global (`{ long third = i; }` next to `atomic { third++; }` on the
global `third`), or when one function declares the same name in two scopes.
So every local declaration (parameters, block-scope variables, static
locals, local enumerators) whose name is declared more than once in the
function, or is also declared at file scope, gets a new name
`NAME@N`, and every identifier that C's scope rules bind to it is renamed the
same way.  Identifiers bound to file-scope declarations keep their name.
Printers spell a renamed identifier without its `@N` suffix (`spelling()`):
each use is printed where it was written, so C's scope rules bind it to the
same declaration as before.

Local enumeration constants are renamed by the same rule, so that the
alias analysis, which collects every Enumerator's name, never takes `BLUE`
for a variable of the same name.

    >>> spelling("third@2"), spelling("third")
    ('third', 'third')
"""

from ..frontend import ast as A
from ..frontend.build import declarator_name, func_declarator


def spelling(name):
    """How a (possibly renamed) identifier is written in C."""
    i = name.find("@")
    return name if i < 0 else name[:i]


def _storage(specs):
    return {k.text for k in specs.items if type(k) is A.Keyword and k.kind == "storage"}


def _enum_specs(node):
    """EnumSpecs with a body declared by a declaration's specifiers."""
    for n in A.walk(node):
        if type(n) is A.EnumSpec and n.has_body:
            yield n


def _name_decl(d):
    while d is not None:
        if type(d) is A.NameDecl:
            return d
        d = getattr(d, "inner", None)
    return None


def resolve_names(tu):
    """Rename shadowing and repeated locals in place; returns how many
    declarations were renamed."""
    file_names = set()
    for item in tu.items:
        t = type(item)
        if t is A.Decl:
            file_names.update(filter(None, (declarator_name(d.decl) for d in item.declarators)))
        elif t is A.FuncDef:
            file_names.add(declarator_name(item.decl))
        else:
            continue
        for es in _enum_specs(item.specs):
            file_names.update(e.name for e in es.enumerators)
    renamed = 0
    for item in tu.items:
        if type(item) is A.FuncDef and not item.kr_decls:
            renamed += _Function(item, file_names).run()
    return renamed


class _Function:
    def __init__(self, fd, file_names):
        self.fd = fd
        self.file_names = file_names
        self.counts = {}
        self.scopes = []
        self.serial = 0

    # pass 1: how often each name is declared in the function
    def _count(self, name):
        self.counts[name] = self.counts.get(name, 0) + 1

    def count_all(self):
        f = func_declarator(self.fd.decl)
        if f is not None:
            for p in f.params:
                nm = declarator_name(p.decl) if p.decl is not None else None
                if nm:
                    self._count(nm)
        for n in A.walk(self.fd.body):
            t = type(n)
            if t is A.Decl and "typedef" not in _storage(n.specs):
                for d in n.declarators:
                    nm = declarator_name(d.decl)
                    if nm:
                        self._count(nm)
            if t is A.EnumSpec and n.has_body:
                for e in n.enumerators:
                    self._count(e.name)

    def needs_new_name(self, name):
        return self.counts.get(name, 0) > 1 or name in self.file_names

    def bind(self, name):
        """Declare `name` in the innermost scope; returns the name to use."""
        new = name
        if self.needs_new_name(name):
            self.serial += 1
            new = "%s@%d" % (name, self.serial)
        self.scopes[-1][name] = new
        return new

    def lookup(self, name):
        for s in reversed(self.scopes):
            if name in s:
                return s[name]
        return name

    def run(self):
        self.count_all()
        if not any(self.needs_new_name(n) for n in self.counts):
            return 0
        self.scopes.append({})
        f = func_declarator(self.fd.decl)
        if f is not None:
            for p in f.params:
                nd = _name_decl(p.decl) if p.decl is not None else None
                if nd is not None:
                    nd.name = self.bind(nd.name)
        self.visit(self.fd.body)
        self.scopes.pop()
        return self.serial

    # pass 2: scoped walk
    def visit(self, n):
        if n is None:
            return
        t = type(n)
        if t is A.Compound:
            self.scopes.append({})
            for it in n.items:
                self.visit(it)
            self.scopes.pop()
            return
        if t is A.For:
            self.scopes.append({})
            for c in (n.init, n.cond, n.next, n.body):
                self.visit(c)
            self.scopes.pop()
            return
        if t is A.Decl:
            self.declaration(n)
            return
        if t is A.Id:
            n.name = self.lookup(n.name)
            return
        if t is A.NestedFunc:
            return                    # its own function: not renamed
        for c in A.iter_children(n):
            self.visit(c)

    def declaration(self, n):
        typedef = "typedef" in _storage(n.specs)
        # expressions in the specifiers (typeof, array sizes, enumerator values) come first
        for es in _enum_specs(n.specs):
            for e in es.enumerators:
                if e.value is not None:
                    self.visit(e.value)
                e.name = self.bind(e.name)
        for c in A.iter_children(n.specs):
            if type(c) is not A.EnumSpec:
                self.visit(c)
        for d in n.declarators:
            nd = _name_decl(d.decl)
            # array sizes and parameter lists of the declarator
            self.visit_declarator(d.decl)
            if nd is not None and not typedef:
                nd.name = self.bind(nd.name)
            if type(d) is A.InitDeclarator and d.init is not None:
                self.visit(d.init)

    def visit_declarator(self, d):
        while d is not None:
            t = type(d)
            if t is A.ArrayDecl:
                self.visit(d.size)
            if t is A.FuncDeclr:
                return                # a prototype's parameter names are its own
            d = getattr(d, "inner", None)


