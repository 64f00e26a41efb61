"""Shared helpers for the test suite: run the atomicc CLI, compile, run programs."""

import os
import re
import subprocess
import sys

import pytest

import tsan_probe

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


TSAN_REQUIRED_ENV = "ATOMICC_REQUIRE_TSAN"
_tsan_state = {}          # the session's probe result
TSAN_SKIP = "ThreadSanitizer is not usable on this machine"


def tsan_required():
    """CI sets ATOMICC_REQUIRE_TSAN=1 (.ci/run, after checking that TSan detects races)."""
    return os.environ.get(TSAN_REQUIRED_ENV, "") not in ("", "0")


def _tsan_probe():
    if "ok" not in _tsan_state:
        _tsan_state["ok"], _tsan_state["why"] = tsan_probe.probe()
        if not _tsan_state["ok"]:
            prefix, _ = tsan_probe.find_prefix()
            if prefix:
                _tsan_state["why"] += ("\n(it works with address randomisation off: run the tests under "
                                       "`%s python -m pytest ...`)" % " ".join(prefix))
    return _tsan_state["ok"], _tsan_state["why"]


@pytest.fixture(scope="session")
def tsan():
    """For the tests that build with -fsanitize=thread.  Where TSan is required
    (ATOMICC_REQUIRE_TSAN=1) and does not work, every such test FAILS with the
    probe's output; elsewhere they are skipped with the reason, and the session
    ends with one summary line saying how many were skipped and why."""
    ok, why = _tsan_probe()
    if ok:
        return True
    if tsan_required():
        pytest.fail("%s=1 but ThreadSanitizer does not work here:\n%s" % (TSAN_REQUIRED_ENV, why), pytrace=False)
    pytest.skip("%s (%s is not set, so this is a skip, not a "
                "failure): %s" % (TSAN_SKIP, TSAN_REQUIRED_ENV, " ".join(why.split())[:300]))


def pytest_terminal_summary(terminalreporter):
    skipped = [r for r in terminalreporter.stats.get("skipped", ())
               if isinstance(r.longrepr, tuple) and TSAN_SKIP in str(r.longrepr[-1])]
    if skipped:
        terminalreporter.write_line(
            "ThreadSanitizer: %d test(s) SKIPPED, TSan does not work on this machine (%s); "
            "set %s=1 to make that a failure" % (len(skipped), " ".join(_tsan_state["why"].split())[:300],
                                                 TSAN_REQUIRED_ENV), yellow=True, bold=True)
