"""The lock-order graph and its cycles (potential deadlocks).

An edge A -> B means some thread acquires B (blocking: not a trylock) while
it holds A; an atomic block counts as acquiring the lock its plan takes (the
global lock, or its component's lock), so blocks and user mutexes share one
graph.  A cycle is a potential deadlock when two of its edges can be taken by
threads that run at the same time (races.ThreadRelation) and no lock outside
the cycle is held at every one of its acquisitions (a common gate lock
serialises them).  Edges between two locks known only up to the same alias
class (two accounts' locks, with the accounts unknown) are left out: the
order between them depends on which objects they are.

Returns the networkx DiGraph and `Cycle`s; prints nothing.
"""

import networkx as nx

from .locksets import is_precise, may_alias

MAX_CYCLE = 5
MAX_CYCLES = 200


class Occurrence:
    """One acquisition that forms an edge: `acq` (locksets.Acquire) while `held` (Held) was held, in `thread`."""
    __slots__ = ("acq", "held", "thread", "gates")

    def __init__(self, acq, held, thread, gates):
        self.acq, self.held, self.thread, self.gates = acq, held, thread, gates


class Cycle:
    __slots__ = ("nodes", "edges")

    def __init__(self, nodes, edges):
        self.nodes = nodes        # lock terms, in order
        self.edges = edges        # [Occurrence] chosen for each edge nodes[i] -> nodes[i+1]


def lock_graph(info, rel):
    """nx.DiGraph over lock terms; edge attribute `occ`: [Occurrence] in a stable order."""
    g = nx.DiGraph()
    pa = info.pa
    acqs = []
    seen = set()
    for t, ctxs in sorted(rel.closure.items(), key=lambda kv: _tkey(kv[0])):
        for ctx in ctxs:
            for a in ctx.acquires:
                k = (t if t == "main" else id(t), id(a.node), a.term, a.held, a.live)
                if k in seen:
                    continue
                seen.add(k)
                acqs.append((t, a))
    acqs.sort(key=lambda ta: (ta[1].unit.index, ta[1].node.start, _tkey(ta[0])))
    # a lock known only up to its alias class may be any of the named locks of that class
    named = []
    for _, a in acqs:
        if is_precise(a.term) and a.term not in named:
            named.append(a.term)

    def candidates(term):
        if is_precise(term):
            return [term]
        return [term] + [n for n in named if n[0] != "atomic" and may_alias(pa, term, n)]

    for t, a in acqs:
        gates = frozenset(h.term for h in a.held)
        for h in a.held:
            if h.term == a.term:
                continue
            if not is_precise(h.term) and not is_precise(a.term) and may_alias(pa, h.term, a.term):
                continue
            for src in candidates(h.term):
                for dst in candidates(a.term):
                    if src == dst:
                        continue
                    if not g.has_edge(src, dst):
                        g.add_edge(src, dst, occ=[])
                    g.edges[src, dst]["occ"].append(Occurrence(a, h, t, gates))
    return g


def find_cycles(g, rel):
    out = []
    try:
        cycles = nx.simple_cycles(g, length_bound=MAX_CYCLE)
    except TypeError:                      # networkx < 3.1
        cycles = nx.simple_cycles(g)
    n = 0
    for cyc in cycles:
        n += 1
        if n > 20000:
            break
        if len(cyc) < 2:
            continue
        c = _feasible(g, cyc, rel)
        if c is not None:
            out.append(c)
            if len(out) >= MAX_CYCLES:
                break
    uniq = {}
    for c in out:
        key = frozenset(c.nodes)
        first = min(_occ_key(o) for o in c.edges)
        if key not in uniq or first < min(_occ_key(o) for o in uniq[key].edges):
            uniq[key] = c
    res = sorted(uniq.values(), key=lambda c: min(_occ_key(o) for o in c.edges))
    return res


def _feasible(g, cyc, rel):
    k = len(cyc)
    occs = [g.edges[cyc[i], cyc[(i + 1) % k]]["occ"] for i in range(k)]
    nodes = set(cyc)
    # a gate lock held at every acquisition of every edge serialises the cycle
    common = None
    for os_ in occs:
        for o in os_:
            gs = o.gates - nodes
            common = gs if common is None else common & gs
    if common:
        return None
    # two edges taken by threads that can run at the same time
    for i in range(k):
        for j in range(i + 1, k):
            for oi in occs[i]:
                for oj in occs[j]:
                    if rel.parallel(oi.thread, oi.acq.live, oj.thread, oj.acq.live):
                        chosen = [sorted(os_, key=_occ_key)[0] for os_ in occs]
                        chosen[i], chosen[j] = oi, oj
                        # rotate so the cycle starts at its first acquisition in the source
                        start = min(range(k), key=lambda x: _occ_key(chosen[x]))
                        return Cycle([cyc[(start + x) % k] for x in range(k)],
                                     [chosen[(start + x) % k] for x in range(k)])
    return None


def _occ_key(o):
    return (o.acq.unit.index, o.acq.node.start, o.held.unit.index, o.held.node.start if o.held.node is not None else -1,
            _tkey(o.thread), o.acq.text, o.held.text)


def _tkey(t):
    return (-1, 0) if t == "main" else (t.unit.index, t.node.start)
