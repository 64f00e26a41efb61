"""The C runtime's own tests (runtime_c/tests/run.sh): plain, -O0 and TSan builds."""

import os
import subprocess

from conftest import ROOT


def test_runtime_c_suite():
    p = subprocess.run(["bash", os.path.join(ROOT, "runtime_c", "tests", "run.sh")], capture_output=True,
                       text=True, timeout=900, cwd=ROOT)
    assert p.returncode == 0, p.stdout[-4000:] + p.stderr[-4000:]
    assert "all" in p.stdout and "passed" in p.stdout
