"""The lint rules: run the analyses over a program and turn their results into findings.

Each rule has an id, a one-line and a full description (for SARIF and the
docs) and a severity.  `run_rules` binds nothing and prints nothing: it takes
a bound Program, runs the whole-program analyses (points-to, call graph,
atomic blocks and their plans, lock sets per thread context, races, the
lock-order graph) and returns `Diagnostic`s with `rule` set, sorted, each
with a stable `fingerprint` (baseline.py) — plus the lock-order graph for
`--graph`.

    >>> sorted(RULES)[:3]
    ['cond-wait-no-loop', 'data-race', 'deadlock']
"""

import hashlib
import os

from ..diagnostics import CompileError, Diagnostic
from ..frontend import ast as A

DOCS = "docs/lint/%s.md"

RULES = {
    "data-race": ("warning", "Two threads access the same memory at the same time, at least one writes, with no "
                  "common lock",
                  "Two accesses to one memory location from code that can run in different threads at the same "
                  "time, at least one a write, with no lock held by both and not both inside atomic blocks."),
    "deadlock": ("warning", "Locks are taken in orders that form a cycle between threads",
                 "A cycle in the lock-order graph (B taken while A is held, A taken while B is held) between "
                 "threads that can run at the same time and with no common outer lock. Atomic blocks count "
                 "as taking the lock of their plan."),
    "lock-leak": ("warning", "A function or thread returns still holding a lock it took",
                  "A path that leaves a function or ends a thread still holding a lock taken there, such as an "
                  "error return before the unlock."),
    "double-lock": ("warning", "A non-recursive lock is locked again by the thread that holds it",
                    "A non-recursive mutex, spinlock or C11 mutex locked on a path where the same thread "
                    "already holds it: the thread deadlocks on itself or the behaviour is undefined."),
    "unlock-not-held": ("warning", "A lock is unlocked on a path where it is not held",
                        "An unlock of a lock the thread does not hold on some path that reaches it: never "
                        "locked, already unlocked, a failed or unchecked trylock, or the wrong lock."),
    "cond-wait-no-loop": ("warning", "A condition wait is not in a loop that re-tests the condition",
                          "pthread_cond_wait / timedwait (or cnd_wait) outside a loop: a spurious or stolen "
                          "wakeup lets the thread continue while the condition is false."),
    "irrevocable-in-atomic": ("warning", "An atomic block makes a call that cannot be rolled back",
                              "I/O, a system call or a function with no body in the program inside an atomic "
                              "block (directly or through calls): the block cannot use STM, and cannot retry."),
    "retry-outside-atomic": ("error", "'retry' can run outside every atomic block",
                             "A retry statement reachable from code outside every atomic block: there is no "
                             "block to abandon and re-run."),
    "unused-suppression": ("warning", "A NOLINT comment suppresses nothing",
                           "A NOLINT or NOLINTNEXTLINE comment naming a rule that reported nothing on its line."),
}


class LintResult:
    def __init__(self, diagnostics, graph, cycles, names):
        self.diagnostics = diagnostics
        self.graph = graph              # networkx DiGraph over lock terms (lockorder.py)
        self.cycles = cycles
        self.names = names              # lock term -> name as written


def run_rules(program, strategy="auto", cpus=None, rules=None):
    """All findings of the program (a bound semantics.Program); returns a LintResult."""
    from ..analysis.alias import analyze_pointers
    from ..analysis.blocks import analyze_blocks
    from ..analysis.callgraph import build_callgraph
    from ..analysis.locksets import analyze_locksets
    from ..analysis.lockorder import find_cycles, lock_graph
    from ..analysis.races import ThreadRelation, find_races

    from .. import driver
    try:                # the compiler's own analyses and plans: the locks blocks really take
        an = driver.analyze_program(program, strategy, cpus)
    except CompileError:
        an = None       # e.g. a retry outside every block (reported below): plan nothing
    if an is not None:
        pa, cg, info = an.accesses.pa, an.callgraph, an.blocks
        atomic_lock = plan_locks(an)
    else:
        pa = analyze_pointers(program)
        cg = build_callgraph(program, pa)
        info = analyze_blocks(program, cg, pa)
        atomic_lock = {id(b.node): ("atomic", "global") for b in info.blocks}
    out = []
    for d in info.diagnostics:
        if d.severity == "error" and d.message.startswith("'retry' outside an atomic block"):
            d.rule = "retry-outside-atomic"
            out.append(_finding(d, "retry-outside-atomic", program, d.loc, ("retry",)))
        elif d.severity == "error":
            raise CompileError([d])
    out += _irrevocable(program, info, cg, pa)
    out += _cond_waits(program, cg)
    li = analyze_locksets(program, pa, cg, atomic_lock)
    names = _Names(li)
    for f in li.findings:
        out.append(_from_finding(f))
    rel = ThreadRelation(li)
    for r in find_races(li, rel):
        out.append(_race(r, rel, names))
    g = lock_graph(li, rel)
    cycles = find_cycles(g, rel)
    for c in cycles:
        out.append(_deadlock(c, rel, names, li))
    if rules is not None:
        out = [d for d in out if d.rule in rules]
    uniq = {}
    for d in out:
        k = (d.rule, d.loc.key() if d.loc else None, d.message)
        uniq.setdefault(k, d)
    out = sorted(uniq.values(), key=lambda d: (d.loc.key() if d.loc else ("", 0, 0), d.rule, d.message))
    return LintResult(out, g, cycles, names)


# -- atomic blocks -----------------------------------------------------------------------------
def plan_locks(an):
    """id(Atomic) -> the lock term a ProgramAnalysis's plan takes for the block (None: no lock)."""
    out = {}
    for b in an.blocks.blocks:
        p = an.plans.get(b.index) if isinstance(an.plans, dict) else None
        s = p.strategy if p is not None else "global"
        if s == "global":
            t = ("atomic", "global")
        elif s == "pervar":
            t = ("atomic", "component", tuple(p.component or (b.index,)))
        else:
            t = None
        out[id(b.node)] = t
        for inner in b.inner:
            out[id(inner)] = t
    return out


def _irrevocable(program, info, cg, pa):
    from ..analysis.irrevocable import find_irrevocable
    out = []
    irr = find_irrevocable(info, cg, pa)
    for b in info.blocks:
        for i in irr.get(b.index) or []:
            if i.stm_only or i.name.startswith("pthread_") or i.name.startswith("sem_") \
                    or i.name.startswith("mtx_") or i.name.startswith("cnd_"):
                continue
            notes = [Diagnostic("note", "the atomic block starts here", b.unit.loc(b.node))]
            loc = i.loc()
            if i.chain:
                first = _first_call_in_block(b, i.chain[0])
                if first is not None:
                    notes.append(Diagnostic("note", "'%s' is called here, inside the block" % i.chain[0].name,
                                            b.unit.loc(first)))
            msg = "call to %s inside an atomic block %s" % (i.describe(), i.consequence())
            if not i.pointer and i.name != "(function pointer)":
                msg = "call to '%s' inside an atomic block cannot be rolled back%s" % (
                    i.name, " (reached through %s)" % " -> ".join(f.name for f in i.chain) if i.chain else "")
            d = Diagnostic("warning", msg, loc, notes, rule="irrevocable-in-atomic")
            d.fingerprint = _fingerprint("irrevocable-in-atomic", loc, (i.name, b.func_name or ""))
            out.append(d)
    return out


def _first_call_in_block(b, fsym):
    for n in A.walk(b.node.body):
        if type(n) is A.Call:
            f = n.func
            while type(f) is A.Paren:
                f = f.expr
            if type(f) is A.Id and f.sym is fsym:
                return n
    return None


def _cond_waits(program, cg):
    from ..analysis.locksets import COND_WAITS
    out = []
    for sym, fd, unit in program.functions():
        def rec(n, in_loop):
            t = type(n)
            if t in (A.While, A.DoWhile, A.For):
                in_loop = True
            if t is A.Call:
                f = n.func
                while type(f) is A.Paren:
                    f = f.expr
                if type(f) is A.Id and f.name in COND_WAITS and not in_loop and f.sym is not None \
                        and not f.sym.defined:
                    loc = unit.loc(n)
                    d = Diagnostic("warning", "'%s' is not in a loop that re-tests its condition: a spurious or "
                                   "stolen wakeup continues with the condition false" % f.name, loc,
                                   [Diagnostic("note", "wait in a loop: 'while (!condition) %s(...);'" % f.name,
                                               loc)],
                                   rule="cond-wait-no-loop")
                    d.fingerprint = _fingerprint("cond-wait-no-loop", loc, (sym.name,))
                    out.append(d)
            for c in A.iter_children(n):
                rec(c, in_loop)
        rec(fd.body, False)
    return out


def block_lock_cycles(an, severity="warning"):
    """Lock-order cycles between atomic blocks (their plans' locks) and user locks, for `atomicc` and
    `atomicc cc`: [Diagnostic] (rule "deadlock"), empty when the program has no lock calls."""
    from ..analysis.alias import library_name
    from ..analysis.locksets import LOCK_FUNCTIONS, analyze_locksets
    from ..analysis.lockorder import find_cycles, lock_graph
    from ..analysis.races import ThreadRelation
    if not an.blocks.blocks:
        return []
    uses_locks = False
    for sym, fd, unit in an.program.functions():
        for n in A.walk(fd.body):
            if type(n) is A.Call and type(n.func) is A.Id and n.func.sym is not None \
                    and library_name(n.func.sym) in LOCK_FUNCTIONS:
                uses_locks = True
                break
        if uses_locks:
            break
    if not uses_locks:
        return []
    li = analyze_locksets(an.program, an.accesses.pa, an.callgraph, plan_locks(an))
    rel = ThreadRelation(li)
    names = _Names(li)
    out = []
    for c in find_cycles(lock_graph(li, rel), rel):
        if not any(n[0] == "atomic" for n in c.nodes):
            continue
        d = _deadlock(c, rel, names, li)
        d.severity = severity
        d.message += " (an atomic block holds its plan's lock while it runs)"
        out.append(d)
    return out


# -- findings of the lock-set analysis ------------------------------------------------------------------
def _from_finding(f):
    loc = f.unit.loc(f.node)
    notes = [Diagnostic("note", text, u.loc(n)) for u, n, text in f.notes if n is not None]
    d = Diagnostic("warning", f.message, loc, notes, rule=f.rule)
    d.fingerprint = _fingerprint(f.rule, loc, (f.func.name if f.func else "",) + f.names)
    return d


def _finding(d, rule, program, loc, names):
    d.rule = rule
    d.fingerprint = _fingerprint(rule, loc, names)
    return d


class _Names:
    """Lock and location terms as the source writes them."""

    def __init__(self, li):
        self.li = li

    def term(self, t):
        k = t[0]
        if k == "atomic":
            return "atomic blocks (global lock)" if t[1] == "global" else \
                "atomic blocks %s (their component's locks)" % ", ".join(str(i) for i in t[2])
        if k == "v":
            return t[1].name
        if k == "h":
            return "heap object from %s" % _short_where(self.li.program, t[1])
        if k == ".":
            return "%s.%s" % (self.term(t[1]), t[2].name if hasattr(t[2], "name") else t[2])
        if k == "[]":
            sig = t[2]
            return "%s[%s]" % (self.term(t[1]), sig[1] if sig is not None and sig[0] == "k" else "")
        if k == "c":
            names = self.li.pa.class_key(t[1])
            path = "".join(".%s" % getattr(f, "name", "[]") for f in t[2])
            return "%s%s" % (names[0] if len(names) == 1 else "(%s)" % " or ".join(names[:3]), path)
        if k == "f":
            return t[1].name
        return "?"


def _short_where(program, node):
    for u in program.units:
        if u.tu.start <= node.start <= u.tu.end and u.text_of(node) and node.start < len(u.sm.text):
            f, l, c, _ = u.sm.location(node.start)
            return "%s:%d" % (os.path.basename(f), l)
    return "?"


def _locks_text(ev):
    if ev.atomic:
        return "inside an atomic block"
    held = sorted({h.text + (" (read)" if h.mode == "r" else "") for h in ev.held if h.kind != "atomic"})
    if not held:
        return "no lock held"
    return "holding " + ", ".join("'%s'" % h for h in held)


def _race(r, rel, names):
    a, b = r.first, r.second
    what = a.unit.text_of(a.node)
    other = b.unit.text_of(b.node)
    kind = {"W": "write", "R": "read"}
    msg = "data race on '%s': %s in '%s' (%s, %s) can run at the same time as a %s in '%s' (%s, %s)" % (
        what, kind[a.mode], a.func.name, rel.describe(r.first_thread), _locks_text(a),
        kind[b.mode], b.func.name, rel.describe(r.second_thread), _locks_text(b))
    loc = a.unit.loc(a.node)
    notes = [Diagnostic("note", "the conflicting %s of '%s' in '%s' (%s, %s)" % (
        kind[b.mode], other, b.func.name, rel.describe(r.second_thread), _locks_text(b)), b.unit.loc(b.node))]
    d = Diagnostic("warning", msg, loc, notes, rule="data-race")
    d.fingerprint = _fingerprint("data-race", loc, (a.func.name, what, a.mode))
    return d


def _deadlock(c, rel, names, li):
    k = len(c.nodes)
    order = " -> ".join("'%s'" % names.term(n) for n in c.nodes + [c.nodes[0]])
    first = c.edges[0]
    msg = "potential deadlock: locks are taken in a cycle %s by threads that can run at the same time" % order
    notes = []
    for i, o in enumerate(c.edges):
        a, h = o.acq, o.held
        notes.append(Diagnostic("note", "'%s' is locked here while '%s' is held (in '%s', %s)" % (
            names.term(c.nodes[(i + 1) % k]), names.term(c.nodes[i]), a.func.name, rel.describe(o.thread)),
            a.unit.loc(a.node)))
        if h.node is not None:
            notes.append(Diagnostic("note", "'%s' was locked here" % names.term(c.nodes[i]), h.unit.loc(h.node)))
        for unit, call, fname in _call_path(li, rel, o.thread, a.ctx):
            notes.append(Diagnostic("note", "called from '%s' here" % fname, unit.loc(call)))
    loc = first.acq.unit.loc(first.acq.node)
    d = Diagnostic("warning", msg, loc, notes, rule="deadlock")
    d.fingerprint = _fingerprint("deadlock", loc, tuple(sorted(names.term(n) for n in c.nodes)))
    return d


def _call_path(li, rel, thread, target):
    """[(unit, call node, caller name)] from the thread's root context to `target`, innermost first."""
    roots = [ctx for t, ctx in li.roots if t is thread or (t == "main" and thread == "main")]
    from collections import deque
    for root in roots:
        prev = {id(root): None}
        q = deque([root])
        while q:
            c = q.popleft()
            if c is target:
                path = []
                while prev[id(c)] is not None:
                    p = prev[id(c)]
                    path.append((p.unit, p.call_sites[id(c)], p.func.name))
                    c = p
                return path
            for n in c.calls:
                if id(n) not in prev:
                    prev[id(n)] = c
                    q.append(n)
    return []


def _fingerprint(rule, loc, names):
    """Stable across edits elsewhere: the rule, the file's name, the names involved and the line's text."""
    text = " ".join((loc.text or "").split()) if loc is not None else ""
    f = os.path.basename(loc.file) if loc is not None else ""
    key = "\0".join([rule, f, text] + [str(n) for n in names])
    h = hashlib.sha1(key.encode("utf-8", "surrogateescape")).hexdigest()
    return h[:20]
