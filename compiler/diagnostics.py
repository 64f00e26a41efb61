"""Diagnostics: located errors, warnings and notes, and the exceptions that carry them.

Analyses and passes never print: they return or raise `Diagnostic`s, and the
driver hands them to a renderer.  A location is (file, line, column), 1-based,
in the user's original file; `text` is that source line, for the caret.

    >>> d = Diagnostic("error", "expected ';'", Location("a.c", 3, 7, "int x"))
    >>> print(d.render().splitlines()[0])
    a.c:3:7: error: expected ';'
"""

import os
import sys


class Location:
    __slots__ = ("file", "line", "column", "text")

    def __init__(self, file, line, column, text=None):
        self.file, self.line, self.column, self.text = file, line, column, text

    def key(self):
        return (self.file, self.line, self.column)

    def __str__(self):
        return "%s:%d:%d" % (self.file, self.line, self.column)


class Diagnostic:
    """One message at one place, with `notes` (further Diagnostics) attached."""

    def __init__(self, severity, message, loc, notes=(), rule=None, fixit=None):
        self.severity, self.message, self.loc = severity, message, loc
        self.notes = list(notes)
        self.rule = rule
        self.fixit = fixit

    def sort_key(self):
        return (self.loc.key() if self.loc else ("", 0, 0), self.severity, self.message)

    def render(self, color=False):
        """gcc-style text: `file:line:col: severity: message`, source line, caret."""
        out = []
        for d in [self] + self.notes:
            tag = " [atomicc-%s]" % d.rule if d.rule else ""
            where = "%s: " % d.loc if d.loc else "atomicc: "
            out.append("%s%s: %s%s" % (where, d.severity, d.message, tag))
            if d.loc and d.loc.text is not None:
                line = d.loc.text.rstrip("\n")
                out.append(" " + line)
                caret = "".join(ch if ch == "\t" else " " for ch in line[:max(d.loc.column - 1, 0)])
                out.append(" " + caret + "^")
                if d.fixit:
                    out.append(" " + caret + d.fixit)
        return "\n".join(out) + "\n"


class CompileError(Exception):
    """A user error: carries one or more Diagnostics; exit status 1."""

    def __init__(self, diagnostics, status=1):
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics = list(diagnostics)
        self.status = status
        super().__init__(self.diagnostics[0].message if self.diagnostics else "error")


class UsageError(Exception):
    """Bad command line or unreadable input: exit status 2 for lint, 1 for the compiler."""


def print_diagnostics(diags, stream=None):
    stream = stream or sys.stderr
    text = "".join(d.render() for d in sorted(diags, key=Diagnostic.sort_key))
    buf = getattr(stream, "buffer", None)
    if buf is None or not text:
        stream.write(text)
        return
    # a file name that is not UTF-8 is printed as its bytes, as gcc prints it
    stream.flush()
    buf.write(text.encode("utf-8", "surrogateescape"))
    buf.flush()


# ---- fault injection (tests only) ------------------------------------------------

FAULT_STAGES = ("parse", "analyze", "plan", "lower", "emit", "lint")


class InjectedFault(RuntimeError):
    """The internal error that `fault_point` raises (never raised otherwise)."""


def fault_point(stage, where=None):
    """Raise an internal error in pipeline stage `stage` when the environment
    variable ATOMICC_FAULT names it.  This is how the tests reach the
    internal-error path (exit status 3, `atomicc: internal error: ...`, no
    traceback) without a real bug; it is the only place that reads the
    variable.  ATOMICC_FAULT=STAGE:interrupt raises KeyboardInterrupt there
    instead (as if the user pressed Ctrl-C), STAGE:term sends the process
    SIGTERM (as a build system stopping a job does), to test clean-up.
    `where`: the file being processed, named by the internal-error message.

        >>> fault_point("parse")        # ATOMICC_FAULT unset: nothing happens
    """
    spec = os.environ.get("ATOMICC_FAULT")
    if not spec:
        return
    name, _, kind = spec.partition(":")
    if name != stage:
        return
    if kind == "interrupt":
        raise KeyboardInterrupt
    if kind == "term":
        import signal
        os.kill(os.getpid(), signal.SIGTERM)
        return
    e = InjectedFault("fault injected in stage '%s' (ATOMICC_FAULT=%s)" % (stage, spec))
    e.atomicc_where = where
    raise e
