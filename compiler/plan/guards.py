"""Plan guards: link-time symbols that stop inconsistent plans from linking.

Atomicity is a whole-program property: two blocks in two files that touch
the same data must be lowered under one plan.  `atomicc cc` links objects
made by `atomicc cc -c` by planning again over every unit, but an object
can also reach a plain `gcc`/`ld` link, or two files can be lowered by two
separate `atomicc` runs.  So every lowered unit names, for each *anchor*
through which its blocks can share data with other units, the plan it was
lowered with:

* `var:NAME` — an object with external linkage its blocks touch;
* `tag:NAME` — a struct or union type whose members its blocks touch
  through pointers (objects of that type may come from any unit);
* `fn:NAME` — an external function its blocks call without its body in the
  unit, or that it defines and whose blocks run inside callers' blocks;
* `mem:*` — memory reached through pointers with no nameable anchor.

The hash of an anchor is computed over the whole program the unit was
lowered in: the set of components (strategy, member blocks, locks) that
touch it.  Units lowered together agree; units lowered apart disagree
whenever they share an anchor, and the COMDAT guard (objects.plan_guard_asm)
turns the disagreement into a link error naming the anchor.
"""

import hashlib
import os

from ..analysis.alias import declared_in_system_header


def _component_hashes(an):
    """block index -> hash of its component's plan."""
    out = {}
    comps = {}
    for b in an.blocks.blocks:
        comps.setdefault(tuple(an.plans[b.index].component or [b.index]), []).append(b)
    for members in comps.values():
        h = hashlib.sha256()
        for b in sorted(members, key=lambda b: b.index):
            p = an.plans[b.index]
            f, line, col, _ = b.unit.sm.location(b.node.start)
            # the file by name, not path: lowered output must not depend on where the tree is
            h.update(("%s:%d:%d %s|" % (os.path.basename(f), line, col, p.strategy)).encode("utf-8", "surrogateescape"))
            for c in p.class_locks:
                h.update(("c%d%s|" % (c.slot, c.mode)).encode())
            h.update(("s%d|" % len(p.stripes)).encode())
        d = h.hexdigest()[:16]
        for b in members:
            out[b.index] = d
    return out


def _block_anchors(an, b, pa):
    anchors = set()
    for a in an.accesses.block_accesses.get(b.index, ()):
        members = pa.members_of(a.obj)
        ext = {m.sym.name for m in members if m.sym is not None and m.sym.kind == "var"
               and m.sym.linkage == "external"}
        tags = {f.tag.name for f in a.field if hasattr(f, "tag") and f.tag is not None and f.tag.name}
        anchors |= {"var:" + n for n in ext}
        anchors |= {"tag:" + n for n in tags}
        if not ext and not tags:
            private = all(m.kind == "anon" or (m.sym is not None and m.sym.kind == "var"
                                               and m.sym.linkage != "external")
                          for m in members)
            if not private:
                anchors.add("mem:*")
    for f in b.callees:
        if f.linkage == "external" and an.callgraph.units.get(f) is not b.unit and not declared_in_system_header(f):
            anchors.add("fn:" + f.name)
    return anchors


def plan_anchors(an):
    """unit -> {anchor: hash} for every unit of the analysed program.

    >>> from atomicc.frontend.parser import parse_text
    >>> from atomicc.semantics.program import single
    >>> from atomicc.driver import analyze_program
    >>> tu, sm = parse_text("long hits; void hit(void) { atomic { hits++; } }")
    >>> auto = {u.path: a for u, a in plan_anchors(analyze_program(single("t.c", tu, sm))).items()}
    >>> sorted(auto["t.c"])                   # an external variable and function the block exposes
    ['fn:hit', 'var:hits']
    >>> forced = plan_anchors(analyze_program(single("t.c", tu, sm), strategy="global"))
    >>> [a["var:hits"] != auto["t.c"]["var:hits"] for a in forced.values()]    # another plan, another guard
    [True]
    """
    pa = an.accesses.pa
    comp = _component_hashes(an)
    touching = {}                      # anchor -> set of component hashes (program-wide)
    per_unit = {}
    for b in an.blocks.blocks:
        names = _block_anchors(an, b, pa)
        # a function with external linkage whose blocks callers may run inside theirs
        if b.func is not None and b.func.linkage == "external":
            names.add("fn:" + b.func.name)
        for n in names:
            touching.setdefault(n, set()).add(comp[b.index])
        per_unit.setdefault(b.unit, set()).update(names)
    # functions that reach blocks through calls (a library entry point calling a block-holding helper)
    for fsym, fd in an.callgraph.defs.items():
        if fsym.linkage != "external":
            continue
        reach = set(an.callgraph.reachable([fsym]))
        hs = {comp[b.index] for b in an.blocks.blocks if b.func in reach}
        if hs:
            touching.setdefault("fn:" + fsym.name, set()).update(hs)
            per_unit.setdefault(an.callgraph.units[fsym], set()).add("fn:" + fsym.name)
    out = {}
    for unit in an.program.units:
        names = per_unit.get(unit, set())
        out[unit] = {n: hashlib.sha256("|".join(sorted(touching[n])).encode("utf-8", "surrogateescape"))
                     .hexdigest()[:16]
                     for n in sorted(names)}
    return out

