"""ThreadSanitizer tests cannot skip silently: where TSan is required
(ATOMICC_REQUIRE_TSAN=1, as .ci/run sets after tests/tsan_probe.py passed)
a TSan that does not work fails them with the probe's output; elsewhere
they are skipped with the reason and the session prints one summary line."""

import os
import stat
import subprocess
import sys

import pytest

import tsan_probe
from conftest import ROOT, TESTS, tsan_required


def test_probe_agrees_with_the_requirement():
    """Where TSan is required the probe must pass: TSan reports the deliberate
    race and nothing on the race-free program."""
    ok, why = tsan_probe.probe()
    assert ok or not tsan_required(), why
    assert ok == why.startswith("ThreadSanitizer reports a deliberate race"), why


def test_probe_fails_where_tsan_links_but_does_not_detect(tmp_path):
    """A compiler that accepts -fsanitize=thread but builds without it (the
    programs link and run, nothing is instrumented) does not pass."""
    cc = tmp_path / "cc-ignoring-tsan"
    cc.write_text('#!/bin/sh\nfor a in "$@"; do shift; [ "$a" = "-fsanitize=thread" ] || set -- "$@" "$a"; done\n'
                  'exec gcc "$@"\n')
    cc.chmod(cc.stat().st_mode | stat.S_IXUSR)
    ok, why = tsan_probe.probe(cc=str(cc))
    assert not ok and "a program with a data race ran without a ThreadSanitizer report" in why, why


def test_probe_fails_on_a_compiler_without_tsan(tmp_path):
    cc = _fake_cc(tmp_path)
    ok, why = tsan_probe.probe(cc=cc)
    assert not ok and "no tsan runtime here" in why
    p = subprocess.run([sys.executable, os.path.join(TESTS, "tsan_probe.py"), "--prefix"], capture_output=True,
                       text=True, timeout=300, env=dict(os.environ, CC=cc))
    assert p.returncode == 1 and p.stdout == "" and "no tsan runtime here" in p.stderr


def _fake_cc(tmp_path):
    """A gcc that refuses -fsanitize=thread, as on a machine without libtsan."""
    cc = tmp_path / "cc-without-tsan"
    cc.write_text('#!/bin/sh\nfor a in "$@"; do [ "$a" = "-fsanitize=thread" ] && '
                  '{ echo "cc: no tsan runtime here" >&2; exit 1; }; done\nexec gcc "$@"\n')
    cc.chmod(cc.stat().st_mode | stat.S_IXUSR)
    return str(cc)


@pytest.mark.parametrize("required", [True, False], ids=["required", "optional"])
def test_unusable_tsan_fails_where_required_and_skips_loudly_elsewhere(tmp_path, required):
    env = dict(os.environ, CC=_fake_cc(tmp_path))
    env.pop("ATOMICC_REQUIRE_TSAN", None)
    if required:
        env["ATOMICC_REQUIRE_TSAN"] = "1"
    p = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                        "--basetemp", str(tmp_path / "inner"),       # leave the other sessions' temp dirs alone
                        os.path.join(TESTS, "test_samples.py"), "-k", "tsan and counters.c"],
                       capture_output=True, text=True, timeout=300, env=env, cwd=ROOT)
    out = p.stdout + p.stderr
    if required:
        assert p.returncode == 1, out
        assert "1 error" in out and "ATOMICC_REQUIRE_TSAN=1 but ThreadSanitizer does not work here" in out, out
        assert "no tsan runtime here" in out, out
    else:
        assert p.returncode == 0, out
        assert "1 skipped" in out, out
        assert "ThreadSanitizer: 1 test(s) SKIPPED" in out and "no tsan runtime here" in out, out
        assert "set ATOMICC_REQUIRE_TSAN=1 to make that a failure" in out, out
