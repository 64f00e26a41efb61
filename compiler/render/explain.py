"""Renderer for `atomicc explain`: per block, its location, read and write
sets, the strategy and why, and the locks in the order they are taken.

`explain_data` builds plain data (also the `--format=json` output);
`render_text` prints it for people.  Output is deterministic: blocks in
source order, locations and locks sorted.
"""

import json

from ..semantics.bind import field_path_text


def explain_data(an):
    """Plain data for every block of an analysed program (driver.ProgramAnalysis).

    >>> from atomicc.frontend.parser import parse_text
    >>> from atomicc.semantics.program import single
    >>> from atomicc.driver import analyze_program
    >>> tu, sm = parse_text("long a, b; void move(void) { atomic { if (a > 0) { a--; b++; } } }")
    >>> block = explain_data(analyze_program(single("t.c", tu, sm), strategy="pervar"))["blocks"][0]
    >>> block["strategy"], block["function"], [r["location"] for r in block["writes"]]
    ('pervar', 'move', ['global a', 'global b'])
    >>> [(lock["kind"], lock["mode"], lock["covers"]) for lock in block["locks"]]
    [('object', 'W', 'global a'), ('object', 'W', 'global b')]
    """
    pa = an.accesses.pa
    out = []
    for b in an.blocks.blocks:
        plan = an.plans[b.index]
        sm = b.unit.sm
        f, line, col, _ = sm.location(b.node.start)
        reads, writes = {}, {}
        for a in an.accesses.block_accesses.get(b.index, ()):
            loc = "; ".join(pa.class_key(a.obj))
            if a.field:
                loc += " " + field_path_text(a.field)
            asm = a.unit.sm
            fe, le, ce, _ = asm.location(a.expr.start)
            entry = (reads if a.mode == "R" else writes).setdefault(loc, {"location": loc, "reached_by": set()})
            how = _text(asm, a.expr)
            if a.via:
                how += " (in %s)" % a.via.name
            entry["reached_by"].add("%s at %s:%d:%d" % (how, fe, le, ce))
        locks = []
        if plan.strategy == "pervar":
            for c in plan.class_locks:
                locks.append({"kind": "class", "order": "slot %d" % c.slot, "mode": c.mode,
                              "covers": c.name})
            for st in sorted(plan.stripes, key=lambda x: x.key_text):
                locks.append({"kind": "object", "order": "by address at run time", "mode": st.mode,
                              "address": st.key_text, "covers": st.describe})
        elif plan.strategy == "global":
            locks.append({"kind": "global", "order": "only lock", "mode": "X", "covers": "every atomic block"})
        conservative = sorted({"%s: no per-location locks (it %s)" % (u.unit.where(u.call), u.what)
                               for u in an.accesses.block_unknown_calls.get(b.index, ())} |
                              {"%s: no STM (it calls %s, %s)" % (i.unit.where(i.call), i.describe(), i.consequence())
                               for i in (an.irrevocable or {}).get(b.index, ())})
        item = {
            "block": b.index, "file": f, "line": line, "column": col, "function": b.func_name,
            "unit": b.unit.path,
            "strategy": plan.strategy, "why": plan.reason,
            "component": plan.component,
            "reads": [_entry(e) for _, e in sorted(reads.items())],
            "writes": [_entry(e) for _, e in sorted(writes.items())],
            "locks": locks,
            "retry": bool(b.retries), "restart_from_callee": b.restartable_from_callee,
            "threads": an.threads.runs_in(b.func) if an.threads and b.func is not None else [],
            "handled_conservatively": conservative,
            "cost_model": plan.model,
        }
        out.append(item)
    return {"version": 1, "blocks": out}


def _entry(e):
    return {"location": e["location"], "reached_by": sorted(e["reached_by"])}


def _text(sm, node):
    s = sm.text[node.start:node.end]
    return " ".join(s.split())


def render_text(data):
    """The text of `atomicc explain`, from explain_data's output.

    >>> from atomicc.frontend.parser import parse_text
    >>> from atomicc.semantics.program import single
    >>> from atomicc.driver import analyze_program
    >>> tu, sm = parse_text("long hits; void hit(void) { atomic { hits++; } }")
    >>> print(render_text(explain_data(analyze_program(single("t.c", tu, sm), strategy="global"))))
    <input>:1:29: atomic block 1 in hit()
      strategy: global — forced to 'global' (block 1)
      reads:
        global hits
          via hits at <input>:1:38
      writes:
        global hits
          via hits at <input>:1:38
      locks, in the order taken:
        1. the global lock
    <BLANKLINE>
    """
    lines = []
    for b in data["blocks"]:
        lines.append("%s:%d:%d: atomic block %d in %s()" % (b["file"], b["line"], b["column"], b["block"],
                                                            b["function"]))
        lines.append("  strategy: %s — %s" % (b["strategy"], b["why"]))
        if b["threads"]:
            lines.append("  runs in threads started at: %s" % ", ".join(b["threads"]))
        if b["component"] and len(b["component"]) > 1:
            lines.append("  shares data with blocks: %s" % ", ".join(str(i) for i in b["component"] if i != b["block"]))
        for title, key in (("reads", "reads"), ("writes", "writes")):
            lines.append("  %s:%s" % (title, "" if b[key] else " (none)"))
            for e in b[key]:
                lines.append("    %s" % e["location"])
                for r in e["reached_by"]:
                    lines.append("      via %s" % r)
        if b["locks"]:
            lines.append("  locks, in the order taken:")
            for i, l in enumerate(b["locks"], 1):
                if l["kind"] == "object":
                    lines.append("    %d. %s lock on the object at %s (%s), %s" % (i, l["mode"], l["address"],
                                                                               l["covers"], l["order"]))
                elif l["kind"] == "class":
                    lines.append("    %d. %s lock on the whole class %s (%s)" % (i, l["mode"], l["covers"], l["order"]))
                else:
                    lines.append("    %d. the global lock" % i)
        for c in b.get("handled_conservatively", ()):
            lines.append("  handled conservatively: %s" % c)
        if b["retry"]:
            lines.append("  retry: yes (stores are undo-logged; waits for a commit)")
        m = b.get("cost_model")
        if m:
            lines.append("  cost model for %d CPU%s (--cpus=N), best first:" % (m["cpus"], "s" if m["cpus"] != 1 else ""))
            if m.get("outside_cycles_per_block"):
                lines.append("    (the threads work %.1f cycles outside blocks per block run)"
                             % m["outside_cycles_per_block"])
            for e in m["estimates"]:
                room = e.get("blocks_at_once")
                lines.append("    %-9s %7.1f cycles per block, serial %.3f, speedup x%.2f, throughput %.3f%s"
                             % (e["strategy"], e["cycles_per_block"], e["serial_fraction"], e["speedup"],
                                e["relative_throughput"],
                                ", at most %g blocks at once" % room if room is not None else ""))
            for name, why in sorted(m["not_legal"].items()):
                lines.append("    %-9s not legal: %s" % (name, why))
        lines.append("")
    return "\n".join(lines)


def render_json(data):
    return json.dumps(data, indent=2, sort_keys=True) + "\n"
