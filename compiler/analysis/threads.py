"""Thread model: which functions can run in which threads.

The roots are `main` and every function passed to `pthread_create` (found
through the points-to analysis, so `pthread_create(&t, 0, table[i], arg)`
works too), each with the argument expression it receives.  A function runs
in a thread if the thread's root reaches it in the call graph.  The linter
uses this to decide whether two accesses can happen in different threads.

    >>> from atomicc.frontend.parser import parse_text
    >>> from atomicc.semantics.program import single
    >>> from atomicc.analysis.alias import analyze_pointers
    >>> from atomicc.analysis.callgraph import build_callgraph
    >>> src = "int pthread_create(); static void *w(void *a) { return a; } int main(void) { pthread_create(0, 0, w, 0); }"
    >>> tu, sm = parse_text(src)
    >>> prog = single("t.c", tu, sm); pa = analyze_pointers(prog)
    >>> tm = thread_model(prog, build_callgraph(prog, pa), pa)
    >>> sorted(t.root.name for t in tm.threads), tm.runs_in(prog.units[0].file_scope["w"])
    (['main', 'w'], ['w'])
"""

from ..frontend import ast as A
from .alias import library_name
from .callgraph import calls_in, func_key


class Thread:
    def __init__(self, root, created_at=None, arg=None, creator=None):
        self.root = root              # function Symbol
        self.created_at = created_at  # the pthread_create Call node (None for main)
        self.arg = arg                # the argument expression it receives
        self.creator = creator        # function Symbol that calls pthread_create
        self.functions = []           # the function Symbols it can run


class ThreadModel:
    def __init__(self, threads):
        self.threads = threads

    def runs_in(self, func):
        """Names of the roots of the threads that can run `func` (a Symbol), sorted."""
        return sorted({t.root.name for t in self.threads if func in t.functions})


def thread_model(program, cg, pa):
    main = program.externals.get("main")
    threads = [Thread(main)] if main is not None and main in cg.defs else []
    for fsym, fd in sorted(cg.defs.items(), key=lambda kv: func_key(kv[0])):
        for call in calls_in(fd.body):
            f = call.func
            while type(f) is A.Paren:
                f = f.expr
            lib = library_name(f.sym) if type(f) is A.Id else None
            if lib not in ("pthread_create", "thrd_create") or len(call.args) < 3:
                continue
            data = (call.args[3] if lib == "pthread_create" and len(call.args) > 3
                    else call.args[2] if lib == "thrd_create" else None)
            for r in pa.thread_roots.get(id(call), ()):
                threads.append(Thread(r, call, data, fsym))
    for t in threads:
        t.functions = set(cg.reachable([t.root]))
    return ThreadModel(threads)
