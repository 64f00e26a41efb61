"""Every sample: atomicc cc -> run -> stdout equals its `// EXPECT:` lines,
normally and under ThreadSanitizer (which must report nothing)."""

import os
import subprocess

import pytest

from conftest import SAMPLES, TESTS, all_samples, atomicc, expected_output, sample_args

# The samples, plus the test programs of tests/c/ (retry undo, nested retry, macros).
PROGRAMS = [os.path.join(SAMPLES, n) for n in all_samples()] + sorted(
    os.path.join(TESTS, "c", n) for n in os.listdir(os.path.join(TESTS, "c")) if n.endswith(".c"))
IDS = [os.path.relpath(p, os.path.dirname(SAMPLES)) for p in PROGRAMS]


def build(tmp_path, src, *flags):
    name = os.path.basename(src)
    exe = str(tmp_path / (name[:-2] + ("-tsan" if "-fsanitize=thread" in flags else "")))
    r = atomicc("cc", src, "-std=gnu11", "-Wall", "-Wextra", *flags, "-o", exe)
    assert r.returncode == 0, r.stderr
    assert "warning" not in r.stderr, r.stderr
    return src, exe


@pytest.mark.parametrize("path", PROGRAMS, ids=IDS)
def test_sample_runs(tmp_path, path):
    src, exe = build(tmp_path, path, "-O2")
    p = subprocess.run([exe, *sample_args(src)], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stdout + p.stderr
    assert p.stdout.splitlines() == expected_output(src)


@pytest.mark.parametrize("path", PROGRAMS, ids=IDS)
def test_sample_tsan_silent(tmp_path, path, tsan):
    src, exe = build(tmp_path, path, "-O1", "-g", "-fsanitize=thread")
    p = subprocess.run([exe, *sample_args(src)], capture_output=True, text=True, timeout=300)
    assert "ThreadSanitizer" not in p.stderr, p.stderr[:4000]
    assert p.returncode == 0, p.stdout + p.stderr[:4000]
    assert p.stdout.splitlines() == expected_output(src)
