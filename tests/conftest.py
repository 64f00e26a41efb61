"""Shared helpers for the test suite: run the atomicc CLI, compile, run programs."""

import os
import re
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLES = os.path.join(ROOT, "samples")
TESTS = os.path.dirname(os.path.abspath(__file__))


def atomicc(*args, cwd=None, input=None, timeout=120):
    """Run `python -m atomicc ARGS`; returns CompletedProcess (text)."""
    return subprocess.run([sys.executable, "-m", "atomicc", *args], cwd=cwd or ROOT,
                          capture_output=True, text=True, input=input, timeout=timeout)


def expected_output(path):
    """The `// EXPECT:` lines of a sample, in order."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^// EXPECT:(?: (.*))?$", line.rstrip("\n"))
            if m:
                out.append(m.group(1) or "")
    return out


def legal_strategies(path):
    """The `// LEGAL:` line: the strategies that must be accepted when forced
    for the whole program (the rest must be refused with a located reason)."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^// LEGAL: (.*)$", line.rstrip("\n"))
            if m:
                return set(m.group(1).split())
    return {"global"}


def sample_args(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^// ARGS: (.*)$", line.rstrip("\n"))
            if m:
                return m.group(1).split()
    return []


def has_atomic(path):
    with open(path, encoding="utf-8") as f:
        return re.search(r"\batomic\s*\{", f.read()) is not None


def all_samples():
    return sorted(f for f in os.listdir(SAMPLES) if f.endswith(".c"))


def tsan_works():
    """ThreadSanitizer needs a runtime and a compatible kernel (ASLR layout)."""
    src = "int main(void){return 0;}"
    try:
        p = subprocess.run(["gcc", "-fsanitize=thread", "-x", "c", "-", "-o", "/tmp/atomicc_tsan_probe"],
                           input=src, capture_output=True, text=True, timeout=60)
        if p.returncode != 0:
            return False
        r = subprocess.run(["/tmp/atomicc_tsan_probe"], capture_output=True, timeout=60)
        return r.returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


@pytest.fixture(scope="session")
def tsan():
    if not tsan_works():
        pytest.skip("ThreadSanitizer is not usable on this machine")
    return True
