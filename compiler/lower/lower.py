"""The lowering pass: each block by its chosen strategy, as text edits.

Dispatches every outermost block to global_lock.py, pervar.py or
atomic_op.py according to its Plan (strategy.py), undo-logs the stores of the
functions a retrying block can call, and turns `#pragma atomicc` lines into
comments (gcc would warn about an unknown pragma).
"""

from ..frontend import ast as A
from .atomic_op import lower_atomic_op_block
from .edits import Edit
from .global_lock import _bitfield_names, global_block_edits, log_write_edits
from .pervar import lower_pervar_block
from .stm import lower_stm

NAME = "lower"


def lower(an):
    """Edits for the whole unit of an Analysis; returns (edits, diagnostics)."""
    tu, sm, info = an.fe.tu, an.fe.sm, an.blocks
    diags = []
    edits = []
    bitfields = _bitfield_names(tu)
    logged_ids = set()
    stm_blocks = []
    for b in info.blocks:
        plan = an.plans[b.index]
        b.strategy = plan.strategy
        if plan.strategy == "stm":
            stm_blocks.append(b)
            continue
        if plan.strategy == "atomic-op":
            edits += lower_atomic_op_block(b, plan, sm.text)
            continue
        if plan.strategy == "pervar":
            edits += lower_pervar_block(b, plan, tu, sm, diags, bitfields)
        else:
            edits += global_block_edits(b, sm, diags, bitfields)
        if b.can_retry:
            logged_ids.update(id(w) for w in b.writes)
    edits += lower_stm(an, stm_blocks, diags)
    # STM blocks are regenerated whole: nothing else may edit inside them
    regions = [(b.node.start, b.node.end) for b in stm_blocks]
    for f in sorted(info.logged_functions):
        ws = [w for w in info.function_writes.get(f, ())
              if id(w) not in logged_ids and not any(s <= w.start < e for s, e in regions)]
        edits += log_write_edits(ws, bitfields, sm, diags)
    for n in A.walk(tu):
        if type(n) is A.Pragma and n.text.split()[1:2] == ["atomicc"]:
            edits.append(Edit(n.start, n.end, "/* %s */" % n.text.lstrip("#").strip()))
    return edits, diags
