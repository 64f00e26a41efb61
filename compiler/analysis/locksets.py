"""Lock sets: flow-sensitive, path-sensitive where it matters, and interprocedural by context.

Every thread of the program (main, and each `pthread_create` site found while
analysing its creator) is analysed from its entry function.  A function is
analysed once per *context*: the values of its pointer arguments (as
symbolic terms, so `transfer(&alice, &bob)` locks `alice.lock` and
`bob.lock`, not "some account's lock"), the locks held on entry, and the
threads its thread has started and not joined.  Inside a function the
analysis runs over the CFG (cfg.py) with a *set of path states*: the locks
held (with the site that took each), facts about unchanging locals that
branches tested (so `if (shared) lock; … if (shared) unlock;` pairs up),
trylock results, the threads started and not joined, and locally owned
fresh allocations.  A callee's exit states are composed into the caller's:
a function that returns holding a lock on every path (an `acquire()`
wrapper) hands the lock to its caller, which is then responsible for it.

Terms name memory the way the source does, resolved through the context:

    ("v", Symbol)             a variable (an object of its own)
    ("h", Call)               the heap objects allocated at a call site
    (".", term, Field)        a member
    ("[]", term, index_sig)   an element (index_sig None: some element)
    ("c", alias rep, path)    some object of an alias class (alias.py), when
                              the pointer's value is not known

The analysis records events (accesses, lock acquisitions, thread starts and
joins) and the findings that are local to a path (double lock, unlock of a
lock not held, a lock leaked at exit).  races.py and lockorder.py pair the
events up across threads.  Returns data; prints nothing.

    >>> from atomicc.frontend.parser import parse_text
    >>> from atomicc.semantics.program import single
    >>> src = ("int pthread_mutex_lock(void *); int pthread_mutex_unlock(void *);"
    ...        "int m, x; void f(void) { pthread_mutex_lock(&m); x++; }")
    >>> tu, sm = parse_text(src)
    >>> r = analyze_locksets(single("t.c", tu, sm))
    >>> sorted(f.rule for f in r.findings)
    ['lock-leak']
"""

from ..frontend import ast as A
from ..semantics.ctypes import ELEMENT
from .accesses import READS_ARGS, WRITES_ARG0, _Scanner, assigned_and_escaping, key_sig
from .alias import ALLOCATORS, analyze_pointers, library_name
from .callgraph import build_callgraph, call_targets
from .cfg import build_cfg

# name -> (operation, kind, mode); operation: lock | trylock | unlock
LOCK_FUNCTIONS = {
    "pthread_mutex_lock": ("lock", "mutex", "w"), "pthread_mutex_trylock": ("trylock", "mutex", "w"),
    "pthread_mutex_timedlock": ("trylock", "mutex", "w"), "pthread_mutex_unlock": ("unlock", "mutex", "w"),
    "pthread_rwlock_rdlock": ("lock", "rwlock", "r"), "pthread_rwlock_wrlock": ("lock", "rwlock", "w"),
    "pthread_rwlock_tryrdlock": ("trylock", "rwlock", "r"), "pthread_rwlock_trywrlock": ("trylock", "rwlock", "w"),
    "pthread_rwlock_timedrdlock": ("trylock", "rwlock", "r"),
    "pthread_rwlock_timedwrlock": ("trylock", "rwlock", "w"), "pthread_rwlock_unlock": ("unlock", "rwlock", "w"),
    "pthread_spin_lock": ("lock", "spin", "w"), "pthread_spin_trylock": ("trylock", "spin", "w"),
    "pthread_spin_unlock": ("unlock", "spin", "w"),
    "mtx_lock": ("lock", "mtx", "w"), "mtx_trylock": ("trylock", "mtx", "w"), "mtx_timedlock": ("trylock", "mtx", "w"),
    "mtx_unlock": ("unlock", "mtx", "w"),
    "sem_wait": ("lock", "sem", "w"), "sem_trywait": ("trylock", "sem", "w"), "sem_timedwait": ("trylock", "sem", "w"),
    "sem_post": ("unlock", "sem", "w"),
}
COND_WAITS = {"pthread_cond_wait": 1, "pthread_cond_timedwait": 1, "cnd_wait": 1, "cnd_timedwait": 1}
THREAD_CREATE = {"pthread_create": (0, 3), "thrd_create": (0, 2)}     # handle arg, data arg
THREAD_JOIN = {"pthread_join", "thrd_join"}
THREAD_EXIT = {"pthread_exit", "thrd_exit"}
NO_RETURN = {"exit", "_exit", "_Exit", "abort", "__assert_fail", "__assert_perror_fail", "longjmp",
             "siglongjmp", "quick_exit", "__builtin_trap", "__builtin_unreachable", "err", "errx",
             "__pthread_unwind_next"}   # the cancellation path of glibc's pthread_cleanup_push
ONCE = {"pthread_once": 1, "call_once": 1}
# library functions that write through every pointer argument from this position on
WRITES_FROM = {"scanf": 1, "fscanf": 2, "sscanf": 2, "vscanf": 1, "fgets": 0, "fread": 0, "read": 1,
               "pread": 1, "recv": 1, "recvfrom": 1, "getline": 0, "strtok_r": 2, "time": 0, "gettimeofday": 0,
               "rand_r": 0, "localtime_r": 1, "gmtime_r": 1,
               "clock_gettime": 1, "pipe": 0}
MAX_PATHS = 24          # path states per CFG block before they are merged
MAX_CONTEXTS = 48       # contexts per function before arguments are forgotten
MAX_LEAF_CONTEXTS = 1024  # the same for a function that calls no function of the program: a context
                          # costs one walk of its body, and a small helper every thread calls with its
                          # own slot (`rand_next(&w->seed)`) has a context per thread start site
MAX_DEPTH = 24          # call depth of contexts


class Finding:
    """A path-local finding: rule, the primary (unit, node), message, and notes [(unit, node, text)]."""
    __slots__ = ("rule", "unit", "node", "message", "notes", "func", "names")

    def __init__(self, rule, unit, node, message, notes=(), func=None, names=()):
        self.rule, self.unit, self.node, self.message = rule, unit, node, message
        self.notes = list(notes)
        self.func = func
        self.names = tuple(names)       # what the finding is about, for stable fingerprints


class AccessEvent:
    __slots__ = ("term", "mode", "held", "atomic", "live", "node", "unit", "func", "ctx", "once", "acq", "joined")

    def __init__(self, term, mode, held, atomic, live, node, unit, func, ctx, once, acq=frozenset(),
                 joined=frozenset()):
        self.term, self.mode, self.held, self.atomic, self.live = term, mode, held, atomic, live
        self.node, self.unit, self.func, self.ctx, self.once = node, unit, func, ctx, once
        self.acq = acq        # atomic objects seen set before it (acquire side of message passing)
        self.joined = joined  # (Spawn, index) of single threads of an array joined before it (join(t[0]))


class Acquire:
    """Lock `term` taken at (unit, node) while `held` (tuple of Held) were held."""
    __slots__ = ("term", "held", "unit", "node", "live", "ctx", "func", "text")

    def __init__(self, term, held, unit, node, live, ctx, func, text):
        self.term, self.held, self.unit, self.node, self.live = term, held, unit, node, live
        self.ctx, self.func, self.text = ctx, func, text


class Spawn:
    """A thread start site: the threads it starts run `roots` with argument `arg`."""
    __slots__ = ("node", "unit", "roots", "multi", "live_before", "creators", "contexts", "func", "inherit",
                 "joined_paths")

    def __init__(self, node, unit, func):
        self.node, self.unit, self.func = node, unit, func
        self.roots = []
        self.multi = False            # started again while an earlier one may still run (a loop)
        self.live_before = set()      # other Spawns (of the same creator) running when it starts
        self.creators = set()         # thread ids (a Spawn or "main") that run this site
        self.contexts = []            # root contexts of the started thread
        self.inherit = None           # locks its creator holds from before the start until after the join
        self.joined_paths = 0


class Held:
    """One held lock in a path state."""
    __slots__ = ("term", "mode", "count", "unit", "node", "kind", "text", "_h", "quiet")

    def __init__(self, term, mode, count, unit, node, kind, text, quiet=False):
        self.term, self.mode, self.count, self.unit, self.node, self.kind = term, mode, count, unit, node, kind
        self.text = text
        self.quiet = quiet          # its leak was already reported in the callee that took it
        self._h = hash((term, mode, count, id(node)))

    def __hash__(self):
        return self._h

    def __eq__(self, o):
        return (self.term == o.term and self.mode == o.mode and self.count == o.count
                and self.node is o.node)

    def key(self):
        return (self.term, self.mode, self.count)


class State:
    """One path state (immutable)."""
    __slots__ = ("held", "facts", "tries", "live", "handles", "owned", "atomic", "acq", "_h")

    def __init__(self, held=frozenset(), facts=frozenset(), tries=frozenset(), live=frozenset(),
                 handles=frozenset(), owned=frozenset(), atomic=0, acq=frozenset()):
        self.held, self.facts, self.tries, self.live = held, facts, tries, live
        self.handles, self.owned, self.atomic = handles, owned, atomic
        self.acq = acq              # atomic objects this path has seen set (an acquire that was tested)
        self._h = hash((held, facts, tries, live, handles, owned, atomic, acq))

    def but(self, **kw):
        d = {k: getattr(self, k) for k in ("held", "facts", "tries", "live", "handles", "owned", "atomic", "acq")}
        d.update(kw)
        return State(**d)

    def __hash__(self):
        return self._h

    def __eq__(self, o):
        return (self._h == o._h and self.held == o.held and self.facts == o.facts and self.tries == o.tries
                and self.live == o.live and self.handles == o.handles and self.owned == o.owned
                and self.atomic == o.atomic and self.acq == o.acq)

    def held_terms(self):
        return frozenset((h.term, h.mode) for h in self.held)


class Context:
    """One analysed (function, arguments, entry state) with its results."""
    __slots__ = ("func", "fd", "unit", "args", "entry", "exits", "accesses", "acquires", "calls",
                 "once", "done", "key", "thread_exit", "call_sites", "releases")

    def __init__(self, func, fd, unit, args, entry, once, key):
        self.func, self.fd, self.unit, self.args, self.entry, self.once = func, fd, unit, args, entry, once
        self.key = key
        self.exits = []
        self.accesses = []
        self.acquires = []
        self.calls = []          # callee Contexts
        self.call_sites = {}     # id(callee Context) -> the first Call node that reaches it
        self.releases = []       # (atomic object term, offset) of atomic stores in this context
        self.done = False
        self.thread_exit = False


class LockInfo:
    """What analyze_locksets returns."""

    def __init__(self, program, pa, cg):
        self.program, self.pa, self.cg = program, pa, cg
        self.contexts = {}          # key -> Context
        self.findings = []
        self.spawns = {}            # (id(call), roots, context arguments) -> Spawn
        self.roots = []             # (thread id, root Context): "main"/entry functions and Spawns
        self.recursive = set()      # lock terms of recursive mutexes
        self.atomic_lock = {}       # id(Atomic) -> lock term of the block's plan (None: takes no lock)
        self.escaped_locals = set()  # automatic locals whose address reaches a thread or a global

    def thread_contexts(self):
        """thread id -> set of Contexts it can run."""
        out = {}
        for tid, ctx in self.roots:
            seen = out.setdefault(tid, set())
            stack = [ctx]
            while stack:
                c = stack.pop()
                if c in seen:
                    continue
                seen.add(c)
                stack.extend(c.calls)
        return out


def _statement_exprs(body):
    """The expressions of the expression statements in `body`, in source order, not
    looking inside them (ev evaluates a statement expression nested in one: walking
    into it too took 2^n evaluations for n nested `({ ... })`)."""
    stack = [body]
    while stack:
        n = stack.pop()
        if type(n) is A.ExprStmt:
            if n.expr is not None:
                yield n.expr
            continue
        for f in n.rfields:
            v = getattr(n, f)
            if v is None:
                continue
            if type(v) is list:
                stack.extend(c for c in reversed(v) if c is not None)
            else:
                stack.append(v)


def _strip(e):
    while type(e) in (A.Paren, A.Cast):
        e = e.expr
    return e


def _callee_name(call):
    f = call.func
    while type(f) is A.Paren:
        f = f.expr
    if type(f) is A.Id and f.sym is not None and f.sym.kind == "func":
        return f.sym
    return None


def is_precise(term):
    """Does the term denote one object (no alias-class fallback, no unknown element)?"""
    while term is not None:
        k = term[0]
        if k == "c" or k == "atomic":
            return k == "atomic"
        if k == "v" or k == "h":
            return True
        if k == "[]" and term[2] is None:
            return False
        term = term[1]
    return False


def root_of(term):
    while term[0] in (".", "[]"):
        term = term[1]
    return term


class _Analyzer:
    def __init__(self, program, pa, cg, info, atomic_lock):
        self.program, self.pa, self.cg, self.info = program, pa, cg, info
        self.atomic_lock = atomic_lock
        self.cfgs = {}
        self.func_facts = {}          # FuncDef -> (assigned, addr_taken, defs)
        self.per_func = {}            # func Symbol -> number of contexts
        self.leaves = {}              # func Symbol -> calls no function of the program
        self.stack = []
        self.finding_keys = set()
        self.scanners = {}
        self.thread_local, self.atomic_objs, self.atomic_fields = _special_objects(program)

    # -- per-function facts ---------------------------------------------------------
    def facts(self, fd):
        f = self.func_facts.get(id(fd))
        if f is None:
            assigned, addr = assigned_and_escaping(fd.body)
            defs = {}
            for n in A.walk(fd.body):
                t = type(n)
                if t is A.InitDeclarator and n.init is not None:
                    nd = _decl_name(n.decl)
                    if nd is not None and nd.sym is not None:
                        defs.setdefault(nd.sym, []).append(n.init)
                elif t is A.Assign and n.op == "=":
                    lhs = _strip(n.lhs)
                    if type(lhs) is A.Id and lhs.sym is not None:
                        defs.setdefault(lhs.sym, []).append(n.rhs)
                elif (t is A.PostOp or (t is A.Unary and n.op in ("++", "--"))) or (t is A.Assign):
                    lhs = _strip(n.expr if t is not A.Assign else n.lhs)
                    if type(lhs) is A.Id and lhs.sym is not None:
                        defs.setdefault(lhs.sym, []).append(None)
            f = self.func_facts[id(fd)] = (assigned, addr, defs)
        return f

    def scanner(self, ctx):
        s = self.scanners.get(id(ctx.fd))
        if s is None:
            s = self.scanners[id(ctx.fd)] = _Scanner(self.pa, ctx.func, ctx.unit, set(),
                                                      self.facts(ctx.fd)[1], set())
        return s

    # -- terms ------------------------------------------------------------------------
    def class_term(self, ctx, lv):
        try:
            o, f = self.scanner(ctx)._cell(lv)
        except RecursionError:  # a deep tree: cli.py runs the command again on a deep stack
            raise
        except Exception:       # an expression shape the access scanner does not model
            return None
        if o is None:
            return None
        return ("c", self.pa.find(o), tuple(f))

    def class_value(self, ctx, e):
        try:
            o = self.scanner(ctx)._target(e)
        except RecursionError:
            raise
        except Exception:
            return None
        if o is None:
            return None
        return ("?", self.pa.find(o))

    def value(self, ctx, e, depth=0):
        """The pointer value of e as a term: ("&", object term), ("?", class) or None."""
        e0 = e
        e = _strip(e)
        t = type(e)
        if depth > 8:
            return self.class_value(ctx, e0)
        if t is A.Id:
            sym = e.sym
            if sym is None:
                return None
            if sym.kind == "func":
                return ("&", ("f", sym))
            if sym.kind != "var":
                return None
            if sym.type is not None and sym.type.is_array:
                return ("&", ("v", sym))
            if sym.storage == "param" and sym.func is ctx.func:
                i = _param_index(ctx.fd, sym)
                if i is not None and i < len(ctx.args) and ctx.args[i] is not None:
                    return ctx.args[i]
                return self.class_value(ctx, e)
            if sym.storage == "auto" and sym.func is ctx.func:
                assigned, addr, defs = self.facts(ctx.fd)
                ds = defs.get(sym, ())
                if sym not in addr and len(ds) == 1 and ds[0] is not None and type(ds[0]) is not A.InitList:
                    v = self.value(ctx, ds[0], depth + 1)
                    if v is not None:
                        return v
            return self.class_value(ctx, e)
        if t is A.Unary and e.op == "&":
            lt = self.lvterm(ctx, e.expr, depth + 1)
            return ("&", lt) if lt is not None else None
        if (t is A.Index or t is A.Member) and e.ty is not None and e.ty.is_array:
            lt = self.lvterm(ctx, e, depth + 1)          # an array element or member decays to its address
            return ("&", lt) if lt is not None else None
        if t is A.Call:
            f = _callee_name(e)
            if f is not None and library_name(f) in ALLOCATORS:
                return ("&", ("h", e))
            return self.class_value(ctx, e0)
        if t is A.Binary and e.op in ("+", "-"):
            # pointer arithmetic stays in the object (an element of it)
            lt = e.left.ty if e.left is not None else None
            base = e.left if (lt is not None and (lt.is_pointer or lt.is_array)) else e.right
            v = self.value(ctx, base, depth + 1)
            if v is not None and v[0] == "&" and v[1][0] != "f":
                return ("&", _element(v[1], None))
            return v
        return self.class_value(ctx, e0)

    def arg_value(self, ctx, a):
        """An argument's value for the callee's context: a pointer term, or ("k", ("k", text)) for an
        integer constant (so `update(buf, 1)` and `update(buf, 0)` take their own branches)."""
        e = _strip(a)
        if type(e) is A.Const and e.ty is not None and e.ty.is_integer:
            return ("k", ("k", e.text))
        return self.value(ctx, a)

    def deref(self, v):
        if v is None:
            return None
        if v[0] == "&":
            return v[1]
        if v[0] == "?":
            return ("c", v[1], ())
        return None                 # an integer constant passed as a pointer

    def lvterm(self, ctx, lv, depth=0):
        """The object term of an lvalue expression (None: not memory we track)."""
        e = _strip(lv)
        t = type(e)
        if depth > 8:
            return self.class_term(ctx, e)
        if t is A.Id:
            sym = e.sym
            if sym is None or sym.kind != "var":
                return None
            return ("v", sym)
        if t is A.Member:
            if e.arrow:
                base = self.deref(self.value(ctx, e.expr, depth + 1))
            else:
                base = self.lvterm(ctx, e.expr, depth + 1)
            if base is None:
                return self.class_term(ctx, e)
            if base[0] == "c":
                return ("c", base[1], base[2] + (e.sym,))
            return (".", base, e.sym)
        if t is A.Unary and e.op == "*":
            base = self.deref(self.value(ctx, e.expr, depth + 1))
            return base if base is not None else self.class_term(ctx, e)
        if t is A.Index:
            b = _strip(e.base)
            if b.ty is not None and b.ty.is_array:
                base = self.lvterm(ctx, b, depth + 1)
            else:
                base = self.deref(self.value(ctx, e.base, depth + 1))
            if base is None:
                return self.class_term(ctx, e)
            return _element(base, self.index_sig(ctx, e.index))
        if t is A.Call or t is A.StmtExpr or t is A.CompoundLit:
            return self.class_term(ctx, e)
        return self.class_term(ctx, e)

    def index_sig(self, ctx, idx):
        """A signature of an index expression that is the same value wherever it appears in this
        context (constants, unassigned locals and parameters), else None.  ("tid", start site):
        a value that differs between the threads one `pthread_create` in a loop starts."""
        e = _strip(idx)
        assigned, addr, defs = self.facts(ctx.fd)
        for _ in range(4):         # a local with one definition is that definition (`long id = (long)arg;`)
            if type(e) is A.Id and e.sym is not None and e.sym.storage == "auto" and e.sym not in addr:
                ds = defs.get(e.sym, ())
                if len(ds) == 1 and ds[0] is not None:
                    e = _strip(ds[0])
                    continue
            break
        if type(e) is A.Id and e.sym is not None and e.sym.storage == "param" and e.sym.func is ctx.func:
            i = _param_index(ctx.fd, e.sym)
            if i is not None and i < len(ctx.args) and ctx.args[i] is not None and ctx.args[i][0] == "k":
                return ctx.args[i][1]
            if e.sym not in assigned:
                return ("p", id(ctx), key_sig(e))
            return None
        if type(e) is A.Const:
            return ("k", e.text)
        if type(e) is A.Unary and e.op == "*" or type(e) is A.Index:
            # `int id = *(int *)arg;` with arg = &ids[i] from the start loop: one slot per thread
            v = self.value(ctx, e.expr if type(e) is A.Unary else e.base)
            t = v[1] if v is not None and v[0] == "&" else None
            while t is not None and t[0] in (".", "[]"):
                if t[0] == "[]" and t[2] is not None and t[2][0] == "tid":
                    return t[2]
                t = t[1]
        if type(_strip(idx)) is A.Id and not self.spawning:
            i0 = _strip(idx)
            for loop, call, syms in self.spawn_loops(ctx.fd):
                if i0.sym in syms and loop.start <= i0.start < call.start and \
                        library_name(_callee_name(call)) in THREAD_CREATE:
                    return ("tid", id(call))     # set up for the thread this iteration starts, before it starts
                if i0.sym in syms and call.end <= i0.start < loop.end and \
                        library_name(_callee_name(call)) in THREAD_JOIN:
                    return ("tid", "joined")     # read back from the thread this iteration joined
        if self.spawning is not None and type(e) is A.Id and e.sym is not None and e.sym.is_local:
            return ("tid", id(self.spawning))
        for n in A.walk(e):
            if type(n) is A.Id:
                sy = n.sym
                if sy is None or (sy.kind == "var" and (not sy.is_local or sy in assigned)):
                    return None
            elif type(n) in (A.Call, A.Assign, A.PostOp, A.StmtExpr) or (type(n) is A.Unary and n.op in ("++", "--", "*")):
                return None
        return ("x", id(ctx), key_sig(e))

    # -- name of a term (as the source writes it) ----------------------------------------
    def private(self, ctx, lv):
        """Is lv a thread-private location: a local whose address never escapes, or thread-local?"""
        e = _strip(lv)
        while True:
            t = type(e)
            if t is A.Member and not e.arrow:
                e = _strip(e.expr)
            elif t is A.Index and _strip(e.base).ty is not None and _strip(e.base).ty.is_array:
                e = _strip(e.base)
            else:
                break
        if type(e) is A.Id and e.sym is not None and e.sym.kind == "var":
            sym = e.sym
            if sym in self.thread_local:
                return True
            if sym.is_local and sym.func is not None:
                fd = self.cg.defs.get(sym.func)
                if fd is not None and sym not in self.facts(fd)[1]:
                    return True
        return False

    def leaf(self, func):
        """Does func call no function with a body in the program (directly or through a pointer)?"""
        out = self.leaves.get(func)
        if out is None:
            out = self.leaves[func] = func not in self.cg.unresolved and not any(
                g in self.cg.defs for g in self.cg.graph.successors(func)) if func in self.cg.graph else True
        return out

    # -- the analysis of one context ----------------------------------------------------------
    def context(self, func, args, entry, once=False, caller=None):
        fd = self.cg.defs.get(func)
        if fd is None:
            return None
        unit = self.cg.units[func]
        n = self.per_func.get(func, 0)
        if len(self.stack) >= MAX_DEPTH or sum(1 for c in self.stack if c.func is func) >= 2:
            return None         # deep or recursive: the shallower contexts of the function cover it
        if n >= (MAX_LEAF_CONTEXTS if self.leaf(func) else MAX_CONTEXTS):
            args = tuple(None for _ in args)
        key = (func, tuple(args), _state_key(entry), once)
        ctx = self.info.contexts.get(key)
        if ctx is not None:
            return ctx
        self.per_func[func] = n + 1
        ctx = Context(func, fd, unit, tuple(args), entry, once, key)
        self.info.contexts[key] = ctx
        self.stack.append(ctx)
        try:
            self.run(ctx)
        finally:
            self.stack.pop()
        ctx.done = True
        return ctx

    def run(self, ctx):
        g = self.cfgs.get(id(ctx.fd))
        if g is None:
            g = self.cfgs[id(ctx.fd)] = build_cfg(ctx.fd)
        states = {b.id: set() for b in g.blocks}
        states[g.entry.id] = {ctx.entry}
        work = [g.entry]
        queued = {g.entry.id}
        budget = 60 * len(g.blocks) + 200
        exits = set()
        while work and budget > 0:
            budget -= 1
            work.sort(key=lambda b: b.id)
            b = work.pop(0)
            queued.discard(b.id)
            out = set()
            for st in sorted(states[b.id], key=_state_order):
                out |= self.block(ctx, b, st, exits)
            if not b.succs:
                continue
            if b.branch is not None:
                loop = g.loops.get(b.id)
                for st in out:
                    for i, succ in enumerate(b.succs):
                        for st2 in self.branch(ctx, b.branch, st, i == 0):
                            if i == 1 and loop is not None:
                                st2 = self.loop_joins(ctx, loop, st2)
                            self.add(states, succ, st2, work, queued)
            else:
                for st in out:
                    for succ in b.succs:
                        self.add(states, succ, st, work, queued)
        ctx.exits = sorted(exits, key=_state_order)
        for st in ctx.exits:
            for sp in st.live:
                if sp.inherit and not any(h.key() in {x.key() for x in st.held} for h in sp.inherit):
                    sp.inherit = frozenset()
        self.check_exit(ctx)

    def add(self, states, succ, st, work, queued):
        cur = states[succ.id]
        if st in cur:
            return
        cur.add(st)
        if len(cur) > MAX_PATHS:
            states[succ.id] = _merge(cur)
        if succ.id not in queued:
            queued.add(succ.id)
            work.append(succ)

    def block(self, ctx, b, st, exits):
        sts = {st}
        for item in b.items:
            kind = item[0]
            nxt = set()
            for s in sts:
                if kind == "expr":
                    nxt |= self.expr(ctx, item[1], s)
                elif kind == "init":
                    nxt |= self.init(ctx, item[1], s)
                elif kind == "return":
                    for s2 in (self.expr(ctx, item[1], s) if item[1] is not None else {s}):
                        r = _strip(item[1]) if item[1] is not None else None
                        if r is not None and type(r) is A.Id and r.sym in s2.owned:
                            s2 = s2.but(owned=s2.owned - {r.sym})
                        exits.add(s2.but(facts=frozenset(), tries=frozenset(), owned=frozenset()))
                        self.return_sites.setdefault(id(ctx), []).append((s2, item[2]))
                elif kind == "enter":
                    nxt.add(self.enter(ctx, item[1], s))
                elif kind == "leave":
                    nxt.add(self.leave(ctx, item[1], s))
                elif kind == "retry":
                    pass
            if kind in ("return", "retry"):
                return set()
            sts = nxt
        return sts

    # atomic blocks: the outermost one takes the lock its plan takes
    def enter(self, ctx, node, s):
        if s.atomic == 0:
            term = self.atomic_lock.get(id(node), ("atomic", "global"))
            if term is not None:
                self.acquired(ctx, s, term, node, "atomic block", "w", trylock=False)
                h = Held(term, "w", 1, ctx.unit, node, "atomic", "atomic block")
                s = s.but(held=s.held | {h})
        return s.but(atomic=s.atomic + 1)

    def leave(self, ctx, node, s):
        if s.atomic == 1:
            s = s.but(held=frozenset(h for h in s.held if h.kind != "atomic"))
        return s.but(atomic=max(s.atomic - 1, 0))

    # -- expressions ------------------------------------------------------------------------
    def init(self, ctx, idecl, s):
        sts = self.expr(ctx, idecl.init, s) if type(idecl.init) is not A.InitList else self.initlist(ctx, idecl.init, s)
        nd = _decl_name(idecl.decl)
        if nd is not None and nd.sym is not None and getattr(nd.sym, "kind", None) == "var":
            return {self.assigned_local(ctx, nd.sym, idecl.init, s2) for s2 in sts}
        return sts

    def initlist(self, ctx, il, s):
        sts = {s}
        for it in il.items:
            init = it.init
            nxt = set()
            for s2 in sts:
                nxt |= self.initlist(ctx, init, s2) if type(init) is A.InitList else self.expr(ctx, init, s2)
            sts = nxt
        return sts

    def assigned_local(self, ctx, sym, rhs, s):
        """Bookkeeping when a local gets a value: ownership of fresh objects, trylock results."""
        r = _strip(rhs) if rhs is not None else None
        owned, tries = s.owned, s.tries
        if sym in owned:
            owned = owned - {sym}
        if any(t[0] is sym for t in tries):
            tries = frozenset(t for t in tries if t[0] is not sym)
        if r is not None and type(r) is A.Call:
            f = _callee_name(r)
            name = library_name(f) if f is not None else None
            if name in ALLOCATORS and sym.is_local:
                owned = owned | {sym}
            elif name in LOCK_FUNCTIONS and LOCK_FUNCTIONS[name][0] == "trylock" and r.args:
                term = self.deref(self.value(ctx, r.args[0]))
                if term is not None:
                    tries = tries | {(sym, term, LOCK_FUNCTIONS[name][1], LOCK_FUNCTIONS[name][2], r)}
        if r is not None and type(r) is A.Id and r.sym in owned:
            owned = owned - {r.sym}
        return s.but(owned=owned, tries=tries)

    def expr(self, ctx, e, s):
        """Evaluate e in state s; returns the set of states after it."""
        return self.ev(ctx, e, {s})

    def ev(self, ctx, e, sts, value_use=True):
        if e is None or not sts:
            return sts
        t = type(e)
        if t is A.Id:
            if e.sym is not None and e.sym.kind == "var" and not (e.sym.type is not None and e.sym.type.is_array):
                self.access(ctx, e, "R", sts)
            return sts
        if t is A.Paren or t is A.Cast:
            return self.ev(ctx, e.expr, sts)
        if t is A.Const or t is A.Str or t is A.SizeofType or t is A.Offsetof or t is A.LabelAddr \
                or t is A.TypesCompat:
            return sts
        if t is A.Assign:
            sts = self.ev(ctx, e.rhs, sts)
            sts = self.lvsub(ctx, e.lhs, sts)
            if e.op != "=":
                self.access(ctx, e.lhs, "R", sts)
            self.access(ctx, e.lhs, "W", sts)
            lhs = _strip(e.lhs)
            if type(lhs) is A.Id and lhs.sym is not None and lhs.sym.is_local:
                sts = {self.assigned_local(ctx, lhs.sym, e.rhs if e.op == "=" else None, s) for s in sts}
            else:
                r = _strip(e.rhs)
                if type(r) is A.Id and r.sym is not None:
                    sts = {s.but(owned=s.owned - {r.sym}) if r.sym in s.owned else s for s in sts}
            return sts
        if t is A.PostOp or (t is A.Unary and e.op in ("++", "--")):
            sts = self.lvsub(ctx, e.expr, sts)
            self.access(ctx, e.expr, "R", sts)
            self.access(ctx, e.expr, "W", sts)
            return sts
        if t is A.Unary:
            if e.op == "&":
                return self.lvsub(ctx, e.expr, sts)
            if e.op in ("sizeof", "_Alignof", "__alignof__", "__alignof", "__extension__") and e.op != "__extension__":
                return sts
            if e.op == "*":
                sts = self.base(ctx, e.expr, sts)
                if not (e.ty is not None and (e.ty.is_array or e.ty.is_func)):
                    self.access(ctx, e, "R", sts)
                return sts
            return self.ev(ctx, e.expr, sts)
        if t is A.Member:
            if e.arrow:
                sts = self.base(ctx, e.expr, sts)
            else:
                sts = self.lvsub(ctx, e.expr, sts)
            if not (e.ty is not None and e.ty.is_array):
                self.access(ctx, e, "R", sts)
            return sts
        if t is A.Index:
            b = _strip(e.base)
            if b.ty is not None and b.ty.is_array:
                sts = self.lvsub(ctx, b, sts)
            else:
                sts = self.base(ctx, e.base, sts)
            sts = self.ev(ctx, e.index, sts)
            if not (e.ty is not None and e.ty.is_array):
                self.access(ctx, e, "R", sts)
            return sts
        if t is A.Call:
            return self.call(ctx, e, sts)
        if t is A.Binary and e.op in ("&&", "||"):
            left = self.ev(ctx, e.left, sts)
            return left | self.ev(ctx, e.right, left)
        if t is A.Cond:
            c = self.ev(ctx, e.cond, sts)
            out = set()
            out |= self.ev(ctx, e.then, c) if e.then is not None else c
            out |= self.ev(ctx, e.els, c)
            return out
        if t is A.Comma:
            for x in e.exprs:
                sts = self.ev(ctx, x, sts)
            return sts
        if t is A.StmtExpr:
            for x in _statement_exprs(e.body):
                sts = self.ev(ctx, x, sts)
            return sts
        if t is A.CompoundLit:
            return set().union(*(self.initlist(ctx, e.init, s) for s in sts)) if type(e.init) is A.InitList else sts
        if t is A.InitList:
            return set().union(*(self.initlist(ctx, e, s) for s in sts))
        for c in A.iter_children(e):
            if not isinstance(c, (A.TypeName, A.DeclSpecs)):
                sts = self.ev(ctx, c, sts)
        return sts

    def base(self, ctx, p, sts):
        """Evaluate a pointer used as the base of a dereference (not an escape of the object)."""
        q = _strip(p)
        if type(q) is A.Id:
            if q.sym is not None and q.sym.kind == "var" and not (q.sym.type is not None and q.sym.type.is_array):
                self.access(ctx, q, "R", sts)
            return sts
        return self.ev(ctx, p, sts)

    def lvsub(self, ctx, lv, sts):
        """Evaluate the subexpressions of an lvalue (indexes, pointer bases) without accessing it."""
        e = _strip(lv)
        t = type(e)
        if t is A.Id:
            return sts
        if t is A.Member:
            return self.base(ctx, e.expr, sts) if e.arrow else self.lvsub(ctx, e.expr, sts)
        if t is A.Index:
            b = _strip(e.base)
            sts = self.lvsub(ctx, b, sts) if (b.ty is not None and b.ty.is_array) else self.base(ctx, e.base, sts)
            return self.ev(ctx, e.index, sts)
        if t is A.Unary and e.op == "*":
            return self.base(ctx, e.expr, sts)
        return self.ev(ctx, e, sts)

    def owned_access(self, ctx, lv, s):
        """Is lv reached through a local pointer that holds a fresh, unpublished allocation?"""
        e = _strip(lv)
        while True:
            t = type(e)
            if t is A.Member:
                if e.arrow:
                    e = _strip(e.expr)
                    break
                e = _strip(e.expr)
            elif t is A.Index:
                b = _strip(e.base)
                if b.ty is not None and b.ty.is_array:
                    e = b
                else:
                    e = b
                    break
            elif t is A.Unary and e.op == "*":
                e = _strip(e.expr)
                break
            else:
                return False
        return type(e) is A.Id and e.sym in s.owned

    def access(self, ctx, lv, mode, sts):
        if self.private(ctx, lv):
            return
        e = _strip(lv)
        if type(e) is A.Id and e.sym is not None and (e.sym in self.atomic_objs or
                                                      (e.sym.type is not None and e.sym.type.const and mode == "R"
                                                       and not e.sym.type.is_pointer)):
            return
        if type(e) is A.Member and e.sym in self.atomic_fields:
            return
        term = None
        for s in sts:
            if self.owned_access(ctx, lv, s):
                continue
            if term is None:
                term = self.lvterm(ctx, lv)
                if term is None:
                    return
                if root_of(term)[0] == "v" and root_of(term)[1] in self.atomic_objs:
                    return
            ctx.accesses.append(AccessEvent(term, mode, frozenset(h for h in s.held), s.atomic > 0, s.live,
                                            e, ctx.unit, ctx.func, ctx, ctx.once, s.acq, _joined(s)))

    # -- calls ----------------------------------------------------------------------------------
    def call(self, ctx, call, sts):
        fsym = _callee_name(call)
        name = library_name(fsym) if fsym is not None else None
        if name is not None and (name.startswith("__atomic_") or name.startswith("__sync_")
                                 or name.startswith("atomic_")):
            if call.args and not name.startswith(("atomic_load", "__atomic_load")) and "thread_fence" not in name:
                obj = self.deref(self.value(ctx, call.args[0]))     # a store / RMW: a release point
                if obj is not None:
                    ctx.releases.append((obj, call.start))
            for a in call.args:           # the builtins' pointer operands are not plain accesses
                sts = self.ev(ctx, a, sts) if type(_strip(a)) is not A.Unary else self.lvsub(ctx, _strip(a).expr, sts)
            return sts
        for a in call.args:
            sts = self.ev(ctx, a, sts)
        if fsym is None:
            sts = self.ev(ctx, call.func, sts)      # a call through a pointer reads the pointer
        if name is not None:
            return self.library_call(ctx, call, name, sts)
        targets = [t for t in call_targets(self.pa, call) if t in self.cg.defs]
        if not targets:
            return sts
        out = set()
        for s in sorted(sts, key=_state_order):
            arg_vals = tuple(self.arg_value(ctx, a) for a in call.args)
            owned = s.owned
            for a in call.args:
                r = _strip(a)
                if type(r) is A.Id and r.sym in owned:
                    owned = owned - {r.sym}
            for tsym in targets:
                entry = State(held=s.held, live=s.live, handles=s.handles, atomic=s.atomic)
                callee = self.context(tsym, arg_vals, entry, ctx.once, ctx)
                if callee is None:
                    out.add(s)
                    continue
                if callee not in ctx.calls:
                    ctx.calls.append(callee)
                    ctx.call_sites[id(callee)] = call
                if not callee.done:            # recursion: assume the call leaves the state as it was
                    out.add(s.but(owned=owned))
                    continue
                on_all = None
                for ex in callee.exits:
                    ks = {h.key() for h in ex.held}
                    on_all = ks if on_all is None else on_all & ks
                for ex in callee.exits:
                    out.add(self.compose(ctx, call, s, ex, owned, on_all or set()))
        return out

    def compose(self, ctx, call, s, ex, owned, on_all):
        """The caller's state after a call: the callee started in s and ended in ex."""
        before = {h.key(): h for h in s.held}
        held = set()
        for h in ex.held:
            if h.key() in before:
                held.add(before[h.key()])
            else:         # taken in the callee (an acquire() wrapper): the call is where the caller took it
                held.add(Held(h.term, h.mode, h.count, ctx.unit, call, h.kind, h.text,
                              quiet=h.quiet or h.key() not in on_all))
        return s.but(held=frozenset(held), live=ex.live, handles=ex.handles, owned=owned, atomic=s.atomic)

    def library_call(self, ctx, call, name, sts):
        lk = LOCK_FUNCTIONS.get(name)
        if lk is not None and call.args:
            op, kind, mode = lk
            term = self.deref(self.value(ctx, call.args[0]))
            if term is None:
                return sts
            text = ctx.unit.text_of(call.args[0])
            if text.startswith("&"):
                text = text[1:].strip()
            if op == "lock":
                return {self.lock(ctx, call, s, term, kind, mode, text) for s in sts}
            if op == "unlock":
                return {self.unlock(ctx, call, s, term, kind, text) for s in sts}
            return sts                  # a trylock whose result is not tested: nothing is known to be held
        if name in THREAD_CREATE:
            return {self.spawn(ctx, call, s, name) for s in sts}
        if name in THREAD_JOIN and call.args:
            return {self.join(ctx, call, s) for s in sts}
        if name in THREAD_EXIT:
            for s in sts:
                self.leaks_at_exit(ctx, s, call, thread_exit=True)
            return set()
        if name in NO_RETURN:
            return set()
        if name in ONCE and len(call.args) > 1:
            for s in sts:
                v = self.value(ctx, call.args[1])
                if v is not None and v[0] == "&" and v[1][0] == "f":
                    # the once-control object names the initialisation: two controls, two runs
                    ctrl = self.deref(self.value(ctx, call.args[0])) or ("once",)
                    callee = self.context(v[1][1], (), State(live=s.live), ("once", ctrl), ctx)
                    if callee is not None and callee not in ctx.calls:
                        ctx.calls.append(callee)
                        ctx.call_sites[id(callee)] = call
            return sts
        if name in WRITES_ARG0 and call.args:
            self.pointee_access(ctx, call.args[0], "W", sts)
        if name in ("free", "realloc") and call.args:
            self.freed(ctx, call, call.args[0], sts)
        first = WRITES_FROM.get(name)
        if first is not None:
            for a in call.args[first:]:
                self.pointee_access(ctx, a, "W", sts)
        for i in READS_ARGS.get(name, ()):
            if i < len(call.args):
                self.pointee_access(ctx, call.args[i], "R", sts)
        if name in ("memcpy", "memmove") and len(call.args) > 1:
            self.pointee_access(ctx, call.args[1], "R", sts)
        return sts

    def freed(self, ctx, call, arg, sts):
        """free(p) writes the whole object p points to (when p names one: a variable's or an allocation
        site's object; objects reached through a shared structure are usually handed over first)."""
        v = self.value(ctx, arg)
        t = self.deref(v)
        if t is None or root_of(t)[0] not in ("h", "v") or not is_precise(t):
            return
        a0 = _strip(arg)
        if root_of(t)[0] == "h" and not (type(a0) is A.Id and a0.sym in self.thread_args):
            return          # a fresh object not handed to a thread: freed by its owner (insert failed, …)
        for s in sts:
            a = _strip(arg)
            if type(a) is A.Id and a.sym in s.owned:
                continue
            ctx.accesses.append(AccessEvent(t, "W", frozenset(s.held), s.atomic > 0, s.live, call, ctx.unit,
                                            ctx.func, ctx, ctx.once, s.acq, _joined(s)))

    def pointee_access(self, ctx, arg, mode, sts):
        a = _strip(arg)
        if type(a) is A.Unary and a.op == "&":
            self.access(ctx, a.expr, mode, sts)
        elif type(a) is A.Id and a.sym is not None and a.sym.type is not None and a.sym.type.is_array:
            self.access(ctx, a, mode, sts)

    def lock(self, ctx, call, s, term, kind, mode, text):
        same = [h for h in s.held if h.term == term]
        if same and not any(h.quiet for h in same) and kind != "sem" and term not in self.info.recursive and is_precise(term) \
                and not (mode == "r" and all(h.mode == "r" for h in same)):
            h = same[0]
            self.finding("double-lock", ctx, call,
                         "'%s' is locked again while this thread already holds it (a non-recursive %s)"
                         % (text, _kind_name(kind)),
                         [(h.unit, h.node, "'%s' was locked here" % h.text)], names=(text,))
        self.acquired(ctx, s, term, call, text, mode, trylock=False)
        if same:
            h = same[0]
            return s.but(held=(s.held - {h}) | {Held(term, mode, min(h.count + 1, 2), h.unit, h.node, kind, h.text)})
        return s.but(held=s.held | {Held(term, mode, 1, ctx.unit, call, kind, text)})

    def acquired(self, ctx, s, term, node, text, mode, trylock):
        if not trylock:
            ctx.acquires.append(Acquire(term, tuple(sorted(s.held, key=_held_order)), ctx.unit, node, s.live,
                                        ctx, ctx.func, text))

    def unlock(self, ctx, call, s, term, kind, text):
        for sp in s.live:       # a thread still running when its creator lets the lock go is not covered by it
            if sp.inherit:
                sp.inherit = frozenset(h for h in sp.inherit if is_precise(term) and h.term != term
                                       and not self.may_alias(h.term, term))
        same = [h for h in s.held if h.term == term]
        if not same:
            same = [h for h in s.held if h.kind == kind and self.may_alias(h.term, term)]
        if not same:
            if kind != "sem" and not self.entry_may_hold(ctx, term):
                self.finding("unlock-not-held", ctx, call,
                             "'%s' is unlocked but this thread does not hold it on this path" % text,
                             names=(text,))
            return s
        h = sorted(same, key=_held_order)[0]
        if h.count > 1:
            return s.but(held=(s.held - {h}) | {Held(h.term, h.mode, h.count - 1, h.unit, h.node, h.kind, h.text)})
        return s.but(held=s.held - {h})

    def entry_may_hold(self, ctx, term):
        """A function analysed with no caller (a library entry point) may be called holding its argument's lock."""
        return ctx.key in self.free_roots and root_of(term)[0] == "c"

    def spawn(self, ctx, call, s, name):
        hi, di = THREAD_CREATE[name]
        fi = 2 if name == "pthread_create" else 1
        roots = list(self.pa.thread_roots.get(id(call), ()))
        if fi < len(call.args):
            # a start wrapper (`start(&t, worker)`) starts the function its caller passed, not every one
            v = self.value(ctx, call.args[fi])
            if v is not None and v[0] == "&" and v[1][0] == "f" and v[1][1] in self.cg.defs:
                roots = [v[1][1]]
        key = (id(call), tuple(r.serial for r in roots), ctx.args)
        sp = self.info.spawns.get(key)
        if sp is None:
            sp = self.info.spawns[key] = Spawn(call, ctx.unit, ctx.func)
            sp.roots = roots
        if sp in s.live:
            sp.multi = True
        sp.live_before |= set(s.live) - {sp}
        sp.creators.add(self.current_thread)
        held = frozenset(h for h in s.held if h.kind != "atomic" and h.term not in self.info.recursive)
        sp.inherit = held if sp.inherit is None else frozenset(h for h in sp.inherit if any(
            x.term == h.term and x.mode == h.mode for x in held))
        data = None
        if di < len(call.args):
            d = _strip(call.args[di])
            if d.ty is not None and (d.ty.is_integer or d.ty.kind == "int"):
                data = ("k", ("k", d.text)) if type(d) is A.Const else ("k", ("tid", id(call)))
            else:
                self.spawning = call
                try:
                    data = self.value(ctx, call.args[di])
                finally:
                    self.spawning = None
        self.escape_value(data)
        for r in sp.roots:
            self.pending.append((sp, r, (data,), s.live | {sp}))
        handle = self.deref(self.value(ctx, call.args[hi])) if hi < len(call.args) else None
        owned = s.owned
        if di < len(call.args):
            a = _strip(call.args[di])
            if type(a) is A.Id and a.sym is not None:
                self.thread_args.add(a.sym)
            for n in A.walk(call.args[di]):          # &local handed to the new thread
                if type(n) is A.Id and n.sym is not None and n.sym.kind == "var" and n.sym.storage == "auto":
                    self.info.escaped_locals.add(n.sym)
            if type(a) is A.Id and a.sym in owned:
                owned = owned - {a.sym}
        handles = s.handles | ({(handle, sp)} if handle is not None else set())
        return s.but(live=s.live | {sp}, handles=handles, owned=owned)

    def escape_value(self, v):
        """The locals a value handed to a new thread can reach escape (their frames are shared)."""
        if v is None or v[0] == "k":
            return
        if v[0] == "&" and v[1][0] != "f":
            r = root_of(v[1])
            if r[0] == "v" and r[1].storage == "auto":
                self.info.escaped_locals.add(r[1])
                return
            rep = term_class(self.pa, r)
            rep = rep[0] if rep is not None else None
        else:
            rep = self.pa.find(v[1])
        if rep is None:
            return
        seen, stack = set(), [rep]
        while stack and len(seen) < 200:             # and what that memory points to
            c = self.pa.find(stack.pop())
            if id(c) in seen:
                continue
            seen.add(id(c))
            for m in self.pa.members_of(c):
                if m.sym is not None and m.kind == "local" and getattr(m.sym, "storage", None) == "auto":
                    self.info.escaped_locals.add(m.sym)
            stack.extend(self.pa.cells.get(c, {}).values())

    def join(self, ctx, call, s):
        handle = self.lvterm(ctx, call.args[0])
        if handle is None:
            return s
        if not is_precise(handle) and not getattr(self, "joining_all", False):
            return s        # one thread of an array of them: the others may still run (see loop_joins)
        joining_all = getattr(self, "joining_all", False)
        if handle[0] == "[]" and handle[2] is not None and handle[2][0] == "k" and not joining_all:
            # join(t[0]) of threads started into t[i] by a loop: that one thread (its slot) is done
            slots = {(("slot", handle[2]), sp) for h, sp in s.handles
                     if h[0] == "[]" and h[2] is None and self.may_alias(h, handle)}
            if slots:
                s = s.but(handles=s.handles | slots)
        # a precise handle joins the thread started into exactly that handle (`join(t[2])` does not join
        # the threads of a loop that filled t[i]); leaving a join loop joins the whole array
        ended = {(h, sp) for h, sp in s.handles if h == handle or (joining_all and self.may_alias(h, handle))}
        if not ended:
            return s
        handles = s.handles - ended
        if joining_all:
            handles = frozenset(x for x in handles if not (x[0][0] == "slot" and x[1] in {sp for _, sp in ended}))
        still = {sp for h, sp in handles if h[0] != "slot"}
        gone = {sp for h, sp in ended if sp not in still}      # a start site some other handle still runs
        for sp in gone:         # a lock held from the start to the join covers the whole thread
            sp.joined_paths += 1
            if sp.inherit:
                sp.inherit = frozenset(h for h in sp.inherit
                                       if any(x.term == h.term and x.mode == h.mode for x in s.held))
        return s.but(live=s.live - gone, handles=frozenset(handles))

    def spawn_loops(self, fd):
        """[(loop, pthread_create call, loop variables its argument uses)] of a function."""
        out = self.spawn_loop_cache.get(id(fd))
        if out is None:
            out = []
            for loop in A.walk(fd.body):
                if type(loop) not in (A.For, A.While, A.DoWhile):
                    continue
                assigned = assigned_and_escaping(loop)[0]
                for n in A.walk(loop.body):
                    if type(n) is A.Call and _callee_name(n) is not None \
                            and library_name(_callee_name(n)) in THREAD_JOIN and n.args:
                        syms = {x.sym for x in A.walk(n.args[0]) if type(x) is A.Id and x.sym in assigned}
                        if syms:
                            out.append((loop, n, syms))
                    if type(n) is A.Call and _callee_name(n) is not None \
                            and library_name(_callee_name(n)) in THREAD_CREATE:
                        di = THREAD_CREATE[library_name(_callee_name(n))][1]
                        if di < len(n.args):
                            syms = {x.sym for x in A.walk(n.args[di]) if type(x) is A.Id and x.sym in assigned}
                            if syms:
                                out.append((loop, n, syms))
            self.spawn_loop_cache[id(fd)] = out
        return out

    def loop_joins(self, ctx, loop, s):
        """Leaving a loop that joins threads by an array of handles (`for (i…) pthread_join(t[i], 0)`)
        joins all of them: the path that skips the loop is the one where there were none."""
        calls = self.loop_join_calls.get(id(loop))
        if calls is None:
            calls = self.loop_join_calls[id(loop)] = [
                n for n in A.walk(loop.body) if type(n) is A.Call and _callee_name(n) is not None
                and library_name(_callee_name(n)) in THREAD_JOIN and n.args]
        for c in calls:
            h = self.lvterm(ctx, c.args[0])
            if h is not None and not is_precise(h):
                self.joining_all = True
                try:
                    s = self.join(ctx, c, s)
                finally:
                    self.joining_all = False
        return s

    # -- branches ---------------------------------------------------------------------------------
    def branch(self, ctx, cond, s, taken):
        """The states that continue on the `taken` side of `cond`."""
        sts = self.ev(ctx, cond, {s})
        out = set()
        for s2 in sts:
            r = self.refine(ctx, cond, s2, taken)
            if r is not None:
                out.add(r)
        return out

    def refine(self, ctx, cond, s, taken):
        """s on one side of a test (None: that side cannot happen on this path)."""
        e = _strip(cond)
        if type(e) is A.Unary and e.op == "__extension__":
            return self.refine(ctx, e.expr, s, taken)
        if type(e) is A.Unary and e.op == "!":
            return self.refine(ctx, e.expr, s, not taken)
        if type(e) is A.Binary and e.op in ("==", "!=") and _is_zero(e.right):
            return self.refine(ctx, e.left, s, taken if e.op == "!=" else not taken)
        if type(e) is A.Binary and e.op in ("==", "!=") and _is_zero(e.left):
            return self.refine(ctx, e.right, s, taken if e.op == "!=" else not taken)
        if type(e) is A.Binary and e.op in ("==", "!=") and type(_strip(e.right)) is A.Const:
            # `trylock(...) == EBUSY`: true means it failed
            inner = _strip(e.left)
            if type(inner) is A.Call or (type(inner) is A.Id and any(t[0] is inner.sym for t in s.tries)):
                # `== EBUSY` holds where the call failed (nonzero), `!= EBUSY` where it succeeded
                return self.refine(ctx, inner, s, taken if e.op == "==" else not taken)
        if type(e) is A.Binary and e.op == "&&" and taken:
            s = self.refine(ctx, e.left, s, True)
            return self.refine(ctx, e.right, s, True) if s is not None else None
        if type(e) is A.Binary and e.op == "||" and not taken:
            s = self.refine(ctx, e.left, s, False)
            return self.refine(ctx, e.right, s, False) if s is not None else None
        if type(e) is A.Call:
            f = _callee_name(e)
            name = library_name(f) if f is not None else None
            if name is not None and name.startswith(("atomic_load", "__atomic_load")) and e.args and taken:
                obj = self.deref(self.value(ctx, e.args[0]))   # the flag was seen set: what was released before
                return s.but(acq=s.acq | {obj}) if obj is not None else s
            lk = LOCK_FUNCTIONS.get(name)
            if lk is not None and lk[0] == "trylock" and e.args and not taken:
                term = self.deref(self.value(ctx, e.args[0]))     # returned 0: it is held now
                if term is not None:
                    text = ctx.unit.text_of(e.args[0]).lstrip("&").strip()
                    return s.but(held=s.held | {Held(term, lk[2], 1, ctx.unit, e, lk[1], text)})
            return s
        if type(e) is A.Assign and e.op == "=":
            lhs = _strip(e.lhs)
            if type(lhs) is A.Id and lhs.sym is not None:
                return self.refine(ctx, lhs, s, taken)
            return s
        if type(e) is A.Id and e.sym is not None and e.sym.storage == "param" and e.sym.func is ctx.func \
                and e.sym not in self.facts(ctx.fd)[0]:
            i = _param_index(ctx.fd, e.sym)
            v = ctx.args[i] if i is not None and i < len(ctx.args) else None
            if v is not None and v[0] == "k" and v[1][0] == "k":
                truth = v[1][1].rstrip("uUlL") not in ("0", "0x0", "00")
                return s if truth == taken else None
        if type(e) is A.StmtExpr and taken:       # <stdatomic.h>'s atomic_load_explicit(...) expands to one
            for n in A.walk(e.body):
                if type(n) is A.Call:
                    f = _callee_name(n)
                    name = library_name(f) if f is not None else None
                    if name is not None and name.startswith("__atomic_load") and n.args:
                        obj = self.deref(self.value(ctx, n.args[0]))
                        if obj is not None:
                            return s.but(acq=s.acq | {obj})
            return s
        if type(e) is A.Id and e.sym is not None and e.sym in self.atomic_objs and taken:
            return s.but(acq=s.acq | {("v", e.sym)})
        if type(e) is A.Id and e.sym is not None and e.sym.kind == "var" and e.sym.is_local:
            for sym, term, kind, mode, node in s.tries:
                if sym is e.sym:
                    if not taken:
                        text = ctx.unit.text_of(node.args[0]).lstrip("&").strip()
                        return s.but(held=s.held | {Held(term, mode, 1, ctx.unit, node, kind, text)})
                    return s
            fd = ctx.fd
            if e.sym not in self.facts(fd)[0] and e.sym not in self.facts(fd)[1]:
                if (e.sym, not taken) in s.facts:
                    return None
                return s.but(facts=s.facts | {(e.sym, taken)})
        return s

    # -- findings ---------------------------------------------------------------------------------------
    def finding(self, rule, ctx, node, message, notes=(), names=()):
        key = (rule, id(node), message)
        if key in self.finding_keys:
            return
        self.finding_keys.add(key)
        self.info.findings.append(Finding(rule, ctx.unit, node, message, notes, ctx.func, names))

    def check_exit(self, ctx):
        """Locks taken in this function and still held when it returns on some paths but not all."""
        entry = {h.key() for h in ctx.entry.held}
        sites = self.return_sites.pop(id(ctx), [])
        is_root = ctx.key in self.root_keys
        taken = {}
        for s in ctx.exits:
            for h in s.held:
                if h.key() not in entry and h.kind not in ("sem", "atomic") and not h.quiet:
                    taken.setdefault(h.term, []).append(h)
        for term, hs in sorted(taken.items(), key=lambda kv: _held_order(kv[1][0])):
            on_all = all(any(h.term == term for h in s.held) for s in ctx.exits)
            if on_all and not is_root:
                continue            # an acquire() wrapper: the caller answers for it
            h = sorted(hs, key=_held_order)[0]
            rets = [node for s, node in sites if node is not None and any(x.term == term for x in s.held)]
            notes = [(ctx.unit, r, "returns here still holding '%s'" % h.text) for r in rets[:3]]
            if not rets:
                notes = [(ctx.unit, _body_end(ctx.fd), "the end of '%s' is reached still holding '%s'"
                          % (ctx.func.name, h.text))]
            self.finding("lock-leak", ctx, h.node,
                         "'%s' is locked here and still held when '%s' %s on some path" % (
                             h.text, ctx.func.name, "returns" if not is_root else "ends"),
                         notes, names=(h.text,))
            for r in rets:
                self.finding("lock-leak", ctx, r, "'%s' returns here still holding '%s' (locked at %s)"
                             % (ctx.func.name, h.text, h.unit.where(h.node)),
                             [(h.unit, h.node, "'%s' was locked here" % h.text)], names=(h.text, "return"))

    def leaks_at_exit(self, ctx, s, node, thread_exit):
        for h in sorted(s.held, key=_held_order):
            if h.kind in ("sem", "atomic") or h.quiet:
                continue
            self.finding("lock-leak", ctx, node, "the thread exits here still holding '%s'" % h.text,
                         [(h.unit, h.node, "'%s' was locked here" % h.text)], names=(h.text, "exit"))
            self.finding("lock-leak", ctx, h.node, "'%s' is locked here and still held when the thread exits"
                         % h.text, [(ctx.unit, node, "the thread exits here")], names=(h.text,))

    def may_alias(self, t1, t2):
        return may_alias(self.pa, t1, t2)


def may_alias(pa, t1, t2):
    """Can terms t1 and t2 denote overlapping memory?  (Memoised per points-to result.)"""
    if t1 == t2:
        return True
    cache = pa.__dict__.setdefault("_may_alias", {})
    k = (t1, t2)
    r = cache.get(k)
    if r is None:
        r = cache[k] = cache[(t2, t1)] = _may_alias(pa, t1, t2)
    return r


def _may_alias(pa, t1, t2):
    if t1[0] == "atomic" or t2[0] == "atomic":
        return False
    c1, c2 = term_class(pa, t1), term_class(pa, t2)
    if c1 is None or c2 is None:
        return False
    if c1[0] is not c2[0]:
        return False
    p1, p2 = c1[1], c2[1]
    n = min(len(p1), len(p2))
    if p1[:n] != p2[:n]:
        return False
    r1, r2 = root_of(t1), root_of(t2)
    for a, b, pb in ((r1, r2, p2), (r2, r1, p1)):
        if a[0] == "v" and b[0] == "c" and pb and not _member_of(a[1], pb[0]):
            return False       # a struct member of another type cannot be (in) this named object
    if r1[0] in ("v", "h") and r2[0] in ("v", "h"):
        # two named objects (or allocation sites) never overlap, whatever their elements
        return r1 == r2 and not _distinct_elements(t1, t2)
    return True


def _member_of(sym, step):
    """Can an access through member `step` (a Field) land in the named object `sym`?"""
    tag = getattr(step, "tag", None)
    t = sym.type
    if tag is None or t is None:
        return True
    while t is not None and t.kind == "array":
        t = t.target
    if t is None or t.kind == "unknown":
        return True
    if t.kind != "struct":
        return False
    return t.tag is tag or _contains(t.tag, tag, 0)


def _contains(outer, tag, depth):
    if outer is None or depth > 6:
        return True
    for f in outer.fields.values():
        ft = f.type
        while ft is not None and ft.kind == "array":
            ft = ft.target
        if ft is not None and ft.kind == "struct" and (ft.tag is tag or _contains(ft.tag, tag, depth + 1)):
            return True
    return False


def _distinct_elements(t1, t2):
    """Same root, both precise: do they differ at an element index (both known and unequal)?"""
    def steps(t):
        out = []
        while t[0] in (".", "[]"):
            out.append((t[0], t[2]))
            t = t[1]
        return list(reversed(out))
    for a, b in zip(steps(t1), steps(t2)):
        if a[0] != b[0]:
            return False
        if a[0] == "[]" and a[1] is not None and b[1] is not None and a[1] != b[1] \
                and a[1][0] == "k" and b[1][0] == "k":
            return True
        if a[0] == "." and a[1] is not b[1]:
            return True
    return False


def term_class(pa, t):
    """(alias class representative, field path) of a term, consistent with accesses.py's cells."""
    cache = pa.__dict__.setdefault("_term_class", {})
    r = cache.get(t, cache)
    if r is cache:
        r = cache[t] = _term_class(pa, t)
    return r


def _term_class(pa, t):
    k = t[0]
    if k == "v":
        o = pa.var_object(t[1])
        return (pa.find(o), ()) if o is not None else None
    if k == "h":
        o = pa.heap_sites.get(id(t[1]))
        return (pa.find(o), ()) if o is not None else None
    if k == "c":
        return (pa.find(t[1]), t[2])
    if k == ".":
        b = term_class(pa, t[1])
        return (b[0], b[1] + (t[2],)) if b is not None else None
    if k == "[]":
        b = term_class(pa, t[1])
        if b is None:
            return None
        return b if not b[1] else (b[0], b[1] + (ELEMENT,))
    return None


def _element(base, sig):
    if base[0] == "c" and (base[2] or sig is None):
        return base if not base[2] else ("c", base[1], base[2] + (ELEMENT,))
    return ("[]", base, sig)


def _is_zero(e):
    e = _strip(e)
    return type(e) is A.Const and e.text in ("0", "0L", "0U", "0UL", "0LL", "'\\0'") \
        or (type(e) is A.Cast and _is_zero(e.expr))


def _kind_name(kind):
    return {"mutex": "mutex", "spin": "spinlock", "rwlock": "rwlock", "mtx": "mtx_t", "sem": "semaphore"}.get(kind, kind)


def _param_index(fd, sym):
    from .accesses import function_params
    for i, p in enumerate(function_params(fd)):
        if p is sym:
            return i
    return None


def _escaping_locals(program, an):
    """Automatic locals whose address is stored where another thread could find it: assigned
    (`g = &x`, `q->item = buf`) to anything but an unescaped local pointer of its own."""
    out = set()
    for sym, fd, unit in program.functions():
        addr = an.facts(fd)[1]
        for n in A.walk(fd.body):
            if type(n) is A.Assign:
                lhs, rhs = n.lhs, n.rhs
            elif type(n) is A.InitDeclarator and n.init is not None:
                d = _decl_name(n.decl)
                if d is None or d.sym is None or getattr(d.sym, "storage", None) != "static":
                    continue
                lhs, rhs = None, n.init
            else:
                continue
            if lhs is not None:
                r = _strip(lhs)
                if type(r) is A.Id and r.sym is not None and r.sym.storage in ("auto", "param") \
                        and r.sym not in addr:
                    continue            # into a private local pointer: still this thread's
            for x in A.walk(rhs):
                if type(x) is A.Id and x.sym is not None and x.sym.kind == "var" and x.sym.storage == "auto" \
                        and x.sym in addr:
                    out.add(x.sym)
    return out


def _joined(s):
    if not s.handles:
        return frozenset()
    return frozenset((sp, h[1]) for h, sp in s.handles if h[0] == "slot")


def _decl_name(d):
    """The NameDecl a declarator declares, through pointer and parenthesis declarators."""
    while d is not None and type(d) in (A.PtrDecl, A.ParenDecl):
        d = d.inner
    return d if type(d) is A.NameDecl else None


def _body_end(fd):
    return fd.body


def _loc_order(unit, node):
    return (unit.index, node.start if node is not None else -1)


def _held_order(h):
    return (h.unit.index, h.node.start if h.node is not None else -1, h.text, h.mode, h.count)


def _state_order(s):
    return (s.atomic, len(s.acq), sorted(_held_order(h) for h in s.held), len(s.live), len(s.facts), len(s.owned),
            len(s.tries), len(s.handles),
            sorted((f[0].serial, f[1]) for f in s.facts), sorted(sp.node.start for sp in s.live))


def _state_key(s):
    return (frozenset(h.key() for h in s.held), s.live, s.handles, s.atomic)


def _merge(states):
    """Too many path states: forget branch facts, then merge states with the same locks."""
    out = {s.but(facts=frozenset(), tries=frozenset(), owned=frozenset()) for s in states}
    if len(out) <= MAX_PATHS:
        return out
    by_locks = {}
    for s in sorted(out, key=_state_order):
        k = s.held
        if k not in by_locks:
            by_locks[k] = s
        else:
            o = by_locks[k]
            by_locks[k] = o.but(live=o.live | s.live, handles=o.handles | s.handles)
    return set(by_locks.values())


def _special_objects(program):
    """Symbols of thread-local and _Atomic objects, and _Atomic struct members."""
    tl, at, fields = set(), set(), set()
    atomic_typedefs = set()
    for unit in program.units:
        for n in A.walk(unit.tu):
            t = type(n)
            if t is A.Decl or t is A.FieldDecl:
                words = set()
                is_atomic = False
                for it in n.specs.items:
                    if type(it) is A.Keyword:
                        words.add(it.text)
                        if it.text == "_Atomic":
                            is_atomic = True
                    elif type(it) is A.AtomicTypeSpec:
                        is_atomic = True
                    elif type(it) is A.TypedefName and it.name in atomic_typedefs:
                        is_atomic = True
                local_tl = bool(words & {"_Thread_local", "__thread", "thread_local"})
                for d in n.declarators:
                    nd = d.decl
                    direct = True
                    while nd is not None and type(nd) is not A.NameDecl:
                        if type(nd) is A.PtrDecl or type(nd) is A.FuncDeclr:
                            direct = False
                        nd = getattr(nd, "inner", None)
                    if nd is None:
                        continue
                    if "typedef" in words:
                        if is_atomic and direct:
                            atomic_typedefs.add(nd.name)
                        continue
                    sym = nd.sym
                    if sym is None:
                        continue
                    if local_tl:
                        tl.add(sym)
                    if is_atomic and direct:
                        (fields if t is A.FieldDecl else at).add(sym)
    return tl, at, fields


def _recursive_mutexes(an, program):
    """Lock terms of mutexes initialised with a recursive attribute or initializer."""
    out = set()
    for sym, fd, unit in program.functions():
        text = unit.text_of(fd.body) if hasattr(unit, "text_of") else ""
        if "recursive" not in text.lower():      # PTHREAD_MUTEX_RECURSIVE(_NP), mtx_recursive
            continue
        for n in A.walk(fd.body):
            if type(n) is A.Call:
                f = _callee_name(n)
                if f is not None and f.name in ("pthread_mutex_init", "mtx_init") and n.args:
                    v = _strip(n.args[0])
                    if type(v) is A.Unary and v.op == "&":
                        fake = Context(sym, fd, unit, (), State(), False, None)
                        t = an.lvterm(fake, v.expr)
                        if t is not None:
                            out.add(t)
    for unit in program.units:
        for n in A.walk(unit.tu):
            if type(n) is A.InitDeclarator and n.init is not None and type(n.decl) is A.NameDecl \
                    and n.decl.sym is not None and "RECURSIVE" in unit.text_of(n.init).upper():
                out.add(("v", n.decl.sym))
    return out


def analyze_locksets(program, pa=None, cg=None, atomic_lock=None):
    """Analyse every thread of a bound Program; returns a LockInfo.

    `atomic_lock` maps id(Atomic node) to the lock term its plan takes (default:
    every block takes the one global lock; None: the block takes no lock)."""
    pa = pa or analyze_pointers(program)
    cg = cg or build_callgraph(program, pa)
    info = LockInfo(program, pa, cg)
    an = _Analyzer(program, pa, cg, info, atomic_lock or {})
    an.return_sites = {}
    an.thread_args = set()
    an.spawn_loop_cache = {}
    an.spawning = None
    an.loop_join_calls = {}
    an.pending = []
    an.root_keys = set()
    an.free_roots = set()
    info.recursive = _recursive_mutexes(an, program)
    info.escaped_locals |= _escaping_locals(program, an)
    main = program.externals.get("main")
    entries = []
    if main is not None and main in cg.defs:
        entries = [main]
    else:
        called = {v for _, v in cg.graph.edges()}
        spawned = {r for rs in pa.thread_roots.values() for r in rs}
        entries = sorted((f for f in cg.defs if f not in called and f not in spawned),
                         key=lambda f: (cg.units[f].index, cg.defs[f].start))
    for f in entries:
        an.current_thread = "main"
        key = (f, tuple(None for _ in _params(cg.defs[f])), _state_key(State()), False)
        an.root_keys.add(key)
        if f is not main:
            an.free_roots.add(key)
        ctx = an.context(f, tuple(None for _ in _params(cg.defs[f])), State())
        info.roots.append(("main", ctx))
    done = set()
    while an.pending:
        sp, root, args, live = an.pending.pop(0)
        k = (id(sp.node), root, args)
        if k in done:
            continue
        done.add(k)
        an.current_thread = sp
        entry = State(live=frozenset())
        key = (root, tuple(args[:len(_params(cg.defs[root]))]) if root in cg.defs else args, _state_key(entry), False)
        if root not in cg.defs:
            continue
        nparams = len(_params(cg.defs[root]))
        args = tuple((list(args) + [None] * nparams)[:nparams])
        key = (root, args, _state_key(entry), False)
        an.root_keys.add(key)
        ctx = an.context(root, args, entry)
        if ctx is not None:
            sp.contexts.append(ctx)
            info.roots.append((sp, ctx))
    info.findings.sort(key=lambda f: (f.unit.index, f.node.start if f.node is not None else -1, f.rule, f.message))
    return info


def _params(fd):
    from .accesses import function_params
    return function_params(fd)
