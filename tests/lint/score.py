"""Score `atomicc lint` on the labeled corpus: precision and recall per rule.

    python3 tests/lint/score.py            # a table per rule, and the misses
    python3 tests/lint/score.py -v         # also every program's false positives and negatives

A report matches group R#k when its rule is R and its primary line is one of
the lines tagged R#k (README.md in this directory); several reports matching
one group count once.  Runs atomicc in-process (the package must be
importable: `pip install -e .`).
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import check_corpus  # noqa: E402

SCORED = ("data-race", "deadlock", "lock-leak", "double-lock", "unlock-not-held", "cond-wait-no-loop",
          "irrevocable-in-atomic", "retry-outside-atomic")


def lint_program(prog):
    """[(rule, relpath, line)] that atomicc lint reports on the program."""
    from atomicc import driver
    from atomicc.lint.rules import run_rules
    program = driver.load_program([(f, []) for f in prog.sources()])
    res = run_rules(program)
    out = []
    for d in res.diagnostics:
        out.append((d.rule, os.path.relpath(os.path.abspath(d.loc.file), HERE), d.loc.line))
    return out


def score(progs):
    stats = {r: [0, 0, 0] for r in SCORED}       # tp, fp, fn
    details = []
    for prog in progs:
        reports = lint_program(prog)
        matched = set()
        fps = []
        for rule, f, line in reports:
            if rule not in SCORED:
                continue
            hit = [k for (r, k), locs in prog.tags.items() if r == rule and (f, line) in locs]
            if hit:
                matched.update((rule, k) for k in hit)
            else:
                fps.append((rule, f, line))
        fns = sorted(g for g in prog.tags if g not in matched)
        for r, k in matched:
            stats[r][0] += 1
        for r, f, line in fps:
            stats[r][1] += 1
        for r, k in fns:
            stats[r][2] += 1
        details.append((prog, sorted(set(fps)), fns))
    return stats, details


def main():
    verbose = "-v" in sys.argv
    only = [a for a in sys.argv[1:] if not a.startswith("-")]
    progs = [p for p in check_corpus.discover() if not only or any(o in p.path for o in only)]
    stats, details = score(progs)
    tot = [0, 0, 0]
    print("%-24s %5s %5s %5s %9s %7s" % ("rule", "TP", "FP", "FN", "precision", "recall"))
    for r in SCORED:
        tp, fp, fn = stats[r]
        tot = [a + b for a, b in zip(tot, stats[r])]
        print("%-24s %5d %5d %5d %9s %7s" % (r, tp, fp, fn, _ratio(tp, tp + fp), _ratio(tp, tp + fn)))
    print("%-24s %5d %5d %5d %9s %7s" % ("all", tot[0], tot[1], tot[2], _ratio(tot[0], tot[0] + tot[1]),
                                          _ratio(tot[0], tot[0] + tot[2])))
    for prog, fps, fns in details:
        if (fps or fns) and (verbose or True):
            print("%s/%s:" % (prog.group, prog.name))
            for r, f, line in fps:
                print("   FP %s %s:%d" % (r, f, line))
            for r, k in fns:
                print("   FN %s#%d %s" % (r, k, prog.tags[(r, k)]))
    return 0


def _ratio(a, b):
    return "%.3f" % (a / b) if b else "-"


if __name__ == "__main__":
    sys.exit(main())
