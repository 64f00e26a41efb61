"""Irrevocable operations inside atomic blocks (DESIGN §1).

A call cannot be rolled back when the compiler cannot see the callee's body
and the callee is not on the list of functions known to be pure or to have a
transactional version: I/O, system calls, `printf`, unknown externs, calls
through pointers.  For every block this finds such calls, directly in the
block or in any function it can call, with the call chain that reaches them.

* A block with an irrevocable call is never lowered to STM (locks only).
* A block with an irrevocable call that can `retry` is a compile error: the
  retry would re-run the irrevocable operation.

    >>> from atomicc.frontend.parser import parse_text
    >>> from atomicc.analysis.blocks import analyze_blocks
    >>> tu, sm = parse_text("int printf(const char *, ...); int n; void f(void) { atomic { n++; printf(\\"x\\"); } }")
    >>> info = analyze_blocks(tu, sm)
    >>> [(c.name, c.chain) for c in find_irrevocable(tu, info)[1]]
    [('printf', [])]
"""

from ..diagnostics import Diagnostic
from ..frontend import ast as A
from ..frontend.build import declarator_name
from .alias import innermost_derivation
from .callgraph import calls_in
from .scopes import spelling

# No memory effects a transaction must see (math, ctype, compiler builtins).
PURE_FUNCTIONS = frozenset("""
abs labs llabs imaxabs div ldiv lldiv sqrt sqrtf sqrtl fabs fabsf fabsl floor floorf ceil ceilf round roundf
trunc truncf fmod fmodf pow powf exp expf exp2 log logf log2 log10 sin sinf cos cosf tan tanf atan atan2 fmin
fmax fminf fmaxf hypot cbrt lround llround
isalpha isdigit isalnum isspace isupper islower isxdigit ispunct isprint iscntrl isgraph toupper tolower
__builtin_expect __builtin_unreachable __builtin_constant_p __builtin_clz __builtin_clzl __builtin_clzll
__builtin_ctz __builtin_ctzl __builtin_ctzll __builtin_popcount __builtin_popcountl __builtin_popcountll
__builtin_bswap16 __builtin_bswap32 __builtin_bswap64 __builtin_ffs __builtin_abs __builtin_labs
__builtin_offsetof __builtin_types_compatible_p __builtin_choose_expr __builtin_object_size
__builtin_isnan __builtin_isinf __builtin_fabs __builtin_sqrt __builtin_trap
""".split())

# Functions the STM runtime has a transactional version of (atomicc_stm_NAME).
TM_FUNCTIONS = frozenset("malloc calloc free memcpy memmove memset memcmp strlen strcmp".split())

# `assert` expands to __assert_fail only on failure: treat as pure (the
# program aborts anyway).
_ABORTING = frozenset("__assert_fail __assert_perror_fail abort".split())


class Irrevocable:
    __slots__ = ("name", "call", "chain")

    def __init__(self, name, call, chain):
        self.name = name          # the callee, or "(function pointer)"
        self.call = call          # the Call node
        self.chain = chain        # functions between the block and the call

    def describe(self):
        via = "".join(" (called through %s)" % " -> ".join(self.chain) if self.chain else "")
        if self.name.startswith("*"):
            return "through the function pointer '%s'%s" % (spelling(self.name[1:]), via)
        if self.name == "(function pointer)":
            return "a function through a pointer%s" % via
        return "'%s'%s" % (self.name, via)

    def consequence(self):
        """Why the call keeps a block off the STM."""
        if self.name.startswith("*") or self.name == "(function pointer)":
            return "and a transaction cannot call through a pointer (it calls transactional clones)"
        return "which cannot be rolled back"


def _declared_variables(tu):
    """Names declared as objects anywhere (function pointers among them)."""
    names = set()
    for n in A.walk(tu):
        t = type(n)
        if t is A.Decl:
            if any(type(k) is A.Keyword and k.text == "typedef" for k in n.specs.items):
                continue
            decls = [d.decl for d in n.declarators]
        elif t is A.Param:
            decls = [n.decl]
        else:
            continue
        for d in decls:
            if d is not None and type(innermost_derivation(d)) is not A.FuncDeclr:
                nm = declarator_name(d)
                if nm:
                    names.add(nm)
    return names


def safe_callee(name, defs):
    return name in defs or name in PURE_FUNCTIONS or name in TM_FUNCTIONS or name in _ABORTING


def find_irrevocable(tu, info):
    """block index -> [Irrevocable] (empty list: the block is revocable)."""
    defs = info.callgraph.defs
    memo = {}
    variables = _declared_variables(tu)

    def in_function(name, stack):
        if name in memo:
            return memo[name]
        if name in stack:
            return []
        memo[name] = []          # provisional, for recursion
        out = []
        for callee, call in calls_in(defs[name].body):
            out.extend(_classify(callee, call, stack + [name]))
        memo[name] = out
        return out

    def _classify(callee, call, chain):
        if callee is None:
            return [Irrevocable("(function pointer)", call, chain)]
        if callee in defs:
            return in_function(callee, chain)
        if safe_callee(callee, defs):
            return []
        if callee in variables:
            return [Irrevocable("*" + callee, call, chain)]     # a variable: a function pointer
        return [Irrevocable(callee, call, chain)]

    result = {}
    for b in info.blocks:
        found = []
        for callee, call in calls_in(b.node.body):
            found.extend(_classify(callee, call, []))
        result[b.index] = found
    return result


def retry_irrevocable_errors(info, irrevocable, sm):
    """A block that can retry and has an irrevocable call is an error."""
    diags = []
    for b in info.blocks:
        irr = irrevocable.get(b.index) or []
        if irr and b.can_retry:
            first = irr[0]
            notes = [Diagnostic("note", "the irrevocable call %s is here" % first.describe(), sm.loc(first.call.start))]
            if b.retries:
                notes.append(Diagnostic("note", "'retry' is here", sm.loc(b.retries[0].start)))
            diags.append(Diagnostic(
                "error", "this atomic block can retry but calls %s, which cannot be undone; move the call out of "
                "the block" % first.describe(), sm.loc(b.node.start), notes))
    return diags
