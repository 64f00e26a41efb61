"""Edits: what a lowering pass changes, as text replacements at AST spans.

A lowering pass does not rebuild the tree: it returns `Edit`s — replace the
preprocessed text in [start, end) by `text` (start == end: an insertion) —
and the emitter applies them either to the user's original file (when every
edited offset is a verbatim token there) or to the preprocessed text.

    >>> apply_edits("x = 1;", [Edit(0, 0, "("), Edit(1, 1, ")")])
    '(x) = 1;'
"""


class Edit:
    """Replace [start, end) by `text`.  An insertion (start == end) is anchored
    to the token it follows when `after` is true, else to the token it precedes.
    A `fallback_only` edit puts back in the preprocessed text what the user's
    original file has and the preprocessor dropped (emit/rewrite.py applies it
    only there)."""
    __slots__ = ("start", "end", "text", "seq", "after", "fallback_only")
    _counter = 0

    def __init__(self, start, end, text, after=False, fallback_only=False):
        self.start, self.end, self.text, self.after = start, end, text, after
        self.fallback_only = fallback_only
        Edit._counter += 1
        self.seq = Edit._counter

    def __repr__(self):
        return "Edit(%d, %d, %r)" % (self.start, self.end, self.text)


def apply_edits(text, edits, offset=lambda e: (e.start, e.end)):
    """`text` with `edits` applied; insertions at one offset keep their order."""
    spans = sorted(((offset(e), e.seq, e.text) for e in edits), key=lambda x: (x[0][0], x[0][1], x[1]))
    out = []
    pos = 0
    for (s, e), _, t in spans:
        if s < pos:
            raise ValueError("overlapping edits at offset %d" % s)
        out.append(text[pos:s])
        out.append(t)
        pos = e
    out.append(text[pos:])
    return "".join(out)
