"""Call graph of a translation unit (networkx DiGraph).

Nodes are the functions defined in the unit (by name) plus the external
functions they call; an edge f -> g means f's body contains a call to g.
Direct calls are read off the AST; calls through function pointers are
resolved with the points-to analysis when one is given (`resolve_indirect`),
each target becoming an edge marked `indirect=True`.  `indirect` records the
functions that make calls no analysis could resolve.

    >>> from atomicc.frontend.parser import parse_text
    >>> tu, _ = parse_text("void g(void); void f(void) { g(); }")
    >>> cg = build_callgraph(tu)
    >>> sorted(cg.graph.edges())
    [('f', 'g')]
"""

import networkx as nx

from ..frontend import ast as A
from ..frontend.build import declarator_name


class CallGraph:
    def __init__(self, graph, defs, indirect):
        self.graph = graph          # nx.DiGraph over function names
        self.defs = defs            # name -> FuncDef (functions with a body here)
        self.indirect = indirect    # names of functions that call through pointers

    def reachable(self, roots):
        """Every function reachable from `roots` (included), sorted."""
        seen = set()
        for r in roots:
            if r in self.graph:
                seen.add(r)
                seen.update(nx.descendants(self.graph, r))
        return sorted(seen)


def calls_in(node):
    """(callee name or None, Call node) for every call below `node`."""
    out = []
    for n in A.walk(node):
        if type(n) is A.Call:
            f = n.func
            while type(f) is A.Paren:
                f = f.expr
            out.append((f.name if type(f) is A.Id else None, n))
    return out


def resolve_indirect(cg, pa):
    """Add an edge for every target the points-to analysis finds for a call
    through a pointer; returns the callers left with unresolved calls."""
    unresolved = set()
    for name, fd in cg.defs.items():
        for callee, call in calls_in(fd.body):
            if callee is not None and pa.var_object(callee, name) is None:
                continue                      # a direct call
            f = call.func
            while type(f) is A.Paren:
                f = f.expr
            targets = []
            if type(f) is A.Id:
                o = pa.var_object(f.name, name)
                if o is not None:
                    targets = sorted(m.name for m in pa.members_of(pa.pts(o)) if m.kind == "func")
            for t in targets:
                cg.graph.add_edge(name, t, indirect=True)
            if not targets:
                unresolved.add(name)
    cg.indirect = unresolved
    return unresolved


def build_callgraph(tu):
    g = nx.DiGraph()
    defs = {}
    indirect = set()
    for item in tu.items:
        if type(item) is A.FuncDef:
            name = declarator_name(item.decl)
            defs[name] = item
            g.add_node(name)
    for name, fd in defs.items():
        for callee, _ in calls_in(fd.body):
            if callee is None:
                indirect.add(name)
            else:
                g.add_edge(name, callee)
    return CallGraph(g, defs, indirect)
