#!/usr/bin/env python3
"""Fit the constants of `auto`'s cost model (compiler/plan/costmodel.py) to
measured throughput, and show how well a table of constants picks.

Input: the CSV of an `atomicc bench` run (every forced strategy of every
program at every vCPU / thread count).  For each program the compiler plans
once and this script records what the cost model sees of each conflict
component (the legal strategies, each block's static facts, the pervar lock
plan); it then asks the model, for a table of constants, which strategy
each component gets at each count, and scores the pick by its *regret*:
the best forced strategy's measured throughput over the throughput of the
strategy picked (for a program whose components get different strategies,
the pick of the component with the most weight, which dominates the run).
DESIGN §7 wants every regret <= 1/0.9.

    python bench/fit_costmodel.py --csv atomicc-bench/bench.csv              # score today's SIM table
    python bench/fit_costmodel.py --csv atomicc-bench/bench.csv --fit        # fit it (coordinate search)
    python bench/fit_costmodel.py --csv ... --fit --md bench/costmodel-fit.md

The fit is a coordinate search over the knobs in FIT_KNOBS, each on a
log-spaced grid around its current value (and 0), minimising (number of picks with
regret > 1/0.9, then the sum of log regrets).  It prints the new table for
pasting into costmodel.py; it does not edit the compiler.
"""

import argparse
import csv
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from atomicc import driver                       # noqa: E402
from atomicc.bench.harness import PROGRAMS       # noqa: E402
from atomicc.plan import costmodel               # noqa: E402

GOAL = 0.9
FIT_KNOBS = ("ACCESS", "BLOCK_WORK", "FIXED_WALK", "ROOM_CONTEND", "STM_BLOCK", "STM_READ", "STM_WRITE",
             "STM_COMMIT", "STM_VALIDATE", "LINE", "CONTEND", "PV_LOCK", "PV_BLOCK", "GLOBAL_BLOCK", "WALK_CONFLICT",
             "KEYED_WALK_CONFLICT", "KEYED_CONFLICT", "ATOMIC_OP", "OUTSIDE_NODE")
GRID = (0, 0.125, 0.25, 0.5, 0.7, 0.85, 1.2, 1.4, 2.0, 4.0, 8.0)


def measured(path, target):
    """{program: {cpus: {strategy: throughput}}} of the forced strategies."""
    out = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if row["target"] != target or row["strategy"] == "auto" or row["status"] != "ok":
                continue
            try:
                thr = float(row["throughput"])
            except ValueError:
                continue
            out.setdefault(row["program"], {}).setdefault(int(row["cpus"]), {})[row["strategy"]] = thr
    return out


def components(prog, target):
    """[(legal strategies, facts, plans, weight, outside work)] of each conflict component the model ranks."""
    seen = []
    real = costmodel.rank

    def spy(legal, facts, plans, cpus, k=costmodel.NATIVE, outside=0.0):
        seen.append((list(legal), facts, plans, sum(f.weight for f in facts.values()), outside))
        return real(legal, facts, plans, cpus, k, outside)

    costmodel.rank = spy
    try:
        pp = ["-I" + d for d in prog.include_dirs()] + ["-D" + d for d in prog.defines]
        program = driver.load_program([(f, pp) for f in prog.sources()])
        driver.analyze_program(program, "auto", 2, target=target)
    finally:
        costmodel.rank = real
    return seen


def pick(comps, cpus, k):
    """The strategy of the heaviest component that the model ranks."""
    if not comps:
        return None
    legal, facts, plans, _, outside = max(comps, key=lambda c: c[3])
    return costmodel.rank(legal, facts, plans, cpus, k, outside)[0].strategy


def score(k, data, comps):
    """(misses, sum of log regret, rows) for constants k."""
    misses, total, rows = 0, 0.0, []
    for name in sorted(data):
        for cpus in sorted(data[name]):
            m = data[name][cpus]
            best_s = max(m, key=m.get)
            s = pick(comps.get(name), cpus, k)
            if s not in m:
                continue                    # the pick was not measured (refused or failed)
            regret = m[best_s] / m[s]
            misses += regret > 1 / GOAL + 1e-9
            total += math.log(regret)
            rows.append((name, cpus, s, best_s, 1 / regret))
    return misses, total, rows


def fit(k, data, comps, rounds=8):
    best = score(k, data, comps)[:2]
    for _ in range(rounds):
        improved = False
        for knob in FIT_KNOBS:
            base = getattr(k, knob)
            for f in GRID:
                cand = k.replace(**{knob: base * f if base else f})
                sc = score(cand, data, comps)[:2]
                if sc < best:
                    best, k, improved = sc, cand, True
        if not improved:
            break
    return k


def table(rows):
    out = ["| program | CPUs | model picks | best measured | picked / best |", "|---|---|---|---|---|"]
    for name, cpus, s, best_s, ratio in rows:
        out.append("| %s | %d | %s | %s | %.2f%s |" % (name, cpus, s, best_s, ratio, "" if ratio >= GOAL else " **miss**"))
    return "\n".join(out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--csv", required=True, help="an `atomicc bench` CSV with every forced strategy")
    ap.add_argument("--target", default="sim", choices=("sim", "native"))
    ap.add_argument("--fit", action="store_true", help="search for better constants")
    ap.add_argument("--md", help="also write the before/after tables as markdown")
    args = ap.parse_args(argv)
    data = measured(args.csv, args.target)
    if not data:
        ap.error("no forced-strategy rows for target %s in %s" % (args.target, args.csv))
    progs = {p.name: p for p in PROGRAMS}
    comps = {name: components(progs[name], args.target) for name in data if name in progs}
    k0 = costmodel.costs(args.target)
    m0, t0, rows0 = score(k0, data, comps)
    print("current %s table: %d of %d picks below %.1fx of the best; sum of log regret %.2f"
          % (args.target, m0, len(rows0), GOAL, t0))
    print(table(rows0))
    md = ["# Cost model fit (%s)\n" % args.target, "Data: `%s`.\n" % os.path.basename(args.csv),
          "## Current table: %d of %d picks below %.1fx of the best\n" % (m0, len(rows0), GOAL), table(rows0), ""]
    if args.fit:
        k1 = fit(k0, data, comps)
        m1, t1, rows1 = score(k1, data, comps)
        print("\nfitted: %d of %d picks below %.1fx; sum of log regret %.2f" % (m1, len(rows1), GOAL, t1))
        print(table(rows1))
        changed = {n: v for n, v in k1.as_dict().items() if v != getattr(k0, n)}
        print("\nchanged constants: %s" % ", ".join("%s=%g" % kv for kv in sorted(changed.items())))
        md += ["## Fitted table: %d of %d picks below %.1fx of the best\n" % (m1, len(rows1), GOAL), table(rows1), "",
               "Changed constants: " + ", ".join("`%s=%g`" % kv for kv in sorted(changed.items())), ""]
    if args.md:
        with open(args.md, "w") as f:
            f.write("\n".join(md) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
