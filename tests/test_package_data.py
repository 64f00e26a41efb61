"""What a normal (non-editable) install must carry: the runtime, the
simulator and the benchmark programs are package data, and a wheel built
from this tree lists them."""

import os
import shutil
import subprocess
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_wheel_has_the_runtime_and_the_simulator(tmp_path):
    # from a copy of the tree: a build/ directory left by an earlier build
    # would hide a missing package-data entry
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".git", ".venv*", "build", "*.egg-info", "__pycache__",
                                                              ".pytest_cache", "*.o", "*.so"))
    out = tmp_path / "wheel"
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(src)],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    wheel = [f for f in os.listdir(out) if f.endswith(".whl")]
    assert len(wheel) == 1
    names = set(zipfile.ZipFile(os.path.join(out, wheel[0])).namelist())
    for rel in os.listdir(os.path.join(ROOT, "runtime_c")):
        if rel.endswith((".c", ".h")):
            assert "atomicc/runtime_c/" + rel in names
    for rel in os.listdir(os.path.join(ROOT, "runtime_c", "sim")):
        if rel.endswith((".c", ".h")):
            assert "atomicc/runtime_c/sim/" + rel in names, rel
    assert "atomicc/grammar/c_atomic.lark" in names or any(n.startswith("atomicc/grammar/") and
                                                            n.endswith(".lark") for n in names)
    assert "atomicc/bench/programs/bank.c" in names
