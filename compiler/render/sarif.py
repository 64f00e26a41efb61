"""Lint findings as a SARIF 2.1.0 log (one run), for code scanning.

Rules carry their descriptions, help (text and markdown) and a help URI
(the rule's page under docs/lint/, at `ATOMICC_DOCS_URL`); results carry
the primary location, related locations (the notes) and a partial
fingerprint that does not depend on line numbers.

    >>> log = sarif_log([], {"data-race": ("warning", "short", "full")})
    >>> log["version"], log["runs"][0]["tool"]["driver"]["rules"][0]["id"]
    ('2.1.0', 'data-race')
"""

import json
import os

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
DEFAULT_DOCS = "https://github.com/atomicc/atomicc/blob/main/docs/lint/"


def _uri(path):
    """A file's URI (reference): percent-encoded, so a name with spaces, `%`, `#` or
    bytes that are not UTF-8 is still a valid URI.

        >>> _uri("src/my file#1.c"), _uri(os.fsdecode(b"/tmp/caf\\xe9.c"))
        ('src/my%20file%231.c', 'file:///tmp/caf%E9.c')
    """
    from urllib.parse import quote
    p = quote(os.fsencode(path.replace(os.sep, "/")), safe="/")
    if os.path.isabs(path):
        return "file://" + p
    return p[2:] if p.startswith("./") else p


def _location(loc, message=None):
    out = {"physicalLocation": {"artifactLocation": {"uri": _uri(loc.file)},
                                "region": {"startLine": max(loc.line, 1), "startColumn": max(loc.column, 1)}}}
    if loc.text is not None:
        out["physicalLocation"]["region"]["snippet"] = {"text": loc.text.rstrip("\n")}
    if message is not None:
        out["message"] = {"text": message}
    return out


def sarif_log(diagnostics, rules, version="0.1.0"):
    base = os.environ.get("ATOMICC_DOCS_URL", DEFAULT_DOCS)
    if not base.endswith("/"):
        base += "/"
    ids = sorted(rules)
    index = {r: i for i, r in enumerate(ids)}
    rule_objs = []
    for r in ids:
        sev, short, full = rules[r]
        rule_objs.append({
            "id": r, "name": "".join(w.capitalize() for w in r.split("-")),
            "shortDescription": {"text": short}, "fullDescription": {"text": full},
            "help": {"text": "%s See %s%s.md" % (full, base, r),
                     "markdown": "%s\n\nSee [the rule's page](%s%s.md): what it finds, an example, how to fix "
                                 "it and how to suppress it (`// NOLINT(atomicc-%s)`)." % (full, base, r, r)},
            "helpUri": "%s%s.md" % (base, r),
            "defaultConfiguration": {"level": "error" if sev == "error" else "warning"},
        })
    results = []
    for d in diagnostics:
        res = {"ruleId": d.rule, "ruleIndex": index.get(d.rule, 0),
               "level": "error" if d.severity == "error" else "warning",
               "message": {"text": d.message}}
        if d.loc is not None:
            res["locations"] = [_location(d.loc)]
        rel = [_location(n.loc, n.message) for n in d.notes if n.loc is not None]
        for i, r in enumerate(rel):
            r["id"] = i
        if rel:
            res["relatedLocations"] = rel
        if getattr(d, "fingerprint", None):
            res["partialFingerprints"] = {"atomiccFingerprint/v1": d.fingerprint}
        results.append(res)
    return {
        "$schema": SCHEMA, "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "atomicc", "version": version, "informationUri": base,
                                      "rules": rule_objs}},
                  "columnKind": "unicodeCodePoints", "results": results}],
    }


def sarif(diagnostics, rules, version="0.1.0"):
    return json.dumps(sarif_log(diagnostics, rules, version), indent=2) + "\n"
