"""A program: the translation units given together, linked as the linker links them.

Each `Unit` is one source file after `$CC -E`: its AST, its source map and
its own flags.  Binding a unit (bind.py) resolves every name against C's
scopes; names with external linkage resolve to one Symbol per program (the
`externals` table), so `extern long hits;` in main.c and `long hits;` in
inc.c are the same object, while `static int count;` in two files are two.
Struct and union tags declared at file scope are linked the same way (C's
rule for compatible types across translation units: same tag, same
members), so `p->next` means the same member in every file.

    >>> from atomicc.frontend.parser import parse_text
    >>> p = Program()
    >>> for name, src in (("a.c", "long hits; static int n;"), ("b.c", "extern long hits; static int n;")):
    ...     tu, sm = parse_text(src, name); _ = p.add(name, tu, sm)
    >>> p.bind()
    >>> a, b = p.units
    >>> a.tu.items[0].declarators[0].decl.sym is b.tu.items[0].declarators[0].decl.sym
    True
    >>> a.tu.items[1].declarators[0].decl.sym is b.tu.items[1].declarators[0].decl.sym
    False
"""

import os

from ..diagnostics import Location


class Unit:
    """One translation unit of the program."""

    def __init__(self, path, tu, sm, index, pp_args=(), pp_warnings=()):
        self.path = path
        self.tu = tu
        self.sm = sm
        self.index = index
        self.pp_args = list(pp_args)
        self.pp_warnings = list(pp_warnings)
        self.short_name = os.path.basename(path)
        self.file_scope = None       # name -> Symbol, after binding
        self._first_decl = None
        self.file_tags = None

    def loc(self, node_or_offset):
        """The user's file:line:col of a node (or preprocessed offset) of this unit."""
        off = node_or_offset if isinstance(node_or_offset, int) else node_or_offset.start
        return self.sm.loc(off)

    def declared_before(self, sym, offset):
        """Is `sym` declared at file scope of this unit before `offset`?"""
        if self._first_decl is None:
            from ..frontend import ast as A
            first = {}
            for item in self.tu.items:
                if type(item) is A.FuncDef and item.sym is not None:
                    first.setdefault(item.sym, item.start)
                elif type(item) is A.Decl:
                    for d in item.declarators:
                        nd = d.decl
                        while nd is not None and type(nd) is not A.NameDecl:
                            nd = getattr(nd, "inner", None)
                        if nd is not None and nd.sym is not None:
                            first.setdefault(nd.sym, item.start)
            self._first_decl = first
        at = self._first_decl.get(sym)
        return at is not None and at < offset

    def where(self, node):
        f, l, c, _ = self.sm.location(node.start)
        return "%s:%d:%d" % (f, l, c)

    def text_of(self, node):
        return self.sm.text[node.start:node.end]

    def __repr__(self):
        return "<unit %s>" % self.path


class Program:
    def __init__(self):
        self.units = []
        self.externals = {}          # linkage name -> Symbol (objects and functions)
        self.tags = {}               # (struct|union, tag) -> Tag, file-scope tags of every unit
        self.anon_tags = {}          # (struct|union, member names) -> Tag
        self.diagnostics = []

    def add(self, path, tu, sm, pp_args=(), pp_warnings=()):
        u = Unit(path, tu, sm, len(self.units), pp_args, pp_warnings)
        self.units.append(u)
        return u

    def bind(self):
        """Bind every unit (bind.py); external names join across units."""
        from .bind import bind_unit
        for u in self.units:
            bind_unit(u, self)

    def functions(self):
        """Every function Symbol with a body, in unit and source order: (Symbol, FuncDef, Unit)."""
        from ..frontend import ast as A
        out = []
        for u in self.units:
            for item in u.tu.items:
                if type(item) is A.FuncDef and item.sym is not None:
                    out.append((item.sym, item, u))
        return out

    def unit_of_path(self, path):
        for u in self.units:
            if u.path == path:
                return u
        return None


def single(path, tu, sm, pp_warnings=()):
    """A bound one-unit program (for tools and tests that look at one file)."""
    p = Program()
    p.add(path, tu, sm, (), pp_warnings)
    p.bind()
    return p


def location(unit, node):
    return unit.loc(node) if unit is not None else Location("<unknown>", 0, 0, None)
