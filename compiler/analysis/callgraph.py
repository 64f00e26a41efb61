"""Call graph of the whole program (networkx DiGraph over function Symbols).

Nodes are the functions of the program (one Symbol per function: a `static`
function in two files is two nodes, an external one is one node whichever
unit calls it); an edge f -> g means f's body contains a call to g.  Direct
calls and calls through function pointers both come from the points-to
analysis (`PointsTo.call_targets`: a pointer call's edges are its resolved
targets, marked `indirect=True`); `unresolved` holds the functions that make
a call through a pointer no analysis could resolve.

    >>> from atomicc.frontend.parser import parse_text
    >>> from atomicc.semantics.program import single
    >>> from atomicc.analysis.alias import analyze_pointers
    >>> tu, sm = parse_text("void g(void); void f(void) { g(); }")
    >>> prog = single("t.c", tu, sm)
    >>> cg = build_callgraph(prog, analyze_pointers(prog))
    >>> sorted((a.name, b.name) for a, b in cg.graph.edges())
    [('f', 'g')]
"""

import networkx as nx

from ..frontend import ast as A


class CallGraph:
    def __init__(self, graph, defs, units, unresolved):
        self.graph = graph          # nx.DiGraph over function Symbols
        self.defs = defs            # Symbol -> FuncDef (functions with a body in the program)
        self.units = units          # Symbol -> Unit that defines it
        self.unresolved = unresolved  # Symbols of functions with a call through an unresolved pointer

    def reachable(self, roots):
        """Every function reachable from `roots` (included), in a stable order."""
        seen = set()
        for r in roots:
            if r in self.graph:
                seen.add(r)
                seen.update(nx.descendants(self.graph, r))
        return sorted(seen, key=func_key)

    def recursive(self):
        """Functions on a call cycle."""
        out = set()
        for comp in nx.strongly_connected_components(self.graph):
            if len(comp) > 1 or any(self.graph.has_edge(c, c) for c in comp):
                out |= comp
        return out


def func_key(sym):
    return (sym.name, sym.unit.index if sym.unit is not None else -1, sym.serial)


def calls_in(node):
    """Every Call node below `node`, in source order."""
    return [n for n in A.walk(node) if type(n) is A.Call]


def call_targets(pa, call):
    """The function Symbols a call may reach ([] for an unresolved pointer)."""
    return pa.call_targets.get(id(call), [])


def build_callgraph(program, pa):
    g = nx.DiGraph()
    defs, units = {}, {}
    unresolved = set()
    for sym, fd, unit in program.functions():
        defs[sym] = fd
        units[sym] = unit
        g.add_node(sym)
    for sym, fd in defs.items():
        for call in calls_in(fd.body):
            direct = type(_strip(call.func)) is A.Id and _strip(call.func).sym is not None \
                and _strip(call.func).sym.kind == "func"
            for t in call_targets(pa, call):
                # one edge per pair: it is indirect if any of the calls is
                # (f may call g directly and through a pointer)
                g.add_edge(sym, t, indirect=not direct or g.get_edge_data(sym, t, {}).get("indirect", False))
            for t in pa.thread_roots.get(id(call), ()):
                g.add_node(t)
            if id(call) in pa.unresolved:
                unresolved.add(sym)
    return CallGraph(g, defs, units, unresolved)


def _strip(e):
    while type(e) is A.Paren:
        e = e.expr
    return e
