"""Fuzzing the command line with broken and extreme C, and scaling guards.

Seeds are the real programs in samples/ and tests/c/ (Atomic C with atomic {}
and retry, and plain pthread C).  Hypothesis mutates them at the token level
(delete, duplicate, swap, truncate, random bytes with NUL and invalid UTF-8,
stray `atomic {` / `retry;` / `}`), and generators build extreme inputs: every
nesting shape up to frontend.parser.MAX_DEPTH, 1 MB lines, huge identifiers and
literals.  Every run of `atomicc FILE.c -o OUT`, `atomicc lint` and
`atomicc --reprint` must:

  - exit 0, 1 or 2 (never 3: no internal error, no traceback);
  - on an error in the input, say `file:line:col: error:` with the source line
    and a caret;
  - leave no output file (and no temporary file) behind on error;
  - finish in bounded time (hypothesis' deadline; the scaling guards below).

The runs are in process (atomicc.cli.main) for speed, a few as real
processes.  `derandomize=True`: CI sees the same examples on every run.
ATOMICC_FUZZ_EXAMPLES=N raises the number of examples per test (default 1x);
tests/fuzz_long.py runs for minutes with fresh seeds (see tests/README.md).

The scaling guards time inputs of size n and 8n (best of 3) and require
t(8n)/t(n) < 20: linear is 8, quadratic 64.
"""

import contextlib
import glob
import io
import os
import re
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atomicc import cli
from atomicc.frontend.parser import MAX_DEPTH

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED_FILES = sorted(glob.glob(os.path.join(ROOT, "samples", "*.c")) + glob.glob(os.path.join(ROOT, "tests", "c", "*.c")))
SEEDS = {os.path.basename(p): open(p, encoding="utf-8").read() for p in SEED_FILES}
SCALE = max(1, int(os.environ.get("ATOMICC_FUZZ_EXAMPLES", "1")))

FUZZ = settings(max_examples=12 * SCALE, derandomize=True, database=None, deadline=timedelta(seconds=20),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

LOCATED = re.compile(r"^(?P<file>[^\n:]+):(?P<line>\d+):(?P<col>\d+): (?:fatal )?error: ", re.M)
COMMANDS = ("compile", "lint", "reprint")


def argv_for(command, src, out):
    if command == "compile":
        return ["--no-cache", src, "-o", out]
    if command == "lint":
        return ["lint", "--no-cache", src, "-o", out]
    return ["--reprint", "--no-cache", src, "-o", out]


def run_cli(argv):
    """(status, stdout, stderr, seconds) of atomicc.cli.main(argv) in this process."""
    out, err = io.StringIO(), io.StringIO()
    t = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            rc = cli.main(argv)
        except SystemExit as e:
            rc = e.code
    return rc, out.getvalue(), err.getvalue(), time.perf_counter() - t


def check_run(command, rc, err, out_path, workdir):
    """The contract every run keeps, whatever the input."""
    assert rc in (0, 1, 2), (command, rc, err[-2000:])
    assert "Traceback" not in err and "internal error" not in err, err[-2000:]
    if rc == 0:
        return
    if command == "lint" and rc == 1 and os.path.exists(out_path):
        return                       # findings: the report is the output
    assert not os.path.exists(out_path), (command, rc, err[-2000:])
    assert not [f for f in os.listdir(workdir) if f.startswith(".atomicc-") or f.endswith(".tmp")]
    m = LOCATED.search(err)
    if m is None:
        assert err.startswith("atomicc: error: ") or "atomicc: error: " in err, err[-2000:]
        return
    lines = err[m.start():].split("\n")
    assert len(lines) >= 3 and lines[2].strip().endswith("^"), err[m.start():m.start() + 2000]


def fuzz_once(command, text, tmp_path, name="fuzz.c", binary=False):
    d = tmp_path / ("run%d" % next(_counter))
    d.mkdir()
    src = d / name
    # lone surrogates (from INSERTS and random bytes) become invalid UTF-8
    src.write_bytes(text if binary else text.encode("utf-8", "surrogatepass"))
    out = str(d / "out.txt")
    rc, _, err, secs = run_cli(argv_for(command, str(src), out))
    check_run(command, rc, err, out, str(d))
    return rc, err, secs


def _count():
    i = 0
    while True:
        i += 1
        yield i


_counter = _count()

# ------------------------------------------------------------------ token mutations

TOKEN = re.compile(r"\s+|[A-Za-z_]\w*|\d[\w.]*|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|/\*.*?\*/|//[^\n]*|"
                   r"#[^\n]*|->|\+\+|--|<<=|>>=|<=|>=|==|!=|&&|\|\||[-+*/%&|^<>!=]=?|.", re.S)


def tokens(text):
    return TOKEN.findall(text)


INSERTS = ["atomic {", "retry;", "}", "{", "(", ")", ";", "atomic", "retry", "\0", "\xff", "\ud800", "@", "`",
           "'", '"', "/*", "#", "\\", "typedef", "int", "*", "[", "]", ",", "else", "case 1:", "goto L;",
           "__attribute__((", "asm(", "_Atomic(", "#define X (", "#if 1", "#endif", "\n#\n", "L\"", "0x", "1e+"]


@st.composite
def mutated(draw):
    name = draw(st.sampled_from(sorted(SEEDS)))
    toks = tokens(SEEDS[name])
    for _ in range(draw(st.integers(1, 4))):
        if not toks:
            break
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "truncate", "bytes", "insert"]))
        i = draw(st.integers(0, len(toks) - 1))
        if kind == "delete":
            n = draw(st.integers(1, 8))
            del toks[i:i + n]
        elif kind == "duplicate":
            n = draw(st.integers(1, 30))
            toks[i:i] = toks[i:i + n] * draw(st.integers(1, 5))
        elif kind == "swap":
            j = draw(st.integers(0, len(toks) - 1))
            toks[i], toks[j] = toks[j], toks[i]
        elif kind == "truncate":
            toks = toks[:i]
        elif kind == "bytes":
            toks.insert(i, draw(st.binary(min_size=1, max_size=6)).decode("utf-8", "surrogateescape"))
        else:
            toks.insert(i, draw(st.sampled_from(INSERTS)))
    return name, "".join(toks)


# the strategies of each fuzz test, also used by tests/fuzz_long.py
MUTATED = dict(case=mutated(), command=st.sampled_from(COMMANDS))
RANDOM_BYTES = dict(data=st.binary(min_size=0, max_size=400), command=st.sampled_from(COMMANDS))
JUNK_IN_PROGRAMS = dict(name=st.sampled_from(sorted(SEEDS)), at=st.floats(0, 1), junk=st.binary(min_size=1, max_size=16),
                        command=st.sampled_from(COMMANDS))


@FUZZ
@given(**MUTATED)
def test_mutated_programs(tmp_path_factory, case, command):
    name, text = case
    fuzz_once(command, text, tmp_path_factory.mktemp("m"), name)


@FUZZ
@given(**RANDOM_BYTES)
def test_random_bytes(tmp_path_factory, data, command):
    fuzz_once(command, data, tmp_path_factory.mktemp("b"), binary=True)


@FUZZ
@given(**JUNK_IN_PROGRAMS)
def test_invalid_utf8_and_nul_in_real_programs(tmp_path_factory, name, at, junk, command):
    data = SEEDS[name].encode()
    i = int(at * len(data))
    fuzz_once(command, data[:i] + junk + data[i:], tmp_path_factory.mktemp("u"), binary=True)


# ------------------------------------------------------------------ nesting shapes

def shape(kind, n):
    """A one-function program nesting construct `kind` n levels deep."""
    return {
        "paren": lambda: "int f(int x) { return %sx%s; }\n" % ("(" * n, ")" * n),
        "plus": lambda: "int f(int x) { return %s; }\n" % "+".join(["x"] * n),
        "andand": lambda: "int f(int x) { return %s; }\n" % " && ".join(["x"] * n),
        "mixed": lambda: "int f(int x) { return %sx%s; }\n" % ("(x * " * n, ")" * n),
        "brace": lambda: "int f(int x) { %s x++; %s return x; }\n" % ("{" * n, "}" * n),
        "ifelse": lambda: "int f(int x) {\n" + "\n else ".join("if (x == %d) return %d;" % (i, i) for i in range(n))
        + "\n return 0; }\n",
        "ifnest": lambda: "int f(int x) { " + "if (x) " * n + "x++; return x; }\n",
        "while": lambda: "int f(int x) { " + "while (x) " * n + "x--; return x; }\n",
        "cast": lambda: "int f(int x) { return %sx; }\n" % ("(int)" * n),
        "unary": lambda: "int f(int x) { return %sx; }\n" % ("- " * n),
        "preinc": lambda: "int f(int x) { return %sx; }\n" % ("++ " * n),
        "postinc": lambda: "int f(int x) { return x%s; }\n" % (" ++" * n),
        "assign": lambda: "int f(int x) { int y; %s x; return x; }\n" % ("y = " * n),
        "ternary": lambda: "int f(int x) { return %s 0; }\n" % ("x ? 1 : " * n),
        "index": lambda: "int f(int *p) { return p%s; }\n" % ("[0]" * n),
        "arrow": lambda: "struct s { struct s *n; int v; }; int f(struct s *p) { return p%s->v; }\n" % ("->n" * n),
        "call": lambda: "typedef void *(*fp)(void); void *f(fp g) { return g%s; }\n" % ("()" * n),
        "stmtexpr": lambda: "int f(int x) { return %sx%s; }\n" % ("({ " * n, "; })" * n),
        "sizeof": lambda: "int f(int x) { return %sx; }\n" % ("sizeof " * n),
        "deref": lambda: "int f(int x) { return %s&x; }\n" % ("*&" * n),
        "ptr": lambda: "int %sp;\n" % ("*" * n),
        "arraydecl": lambda: "int a%s;\n" % ("[1]" * n),
        "parendecl": lambda: "int %sp%s;\n" % ("(" * n, ")" * n),
        "init": lambda: "int a[1] = %s0%s;\n" % ("{" * n, "}" * n),
        "atomic": lambda: "int g; int f(int x) { %s g++; %s return x; }\n" % ("atomic {" * n, "}" * n),
        "atomic_lock": lambda: ("#include <pthread.h>\npthread_mutex_t m; int g;\nvoid f(int x) { %s "
                                "pthread_mutex_lock(&m); g++; pthread_mutex_unlock(&m); %s }\n"
                                % ("if (x) { " * n, "}" * n)),
    }[kind]()


SHAPES = ("paren plus andand mixed brace ifelse ifnest while cast unary preinc postinc assign ternary index arrow "
          "call stmtexpr sizeof deref ptr arraydecl parendecl init atomic atomic_lock").split()


@pytest.mark.parametrize("kind", SHAPES)
def test_deep_nesting_every_shape(tmp_path, kind):
    """2,000 levels (ten times what the default Python stack takes): every
    command succeeds, within seconds."""
    text = shape(kind, 2000)
    for command in COMMANDS:
        rc, err, secs = fuzz_once(command, text, tmp_path)
        assert rc == 0 or (command == "lint" and rc == 1), (kind, command, err[-1000:])
        assert secs < 30, (kind, command, secs)


def run_process(args, cwd, timeout=300):
    return subprocess.run([sys.executable, "-m", "atomicc", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout)


def test_100k_nested_parentheses_compile(tmp_path):
    """gcc 12 crashes on 100,000 nested parentheses; atomicc lowers them (a real process: its own stack)."""
    (tmp_path / "p.c").write_text(shape("paren", 100000))
    r = run_process(["--no-cache", "p.c", "-o", "out.c"], str(tmp_path))
    assert r.returncode == 0, r.stderr[-2000:]
    assert (tmp_path / "out.c").read_text().count("(") >= 100000


def test_nesting_beyond_the_limit_is_a_located_error(tmp_path):
    n = MAX_DEPTH + 10
    (tmp_path / "p.c").write_text(shape("paren", n))
    for args, status in ((["--no-cache", "p.c", "-o", "out.c"], 1), (["lint", "--no-cache", "p.c", "-o", "out.c"], 2)):
        r = run_process(args, str(tmp_path))
        assert r.returncode == status, r.stderr[-2000:]
        assert "p.c:1:" in r.stderr and "error: nesting too deep" in r.stderr
        assert "Traceback" not in r.stderr
        assert not (tmp_path / "out.c").exists()


def test_deep_blocks_in_process_leave_the_recursion_limit_alone(tmp_path):
    before = sys.getrecursionlimit()
    rc, err, _ = fuzz_once("compile", shape("brace", 20000), tmp_path)
    assert rc == 0, err
    assert sys.getrecursionlimit() == before


# ------------------------------------------------------------------ huge tokens and lines

def megabyte_line(error=""):
    """One line of 1 MB: a long initializer list, string and comment, then a function."""
    line = ("int a[] = {" + ", ".join(str(i) for i in range(40000)) + "}; const char *s = \"" + "s" * 400000
            + "\"; /* " + "c" * 400000 + " */ int g; int f(int x) { " + "x++; g += x; " * 1000 + error
            + "atomic { g++; } return x; }")
    assert len(line) > 1000000
    return line + "\n"


def test_one_megabyte_line(tmp_path):
    for command in COMMANDS:
        rc, err, secs = fuzz_once(command, megabyte_line(), tmp_path)
        assert rc in (0, 1), err[-1000:]
        assert secs < 120


def test_one_megabyte_line_with_an_error_at_its_end(tmp_path):
    rc, err, _ = fuzz_once("compile", megabyte_line(error="x = ;"), tmp_path)
    assert rc == 1
    m = LOCATED.search(err)
    assert m and int(m.group("col")) > 1000000


def test_huge_identifier_and_literals(tmp_path):
    name = "v" * 200000
    text = ("int %s = %s;\nconst char *s = \"%s\";\ndouble d = 1.%se5;\nint f(void) { return %s; }\n"
            % (name, "9" * 5000, "a" * 300000, "1" * 5000, name))
    for command in COMMANDS:
        rc, err, _ = fuzz_once(command, text, tmp_path)
        assert rc in (0, 1), err[-1000:]


def test_many_string_literals_concatenated(tmp_path):
    text = "const char *s = %s;\n" % " ".join('"ab"' for _ in range(50000))
    rc, err, _ = fuzz_once("compile", text, tmp_path)
    assert rc == 0, err[-1000:]


# ------------------------------------------------------------------ regressions (minimized fuzz finds)

@pytest.mark.parametrize("text", [
    # 2^n alias-analysis visits: rv and lv of the operand of every ++/--
    "int f(int x) { return %sx; }\n" % ("-- " * 60),
    "int f(int x) { return x%s; }\n" % (" ++" * 60),
    # 2^n lockset evaluations: nested statement expressions visited by a walk and by ev
    "int f(int x) { return %sx%s; }\n" % ("({ " * 60, "; })" * 60),
    # RecursionError in the binder (was exit 3)
    "int f(int x) { return %s; }\n" % "+".join(["x"] * 3000),
    "int f(int x) { return %sx%s; }\n" % ("(" * 3000, ")" * 3000),
])
def test_regressions(tmp_path, text):
    for command in COMMANDS:
        rc, err, secs = fuzz_once(command, text, tmp_path)
        assert secs < 30, (command, secs)


def test_fuzz_as_real_processes(tmp_path):
    """A few mutations through the installed entry point: status, no traceback, no output on error."""
    for i, (name, text) in enumerate(sorted(SEEDS.items())[:3]):
        toks = tokens(text)
        cut = "".join(toks[:len(toks) // 2]) + "atomic { retry; " + "".join(toks[len(toks) // 2:])
        (tmp_path / name).write_text(cut)
        for args in (["--no-cache", name, "-o", "out.c"], ["lint", "--no-cache", name], ["--reprint", name, "-o", "out.c"]):
            r = run_process(args, str(tmp_path), timeout=120)
            assert r.returncode in (0, 1, 2), (args, r.stderr[-2000:])
            assert "Traceback" not in r.stderr and "internal error" not in r.stderr
            if r.returncode:
                assert LOCATED.search(r.stderr) or "atomicc: error:" in r.stderr, r.stderr[-2000:]
                if args[-1] == "out.c":
                    assert not (tmp_path / "out.c").exists()
            if (tmp_path / "out.c").exists():
                os.unlink(str(tmp_path / "out.c"))


# ------------------------------------------------------------------ scaling guards

def best_of(fn, arg, runs=3):
    best = None
    for _ in range(runs):
        t = time.perf_counter()
        fn(arg)
        t = time.perf_counter() - t
        best = t if best is None else min(best, t)
    return best


def assert_subquadratic(fn, make, n, factor=8, limit=20):
    """t(make(factor*n)) / t(make(n)) below `limit` (linear: factor, quadratic: factor**2)."""
    small, big = make(n), make(factor * n)
    fn(small)                                  # imports, caches
    t1, t2 = best_of(fn, small), best_of(fn, big)
    assert t2 / max(t1, 1e-4) < limit, "t(%dn)/t(n) = %.3f/%.3f = %.1f" % (factor, t2, t1, t2 / max(t1, 1e-4))


def lex(text):
    from atomicc.frontend.lexer import Lexer
    from atomicc.frontend.parser import Parser
    p = Parser()
    lx = Lexer(text, "a.c", p.keywords, p.punct)
    while lx.next() is not None:
        pass


def parse(text):
    from atomicc.frontend.parser import Parser
    Parser().parse(text, "a.c")


def pipeline(command):
    def run(path):
        out = path + ".out"
        rc, _, err, _ = run_cli(argv_for(command, path, out))
        assert rc in (0, 1), err[-1000:]
    return run


def written(tmp_path, tag):
    def make(text):
        p = tmp_path / ("%s-%d.c" % (tag, len(text)))
        p.write_text(text)
        return str(p)
    return make


def test_scaling_lexer():
    unit = "int f%d(int a, char *s) { return a * 2 + s[0] /* c */ + 0x1f + 'c' + sizeof(\"str\\n\"); }\n"
    assert_subquadratic(lex, lambda n: "".join(unit % i for i in range(n)), 2000)


def test_scaling_lexer_one_long_line():
    assert_subquadratic(lex, lambda n: "int x = " + " + ".join("a%d" % i for i in range(n)) + ";", 20000)


def test_scaling_typedef_scopes_sequential():
    unit = "typedef int T%d; void f%d(void) { typedef T%d U; U u; { typedef U T%d; T%d v; } }\n"
    assert_subquadratic(parse, lambda n: "".join(unit % (i, i, i, i, i) for i in range(n)), 500)


def test_scaling_typedef_scopes_nested():
    def make(n):
        return "typedef int T;\nvoid f(void) {\n" + "{ T a; typedef T U; U b;\n" * n + "}\n" * n + "}\n"
    assert_subquadratic(parse, make, 500)


def test_scaling_many_functions_alias_and_locks(tmp_path):
    unit = ("pthread_mutex_t m%d; int g%d; int *p%d = &g%d;\n"
            "void *w%d(void *a) { pthread_mutex_lock(&m%d); (*p%d)++; pthread_mutex_unlock(&m%d); "
            "atomic { g%d += 2; } return a; }\n")

    def make(n):
        return written(tmp_path, "funcs")("#include <pthread.h>\n" + "".join(unit % ((i,) * 9) for i in range(n)))
    assert_subquadratic(pipeline("lint"), make, 40)


def test_scaling_else_if_chain(tmp_path):
    assert_subquadratic(pipeline("compile"), lambda n: written(tmp_path, "elif")(shape("ifelse", n)), 200)


def test_scaling_huge_switch(tmp_path):
    def make(n):
        return written(tmp_path, "switch")(
            "int g; int f(int x) { switch (x) {\n" + "".join("case %d: g += %d; break;\n" % (i, i) for i in range(n))
            + "default: atomic { g = 0; } } return g; }\n")
    assert_subquadratic(pipeline("compile"), make, 200)


def test_scaling_string_concatenation(tmp_path):
    assert_subquadratic(pipeline("compile"),
                        lambda n: written(tmp_path, "strs")("const char *s = %s;\n" % " ".join('"ab"' for _ in range(n))),
                        1000)


def test_scaling_nesting_depth(tmp_path):
    """Deep trees cost linear time too (parentheses and blocks)."""
    assert_subquadratic(pipeline("compile"), lambda n: written(tmp_path, "paren")(shape("paren", n)), 1000)
    assert_subquadratic(pipeline("compile"), lambda n: written(tmp_path, "brace")(shape("brace", n)), 1000)


def test_reprint_of_deep_blocks_is_linear_in_size(tmp_path):
    """Indentation stops growing (c_printer.MAX_INDENT): 100,000 nested blocks
    reprinted at four spaces a level were 20 GB."""
    n = 5000
    src = tmp_path / "b.c"
    src.write_text(shape("brace", n))
    rc, _, err, _ = run_cli(["--reprint", "--no-cache", str(src), "-o", str(tmp_path / "out.c")])
    assert rc == 0, err
    assert os.path.getsize(str(tmp_path / "out.c")) < 600 * n
