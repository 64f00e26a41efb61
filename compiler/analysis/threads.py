"""Thread model: which functions can run in which threads.

The roots are `main` and every function passed to `pthread_create` (found
through the points-to analysis, so `pthread_create(&t, 0, table[i], arg)`
works too), each with the argument expression it receives.  A function runs
in a thread if the thread's root reaches it in the call graph.  The linter
uses this to decide whether two accesses can happen in different threads.

    >>> from atomicc.frontend.parser import parse_text
    >>> from atomicc.analysis.alias import analyze_pointers
    >>> from atomicc.analysis.callgraph import build_callgraph
    >>> src = "int pthread_create(); static void *w(void *a) { return a; } int main(void) { pthread_create(0, 0, w, 0); }"
    >>> tu, sm = parse_text(src)
    >>> tm = thread_model(tu, build_callgraph(tu), analyze_pointers(tu, sm))
    >>> sorted(t.root for t in tm.threads), tm.runs_in("w")
    (['main', 'w'], ['w'])
"""

from ..frontend import ast as A
from .accesses import _Scanner
from .callgraph import calls_in


class Thread:
    def __init__(self, root, created_at=None, arg=None, creator=None):
        self.root = root              # function name
        self.created_at = created_at  # the pthread_create Call node (None for main)
        self.arg = arg                # the argument expression it receives
        self.creator = creator        # function that calls pthread_create
        self.functions = []           # sorted names of the functions it can run


class ThreadModel:
    def __init__(self, threads):
        self.threads = threads

    def runs_in(self, func):
        """Roots of the threads that can run `func`, sorted."""
        return sorted({t.root for t in self.threads if func in t.functions})


def thread_model(tu, cg, pa):
    threads = [Thread("main")] if "main" in cg.defs else []
    for name, fd in sorted(cg.defs.items()):
        for callee, call in calls_in(fd.body):
            if callee not in ("pthread_create", "thrd_create") or len(call.args) < 3:
                continue
            fn_arg = call.args[2] if callee == "pthread_create" else call.args[1]
            data = (call.args[3] if callee == "pthread_create" and len(call.args) > 3
                    else call.args[2] if callee == "thrd_create" else None)
            f = fn_arg
            while type(f) in (A.Paren, A.Cast):
                f = f.expr
            roots = []
            if type(f) is A.Id and f.name in cg.defs and pa.var_object(f.name, name) is None:
                roots = [f.name]
            else:               # through a pointer: the functions its class holds
                o = _Scanner(pa, name, set(), set(), set(), set(), set())._target(f)
                if o is not None:
                    roots = sorted(m.name for m in pa.members_of(o) if m.kind == "func")
            for r in roots:
                threads.append(Thread(r, call, data, name))
    for t in threads:
        t.functions = cg.reachable([t.root])
    return ThreadModel(threads)
