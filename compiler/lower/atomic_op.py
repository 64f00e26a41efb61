"""Lowering `atomic-op`: a block that is one commutative update, load or
store of one integer location becomes one GCC `__atomic_*` builtin, through
the runtime header's ATOMICC_AOP_* macros (atomicc_rt.h), which register the
thread and run the plain statement while it is the only one running blocks
(solo mode).

    atomic { hits += n; }   ->  { ATOMICC_AOP_ADD(&(hits), (n)); }
    atomic { c++; }         ->  { ATOMICC_AOP_ADD(&(c), 1); }
    atomic { v = x; }       ->  { v = ATOMICC_AOP_LOAD(&(x)); }
    atomic { x = e; }       ->  { ATOMICC_AOP_STORE(&(x), (e)); }

The planner (plan/planner.py) only picks this when every block that can
touch the location is of this form (commutative reductions need no lock: the
map-reduce lesson), so the atomics never race with a lock-based block.  The
edits keep the operand texts of the original source.
"""

from ..frontend import ast as A
from ..emit.edits import Edit

NAME = "lower-atomic-op"


def _op_token(text, start, end, op):
    i = text.find(op, start, end)
    if i < 0:
        raise ValueError("operator %r not found" % op)
    return i


def lower_atomic_op_block(b, plan, text):
    kind, op, lhs, rhs = plan.atomic_op
    node = b.node
    stmt = node.body.items[0]
    e = stmt.expr
    body_l = node.body.start          # the '{'
    semi = stmt.end - 1               # the ';'
    edits = []
    if kind == "rmw":
        head = "{ ATOMICC_AOP_%s(&(" % op.upper()
        if type(e) is A.Assign:
            i = _op_token(text, lhs.end, rhs.start, e.op)
            edits.append(Edit(node.start, body_l + 1, head))
            edits.append(Edit(lhs.start, lhs.start, "", after=False))
            edits.append(Edit(i, i + len(e.op), "), ("))
            edits.append(Edit(semi, semi + 1, "));"))
        elif type(e) is A.PostOp:
            i = _op_token(text, lhs.end, e.end, e.op)
            edits.append(Edit(node.start, body_l + 1, head))
            edits.append(Edit(i, i + 2, "), 1)"))
        else:                          # ++x / --x
            edits.append(Edit(node.start, body_l + 1, head))
            edits.append(Edit(e.start, e.start + 2, ""))
            edits.append(Edit(semi, semi, "), 1)"))
    elif kind == "load":               # v = x;  (lhs is x here, rhs is v)
        edits.append(Edit(node.start, node.start + len("atomic"), ""))
        edits.append(Edit(lhs.start, lhs.start, "ATOMICC_AOP_LOAD(&("))
        edits.append(Edit(lhs.end, lhs.end, "))", after=True))
    else:                              # store: x = e;
        i = _op_token(text, lhs.end, rhs.start, "=")
        edits.append(Edit(node.start, body_l + 1, "{ ATOMICC_AOP_STORE(&("))
        edits.append(Edit(i, i + 1, "), ("))
        edits.append(Edit(semi, semi + 1, "));"))
    return [x for x in edits if not (x.start == x.end and x.text == "")]
