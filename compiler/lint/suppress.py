"""Suppressions: `// NOLINT(atomicc-RULE,…)` on the reported line, `// NOLINTNEXTLINE(atomicc-RULE,…)` on the line before.

`apply` drops the findings a suppression covers (by the finding's primary
location) and adds an `unused-suppression` finding for every rule a comment
names that suppressed nothing.  Names without the `atomicc-` prefix belong to
other tools (clang-tidy reads the same comments) and are ignored, and a
bare `NOLINT` without a list suppresses nothing.

    >>> sorted(parse_line("x++; // NOLINT(atomicc-data-race, bugprone-foo)"))
    [('NOLINT', 'data-race')]
"""

import re

from ..diagnostics import Diagnostic, Location

_RE = re.compile(r"\b(NOLINT|NOLINTNEXTLINE)\(([^)]*)\)")


def parse_line(text):
    """{(kind, rule)} named by the NOLINT comments of one source line."""
    out = set()
    for m in _RE.finditer(text):
        for name in m.group(2).split(","):
            name = name.strip()
            if name.startswith("atomicc-"):
                out.add((m.group(1), name[len("atomicc-"):]))
    return out


class Suppression:
    __slots__ = ("file", "line", "column", "kind", "rule", "target", "used", "text")

    def __init__(self, file, line, column, kind, rule, text):
        self.file, self.line, self.column, self.kind, self.rule = file, line, column, kind, rule
        self.target = line + 1 if kind == "NOLINTNEXTLINE" else line
        self.used = False
        self.text = text


def scan(files, read):
    """Every suppression in `files` (paths as the diagnostics name them); `read(path)` gives the text."""
    out = []
    for path in files:
        text = read(path)
        if text is None or "NOLINT" not in text:
            continue
        for i, line in enumerate(text.splitlines(), 1):
            if "NOLINT" not in line:
                continue
            for m in _RE.finditer(line):
                for name in m.group(2).split(","):
                    name = name.strip()
                    if name.startswith("atomicc-"):
                        c = max(line.rfind("//", 0, m.start()), line.rfind("/*", 0, m.start()))
                        out.append(Suppression(path, i, (c if c >= 0 else m.start()) + 1, m.group(1),
                                               name[len("atomicc-"):], line))
    return out


def apply(diagnostics, suppressions, known_rules, check_unused=True):
    """The diagnostics that remain, plus unused-suppression findings."""
    by_line = {}
    for s in suppressions:
        by_line.setdefault((s.file, s.target), []).append(s)
    kept = []
    for d in diagnostics:
        hit = False
        if d.loc is not None:
            for s in by_line.get((d.loc.file, d.loc.line), ()):
                if s.rule == d.rule or s.rule == "*":
                    s.used = True
                    hit = True
        if not hit:
            kept.append(d)
    if check_unused:
        for s in suppressions:
            if s.used:
                continue
            if s.rule != "*" and s.rule not in known_rules:
                msg = "'%s' names no atomicc rule" % ("atomicc-" + s.rule)
            else:
                msg = "%s(atomicc-%s) suppresses nothing: no %s finding on %s" % (
                    s.kind, s.rule, s.rule if s.rule != "*" else "atomicc",
                    "the next line" if s.kind == "NOLINTNEXTLINE" else "this line")
            d = Diagnostic("warning", msg, Location(s.file, s.line, s.column, s.text), rule="unused-suppression")
            from .rules import _fingerprint
            d.fingerprint = _fingerprint("unused-suppression", d.loc, (s.kind, s.rule))
            kept.append(d)
    return kept
