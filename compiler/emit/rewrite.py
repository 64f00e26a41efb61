"""Emission: apply a lowering's edits to the user's original source text.

The preferred output edits the original file only at the spans of what is
lowered, and leaves every other byte alone, so comments, macros and
`#include` lines survive (clang's Rewriter does the same).  A file with no
atomic block comes out byte-identical.  The runtime header is included on
the first line, followed by `#line 1 "file"`, so gcc's diagnostics about the
output still name the original lines.

When an edit falls where the original text does not hold the preprocessed
token verbatim (an atomic block written inside a macro expansion, or in an
included header), the edits are applied to the preprocessed translation unit
instead; its line markers keep gcc's diagnostics pointing at the original.
"""

import functools
from ..source import read_source
from .edits import apply_edits

RUNTIME_INCLUDE = '#include "atomicc_rt.h"\n'


class Emitted:
    def __init__(self, text, mode, reason=None):
        self.text = text
        self.mode = mode          # "original" | "preprocessed"
        self.reason = reason      # why the preprocessed fallback was used


def _c_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def emit(path, sm, edits):
    """The lowered C text for `path` (see module doc); returns an Emitted.
    Edits marked `fallback_only` apply to the preprocessed text only."""
    sf = read_source(path)
    if not any(not e.fallback_only for e in edits):
        return Emitted(sf.text, "original")
    mapped = []
    reason = None
    for e in edits:
        if e.fallback_only:
            continue
        if e.end == e.start:
            a = b = _map(sm, e.start, path, at_end=e.after)
        else:
            a, b = _map(sm, e.start, path, at_end=False), _map(sm, e.end, path, at_end=True)
        if a is None or b is None:
            f, line, col, _ = sm.location(e.start)
            reason = "%s:%d:%d: the code to lower is not written verbatim in %s (macro expansion or included file)" % (f, line, col, path)
            break
        mapped.append((a, b, e))
    if reason is None:
        text = apply_edits(sf.text, [m[2] for m in mapped], offset=_offsets(mapped))
        return Emitted(RUNTIME_INCLUDE + "#line 1 %s\n" % _c_string(path) + text, "original")
    text = apply_edits(sm.text, edits)
    return Emitted(RUNTIME_INCLUDE + text, "preprocessed", reason)


def _offsets(mapped):
    table = {id(e): (a, b) for a, b, e in mapped}
    return lambda e: table[id(e)]


def _map(sm, off, path, at_end):
    """Original offset for a preprocessed offset that starts (or ends) a token."""
    if at_end:
        # `off` is just past a token: map the token's start, add its length.
        tok_start = _token_start_before(sm.text, off)
        if tok_start is None:
            return None
        r = sm.original_offset(tok_start)
        if r is None or r[0] != path:
            return None
        return r[1] + (off - tok_start)
    r = sm.original_offset(off)
    if r is None or r[0] != path:
        return None
    return r[1]


def _token_start_before(text, off):
    """Start of the token ending at `off` (edits end at token ends)."""
    s, _ = _line_bounds(text, off - 1)
    start = _line_token_starts(text, s).get(off)
    if start is not None:
        return start
    from ..source import _PP_TOKEN      # off inside a token of the whole line: scan up to off
    for m in _PP_TOKEN.finditer(text, s, off):
        if m.end() == off and m.lastgroup != "ws":
            return m.start()
    return None


@functools.lru_cache(maxsize=16)
def _line_token_starts(text, s):
    """{end: start} of the tokens of the line that starts at s: one scan per
    line, however many edits end on it (a line with n edits cost n scans)."""
    from ..source import _PP_TOKEN
    _, e = _line_bounds(text, s)
    return {m.end(): m.start() for m in _PP_TOKEN.finditer(text, s, e) if m.lastgroup != "ws"}


def _line_bounds(text, off):
    s = text.rfind("\n", 0, off) + 1
    e = text.find("\n", off)
    return s, (len(text) if e < 0 else e)
