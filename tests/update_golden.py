"""Regenerate the golden lowered outputs of tests/golden/, showing every change.

For each golden program tests/golden/NAME.c and each strategy, the
expectation is what `atomicc tests/golden/NAME.c --strategy=S` prints: the
lowered C in NAME.S.c, or, where the strategy is refused, the diagnostics in
NAME.S.err.  `auto` plans for 64 CPUs (--cpus=64), so its expectation does
not depend on the machine.

    python tests/update_golden.py           # print a unified diff of every change; exit 1 if any
    python tests/update_golden.py --write   # the same, then write the changed files

Review the diff before writing: a golden file changes only when the
compiler's output is meant to change.  tests/test_emit.py compares against
these files and names this command when they differ.
"""

import difflib
import os
import subprocess
import sys

TESTS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(TESTS)
GOLDEN = os.path.join(TESTS, "golden")
STRATEGIES = ("global", "pervar", "stm", "atomic-op", "auto")
COMMAND = "python tests/update_golden.py"


def programs():
    """The golden programs: NAME for every tests/golden/NAME.c."""
    return sorted(f[:-2] for f in os.listdir(GOLDEN) if f.endswith(".c") and f.count(".") == 1)


def cases():
    return [(name, s) for name in programs() for s in STRATEGIES]


def lower(name, strategy):
    """Run the compiler on one golden program: (returncode, stdout, stderr)."""
    src = os.path.relpath(os.path.join(GOLDEN, name + ".c"), ROOT)   # the output names it: keep it tree-relative
    args = ["--strategy=" + strategy] + (["--cpus=64"] if strategy == "auto" else [])
    p = subprocess.run([sys.executable, "-m", "atomicc", src, *args], cwd=ROOT, capture_output=True, text=True,
                       timeout=300)
    return p.returncode, p.stdout, p.stderr


def expectation(name, strategy, result=None):
    """(path, text) of the golden file this case should have, from the
    compiler's output now; None where the compiler failed otherwise than by
    refusing the strategy (an error to fix, not an expectation)."""
    rc, out, err = result or lower(name, strategy)
    if rc == 0:
        return os.path.join(GOLDEN, "%s.%s.c" % (name, strategy)), out
    if rc == 1 and "error: strategy '%s' cannot be used" % strategy in err:
        return os.path.join(GOLDEN, "%s.%s.err" % (name, strategy)), err
    return None


def stale_files(name, strategy, path):
    """The golden file of the other kind (a .c where the case is now refused, or an .err where it now lowers)."""
    other = [os.path.join(GOLDEN, "%s.%s.%s" % (name, strategy, ext)) for ext in ("c", "err")]
    return [p for p in other if p != path and os.path.exists(p)]


def read(path):
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        return f.read()


def diff(path, old, new):
    """A unified diff from the file's current text (None: absent) to `new` (None: removed)."""
    rel = os.path.relpath(path, ROOT)
    return "".join(difflib.unified_diff((old or "").splitlines(True), (new or "").splitlines(True),
                                        "a/" + rel if old is not None else "/dev/null",
                                        "b/" + rel if new is not None else "/dev/null"))


def main(argv):
    write = argv[1:] == ["--write"]
    if argv[1:] and not write:
        print("usage: %s [--write]" % COMMAND, file=sys.stderr)
        return 2
    changes, broken = [], []
    for name, strategy in cases():
        result = lower(name, strategy)
        want = expectation(name, strategy, result)
        if want is None:
            broken.append("%s --strategy=%s: exit %d\n%s" % (name, strategy, result[0], result[2]))
            continue
        path, text = want
        if read(path) != text:
            changes.append((path, read(path), text))
        for p in stale_files(name, strategy, path):
            changes.append((p, read(p), None))
    for path, old, new in changes:
        sys.stdout.write(diff(path, old, new))
    for b in broken:
        print("atomicc failed (no expectation written):", b, file=sys.stderr)
    if not changes:
        print("golden files are up to date", file=sys.stderr)
    elif write:
        for path, _, new in changes:
            if new is None:
                os.remove(path)
                continue
            tmp = path + ".tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                f.write(new)
            os.replace(tmp, path)
        print("wrote %d golden file(s)" % len(changes), file=sys.stderr)
    else:
        print("%d golden file(s) differ; after reviewing the diff, run: %s --write" % (len(changes), COMMAND),
              file=sys.stderr)
    if broken:
        return 3
    return 1 if changes and not write else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
