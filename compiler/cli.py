"""Command line of atomicc.

    atomicc FILE.c... [-o OUT.c | -o DIR/] [-p BUILD_DIR] [--strategy=S] [--cpus=N] [-I DIR] [-D N[=V]] [-U N]
                      [-include F] [-std=S]
    atomicc cc FILE.c... FILE.o... LIB.a... -o PROG [-c] [--strategy=S] [--cpus=N] [any gcc flag] [-###]
    atomicc explain FILE.c... [-p BUILD_DIR] [--strategy=S] [--cpus=N] [--target=native|sim[:N]] [--format=text|json] [-I/-D/-U...]
    atomicc lint FILE.c... [-p BUILD_DIR] [--format=text|json|sarif|github] [-o FILE] [--exit-zero]
                 [--baseline FILE] [--write-baseline FILE] [--graph FILE.dot] [--rule R,...] [--disable R,...]
    atomicc --reprint FILE.c [-o OUT.c]      the preprocessed unit regenerated from the AST
    atomicc --dump-ast FILE.c                the AST with spans
    atomicc --print-runtime-dir | --cflags | --libs | --version

Exit status: 0 ok, 1 error in the input (a located diagnostic), 2 bad usage,
3 internal error (`atomicc: internal error: ...`, never a traceback).
"""

import argparse
import os
import sys

VERSION = "0.1.0"


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        self.print_usage(sys.stderr)
        sys.stderr.write("atomicc: error: %s\n" % message)
        sys.exit(2)


def _add_pp_options(p, include_and_std=True):
    """The preprocessor options every command that reads sources takes."""
    p.add_argument("-I", dest="pp", action="append", type=lambda v: "-I" + v, default=[], metavar="DIR")
    p.add_argument("-D", dest="pp", action="append", type=lambda v: "-D" + v, metavar="NAME[=V]")
    p.add_argument("-U", dest="pp", action="append", type=lambda v: "-U" + v, metavar="NAME")
    if include_and_std:
        p.add_argument("-include", dest="pp_include", action="append", default=[], metavar="FILE")
        p.add_argument("-std", dest="std", metavar="STD", help="C standard, passed to the preprocessor")


def _pp_args(args):
    """The preprocessor flags of parsed options, in gcc's spelling."""
    pp = list(args.pp or [])
    for f in getattr(args, "pp_include", ()):
        pp += ["-include", f]
    if getattr(args, "std", None):
        pp.append("-std=" + args.std)
    return pp


# the -W options of `atomicc FILE.c` (atomicc cc passes the others to $CC)
_WARNINGS = ("error=deadlock", "no-error=deadlock", "deadlock", "no-deadlock")


def _main_parser():
    p = _Parser(prog="atomicc", description="Compiler for Atomic C: C11 with atomic { } blocks and retry;",
                epilog="subcommands: 'atomicc cc FILE.c... -o PROG [gcc flags]' compiles and links.")
    p.add_argument("file", nargs="*", help="Atomic C source files (one program)")
    p.add_argument("-o", dest="output", help="output file ('-' for stdout, the default), or DIR/ for one "
                   "lowered file per source")
    p.add_argument("-p", dest="build_dir", metavar="BUILD_DIR",
                   help="take the program's files and flags from BUILD_DIR/compile_commands.json")
    p.add_argument("--strategy", default="auto", help="lowering strategy for every block: auto|global|pervar|stm|atomic-op")
    p.add_argument("--cpus", metavar="N", help="CPUs of the machine the program will run on, for auto's cost model "
                   "(default: this machine's)")
    _add_pp_options(p)
    p.add_argument("-W", dest="warn", action="append", default=[], metavar="error=deadlock|no-deadlock",
                   help="-Werror=deadlock: a lock-order cycle between atomic blocks and mutexes is an error; "
                   "-Wno-deadlock: do not look for one")
    from .units import add_options
    add_options(p)
    g = p.add_mutually_exclusive_group()
    g.add_argument("--reprint", action="store_true", help="print the preprocessed unit regenerated from the AST")
    g.add_argument("--dump-ast", action="store_true", help="print the AST with source locations")
    g.add_argument("--print-runtime-dir", action="store_true", help="print the runtime directory")
    g.add_argument("--cflags", action="store_true", help="print the C flags to compile lowered code")
    g.add_argument("--libs", action="store_true", help="print the linker flags for the runtime")
    g.add_argument("--version", action="store_true", help="print the version")
    return p


class _Terminated(BaseException):
    """SIGTERM, turned into an exception so that temporary files are removed on the way out."""


def _on_sigterm(signum, frame):
    raise _Terminated()


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    import signal
    try:
        signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:          # not the main thread: leave signals alone
        pass
    drv = sys.modules.get(__package__ + ".driver")
    if drv is not None:
        drv._inputs.clear()           # each run has its own input files (main may be called again)
    try:
        from .deepstack import run
        return run(_dispatch, argv)          # again on a deep stack when the tree is deep
    except KeyboardInterrupt:
        sys.stderr.write("atomicc: interrupted\n")
        return 130
    except _Terminated:
        sys.stderr.write("atomicc: terminated\n")
        return 128 + signal.SIGTERM
    except BrokenPipeError:
        return 0
    except SystemExit:
        raise
    except BaseException as e:       # never a traceback: say where we were
        from . import diagnostics
        where = getattr(e, "atomicc_where", None) or _current_file(argv)
        sys.stderr.write("atomicc: internal error: %s: %s%s\n" % (
            type(e).__name__, e, (" (while processing %s)" % where) if where else ""))
        if os.environ.get("ATOMICC_DEBUG"):
            import traceback
            traceback.print_exc()
        return 3


def _current_file(argv):
    for a in argv:
        if a.endswith((".c", ".i", ".ac")):
            return a
    return None


def _dispatch(argv):
    if argv == ["--version"]:         # start-up matters here (build systems probe it): no option parser
        print("atomicc %s" % VERSION)
        return 0
    from .diagnostics import CompileError
    if argv and argv[0] == "cc":
        from . import driver
        try:
            return driver.cc(argv[1:])
        except CompileError as e:
            _print(e.diagnostics)
            return e.status
    if argv and argv[0] == "explain":
        return _explain(argv[1:])
    if argv and argv[0] == "lint":
        return _lint(argv[1:])
    if argv and argv[0] == "bench":
        return _bench(argv[1:])
    args = _main_parser().parse_args(argv)
    if args.version:
        print("atomicc %s" % VERSION)
        return 0
    if args.print_runtime_dir or args.cflags or args.libs:
        from . import driver
        if args.print_runtime_dir:
            print(driver.runtime_dir())
        elif args.cflags:
            print("-I%s -pthread" % driver.runtime_dir())
        else:
            try:
                print("-L%s -latomicc-runtime -pthread" % driver.runtime_library())
            except CompileError as e:      # the runtime does not build here
                _print(e.diagnostics)
                return e.status
        return 0
    if not args.file and not args.build_dir:
        _main_parser().error("no input file")
    for w in args.warn:
        if w not in _WARNINGS:
            sys.stderr.write("atomicc: error: unknown warning option '-W%s'; atomicc takes %s\n"
                             % (w, ", ".join("-W" + k for k in _WARNINGS)))
            return 2
    pp = _pp_args(args)
    from . import driver
    try:
        if args.dump_ast or args.reprint:
            if len(args.file) != 1:
                _main_parser().error("--dump-ast and --reprint take one file")
            fe = driver.Frontend(args.file[0], pp)
            _print(fe.pp_warnings)
            if args.dump_ast:
                from .frontend.ast import dump
                text = dump(fe.tu, source_map=fe.sm)
            else:
                from .emit.c_printer import CPrinter
                text = CPrinter(fe.sm).program(fe.tu)
            driver.write_output(args.output, text)
            return 0
        if args.strategy not in driver.STRATEGIES:
            sys.stderr.write("atomicc: error: %s\n" % driver.strategy_error(args.strategy))
            return 2
        cpus = _cpus(args.cpus)
        if cpus == 0:
            return 2
        units = _units(args.file, pp, args.build_dir)
        to_dir = args.output is not None and (args.output.endswith(os.sep) or os.path.isdir(args.output))
        if len(units) > 1 and not to_dir:
            _main_parser().error("several files are one program: write them with -o DIR/ (one lowered file each)")
        from .units import options
        results = driver.compile_program(units, args.strategy, cpus,
                                         deadlock=driver.deadlock_severity(["-W" + w for w in args.warn]),
                                         **options(args))
        for _, r in results:
            _print(r.diagnostics)
        if not to_dir:
            driver.write_output(args.output, results[0][1].text)
            return 0
        names = {}
        for unit, r in results:
            name = os.path.basename(unit.path)
            if name in names:
                sys.stderr.write("atomicc: error: '%s' and '%s' would both be written to %s\n"
                                 % (names[name], unit.path, os.path.join(args.output, name)))
                return 2
            names[name] = unit.path
        try:
            if os.path.exists(args.output.rstrip(os.sep)) and not os.path.isdir(args.output):
                raise NotADirectoryError(20, "it is a file, not a directory")
            os.makedirs(args.output, exist_ok=True)
        except OSError as e:
            sys.stderr.write("atomicc: error: cannot create the output directory '%s': %s\n"
                             % (args.output, e.strerror or e))
            return 1
        for unit, r in results:
            driver.write_output(os.path.join(args.output, os.path.basename(unit.path)), r.text)
        return 0
    except CompileError as e:
        _print(e.diagnostics)
        return e.status


def _explain(argv):
    """`atomicc explain`: per block, read/write sets, strategy and why, locks."""
    from . import driver, units
    from .diagnostics import CompileError
    p = _Parser(prog="atomicc explain", description="Explain how each atomic block is lowered.")
    p.add_argument("file", nargs="*")
    p.add_argument("-p", dest="build_dir", metavar="BUILD_DIR")
    p.add_argument("--strategy", default="auto")
    p.add_argument("--cpus", metavar="N")
    p.add_argument("--target", default="native", metavar="native|sim[:N]",
                   help="the machine auto plans for (its cost model); sim:N also sets --cpus")
    p.add_argument("--format", choices=("text", "json"), default="text")
    _add_pp_options(p, include_and_std=False)
    units.add_options(p)
    p.add_argument("-o", dest="output")
    args = p.parse_args(argv)
    if not args.file and not args.build_dir:
        p.error("no input file")
    if args.strategy not in driver.STRATEGIES:
        sys.stderr.write("atomicc: error: %s\n" % driver.strategy_error(args.strategy))
        return 2
    cpus = _cpus(args.cpus)
    if cpus == 0:
        return 2
    from .render.explain import explain_data, render_json, render_text
    try:
        target, sim_cpus = driver.parse_target(args.target)
        an = driver.analyze_program(driver.load_program(_units(args.file, list(args.pp or []), args.build_dir),
                                                        **units.options(args)),
                                    args.strategy, cpus or sim_cpus, target=target)
    except CompileError as e:
        _print(e.diagnostics)
        return e.status
    _print(an.diagnostics)
    data = explain_data(an)
    try:
        driver.write_output(args.output, render_json(data) if args.format == "json" else render_text(data))
    except CompileError as e:
        _print(e.diagnostics)
        return e.status
    return 0


def _bench(argv):
    """`atomicc bench`: the benchmark programs under every strategy and CPU count (bench/harness.py)."""
    from .bench import harness
    p = _Parser(prog="atomicc bench", description="Build the benchmark programs under every strategy, run them "
                "on the simulated multiprocessor (or natively) at several CPU counts, print throughput and "
                "speedup tables and the performance goals, write a CSV and a PNG plot. Exit status: 0 the run "
                "completed (missed goals are reported), 1 a build or run failed, 2 bad usage.")
    p.add_argument("--quick", action="store_true", help="a small subset: programs %s at %s vCPUs, fewer ops "
                   "(under a minute on 2 cores)" % (",".join(harness.QUICK_PROGRAMS),
                                                     ",".join(map(str, harness.QUICK_CPUS))))
    p.add_argument("--cpus", metavar="LIST", help="vCPU (native: thread) counts, comma-separated (default "
                   "%s)" % ",".join(map(str, harness.ALL_CPUS)))
    p.add_argument("--programs", metavar="LIST", help="comma-separated, from: " + ",".join(harness.PROGRAM_NAMES))
    p.add_argument("--strategies", metavar="LIST", help="comma-separated, from: " +
                   ",".join(harness.ALL_STRATEGIES))
    p.add_argument("--target", default="sim", help="sim (simulated vCPUs and time, the default) or native "
                   "(threads on this machine, real time)")
    p.add_argument("--repeats", type=int, metavar="N", help="runs per cell, the median is reported (default 1: "
                   "simulator runs are deterministic)")
    p.add_argument("--out", metavar="DIR", default="atomicc-bench", help="where bench.csv and speedup.png go "
                   "(default ./atomicc-bench/)")
    p.add_argument("--keep-builds", action="store_true", help="keep the executables in DIR/builds/")
    p.add_argument("--timeout", type=float, metavar="S", help="seconds allowed per program run (default 120; "
                   "30 with --quick)")
    p.add_argument("--scale", type=float, metavar="F", help="multiply every program's work")
    p.add_argument("--jobs", type=int, metavar="N", help="parallel builds (and simulator runs)")
    args = p.parse_args(argv)
    try:
        opt = harness.make_options(args)
    except harness.UsageError as e:
        p.error(str(e))
    from .diagnostics import CompileError
    try:
        return harness.run(opt)
    except CompileError as e:         # the CSV cannot be written
        _print(e.diagnostics)
        return e.status


def _rule_list(text, p):
    from .lint.rules import RULES
    out = set()
    for r in (text or "").split(","):
        r = r.strip()
        if r.startswith("atomicc-"):
            r = r[len("atomicc-"):]
        if not r:
            continue
        if r not in RULES:
            p.error("unknown rule '%s' (rules: %s)" % (r, ", ".join(sorted(RULES))))
        out.add(r)
    return out


def _lint(argv):
    """`atomicc lint`: data races, deadlocks and lock misuse over the whole program."""
    from . import driver, units
    from .diagnostics import CompileError, UsageError, fault_point
    from .lint import baseline, suppress
    from .lint.rules import RULES, run_rules
    from .render import findings, sarif
    p = _Parser(prog="atomicc lint", description="Find data races, deadlocks and lock misuse in pthread C "
                    "and Atomic C. All files given are one program.")
    p.add_argument("file", nargs="*", help="C source files (one program)")
    p.add_argument("-p", dest="build_dir", metavar="BUILD_DIR",
                   help="lint every unit of BUILD_DIR/compile_commands.json")
    _add_pp_options(p)
    p.add_argument("--format", choices=("text", "json", "sarif", "github"), default="text")
    p.add_argument("-o", dest="output", help="write the report to this file (default: standard output)")
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    p.add_argument("--baseline", metavar="FILE", help="hide the findings whose fingerprint is in FILE")
    p.add_argument("--write-baseline", metavar="FILE", help="write this run's fingerprints to FILE")
    p.add_argument("--graph", metavar="FILE.dot", help="write the lock-order graph (Graphviz DOT)")
    p.add_argument("--rule", metavar="RULE[,RULE...]", help="run only these rules")
    p.add_argument("--disable", metavar="RULE[,RULE...]", help="run every rule except these")
    p.add_argument("--strategy", default="auto", help="the strategy atomic blocks are built with (their locks)")
    p.add_argument("--cpus", metavar="N", help="CPUs the program is built for (auto's choice of locks)")
    units.add_options(p)
    args = p.parse_args(argv)
    if not args.file and not args.build_dir:
        p.error("no input file")
    if args.strategy not in driver.STRATEGIES:
        sys.stderr.write("atomicc: error: %s\n" % driver.strategy_error(args.strategy))
        return 2
    cpus = _cpus(args.cpus)
    if cpus == 0:
        return 2
    enabled = _rule_list(args.rule, p) if args.rule else set(RULES)
    enabled -= _rule_list(args.disable, p)
    pp = _pp_args(args)
    try:
        known = baseline.read(args.baseline) if args.baseline else None
        program = driver.load_program(_units(args.file, pp, args.build_dir), **units.options(args))
        fault_point("lint", program.units[0].path if program.units else None)
        res = run_rules(program, args.strategy, cpus, rules=enabled)
    except CompileError as e:
        _print(e.diagnostics)
        return 2
    except UsageError as e:
        sys.stderr.write("atomicc: error: %s\n" % e)
        return 2
    diags = res.diagnostics
    files = sorted({u.path for u in program.units} | {d.loc.file for d in diags if d.loc is not None})
    supp = suppress.scan(files, _read_text)
    diags = suppress.apply(diags, supp, RULES, check_unused="unused-suppression" in enabled)
    diags.sort(key=lambda d: (d.loc.key() if d.loc else ("", 0, 0), d.rule, d.message))
    if known is not None:
        diags = baseline.filter_out(diags, known)
    try:
        if args.write_baseline:
            baseline.write(args.write_baseline, diags)
        if args.graph:
            from .render.dot import lock_order_dot
            text = lock_order_dot(res.graph, res.cycles, res.names.term,
                                  lambda o: o.acq.unit.where(o.acq.node).replace(os.getcwd() + os.sep, ""))
            driver.write_output(args.graph, text)
        if args.format == "json":
            out = findings.as_json(diags)
        elif args.format == "sarif":
            out = sarif.sarif(diags, RULES, VERSION)
        elif args.format == "github":
            out = findings.github(diags)
        else:
            out = findings.text(diags)
        driver.write_output(args.output, out)
    except CompileError as e:
        _print(e.diagnostics)
        return 2
    return 0 if (not diags or args.exit_zero) else 1


def _read_text(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return None


def _units(files, pp, build_dir):
    """[(path, pp_args)]: the files given (all with the command line's flags), then a build's."""
    units = [(f, list(pp)) for f in files]
    if build_dir:
        from .compdb import load
        units += [(f, args + list(pp)) for f, args in load(build_dir)]
    return units


def _cpus(text):
    """--cpus=N: None when absent, 0 after printing a usage error."""
    if text is None:
        return None
    from . import driver
    from .diagnostics import CompileError
    try:
        return driver.parse_cpus(text)
    except CompileError as e:
        sys.stderr.write("atomicc: error: %s\n" % e.diagnostics[0].message)
        return 0


def _print(diags):
    from .diagnostics import print_diagnostics
    print_diagnostics(diags)


if __name__ == "__main__":
    sys.exit(main())
