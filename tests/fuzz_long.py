"""A long fuzz run, for occasional use (CI runs tests/test_fuzz.py with few examples).

    python tests/fuzz_long.py --minutes 30          # fresh random examples until the time is up
    python tests/fuzz_long.py --minutes 5 --seed 7  # reproducible

It runs the fuzz tests of tests/test_fuzz.py (token mutations of the real
programs, random bytes, invalid UTF-8 and NUL) in rounds, each with new random
examples and many more of them, and the nesting-shape tests at random depths
up to frontend.parser.MAX_DEPTH.  Every failing example is printed with the
seed that replays it (hypothesis prints the minimized input); the exit status
is 1 when anything failed.
"""

import argparse
import os
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


class _TmpFactory:
    """What pytest's tmp_path_factory gives the tests, without pytest."""

    def __init__(self, root):
        self.root, self.n = Path(root), 0

    def mktemp(self, name):
        self.n += 1
        p = self.root / ("%s%d" % (name, self.n))
        p.mkdir()
        return p


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=10, help="how long to run (default 10)")
    ap.add_argument("--seed", type=int, help="random seed (default: from the clock; printed)")
    ap.add_argument("--examples", type=int, default=200, help="examples per test and round (default 200)")
    args = ap.parse_args(argv)
    seed = args.seed if args.seed is not None else int(time.time())
    print("fuzz_long: seed %d, %.1f minutes" % (seed, args.minutes), flush=True)
    rng = random.Random(seed)

    from hypothesis import HealthCheck, given, seed as hseed, settings
    import test_fuzz as tf

    end = time.time() + args.minutes * 60
    failures = 0
    rounds = 0
    with tempfile.TemporaryDirectory(prefix="atomicc-fuzz-") as root:
        factory = _TmpFactory(root)
        while time.time() < end:
            rounds += 1
            s = rng.randrange(1 << 30)
            conf = settings(max_examples=args.examples, derandomize=False, database=None, deadline=None,
                            suppress_health_check=list(HealthCheck))
            for test, strategies in ((tf.test_mutated_programs, tf.MUTATED), (tf.test_random_bytes, tf.RANDOM_BYTES),
                                     (tf.test_invalid_utf8_and_nul_in_real_programs, tf.JUNK_IN_PROGRAMS)):
                if time.time() >= end:
                    break
                run = hseed(s)(conf(given(**strategies)(test.hypothesis.inner_test)))
                try:
                    run(tmp_path_factory=factory)
                    print("round %d %s: ok (hypothesis seed %d)" % (rounds, test.__name__, s), flush=True)
                except Exception:
                    failures += 1
                    print("round %d %s: FAILED (hypothesis seed %d)" % (rounds, test.__name__, s), flush=True)
                    traceback.print_exc()
            if time.time() >= end:
                break
            kind = rng.choice(tf.SHAPES)
            depth = rng.choice([1000, 10000, 50000, rng.randrange(1, tf.MAX_DEPTH - 10)])
            t = time.time()
            try:
                for command in tf.COMMANDS:
                    rc, err, _ = tf.fuzz_once(command, tf.shape(kind, depth), factory.mktemp("deep"))
                    assert rc == 0 or (command == "lint" and rc == 1), (kind, depth, command, err[-1000:])
                print("round %d shape %s at depth %d: ok (%.1fs)" % (rounds, kind, depth, time.time() - t), flush=True)
            except Exception:
                failures += 1
                print("round %d shape %s at depth %d: FAILED" % (rounds, kind, depth), flush=True)
                traceback.print_exc()
    print("fuzz_long: %d rounds, %d failures (seed %d)" % (rounds, failures, seed))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
