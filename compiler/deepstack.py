"""Deeply nested programs: running a command again on a thread with a big stack.

The passes after the parser (binding, the analyses, lowering, the printers)
walk the tree recursively, and Python's default limit of 1,000 frames is
reached by a few hundred nested parentheses or `else if`s.  A command runs on
the calling thread first; when it raises RecursionError it runs again, whole,
on a thread with a 1 GiB stack (virtual memory: only the pages used are
touched) and a recursion limit to match.  The parser rejects a tree deeper
than frontend.parser.MAX_DEPTH with a located error, so the second run does
not run out either.  Nothing was written by the first run: outputs are
written whole or not at all, after every pass has run.

Python-to-Python calls take no C stack since 3.11; the 1 GiB is for calls
that go through C (generators, map, pickle), about 0.3-0.7 KiB each.  Signals
are handled on the main thread: an exception its handler raises (Ctrl-C,
SIGTERM in cli.py) is raised in the worker too, so clean-up runs there.

    >>> run(lambda: 42)
    42
"""

import ctypes
import sys
import threading

STACK_BYTES = 1 << 30
RECURSION_LIMIT = 1500000


def run(fn, *args):
    """fn(*args); when it runs out of recursion depth, fn(*args) again on a deep stack."""
    try:
        return fn(*args)
    except RecursionError:
        pass
    return run_deep(fn, *args)


def run_deep(fn, *args):
    """fn(*args) on a thread with a STACK_BYTES stack and RECURSION_LIMIT; what it returns or raises."""
    box = {}

    def body():
        try:
            box["value"] = fn(*args)
        except BaseException as e:      # handed to the caller's thread
            box["error"] = e

    try:
        old_size = threading.stack_size(STACK_BYTES)
    except (ValueError, RuntimeError):   # no settable stack size here: recurse as far as we can
        return fn(*args)
    try:
        worker = threading.Thread(target=body, name="atomicc-deep", daemon=True)
        old_limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(old_limit, RECURSION_LIMIT))
        try:
            worker.start()
        except RuntimeError:             # the stack could not be mapped
            sys.setrecursionlimit(old_limit)
            threading.stack_size(old_size)
            return fn(*args)
    finally:
        threading.stack_size(old_size)   # later threads (process pools) get the usual size
    try:
        pending = None
        while worker.is_alive():
            try:
                worker.join()
            except BaseException as e:   # a signal handler's exception on this thread
                pending = pending or e
                _raise_in(worker, type(e))
        if "error" in box:
            raise box["error"]
        if pending is not None:
            raise pending
        return box.get("value")
    finally:
        sys.setrecursionlimit(old_limit)


def _raise_in(thread, exc_type):
    """Raise `exc_type` in `thread` at its next Python instruction."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident), ctypes.py_object(exc_type))
