"""The compiler driver: runs the pipeline on one file, and `atomicc cc`.

    preprocess ($CC -E) -> parse -> analyze blocks -> choose strategy -> lower
    -> emit (edit the original text, or the preprocessed text as fallback)

Only this module and cli.py know about flags and subprocesses.  `compile_file`
returns the lowered text and the Diagnostics; `cc` builds a program with the
runtime, like `mpicc`.

    >>> r = compile_file("samples/bank.c")          # doctest: +SKIP
    >>> r.text.startswith('#include "atomicc_rt.h"')  # doctest: +SKIP
    True
"""

import glob
import hashlib
import os
import shlex
import subprocess
import sys
import tempfile

from .diagnostics import CompileError, Diagnostic, Location
from .source import cc_command, preprocess, read_source

STM_READY = True
STRATEGIES = ("auto", "global", "pervar", "stm", "atomic-op") if STM_READY else ("auto", "global", "pervar", "atomic-op")
PLANNED_STRATEGIES = () if STM_READY else ("stm",)


def runtime_dir():
    """Directory of the C runtime (atomicc_rt.h and its .c files)."""
    try:
        from importlib import resources
        p = resources.files("atomicc.runtime_c")
        if p.joinpath("atomicc_rt.h").is_file():
            return str(p)
    except (ImportError, ModuleNotFoundError, TypeError):
        pass
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return os.path.join(here, "runtime_c")


def runtime_sources():
    return sorted(glob.glob(os.path.join(runtime_dir(), "*.c")))


class Result:
    def __init__(self, text, diagnostics, mode="original", reason=None):
        self.text, self.diagnostics, self.mode, self.reason = text, diagnostics, mode, reason


class Frontend:
    """Preprocessed text, AST and source map of one file."""

    def __init__(self, path, pp_args=()):
        check_readable(path)
        self.path = path
        self.text, self.pp_warnings = preprocess(path, pp_args)
        from .frontend.parser import Parser
        self.tu, self.sm = Parser().parse(self.text, path)


def check_readable(path):
    """A located error for unreadable, empty or binary input."""
    if os.path.isdir(path):
        raise CompileError(Diagnostic("error", "'%s' is a directory" % path, None))
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise CompileError(Diagnostic("error", "cannot read '%s': %s" % (path, e.strerror), None))
    if not data.strip():
        raise CompileError(Diagnostic("error", "the file is empty (a translation unit needs at least one declaration)",
                                      Location(path, 1, 1, "")))
    nul = data.find(b"\0")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        col = nul - (data.rfind(b"\n", 0, nul) + 1) + 1
        sf = read_source(path)
        raise CompileError(Diagnostic("error", "binary data (a NUL byte) in a C source file",
                                      Location(path, line, col, sf.line_text(line) if sf else None)))
    return data


class Analysis:
    """Everything the passes computed for one file (for `explain` and lowering)."""

    def __init__(self, fe, blocks, accesses, plans, diagnostics, threads=None):
        self.fe, self.blocks, self.accesses, self.plans = fe, blocks, accesses, plans
        self.diagnostics = diagnostics
        self.threads = threads


def analyze_file(path, pp_args=(), strategy="auto", cpus=None):
    """Parse and analyze `path`: blocks, read/write sets, strategy plans."""
    from .analysis.accesses import analyze_accesses
    from .analysis.blocks import analyze_blocks
    from .analysis.callgraph import resolve_indirect
    from .analysis.threads import thread_model
    from .analysis.irrevocable import find_irrevocable, retry_irrevocable_errors
    from .analysis.scopes import resolve_names
    from .analysis.types import TypeInfo
    from .lower.strategy import choose

    fe = Frontend(path, pp_args)
    resolve_names(fe.tu)
    info = analyze_blocks(fe.tu, fe.sm)
    if any(d.severity == "error" for d in info.diagnostics):
        raise CompileError(info.diagnostics)
    irrevocable = find_irrevocable(fe.tu, info)
    diags = retry_irrevocable_errors(info, irrevocable, fe.sm)
    if diags:
        raise CompileError(diags)
    acc = analyze_accesses(fe.tu, fe.sm, info)
    resolve_indirect(info.callgraph, acc.pa)
    threads = thread_model(fe.tu, info.callgraph, acc.pa)
    types = TypeInfo(fe.tu)
    plans, diags = choose(fe.tu, fe.sm, info, acc, strategy,
                          integer_lvalue=lambda lv, b: types.is_integer_lvalue(lv), irrevocable=irrevocable,
                          bitfield=types.is_bitfield,
                          allow_stm=STM_READY, cpus=cpus)
    if any(d.severity == "error" for d in diags):
        raise CompileError(diags)
    return Analysis(fe, info, acc, plans, fe.pp_warnings + info.diagnostics + diags, threads)


def compile_file(path, pp_args=(), strategy="auto", cpus=None):
    """Lower every atomic block of `path`; returns a Result (raises CompileError)."""
    from .emit.rewrite import emit
    from .lower.lower import lower

    an = analyze_file(path, pp_args, strategy, cpus)
    edits, diags = lower(an)
    if any(d.severity == "error" for d in diags):
        raise CompileError(diags)
    out = emit(path, an.fe.sm, edits)
    return Result(out.text, an.diagnostics + diags, out.mode, out.reason)


def write_output(path, text):
    """Write `text` to `path` whole or not at all ('-' is stdout)."""
    if path in (None, "-"):
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    d = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".atomicc-", dir=d)
    except OSError as e:
        raise CompileError(Diagnostic("error", "cannot write '%s': %s" % (path, e.strerror), None))
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise CompileError(Diagnostic("error", "cannot write '%s': %s" % (path, e.strerror), None))
        raise


# ---------------------------------------------------------------- atomicc cc
# gcc flags whose argument is the next word (chibicc keeps the same table).
GCC_FLAGS_WITH_ARG = {
    "-o", "-I", "-D", "-U", "-include", "-imacros", "-isystem", "-idirafter", "-iquote",
    "-iprefix", "-iwithprefix", "-iwithprefixbefore", "-isysroot", "-imultilib", "-x",
    "-L", "-l", "-MF", "-MT", "-MQ", "-Xlinker", "-Xassembler", "-Xpreprocessor", "-T",
    "-u", "-z", "--param", "-aux-info", "-dumpbase", "-dumpdir", "-e", "--entry", "-specs",
}
# Flags that only concern linking or output, not preprocessing.
_NOT_FOR_PP = ("-o", "-l", "-L", "-Wl,", "-Xlinker", "-Xassembler", "-T", "-u", "-z", "-M", "-c", "-S",
               "-E", "-shared", "-static", "-rdynamic", "-s", "-e", "--entry", "-specs", "-x")
SOURCE_SUFFIXES = (".c", ".ac", ".i")


class CcArgs:
    def __init__(self):
        self.sources = []       # Atomic C files to lower
        self.others = []        # every other gcc argument, in order (with placeholders for sources)
        self.output = None
        self.strategy = "auto"
        self.target = "native"
        self.cpus = None         # --cpus=N: the machine auto's cost model plans for
        self.dry_run = False     # -###
        self.compile_only = None  # "-c" / "-S" / "-E" / None


def parse_cc_args(argv):
    a = CcArgs()
    i = 0
    while i < len(argv):
        x = argv[i]
        if x.startswith("--strategy="):
            a.strategy = x.split("=", 1)[1]
        elif x == "--strategy" and i + 1 < len(argv):
            i += 1
            a.strategy = argv[i]
        elif x.startswith("--target="):
            a.target = x.split("=", 1)[1]
        elif x.startswith("--cpus="):
            a.cpus = parse_cpus(x.split("=", 1)[1])
        elif x == "-###":
            a.dry_run = True
        elif x in ("-c", "-S", "-E"):
            a.compile_only = x
            a.others.append(x)
        elif x == "-o":
            if i + 1 >= len(argv):
                raise CompileError(Diagnostic("error", "missing filename after '-o'", None))
            i += 1
            a.output = argv[i]
        elif x.startswith("-o") and len(x) > 2:
            a.output = x[2:]
        elif x in GCC_FLAGS_WITH_ARG:
            if i + 1 >= len(argv):
                raise CompileError(Diagnostic("error", "missing argument to '%s'" % x, None))
            a.others.extend([x, argv[i + 1]])
            i += 1
        elif not x.startswith("-") and x.endswith(SOURCE_SUFFIXES):
            a.sources.append(x)
            a.others.append(("SRC", len(a.sources) - 1))
        else:
            a.others.append(x)
        i += 1
    return a


def preprocessor_args(others):
    out = []
    i = 0
    while i < len(others):
        x = others[i]
        if isinstance(x, tuple):
            i += 1
            continue
        if x in GCC_FLAGS_WITH_ARG:
            if not x.startswith(_NOT_FOR_PP):
                out.extend([x, others[i + 1]])
            i += 2
            continue
        if not x.startswith(_NOT_FOR_PP) and x.startswith("-"):
            out.append(x)
        i += 1
    return out


def cc(argv, stderr=None):
    """`atomicc cc`: lower each Atomic C source, then compile and link with $CC."""
    stderr = stderr or sys.stderr
    a = parse_cc_args(argv)
    if a.strategy not in STRATEGIES:
        raise CompileError(Diagnostic("error", strategy_error(a.strategy), None))
    if a.target != "native":
        raise CompileError(Diagnostic("error", "--target=%s: only the native target is built so far "
                                      "(the simulated multiprocessor comes with the benchmark work)" % a.target, None))
    if not a.sources and not any(isinstance(x, str) and not x.startswith("-") for x in a.others):
        raise CompileError(Diagnostic("error", "no input files", None))
    pp_args = preprocessor_args(a.others)
    tmpdir = tempfile.mkdtemp(prefix="atomicc-")
    try:
        lowered = []
        for idx, src in enumerate(a.sources):
            base = os.path.basename(src)
            out_c = os.path.join(tmpdir, "%d-%s" % (idx, base if base.endswith(".c") else base + ".c"))
            if a.dry_run:
                stderr.write("atomicc %s --strategy=%s%s %s -o %s\n" % (
                    src, a.strategy, " --cpus=%d" % a.cpus if a.cpus else "",
                    " ".join(shlex.quote(p) for p in pp_args), out_c))
            else:
                r = compile_file(src, pp_args, a.strategy, a.cpus)
                for d in r.diagnostics:
                    stderr.write(d.render())
                write_output(out_c, r.text)
            lowered.append(out_c)
        cmd = cc_command()
        for x in a.others:
            if isinstance(x, tuple):
                cmd.append(lowered[x[1]])
            else:
                cmd.append(x)
        cmd += ["-I" + runtime_dir()]
        links = a.compile_only is None
        if a.compile_only and a.output is None and len(a.sources) == 1:
            # gcc would name the object after our temporary file.
            stem = os.path.splitext(os.path.basename(a.sources[0]))[0]
            a.output = stem + (".o" if a.compile_only == "-c" else ".s" if a.compile_only == "-S" else ".i")
        if links:
            cmd += runtime_sources() + ["-pthread"]
        if a.output is not None:
            cmd += ["-o", a.output]
        if a.dry_run:
            stderr.write(" ".join(shlex.quote(c) for c in cmd) + "\n")
            return 0
        try:
            proc = subprocess.run(cmd)
        except OSError as e:
            raise CompileError(Diagnostic("error", "cannot run %r: %s" % (cmd[0], e.strerror), None))
        return 0 if proc.returncode == 0 else 1
    finally:
        for f in glob.glob(os.path.join(tmpdir, "*")):
            os.unlink(f)
        os.rmdir(tmpdir)


def parse_cpus(text):
    """--cpus=N for auto's cost model: a positive integer."""
    try:
        n = int(text)
    except ValueError:
        n = 0
    if not 1 <= n <= 4096:
        raise CompileError(Diagnostic("error", "--cpus wants a number of CPUs from 1 to 4096, not '%s'" % text, None), status=2)
    return n


def strategy_error(name):
    if name in PLANNED_STRATEGIES:
        return ("strategy '%s' is not available in this version; available: %s"
                % (name, ", ".join(STRATEGIES)))
    return "unknown strategy '%s'; choose one of: %s" % (name, ", ".join(STRATEGIES))


def runtime_library():
    """Build (once, cached) libatomicc-runtime.a for `--libs`; returns its directory."""
    srcs = runtime_sources()
    h = hashlib.sha256()
    # Key on every source and header: an inline fast path in a header must match
    # the library it is linked with (a stale library once corrupted the bank).
    for s in srcs + sorted(glob.glob(os.path.join(runtime_dir(), "*.h"))):
        h.update(os.path.basename(s).encode() + b"\0")
        with open(s, "rb") as f:
            h.update(f.read())
    h.update(" ".join(cc_command()).encode())
    from .frontend.parser import _cache_dir
    d = os.path.join(_cache_dir(), "lib-" + h.hexdigest()[:16])
    lib = os.path.join(d, "libatomicc-runtime.a")
    if os.path.exists(lib):
        return d
    os.makedirs(d, exist_ok=True)
    objs = []
    for s in srcs:
        o = os.path.join(d, os.path.basename(s)[:-2] + ".o")
        subprocess.run(cc_command() + ["-O2", "-fPIC", "-pthread", "-I" + runtime_dir(), "-c", s, "-o", o], check=True)
        objs.append(o)
    tmp = lib + ".%d.tmp" % os.getpid()
    subprocess.run(["ar", "rcs", tmp] + objs, check=True)
    os.replace(tmp, lib)
    return d
