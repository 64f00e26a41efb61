"""Baselines: the fingerprints of accepted findings, so only new ones are reported.

A fingerprint (rules._fingerprint) hashes the rule, the file's name, the
function, the names involved and the text of the reported line — not line
numbers — so edits elsewhere in the file keep it.  The file is JSON:
`{"version": 1, "fingerprints": ["…", …]}`, sorted.
"""

import json

from ..diagnostics import UsageError


def write(path, diagnostics):
    """Write the diagnostics' fingerprints to `path` (whole or not at all);
    read() gives them back and filter_out() drops the findings they cover.

    >>> import os, tempfile
    >>> from types import SimpleNamespace as Finding
    >>> tmp = tempfile.TemporaryDirectory()
    >>> path = os.path.join(tmp.name, "baseline.json")
    >>> write(path, [Finding(fingerprint="b2"), Finding(fingerprint="a1"), Finding(fingerprint=None)])
    >>> print(open(path).read(), end="")
    {
     "version": 1,
     "fingerprints": [
      "a1",
      "b2"
     ]
    }
    >>> [f.fingerprint for f in filter_out([Finding(fingerprint="a1"), Finding(fingerprint="c3")], read(path))]
    ['c3']
    >>> read(os.path.join(tmp.name, "missing.json"))    # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    atomicc.diagnostics.UsageError: cannot read the baseline '.../missing.json': No such file or directory
    >>> tmp.cleanup()
    """
    from ..driver import write_output
    fps = sorted({d.fingerprint for d in diagnostics if getattr(d, "fingerprint", None)})
    write_output(path, json.dumps({"version": 1, "fingerprints": fps}, indent=1) + "\n")


def read(path):
    """The set of fingerprints in a baseline file."""
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except OSError as e:
        raise UsageError("cannot read the baseline '%s': %s" % (path, e.strerror or e))
    except ValueError as e:
        raise UsageError("the baseline '%s' is not valid JSON: %s" % (path, e))
    if not isinstance(data, dict) or not isinstance(data.get("fingerprints"), list):
        raise UsageError("the baseline '%s' has no \"fingerprints\" list" % path)
    return {str(x) for x in data["fingerprints"]}


def filter_out(diagnostics, fingerprints):
    return [d for d in diagnostics if getattr(d, "fingerprint", None) not in fingerprints]
