"""Lowering `pervar`: per-location locks, all taken at block entry in one order.

    atomic { S }

becomes

    { atomicc_pv_t __atomicc_pvK __attribute__((cleanup(atomicc_pv_leave)));
      atomicc_pv_init(&__atomicc_pvK);
      atomicc_pv_class(&__atomicc_pvK, SLOT, ATOMICC_IX);      one per class lock
      atomicc_pv_addr(&__atomicc_pvK, (KEY), ATOMICC_W);        one per object lock
      atomicc_pv_enter(&__atomicc_pvK);
      __atomicc_restart_K: ;                                    (if the block retries)
      { S } }

`atomicc_pv_enter` sorts the requests (class locks by slot, then stripes of
the address-hashed lock table by index), merges duplicates (two keys may be
the same address at run time: `&bank[from]`, `&bank[to]`) and takes them in
that order, so no two blocks can deadlock.  The cleanup releases them on every
exit path.  `retry` works as with the global lock: the block's logged stores
are undone, the locks released, and the thread sleeps until a block commits.
"""

from ..emit.c_printer import CPrinter
from .global_lock import lock_block_edits

NAME = "lower-pervar"
_MODE = {"R": "ATOMICC_R", "W": "ATOMICC_W", "IS": "ATOMICC_IS", "IX": "ATOMICC_IX", "S": "ATOMICC_S",
         "X": "ATOMICC_X"}


def lower_pervar_block(b, plan, sm, diags, logged):
    k = b.index
    v = "__atomicc_pv%d" % k
    pr = CPrinter()
    parts = ["{ atomicc_pv_t %s __attribute__((cleanup(atomicc_pv_leave)));" % v]
    keys = ["(const void *)(%s), %s" % (pr.expr(s.key), _MODE[s.mode]) for s in plan.stripes]
    if not b.can_retry and not plan.class_locks and len(keys) in (1, 2):
        # the common shapes have an inlined fast path in the runtime
        parts.append(" atomicc_pv_enter%d(&%s, %s);" % (len(keys), v, ", ".join(keys)))
    else:
        parts.append(" atomicc_pv_init%s(&%s);" % ("_retry" if b.can_retry else "", v))
        for c in plan.class_locks:
            parts.append(" atomicc_pv_class(&%s, %du, %s);" % (v, c.slot, _MODE[c.mode]))
        for key in keys:
            parts.append(" atomicc_pv_addr(&%s, %s);" % (v, key))
        parts.append(" atomicc_pv_enter(&%s);" % v)
    if b.retries:
        parts.append(" __atomicc_restart_%d: ;" % k)
    if b.restartable_from_callee:
        parts.append(" if (__builtin_setjmp(*atomicc_pv_jmpbuf(&%s))) { }" % v)
    return lock_block_edits(b, "".join(parts), "atomicc_pv_retry(&%s)" % v, sm, diags, logged)
