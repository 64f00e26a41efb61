"""Parser unit tests: typedef feedback, the contextual keywords, GNU
extensions, and the shape of the trees built for them."""

import pytest

from atomicc.diagnostics import CompileError
from atomicc.emit.c_printer import CPrinter
from atomicc.frontend import ast as A
from atomicc.frontend.parser import parse_text


def parse(src):
    return parse_text(src, "t.c")[0]


def nodes(tu, cls):
    return [n for n in A.walk(tu) if type(n) is cls]


def roundtrip(src):
    tu = parse(src)
    text = CPrinter().program(tu)
    tu2 = parse(text)
    assert A.dump(tu, spans=False) == A.dump(tu2, spans=False), text
    return tu


def test_typedef_name_is_a_type_then_redeclared_as_variable():
    tu = parse("typedef int T; T x; void f(void) { T * p; int T; T = 3; T * p2; }")
    f = tu.items[-1]
    body = f.body.items
    assert type(body[0]) is A.Decl                      # T * p;  declaration
    assert type(body[1]) is A.Decl                      # int T;  redeclares T
    assert type(body[2]) is A.ExprStmt                  # T = 3;
    assert type(body[3]) is A.ExprStmt                  # T * p2; now a multiplication
    assert type(body[3].expr) is A.Binary and body[3].expr.op == "*"


def test_typedef_scope_ends_with_block():
    tu = parse("int a, b; void f(void) { { typedef int a; a x; } a * b; }")
    stmt = tu.items[-1].body.items[-1]
    assert type(stmt) is A.ExprStmt and stmt.expr.op == "*"


def test_parameter_shadows_typedef_in_body():
    tu = parse("typedef int T; int f(int T) { return T * 2; }")
    ret = nodes(tu, A.Return)[0]
    assert type(ret.expr) is A.Binary


def test_typedef_name_as_member_and_label():
    tu = parse("typedef int T; struct s { int T; }; int g(struct s *p) { return p->T; }")
    assert nodes(tu, A.Member)[0].name == "T"


def test_cast_vs_parenthesized_expression():
    tu = parse("typedef int T; int a; int f(void) { return (T)+a + (a)+a; }")
    ret = nodes(tu, A.Return)[0].expr
    assert type(ret.left.left) is A.Cast
    assert type(ret.left.right) is A.Paren


def test_precedence_climbing():
    tu = parse("int a,b,c,d; int f(void){ return a || b && c | d ^ a & b == c < d << a + b * c; }")
    e = nodes(tu, A.Return)[0].expr
    assert e.op == "||" and e.right.op == "&&" and e.right.right.op == "|"
    assert CPrinter().expr(e) == "a || b && c | d ^ a & b == c < d << a + b * c"
    tu = parse("int a,b,c; int f(void){ return a - b - c; }")
    e = nodes(tu, A.Return)[0].expr
    assert e.op == "-" and e.left.op == "-"          # left-associative


def test_atomic_and_retry_are_contextual_keywords():
    tu = parse("""
        int atomic, retry;
        int atomic_fn(int atomic) { return atomic; }
        void f(void) {
            atomic { atomic = 1; if (!atomic) retry; }
            atomic = 2; atomic++; atomic_fn(atomic);
            retry = 3;
        }""")
    blocks = nodes(tu, A.Atomic)
    assert len(blocks) == 1
    assert len(nodes(tu, A.Retry)) == 1
    assert {i.name for i in nodes(tu, A.Id)} >= {"atomic", "retry"}


def test_atomic_function_call_statement_is_not_a_block():
    tu = parse("int atomic(int); void f(void) { atomic(3); { } }")
    assert not nodes(tu, A.Atomic)


def test_stdatomic_names_untouched():
    tu = parse("typedef _Atomic int atomic_int; atomic_int n; _Atomic(long) m; void f(void) { atomic_int k = 0; (void)k; }")
    assert len(nodes(tu, A.AtomicTypeSpec)) == 1
    assert nodes(tu, A.TypedefName)[0].name == "atomic_int"


def test_nested_atomic_blocks():
    tu = parse("int x; void f(void) { atomic { atomic { x++; } } }")
    assert len(nodes(tu, A.Atomic)) == 2


GNU = r"""
typedef __builtin_va_list va_list;
extern int printf(const char *__restrict __format, ...) __attribute__((__format__(__printf__, 1, 2)));
extern int foo(int) __asm__("" "foo_v2") __attribute__((__nothrow__, __leaf__));
__extension__ typedef long long int64;
__extension__ union { int a; float b; } u;
static __inline __attribute__((always_inline)) int sq(int x) { return x * x; }
struct __attribute__((packed)) P { char c; int i __attribute__((aligned(4))); } __attribute__((aligned(8)));
enum E { A = 1, B __attribute__((deprecated)) = 2, C, };
typedef struct { int a[4]; int n; } S;
_Static_assert(sizeof(int) == 4, "int is 32-bit");
_Float128 q; _Float64x qq; __int128 big; unsigned __int128 ubig;
__thread int tls; _Thread_local int tls2;
int arr[] = { [0] = 1, [2 ... 4] = 7, [5] 8 };
S s = { .a = { 1, 2 }, .n = 2 };
S s2 = { a: { 3 }, n: 1 };
int vla(int n, int m[static 4], int k[const restrict]);
void (*signal_fn(int sig, void (*handler)(int)))(int);
int g(int n, ...) {
    va_list ap;
    __builtin_va_start(ap, n);
    int v = __builtin_va_arg(ap, int);
    __builtin_va_end(ap);
    __typeof__(v) w = ({ int t = v; t * 2; });
    typeof(int *) pw = &w;
    __auto_type z = w + 1;
    int off = __builtin_offsetof(S, a[2]);
    int same = __builtin_types_compatible_p(int, long);
    int gen = _Generic(v, int: 1, long: 2, default: 0);
    long long c = __extension__ 0LL;
    void *lbl = &&done;
    __asm__ __volatile__("" ::: "memory");
    switch (v) { case 1 ... 3: v++; __attribute__((fallthrough)); default: break; }
    int *cl = (int[]){ 1, 2, 3 };
    __real__ c; __imag__ c;
    _Alignas(16) char buf[16];
    int x = sizeof(int) + _Alignof(long) + __alignof__(double);
    goto *lbl;
done:
    return v + w + *pw + z + off + same + gen + (int)c + cl[0] + x + buf[0] + (v ?: 1);
}
#pragma GCC diagnostic push
void h(void) {
#pragma omp parallel
    { }
}
"""


def test_gnu_extensions_parse_and_roundtrip():
    tu = roundtrip(GNU)
    assert nodes(tu, A.StmtExpr) and nodes(tu, A.Generic) and nodes(tu, A.Offsetof)
    assert nodes(tu, A.VaArg) and nodes(tu, A.TypesCompat) and nodes(tu, A.LabelAddr)
    assert nodes(tu, A.GotoComputed) and nodes(tu, A.AsmStmt) and nodes(tu, A.AttrStmt)
    assert nodes(tu, A.Pragma) and nodes(tu, A.StaticAssert)
    assert any(c.hi is not None for c in nodes(tu, A.Case))
    assert any(d.hi is not None for d in nodes(tu, A.IndexDesignator))
    decl = [d for d in nodes(tu, A.InitDeclarator) if d.suffix]
    assert any('__asm__("" "foo_v2")' in s for d in decl for s in d.suffix)


def test_declarators_roundtrip():
    roundtrip("int *const *volatile p; int (*fp[3])(int, char *); char *(*(*x)(void))[5];"
              "int (*const cfp)(void); void f(int (*)(int), int [], int [*]);"
              "int m[2][3]; struct s { unsigned a : 3, : 0, b : 5; } bs;")


def test_kr_function_definition():
    tu = parse("int add(a, b) int a; int b; { return a + b; }")
    f = tu.items[0]
    assert type(f) is A.FuncDef and len(f.kr_decls) == 2


def test_spans_point_at_tokens():
    src = "int f(void) {\n  return 1 +  2;\n}\n"
    tu, sm = parse_text(src, "t.c")
    b = nodes(tu, A.Binary)[0]
    assert src[b.start:b.end] == "1 +  2"
    assert sm.location(b.start)[:3] == ("t.c", 2, 10)


@pytest.mark.parametrize("src,msg,line,col", [
    ("int x = ;", "expected expression", 1, 9),
    ("int f(void) { return 1 }", "expected ';'", 1, 23),
    ("int f(void) { atomc { } }", "did you mean 'atomic'", 1, 15),
    ("int f(void) { return 1; } }", "stray '}'", 1, 27),
    ("int f(void) {", "expected '}' at end of input", 1, 13),
])
def test_syntax_errors_are_located(src, msg, line, col):
    with pytest.raises(CompileError) as ei:
        parse_text(src, "t.c")
    d = ei.value.diagnostics[0]
    assert msg in d.message
    assert (d.loc.line, d.loc.column) == (line, col)


def test_implicit_int_function_definitions_and_trailing_labels():
    """Old-style code found in real programs (the Goblint regression suite):
    `main() { ... }`, `static f(x) int x; {...}`, a label before `}` or a
    declaration."""
    roundtrip("main () { int a; a = 0; return a; }\nstatic f(x) int x; { return x; }\n"
              "int g(void) { int n = 0; again: n++; if (n < 3) goto again; done: }\n"
              "void h(void) { l: int x = 1; (void)x; }\n")


def test_pragma_inside_statement_expression_stays_on_its_own_line():
    tu = roundtrip("int k(void) { return ({\n#pragma GCC diagnostic push\n 1; }); }\n")
    text = CPrinter().program(tu)
    assert "\n#pragma GCC diagnostic push\n" in text
