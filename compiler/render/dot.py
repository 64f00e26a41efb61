"""The lock-order graph as Graphviz DOT (pydot when installed), cycles in red.

One node per lock, named as the source names it; one edge A -> B per order
(B taken while A is held), labelled with its first site.  Nodes and edges on a
reported cycle are red.  Output is sorted, so it is the same on every run.
"""


def _q(s):
    return '"%s"' % s.replace("\\", "\\\\").replace('"', '\\"')


def lock_order_dot(graph, cycles, name_of, where_of):
    """`name_of(term)` names a lock, `where_of(occurrence)` gives an edge's label.

    >>> import networkx as nx
    >>> from types import SimpleNamespace as Cycle
    >>> g = nx.DiGraph()
    >>> g.add_edge("a", "b", occ=["t.c:4"]); g.add_edge("b", "a", occ=["t.c:9"]); g.add_edge("b", "c", occ=[])
    >>> dot = lock_order_dot(g, [Cycle(nodes=["a", "b"])], str.upper, str)
    >>> [line.strip() for line in dot.splitlines() if "->" in line]
    ['"A" -> "B" [label="t.c:4", color=red];', '"B" -> "A" [label="t.c:9", color=red];', '"B" -> "C" [label=""];']
    """
    red_nodes, red_edges = set(), set()
    for c in cycles:
        k = len(c.nodes)
        for i in range(k):
            red_nodes.add(name_of(c.nodes[i]))
            red_edges.add((name_of(c.nodes[i]), name_of(c.nodes[(i + 1) % k])))
    nodes = sorted({name_of(n) for n in graph.nodes})
    edges = {}
    for a, b, data in graph.edges(data=True):
        key = (name_of(a), name_of(b))
        label = where_of(data["occ"][0]) if data.get("occ") else ""
        if key not in edges or label < edges[key]:
            edges[key] = label
    try:
        import pydot
    except ImportError:
        pydot = None
    if pydot is not None:
        g = pydot.Dot("lock order", graph_type="digraph")
        for n in nodes:
            attrs = {"color": "red"} if n in red_nodes else {}
            g.add_node(pydot.Node(_q(n), **attrs))
        for (a, b), label in sorted(edges.items()):
            attrs = {"label": _q(label)}
            if (a, b) in red_edges:
                attrs["color"] = "red"
            g.add_edge(pydot.Edge(_q(a), _q(b), **attrs))
        return g.to_string()
    out = ['digraph "lock order" {']
    for n in nodes:
        out.append("  %s%s;" % (_q(n), " [color=red]" if n in red_nodes else ""))
    for (a, b), label in sorted(edges.items()):
        attrs = ["label=%s" % _q(label)] + (["color=red"] if (a, b) in red_edges else [])
        out.append("  %s -> %s [%s];" % (_q(a), _q(b), ", ".join(attrs)))
    out.append("}")
    return "\n".join(out) + "\n"
