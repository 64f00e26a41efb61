"""Irrevocable operations inside atomic blocks.

A call cannot be rolled back when the compiler cannot see the callee's body
and the callee is not on the list of functions known to be pure or to have a
transactional version: I/O, system calls, `printf`, unknown externs, calls
through pointers.  For every block this finds such calls, directly in the
block or in any function it can call, with the call chain that reaches them.

* A block with an irrevocable call is never lowered to STM (locks only).
* A block with an irrevocable call that can `retry` is a compile error: the
  retry would re-run the irrevocable operation.

    >>> from atomicc.frontend.parser import parse_text
    >>> from atomicc.semantics.program import single
    >>> from atomicc.analysis.alias import analyze_pointers
    >>> from atomicc.analysis.blocks import analyze_blocks
    >>> from atomicc.analysis.callgraph import build_callgraph
    >>> tu, sm = parse_text("int printf(const char *, ...); int n; void f(void) { atomic { n++; printf(\\"x\\"); } }")
    >>> prog = single("t.c", tu, sm)
    >>> pa = analyze_pointers(prog); cg = build_callgraph(prog, pa)
    >>> [(c.name, c.chain) for c in find_irrevocable(analyze_blocks(prog, cg, pa), cg, pa)[1]]
    [('printf', [])]
"""

from ..diagnostics import Diagnostic
from ..frontend import ast as A
from ..frontend.build import func_declarator
from .alias import library_name, unseen_body
from .callgraph import call_targets, calls_in

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
__builtin_va_start __builtin_va_end __builtin_va_copy __builtin_va_arg __builtin_va_arg_pack __builtin_va_arg_pack_len
""".split())

# Functions the STM runtime has a transactional version of (atomicc_stm_NAME).
TM_FUNCTIONS = frozenset("malloc calloc free memcpy memmove memset memcmp strlen strcmp".split())

# `assert` expands to __assert_fail only on failure: treat as pure (the
# program aborts anyway).
_ABORTING = frozenset("__assert_fail __assert_perror_fail abort".split())


class Irrevocable:
    __slots__ = ("name", "call", "chain", "unit", "pointer", "kr", "partial_targets", "static_local")

    def __init__(self, name, call, chain, unit, pointer=None, kr=False, partial_targets=False,
                 static_local=None):
        self.partial_targets = partial_targets   # some targets known, but it may hold an outside pointer
        self.kr = kr              # a K&R-style definition: no transactional clone can be printed
        #                           ("static": the callee has a writable static local, static_local)
        self.static_local = static_local   # (its name, Location of its declaration) for kr == "static"
        self.name = name          # the callee as written, or "(function pointer)"
        self.call = call          # the Call node
        self.chain = chain        # function Symbols between the block and the call
        self.unit = unit          # the Unit the call is in
        self.pointer = pointer    # the pointer expression's text, for a call through a pointer

    def describe(self):
        via = "".join(" (called through %s)" % " -> ".join(f.name for f in self.chain) if self.chain else "")
        if self.pointer is not None:
            return "through the function pointer '%s'%s" % (self.pointer, via)
        if self.name == "(function pointer)":
            return "a function through a pointer%s" % via
        return "'%s'%s" % (self.name, via)

    def consequence(self):
        """Why the call keeps a block off the STM."""
        if self.kr == "static":
            return ("which has a static local variable%s: its transactional clone would have a second one "
                    "(make it a file-scope static)" % (" ('%s')" % self.static_local[0] if self.static_local else ""))
        if self.kr:
            return ("a K&R-style definition, which gets no transactional clone (give it a prototype-style "
                    "definition)")
        if self.pointer is not None and self.name != "(function pointer)":
            return ("a variadic function called through a pointer, which has no transactional clone entry")
        if self.partial_targets:
            return ("which may hold a function from outside the program (a pointer a library function "
                    "returned), which has no transactional clone")
        if self.pointer is not None or self.name == "(function pointer)":
            return "which has no known target, so a transaction cannot call its transactional clone"
        return "which cannot be rolled back"

    @property
    def stm_only(self):
        """Revocable (a lock-based block can undo it) but not callable from a transaction."""
        return self.kr or (self.pointer is not None and self.name != "(function pointer)")

    def loc(self):
        return self.unit.loc(self.call)

    def notes(self):
        """Notes for an error about this call: where it is, and what it is."""
        if self.kr == "static":
            out = []
            if self.static_local is not None:
                var, where = self.static_local
                out.append(Diagnostic("note", "'%s' is a static local of '%s': its transactional clone would be a "
                                      "second object" % (var, self.name), where))
            return out + [Diagnostic("note", "'%s' is called here" % self.name, self.loc())]
        if self.kr:
            return [Diagnostic("note", "'%s', a K&R-style definition, is called here" % self.name, self.loc())]
        if self.stm_only:
            return [Diagnostic("note", "the call through the pointer is here", self.loc())]
        return [Diagnostic("note", "the irrevocable call is here", self.loc())]


def safe_library_call(name):
    """A library function with no effects a transaction must undo, or with a transactional version."""
    return name in PURE_FUNCTIONS or name in TM_FUNCTIONS or name in _ABORTING


def find_irrevocable(blocks, cg, pa, partial=False, provisional=None):
    """block index -> [Irrevocable] (empty list: the block is revocable).

    With `partial` (one unit of a program compiled apart), calls to external
    functions defined in no unit given are assumed revocable and the block
    index is added to `provisional`: the link step re-plans over every unit."""
    defs = cg.defs
    memo = {}

    def in_function(fsym, stack):
        if fsym in memo:
            return memo[fsym]
        if fsym in stack:
            return []
        memo[fsym] = []          # provisional, for recursion
        out = []
        unit = cg.units[fsym]
        for call in calls_in(defs[fsym].body):
            out.extend(_classify(call, stack + [fsym], unit))
        memo[fsym] = out
        return out

    def _classify(call, chain, unit):
        f = call.func
        while type(f) is A.Paren:
            f = f.expr
        direct = type(f) is A.Id and f.sym is not None and f.sym.kind == "func"
        if not direct and id(call) in pa.unresolved:
            if partial:                # the functions stored in it may be in other units
                if provisional is not None:
                    provisional.add(unit)
                return []
            return [Irrevocable("(function pointer)", call, chain, unit, unit.text_of(f),
                                partial_targets=bool(call_targets(pa, call)))]
        out = []
        for t in call_targets(pa, call):
            local = _static_local(defs[t]) if t in defs else None
            if t in defs and _kr(defs[t]):
                out.append(Irrevocable(t.name, call, chain, unit, kr=True))
            elif local is not None:
                out.append(Irrevocable(t.name, call, chain, unit, kr="static",
                                       static_local=(getattr(local, "name", "?"), cg.units[t].loc(local))))
            elif t in defs and not direct and _variadic(defs[t]):
                # a pointer call reaches the clone through an entry with the original's signature
                out.append(Irrevocable(t.name, call, chain, unit, unit.text_of(f)))
                out.extend(in_function(t, chain))
            elif t in defs:
                out.extend(in_function(t, chain))
            elif library_name(t) is not None and safe_library_call(t.name):
                continue
            elif unseen_body(t, partial):
                if provisional is not None:
                    provisional.add(unit)
                continue
            else:
                out.append(Irrevocable(t.name, call, chain, unit, None if direct else unit.text_of(f)))
        return out

    result = {}
    for b in blocks.blocks:
        found = []
        for call in calls_in(b.node.body):
            found.extend(_classify(call, [], b.unit))
        result[b.index] = found
    return result


def _static_local(fd):
    """A static local would be a second object in the function's transactional
    clone: the NameDecl of the first writable one, or None."""
    for n in A.walk(fd.body):
        if type(n) is A.Decl and any(type(k) is A.Keyword and k.kind == "storage" and k.text == "static"
                                     for k in n.specs.items):
            for d in n.declarators:
                nd = d.decl
                while nd is not None and type(nd) is not A.NameDecl:
                    nd = getattr(nd, "inner", None)
                t = nd.sym.type if nd is not None and getattr(nd.sym, "type", None) is not None else None
                while t is not None and t.kind == "array":
                    t = t.target
                if t is None or not t.const:      # a read-only table may have two copies
                    return nd if nd is not None else d.decl
    return None


def _variadic(fd):
    f = func_declarator(fd.decl)
    return f is not None and bool(f.variadic)


def _kr(fd):
    f = func_declarator(fd.decl)
    return bool(fd.kr_decls) or (f is not None and bool(f.kr_names))


def retry_irrevocable_errors(info, irrevocable):
    """A block that can retry and has an irrevocable call is an error."""
    diags = []
    for b in info.blocks:
        irr = [i for i in irrevocable.get(b.index) or [] if not i.stm_only]
        if irr and b.can_retry:
            first = irr[0]
            notes = [Diagnostic("note", "the irrevocable call %s is here" % first.describe(), first.loc())]
            if b.retries:
                notes.append(Diagnostic("note", "'retry' is here", b.unit.loc(b.retries[0])))
            diags.append(Diagnostic(
                "error", "this atomic block can retry but calls %s, which cannot be undone; move the call out of "
                "the block" % first.describe(), b.unit.loc(b.node), notes))
    return diags
