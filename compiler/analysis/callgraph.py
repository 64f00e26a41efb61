"""Call graph of a translation unit (networkx DiGraph).

Nodes are the functions defined in the unit (by name) plus the external
functions they call; an edge f -> g means f's body contains a direct call to
g.  Calls through function pointers are not resolved here yet (the points-to
analysis will add those edges); `indirect` records which functions make them.

    >>> from compiler.frontend.parser import parse_text
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
