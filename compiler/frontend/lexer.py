"""Lexer for preprocessed Atomic C.

One compiled regular expression with a named group per token class; the
`lastgroup` of each match picks the class.  It yields `Tok`s whose `type` is a
terminal name of grammar/c_atomic.lark.  What the lexer cannot decide alone —
IDENTIFIER vs TYPEDEF_NAME, and whether `atomic` / `retry` are keywords — the
parser decides (parser.py), since that needs the typedef scopes and the parse
state.

GNU `__attribute__((...))` and `asm [volatile|goto|inline] (...)` are lexed as
one opaque ATTRIBUTE / ASM token covering the balanced parentheses.  Line
markers (`# 12 "file.c" 2`) feed the SourceMap; `#pragma` lines become PRAGMA
tokens; other directives are skipped.

    >>> lx = Lexer("int x;", "a.c", {"int": "INT", ";": "SEMICOLON"})
    >>> [t.type for t in iter(lx.next, None)]
    ['INT', 'IDENTIFIER', 'SEMICOLON']
"""

import re

from ..diagnostics import CompileError, Diagnostic
from ..source import SourceMap


class Tok:
    __slots__ = ("type", "value", "start", "end")

    def __init__(self, type, value, start, end):
        self.type, self.value, self.start, self.end = type, value, start, end

    def __repr__(self):
        return "Tok(%s, %r, %d)" % (self.type, self.value, self.start)


_TOKEN = re.compile(r"""
    (?P<ws>[ \t\r\f\v\n]+)
  | (?P<id>[A-Za-z_$\x80-\U0010ffff][A-Za-z0-9_$\x80-\U0010ffff]*)
  | (?P<num>\.?[0-9](?:[eEpP][+-]|[0-9A-Za-z_.'])*)
  | (?P<str>"(?:[^"\\\n]|\\.)*")
  | (?P<chr>'(?:[^'\\\n]|\\.)*')
  | (?P<comment>/\*.*?\*/|//[^\n]*)
  | (?P<badcomment>/\*)
  | (?P<punct>\.\.\.|<<=|>>=|->|\+\+|--|<<|>>|<=|>=|==|!=|&&|\|\||[*/%+\-&^|]=
              |<:|:>|<%|%>|[][(){}.&*+\-~!/%<>^|?:;,=])
  | (?P<dir>\#[^\n]*)
  | (?P<badquote>["'])
  | (?P<other>.)
""", re.X | re.S)

_LINE_MARKER = re.compile(r'#\s*(?:line\s+)?(\d+)(?:\s+"((?:[^"\\]|\\.)*)")?([ 0-9]*)')
_PRAGMA = re.compile(r"#\s*pragma\b")
_STRING_PREFIX = {"L", "u", "U", "u8"}
_DIGRAPH = {"<:": "[", ":>": "]", "<%": "{", "%>": "}"}
_FLOAT_HEX = re.compile(r"0[xX].*[pP]")
_FLOAT_DEC = re.compile(r"^(?!0[xX]).*([.]|[eE][+-]?[0-9])")

# Spellings that mean the same keyword (the token keeps its own text).
KEYWORD_ALIASES = {
    "__const": "const", "__const__": "const", "__volatile": "volatile",
    "__volatile__": "volatile", "__restrict": "restrict", "__restrict__": "restrict",
    "__inline": "inline", "__inline__": "inline", "__signed": "signed",
    "__signed__": "signed", "__alignof": "_Alignof", "__alignof__": "_Alignof",
    "alignof": "_Alignof", "__typeof": "typeof", "__typeof__": "typeof",
    "typeof_unqual": "typeof", "__typeof_unqual__": "typeof",
    "__complex__": "_Complex", "__complex": "_Complex", "__real": "__real__",
    "__imag": "__imag__", "__thread": "_Thread_local", "thread_local": "_Thread_local",
    "_Static_assert": "_Static_assert", "static_assert": "_Static_assert",
    "__int128_t": None, "__uint128_t": None, "bool": None,
    "__noreturn__": None, "_Alignas": "_Alignas", "alignas": "_Alignas",
    "__extension__": "__extension__", "__float128": "__float128",
}
_ATTR_WORDS = {"__attribute__", "__attribute", "__declspec"}
_ASM_WORDS = {"asm", "__asm", "__asm__"}
_ASM_QUALS = {"volatile", "__volatile__", "__volatile", "goto", "inline", "__inline__", "__inline"}


class Lexer:
    """Tokens of one preprocessed translation unit, on demand (`next()`)."""

    def __init__(self, text, filename, keywords, punct=None):
        self.text = text
        self.pos = 0
        self.keywords = keywords          # spelling -> terminal type
        self.punct = punct or keywords    # punctuator text -> terminal type
        self.source_map = SourceMap(text, filename)
        self.skipped_pragmas = []

    def error(self, off, msg):
        raise CompileError(Diagnostic("error", msg, self.source_map.loc(off)))

    def next(self):
        """The next token, or None at the end of the text."""
        text, match = self.text, _TOKEN.match
        while True:
            m = match(text, self.pos)
            if m is None:
                return None
            kind = m.lastgroup
            start, end = m.span()
            if kind == "ws":
                self.pos = end
                continue
            if kind == "id":
                value = m.group()
                self.pos = end
                if value in _STRING_PREFIX and end < len(text) and text[end] in "\"'":
                    m2 = _TOKEN.match(text, end)
                    if m2.lastgroup in ("str", "chr"):
                        self.pos = m2.end()
                        return Tok("STRING" if m2.lastgroup == "str" else "CHARCONST",
                                   text[start:m2.end()], start, m2.end())
                if value in _ATTR_WORDS:
                    return self._opaque("ATTRIBUTE", start)
                if value in _ASM_WORDS:
                    return self._opaque("ASM", start)
                kw = self.keywords.get(value)
                if kw is not None:
                    if value == "_Atomic":
                        kw = "ATOMIC_SPEC" if self._next_char() == "(" else self.keywords["_Atomic"]
                    return Tok(kw, value, start, end)
                return Tok("IDENTIFIER", value, start, end)
            if kind == "punct":
                self.pos = end
                value = m.group()
                if value in _DIGRAPH:
                    value = _DIGRAPH[value]
                return Tok(self.punct[value], value, start, end)
            if kind == "num":
                value = m.group()
                self.pos = end
                is_float = (_FLOAT_HEX.match(value) is not None or
                            (_FLOAT_DEC.match(value) is not None))
                return Tok("FLOATING" if is_float else "INTEGER", value, start, end)
            if kind == "str":
                self.pos = end
                return Tok("STRING", m.group(), start, end)
            if kind == "chr":
                self.pos = end
                return Tok("CHARCONST", m.group(), start, end)
            if kind == "dir":
                self.pos = end
                line = m.group()
                lm = _LINE_MARKER.match(line)
                if lm:
                    nxt = end + 1
                    fname = lm.group(2)
                    if fname is None:
                        fname = self.source_map.file_line(start)[0]
                    else:
                        fname = _unescape(fname)
                    self.source_map.add_marker(nxt, fname, int(lm.group(1)), "3" in lm.group(3).split())
                    continue
                if _PRAGMA.match(line):
                    return Tok("PRAGMA", line, start, end)
                continue        # #ident and friends
            if kind == "comment":
                self.pos = end
                continue
            if kind == "badcomment":
                self.error(start, "unterminated comment")
            if kind == "badquote":
                q = m.group()
                self.error(start, "missing terminating %s character" % q)
            ch = m.group()
            if ch == "\\" and text.startswith("\n", end):
                self.pos = end + 1
                continue
            if ch == "@" or ch == "`" or ch == "\\" or ch == "#":
                self.error(start, "stray '%s' in program" % ch)
            if ord(ch) < 32 or ord(ch) == 127 or 0xdc80 <= ord(ch) <= 0xdcff:
                code = ord(ch) - 0xdc00 if ord(ch) >= 0xdc80 else ord(ch)
                self.error(start, "stray '\\%03o' in program (is this a text file?)" % code)
            self.error(start, "stray '%s' in program" % ch)

    def _next_char(self):
        m = _TOKEN.match(self.text, self.pos)
        while m is not None and m.lastgroup in ("ws", "comment", "dir"):
            m = _TOKEN.match(self.text, m.end())
        return self.text[m.start()] if m else ""

    def _opaque(self, kind, start):
        """ATTRIBUTE/ASM: the keyword, asm qualifiers, and balanced (...)."""
        text = self.text
        pos = self.pos
        while True:
            m = _TOKEN.match(text, pos)
            if m is None:
                self.error(start, "expected '(' after '%s'" % text[start:self.pos])
            if m.lastgroup in ("ws", "comment"):
                pos = m.end()
                continue
            if kind == "ASM" and m.lastgroup == "id" and m.group() in _ASM_QUALS:
                pos = m.end()
                continue
            if m.group() != "(":
                if kind == "ATTRIBUTE":
                    self.error(m.start(), "expected '(' after '%s'" % text[start:self.pos])
                self.error(m.start(), "expected '(' after 'asm'")
            break
        depth = 0
        p = m.start()
        while True:
            m = _TOKEN.match(text, p)
            if m is None:
                self.error(start, "unterminated '%s' operand list" % text[start:self.pos])
            g = m.group()
            if g == "(":
                depth += 1
            elif g == ")":
                depth -= 1
                if depth == 0:
                    self.pos = m.end()
                    return Tok(kind, text[start:m.end()], start, m.end())
            elif m.lastgroup in ("badquote", "badcomment"):
                self.error(m.start(), "missing terminating %s character" % g if g in "\"'" else "unterminated comment")
            elif m.lastgroup == "dir":
                lm = _LINE_MARKER.match(g)
                if lm and lm.group(2):
                    self.source_map.add_marker(m.end() + 1, _unescape(lm.group(2)), int(lm.group(1)))
            p = m.end()


def _unescape(s):
    return s.replace('\\\\', '\x00').replace('\\"', '"').replace('\x00', '\\')
