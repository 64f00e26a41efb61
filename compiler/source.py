"""Source files, preprocessing with `$CC -E`, and the map from the preprocessed
text back to the user's original file, line and column.

`preprocess()` runs the C preprocessor with line markers kept.  The lexer
records every line marker it passes (`# 12 "bank.c" 1`) in a `SourceMap`,
which then answers, for an offset in the preprocessed text:

* `location(off)`: (file, line, column) in the original file.  gcc -E keeps
  the indentation of each line but collapses the spacing between tokens and
  replaces macro invocations by their expansion, so columns are recovered by
  aligning the preprocessed line's tokens with the original line's text.
* `original_offset(off)`: the exact offset of that token in the original
  file, or None when the token does not appear there verbatim (it came from a
  macro expansion).  The rewriting emitter edits only verbatim tokens.

    >>> sm = SourceMap('# 1 "a.c"\\nint x;\\n', "a.c")
    >>> sm.add_marker(10, "a.c", 1)
    >>> sm.location(14)[:2]
    ('a.c', 1)
"""

import bisect
import os
import re
import shlex
import subprocess

from .diagnostics import CompileError, Diagnostic, Location

# The preprocessor's own diagnostics, to re-emit them as ours.
_GCC_DIAG = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?:(?P<col>\d+):)? (?P<sev>fatal error|error|warning|note): (?P<msg>.*)$")
_PP_TOKEN = re.compile(r"""
    (?P<ws>\s+|/\*.*?\*/|//[^\n]*)
  | (?:u8|[uUL])?"(?:[^"\\\n]|\\.)*"
  | (?:u8|[uUL])?'(?:[^'\\\n]|\\.)*'
  | [A-Za-z_$][A-Za-z0-9_$]*
  | \.?[0-9](?:[eEpP][+-]|[0-9A-Za-z_.])*
  | \.\.\.|<<=|>>=|->|\+\+|--|<<|>>|<=|>=|==|!=|&&|\|\||[*/%+\-&^|]=|\#\#
  | .
""", re.X | re.S)


class SourceFile:
    """An original file's text, read once, with line starts for (line, col) look-ups."""

    def __init__(self, path, text):
        self.path, self.text = path, text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_text(self, line):
        if not 1 <= line <= len(self.line_starts):
            return None
        s = self.line_starts[line - 1]
        e = self.text.find("\n", s)
        return self.text[s:] if e < 0 else self.text[s:e]

    def offset(self, line, col):
        return self.line_starts[line - 1] + col - 1


_file_cache = {}


def read_source(path):
    """The text of `path` (UTF-8, undecodable bytes kept as surrogates), cached."""
    sf = _file_cache.get(path)
    if sf is None:
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            return None
        sf = SourceFile(path, data.decode("utf-8", "surrogateescape"))
        _file_cache[path] = sf
    return sf


class SourceMap:
    """Offsets in the preprocessed text -> locations in the original files."""

    def __init__(self, text, main_file):
        self.text = text
        self.main_file = main_file
        self.marker_offsets = [0]
        self.marker_info = [(main_file, 1)]
        self.marker_system = [False]
        self._newlines = None
        self._align_cache = {}

    def add_marker(self, offset, file, line, system=False):
        """The line starting at `offset` is line `line` of `file` (a system header if `system`)."""
        self.marker_offsets.append(offset)
        self.marker_info.append((file, line))
        self.marker_system.append(system)

    def is_system(self, off):
        """Does `off` lie in a system header (line-marker flag 3)?"""
        return self.marker_system[bisect.bisect_right(self.marker_offsets, off) - 1]

    def newlines(self):
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self.text)]
        return self._newlines

    def pp_line_bounds(self, off):
        nl = self.newlines()
        i = bisect.bisect_left(nl, off)
        start = nl[i - 1] + 1 if i > 0 else 0
        end = nl[i] if i < len(nl) else len(self.text)
        return start, end

    def file_line(self, off):
        """(file, line) of the original source that `off` comes from."""
        k = bisect.bisect_right(self.marker_offsets, off) - 1
        moff = self.marker_offsets[k]
        file, line = self.marker_info[k]
        nl = self.newlines()
        line += bisect.bisect_left(nl, off) - bisect.bisect_left(nl, moff)
        return file, line

    def _aligned(self, pp_start, file, line):
        """For one preprocessed line: {pp column -> original column} of verbatim tokens."""
        key = (pp_start, file, line)
        hit = self._align_cache.get(key)
        if hit is not None:
            return hit
        _, pp_end = self.pp_line_bounds(pp_start)
        pp_line = self.text[pp_start:pp_end]
        sf = read_source(file)
        orig = sf.line_text(line) if sf else None
        table = {}
        if orig is not None:
            # Tokens match from the left up to the first macro invocation and
            # from the right back to the last one; those are verbatim.  What
            # lies between (the expansions) is not.
            pp = [(m.start(), m.group(0)) for m in _PP_TOKEN.finditer(pp_line) if m.lastgroup != "ws"]
            og = [(m.start(), m.group(0)) for m in _PP_TOKEN.finditer(orig) if m.lastgroup != "ws"]
            n = 0
            while n < len(pp) and n < len(og) and pp[n][1] == og[n][1]:
                table[pp[n][0]] = og[n][0]
                n += 1
            if n < len(pp) and n < len(og):
                i, j = len(pp) - 1, len(og) - 1
                while i > n and j > n and pp[i][1] == og[j][1]:
                    table[pp[i][0]] = og[j][0]
                    i -= 1
                    j -= 1
        self._align_cache[key] = table
        return table

    def location(self, off):
        """(file, line, column, verbatim) of preprocessed offset `off`."""
        file, line = self.file_line(off)
        start, _ = self.pp_line_bounds(off)
        col = self._aligned(start, file, line).get(off - start)
        if col is not None:
            return file, line, col + 1, True
        return file, line, off - start + 1, False

    def original_offset(self, off):
        """(file, offset in that file) if the token at `off` is verbatim there, else None."""
        file, line, col, verbatim = self.location(off)
        if not verbatim:
            return None
        sf = read_source(file)
        return file, sf.offset(line, col)

    def loc(self, off):
        """A diagnostics `Location` for `off`, with the source line for the caret."""
        file, line, col, _ = self.location(off)
        sf = read_source(file)
        text = sf.line_text(line) if sf else None
        if text is None:
            s, e = self.pp_line_bounds(off)
            text = self.text[s:e]
        return Location(file, line, col, text)


def cc_command():
    """The C compiler atomicc runs: $ATOMICC_CC, else $CC, else gcc.

    Build systems are pointed at atomicc with CC="atomicc cc"; atomicc must
    not then run itself for every compile (it would recurse without end), so
    a $CC that names atomicc is skipped."""
    for var in ("ATOMICC_CC", "CC"):
        cmd = shlex.split(os.environ.get(var, ""))
        if cmd and not _names_atomicc(cmd):
            return cmd
    return ["gcc"]


def _names_atomicc(cmd):
    words = [os.path.basename(w) for w in cmd[:3]]
    return "atomicc" in words or (len(cmd) > 2 and cmd[1] == "-m" and cmd[2] == "atomicc")


def preprocess(path, pp_args=(), display_name=None):
    """Run `$CC -E` on `path`; return the preprocessed text (line markers kept).

    A preprocessor error (missing include, unterminated comment, #error) is
    raised as a CompileError carrying gcc's own located diagnostics.
    """
    # gcc takes a file with a suffix it does not know (`.ac`) for a linker input: say it is C
    lang = [] if path.endswith((".c", ".h", ".i")) else ["-x", "c"]
    # gcc has no `--`: a file named `-x.c` is given as `./-x.c`, and that
    # spelling is taken out of its line markers and messages again
    arg = os.path.join(".", path) if path.startswith("-") else path
    cmd = cc_command() + ["-E", "-D__ATOMICC__=1"] + list(pp_args) + lang + [arg]
    try:
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as e:
        raise CompileError(Diagnostic("error", "cannot run the preprocessor %r: %s" % (cmd[0], e.strerror), None))
    err = proc.stderr.decode("utf-8", "replace")
    text = proc.stdout.decode("utf-8", "surrogateescape")
    if arg != path:
        marker = re.compile(r'^(#\s*\d+\s+)"%s"' % re.escape(_marker_escape(arg)), re.M)
        text = marker.sub(lambda m: m.group(1) + '"%s"' % _marker_escape(path), text)
        err = "\n".join(path + ln[len(arg):] if ln.startswith(arg + ":") else ln for ln in err.splitlines())
    if proc.returncode != 0:
        raise CompileError(_gcc_diagnostics(err) or [Diagnostic(
            "error", "the preprocessor failed: %s" % (err.strip() or "exit status %d" % proc.returncode), None)])
    return text, _gcc_diagnostics(err)


def _marker_escape(name):
    """A file name as gcc writes it in a line marker: backslash and double quote escaped by a backslash."""
    return name.replace("\\", "\\\\").replace('"', '\\"')


def _gcc_diagnostics(stderr):
    out = []
    for ln in stderr.splitlines():
        m = _GCC_DIAG.match(ln)
        if not m:
            continue
        sev = m.group("sev")
        sev = "error" if sev == "fatal error" else sev
        line, col = int(m.group("line")), int(m.group("col") or 1)
        sf = read_source(m.group("file"))
        text = sf.line_text(line) if sf else None
        d = Diagnostic(sev, m.group("msg"), Location(m.group("file"), line, col, text))
        if sev == "note" and out:
            out[-1].notes.append(d)
        else:
            out.append(d)
    return out
