"""Every program under every strategy that is legal for it: correct output,
and silent under ThreadSanitizer.  A strategy that is not legal for some
block must be refused with a located error that says why."""

import os
import subprocess

import pytest

from conftest import SAMPLES, TESTS, all_samples, atomicc, expected_output, has_atomic, sample_args

PROGRAMS = [os.path.join(SAMPLES, n) for n in all_samples() if has_atomic(os.path.join(SAMPLES, n))] + sorted(
    os.path.join(TESTS, "c", n) for n in os.listdir(os.path.join(TESTS, "c")) if n.endswith(".c"))
from atomicc.driver import STRATEGIES as _AVAILABLE

STRATEGIES = [s for s in ["global", "pervar", "stm", "atomic-op"] if s in _AVAILABLE]
CASES = [(p, s) for p in PROGRAMS for s in STRATEGIES]
IDS = ["%s-%s" % (os.path.basename(p)[:-2], s) for p, s in CASES]


def build(tmp_path, src, strategy, *flags):
    exe = str(tmp_path / "prog")
    r = atomicc("cc", src, "--strategy=" + strategy, "-std=gnu11", "-Wall", "-Wextra", *flags, "-o", exe)
    return r, exe


def run_case(tmp_path, src, strategy, flags, timeout):
    r, exe = build(tmp_path, src, strategy, *flags)
    if r.returncode != 0:
        # only a refusal that explains itself is acceptable
        assert "cannot be used for this atomic block" in r.stderr, r.stderr
        assert "Traceback" not in r.stderr
        pytest.skip("strategy %s is not legal here: %s" % (strategy, r.stderr.splitlines()[0]))
    assert "warning" not in r.stderr, r.stderr
    p = subprocess.run([exe, *sample_args(src)], capture_output=True, text=True, timeout=timeout)
    return p


@pytest.mark.parametrize("src,strategy", CASES, ids=IDS)
def test_strategy_runs(tmp_path, src, strategy):
    p = run_case(tmp_path, src, strategy, ["-O2"], 120)
    assert p.returncode == 0, p.stdout + p.stderr
    assert p.stdout.splitlines() == expected_output(src)


@pytest.mark.parametrize("src,strategy", CASES, ids=IDS)
def test_strategy_tsan_silent(tmp_path, src, strategy, tsan):
    p = run_case(tmp_path, src, strategy, ["-O1", "-g", "-fsanitize=thread"], 300)
    assert "ThreadSanitizer" not in p.stderr, p.stderr[:4000]
    assert p.returncode == 0
    assert p.stdout.splitlines() == expected_output(src)


def test_global_and_pervar_are_legal_everywhere(tmp_path):
    for src in PROGRAMS:
        for s in ("global", "pervar"):
            r, _ = build(tmp_path, src, s)
            assert r.returncode == 0, (src, s, r.stderr)


def test_forced_atomic_op_refused_with_reason(tmp_path):
    p = tmp_path / "f.c"
    p.write_text("int a, b;\nvoid f(void) {\n    atomic { a++; b++; }\n}\nint main(void) { f(); return a - b; }\n")
    r = atomicc(str(p), "--strategy=atomic-op")
    assert r.returncode == 1
    assert "%s:3:5: error: strategy 'atomic-op' cannot be used for this atomic block" % p in r.stderr
    assert "one commutative update" in r.stderr


def test_forced_pervar_refused_for_unknown_function_pointer(tmp_path):
    p = tmp_path / "fp.c"
    p.write_text("extern void (*hook)(int *);\nint n;\nvoid f(void) {\n    atomic { hook(&n); }\n}\n")
    r = atomicc(str(p), "--strategy=pervar")
    assert r.returncode == 1
    assert "function pointer has no known target" in r.stderr
    r = atomicc("explain", str(p))
    assert "strategy: global" in r.stdout and "function pointer" in r.stdout


def test_irrevocable_call_in_a_retrying_block_is_an_error(tmp_path):
    p = tmp_path / "ir.c"
    p.write_text("#include <stdio.h>\nint n;\nstatic void log_it(void) { puts(\"waiting\"); }\n"
                 "void f(void) {\n    atomic {\n        log_it();\n        if (n == 0)\n            retry;\n"
                 "        n--;\n    }\n}\n")
    r = atomicc(str(p))
    assert r.returncode == 1
    assert "%s:5:5: error: this atomic block can retry but calls 'puts' (called through log_it)" % p in r.stderr
    assert "%s:3:28: note: the irrevocable call" % p in r.stderr
    assert "%s:8:13: note: 'retry' is here" % p in r.stderr


@pytest.mark.skipif("stm" not in _AVAILABLE, reason="the STM runtime is not built yet")
def test_forced_stm_refused_for_irrevocable_call(tmp_path):
    p = tmp_path / "io.c"
    p.write_text("#include <stdio.h>\nint n;\nvoid f(void) {\n    atomic { n++; printf(\"%d\\n\", n); }\n}\n")
    r = atomicc(str(p), "--strategy=stm")
    assert r.returncode == 1
    assert "%s:4:5: error: strategy 'stm' cannot be used for this atomic block: it calls 'printf'" % p in r.stderr
    r = atomicc("explain", str(p))
    assert "strategy: stm" not in r.stdout


@pytest.mark.skipif("stm" not in _AVAILABLE, reason="the STM runtime is not built yet")
def test_forced_stm_refused_for_call_through_pointer_names_the_pointer(tmp_path):
    p = tmp_path / "fp.c"
    p.write_text("int n;\nstatic void inc(int *x) { ++*x; }\n"
                 "void f(void (*op)(int *)) {\n    atomic { op(&n); }\n}\nvoid g(void) { f(inc); }\n")
    r = atomicc(str(p), "--strategy=stm")
    assert r.returncode == 1
    assert ("%s:4:5: error: strategy 'stm' cannot be used for this atomic block: it calls through the "
            "function pointer 'op', and a transaction cannot call through a pointer" % p) in r.stderr
    r = atomicc(str(p), "--strategy=pervar")      # the lock strategies resolve the pointer
    assert r.returncode == 0, r.stderr


def test_pragma_forces_a_block_and_its_component(tmp_path):
    p = tmp_path / "pr.c"
    p.write_text("int a, b;\nvoid f(void) {\n#pragma atomicc strategy(global)\n    atomic { a++; }\n"
                 "    atomic { b++; }\n}\nvoid g(void) { atomic { a += 2; } }\n")
    r = atomicc("explain", str(p), "--format=json")
    import json
    blocks = json.loads(r.stdout)["blocks"]
    assert [b["strategy"] for b in blocks] == ["global", "atomic-op", "global"]
    assert "forced to 'global'" in blocks[0]["why"] and "follows it" in blocks[0]["why"]
    out = atomicc(str(p)).stdout
    assert "/* pragma atomicc strategy(global) */" in out and "#pragma atomicc" not in out


def test_bad_pragma_is_located(tmp_path):
    p = tmp_path / "bp.c"
    p.write_text("int a;\nvoid f(void) {\n#pragma atomicc strategy(fastest)\n    atomic { a++; }\n}\n")
    r = atomicc(str(p))
    assert r.returncode == 1 and "%s:3:1: error: unknown strategy 'fastest'" % p in r.stderr
