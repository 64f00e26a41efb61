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


def without_file_permission_override():
    """A preexec_fn for a child that must see file modes as a user does, run
    as root too: drops CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the
    child's capability bounding set before it executes, so a chmod 000 file
    cannot be read and a 0555 directory cannot be written (prctl
    PR_CAPBSET_DROP; nothing to do for other users)."""
    if os.geteuid() != 0:
        return None

    def drop():
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        for cap in (1, 2):                    # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
            if libc.prctl(24, cap, 0, 0, 0) != 0:   # PR_CAPBSET_DROP
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")
    return drop


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


FORCEABLE = ("global", "pervar", "stm", "atomic-op")

# Why a forced strategy may be refused: the legality rules of docs/strategies.md.
# `global` is always legal; any other reason for a refusal is a bug.
REFUSAL_REASONS = {
    "global": None,
    "pervar": re.compile(r"so its locations are unknown$"),
    "stm": re.compile(r"calls .*, (which|so)\b|accesses the bit-field '\w+', which has no address for the STM "
                      r"to track$|K&R"),
    "atomic-op": re.compile(r"^(it is not one commutative update \(x \+= e, x\+\+, x \|= m \.\.\.\), load or "
                            r"store of one shared scalar|its component is not a single integer location updated "
                            r"by one commutative operation, load or store in every block)$"),
}

ONE_UPDATE = "it is not one commutative update (x += e, x++, x |= m ...), load or store of one shared scalar"
ONE_LOCATION = ("its component is not a single integer location updated by one commutative operation, load or "
                "store in every block")
_REFUSED = re.compile(r"^// REFUSED: ([\w-]+) at (\d+:\d+): (.*)$")
_ERROR = re.compile(r"^(\S+?):(\d+:\d+): error: (.*)$")


def expected_refusals(path):
    """The `// REFUSED: STRATEGY at LINE:COL: REASON` lines of a program:
    {strategy: (LINE:COL, REASON)}, the first error a forced STRATEGY must draw
    ("strategy 'S' cannot be used for this atomic block: REASON" at that block)."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = _REFUSED.match(line.rstrip("\n"))
            if m:
                assert m.group(1) not in out, "%s: two REFUSED lines for %s" % (path, m.group(1))
                out[m.group(1)] = (m.group(2), m.group(3))
    return out


def check_refusal(stderr, returncode, strategy, where, reason, file):
    """A forced strategy was refused exactly as written down: exit 1, every
    error a refusal of that strategy, the first one at `where` (LINE:COL) in
    `file` (compared by base name) with `reason`, and that reason one the
    documented legality rules allow."""
    assert "Traceback" not in stderr, stderr[-4000:]
    assert returncode == 1, "strategy %s must be refused (exit 1), got exit %s:\n%s" % (
        strategy, returncode, stderr[-4000:])
    errors = [m.groups() for m in map(_ERROR.match, stderr.splitlines()) if m]
    assert errors, "no located error for the refused strategy %s:\n%s" % (strategy, stderr[-4000:])
    head = "strategy '%s' cannot be used for this atomic block: " % strategy
    for _, _, msg in errors:
        assert msg.startswith(head), "not a refusal of %s: %s" % (strategy, msg)
    path, loc, msg = errors[0]
    got = re.sub(r"\S*/([^/\s:]+\.c):", r"\1:", msg[len(head):])    # paths in the reason: base names
    assert (os.path.basename(path), loc, got) == (os.path.basename(file), where, reason), (
        "the first refusal differs from the recorded one\n got: %s at %s:%s: %s\nwant: %s at %s:%s: %s" % (
            strategy, os.path.basename(path), loc, got, strategy, os.path.basename(file), where, reason))
    rule = REFUSAL_REASONS[strategy]
    assert rule is not None and rule.search(reason), (
        "'%s' is refused for a reason the legality rules (docs/strategies.md) do not give: %s" % (strategy, reason))


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
