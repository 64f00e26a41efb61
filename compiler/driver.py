"""The compiler driver: runs the pipeline on a program (one or more files), and `atomicc cc`.

    per unit: preprocess ($CC -E) -> parse
    program:  bind names and link units (semantics/) -> points-to, call graph,
              blocks, irrevocable calls, read/write sets, threads (analysis/)
              -> components, legality, cost model, lock plans (plan/)
    per unit: lower (lower/) -> emit: edit the original text, or the
              preprocessed text as fallback (emit/), plus the plan guards

Only this module and cli.py know about flags and subprocesses.
`compile_program` returns the lowered text of every unit; `cc` builds a
program with the runtime, like `mpicc`, and links objects made by
`atomicc cc -c` by planning over all their units again.

    >>> r = compile_file("samples/bank.c")          # doctest: +SKIP
    >>> r.text.startswith('#include "atomicc_rt.h"')  # doctest: +SKIP
    True
"""

import glob
import hashlib
import json
import os
import shlex
import shutil
import stat
import subprocess
import sys
import tempfile
import zlib

from .diagnostics import CompileError, Diagnostic, Location, fault_point
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
        with _processing(path):
            fault_point("parse", path)
            self.tu, self.sm = Parser().parse(self.text, path)


class _processing:
    """Names `path` in an internal error raised inside (the message says which
    file was being processed when the compiler failed)."""

    def __init__(self, path):
        self.path = path

    def __enter__(self):
        return self

    def __exit__(self, typ, e, tb):
        if e is not None and not isinstance(e, (CompileError, KeyboardInterrupt, SystemExit)) \
                and getattr(e, "atomicc_where", None) is None:
            try:
                e.atomicc_where = self.path
            except (AttributeError, TypeError):
                pass
        return False


# The files this run reads, as (device, inode): an output must never replace
# one (gcc refuses `gcc x.c -o x.c` too).  cli.main starts each run afresh.
_inputs = set()


def note_input(path):
    """Remember that `path` is an input of this run (see check_not_input)."""
    try:
        st = os.stat(path)
    except OSError:
        return
    _inputs.add((st.st_dev, st.st_ino))


def check_not_input(path):
    """A usage error if writing `path` would replace an input file (under any name)."""
    try:
        st = os.stat(path)
    except OSError:
        return
    if (st.st_dev, st.st_ino) in _inputs:
        raise CompileError(Diagnostic("error", "the output '%s' is an input file; it would be overwritten" % path,
                                      None), status=2)


def check_readable(path):
    """A located error for unreadable, empty or binary input."""
    if os.path.isdir(path):
        raise CompileError(Diagnostic("error", "'%s' is a directory" % path, None))
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise CompileError(Diagnostic("error", "cannot read '%s': %s" % (path, e.strerror), None))
    note_input(path)
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


class ProgramAnalysis:
    """Everything the passes computed for a whole program (for `explain`, lint and lowering)."""

    def __init__(self, program, blocks, accesses, plans, diagnostics, threads, callgraph, irrevocable):
        self.program = program
        self.blocks, self.accesses, self.plans = blocks, accesses, plans
        self.diagnostics = diagnostics
        self.threads = threads
        self.callgraph = callgraph
        self.irrevocable = irrevocable


def load_program(units, carried=(), jobs=None, cache_dir=None):
    """Parse and bind a program: `units` is [(path, pp_args)], one per translation unit.

    Every unit is parsed with its own flags; external names are linked across
    units (semantics/program.py).  `carried` are units kept in objects by
    `atomicc cc -c` (their preprocessed text and source, see unit_payload).
    `jobs` and `cache_dir`: parallel parsing and the cache of parsed units
    (units.py; None: every CPU, the default cache; cache_dir=False: none)."""
    from .frontend.parser import Parser
    from .semantics.program import Program
    from .source import SourceFile, _file_cache
    from .units import load_units
    program = Program()
    seen = set()
    with load_units(units, jobs, cache_dir) as loaded:
        for path, pp_args in units:
            key = os.path.realpath(path)
            if key in seen:
                raise CompileError(Diagnostic("error", "'%s' is given twice: each file of a program is one "
                                              "translation unit" % path, None), status=2)
            seen.add(key)
            fe = next(loaded)
            note_input(path)              # here: a worker process may have read it
            program.add(path, fe.tu, fe.sm, pp_args, fe.pp_warnings)
    for data in carried:
        path = data["path"]
        if os.path.realpath(path) in seen:
            raise CompileError(Diagnostic("error", "'%s' is in the program twice: as a source and in an object "
                                          "made from it" % path, None), status=2)
        seen.add(os.path.realpath(path))
        if data.get("source") is not None:
            _file_cache[path] = SourceFile(path, data["source"])     # the text the object was made from
        with _processing(path):
            fault_point("parse", path)
            tu, sm = Parser().parse(data["pp_text"], path)
        program.add(path, tu, sm, data.get("pp_args", []))
    program.bind()
    return program


def analyze_program(program, strategy="auto", cpus=None, partial=False, target="native"):
    """Run the analyses and the planning stage over a bound Program; returns a ProgramAnalysis.

    `partial`: the units are part of a larger program (`atomicc cc -c`); the
    plan is provisional where it depends on functions defined elsewhere, and
    such units must be linked by `atomicc cc`, which plans again over all."""
    from .analysis.accesses import analyze_accesses
    from .analysis.alias import analyze_pointers
    from .analysis.blocks import analyze_blocks
    from .analysis.callgraph import build_callgraph
    from .analysis.irrevocable import find_irrevocable, retry_irrevocable_errors
    from .analysis.threads import thread_model
    from .plan.planner import choose

    fault_point("analyze", program.units[0].path if program.units else None)
    pa = analyze_pointers(program)
    cg = build_callgraph(program, pa)
    info = analyze_blocks(program, cg, pa, partial)
    if any(d.severity == "error" for d in info.diagnostics):
        raise CompileError(info.diagnostics)
    provisional = set()
    irrevocable = find_irrevocable(info, cg, pa, partial, provisional)
    diags = retry_irrevocable_errors(info, irrevocable) + _nonlocal_jump_errors(info, irrevocable)
    if diags:
        raise CompileError(diags)
    acc = analyze_accesses(program, info, cg, pa, partial, provisional)
    threads = thread_model(program, cg, pa)
    fault_point("plan", program.units[0].path if program.units else None)
    plans, diags = choose(program, info, acc, cg, strategy, irrevocable=irrevocable,
                          allow_stm=STM_READY, cpus=cpus, target=target)
    if any(d.severity == "error" for d in diags):
        raise CompileError(diags)
    warnings = [w for u in program.units for w in u.pp_warnings]
    an = ProgramAnalysis(program, info, acc, plans, warnings + info.diagnostics + diags, threads, cg,
                         irrevocable)
    an.provisional = provisional
    return an


_NONLOCAL_JUMPS = frozenset(("longjmp", "siglongjmp", "_longjmp", "__longjmp_chk", "__builtin_longjmp"))


def _nonlocal_jump_errors(info, irrevocable):
    """A longjmp reachable inside an atomic block is an error: the jump would
    leave the block without committing it or releasing what it holds (no
    lowering can see where it lands)."""
    diags = []
    for b in info.blocks:
        for i in irrevocable.get(b.index) or []:
            if i.name in _NONLOCAL_JUMPS:
                diags.append(Diagnostic(
                    "error", "%s inside an atomic block would leave the block without committing it or releasing "
                    "its locks; leave the block first, then jump" % i.describe(), i.loc(),
                    [Diagnostic("note", "the atomic block starts here", b.unit.loc(b.node))]))
                break
    return diags


def analyze_file(path, pp_args=(), strategy="auto", cpus=None):
    """A one-file program, analysed (see analyze_program)."""
    return analyze_program(load_program([(path, pp_args)]), strategy, cpus)


def lower_program(an):
    """The lowered text of every unit: [(Unit, Result)] in unit order (raises CompileError)."""
    from .emit.rewrite import emit
    from .lower.lower import lower
    from .objects import plan_guard_asm
    from .plan.guards import plan_anchors

    out = []
    all_diags = []
    anchors = plan_anchors(an)
    for unit in an.program.units:
        with _processing(unit.path):
            fault_point("lower", unit.path)
            edits, diags = lower(an, unit)
        all_diags += diags
        if any(d.severity == "error" for d in diags):
            continue
        with _processing(unit.path):
            fault_point("emit", unit.path)
            e = emit(unit.path, unit.sm, edits)
        text = e.text
        if anchors.get(unit):
            # link-time check that every unit sharing data was lowered under this plan (plan/guards.py)
            text += ("" if text.endswith("\n") else "\n") + plan_guard_asm(anchors[unit])
        if unit in getattr(an, "provisional", ()):
            text += PROVISIONAL_GUARD
        if e.mode == "preprocessed":
            all_diags.append(Diagnostic("note", "the lowered %s is its preprocessed translation unit (with #line "
                                        "directives), not an edit of the file: %s" % (unit.path, e.reason), None))
        out.append((unit, Result(text, [], e.mode, e.reason)))
    if any(d.severity == "error" for d in all_diags):
        raise CompileError(all_diags)
    severity = getattr(an, "deadlock_severity", "warning")
    if severity != "ignore":
        # blocks hold their plans' locks: a cycle with the program's own mutexes is a deadlock
        from .lint.rules import block_lock_cycles
        cycles = block_lock_cycles(an, severity)
        if any(d.severity == "error" for d in cycles):
            raise CompileError(cycles)
        an.diagnostics = an.diagnostics + cycles
    if out:
        out[0][1].diagnostics = an.diagnostics + all_diags
    return out


def deadlock_severity(flags):
    """The severity of lock-order cycles between atomic blocks and mutexes from -W flags
    (-Werror=deadlock / -Werror: error, -Wno-deadlock: none, -Wno-error=deadlock: warning)."""
    sev = "warning"
    for f in flags:
        if f in ("-Werror=deadlock", "-Werror"):
            sev = "error"
        elif f == "-Wno-error=deadlock" and sev == "error":
            sev = "warning"
        elif f == "-Wno-deadlock":
            sev = "ignore"
        elif f == "-Wdeadlock" and sev == "ignore":
            sev = "warning"
    return sev


# A unit planned without the bodies of functions it calls (atomicc cc -c) is
# provisional: only `atomicc cc`'s link step, which plans again over every
# unit, may link it; a plain link fails on this symbol, which nothing defines.
PROVISIONAL_GUARD = ("\n/* atomicc: this unit was planned without the bodies of functions it calls in other files;\n"
                     "   link it with 'atomicc cc', which plans the whole program again. */\n"
                     "extern const char __atomicc_link_this_object_with_atomicc_cc[] "
                     "__attribute__((visibility(\"hidden\")));\n"
                     "static const void *const __atomicc_provisional __attribute__((used)) = "
                     "__atomicc_link_this_object_with_atomicc_cc;\n")


def compile_program(units, strategy="auto", cpus=None, deadlock="warning", jobs=None, cache_dir=None):
    """Lower a whole program ([(path, pp_args)]); returns [(Unit, Result)].

    `deadlock`: what a lock-order cycle between atomic blocks and mutexes is
    ("warning", "error" or "ignore"); `jobs`, `cache_dir`: see load_program."""
    an = analyze_program(load_program(units, jobs=jobs, cache_dir=cache_dir), strategy, cpus)
    an.deadlock_severity = deadlock
    return lower_program(an)


def compile_file(path, pp_args=(), strategy="auto", cpus=None):
    """Lower every atomic block of a one-file program; returns a Result (raises CompileError)."""
    return compile_program([(path, pp_args)], strategy, cpus)[0][1]


def write_output(path, text):
    """Write `text` to `path` whole or not at all ('-' is stdout): into a new
    file in the same directory, renamed over `path` when complete.  A device
    or pipe (`-o /dev/null`) is written directly."""
    if path in (None, "-"):
        _write_stream(sys.stdout, text)
        return
    check_not_input(path)
    if _special_file(path):
        try:
            with open(path, "w", encoding="utf-8", errors="surrogateescape") as f:
                f.write(text)
        except OSError as e:
            raise _write_error(path, e)
        return
    fd, tmp = _temp_beside(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException as e:
        _unlink_quietly(tmp)
        if isinstance(e, OSError):
            raise _write_error(path, e)
        raise


def _write_stream(stream, text):
    """Write `text` to a standard stream as UTF-8, file names that are not UTF-8 byte for byte."""
    buf = getattr(stream, "buffer", None)
    if buf is None:
        stream.write(text)
    else:
        stream.flush()
        buf.write(text.encode("utf-8", "surrogateescape"))
    stream.flush()


def _write_error(path, e):
    """The error for an output that cannot be written (exit status 1, like gcc's)."""
    if os.path.isdir(path):
        return CompileError(Diagnostic("error", "cannot write '%s': it is a directory" % path, None))
    return CompileError(Diagnostic("error", "cannot write '%s': %s" % (path, e.strerror or e), None))


def _special_file(path):
    """Is `path` an existing file that is not a regular file or directory (a device, a pipe)?
    Such outputs are written in place: a rename would replace the device node."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _temp_beside(path):
    """(fd, name) of a new private file in `path`'s directory, for an atomic replace."""
    if os.path.isdir(path):
        raise _write_error(path, OSError(21, "Is a directory"))
    d = os.path.dirname(os.path.abspath(path))
    try:
        return tempfile.mkstemp(prefix=".atomicc-", suffix=".tmp", dir=d)
    except OSError as e:
        raise _write_error(path, e)


def _unlink_quietly(path):
    try:
        os.unlink(path)
    except OSError:
        pass


# ---------------------------------------------------------------- atomicc cc
# gcc flags whose argument is the next word (chibicc keeps the same table).
GCC_FLAGS_WITH_ARG = {
    "-o", "-I", "-D", "-U", "-include", "-imacros", "-isystem", "-idirafter", "-iquote",
    "-iprefix", "-iwithprefix", "-iwithprefixbefore", "-isysroot", "-imultilib", "-x",
    "-L", "-l", "-MF", "-MT", "-MQ", "-Xlinker", "-Xassembler", "-Xpreprocessor", "-T",
    "-u", "-z", "--param", "-aux-info", "-dumpbase", "-dumpdir", "-e", "--entry", "-specs",
}
# Flags that only concern linking or output, not preprocessing (prefixes; -s
# only exactly, else -std= would not reach the preprocessor).
_NOT_FOR_PP = ("-o", "-l", "-L", "-Wl,", "-Xlinker", "-Xassembler", "-T", "-u", "-z", "-M", "-c", "-S",
               "-E", "-shared", "-static", "-rdynamic", "-e", "--entry", "-specs", "-x")
SOURCE_SUFFIXES = (".c", ".ac", ".i")


def _not_for_pp(flag):
    return flag == "-s" or flag.startswith(_NOT_FOR_PP)


class CcArgs:
    def __init__(self):
        self.sources = []       # Atomic C files to lower
        self.others = []        # every other gcc argument, in order (with placeholders for sources)
        self.output = None
        self.strategy = "auto"
        self.target = "native"
        self.sim_cpus = None     # --target=sim:N: the simulated machine's default vCPU count
        self.cpus = None         # --cpus=N: the machine auto's cost model plans for
        self.dry_run = False     # -###
        self.compile_only = None  # "-c" / "-S" / "-E" / None
        self.deadlock = "warning"  # lock-order cycles between blocks and mutexes (-Werror=deadlock, -Wno-deadlock)
        self.jobs = None         # -j N / --jobs=N: units parsed at a time (units.py)
        self.cache_dir = None    # --cache-dir=DIR; --no-cache: False


def parse_cc_args(argv):
    a = CcArgs()
    i = 0
    while i < len(argv):
        x = argv[i]
        if x == "--":
            # gcc has no `--`; atomicc takes every later argument as an input file
            # (`-x.c` is then a file; it reaches gcc as `./-x.c`)
            for f in argv[i + 1:]:
                if f.endswith(SOURCE_SUFFIXES):
                    a.sources.append(f)
                    a.others.append(("SRC", len(a.sources) - 1))
                else:
                    a.others.append(os.path.join(".", f) if f.startswith("-") else f)
            break
        if x.startswith("--strategy="):
            a.strategy = x.split("=", 1)[1]
        elif x == "--strategy" and i + 1 < len(argv):
            i += 1
            a.strategy = argv[i]
        elif x.startswith("--target="):
            a.target, a.sim_cpus = parse_target(x.split("=", 1)[1])
        elif x.startswith("--cpus="):
            a.cpus = parse_cpus(x.split("=", 1)[1])
        elif x in ("-j", "--jobs") or x.startswith(("-j", "--jobs=")):    # gcc has no -j
            if x in ("-j", "--jobs"):
                if i + 1 >= len(argv):
                    raise CompileError(Diagnostic("error", "missing number after '%s'" % x, None), status=2)
                i += 1
            from .units import parse_jobs
            a.jobs = parse_jobs(argv[i] if x in ("-j", "--jobs") else x.split("=", 1)[1] if "=" in x else x[2:])
        elif x.startswith("--cache-dir="):
            a.cache_dir = x.split("=", 1)[1]
        elif x == "--no-cache":
            a.cache_dir = False
        elif x == "-###":
            a.dry_run = True
        elif x in ("-Werror=deadlock", "-Wno-deadlock", "-Wno-error=deadlock", "-Wdeadlock"):
            a.deadlock = deadlock_severity([x]) if x != "-Wno-error=deadlock" else "warning"
        elif x == "-Werror":
            a.deadlock = "error"
            a.others.append(x)
        elif x in ("-c", "-S", "-E"):
            a.compile_only = x
            a.others.append(x)
        elif x == "-o":
            if i + 1 >= len(argv):
                raise CompileError(Diagnostic("error", "missing filename after '-o'", None), status=2)
            i += 1
            a.output = argv[i]
        elif x.startswith("-o") and len(x) > 2:
            a.output = x[2:]
        elif x in GCC_FLAGS_WITH_ARG:
            if i + 1 >= len(argv):
                raise CompileError(Diagnostic("error", "missing argument to '%s'" % x, None), status=2)
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
            if not _not_for_pp(x):
                out.extend([x, others[i + 1]])
            i += 2
            continue
        if not _not_for_pp(x) and x.startswith("-"):
            out.append(x)
        i += 1
    return out


def cc(argv, stderr=None):
    """`atomicc cc`: lower the Atomic C sources as one program, compile and link with $CC.

    Sources given together are one program.  Objects and archives made by
    `atomicc cc -c` carry their unit (objects.py); linking them plans over
    every unit again and recompiles the units whose lowering changed, GCC
    LTO style, so separate compilation never loses atomicity."""
    stderr = stderr or sys.stderr
    a = parse_cc_args(argv)
    if a.strategy not in STRATEGIES:
        raise CompileError(Diagnostic("error", strategy_error(a.strategy), None), status=2)
    if a.target == "sim":
        if any(f.startswith("-fsanitize=") and "thread" in f for f in a.others if isinstance(f, str)):
            raise CompileError(Diagnostic("error", "--target=sim cannot be combined with -fsanitize=thread "
                                          "(the simulator runs every thread on one host thread)", None), status=2)
        if a.cpus is None and a.sim_cpus is not None:
            a.cpus = a.sim_cpus          # auto plans for the simulated machine
    inputs = [x for x in a.others if isinstance(x, str) and not x.startswith("-")]
    for k, x in enumerate(a.others):          # objects and archives (not the values of flags)
        if isinstance(x, str) and not x.startswith("-") and not (k and a.others[k - 1] in GCC_FLAGS_WITH_ARG):
            note_input(x)
    if not a.sources and not inputs:
        raise CompileError(Diagnostic("error", "no input files", None), status=2)
    if a.compile_only and a.output is not None and len(a.sources) > 1:
        raise CompileError(Diagnostic("error", "cannot specify '-o' with '%s' and several source files"
                                      % a.compile_only, None), status=2)
    pp_args = preprocessor_args(a.others)
    flags = compile_flags(a.others)
    tmpdir = tempfile.mkdtemp(prefix="atomicc-")
    # gcc, as and ld make their own temporary files in $TMPDIR: point them at
    # the private directory, so that what a killed child leaves goes with it
    saved = os.environ.get("TMPDIR")
    os.environ["TMPDIR"] = tmpdir
    try:
        return _cc(a, pp_args, flags, inputs, tmpdir, stderr)
    finally:
        if saved is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = saved
        shutil.rmtree(tmpdir, ignore_errors=True)


def _cc(a, pp_args, flags, inputs, tmpdir, stderr):
    links = a.compile_only is None
    # units carried by objects and archives (separate compilation)
    carried = []
    from . import objects
    if links and inputs:
        try:
            units = objects.read_units([x for x in inputs if os.path.isfile(x)])
        except (objects.ObjectToolError, objects.ArchiveError, OSError) as e:
            raise CompileError(Diagnostic("error", _object_error(e), None))
        for u in units:
            where = u.path if u.member is None else "%s(%s)" % (u.path, u.member)
            payload = unit_payload_load(u.payload, where)
            if payload.get("target", "native") != a.target:
                raise CompileError(Diagnostic("error", "%s was compiled with --target=%s; link it with --target=%s "
                                              "too" % (where, payload.get("target", "native"),
                                                       payload.get("target", "native")), None))
            carried.append((u, payload))
    lowered = {}                      # source index -> lowered .c path
    replaced = {}                     # object/archive path -> path to link instead
    if a.sources or carried:
        specs = [(src, pp_args) for src in a.sources]
        if a.dry_run:
            for idx, src in enumerate(a.sources):
                stderr.write("atomicc %s --strategy=%s%s %s\n" % (
                    src, a.strategy, " --cpus=%d" % a.cpus if a.cpus else "",
                    " ".join(shlex.quote(p) for p in pp_args)))
        program = load_program(specs, carried=[c[1] for c in carried], jobs=a.jobs, cache_dir=a.cache_dir)
        an = analyze_program(program, a.strategy, a.cpus, partial=not links, target=a.target)
        an.deadlock_severity = a.deadlock
        results = lower_program(an)
        for d in an.diagnostics:
            stderr.write(d.render())
        by_unit = {id(u): r for u, r in results}
        for idx, src in enumerate(a.sources):
            unit = program.units[idx]
            base = os.path.basename(src)
            out_c = os.path.join(tmpdir, "%d-%s" % (idx, base if base.endswith(".c") else base + ".c"))
            text = by_unit[id(unit)].text
            write_output(out_c, text)
            lowered[idx] = (out_c, unit, text)
        # carried units whose lowering changed are recompiled with their own flags
        changed = {}
        for k, (u, payload) in enumerate(carried):
            unit = program.units[len(a.sources) + k]
            text = by_unit[id(unit)].text
            if hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest() == payload["lowered_sha256"]:
                continue
            base = os.path.basename(payload["path"])
            out_c = os.path.join(tmpdir, "relower-%d-%s" % (k, base if base.endswith(".c") else base + ".c"))
            write_output(out_c, text)
            obj = os.path.join(tmpdir, "relower-%d.o" % k)
            if _compile_unit(a, _no_dependency_output(payload["flags"]), ["-iquote", os.path.dirname(payload["path"])],
                             out_c, obj, tmpdir, stderr) != 0:
                return 1
            # an archive member by its position: two members may have one name
            changed.setdefault(u.path, {})[u.index] = (u.member, obj)
        for path, members in changed.items():
            if None in members:
                replaced[path] = members[None][1]
            else:
                new = os.path.join(tmpdir, "relink-%d-%s" % (len(replaced), os.path.basename(path)))
                if a.dry_run:
                    stderr.write("# %s: a copy of %s with %s recompiled\n" % (
                        new, path, ", ".join("%s (member %d)" % (members[i][0], i + 1) for i in sorted(members))))
                else:
                    try:
                        objects.replace_members(path, {i: o for i, (_, o) in members.items()}, new)
                    except (objects.ObjectToolError, objects.ArchiveError, OSError) as e:
                        raise CompileError(Diagnostic("error", _object_error(e), None))
                replaced[path] = new
    if not links:
        return _compile_only(a, flags, lowered, tmpdir, stderr)
    # compile each lowered unit (its own directory first for "x.h"), then link
    link = cc_command()
    objs = {}
    for idx, (out_c, unit, text) in lowered.items():
        obj = os.path.join(tmpdir, "%d.o" % idx)
        if _compile_unit(a, flags, _quote_dir(a.sources[idx]), out_c, obj, tmpdir, stderr) != 0:
            return 1
        objs[idx] = obj
    for x in a.others:
        if isinstance(x, tuple):
            link.append(objs[x[1]])
        elif x in replaced:
            link.append(replaced[x])
        else:
            link.append(x)
    if a.target == "sim":
        link += _sim_link_args(a, flags, tmpdir, stderr)
    else:
        link += ["-L" + runtime_library(flags, build=not a.dry_run), "-latomicc-runtime", "-pthread"]
    # the program is linked in the private directory and renamed into place:
    # a failed link leaves an existing program as it was (ld removes its output)
    out = a.output if a.output is not None else "a.out"
    linked = out if out == "-" else os.path.join(tmpdir, "linked")
    if _run(link + ["-o", linked], a.dry_run, stderr) != 0:
        return 1
    if linked != out:
        if a.dry_run:
            stderr.write("# rename %s -> %s\n" % (shlex.quote(linked), shlex.quote(out)))
        else:
            _move_into_place(linked, out)
    return 0


def _object_error(e):
    """The message of an error reading or rewriting an object or archive."""
    if isinstance(e, OSError):
        return "%s: %s" % (e.filename, e.strerror) if e.filename else str(e)
    return str(e)


def _compile_only(a, flags, lowered, tmpdir, stderr):
    """-c / -S / -E: one output per source; -c objects carry their unit for the link step."""
    from . import objects
    for idx, (out_c, unit, text) in sorted(lowered.items()):
        src = a.sources[idx]
        stem = os.path.splitext(os.path.basename(src))[0]
        if a.compile_only == "-E":
            out = a.output if a.output is not None else "-"        # like gcc: standard output
        else:
            out = a.output if a.output is not None else stem + {"-c": ".o", "-S": ".s"}[a.compile_only]
        # every output is made in the private directory and renamed into place
        # (-E to standard output: gcc prints it; -c/-S -o -: made here, then copied to standard output)
        target = None if out == "-" and a.compile_only == "-E" else os.path.join(tmpdir, "%d.out" % idx)
        unit_flags, deps, dep_files = _dependency_output(flags, out, tmpdir, idx)
        if a.target == "sim":
            status = _compile_unit(a, unit_flags, _quote_dir(src), out_c, target, tmpdir, stderr,
                                   mode=a.compile_only, deps=deps)
        else:
            cmd = cc_command() + unit_flags + deps + _quote_dir(src) + \
                ["-I" + runtime_dir(), a.compile_only, out_c]
            cmd += ["-o", target] if target is not None else []
            status = _run(cmd, a.dry_run, stderr)
        if status != 0:
            return 1
        if a.dry_run:
            if target is not None:
                stderr.write("# %s %s -> %s\n" % ("copy" if out == "-" else "rename", shlex.quote(target),
                                                   "standard output" if out == "-" else shlex.quote(out)))
            continue
        if a.compile_only == "-c":
            objects.embed(target, unit_payload(unit, text, flags, a.target))
        if dep_files is not None:
            _write_dependency_file(dep_files, out_c, src)
        if target is not None and out == "-":
            with open(target, "rb") as f:
                sys.stdout.flush()
                shutil.copyfileobj(f, sys.stdout.buffer)
            sys.stdout.flush()
        elif target is not None:
            _move_into_place(target, out)
    return 0


def _no_dependency_output(flags):
    """The flags without -MD/-MMD/-MF/-MT/-MQ/-MP: recompiling at link time must
    not overwrite the dependency files the build system keeps."""
    out, skip = [], False
    for f in flags:
        if skip:
            skip = False
        elif f in ("-MF", "-MT", "-MQ"):
            skip = True
        elif f not in ("-MD", "-MMD", "-MP"):
            out.append(f)
    return out


def _dependency_output(flags, out, tmpdir, idx):
    """-MD/-MMD: gcc would name the dependency file and its target after our
    temporary object, and write it in place.  Returns (flags without -MF,
    flags that make gcc write it to the private directory with the user's
    output as its target, (that file, the user's dependency file) or None)."""
    if not any(f in ("-MD", "-MMD") for f in flags) or out == "-":
        return flags, [], None
    dep, rest, i = None, [], 0
    while i < len(flags):
        f = flags[i]
        if f == "-MF" and i + 1 < len(flags):
            dep = flags[i + 1]
            i += 2
            continue
        if f.startswith("-MF") and len(f) > 3:
            dep = f[3:]
        else:
            rest.append(f)
        i += 1
    if dep is None:
        dep = os.path.splitext(out)[0] + ".d"
    tmp_dep = os.path.join(tmpdir, "%d.d" % idx)
    extra = ["-MF", tmp_dep]
    if "-MT" not in flags and "-MQ" not in flags:
        extra += ["-MQ", out]
    return rest, extra, (tmp_dep, dep)


def _write_dependency_file(dep_files, lowered_c, src):
    """Write the dependency file gcc made (in the private directory) to the
    user's path, whole or not at all, naming the source as a prerequisite
    instead of the temporary lowered file (else make and ninja would rebuild
    every time, the file being gone)."""
    tmp_dep, dep = dep_files
    try:
        with open(tmp_dep, encoding="utf-8", errors="surrogateescape") as fh:
            text = fh.read()
    except OSError:
        return
    write_output(dep, text.replace(_make_quote(lowered_c), _make_quote(os.path.abspath(src))))


def _make_quote(path):
    """A file name as gcc writes it in a dependency file (make's quoting)."""
    return path.replace("$", "$$").replace("#", "\\#").replace(" ", "\\ ").replace("\t", "\\\t")


def _quote_dir(src):
    """The lowered file is compiled from a temporary directory: `#include "x.h"`
    must still find the headers next to the source."""
    return ["-iquote", os.path.dirname(os.path.abspath(src))]


def _move_into_place(tmp, dest):
    """Copy the finished file `tmp` (in the private directory) to `dest`, whole
    or not at all: into a new file next to `dest`, with `tmp`'s permissions,
    renamed over `dest`."""
    check_not_input(dest)
    if _special_file(dest):
        try:
            shutil.copyfile(tmp, dest)
        except OSError as e:
            raise _write_error(dest, e)
        return
    fd, part = _temp_beside(dest)
    os.close(fd)
    try:
        shutil.copyfile(tmp, part)
        shutil.copymode(tmp, part)
        os.replace(part, dest)
    except BaseException as e:
        _unlink_quietly(part)
        if isinstance(e, OSError):
            raise _write_error(dest, e)
        raise


def _run(cmd, dry_run, stderr):
    if dry_run:
        stderr.write(" ".join(shlex.quote(c) for c in cmd) + "\n")
        return 0
    try:
        return subprocess.run(cmd).returncode
    except OSError as e:
        raise CompileError(Diagnostic("error", "cannot run %r: %s" % (cmd[0], e.strerror), None))


def compile_flags(others):
    """The gcc flags that apply to compiling one unit (not inputs, not -o/-c, not link-only flags)."""
    out = []
    i = 0
    while i < len(others):
        x = others[i]
        if isinstance(x, tuple):
            i += 1
            continue
        if x in GCC_FLAGS_WITH_ARG:
            if x not in ("-o", "-l", "-L", "-Xlinker", "-T", "-u", "-z", "-e", "--entry", "-specs"):
                out.extend([x, others[i + 1]])
            i += 2
            continue
        if x.startswith("-") and x not in ("-c", "-S", "-E") and not x.startswith(("-l", "-L", "-Wl,")):
            out.append(x)
        i += 1
    return out


UNIT_PAYLOAD_VERSION = 1


def unit_payload(unit, lowered_text, flags, target="native"):
    """What an object made by `atomicc cc -c` keeps for the link step (JSON, zlib)."""
    src = read_source(unit.path)
    data = {
        "version": UNIT_PAYLOAD_VERSION,
        "target": target,
        "path": os.path.abspath(unit.path),
        "pp_args": unit.pp_args,
        "flags": flags,
        "pp_text": unit.sm.text,
        "source": src.text if src is not None else None,
        "lowered_sha256": hashlib.sha256(lowered_text.encode("utf-8", "surrogateescape")).hexdigest(),
    }
    return zlib.compress(json.dumps(data).encode("utf-8", "surrogateescape"))


def unit_payload_load(payload, where):
    try:
        data = json.loads(zlib.decompress(payload).decode("utf-8", "surrogateescape"))
    except (zlib.error, ValueError):
        raise CompileError(Diagnostic("error", "%s: the atomicc section of this object is damaged; "
                                      "recompile it with 'atomicc cc -c'" % where, None))
    if data.get("version") != UNIT_PAYLOAD_VERSION:
        raise CompileError(Diagnostic("error", "%s was compiled by another version of atomicc; recompile it "
                                      "with 'atomicc cc -c'" % where, None))
    return data


def parse_cpus(text):
    """--cpus=N for auto's cost model: a positive integer."""
    try:
        n = int(text)
    except ValueError:
        n = 0
    if not 1 <= n <= 4096:
        raise CompileError(Diagnostic("error", "--cpus wants a number of CPUs from 1 to 4096, not '%s'" % text, None), status=2)
    return n


def parse_target(text):
    """--target=native | sim | sim:N  ->  (target, vCPUs or None)."""
    if text == "native":
        return "native", None
    if text == "sim":
        return "sim", None
    if text.startswith("sim:"):
        try:
            n = int(text[4:])
        except ValueError:
            n = 0
        if not 1 <= n <= 1024:
            raise CompileError(Diagnostic("error", "--target=sim:N wants a number of virtual CPUs from 1 to 1024, "
                                          "not '%s'" % text[4:], None), status=2)
        return "sim", n
    raise CompileError(Diagnostic("error", "unknown target '%s'; choose native, sim or sim:N" % text, None), status=2)


def sim_dir():
    return os.path.join(runtime_dir(), "sim")


def _sim_pp_flags():
    """How every unit of a sim build is preprocessed: the simulator's header
    forced in, so the __atomic builtins go through its hooks."""
    return ["-I" + runtime_dir(), "-I" + sim_dir(), "-DATOMICC_SIM=1",   # [:2]: the directories
            "-include", os.path.join(sim_dir(), "atomicc_sim.h")]


def _instrument_file(src_i, dst_i):
    """Instrument a preprocessed unit for the simulator (emit/sim_instrument.py)."""
    from .emit.sim_instrument import instrument_text
    from .source import read_source
    sf = read_source(src_i)
    write_output(dst_i, instrument_text(sf.text, src_i))


def _compile_unit(a, flags, extra, out_c, out, tmpdir, stderr, mode="-c", deps=()):
    """Compile one lowered unit to `out` (`mode` -c / -S / -E; out None:
    standard output).  Native: one gcc run.  Sim: preprocess with the
    simulator header, instrument the shared accesses, compile the result."""
    if a.target != "sim":
        cmd = cc_command() + flags + list(extra) + ["-I" + runtime_dir(), mode, out_c]
        return _run(cmd + (["-o", out] if out is not None else []), a.dry_run, stderr)
    stem = os.path.join(tmpdir, os.path.basename(out_c)[:-2] + ".sim")
    pre, inst = stem + ".pp.i", stem + ".i"
    # the simulator's header comes before any -include of the user's (whose
    # code is instrumented too), the runtime's directories after the user's
    sim = _sim_pp_flags()
    cmd = cc_command() + sim[2:] + _no_dependency_output(flags) + list(deps) + list(extra) + sim[:2] + \
        ["-E", out_c, "-o", pre]
    if _run(cmd, a.dry_run, stderr) != 0:
        return 1
    if a.dry_run:
        stderr.write("# instrument %s for the simulator -> %s\n" % (pre, inst))
    else:
        _instrument_file(pre, inst)
    if mode == "-E":
        if a.dry_run:
            return 0
        with open(inst, encoding="utf-8", errors="surrogateescape") as f:
            text = f.read()
        if out is None:
            sys.stdout.write(text)
        else:
            write_output(out, text)
        return 0
    cmd = cc_command() + _drop_pp_flags(_no_dependency_output(flags)) + \
        [mode, inst] + (["-o", out] if out is not None else [])
    return _run(cmd, a.dry_run, stderr)


_PP_ONLY = ("-D", "-U", "-I", "-include", "-imacros", "-isystem", "-idirafter", "-iquote", "-iprefix",
            "-iwithprefix", "-iwithprefixbefore")


def _drop_pp_flags(flags):
    """flags without the preprocessor's (an instrumented unit is already
    preprocessed), each with its argument, joined (-DX) or the next word (-I DIR)."""
    out, skip = [], False
    for f in flags:
        if skip:
            skip = False
        elif f in _PP_ONLY:
            skip = True
        elif not f.startswith(_PP_ONLY):
            out.append(f)
    return out


def _sim_link_args(a, flags, tmpdir, stderr):
    """Link arguments of a sim program: the simulator runtime, main wrapped so
    that it runs on a fiber, and the default vCPU count of --target=sim:N."""
    out = []
    if a.sim_cpus is not None:
        c = os.path.join(tmpdir, "sim-cpus.c")
        o = os.path.join(tmpdir, "sim-cpus.o")
        write_output(c, "int atomicc__sim_default_cpus = %d;\n" % a.sim_cpus)
        if _run(cc_command() + ["-c", c, "-o", o], a.dry_run, stderr) != 0:
            raise CompileError(Diagnostic("error", "cannot compile the simulator settings", None))
        out.append(o)
    out += ["-L" + sim_runtime_library(flags, build=not a.dry_run), "-latomicc-sim",
            "-Wl,--wrap=main", "-rdynamic", "-pthread", "-ldl"]
    return out


def sim_runtime_library(flags=(), build=True):
    """Build (once, cached) libatomicc-sim.a: the runtime's .c files
    preprocessed with the simulator header and instrumented like user code,
    plus the simulator itself (runtime_c/sim/*.c); returns its directory."""
    from .emit import c_printer, sim_instrument
    srcs = runtime_sources()
    sim_srcs = sorted(glob.glob(os.path.join(sim_dir(), "*.c")))
    inputs = srcs + sim_srcs + sorted(glob.glob(os.path.join(runtime_dir(), "*.h"))) + \
        sorted(glob.glob(os.path.join(sim_dir(), "*.h"))) + [sim_instrument.__file__, c_printer.__file__]

    def objects(base, work):
        objs = []
        for src in srcs:
            name = os.path.basename(src)[:-2]
            pre, inst, o = (os.path.join(work, name + x) for x in (".pp.i", ".i", ".o"))
            subprocess.run(base + _sim_pp_flags() + ["-E", src, "-o", pre], check=True)
            _instrument_file(pre, inst)
            subprocess.run(base + ["-c", inst, "-o", o], check=True)
            objs.append(o)
        for src in sim_srcs:
            o = os.path.join(work, "sim-" + os.path.basename(src)[:-2] + ".o")
            subprocess.run(base + _sim_pp_flags() + ["-c", src, "-o", o], check=True)
            objs.append(o)
        return objs

    return _cached_library("simlib-", "libatomicc-sim.a", b"sim\0", inputs, flags, build, objects)


def strategy_error(name):
    if name in PLANNED_STRATEGIES:
        return ("strategy '%s' is not available in this version; available: %s"
                % (name, ", ".join(STRATEGIES)))
    return "unknown strategy '%s'; choose one of: %s" % (name, ", ".join(STRATEGIES))


# Code-generation flags of a program that its runtime must be built with too
# (ThreadSanitizer must see the runtime's synchronisation; -O, -g, -m as asked).
_RUNTIME_FLAG_PREFIXES = ("-fsanitize", "-fno-sanitize", "-O", "-g", "-m", "-fPIC", "-fpic", "-fPIE", "-fpie",
                          "-pg", "--coverage", "-fprofile-arcs", "-ftest-coverage", "-fno-omit-frame-pointer")


def runtime_library(flags=(), build=True):
    """Build (once, cached) libatomicc-runtime.a with the code-generation
    flags among `flags`; returns its directory (with build=False, only the
    directory it would be in)."""
    srcs = runtime_sources()
    # Key on every source and header: an inline fast path in a header must match
    # the library it is linked with (a stale library once corrupted the bank).
    inputs = srcs + sorted(glob.glob(os.path.join(runtime_dir(), "*.h")))

    def objects(base, work):
        objs = []
        for src in srcs:
            o = os.path.join(work, os.path.basename(src)[:-2] + ".o")
            subprocess.run(base + ["-I" + runtime_dir(), "-c", src, "-o", o], check=True)
            objs.append(o)
        return objs

    return _cached_library("lib-", "libatomicc-runtime.a", b"", inputs, flags, build, objects)


def _cached_library(prefix, name, salt, inputs, flags, build, objects):
    """The directory of archive `name` in the cache, keyed on the contents of
    `inputs`, the compiler and the code-generation flags among `flags`;
    built first (unless build=False) by objects(base_cc_command, work_dir).
    Builds race safely: each builds in a private directory and renames the
    finished archive in."""
    cg = [f for f in flags if f.startswith(_RUNTIME_FLAG_PREFIXES)]
    h = hashlib.sha256(salt)
    for src in inputs:
        h.update(os.path.basename(src).encode() + b"\0")
        with open(src, "rb") as f:
            h.update(f.read())
    h.update(" ".join(cc_command() + ["|"] + cg).encode())
    from .frontend.parser import _cache_dir
    d = os.path.join(_cache_dir(), prefix + h.hexdigest()[:16])
    lib = os.path.join(d, name)
    if os.path.exists(lib) or not build:
        return d
    os.makedirs(d, exist_ok=True)
    work = tempfile.mkdtemp(prefix=".build-", dir=d)
    try:
        objs = objects(cc_command() + ["-O2", "-fPIC"] + cg + ["-pthread"], work)
        tmp = os.path.join(work, "lib.a")
        subprocess.run(["ar", "rcs", tmp] + objs, check=True)
        os.replace(tmp, lib)
    except subprocess.CalledProcessError as e:
        # the C compiler's own messages are above; the flags asked for may not suit the runtime (-m32 without
        # a 32-bit libc, a sanitizer that is not installed)
        raise CompileError(Diagnostic("error", "cannot build the runtime library %s: '%s' failed (exit status %d)"
                                      % (name, " ".join(shlex.quote(c) for c in e.cmd), e.returncode), None))
    except OSError as e:
        raise CompileError(Diagnostic("error", "cannot build the runtime library %s: %s" % (
            name, "%s: %s" % (e.filename, e.strerror) if e.filename else e), None))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return d
