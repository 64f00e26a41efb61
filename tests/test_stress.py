"""Heavy contention: more threads than cores and >= 100k operations per
thread, under every strategy that is legal for the program; the programs'
invariants (printed, and checked by the programs themselves) must hold."""

import os
import subprocess

import pytest

from atomicc.driver import STRATEGIES
from conftest import SAMPLES, atomicc

# program, arguments, lines the output must contain
CASES = [
    ("bank1024.c", ["100000", "8"], ["attempted: 800000", "total: 1024000 conserved", "ledger: consistent"]),
    ("listset.c", ["100000"], ["sorted: yes", "matches model: yes"]),
    ("bstree.c", ["100000"], ["in order: yes", "values: consistent"]),
    ("hashmap.c", ["100000"], ["model: match"]),
    ("workqueue.c", ["100000"], ["duplicates: 0", "missing: 0"]),
    ("bank_retry.c", ["100000"], ["negative balances seen: 0", "total: conserved", "all transfers done: yes"]),
]
STRATS = [s for s in ("global", "pervar", "stm") if s in STRATEGIES]


@pytest.mark.parametrize("prog,args,must", CASES, ids=[c[0][:-2] for c in CASES])
@pytest.mark.parametrize("strategy", STRATS)
def test_invariants_under_contention(tmp_path, prog, args, must, strategy):
    exe = str(tmp_path / "p")
    r = atomicc("cc", os.path.join(SAMPLES, prog), "--strategy=" + strategy, "-O2", "-o", exe)
    assert r.returncode == 0, r.stderr
    p = subprocess.run([exe, *args], capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stdout + p.stderr
    for line in must:
        assert line in p.stdout.splitlines(), p.stdout
