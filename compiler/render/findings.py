"""Lint findings as text (gcc style), JSON (version 1) and GitHub workflow commands.

    >>> from atomicc.diagnostics import Diagnostic, Location
    >>> d = Diagnostic("warning", "m", Location("a.c", 3, 5, "x++;"), rule="data-race")
    >>> print(github([d]), end="")
    ::warning file=a.c,line=3,col=5,title=atomicc-data-race::m
"""

import json


def text(diagnostics):
    return "".join(d.render() for d in diagnostics)


def as_json(diagnostics):
    out = []
    for d in diagnostics:
        out.append({
            "rule": d.rule, "severity": d.severity,
            "file": d.loc.file if d.loc else None, "line": d.loc.line if d.loc else 0,
            "column": d.loc.column if d.loc else 0, "message": d.message,
            "related": [{"file": n.loc.file if n.loc else None, "line": n.loc.line if n.loc else 0,
                         "column": n.loc.column if n.loc else 0, "message": n.message} for n in d.notes],
            "fingerprint": getattr(d, "fingerprint", None),
        })
    return json.dumps({"version": 1, "diagnostics": out}, indent=2) + "\n"


def _escape_data(s):
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(s):
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def github(diagnostics):
    """GitHub Actions workflow commands (`::warning file=…,line=…::message`), one per finding."""
    lines = []
    for d in diagnostics:
        kind = "error" if d.severity == "error" else "warning"
        props = []
        if d.loc is not None:
            props = ["file=%s" % _escape_prop(d.loc.file), "line=%d" % d.loc.line, "col=%d" % d.loc.column]
        props.append("title=%s" % _escape_prop("atomicc-%s" % d.rule))
        lines.append("::%s %s::%s\n" % (kind, ",".join(props), _escape_data(d.message)))
    return "".join(lines)
