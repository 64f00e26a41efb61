"""The driver with hostile file names, failing steps and interrupts.

No shell ever runs a user's string: file names with spaces, quotes, `$()`,
backticks, `;`, unicode or a leading dash go through `atomicc`, `atomicc cc`
(down to a program that runs) and `atomicc lint`, and a name that would
create a marker file if a shell ever ran it creates none.  Temporary files go
to a private directory under $TMPDIR that is gone afterwards, on success, on
error, on an internal error and on an interrupt.  Outputs are written whole
or not at all: an error leaves an existing output untouched and creates no
new one, and an output that cannot be written is a clean error.
"""

import json
import os
import re
import stat
import subprocess
import sys
import threading
import time
from urllib.parse import unquote_to_bytes

import pytest

from conftest import ROOT

PROGRAM = """#include <stdio.h>
long n;
void bump(void) { atomic { n++; } }
int main(void) { bump(); bump(); printf("n=%ld\\n", n); return 0; }
"""
BAD = "int main(void) {\n    int x = 1\n    return x;\n}\n"

# `touch MARKER` would run if any of these reached a shell
NAMES = {
    "space": "with space.c",
    "single_quote": "it's.c",
    "double_quote": 'say "hi".c',
    "shell": "$(touch MARKER) `touch MARKER`; touch MARKER; x.c",
    "unicode": "ünïcødé-données.c",
    "not_utf8": os.fsdecode(b"caf\xe9-latin1.c"),       # a name that is not UTF-8 is passed byte for byte
    "dash": "-dash.c",
}
DIR = "dir $(touch MARKER) 'q' \"dq\" ü"


def run(*args, cwd, env=None, timeout=180):
    p = subprocess.run([sys.executable, "-m", "atomicc", *args], cwd=str(cwd), capture_output=True,
                       timeout=timeout, env=dict(os.environ, **(env or {})))
    p.stdout, p.stderr = (x.decode("utf-8", "surrogateescape") for x in (p.stdout, p.stderr))
    return p


def read(path):
    return path.read_bytes().decode("utf-8", "surrogateescape")


def no_marker(root):
    found = [os.path.join(d, f) for d, _, files in os.walk(str(root)) for f in files if f == "MARKER"]
    assert not found, found


def inputs(args):
    """A leading-dash name needs `--` (atomicc's own options end there)."""
    return ["--", *args] if any(a.startswith("-") for a in args) else list(args)


@pytest.fixture
def tree(tmp_path):
    d = tmp_path / DIR
    d.mkdir()
    return d


@pytest.mark.parametrize("kind", sorted(NAMES))
def test_lower_hostile_names(tree, kind):
    name = NAMES[kind]
    (tree / name).write_text(PROGRAM)
    out = "out " + name.lstrip("-")
    r = run("-o", out, *inputs([name]), cwd=tree)
    assert r.returncode == 0, r.stderr
    text = read(tree / out)
    assert "atomic {" not in text
    assert '#line 1 "%s"' % name.replace("\\", "\\\\").replace('"', '\\"') in text
    # the lowered file compiles: gcc reads the quoted #line name back
    p = subprocess.run(["gcc", "-fsyntax-only", "-I" + os.path.join(ROOT, "runtime_c"), out], cwd=str(tree),
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    # its errors name the file as the user spelled it
    (tree / name).write_text(BAD)
    r = run(*inputs([name]), cwd=tree)
    assert r.returncode == 1 and r.stderr.startswith("%s:2:14: error: " % name), r.stderr
    no_marker(tree.parent)


@pytest.mark.parametrize("kind", sorted(NAMES))
def test_cc_hostile_names_build_a_program_that_runs(tree, kind):
    name = NAMES[kind]
    (tree / name).write_text(PROGRAM)
    prog = "prog " + name[:-2].lstrip("-")
    r = run("cc", "-O1", "-o", prog, *inputs([name]), cwd=tree)
    assert r.returncode == 0, r.stderr
    p = subprocess.run([str(tree / prog)], capture_output=True, text=True, timeout=60)
    assert p.stdout == "n=2\n", p.stderr
    # separate compilation: the object and its dependency file are named after the source
    r = run("cc", "-c", "-MD", *inputs([name]), cwd=tree)
    assert r.returncode == 0, r.stderr
    obj = name[:-2] + ".o"
    dep = read(tree / (name[:-2] + ".d")).replace(" \\\n ", " ")     # gcc's line continuations
    quoted = str(tree / name).replace("$", "$$").replace("#", "\\#").replace(" ", "\\ ")    # make's quoting
    assert dep.startswith(obj.replace("$", "$$").replace(" ", "\\ ") + ": " + quoted + " "), dep
    assert "atomicc-" not in dep, dep
    r = run("cc", "-o", prog + "2", *inputs([obj]), cwd=tree)
    assert r.returncode == 0, r.stderr
    p = subprocess.run([str(tree / (prog + "2"))], capture_output=True, text=True, timeout=60)
    assert p.stdout == "n=2\n", p.stderr
    no_marker(tree.parent)


def test_lint_hostile_names_write_sarif(tree):
    names = sorted(NAMES.values())
    for i, n in enumerate(names):
        # one program: a thread per file races on the first file's counter
        text = "extern long hits;\n" if i else "#include <pthread.h>\nlong hits;\n"
        text += "void *w%d(void *a) { hits++; return a; }\n" % i
        if not i:
            text += "".join("void *w%d(void *);\n" % k for k in range(1, len(names)))
            text += "int main(void) {\n    pthread_t t[%d];\n" % len(names)
            text += "".join("    pthread_create(&t[%d], 0, w%d, 0);\n" % (k, k) for k in range(len(names)))
            text += "    return 0;\n}\n"
        (tree / n).write_text(text)
    report = "report $(touch MARKER).sarif"
    r = run("lint", "--format=sarif", "-o", report, *inputs(names), cwd=tree)
    assert r.returncode == 1, r.stderr          # findings
    results = json.loads((tree / report).read_text())["runs"][0]["results"]
    assert {res["ruleId"] for res in results} == {"data-race"}
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"] for res in results
            for loc in res["locations"] + res.get("relatedLocations", [])}
    assert len(uris) >= 2, uris
    # URIs are percent-encoded (RFC 3986): they name the files, byte for byte
    assert all(re.match(r"^[A-Za-z0-9%._~/!$&'()*+,;=:@-]+$", u) for u in uris), uris
    assert {os.fsdecode(unquote_to_bytes(u)) for u in uris} <= set(names)
    no_marker(tree.parent)


# ---- temporary files -----------------------------------------------------------

def tmp_env(tmp_path):
    t = tmp_path / "TMP"
    t.mkdir(exist_ok=True)
    return t, {"TMPDIR": str(t)}


def listing(d):
    return sorted(os.listdir(str(d)))


@pytest.mark.parametrize("case", ["ok", "syntax_error", "link_error", "gcc_error", "internal_error", "interrupt",
                                  "terminate"])
def test_no_temporary_files_left(tmp_path, case):
    t, env = tmp_env(tmp_path)
    src = tmp_path / "p.c"
    src.write_text({"syntax_error": BAD,
                    "link_error": "void nowhere(void);\nint main(void) { nowhere(); return 0; }\n",
                    "gcc_error": "int main(void) { return undeclared; }\n"}.get(case, PROGRAM))
    if case == "internal_error":
        env["ATOMICC_FAULT"] = "emit"
    elif case == "interrupt":
        env["ATOMICC_FAULT"] = "lower:interrupt"
    elif case == "terminate":
        env["ATOMICC_FAULT"] = "lower:term"          # SIGTERM, as make or a CI runner sends
    # exit status of: cc (link), cc -c, lower, lint
    expect = {"ok": (0, 0, 0, 0), "syntax_error": (1, 1, 1, 2), "link_error": (1, 0, 0, 0),
              "gcc_error": (1, 1, 0, 0), "internal_error": (3, 3, 3, 0), "interrupt": (130, 130, 130, 0),
              "terminate": (143, 143, 143, 0)}[case]
    runs = (["cc", "p.c", "-o", "prog"], ["cc", "-c", "p.c", "-o", "p.o"], ["p.c", "-o", "out.c"],
            ["lint", "p.c", "-o", "report.txt"])
    for args, status in zip(runs, expect):
        r = run(*args, cwd=tmp_path, env=env)
        assert r.returncode == status, (args, r.stderr)
        assert "Traceback" not in r.stderr
        assert listing(t) == [], (args, listing(t))
        assert not [f for f in listing(tmp_path) if f.startswith(".atomicc-") or f.endswith(".tmp")], listing(tmp_path)
        if status:
            assert args[-1] not in listing(tmp_path)


WRAPPER = """#!/bin/sh
# a C compiler that leaves a temporary file in $TMPDIR and hangs while compiling
for a in "$@"; do
    if [ "$a" = "-c" ]; then
        echo partial > "$TMPDIR/ccLEFT.s"
        touch "$STARTED"
        exec sleep 60
    fi
done
exec gcc "$@"
"""


def test_terminated_build_leaves_no_temporary_files(tmp_path):
    """SIGTERM while $CC runs (make -k, a CI timeout): the compiler's own
    temporary files were made in atomicc's private directory, which goes."""
    t, env = tmp_env(tmp_path)
    cc = tmp_path / "slowcc"
    cc.write_text(WRAPPER)
    cc.chmod(0o755)
    (tmp_path / "p.c").write_text(PROGRAM)
    started = tmp_path / "started"
    env.update(CC=str(cc), STARTED=str(started))
    p = subprocess.Popen([sys.executable, "-m", "atomicc", "cc", "p.c", "-o", "prog"], cwd=str(tmp_path),
                         env=dict(os.environ, **env), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        for _ in range(600):
            if started.exists() or p.poll() is not None:
                break
            time.sleep(0.1)
        assert started.exists(), p.communicate(timeout=60)
        p.terminate()
        out, err = p.communicate(timeout=60)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    assert p.returncode == 143 and err.decode().endswith("atomicc: terminated\n"), err
    assert listing(t) == []
    assert not (tmp_path / "prog").exists()


def test_private_temporary_directory_removed_on_interrupt(tmp_path, monkeypatch):
    """The directory `atomicc cc` works in is private (0700) and removed even
    when the build is interrupted half way."""
    from atomicc import driver
    seen = {}

    def interrupted(a, pp_args, flags, inputs, tmpdir, stderr):
        seen["dir"] = tmpdir
        seen["mode"] = stat.S_IMODE(os.stat(tmpdir).st_mode)
        with open(os.path.join(tmpdir, "partial.o"), "w") as f:
            f.write("half")
        raise KeyboardInterrupt

    monkeypatch.setattr(driver, "_cc", interrupted)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(driver.tempfile, "tempdir", None)      # re-read TMPDIR
    src = tmp_path / "p.c"
    src.write_text(PROGRAM)
    with pytest.raises(KeyboardInterrupt):
        driver.cc([str(src), "-o", str(tmp_path / "prog")])
    assert seen["mode"] == 0o700
    assert os.path.dirname(seen["dir"]) == str(tmp_path)
    assert not os.path.exists(seen["dir"])


# ---- outputs: whole or not at all -------------------------------------------------

@pytest.mark.parametrize("cmd", ["lower", "cc", "cc-c", "cc-S", "cc-link", "lint", "explain"])
def test_error_leaves_existing_output_untouched(tmp_path, cmd):
    src = tmp_path / "bad.c"
    src.write_text(BAD)
    out = tmp_path / "out"
    args = {"lower": ["bad.c", "-o", "out"], "cc": ["cc", "bad.c", "-o", "out"],
            "cc-c": ["cc", "-c", "bad.c", "-o", "out"], "cc-S": ["cc", "-S", "bad.c", "-o", "out"],
            "cc-link": ["cc", "good.c", "-o", "out"], "lint": ["lint", "bad.c", "-o", "out"],
            "explain": ["explain", "bad.c", "-o", "out"]}[cmd]
    (tmp_path / "good.c").write_text("void nowhere(void);\nint main(void) { nowhere(); return 0; }\n")
    # an existing output keeps its bytes and permissions
    out.write_bytes(b"previous\x00contents")
    os.chmod(str(out), 0o751)
    before = set(listing(tmp_path))
    r = run(*args, cwd=tmp_path)
    assert r.returncode in (1, 2), r.stderr
    assert "Traceback" not in r.stderr
    assert out.read_bytes() == b"previous\x00contents"
    assert stat.S_IMODE(os.stat(str(out)).st_mode) == 0o751
    assert set(listing(tmp_path)) == before
    # no output is created where there was none
    out.unlink()
    r = run(*args, cwd=tmp_path)
    assert r.returncode in (1, 2) and not out.exists()
    assert set(listing(tmp_path)) == before - {"out"}


def test_success_replaces_output_whole(tmp_path):
    (tmp_path / "p.c").write_text(PROGRAM)
    out = tmp_path / "out.c"
    out.write_text("old\n")
    link = tmp_path / "link.c"
    os.symlink("out.c", str(link))          # another name for the old file keeps the old contents
    hard = tmp_path / "hard.c"
    os.link(str(out), str(hard))
    r = run("p.c", "-o", "out.c", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "atomic {" not in out.read_text() and "bump" in out.read_text()
    assert hard.read_text() == "old\n"     # replaced by a rename, not rewritten in place
    r = run("cc", "p.c", "-o", "prog", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert os.access(str(tmp_path / "prog"), os.X_OK)
    assert not [f for f in listing(tmp_path) if f.startswith(".atomicc-")]


def test_output_never_replaces_an_input(tmp_path):
    """`atomicc x.c -o x.c` would replace the source with its lowered text (gcc refuses it too),
    under any name the file has."""
    (tmp_path / "p.c").write_text(PROGRAM)
    os.symlink("p.c", str(tmp_path / "alias.c"))
    assert run("cc", "-c", "p.c", "-o", "p.o", cwd=tmp_path).returncode == 0
    for args in (["p.c", "-o", "p.c"], ["p.c", "-o", "alias.c"], ["p.c", "-o", "./"], ["cc", "p.c", "-o", "p.c"],
                 ["cc", "-c", "p.c", "-o", "alias.c"], ["cc", "p.o", "-o", "p.o"], ["lint", "p.c", "-o", "p.c"],
                 ["explain", "p.c", "-o", "p.c"]):
        r = run(*args, cwd=tmp_path)
        out = args[-1] if args[-1] != "./" else "./p.c"
        assert (r.returncode, r.stderr) == (
            2, "atomicc: error: the output '%s' is an input file; it would be overwritten\n" % out), args
        assert (tmp_path / "p.c").read_text() == PROGRAM
    assert listing(tmp_path) == ["alias.c", "p.c", "p.o"]
    # several files, read by parallel workers: still refused
    (tmp_path / "q.c").write_text("long k;\nvoid g(void) { atomic { k++; } }\n")
    r = run("-j", "2", "p.c", "q.c", "-o", "./", cwd=tmp_path)
    assert (r.returncode, r.stderr) == (2, "atomicc: error: the output './p.c' is an input file; it would be "
                                           "overwritten\n"), r.stderr
    assert (tmp_path / "p.c").read_text() == PROGRAM


def test_dash_o_dash_is_standard_output(tmp_path):
    """`-o -` writes to standard output, as gcc does; no file named '-' appears."""
    (tmp_path / "p.c").write_text(PROGRAM)
    p = subprocess.run([sys.executable, "-m", "atomicc", "cc", "-c", "p.c", "-o", "-"], cwd=str(tmp_path),
                       capture_output=True, timeout=180)
    assert p.returncode == 0 and p.stdout.startswith(b"\x7fELF"), p.stderr
    r = run("cc", "-S", "p.c", "-o", "-", cwd=tmp_path)
    assert r.returncode == 0 and "bump:" in r.stdout, r.stderr
    r = run("p.c", "-o", "-", cwd=tmp_path)
    assert r.returncode == 0 and "bump" in r.stdout and "atomic {" not in r.stdout
    assert listing(tmp_path) == ["p.c"]


def test_output_to_a_pipe_is_written_in_place(tmp_path):
    """A device or FIFO (`-o /dev/null`, `-o /dev/stdout`) is written to, never replaced by a rename."""
    (tmp_path / "p.c").write_text(PROGRAM)
    fifo = tmp_path / "pipe"
    os.mkfifo(str(fifo))
    got = []
    reader = threading.Thread(target=lambda: got.append(open(str(fifo), "rb").read()), daemon=True)
    reader.start()
    r = run("p.c", "-o", "pipe", cwd=tmp_path, timeout=120)
    reader.join(60)
    assert r.returncode == 0, r.stderr
    assert stat.S_ISFIFO(os.stat(str(fifo)).st_mode)
    assert got and b"bump" in got[0]


def test_unwritable_output_is_a_clean_error(tmp_path):
    (tmp_path / "p.c").write_text(PROGRAM)
    (tmp_path / "afile").write_text("x")
    (tmp_path / "adir").mkdir()
    cases = [
        (["p.c", "-o", "nodir/out.c"], 1, "atomicc: error: cannot write 'nodir/out.c': No such file or directory"),
        (["p.c", "-o", "afile/out.c"], 1, "atomicc: error: cannot write 'afile/out.c': Not a directory"),
        (["cc", "p.c", "-o", "nodir/prog"], 1, "atomicc: error: cannot write 'nodir/prog': No such file or directory"),
        (["cc", "p.c", "-o", "adir"], 1, "atomicc: error: cannot write 'adir': it is a directory"),
        (["cc", "-c", "p.c", "-o", "adir"], 1, "atomicc: error: cannot write 'adir': it is a directory"),
        (["lint", "p.c", "-o", "nodir/r.txt"], 2, "atomicc: error: cannot write 'nodir/r.txt': No such file or directory"),
    ]
    for args, status, msg in cases:
        r = run(*args, cwd=tmp_path)
        assert (r.returncode, r.stderr.splitlines()[-1:]) == (status, [msg]), (args, r.stderr)
    assert sorted(os.listdir(str(tmp_path / "adir"))) == []


def unwritable_directory(tmp_path):
    """(a directory no file can be created in, the error's text): a read-only
    directory, or for root (who writes anywhere) a pseudo-filesystem that refuses."""
    if os.geteuid() != 0:
        ro = tmp_path / "ro"
        ro.mkdir()
        os.chmod(str(ro), 0o555)
        return str(ro), "Permission denied"
    import tempfile
    for d in ("/sys", "/proc"):
        try:
            fd, name = tempfile.mkstemp(dir=d)
        except OSError as e:
            return d, e.strerror
        os.close(fd)
        os.unlink(name)
    pytest.skip("no directory refuses root here")


def test_unwritable_directory_is_a_clean_error(tmp_path):
    (tmp_path / "p.c").write_text(PROGRAM)
    d, why = unwritable_directory(tmp_path)
    try:
        before = sorted(os.listdir(d))
        for args, status in ((["p.c", "-o", d + "/out.c"], 1), (["cc", "p.c", "-o", d + "/prog"], 1),
                             (["cc", "-c", "p.c", "-o", d + "/p.o"], 1), (["lint", "p.c", "-o", d + "/r.txt"], 2),
                             (["explain", "p.c", "-o", d + "/e.txt"], 1)):
            r = run(*args, cwd=tmp_path)
            assert (r.returncode, r.stderr) == (status, "atomicc: error: cannot write '%s': %s\n" % (args[-1], why)), \
                args
        assert sorted(os.listdir(d)) == before
    finally:
        if d.startswith(str(tmp_path)):
            os.chmod(d, 0o755)


# ---- internal errors ----------------------------------------------------------------

@pytest.mark.parametrize("stage", ["parse", "analyze", "plan", "lower", "emit", "lint"])
def test_injected_internal_error_exits_3(tmp_path, stage):
    t, env = tmp_env(tmp_path)
    (tmp_path / "p.c").write_text(PROGRAM)
    env["ATOMICC_FAULT"] = stage
    runs = [["lint", "p.c", "-o", "out"]] if stage == "lint" else \
        [["p.c", "-o", "out"], ["cc", "p.c", "-o", "out"], ["cc", "-c", "p.c", "-o", "out"]]
    for args in runs:
        r = run(*args, cwd=tmp_path, env=env)
        assert r.returncode == 3, (args, r.stderr)
        assert r.stderr == ("atomicc: internal error: InjectedFault: fault injected in stage '%s' "
                            "(ATOMICC_FAULT=%s) (while processing p.c)\n" % (stage, stage)), r.stderr
        assert not (tmp_path / "out").exists()
        assert listing(t) == []
