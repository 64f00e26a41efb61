"""The lowering pass: each block by its chosen strategy, as text edits.

Dispatches every outermost block to global_lock.py, pervar.py or
atomic_op.py according to its Plan (plan/planner.py), undo-logs the stores of the
functions a retrying block can call, and turns `#pragma atomicc` lines into
comments (gcc would warn about an unknown pragma).
"""

from ..frontend import ast as A
from ..analysis.blocks import writes_to_log
from .atomic_op import lower_atomic_op_block
from ..emit.edits import Edit
from .global_lock import global_block_edits, log_write_edits
from .pervar import lower_pervar_block
from .stm import lower_stm
from . import fallthrough

NAME = "lower"


def implicit_retry_edit(b, plan, sm):
    """`retry;` outside any lexical block, in a function that only runs inside
    blocks: an empty nested block of the callers' strategy that retries, which
    restarts the outermost block.  Reached outside every block after all (a
    caller the compiler did not see), it stops with the location
    (atomicc_retry_outside, declared in atomicc_rt.h)."""
    r = b.retries[0]
    f, line, _, _ = sm.location(r.start)
    where = '"%s:%d"' % (f.replace("\\", "/").replace('"', "'"), line)
    k = b.index
    if plan.strategy == "pervar":
        v = "__atomicc_pv%d" % k
        text = ("{ atomicc_pv_t %s __attribute__((cleanup(atomicc_pv_leave))); atomicc_pv_init_retry(&%s); "
                "atomicc_pv_enter(&%s); if (%s.outermost) atomicc_retry_outside(%s); atomicc_pv_retry(&%s); }"
                % (v, v, v, v, where, v))
    elif plan.strategy == "stm":
        # transactions call the function's clone, whose retry is atomicc_stm_retry (stm.py)
        text = "{ atomicc_retry_outside(%s); }" % where
    else:
        g = "__atomicc_g%d" % k
        text = ("{ atomicc_guard_t %s __attribute__((cleanup(atomicc_global_leave))) = atomicc_global_enter(); "
                "if (%s.depth == 1) atomicc_retry_outside(%s); atomicc_global_retry(&%s); }"
                % (g, g, where, g))
    return Edit(r.start, r.end, text)


def lower(an, unit):
    """Edits for one unit of an analysed Program; returns (edits, diagnostics)."""
    sm, info = unit.sm, an.blocks
    diags = []
    edits = []
    logged_ids = set()
    stm_blocks = []
    for b in info.blocks:
        if b.unit is not unit:
            continue
        plan = an.plans[b.index]
        b.strategy = plan.strategy
        if b.implicit:
            edits.append(implicit_retry_edit(b, plan, sm))
            continue
        if plan.strategy == "stm":
            stm_blocks.append(b)
            continue
        if plan.strategy == "atomic-op":
            edits += lower_atomic_op_block(b, plan, sm.text)
            continue
        logged = writes_to_log(b, info)
        if plan.strategy == "pervar":
            edits += lower_pervar_block(b, plan, sm, diags, logged)
        else:
            edits += global_block_edits(b, sm, diags, logged)
        if b.can_retry:
            logged_ids.update(id(w) for w in b.writes)
    edits += lower_stm(an, unit, stm_blocks, diags)
    # STM blocks are regenerated whole: nothing else may edit inside them
    regions = [(b.node.start, b.node.end) for b in stm_blocks]
    # every definition in this unit: a function defined in several units (an
    # inline function of a header) has a copy in each, and any copy may run
    for fd in unit.tu.items:
        if type(fd) is not A.FuncDef or fd.sym not in info.logged_functions:
            continue
        ws = [w for w in info.def_writes.get(id(fd), ())
              if id(w) not in logged_ids and not any(s <= w.start < e for s, e in regions)]
        edits += log_write_edits(ws, sm, diags)
    replaced = regions + [(e.start, e.end) for e in edits if e.end > e.start]
    for n in A.walk(unit.tu):
        t = type(n)
        if t is A.Pragma and n.text.split()[1:2] == ["atomicc"]:
            edits.append(Edit(n.start, n.end, "/* %s */" % n.text.lstrip("#").strip()))
        elif (t is A.Case or t is A.Default) and not any(s < n.start < e for s, e in replaced) \
                and fallthrough.marked(sm, n.start):
            # the preprocessed text (the fallback) has lost the /* fall through */ comment
            edits.append(Edit(n.start, n.start, fallthrough.ATTRIBUTE + " ", fallback_only=True))
    return edits, diags
