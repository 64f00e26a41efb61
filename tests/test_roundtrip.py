"""Round trip (pycparser's test): parse -> --reprint -> gcc compiles it ->
reparse gives the same tree; for programs, the reprint behaves the same.
Run on the real `gcc -E` output of the system headers the dialect promises to
read, in several configurations, and on every sample."""

import os
import subprocess

import pytest

from atomicc.driver import Frontend
from atomicc.emit.c_printer import CPrinter
from atomicc.frontend import ast as A
from atomicc.frontend.parser import Parser
from conftest import SAMPLES, all_samples, atomicc, expected_output, has_atomic, sample_args

HEADERS = ["pthread.h", "stdio.h", "stdlib.h", "string.h", "stdatomic.h", "stdint.h", "stdbool.h",
           "assert.h", "unistd.h", "errno.h", "signal.h", "time.h", "math.h", "ctype.h", "limits.h",
           "semaphore.h", "sys/types.h"]
CONFIGS = {"plain": [], "gnu": ["-D_GNU_SOURCE"], "fortify": ["-O2", "-D_FORTIFY_SOURCE=2", "-D_GNU_SOURCE"],
           "c11": ["-std=c11"]}


def check_roundtrip(path, pp_args, outdir, compile_flags=("-fsyntax-only",)):
    fe = Frontend(path, pp_args)
    text = CPrinter(fe.sm).program(fe.tu)
    out = os.path.join(str(outdir), os.path.basename(path) + ".reprint.c")
    with open(out, "w") as f:
        f.write(text)
    std = [a for a in pp_args if a.startswith("-std=")] or ["-std=gnu11"]
    p = subprocess.run(["gcc", *std, "-Wall", "-Wextra", *compile_flags, out], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr[:3000]
    assert "warning" not in p.stderr, p.stderr[:3000]
    tu2, _ = Parser().parse(text, out)
    assert A.dump(fe.tu, spans=False) == A.dump(tu2, spans=False)
    return out


@pytest.mark.parametrize("config", sorted(CONFIGS))
def test_all_headers_together(tmp_path, config):
    src = tmp_path / "all.c"
    src.write_text("".join("#include <%s>\n" % h for h in HEADERS) + "int main(void) { return 0; }\n")
    check_roundtrip(str(src), CONFIGS[config], tmp_path)


@pytest.mark.parametrize("header", HEADERS)
def test_each_header(tmp_path, header):
    src = tmp_path / "one.c"
    src.write_text("#include <%s>\nint main(void) { return 0; }\n" % header)
    for flags in (CONFIGS["gnu"], CONFIGS["fortify"]):
        check_roundtrip(str(src), flags, tmp_path)


@pytest.mark.parametrize("name", all_samples())
def test_sample_reprint(tmp_path, name):
    src = os.path.join(SAMPLES, name)
    if has_atomic(src):
        # Atomic C reprints as Atomic C: it must reparse to the same tree and
        # still lower and run.
        fe = Frontend(src, [])
        text = CPrinter(fe.sm).program(fe.tu)
        tu2, _ = Parser().parse(text, "x.c")
        assert A.dump(fe.tu, spans=False) == A.dump(tu2, spans=False)
        out = tmp_path / name
        out.write_text(text)
        exe = str(tmp_path / "prog")
        r = atomicc("cc", str(out), "-O2", "-o", exe)
        assert r.returncode == 0, r.stderr
    else:
        out = check_roundtrip(src, [], tmp_path, compile_flags=("-c", "-o", os.devnull))
        exe = str(tmp_path / "prog")
        p = subprocess.run(["gcc", "-std=gnu11", "-O2", "-pthread", out, "-o", exe], capture_output=True, text=True)
        assert p.returncode == 0, p.stderr
    p = subprocess.run([exe, *sample_args(src)], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0
    assert p.stdout.splitlines() == expected_output(src)
