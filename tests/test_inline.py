"""Inline functions of headers called inside atomic blocks, under every strategy.

A C99 `inline` function defined in a header has an inline definition in
every unit that includes it and one external definition, in the unit that
declares it `extern inline` (C11 6.7.4p7); GNU89 `extern inline` (-std=gnu89,
-fgnu89-inline, the gnu_inline attribute) is the other way round.  A
`static inline` one is a private function of every unit.  The transactional
clone of each must follow the same rule, or the link sees a clone defined in
every unit (or none).  tests/multifile/inline_header is the C99 program
(test_multifile.py builds it at -O1 under every strategy); here it is also
built at -O0, where nothing is inlined and every call reaches the external
definitions, and tests/gnu89_inline is built under each GNU89 spelling.
"""

import os
import re
import subprocess

import pytest

from conftest import TESTS, atomicc, expected_output

C99 = os.path.join(TESTS, "multifile", "inline_header")
GNU89 = os.path.join(TESTS, "gnu89_inline")
STRATEGIES = ["global", "pervar", "stm", "auto"]
GNU89_FLAGS = {
    "std-gnu89": ["-std=gnu89"],
    "fgnu89-inline": ["-std=gnu11", "-fgnu89-inline"],
    "gnu_inline-attribute": ["-std=gnu11", "-DGNU_INLINE_ATTR"],
}


def sources(d):
    return sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".c"))


def build_and_run(tmp_path, srcs, flags, mode):
    """Build (together: one `atomicc cc`; separate: -c per file, then link) and run."""
    exe = str(tmp_path / "prog")
    if mode == "together":
        r = atomicc("cc", *flags, *srcs, "-o", exe, cwd=str(tmp_path), timeout=600)
        assert r.returncode == 0, r.stderr
        steps = [r]
    else:
        objs, steps = [], []
        for src in srcs:
            obj = str(tmp_path / (os.path.basename(src)[:-2] + ".o"))
            r = atomicc("cc", *flags, "-c", src, "-o", obj, cwd=str(tmp_path), timeout=600)
            assert r.returncode == 0, r.stderr
            objs.append(obj)
            steps.append(r)
        r = atomicc("cc", *[f for f in flags if f.startswith("--strategy")], *objs, "-o", exe,
                    cwd=str(tmp_path), timeout=600)
        assert r.returncode == 0, r.stderr
        steps.append(r)
    for s in steps:
        assert "warning" not in s.stderr, s.stderr
    p = subprocess.run([exe], capture_output=True, text=True, timeout=60,
                       env=dict(os.environ, ATOMICC_SOLO="0"))
    assert p.returncode == 0, p.stdout + p.stderr
    return p.stdout.splitlines()


@pytest.mark.parametrize("mode", ["together", "separate"])
@pytest.mark.parametrize("strategy", STRATEGIES)
def test_c99_inline_header_unoptimized(tmp_path, strategy, mode):
    """-O0: no call is inlined, so every unit calls the one external
    definition of each inline function, and of its clone."""
    out = build_and_run(tmp_path, sources(C99), ["--strategy=" + strategy, "-O0", "-Wall", "-Wextra"], mode)
    assert out == expected_output(os.path.join(C99, "main.c"))


@pytest.mark.parametrize("mode", ["together", "separate"])
@pytest.mark.parametrize("strategy", STRATEGIES)
@pytest.mark.parametrize("variant", sorted(GNU89_FLAGS))
def test_gnu89_extern_inline(tmp_path, variant, strategy, mode):
    # together optimized (bodies inlined), separate at -O0 (calls reach util.c's definitions)
    opt = "-O2" if mode == "together" else "-O0"
    flags = ["--strategy=" + strategy, opt, "-Wall", "-Wextra"] + GNU89_FLAGS[variant]
    out = build_and_run(tmp_path, sources(GNU89), flags, mode)
    assert out == expected_output(os.path.join(GNU89, "main.c"))


def test_clones_follow_the_linkage_of_the_original(tmp_path):
    """The lowered text: the clone of an inline definition is inline-only
    (gnu_inline), the unit with the external definition has the external
    clone, a static inline function gets a static clone in each unit, and
    the original is never redeclared (a declaration without `inline` would
    turn an inline definition into a second external one)."""
    out = tmp_path / "out"
    out.mkdir()
    r = atomicc("--strategy=stm", *sources(C99), "-o", str(out) + "/")
    assert r.returncode == 0, r.stderr
    text = {f: (out / f).read_text() for f in os.listdir(str(out))}
    inline_only = "extern __inline__ __attribute__((__gnu_inline__)) __attribute__((unused)) long __atomicc_tx_slot_units("
    external = re.compile(r"^__attribute__\(\(unused\)\) long __atomicc_tx_slot_units\(.*\) \{$", re.M)
    assert len(external.findall(text["pool.c"])) == 1, text["pool.c"]
    assert inline_only not in text["pool.c"]
    for f in ("work.c", "main.c"):
        assert inline_only + "atomicc_tx_t" in text[f]
        assert not external.search(text[f])
    # main.c's blocks call its own copy of the static inline slot_sum
    assert "static __attribute__((unused)) long __atomicc_tx_slot_sum(" in text["main.c"]
    for t in text.values():
        assert "__typeof__(slot" not in t
    # the clone entry for calls through pointers is registered once, by pool.c
    assert sum(t.count("atomicc_stm_register_clone((const void *)slot_units") for t in text.values()) == 1
    assert "atomicc_stm_register_clone((const void *)slot_units" in text["pool.c"]


NO_EXTERNAL = {
    "h.h": "struct s { long v; };\n"
           "inline long get(struct s *p) { return p->v; }\n"
           "inline void bump(struct s *p) { atomic { p->v = get(p) + 1; } }\n",
    "a.c": '#include "h.h"\nstruct s obj;\nvoid a_inc(void) { atomic { obj.v = get(&obj) + 1; } }\n',
    "m.c": '#include <stdio.h>\n#include "h.h"\nextern struct s obj;\nvoid a_inc(void);\n'
           "int main(void) {\n    for (int i = 0; i < 5; i++) {\n        a_inc();\n"
           "        atomic { obj.v += get(&obj); }\n    }\n    printf(\"%ld\\n\", obj.v);\n    return 0;\n}\n",
}


@pytest.mark.parametrize("mode", ["together", "separate"])
@pytest.mark.parametrize("strategy", STRATEGIES)
def test_inline_without_external_definition(tmp_path, strategy, mode):
    """No file has the external definition: the program relies on gcc
    inlining every call (it links at -O2 only, atomicc or not).  The clones
    are static in each file, and the block of the inline definition bump()
    calls them through the runtime header's ATOMICC_TX_CLONE (C11 6.7.4p3:
    an inline definition must not name a static function; gcc warns).
    (bump() is not called: its lowered body is too big for gcc to inline
    every call, and it has no external definition either.)"""
    for name, text in NO_EXTERNAL.items():
        (tmp_path / name).write_text(text)
    srcs = [str(tmp_path / "a.c"), str(tmp_path / "m.c")]
    out = build_and_run(tmp_path, srcs, ["--strategy=" + strategy, "-O2", "-Wall", "-Wextra"], mode)
    assert out == ["62"]
