"""Fall-through markers that regenerated code must keep.

gcc's -Wimplicit-fallthrough (in -Wextra) accepts a comment such as
`/* fall through */` right before a `case` or `default` label as the mark of
an intended fall-through.  Comments do not survive where atomicc regenerates
code from the AST (an STM block and its solo copy, a transactional clone) or
where it emits the preprocessed translation unit (the fallback mode of
emit/rewrite.py), so there the label is preceded by the statement gcc also
accepts, `__attribute__((fallthrough));`, wherever the user's source has such
a comment before it.  A label without one stays without: gcc warns about the
lowered code exactly where it warns about the original.

    >>> from atomicc.frontend.parser import parse_text
    >>> from atomicc.source import SourceFile, _file_cache
    >>> src = "int f(int k) {\\n switch (k) {\\n case 0: k++;\\n  /* FALLTHRU */\\n case 1: k++;\\n case 2: break;\\n }\\n return k;\\n}\\n"
    >>> _file_cache["ft.c"] = SourceFile("ft.c", src)
    >>> tu, sm = parse_text(src, "ft.c")
    >>> from atomicc.frontend import ast as A
    >>> [marked(sm, n.start) for n in A.walk(tu) if type(n) is A.Case]
    [False, True, False]
"""

import re

from ..source import read_source

ATTRIBUTE = "__attribute__((fallthrough));"

# What gcc's -Wimplicit-fallthrough=2 accepts (levels 3 and 4 accept less;
# level 1, any comment, is not worth following).
_MARK = re.compile(r"falls?[ \t-]*thr(ough|u)", re.IGNORECASE)


def marked(sm, off):
    """Is the label at preprocessed offset `off` preceded, in the user's
    source, by a fall-through comment (only whitespace and comments between)?"""
    r = sm.original_offset(off)
    if r is None:
        return False
    sf = read_source(r[0])
    if sf is None:
        return False
    text, i = sf.text, r[1]
    while True:
        while i > 0 and text[i - 1] in " \t\r\n\f\v":
            i -= 1
        if text.endswith("*/", 0, i):
            k = text.rfind("/*", 0, i - 2)
            if k < 0:
                return False
            if _MARK.search(text, k + 2, i - 2):
                return True
            i = k
            continue
        start = text.rfind("\n", 0, i) + 1
        k = _line_comment(text, start, i)
        if k is None:
            return False
        if _MARK.search(text, k + 2, i):
            return True
        i = k


def _line_comment(text, start, end):
    """Where a `//` comment starts in text[start:end] (one line), or None."""
    quote = None
    j = start
    while j < end - 1:
        c = text[j]
        if quote:
            if c == "\\":
                j += 1
            elif c == quote:
                quote = None
        elif c in "\"'":
            quote = c
        elif c == "/" and text[j + 1] == "/":
            return j
        elif c == "/" and text[j + 1] == "*":
            e = text.find("*/", j + 2, end)
            if e < 0:
                return None
            j = e + 1
        j += 1
    return None
