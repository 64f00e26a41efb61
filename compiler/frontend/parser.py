"""The parser: lark's LALR(1) tables for grammar/c_atomic.lark, driven by our
own loop so that the lexer can ask the parse state for help.

lark computes the tables (once; they are cached on disk, keyed by the grammar
text and the lark version, so start-up does not pay for the LALR analysis).
The loop below is lark's `ParserState.feed_token` specialised for this
grammar: integer states, actions packed as ints (>= 0 shift, < 0 reduce), and
reductions calling the AST builder's method for the rule directly.

Typedef feedback: names declared with `typedef` live in a scope stack (one
scope per `{`).  An identifier that names a typedef in scope becomes a
TYPEDEF_NAME token only if the parse table accepts a TYPEDEF_NAME there
(checked by simulating the pending reductions), so `T x;` declares x while
`int T;` and `s.T` keep T an identifier.  `atomic` before `{` and `retry`
before `;` become keywords only where a statement may begin.

    >>> from atomicc.frontend.parser import parse_text  # doctest: +SKIP
    >>> tu = parse_text("int main(void) { atomic { x++; } }", "a.c")  # doctest: +SKIP
"""

import difflib
import gc
import hashlib
import os
import pickle
import sys

from ..diagnostics import CompileError, Diagnostic
from . import ast as A
from .build import Builder
from .lexer import KEYWORD_ALIASES, Lexer, Tok

GRAMMAR_PATH = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "grammar", "c_atomic.lark")

# Names the compiler knows as types before any declaration.
BUILTIN_TYPEDEFS = ("__builtin_va_list", "__int128_t", "__uint128_t")


def _grammar_path():
    try:
        from importlib import resources
        p = resources.files("atomicc.grammar").joinpath("c_atomic.lark")
        if p.is_file():
            return str(p)
    except (ImportError, ModuleNotFoundError, TypeError):
        pass
    return GRAMMAR_PATH


def _cache_dir():
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "atomicc")


class Tables:
    """Parse tables: states[i] maps a symbol to an int action; rules[k] = (origin, size, method, expand1)."""

    def __init__(self, states, rules, start, end, terminals):
        self.states, self.rules, self.start, self.end = states, rules, start, end
        self.terminals = terminals            # literal text -> terminal name


def _build_tables(grammar_text):
    from lark import Lark
    from lark.lexer import Lexer as LarkLexer
    from lark.parsers.lalr_analysis import Shift

    class _NoLexer(LarkLexer):
        def __init__(self, conf):
            pass

        def lex(self, *a):
            return iter(())

    lk = Lark(grammar_text, parser="lalr", lexer=_NoLexer, keep_all_tokens=True,
              maybe_placeholders=False, start="start")
    pt = lk.parser.parser.parser.parse_table
    rule_index = {}
    rules = []
    for r in lk.rules:
        rule_index[r] = len(rules)
        rules.append((str(r.origin.name), len(r.expansion), str(r.alias or r.origin.name),
                      bool(r.options.expand1) and not r.alias))
    nstates = max(pt.states) + 1
    states = [None] * nstates
    for s, acts in pt.states.items():
        d = {}
        for sym, (action, arg) in acts.items():
            d[str(sym)] = arg if action is Shift else ~rule_index[arg]   # plain str: fast compares
        states[s] = d
    terminals = {}
    for t in lk.terminals:
        if t.pattern.type == "str":
            terminals[t.pattern.value] = t.name
    return Tables(states, rules, pt.start_states["start"], pt.end_states["start"], terminals)


_TABLES = None
_TABLE_FORMAT = "2"      # bump when the cached table layout changes


def tables():
    """The parse tables, from the disk cache when the grammar has not changed."""
    global _TABLES
    if _TABLES is not None:
        return _TABLES
    path = _grammar_path()
    with open(path, encoding="utf-8") as f:
        text = f.read()
    import lark
    key = hashlib.sha256((text + lark.__version__ + sys.version + _TABLE_FORMAT).encode()).hexdigest()[:20]
    cache = os.path.join(_cache_dir(), "tables-%s.pickle" % key)
    try:
        with open(cache, "rb") as f:
            _TABLES = Tables(*pickle.load(f))     # plain lists and dicts only
            return _TABLES
    except Exception:       # missing, stale or corrupt cache: rebuild it
        pass
    _TABLES = _build_tables(text)
    try:
        os.makedirs(os.path.dirname(cache), exist_ok=True)
        tmp = cache + ".%d.tmp" % os.getpid()
        t = _TABLES
        with open(tmp, "wb") as f:
            pickle.dump((t.states, t.rules, t.start, t.end, t.terminals), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache)
    except OSError:
        pass
    return _TABLES


# Human names of terminals, for "expected ..." messages.
_TERMINAL_NAMES = {"IDENTIFIER": "identifier", "TYPEDEF_NAME": "type name",
                   "INTEGER": "constant", "FLOATING": "constant", "CHARCONST": "constant",
                   "STRING": "string literal", "$END": "end of file"}
_EXPECT_PRIORITY = [";", ")", "]", "}", ",", ":", "(", "{", "=", "while"]


class Parser:
    """Parses one preprocessed translation unit into an AST (`A.TranslationUnit`)."""

    def __init__(self):
        t = tables()
        self.t = t
        self.keywords = dict(t.terminals)
        for alias, canon in KEYWORD_ALIASES.items():
            if canon is not None and canon in t.terminals:
                self.keywords[alias] = t.terminals[canon]
        self.keywords = {k: v for k, v in self.keywords.items() if k[:1].isalpha() or k[:1] == "_"}
        self.punct = {k: v for k, v in t.terminals.items() if not (k[:1].isalpha() or k[:1] == "_")}
        self.lbrace, self.rbrace = t.terminals["{"], t.terminals["}"]
        self.display = {v: k for k, v in t.terminals.items()}
        self.display.update(_TERMINAL_NAMES)

    # -- scopes -------------------------------------------------------------
    # `scopes` is the stack of {name: is_typedef}, one per open `{`; `shadow` maps a
    # name to its [scope index, is_typedef] entries, innermost last, so that a look-up
    # does not walk every open scope (a typedef used 100,000 blocks deep: n^2 steps).
    def declare(self, name, is_typedef, outer=False):
        i = len(self.scopes) - 2 if outer and len(self.scopes) > 1 else len(self.scopes) - 1
        self.scopes[i][name] = is_typedef
        if is_typedef:
            self.typedef_names.add(name)
        entries = self.shadow.get(name)
        if entries is None:
            self.shadow[name] = [[i, is_typedef]]
            return
        for k in range(len(entries) - 1, -1, -1):     # at most the two innermost scopes are >= i
            if entries[k][0] == i:
                entries[k][1] = is_typedef
                return
            if entries[k][0] < i:
                entries.insert(k + 1, [i, is_typedef])
                return
        entries.insert(0, [i, is_typedef])

    def _is_typedef(self, name):
        entries = self.shadow.get(name)
        return entries[-1][1] if entries else False

    def _close_scope(self):
        i = len(self.scopes) - 1
        for name in self.scopes.pop():
            entries = self.shadow[name]
            if entries and entries[-1][0] == i:
                entries.pop()

    def _accepts(self, stack, ttype):
        """Would the parser shift `ttype` after the reductions it triggers?"""
        states, rules = self.t.states, self.t.rules
        sp = len(stack)
        extra = []
        state = stack[-1]
        while True:
            act = states[state].get(ttype)
            if act is None:
                return False
            if act >= 0:
                return True
            origin, n = rules[~act][0], rules[~act][1]
            if n <= len(extra):
                if n:
                    del extra[-n:]
            else:
                sp -= n - len(extra)
                extra = []
            top = extra[-1] if extra else stack[sp - 1]
            state = states[top][origin]
            extra.append(state)

    # -- the driver ---------------------------------------------------------
    def parse(self, text, filename):
        """Parse preprocessed `text`; returns (TranslationUnit, SourceMap)."""
        gc_was = gc.isenabled()
        gc.disable()
        try:
            tu, sm = self._parse(text, filename)
            _check_depth(tu, sm)
            return tu, sm
        finally:
            if gc_was:
                gc.enable()

    def _parse(self, text, filename):
        t = self.t
        states, rules, end_state = t.states, t.rules, t.end
        lexer = Lexer(text, filename, self.keywords, self.punct)
        self.lexer = lexer
        self.source_map = lexer.source_map
        self.scopes = [{n: True for n in BUILTIN_TYPEDEFS}]
        self.shadow = {n: [[0, True]] for n in BUILTIN_TYPEDEFS}
        self.typedef_names = set(BUILTIN_TYPEDEFS)
        builder = Builder(self)
        callbacks = []
        for origin, n, name, expand1 in rules:
            fn = getattr(builder, name, None)
            if fn is None:
                if not expand1:
                    raise RuntimeError("no AST builder method for grammar rule %r" % name)
                fn = _first
            callbacks.append(fn)
        stack = [t.start]
        values = []
        typedef_names = self.typedef_names
        lbrace, rbrace = self.lbrace, self.rbrace
        next_raw = lexer.next
        prev = None
        end_tok = Tok("$END", "", len(text), len(text))

        tok = next_raw() or end_tok
        while True:
            ttype = tok.type
            if ttype == "IDENTIFIER":
                v = tok.value
                if v in typedef_names:
                    st = states[stack[-1]]
                    if "TYPEDEF_NAME" in st and self._is_typedef(v) and (
                            "IDENTIFIER" not in st or self._accepts(stack, "TYPEDEF_NAME")):
                        ttype = tok.type = "TYPEDEF_NAME"
                elif v == "atomic" or v == "retry":
                    kw = "ATOMIC" if v == "atomic" else "RETRY"
                    if (lexer._next_char() == ("{" if kw == "ATOMIC" else ";")
                            and self._is_typedef(v) is False
                            and self._accepts(stack, kw)):
                        ttype = tok.type = kw
            elif ttype == lbrace:
                self.scopes.append({})
            while True:
                act = states[stack[-1]].get(ttype)
                if act is None:
                    self._syntax_error(tok, prev, stack)
                if act >= 0:
                    stack.append(act)
                    values.append(tok)
                    break
                origin, n, _, expand1 = rules[~act]
                if n:
                    args = values[-n:]
                    del values[-n:]
                    del stack[-n:]
                else:
                    args = []
                values.append(args[0] if expand1 and n == 1 else callbacks[~act](args))
                st = states[stack[-1]][origin]
                stack.append(st)
                if st == end_state and ttype == "$END":
                    return values[-1], lexer.source_map
            if ttype == rbrace and len(self.scopes) > 1:
                self._close_scope()
            prev = tok
            tok = next_raw() or end_tok

    # -- errors -------------------------------------------------------------
    def _syntax_error(self, tok, prev, stack):
        sm = self.source_map
        # only what the parser would shift after its pending reductions (the
        # state's lookaheads over-approximate: `int x = 1` would "expect" ')')
        expected = set(k for k in self.t.states[stack[-1]] if (k.isupper() or k == "$END")
                       and self._accepts(stack, k))
        if tok.type == "$END":
            if len(self.scopes) > 1:
                msg = "expected '}' at end of input"
            else:
                msg = "unexpected end of input"
            raise CompileError(Diagnostic("error", msg, sm.loc(max(tok.start - 1, 0))))
        if prev is not None and prev.type == "IDENTIFIER" and tok.type == self.lbrace:
            close = difflib.get_close_matches(prev.value, ["atomic"], n=1, cutoff=0.6)
            if close:
                raise CompileError(Diagnostic(
                    "error", "unknown block keyword '%s'; did you mean 'atomic'?" % prev.value,
                    sm.loc(prev.start), fixit="atomic"))
        if prev is not None and prev.type == "IDENTIFIER" and prev.value in ("atomic", "retry") \
                and tok.type != "PRAGMA" and self._is_typedef(prev.value) is False:
            raise CompileError(Diagnostic("error", "'atomic' must be followed by a block: atomic { ... }"
                                          if prev.value == "atomic" else "'retry' takes no operand: write 'retry;'",
                                          sm.loc(prev.start)))
        if prev is not None and prev.type == "IDENTIFIER" and tok.type == "IDENTIFIER":
            # two names in a row: the first was meant as a type
            raise CompileError(Diagnostic("error", "unknown type name '%s'" % prev.value, sm.loc(prev.start)))
        if tok.type == self.rbrace and len(self.scopes) == 1 and (prev is None or prev.type != self.lbrace):
            raise CompileError(Diagnostic("error", "stray '}' (no block is open here)", sm.loc(tok.start)))
        if tok.type == "PRAGMA":
            raise CompileError(Diagnostic(
                "error", "'%s' is not allowed here: a #pragma must stand between statements or declarations; "
                "put braces around the statement it belongs to" % " ".join(tok.value.split())[:60],
                sm.loc(tok.start)))
        shown = tok.value if tok.type != "STRING" else tok.value[:30]
        wanted = [p for p in _EXPECT_PRIORITY if self.t.terminals.get(p) in expected][:2]
        if "INTEGER" in expected:
            msg = "expected expression before '%s'" % shown
        elif "IDENTIFIER" in expected and tok.type in ("INTEGER", "FLOATING"):
            msg = "expected identifier before '%s'" % shown      # a name that starts with a digit
        elif wanted:
            what = " or ".join("'%s'" % w for w in wanted)
            if wanted[0] in (";", ")", "]") and prev is not None:
                # point just after the previous token, where the ';' is missing
                if sm.file_line(prev.end)[1] == sm.file_line(tok.start)[1]:
                    msg = "expected %s before '%s'" % (what, shown)
                else:
                    msg = "expected %s after '%s'" % (what, prev.value[:30])
                raise CompileError(Diagnostic("error", msg, sm.loc(prev.end)))
            msg = "expected %s before '%s'" % (what, shown)
        elif "IDENTIFIER" in expected:
            msg = "expected identifier before '%s'" % shown
        elif self.t.terminals.get("int") in expected:
            msg = "expected declaration specifiers (a type) before '%s'" % shown
        else:
            msg = "syntax error at '%s'" % shown
        raise CompileError(Diagnostic("error", msg, sm.loc(tok.start)))


def _first(args):
    return args[0]


# The passes after the parser walk the tree recursively; cli.py runs a command
# whose tree is deep on a thread with a large stack (stack.py), where every pass
# handles this many levels (tests/test_fuzz.py checks each nesting shape).
# gcc 12 crashes between 60,000 and 100,000 nested parentheses, clang stops at
# 256 brackets by default; real code stays below a few hundred.
MAX_DEPTH = 200000


def _check_depth(tu, sm):
    """A located error at the first node nested more than MAX_DEPTH levels deep.

    One walk without recursion; (node, depth) pairs on an explicit stack."""
    stack = [(tu, 1)]
    pop, push = stack.pop, stack.append
    while stack:
        n, d = pop()
        if d > MAX_DEPTH:
            raise CompileError(Diagnostic(
                "error", "nesting too deep: more than %d levels of nested expressions, statements or "
                "declarators" % MAX_DEPTH, sm.loc(n.start)))
        d += 1
        for f in n.fields:
            v = getattr(n, f)
            if v is None:
                continue
            if type(v) is list:
                for c in v:
                    if c is not None:
                        push((c, d))
            else:
                push((v, d))


def parse_text(text, filename="<input>"):
    """Parse preprocessed C text; returns (TranslationUnit, SourceMap).

        >>> tu, sm = parse_text("int x;")
        >>> type(tu.items[0]).__name__
        'Decl'
    """
    return Parser().parse(text, filename)
