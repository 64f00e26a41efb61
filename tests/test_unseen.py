"""Adversarial multithreaded programs (tests/unseen/*.c) under every strategy.

Each program is compiled with `atomicc cc --strategy=S -O1`, run with a
timeout (with ATOMICC_SOLO=0: blocks always take the contended path), and
its stdout compared with its `// EXPECT:` lines.  Every (program, strategy)
has its outcome written in the program: `auto` and the strategies of its
`// LEGAL:` line run and print the EXPECT lines (refusing one of them
fails); each other strategy has a `// REFUSED: S at LINE:COL: REASON` line,
and must be refused with exactly that first error ("strategy 'S' cannot be
used for this atomic block: REASON" at that block), for a reason the
legality rules of docs/strategies.md give (`global` is never refused).
Any other compiler failure, a crash, a hang, or wrong output fails.  A second test builds a
selection of the programs with ThreadSanitizer under stm and pervar, which
must report nothing.

The builds are independent, so a session fixture starts all the selected
ones at once on a thread pool (one worker per CPU) and waits for them; each
test then runs its program alone, so that the threads really overlap (a
program run next to the builds mostly runs its threads one after another,
which hides races).
The whole file takes about a minute on two cores, with plain pytest.
"""

import concurrent.futures
import os
import subprocess

import pytest

from conftest import FORCEABLE, TESTS, atomicc, check_refusal, expected_output, expected_refusals, legal_strategies

UNSEEN = os.path.join(TESTS, "unseen")
PROGRAMS = sorted(n for n in os.listdir(UNSEEN) if n.endswith(".c"))
STRATEGIES = ["auto", "global", "pervar", "stm", "atomic-op"]
TSAN_STRATEGIES = ["stm", "pervar"]
# ThreadSanitizer builds are slow; these cover struct copies, sub-word and
# bit-field data, statics and shadowed names, the heap, and retry.
TSAN_PROGRAMS = [
    "bitfields.c", "block_decls.c", "malloc_free.c", "multi_queue.c", "retry_callee.c",
    "shadowing.c", "static_locals.c", "struct_copy.c", "unions.c",
]
RUN_TIMEOUT = 15        # seconds; every program finishes in well under 1 s when correct
TSAN_RUN_TIMEOUT = 120  # ThreadSanitizer is 5-15x slower, and CI machines are shared

def _build(tmpdir, name, strategy, tsan):
    """Compile one program; returns (exe, CompletedProcess of atomicc cc)."""
    src = os.path.join(UNSEEN, name)
    exe = os.path.join(tmpdir, "%s.%s%s" % (name[:-2], strategy, ".tsan" if tsan else ""))
    flags = ["-O1", "-g", "-fsanitize=thread"] if tsan else ["-O1"]
    return exe, atomicc("cc", src, "--strategy=" + strategy, "-std=gnu11", *flags, "-o", exe, timeout=300)


def _run(exe, cc):
    """Run a built program; returns a dict describing what happened."""
    out = {"cc_rc": cc.returncode, "cc_err": cc.stderr}
    if cc.returncode != 0:
        return out
    env = dict(os.environ, TSAN_OPTIONS="halt_on_error=1 exitcode=66", ATOMICC_SOLO="0")
    try:
        limit = TSAN_RUN_TIMEOUT if exe.endswith(".tsan") else RUN_TIMEOUT
        p = subprocess.run([exe], capture_output=True, text=True, timeout=limit, env=env)
        out.update(rc=p.returncode, stdout=p.stdout, stderr=p.stderr, hung=False)
    except subprocess.TimeoutExpired as e:
        out.update(rc=None, stdout=e.stdout or "", stderr=e.stderr or "", hung=True)
    return out


@pytest.fixture(scope="session")
def unseen_runs(request, tmp_path_factory):
    """Futures for every (program, strategy, tsan) that this session selected."""
    wanted = []
    for item in request.session.items:
        cs = getattr(item, "callspec", None)
        if cs is None or item.module.__name__ != __name__:
            continue
        if "strategy" in cs.params and "name" in cs.params:
            tsan = item.originalname == "test_unseen_tsan_silent"
            wanted.append((cs.params["name"], cs.params["strategy"], tsan))
    tmpdir = str(tmp_path_factory.mktemp("unseen"))
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2)
    # TSan builds first: they are the slowest
    futures = {key: pool.submit(_build, tmpdir, *key) for key in sorted(set(wanted), key=lambda k: not k[2])}
    concurrent.futures.wait(futures.values())      # then run on a quiet machine
    yield futures
    pool.shutdown(wait=True, cancel_futures=True)


def _check(res, name, strategy):
    src = os.path.join(UNSEEN, name)
    refused = expected_refusals(src)
    if strategy in refused:
        check_refusal(res["cc_err"], res["cc_rc"], strategy, *refused[strategy], file=src)
        return
    assert strategy == "auto" or strategy in legal_strategies(src), "no recorded outcome for " + strategy
    assert res["cc_rc"] == 0, "atomicc cc failed (exit %s):\n%s" % (res["cc_rc"], res["cc_err"][-4000:])
    assert not res["hung"], "%s --strategy=%s did not finish in time; stdout so far:\n%s" % (
        name, strategy, res["stdout"])
    assert "ThreadSanitizer" not in res["stderr"], res["stderr"][:4000]
    assert res["rc"] == 0, "exit %s\nstdout:\n%s\nstderr:\n%s" % (res["rc"], res["stdout"], res["stderr"][:4000])
    assert res["stdout"].splitlines() == expected_output(os.path.join(UNSEEN, name))


@pytest.mark.parametrize("strategy", STRATEGIES)
@pytest.mark.parametrize("name", PROGRAMS)
def test_unseen_runs(unseen_runs, name, strategy):
    _check(_run(*unseen_runs[(name, strategy, False)].result()), name, strategy)


@pytest.mark.parametrize("strategy", TSAN_STRATEGIES)
@pytest.mark.parametrize("name", TSAN_PROGRAMS)
def test_unseen_tsan_silent(unseen_runs, tsan, name, strategy):
    _check(_run(*unseen_runs[(name, strategy, True)].result()), name, strategy)


def test_unseen_programs_are_well_formed():
    """Each program says what it exercises and what it prints, and is 40-150 lines."""
    assert len(PROGRAMS) >= 20
    for name in PROGRAMS:
        with open(os.path.join(UNSEEN, name), encoding="utf-8") as f:
            text = f.read()
        assert text.startswith("/*"), name
        assert expected_output(os.path.join(UNSEEN, name)), name
        assert "pthread_create" in text, name
        assert 40 <= text.count("\n") <= 150, (name, text.count("\n"))
        # an outcome for every forced strategy: runs (LEGAL) or refused with a recorded error
        legal, refused = legal_strategies(os.path.join(UNSEEN, name)), expected_refusals(os.path.join(UNSEEN, name))
        assert "// LEGAL: " in text and "global" in legal, name
        assert legal | set(refused) == set(FORCEABLE) and not legal & set(refused), (name, legal, sorted(refused))
