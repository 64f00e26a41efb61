"""C printer: regenerates C source from the AST alone.

This is `atomicc --reprint` (the parser's round-trip test: print, compile with
gcc, reparse, compare trees) and the fallback emitter used when the lowering
cannot edit the user's original text (an atomic block written inside a macro
expansion).  Parentheses are printed where the source had them (`Paren`
nodes), so the printed tree reparses to the same tree.

With a SourceMap, statements and top-level declarations are preceded by line
markers (`# 12 "bank.c"`, flag 3 for system headers) wherever the output line
would otherwise drift from the original line, so gcc's own diagnostics keep
pointing at the user's source.

    >>> from atomicc.frontend.parser import parse_text
    >>> tu, sm = parse_text("int  x=1 ;")
    >>> CPrinter().program(tu)
    'int x = 1;\\n'
"""

from ..frontend import ast as A

_SPACE_AFTER_UNARY = set("+-&*~!")


MAX_INDENT = 64


class CPrinter(A.NodeVisitor):
    """`program(tu)` -> text; `expr(e)`, `stmt(s)`, `decl(d)` for pieces.

    `hooks`: optional {node: callable(printer, node) -> text or None}, used by
    the lowering emitter to substitute text for a node while printing.
    """

    def __init__(self, source_map=None, hooks=None):
        self.sm = source_map
        self.out = []
        self.indent = 0
        self.cur = None          # (file, line) the next output line corresponds to
        self.hooks = hooks or {}

    # -- output helpers -----------------------------------------------------
    def program(self, tu):
        for item in tu.items:
            self.top_item(item)
        return "".join(self.out)

    def _line(self, text, node=None):
        if node is not None and self.sm is not None:
            self._sync(node.start)
        # indentation stops growing at MAX_INDENT levels: 100,000 nested blocks printed
        # at four spaces a level would be 20 GB of spaces
        self.out.append("    " * min(self.indent, MAX_INDENT) + text + "\n")
        if self.cur is not None:
            self.cur = (self.cur[0], self.cur[1] + text.count("\n") + 1)

    def _sync(self, off):
        file, line = self.sm.file_line(off)
        if self.cur != (file, line):
            flag = " 3" if self.sm.is_system(off) else ""
            self.out.append('# %d "%s"%s\n' % (line, file.replace("\\", "\\\\").replace('"', '\\"'), flag))
            self.cur = (file, line)

    def top_item(self, n):
        t = type(n)
        if t is A.FuncDef:
            self.funcdef(n)
        elif t is A.Pragma:
            self._raw_line(n.text, n)
        else:
            self._line(self.decl(n), n)

    def _raw_line(self, text, node):
        if self.sm is not None:
            self._sync(node.start)
        self.out.append(text + "\n")
        if self.cur is not None:
            self.cur = (self.cur[0], self.cur[1] + 1)

    def funcdef(self, n):
        head = (self.specs(n.specs) + " " if n.specs.items else "") + self.declarator(n.decl)
        if n.kr_decls:
            self._line(head, n)
            for d in n.kr_decls:
                self._line(self.decl(d), d)
            self.block(n.body)
        else:
            self._line(head + " {", n)
            self.block_items(n.body)
            self._line("}")

    # -- declarations -------------------------------------------------------
    def decl(self, n):
        t = type(n)
        h = self.hooks.get(n)
        if h is not None:
            r = h(self, n)
            if r is not None:
                return r
        if t is A.Decl:
            s = self.specs(n.specs)
            if n.declarators:
                s += " " + ", ".join(self.init_declarator(d) for d in n.declarators)
            return s + ";"
        if t is A.EmptyDecl:
            return ";"
        if t is A.StaticAssert:
            if n.msg is None:
                return "_Static_assert(%s);" % self.expr(n.cond)
            return "_Static_assert(%s, %s);" % (self.expr(n.cond), self.expr(n.msg))
        if t is A.AsmDecl:
            return n.text + ";"
        if t is A.Pragma:
            return n.text
        if t is A.FieldDecl:
            s = self.specs(n.specs)
            if n.declarators:
                s += " " + ", ".join(self.field_declarator(d) for d in n.declarators)
            return s + ";"
        raise TypeError("not a declaration: %r" % (n,))

    def init_declarator(self, d):
        s = "".join(a + " " for a in d.pre_attrs) + self.declarator(d.decl)
        if d.suffix:
            s += " " + " ".join(d.suffix)
        if d.init is not None:
            s += " = " + self.initializer(d.init)
        return s

    def field_declarator(self, d):
        s = "".join(a + " " for a in d.pre_attrs)
        if d.decl is not None:
            s += self.declarator(d.decl)
        if d.width is not None:
            s += " : " + self.expr(d.width)
        if d.attrs:
            s += " " + " ".join(d.attrs)
        return s

    def specs(self, s):
        return " ".join(self.spec(i) for i in s.items)

    def spec(self, i):
        t = type(i)
        if t is A.Keyword:
            return i.text
        if t is A.TypedefName:
            return i.name
        if t is A.Attribute:
            return i.text
        if t is A.StructSpec:
            s = i.kind
            for a in i.attrs:
                s += " " + a
            if i.name:
                s += " " + i.name
            if i.has_body:
                body = " ".join(self.decl(m) for m in i.members)
                s += " { " + body + (" }" if body else "}")
            for a in i.trailing:
                s += " " + a
            return s
        if t is A.EnumSpec:
            s = "enum"
            for a in i.attrs:
                s += " " + a
            if i.name:
                s += " " + i.name
            if i.has_body:
                s += " { " + ", ".join(self.enumerator(e) for e in i.enumerators)
                s += (", }" if i.trailing_comma else " }")
            for a in i.trailing:
                s += " " + a
            return s
        if t is A.TypeofSpec:
            arg = self.type_name(i.arg) if type(i.arg) is A.TypeName else self.expr(i.arg)
            return "%s(%s)" % (i.kw, arg)
        if t is A.AtomicTypeSpec:
            return "_Atomic(%s)" % self.type_name(i.type)
        if t is A.AlignasSpec:
            arg = self.type_name(i.arg) if type(i.arg) is A.TypeName else self.expr(i.arg)
            return "%s(%s)" % (i.kw, arg)
        raise TypeError("not a specifier: %r" % (i,))

    def enumerator(self, e):
        s = e.name
        if e.attrs:
            s += " " + " ".join(e.attrs)
        if e.value is not None:
            s += " = " + self.expr(e.value)
        return s

    def declarator(self, d):
        if d is None:
            return ""
        t = type(d)
        if t is A.NameDecl:
            return d.name
        if t is A.PtrDecl:
            s = ""
            for quals in d.levels:
                s += "*" + "".join(q + " " for q in quals)
            return s + self.declarator(d.inner)
        if t is A.ParenDecl:
            return "(" + self.declarator(d.inner) + ")"
        if t is A.ArrayDecl:
            parts = []
            if d.static == "before":
                parts.append("static")
            parts.extend(d.quals)
            if d.static == "after":
                parts.append("static")
            if d.star:
                parts.append("*")
            elif d.size is not None:
                parts.append(self.expr(d.size))
            return self.declarator(d.inner) + "[" + " ".join(parts) + "]"
        if t is A.FuncDeclr:
            if d.kr_names:
                args = ", ".join(d.kr_names)
            else:
                args = ", ".join(self.param(p) for p in d.params)
                if d.variadic:
                    args += ", ..."
            return self.declarator(d.inner) + "(" + args + ")"
        raise TypeError("not a declarator: %r" % (d,))

    def param(self, p):
        s = self.specs(p.specs)
        if p.decl is not None:
            s += " " + self.declarator(p.decl)
        if p.attrs:
            s += " " + " ".join(p.attrs)
        return s

    def type_name(self, t):
        s = self.specs(t.specs)
        if t.decl is not None:
            s += " " + self.declarator(t.decl)
        return s

    def initializer(self, i):
        if type(i) is A.InitList:
            if not i.items:
                return "{ }"
            return "{ " + ", ".join(self.init_item(x) for x in i.items) + (", }" if i.trailing_comma else " }")
        return self.expr(i)

    def init_item(self, x):
        init = self.initializer(x.init)
        if not x.designators:
            return init
        if x.style == ":":
            return "%s: %s" % (x.designators[0].name, init)
        ds = "".join(self.designator(d) for d in x.designators)
        if x.style == "=":
            return ds + " = " + init
        return ds + " " + init

    def designator(self, d):
        if type(d) is A.FieldDesignator:
            return "." + d.name
        if d.hi is not None:
            return "[%s ... %s]" % (self.expr(d.lo), self.expr(d.hi))
        return "[%s]" % self.expr(d.lo)

    # -- statements ---------------------------------------------------------
    def block(self, c):
        self._line("{", c)
        self.block_items(c)
        self._line("}")

    def block_items(self, c):
        self.indent += 1
        for it in c.items:
            self.stmt(it)
        self.indent -= 1

    def sub(self, s):
        """A statement in a sub-statement position (if/while body)."""
        if type(s) is A.Compound:
            self.block(s)
        else:
            self.indent += 1
            self.stmt(s)
            self.indent -= 1

    def stmt(self, s):
        h = self.hooks.get(s)
        if h is not None:
            r = h(self, s)
            if r is not None:
                for ln in r.split("\n"):
                    self._line(ln, s)
                    s = None
                return
        t = type(s)
        m = getattr(self, "s_" + t.__name__, None)
        if m is not None:
            return m(s)
        if t is A.Pragma:
            return self._raw_line(s.text, s)
        if t is A.NestedFunc:
            return self.funcdef(s.func)
        self._line(self.decl(s), s)

    def s_Compound(self, s):
        self.block(s)

    def s_ExprStmt(self, s):
        self._line((self.expr(s.expr) if s.expr is not None else "") + ";", s)

    def s_If(self, s):
        self._line("if (%s)" % self.expr(s.cond), s)
        self.sub(s.then)
        if s.els is not None:
            self._line("else")
            self.sub(s.els)

    def s_Switch(self, s):
        self._line("switch (%s)" % self.expr(s.cond), s)
        self.sub(s.body)

    def s_While(self, s):
        self._line("while (%s)" % self.expr(s.cond), s)
        self.sub(s.body)

    def s_DoWhile(self, s):
        self._line("do", s)
        self.sub(s.body)
        self._line("while (%s);" % self.expr(s.cond))

    def s_For(self, s):
        if s.init is None:
            init = ";"
        elif isinstance(s.init, A.Decl):
            init = self.decl(s.init)
        else:
            init = self.expr(s.init) + ";"
        cond = (" " + self.expr(s.cond)) if s.cond is not None else ""
        nxt = (" " + self.expr(s.next)) if s.next is not None else ""
        self._line("for (%s%s;%s)" % (init, cond, nxt), s)
        self.sub(s.body)

    def s_Goto(self, s):
        self._line("goto %s;" % s.label, s)

    def s_GotoComputed(self, s):
        self._line("goto *%s;" % self.expr(s.expr), s)

    def s_Continue(self, s):
        self._line("continue;", s)

    def s_Break(self, s):
        self._line("break;", s)

    def s_Return(self, s):
        self._line("return%s;" % ((" " + self.expr(s.expr)) if s.expr is not None else ""), s)

    def s_Label(self, s):
        if s.stmt is None:          # a label before `}` or a declaration (C23)
            self._line("%s:%s" % (s.name, "".join(" " + a for a in s.attrs)), s)
            return
        self._line("%s:%s" % (s.name, "".join(" " + a for a in s.attrs)), s)
        self.stmt(s.stmt)

    def s_Case(self, s):
        if s.hi is not None:
            self._line("case %s ... %s:" % (self.expr(s.lo), self.expr(s.hi)), s)
        else:
            self._line("case %s:" % self.expr(s.lo), s)
        self.sub(s.stmt)

    def s_Default(self, s):
        self._line("default:", s)
        self.sub(s.stmt)

    def s_Atomic(self, s):
        self._line("atomic {", s)
        self.block_items(s.body)
        self._line("}")

    def s_Retry(self, s):
        self._line("retry;", s)

    def s_AsmStmt(self, s):
        self._line(s.text + ";", s)

    def s_AttrStmt(self, s):
        self._line(s.text + ";", s)

    def s_LabelDecl(self, s):
        self._line("__label__ %s;" % ", ".join(s.names), s)

    # -- expressions --------------------------------------------------------
    def expr(self, e):
        h = self.hooks.get(e)
        if h is not None:
            r = h(self, e)
            if r is not None:
                return r
        return getattr(self, "e_" + type(e).__name__)(e)

    def e_Id(self, e):
        return e.name

    def e_Const(self, e):
        return e.text

    def e_Str(self, e):
        return " ".join(e.parts)

    def e_Paren(self, e):
        return "(" + self.expr(e.expr) + ")"

    def e_StmtExpr(self, e):
        saved, self.out = self.out, []
        saved_indent, self.indent = self.indent, self.indent + 1
        saved_cur, self.cur = self.cur, None
        sm, self.sm = self.sm, None
        self.block(e.body)
        text = "".join(self.out).strip()
        self.out, self.indent, self.cur, self.sm = saved, saved_indent, saved_cur, sm
        lines = [ln.strip() for ln in text.split("\n")]
        if any(ln.startswith("#") for ln in lines):
            # a #pragma (from _Pragma in a macro) must stay alone on its line
            return "(" + "\n".join(lines) + "\n)"
        return "(" + " ".join(lines) + ")"

    def e_Comma(self, e):
        return ", ".join(self.expr(x) for x in e.exprs)

    def e_Assign(self, e):
        return "%s %s %s" % (self.expr(e.lhs), e.op, self.expr(e.rhs))

    def e_Cond(self, e):
        if e.then is None:
            return "%s ?: %s" % (self.expr(e.cond), self.expr(e.els))
        return "%s ? %s : %s" % (self.expr(e.cond), self.expr(e.then), self.expr(e.els))

    def e_Binary(self, e):
        return "%s %s %s" % (self.expr(e.left), e.op, self.expr(e.right))

    def e_Cast(self, e):
        return "(%s)%s" % (self.type_name(e.type), self.expr(e.expr))

    def e_Unary(self, e):
        inner = self.expr(e.expr)
        op = e.op
        if op[-1].isalnum() or op[-1] == "_" or (inner[:1] in _SPACE_AFTER_UNARY):
            return op + " " + inner
        return op + inner

    def e_SizeofType(self, e):
        return "%s(%s)" % (e.op, self.type_name(e.type))

    def e_PostOp(self, e):
        return self.expr(e.expr) + e.op

    def e_Index(self, e):
        return "%s[%s]" % (self.expr(e.base), self.expr(e.index))

    def e_Call(self, e):
        return "%s(%s)" % (self.expr(e.func), ", ".join(self.expr(a) for a in e.args))

    def e_Member(self, e):
        return "%s%s%s" % (self.expr(e.expr), "->" if e.arrow else ".", e.name)

    def e_CompoundLit(self, e):
        return "(%s)%s" % (self.type_name(e.type), self.initializer(e.init))

    def e_Generic(self, e):
        assocs = ", ".join(("default" if a.type is None else self.type_name(a.type)) + ": " + self.expr(a.expr)
                           for a in e.assocs)
        return "_Generic(%s, %s)" % (self.expr(e.ctl), assocs)

    def e_VaArg(self, e):
        return "__builtin_va_arg(%s, %s)" % (self.expr(e.expr), self.type_name(e.type))

    def e_Offsetof(self, e):
        idx = iter(e.indexes)
        path = e.path[0]
        for p in e.path[1:]:
            path += ("[%s]" % self.expr(next(idx))) if p == "[]" else p
        return "__builtin_offsetof(%s, %s)" % (self.type_name(e.type), path)

    def e_TypesCompat(self, e):
        return "__builtin_types_compatible_p(%s, %s)" % (self.type_name(e.t1), self.type_name(e.t2))

    def e_LabelAddr(self, e):
        return "&&" + e.name
