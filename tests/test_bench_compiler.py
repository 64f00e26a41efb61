"""bench/compiler.py --quick: the one table is printed, with every measure,
positive numbers and a PASS or MISS for every goal it checks (no timing is
asserted: the figures depend on the machine and its load)."""

import os
import re
import subprocess
import sys

from conftest import ROOT

MEASURES = ["frontend tokens/s (raw gcc -E)", "frontend tokens/s (stripped)", "frontend peak heap B/line",
            "lint lines/s, -j1, no cache", "lint lines/s, -j2, no cache", "lint lines/s, -j2, warm cache",
            "lower lines/s", "peak RSS B/line (lint)", "peak RSS B/line (lower)", "start-up s"]


def _number(cell):
    return float(cell.replace(",", "").rstrip("x"))


def test_quick_run_prints_the_table():
    r = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "compiler.py"), "--quick"], cwd=ROOT,
                       capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    lines = r.stdout.splitlines()
    head = next(i for i, ln in enumerate(lines) if ln.startswith("input") and "measure" in ln)
    columns = re.split(r"\s{2,}", lines[head].strip())
    assert columns == ["input", "measure", "lines", "tokens", "atomicc", "pycparser 3", "gcc -fsyntax-only",
                       "vs pycparser", "vs gcc", "goal", "result"]
    assert set(lines[head + 1]) <= {"-", " "}
    rows = []
    for ln in lines[head + 2:]:
        if not ln.strip():
            break
        cells = re.split(r"\s{2,}", ln.strip())
        assert len(cells) == len(columns), ln
        rows.append(dict(zip(columns, cells)))
    for m in MEASURES:
        assert any(row["measure"].startswith(m) for row in rows), "no row for %r" % m
    for row in rows:
        assert row["atomicc"] != "-", row
        for col in ("lines", "tokens", "atomicc", "pycparser 3", "gcc -fsyntax-only", "vs pycparser", "vs gcc"):
            if row[col] != "-":
                assert _number(row[col]) > 0, (col, row)
        assert row["result"] in (("PASS", "MISS") if row["goal"] != "-" else ("-",)), row
    stripped = [row for row in rows if row["measure"] == "frontend tokens/s (stripped)"]
    assert stripped and all(row["gcc -fsyntax-only"] != "-" and row["vs gcc"] != "-" for row in stripped)
    checked = sum(1 for row in rows if row["goal"] != "-")
    assert re.search(r"^goals: %d checked, \d+ PASS, \d+ MISS" % checked, r.stdout, re.M)
