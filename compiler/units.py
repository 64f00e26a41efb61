"""Read, preprocess and parse the translation units of a program: in
parallel, with a content-hash cache.

Each unit is independent until binding (semantics/program.py links external
names across units, so binding and every analysis after it are whole-program
and are not cached).  Up to binding, a unit is: check that the file is
readable, run `$CC -E`, parse the text into an AST and a source map.  These
run in a process pool (`-j N`, default: every CPU; `-j 1` runs in this
process), and results are handed back in command-line order, so the program,
its diagnostics and everything printed are the same for every N.  A unit
that fails in a worker (a syntax error, an unreadable file, an internal
error) is redone in this process, which raises exactly what `-j 1` raises.

The parse is a pure function of the preprocessed text, the file name given
to the parser, and the tool (its version, the grammar, the frontend's code),
so it is cached on disk under the sha256 of all of them: one file per unit in
`<cache dir>/units/`, written to a temporary name and renamed into place.
Headers and flags need not be in the key: they reach the parser only through
the preprocessed text.  A missing, unreadable, stale or corrupt entry is
recomputed; a cache directory that cannot be created or written means no
cache, never an error.

The entries are pickles, and loading a pickle can run code, so the cache must
be private: the directory is created 0700, and it is not read at all when it
belongs to another user or others may write to it.

    >>> from atomicc.units import load_units          # doctest: +SKIP
    >>> with load_units([("a.c", []), ("b.c", [])], jobs=2) as loaded:  # doctest: +SKIP
    ...     first = next(loaded)                       # the units in the order given
    >>> first.tu, first.sm, first.pp_warnings          # doctest: +SKIP
"""

import os
import sys

# gc, hashlib, pickle, stat and tempfile are imported where they are used:
# the options are added to the parser of every command, `atomicc --version` too.

CACHE_FORMAT = b"atomicc-unit-cache-1"
_PICKLE_PROTOCOL = 4


class Parsed:
    """One translation unit up to binding: its preprocessed text, the
    preprocessor's warnings, the AST and the source map."""

    __slots__ = ("path", "pp_args", "text", "pp_warnings", "tu", "sm")

    def __init__(self, path, pp_args, pp_warnings, tu, sm):
        self.path, self.pp_args, self.pp_warnings, self.tu, self.sm = path, list(pp_args), pp_warnings, tu, sm
        self.text = sm.text


# ----------------------------------------------------------------- options

def add_options(p):
    """The command-line options of unit loading, on an argparse parser."""
    p.add_argument("-j", "--jobs", dest="jobs", type=_jobs_arg, metavar="N",
                   help="preprocess and parse N units at a time (default: the number of CPUs; 1: no worker "
                   "processes); the output is the same for every N")
    p.add_argument("--cache-dir", metavar="DIR", help="cache of parsed units (default $ATOMICC_CACHE_DIR, else "
                   "$XDG_CACHE_HOME/atomicc or ~/.cache/atomicc; keep it private)")
    p.add_argument("--no-cache", action="store_true", help="neither read nor write the cache of parsed units")


def options(args):
    """{jobs, cache_dir} for load_program() from parsed options (add_options)."""
    return {"jobs": args.jobs, "cache_dir": False if args.no_cache else args.cache_dir}


def _jobs_arg(text):
    import argparse
    n = _jobs(text)
    if n is None:
        raise argparse.ArgumentTypeError(_JOBS_ERROR % text)
    return n


_JOBS_ERROR = "-j wants a number of jobs from 1 to 1024, not '%s'"


def _jobs(text):
    try:
        n = int(text)
    except ValueError:
        return None
    return n if 1 <= n <= 1024 else None


def parse_jobs(text):
    """-j N of `atomicc cc`: the number, or a usage error (CompileError, status 2)."""
    n = _jobs(text)
    if n is None:
        from .diagnostics import CompileError, Diagnostic
        raise CompileError(Diagnostic("error", _JOBS_ERROR % text, None), status=2)
    return n


def default_cache_dir():
    """$ATOMICC_CACHE_DIR, else $XDG_CACHE_HOME/atomicc, else ~/.cache/atomicc."""
    d = os.environ.get("ATOMICC_CACHE_DIR")
    if d:
        return d
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "atomicc")


# ----------------------------------------------------------------- the cache

_TOOL_KEY = None


def tool_key():
    """What, besides its input, a parse depends on: the version, the grammar
    and the code of the frontend (and of the source map it builds)."""
    global _TOOL_KEY
    if _TOOL_KEY is None:
        import hashlib
        from . import cli
        from .frontend import parser
        here = os.path.dirname(os.path.abspath(__file__))
        h = hashlib.sha256(CACHE_FORMAT + b"\0" + cli.VERSION.encode() + b"\0" + sys.version.encode() + b"\0")
        files = [parser._grammar_path(), os.path.join(here, "source.py"), os.path.join(here, "units.py")] + \
            [os.path.join(here, "frontend", f) for f in ("ast.py", "build.py", "lexer.py", "parser.py")]
        for path in files:
            try:
                with open(path, "rb") as f:
                    h.update(f.read())
            except OSError:
                h.update(b"?" + path.encode())
        _TOOL_KEY = h.digest()
    return _TOOL_KEY


def unit_key(path, text):
    """The cache key of parsing preprocessed `text` as file `path`."""
    import hashlib
    h = hashlib.sha256(tool_key())
    h.update(path.encode("utf-8", "surrogateescape") + b"\0")
    h.update(text.encode("utf-8", "surrogateescape"))
    return h.hexdigest()


class Cache:
    """Parsed units on disk, one pickle per key in DIR/units/."""

    def __init__(self, root):
        self.root = os.path.abspath(root)
        self.dir = os.path.join(self.root, "units")
        self.usable = self._prepare()

    def _prepare(self):
        import stat
        try:
            os.makedirs(os.path.dirname(self.dir), mode=0o700, exist_ok=True)
            os.makedirs(self.dir, mode=0o700, exist_ok=True)
            st = os.stat(self.dir)
        except OSError:
            return False
        # a directory others can write to could hand us a pickle that runs code
        if not stat.S_ISDIR(st.st_mode) or (hasattr(os, "getuid") and st.st_uid != os.getuid()) \
                or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return False
        return True

    def _path(self, key):
        return os.path.join(self.dir, key + ".pickle")

    def get(self, key):
        """The pickled (tu, sm) stored under `key`, or None."""
        if not self.usable:
            return None
        try:
            with open(self._path(key), "rb") as f:
                data = f.read()
        except OSError:
            return None
        head = CACHE_FORMAT + b"\0" + key.encode() + b"\0"
        if not data.startswith(head):
            return None
        return data[len(head):]

    def put(self, key, payload):
        """Store pickled (tu, sm) under `key`; silently nothing when the directory is not writable."""
        if not self.usable:
            return
        import tempfile
        try:
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=self.dir)
        except OSError:
            self.usable = False          # read-only or full: stop trying for this run
            return
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(CACHE_FORMAT + b"\0" + key.encode() + b"\0")
                f.write(payload)
            os.replace(tmp, self._path(key))
        except OSError:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _dumps(tu, sm):
    """(tu, sm) pickled, or None when the tree is too deep for pickle's recursion."""
    import pickle
    try:
        return pickle.dumps((tu, sm), protocol=_PICKLE_PROTOCOL)
    except RecursionError:
        return None


def _loads(payload):
    """(tu, sm) from _dumps' bytes, or None when they are damaged."""
    import gc
    import pickle
    gc_was = gc.isenabled()
    gc.disable()          # millions of new objects and no garbage: collections would only cost time
    try:
        tu, sm = pickle.loads(payload)
    except Exception:
        return None
    finally:
        if gc_was:
            gc.enable()
    from .frontend.ast import TranslationUnit
    from .source import SourceMap
    if type(tu) is not TranslationUnit or type(sm) is not SourceMap:
        return None
    return tu, sm


# ----------------------------------------------------------------- one unit

_PARSER = None


def _parse(text, path):
    global _PARSER
    from .frontend.parser import Parser
    if _PARSER is None:
        _PARSER = Parser()
    return _PARSER.parse(text, path)


def _front(path, pp_args, cache, lazy=False):
    """(pp_warnings, tu, sm, payload) of one unit; payload is the pickled
    (tu, sm) when it was computed here (None when it came from the cache or
    does not pickle).  `lazy`: a cache hit is returned as (pp_warnings, None,
    None, the entry's bytes), not loaded.  Raises what the unit's first
    problem raises."""
    from .diagnostics import fault_point
    from .driver import _processing, check_readable
    from .source import preprocess
    check_readable(path)
    text, warnings = preprocess(path, pp_args)
    with _processing(path):
        fault_point("parse", path)
        key = unit_key(path, text) if cache is not None else None
        if key is not None:
            hit = cache.get(key)
            if hit is not None and lazy:
                return warnings, None, None, hit       # loaded (and checked) by the parent
            got = _loads(hit) if hit is not None else None
            if got is not None and got[1].text == text:
                return warnings, got[0], got[1], None
        tu, sm = _parse(text, path)
        payload = None
        if key is not None and cache.usable:
            payload = _dumps(tu, sm)
            if payload is not None:
                cache.put(key, payload)
        return warnings, tu, sm, payload


def _worker(path, pp_args, cache_root):
    """In a worker process: ("ok", pp_warnings, pickled (tu, sm)), or ("redo",)
    when this unit must be done by the parent (it failed, or does not pickle)."""
    import pickle
    try:
        cache = Cache(cache_root) if cache_root else None
        warnings, tu, sm, payload = _front(path, pp_args, cache, lazy=True)
        if payload is None:
            payload = _dumps(tu, sm)
        if payload is None:
            return ("redo",)
        return ("ok", pickle.dumps(warnings, protocol=_PICKLE_PROTOCOL), payload)
    except BaseException:        # the parent redoes the unit and raises exactly what -j 1 raises
        return ("redo",)


def _init_worker():
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)     # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)    # not the parent's clean-up handler (cli.py)


# ----------------------------------------------------------------- the program

class load_units:
    """Context manager over an iterator of `Parsed`, one per (path, pp_args) in
    `units`, in that order.  Work starts at once for every unit (in `jobs`
    worker processes); the iterator raises a unit's error when that unit is
    reached, as a serial loop would.  `cache_dir`: None for the default,
    False for no cache.  `progress`: show a progress bar (default: when
    standard error is a terminal and there is more than one unit)."""

    def __init__(self, units, jobs=None, cache_dir=None, progress=None):
        self.units = [(p, list(a)) for p, a in units]
        self.jobs = jobs if jobs else (os.cpu_count() or 1)
        root = default_cache_dir() if cache_dir is None else cache_dir
        self.cache = Cache(root) if root else None
        if self.cache is not None and not self.cache.usable:
            self.cache = None
        self.progress = progress
        self.pool = None
        self.bar = None

    def __enter__(self):
        if self.progress is None:
            self.progress = len(self.units) > 1 and _stderr_is_tty()
        if self.progress:
            self.bar = _bar(len(self.units))
        return self._iterate()

    def __exit__(self, *exc):
        if self.pool is not None:
            # wait for the workers unless interrupted: a pool left running at
            # an error exit made the interpreter's exit hook print "Exception
            # ignored ... Bad file descriptor" after the error message
            interrupted = exc[0] is not None and issubclass(exc[0], KeyboardInterrupt)
            self.pool.shutdown(wait=not interrupted, cancel_futures=True)
            self.pool = None
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        return False

    def _iterate(self):
        import pickle
        futures = self._start()
        for i, (path, pp_args) in enumerate(self.units):
            got = None
            if futures is not None and futures[i] is not None:
                try:
                    r = futures[i].result()
                except Exception:        # a worker died (killed, out of memory): do the unit here
                    r = ("redo",)
                if r[0] == "ok":
                    tree = _loads(r[2])
                    if tree is not None:
                        got = Parsed(path, pp_args, pickle.loads(r[1]), *tree)
                futures[i] = None        # let the pickled bytes go
            if got is None:
                warnings, tu, sm, _ = _front(path, pp_args, self.cache)
                got = Parsed(path, pp_args, warnings, tu, sm)
            if self.bar is not None:
                self.bar.update(1)
            yield got

    def _start(self):
        """Submit every unit to a process pool; None when this process does the work."""
        n = min(self.jobs, len(self.units))
        if n <= 1:
            return None
        from concurrent.futures import ProcessPoolExecutor
        from .frontend.parser import tables
        tables()          # loaded once here: forked workers share it
        tool_key()
        try:
            self.pool = ProcessPoolExecutor(max_workers=n, initializer=_init_worker)
        except (OSError, ValueError, NotImplementedError):
            return None          # no processes (a sandbox): do it here
        root = self.cache.root if self.cache is not None else None
        seen, futures = set(), []
        for path, pp_args in self.units:
            key = os.path.realpath(path)
            if key in seen:              # the program is rejected when this entry is reached
                futures.append(None)
                continue
            seen.add(key)
            futures.append(self.pool.submit(_worker, path, pp_args, root))
        return futures


def _stderr_is_tty():
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _bar(total):
    try:
        import tqdm
    except ImportError:
        return None
    tqdm.tqdm.monitor_interval = 0        # no monitor thread (workers are forked)
    kw = dict(total=total, desc="parsing", unit="unit", leave=False, file=sys.stderr)
    try:
        return tqdm.tqdm(delay=0.5, **kw)
    except TypeError:                     # tqdm older than 4.58: no delay
        return tqdm.tqdm(**kw)
