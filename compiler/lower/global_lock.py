"""Lowering `global`: every atomic block under one process-wide recursive lock.

`atomic { S }` becomes

    { atomicc_guard_t __atomicc_gK __attribute__((cleanup(atomicc_global_leave)))
          = atomicc_global_enter();
      __atomicc_restart_K: ;                       (only if the block has a retry)
      { S } }

The guard's cleanup runs on every way out of the block — falling off the end,
`return` (after its value is computed), `break`, `continue`, `goto` — so no
exit path needs rewriting and none can leak the lock.  Nested blocks are
flattened: an inner `atomic` keyword is simply dropped.

`retry;` becomes `{ atomicc_global_retry(&__atomicc_gK); goto __atomicc_restart_K; }`:
the runtime undoes the block's logged writes, releases the lock, sleeps until
another block commits, and takes the lock again.  In a block that can retry
every store a retry can follow is undo-logged (`(*ATOMICC_LOGW(&(lvalue))) =
...`; analysis/blocks.py writes_to_log), and so are the stores of every
function it can call; when a callee may retry, the block
also registers a restart point (`__builtin_setjmp`) that the runtime jumps
back to.  See runtime_c/atomicc_rt.h for the runtime side.
"""

from ..diagnostics import Diagnostic
from ..frontend import ast as A
from ..analysis.accesses import declared_symbols
from ..analysis.blocks import write_target
from ..emit.edits import Edit

NAME = "lower-global"


def log_write_edits(writes, sm, diags):
    """Edits that undo-log each write's target before the store."""
    edits = []
    for w in writes:
        t = write_target(w)
        inner = t
        while type(inner) is A.Paren:
            inner = inner.expr
        if type(inner) is A.Member and inner.sym is not None and inner.sym.is_bitfield:
            diags.append(Diagnostic(
                "error", "cannot undo-log the store to bit-field '%s' in a block that can retry" % inner.name,
                sm.loc(t.start), [Diagnostic("note", "store the bit-field after the block's last retry, "
                                             "outside the block, or use a plain integer field", None)]))
            continue
        edits.append(Edit(t.start, t.start, "(*ATOMICC_LOGW(&("))
        edits.append(Edit(t.end, t.end, ")))", after=True))
    return edits


def global_block_edits(b, sm, diags, logged):
    """Edits lowering one outermost block with the global lock."""
    k = b.index
    g = "__atomicc_g%d" % k
    prefix = ("{ atomicc_guard_t %s __attribute__((cleanup(atomicc_global_leave))) = "
              "atomicc_global_enter();" % g)
    if b.retries:
        prefix += " __atomicc_restart_%d: ;" % k
    if b.restartable_from_callee:
        prefix += " if (__builtin_setjmp(*atomicc_global_jmpbuf(&%s))) { }" % g
    return lock_block_edits(b, prefix, "atomicc_global_retry(&%s)" % g, sm, diags, logged)


def lock_block_edits(b, prefix, retry_call, sm, diags, logged):
    """The edits every lock-based lowering makes: `prefix` replaces the
    `atomic` keyword and ` }` closes it, inner blocks are flattened, each
    `retry;` calls `retry_call` and jumps back, and the stores in `logged`
    (writes_to_log) are undo-logged."""
    node = b.node
    edits = [Edit(node.start, node.start + len("atomic"), prefix),
             Edit(node.end, node.end, " }", after=True)]
    for inner in b.inner:
        edits.append(Edit(inner.start, inner.start + len("atomic"), "/* atomic: flattened */"))
    for r in b.retries:
        edits.append(Edit(r.start, r.end, "{ %s; goto __atomicc_restart_%d; }" % (retry_call, b.index)))
    if b.can_retry:
        edits.extend(log_write_edits(logged, sm, diags))
        edits.extend(va_list_log_edits(node))
    return edits


def va_list_log_edits(node):
    """va_arg advances its va_list: one declared outside the block is undo-logged like a store, so
    the block run again after `retry` takes the same arguments again.  Where va_list is an array
    (x86-64), a `va_list` parameter is a pointer to the caller's: what it points to is logged."""
    inside = declared_symbols(node.body)
    edits = []
    for n in A.walk(node.body):
        if type(n) is not A.VaArg:
            continue
        a = n.expr
        while type(a) is A.Paren:
            a = a.expr
        if type(a) is not A.Id or a.sym is None or a.sym.kind != "var" or a.sym in inside:
            continue
        if a.sym.storage == "param":
            edits.append(Edit(a.start, a.end, "__builtin_choose_expr(__builtin_types_compatible_p(__typeof__(%s), "
                              "__builtin_va_list), (*ATOMICC_LOGW(&(%s))), ATOMICC_LOGW(%s))" % (a.name, a.name, a.name)))
        else:
            edits.append(Edit(a.start, a.start, "(*ATOMICC_LOGW(&("))
            edits.append(Edit(a.end, a.end, ")))", after=True))
    return edits
