"""compiler/objects.py: unit summaries embedded in ELF objects and archives
(round trip, ignored files, the section absent from linked programs),
archive member replacement, and the plan guard that makes a link of
objects lowered with different plans fail."""

import os
import shlex
import subprocess

import pytest

from atomicc import objects
from atomicc.objects import Unit, embed, plan_guard_asm, read_units, replace_members

CC = shlex.split(os.environ.get("CC", "gcc"))
SEC = objects.SECTION


def run(argv, cwd, check=True):
    p = subprocess.run(argv, cwd=str(cwd), capture_output=True)
    if check:
        assert p.returncode == 0, (argv, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace"))
    return p


def compile_c(d, name, text, flags=()):
    """Writes d/name.c and compiles it to d/name.o; returns the object's path."""
    (d / (name + ".c")).write_text(text)
    run(CC + list(flags) + ["-c", name + ".c", "-o", name + ".o"], d)
    return str(d / (name + ".o"))


def sections(path):
    """{name: flags} of an ELF file (readelf -S -W)."""
    out = subprocess.run(["readelf", "-S", "-W", str(path)], capture_output=True, text=True, check=True).stdout
    res = {}
    for line in out.splitlines():
        parts = line.replace("[ ", "[").split()
        if parts and parts[0].startswith("[") and parts[0][1:-1].isdigit() and len(parts) >= 8:
            name = parts[1]
            # flags sit between the entry size and Lk; empty for many sections
            rest = parts[7:]
            res[name] = rest[0] if len(rest) == 4 else ""
    return res


def archive(d, name, members):
    run(["ar", "qc", name] + list(members), d)
    run(["ar", "s", name], d)
    return str(d / name)


def ar_list(path):
    return subprocess.run(["ar", "t", str(path)], capture_output=True, text=True, check=True).stdout.split()


def ar_member(path, name):
    return subprocess.run(["ar", "p", str(path), name], capture_output=True, check=True).stdout


PAYLOAD = bytes(range(256)) * 37 + b"\0\0end\n"


# ---- embed / read_units --------------------------------------------------------

def test_embed_round_trips_exactly_and_is_excluded(tmp_path):
    o = compile_c(tmp_path, "f", "int f(void) { return 42; }\n")
    mode = os.stat(o).st_mode
    embed(o, PAYLOAD)
    assert read_units([o]) == [Unit(o, None, PAYLOAD)]
    flags = sections(o)[SEC]
    assert "E" in flags and "A" not in flags          # SHF_EXCLUDE, not allocated
    assert os.stat(o).st_mode == mode
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp file left
    # embedding again replaces the section; an empty payload round-trips too
    embed(o, b"second")
    assert read_units([o]) == [Unit(o, None, b"second")]
    assert list(sections(o)).count(SEC) == 1
    embed(o, b"")
    assert read_units([o]) == [Unit(o, None, b"")]
    # another section name
    embed(o, b"other", section=".atomicc.test")
    assert read_units([o], section=".atomicc.test") == [Unit(o, None, b"other")]
    assert read_units([o]) == [Unit(o, None, b"")]


def test_objects_without_the_section_and_other_files_are_ignored(tmp_path):
    a = compile_c(tmp_path, "a", "int a(void) { return 1; }\n")
    b = compile_c(tmp_path, "b", "int b(void) { return 2; }\n")
    embed(b, b"B")
    text = tmp_path / "notes.txt"
    text.write_text("not an object\n")
    run(CC + ["-shared", "-fPIC", "a.c", "-o", "liba.so"], tmp_path)
    got = read_units([a, str(text), str(tmp_path / "liba.so"), b])
    assert got == [Unit(b, None, b"B")]
    assert read_units([a]) == []
    with pytest.raises(OSError):
        read_units([str(tmp_path / "missing.o")])
    with pytest.raises(ValueError):
        embed(str(text), b"x")
    with pytest.raises(ValueError):
        embed(b, b"x", section="bad name")


def test_archive_members_several_units_in_order(tmp_path):
    objs = []
    for i, name in enumerate(["u1", "plain", "u2", "u3"]):
        o = compile_c(tmp_path, name, "int %s(void) { return %d; }\n" % (name, i))
        if name != "plain":
            embed(o, b"payload of " + name.encode() + PAYLOAD[: 100 * i])
        objs.append(os.path.basename(o))
    (tmp_path / "README").write_text("a member that is not an object\n")
    lib = archive(tmp_path, "libu.a", objs[:2] + ["README"] + objs[2:])
    solo = compile_c(tmp_path, "solo", "int solo(void) { return 9; }\n")
    embed(solo, b"S")
    got = read_units([solo, lib])
    # index: the member's position (README counts, the symbol index does not)
    assert got == [Unit(solo, None, b"S"),
                   Unit(lib, "u1.o", b"payload of u1", 0),
                   Unit(lib, "u2.o", b"payload of u2" + PAYLOAD[:200], 3),
                   Unit(lib, "u3.o", b"payload of u3" + PAYLOAD[:300], 4)]


def test_archive_with_same_named_members(tmp_path):
    for sub, payload in (("x", b"first"), ("y", b"second")):
        (tmp_path / sub).mkdir()
        o = compile_c(tmp_path / sub, "u", "int u_%s(void) { return 0; }\n" % sub)
        embed(o, payload)
    lib = archive(tmp_path, "libd.a", ["x/u.o", "y/u.o"])
    assert ar_list(lib) == ["u.o", "u.o"]
    assert [(u.member, u.index, u.payload) for u in read_units([lib])] == [("u.o", 0, b"first"),
                                                                          ("u.o", 1, b"second")]
    with pytest.raises(ValueError, match="2 members"):
        replace_members(lib, {"u.o": str(tmp_path / "x" / "u.o")}, str(tmp_path / "out.a"))
    # by position: the second one only, then both
    (tmp_path / "z").mkdir()
    new = compile_c(tmp_path / "z", "u", "int u_z(void) { return 0; }\n")
    embed(new, b"third")
    out = str(tmp_path / "out.a")
    replace_members(lib, {1: new}, out)
    assert ar_list(out) == ["u.o", "u.o"]
    assert [(u.index, u.payload) for u in read_units([out])] == [(0, b"first"), (1, b"third")]
    replace_members(lib, {0: new, 1: str(tmp_path / "x" / "u.o")}, out)
    assert [(u.index, u.payload) for u in read_units([out])] == [(0, b"third"), (1, b"first")]
    index = subprocess.run(["nm", "-s", out], capture_output=True, text=True, check=True).stdout
    assert "u_z in u.o" in index and "u_x in u.o" in index
    with pytest.raises(ValueError, match="no member 2"):
        replace_members(lib, {2: new}, out)


def test_thin_archive(tmp_path):
    (tmp_path / "sub").mkdir()
    o = compile_c(tmp_path / "sub", "t", "int t(void) { return 0; }\n")
    embed(o, b"thin")
    run(["ar", "rcT", "libt.a", "sub/t.o"], tmp_path)
    lib = str(tmp_path / "libt.a")
    assert read_units([lib]) == [Unit(lib, "sub/t.o", b"thin", 0)]
    # the copy of a thin archive with a member replaced is a normal archive that links
    new = compile_c(tmp_path, "new", "int t(void) { return 7; }\n")
    embed(new, b"new")
    replace_members(lib, {0: new}, str(tmp_path / "copy.a"))
    assert open(str(tmp_path / "copy.a"), "rb").read(8) == b"!<arch>\n"
    assert read_units([str(tmp_path / "copy.a")]) == [Unit(str(tmp_path / "copy.a"), "t.o", b"new", 0)]
    (tmp_path / "main.c").write_text("int t(void);\nint main(void) { return t() != 7; }\n")
    run(CC + ["main.c", "copy.a", "-o", "prog"], tmp_path)
    run([str(tmp_path / "prog")], tmp_path)
    # a thin archive that refers into a normal one (`ar T` given an archive)
    archive(tmp_path, "libn.a", ["new.o"])
    run(["ar", "rcT", "libtn.a", "libn.a"], tmp_path)
    assert read_units([str(tmp_path / "libtn.a")]) == [Unit(str(tmp_path / "libtn.a"), "new.o", b"new", 0)]


def test_damaged_and_incomplete_archives_raise_archive_error(tmp_path):
    o = compile_c(tmp_path, "a", "int a(void) { return 0; }\n")
    embed(o, b"A")
    lib = archive(tmp_path, "lib.a", ["a.o"])
    data = open(lib, "rb").read()
    (tmp_path / "cut.a").write_bytes(data[:len(data) // 2])
    (tmp_path / "bad.a").write_bytes(b"!<arch>\n" + b"x" * 70)
    for bad in ("cut.a", "bad.a"):
        with pytest.raises(objects.ArchiveError, match="damaged archive"):
            read_units([str(tmp_path / bad)])
    (tmp_path / "sub").mkdir()
    compile_c(tmp_path / "sub", "gone", "int gone(void) { return 0; }\n")
    run(["ar", "rcT", "libg.a", "sub/gone.o"], tmp_path)
    os.unlink(str(tmp_path / "sub" / "gone.o"))
    with pytest.raises(objects.ArchiveError, match="cannot read member 'sub/gone.o'"):
        read_units([str(tmp_path / "libg.a")])


def test_linked_programs_lack_the_section(tmp_path):
    f = compile_c(tmp_path, "f", "int f(void) { return 42; }\n")
    g = compile_c(tmp_path, "g", "int g(void) { return 1; }\n")
    m = compile_c(tmp_path, "m", "int f(void); int g(void);\nint main(void) { return f() + g() != 43; }\n")
    for o in (f, g, m):
        embed(o, PAYLOAD)
    lib = archive(tmp_path, "libg.a", ["g.o"])
    # plain gcc links the objects (one through an archive) and the program runs
    run(CC + ["m.o", "f.o", "libg.a", "-o", "prog"], tmp_path)
    run([str(tmp_path / "prog")], tmp_path)
    assert SEC not in sections(tmp_path / "prog")
    assert len(read_units([m, f, lib])) == 3
    # a shared library does not carry it either; a relocatable link (ld -r) keeps it
    compile_c(tmp_path, "s", "int s(void) { return 0; }\n", ["-fPIC"])
    embed(str(tmp_path / "s.o"), b"S")
    run(CC + ["-shared", "s.o", "-o", "libs.so"], tmp_path)
    assert SEC not in sections(tmp_path / "libs.so")
    run(["ld", "-r", "f.o", "-o", "r.o"], tmp_path)
    assert read_units([str(tmp_path / "r.o")]) == [Unit(str(tmp_path / "r.o"), None, PAYLOAD)]


# ---- replace_members --------------------------------------------------------------

def test_replace_members_keeps_order_and_links(tmp_path):
    names = ["a", "b", "c", "d"]
    for i, n in enumerate(names):
        compile_c(tmp_path, n, "int %s(void) { return %d; }\n" % (n, i))
        embed(str(tmp_path / (n + ".o")), b"old " + n.encode())
    (tmp_path / "data.txt").write_text("kept as is\n")
    members = ["a.o", "b.o", "data.txt", "c.o", "d.o"]
    lib = archive(tmp_path, "lib.a", members)
    (tmp_path / "new").mkdir()
    nb = compile_c(tmp_path / "new", "b", "int b(void) { return 100; }\n")
    nd = compile_c(tmp_path / "new", "d", "int d(void) { return 300; }\n")
    embed(nb, b"new b")
    before = {m: ar_member(lib, m) for m in members}
    out = str(tmp_path / "lib2.a")
    replace_members(lib, {"b.o": nb, "d.o": nd}, out)
    assert ar_list(out) == members
    assert ar_member(out, "b.o") == open(nb, "rb").read()
    assert ar_member(out, "d.o") == open(nd, "rb").read()
    for m in ("a.o", "data.txt", "c.o"):
        assert ar_member(out, m) == before[m]
    assert ar_list(lib) == members and ar_member(lib, "b.o") == before["b.o"]   # the input is untouched
    assert [(u.member, u.payload) for u in read_units([out])] == [("a.o", b"old a"), ("b.o", b"new b"),
                                                                  ("c.o", b"old c")]
    # the copy has a symbol index and links
    index = subprocess.run(["nm", "-s", out], capture_output=True, text=True, check=True).stdout
    assert "Archive index:" in index and "b in b.o" in index
    (tmp_path / "main.c").write_text("int b(void); int d(void);\nint main(void) { return b() + d() != 400; }\n")
    run(CC + ["main.c", "lib2.a", "-o", "prog"], tmp_path)
    run([str(tmp_path / "prog")], tmp_path)
    # in place
    replace_members(lib, {"a.o": nb}, lib)
    assert ar_list(lib) == members and ar_member(lib, "a.o") == open(nb, "rb").read()
    with pytest.raises(ValueError, match="no member"):
        replace_members(lib, {"zz.o": nb}, out)
    with pytest.raises(ValueError):
        replace_members(nb, {"a.o": nb}, out)


# ---- the plan guard -----------------------------------------------------------

def guarded(anchors, body):
    return plan_guard_asm(anchors) + body


MAIN = "int helper(void);\nint main(void) { return helper(); }\n"
HELPER = "int helper(void) { return 0; }\n"
FLAGS = [[], ["-O2"], ["-O2", "-fsanitize=thread"], ["-O2", "-ffunction-sections", "-fdata-sections",
                                                     "-Wl,--gc-sections"]]


def link(tmp_path, anchors_a, anchors_b, flags, layout):
    compile_c(tmp_path, "a", guarded(anchors_a, MAIN), flags + ["-Wall", "-Wextra", "-Werror"])
    compile_c(tmp_path, "b", guarded(anchors_b, HELPER), flags + ["-Wall", "-Wextra", "-Werror"])
    if layout == "archive":
        archive(tmp_path, "libb.a", ["b.o"])
        inputs = ["a.o", "libb.a"]
    elif layout == "archive-first":
        archive(tmp_path, "liba.a", ["a.o"])     # main comes from the archive
        inputs = ["b.o", "liba.a"]
    else:
        inputs = ["a.o", "b.o"]
    return run(CC + flags + inputs + ["-o", "prog"], tmp_path, check=False)


@pytest.mark.parametrize("layout", ["objects", "archive", "archive-first"])
@pytest.mark.parametrize("flags", FLAGS, ids=lambda f: " ".join(f) or "-O0")
def test_plan_guard_same_plan_links(tmp_path, flags, layout):
    p = link(tmp_path, {"bank": "c0ffee", "queue": "1"}, {"bank": "c0ffee", "queue": "1"}, flags, layout)
    assert p.returncode == 0, p.stderr.decode(errors="replace")
    assert SEC not in sections(tmp_path / "prog")
    if "-fsanitize=thread" not in flags:
        run([str(tmp_path / "prog")], tmp_path)


@pytest.mark.parametrize("layout", ["objects", "archive", "archive-first"])
@pytest.mark.parametrize("flags", FLAGS, ids=lambda f: " ".join(f) or "-O0")
def test_plan_guard_different_plan_fails(tmp_path, flags, layout):
    p = link(tmp_path, {"bank": "c0ffee", "queue": "1"}, {"bank": "beef", "queue": "1"}, flags, layout)
    err = p.stderr.decode(errors="replace")
    assert p.returncode != 0
    assert not (tmp_path / "prog").exists()
    # the object linked second refers to its own plan's symbol, which was discarded
    assert "__atomicc_plan_bank_" in err and ("__atomicc_plan_bank_beef" in err or "__atomicc_plan_bank_c0ffee" in err)
    assert "__atomicc_plan_queue" not in err


def test_plan_guard_anchor_names_and_hashes(tmp_path):
    # anchors that a naive sanitizer would merge stay apart: no false failure
    p = link(tmp_path, {"a.b": "1", "s->next": "2"}, {"a_b": "3", "s_next": "4"}, ["-O2"], "objects")
    assert p.returncode == 0, p.stderr.decode(errors="replace")
    # an anchor present in only one object is no conflict
    p = link(tmp_path, {"bank": "1"}, {"list": "2"}, [], "objects")
    assert p.returncode == 0, p.stderr.decode(errors="replace")
    p = link(tmp_path, {"bank": "1", "list": "2"}, {"list": "3"}, [], "objects")
    assert p.returncode != 0 and "__atomicc_plan_list_" in p.stderr.decode(errors="replace")
    with pytest.raises(ValueError):
        plan_guard_asm({"bank": "not-a-hash"})
    assert plan_guard_asm({}) == ""
    text = plan_guard_asm({"bank": "9f3a"})
    assert '.pushsection .atomicc.plan.bank,\\"aG\\",@progbits,__atomicc_plan_bank,comdat' in text
    assert "static const void *const" in text and "__attribute__((used))" in text


def test_plan_guard_with_three_objects(tmp_path):
    # two agree, the third differs: fails; all three agree: links
    for hashes, ok in ((("1", "1", "1"), True), (("1", "1", "2"), False)):
        for n, h in zip("xyz", hashes):
            compile_c(tmp_path, n, guarded({"bank": h}, "int %s(void) { return 0; }\n" % n))
        (tmp_path / "m.c").write_text("int x(void), y(void), z(void);\nint main(void) { return x() + y() + z(); }\n")
        p = run(CC + ["m.c", "x.o", "y.o", "z.o", "-o", "prog"], tmp_path, check=False)
        assert (p.returncode == 0) == ok, p.stderr.decode(errors="replace")
        if not ok:
            assert "__atomicc_plan_bank_2" in p.stderr.decode(errors="replace")


@pytest.mark.parametrize("flags", [["-flto", "-O2"], ["-flto", "-O2", "-fsanitize=thread"]], ids=" ".join)
def test_plan_guard_with_lto(tmp_path, flags):
    # every unit's top-level asm goes to one assembly file: the same plan
    # twice is no duplicate definition, two plans are an assembler error
    p = link(tmp_path, {"bank": "c0ffee"}, {"bank": "c0ffee"}, flags, "objects")
    assert p.returncode == 0, p.stderr.decode(errors="replace")
    p = link(tmp_path, {"bank": "c0ffee"}, {"bank": "beef"}, flags, "objects")
    err = p.stderr.decode(errors="replace")
    assert p.returncode != 0 and "__atomicc_plan_bank_" in err
    assert "different plans for anchor bank" in err


# ---- `atomicc cc` links archives of units, re-lowering members by position ----------
#
# b/util.c's `hits++` alone is one atomic instruction; main.c's read-then-write
# of `hits` needs a lock: the link step must re-lower b/util.o (wherever it
# sits in the archive) or the two blocks do not exclude each other and the
# count comes out short.  a/util.c's `other` is touched by its block only: its
# lowering does not change.  Both objects are called util.o.

CC_HEADER = "extern long hits, other;\nvoid inc(void);\nvoid bump_other(void);\n"
CC_A = '#include "../hits.h"\nlong other;\nvoid bump_other(void) { atomic { other++; } }\n'
CC_B = '#include "../hits.h"\nlong hits;\nvoid inc(void) { atomic { hits++; } }\n'
CC_MAIN = r'''#include <pthread.h>
#include <stdio.h>
#include "hits.h"
#define N 200000
static pthread_barrier_t gate;
static void *w1(void *a) { (void)a; pthread_barrier_wait(&gate); for (int i = 0; i < N; i++) { inc(); bump_other(); } return 0; }
static void *w2(void *a)
{
    (void)a;
    pthread_barrier_wait(&gate);
    for (int i = 0; i < N; i++) {
        atomic { long s = hits; hits = s + 1; }
    }
    return 0;
}
int main(void)
{
    pthread_t a, b;
    pthread_barrier_init(&gate, 0, 2);
    pthread_create(&a, 0, w1, 0);
    pthread_create(&b, 0, w2, 0);
    pthread_join(a, 0);
    pthread_join(b, 0);
    printf("hits=%ld other=%ld\n", hits, other);
    return hits != 2 * N || other != N;
}
'''
CC_EXPECT = "hits=400000 other=200000\n"


@pytest.fixture
def units(tmp_path):
    """a/util.o, b/util.o and main.o made by `atomicc cc -c`; returns the directory."""
    from conftest import atomicc
    (tmp_path / "hits.h").write_text(CC_HEADER)
    (tmp_path / "main.c").write_text(CC_MAIN)
    for sub, text in (("a", CC_A), ("b", CC_B)):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "util.c").write_text(text)
    for src in ("a/util.c", "b/util.c", "main.c"):
        # absolute paths: the link step then sees an unchanged unit as unchanged
        r = atomicc("cc", "-c", "-O1", str(tmp_path / src), "-o", src[:-2] + ".o", cwd=str(tmp_path))
        assert r.returncode == 0, r.stderr
    return tmp_path


def link_and_run(d, *inputs):
    """`atomicc cc -### INPUTS` (returns its commands) then the real link and a run."""
    from conftest import atomicc
    dry = atomicc("cc", "-###", *inputs, "-o", "prog", cwd=str(d))
    assert dry.returncode == 0, dry.stderr
    r = atomicc("cc", *inputs, "-o", "prog", cwd=str(d))
    assert r.returncode == 0, r.stderr
    p = subprocess.run([str(d / "prog")], capture_output=True, text=True, timeout=60,
                       env=dict(os.environ, ATOMICC_SOLO="0"))
    assert (p.returncode, p.stdout) == (0, CC_EXPECT), p.stderr
    return dry.stderr


@pytest.mark.parametrize("order", [["a/util.o", "b/util.o"], ["b/util.o", "a/util.o"]],
                         ids=["changed-second", "changed-first"])
def test_cc_archive_with_same_named_members(units, order):
    d = units
    run(["ar", "q", "libu.a"] + order, d)          # `ar q` keeps both util.o
    run(["ar", "s", "libu.a"], d)
    assert ar_list(d / "libu.a") == ["util.o", "util.o"]
    before = (d / "libu.a").read_bytes()
    dry = link_and_run(d, "main.o", "libu.a")
    changed = order.index("b/util.o") + 1
    assert "with util.o (member %d) recompiled" % changed in dry, dry
    assert "util.o (member %d)" % (3 - changed) not in dry, dry
    assert (d / "libu.a").read_bytes() == before            # the user's archive is untouched


def test_cc_archive_with_same_named_members_both_changed(units):
    # c/util.c's `hits--` alone is one atomic instruction too: both members change
    d = units
    (d / "c").mkdir()
    (d / "c" / "util.c").write_text('#include "../hits.h"\nvoid dec(void) { atomic { hits--; } }\n'
                                    'void inc2(void) { dec(); atomic { hits += 2; } }\n')
    from conftest import atomicc
    r = atomicc("cc", "-c", "-O1", str(d / "c" / "util.c"), "-o", "c/util.o", cwd=str(d))
    assert r.returncode == 0, r.stderr
    run(["ar", "q", "libu.a", "b/util.o", "a/util.o", "c/util.o"], d)
    run(["ar", "s", "libu.a"], d)
    dry = link_and_run(d, "main.o", "libu.a")
    assert "with util.o (member 1), util.o (member 3) recompiled" in dry, dry


@pytest.mark.parametrize("flags", ["rcsT", "rcT"])
def test_cc_thin_archive(units, flags):
    d = units
    run(["ar", flags, "libt.a", "a/util.o", "b/util.o"], d)
    assert run(["ar", "t", "libt.a"], d).stdout.decode().split() == ["a/util.o", "b/util.o"]
    before = {f: (d / f).read_bytes() for f in ("libt.a", "a/util.o", "b/util.o")}
    dry = link_and_run(d, "main.o", "libt.a")
    assert "with b/util.o (member 2) recompiled" in dry, dry
    assert {f: (d / f).read_bytes() for f in before} == before      # neither the archive nor its files change


def test_cc_thin_archive_referring_into_a_normal_archive(units):
    d = units
    run(["ar", "q", "libu.a", "a/util.o", "b/util.o"], d)
    run(["ar", "s", "libu.a"], d)
    run(["ar", "rcsT", "libt.a", "libu.a"], d)       # thin, members of libu.a by offset
    assert ar_list(d / "libt.a") == ["util.o", "util.o"]
    dry = link_and_run(d, "main.o", "libt.a")
    assert "with util.o (member 2) recompiled" in dry, dry


def test_cc_unusable_archive_is_a_clean_error(units):
    from conftest import atomicc
    d = units
    run(["ar", "q", "libu.a", "a/util.o", "b/util.o"], d)
    data = (d / "libu.a").read_bytes()
    (d / "cut.a").write_bytes(data[:len(data) - 100])
    run(["ar", "rcsT", "libt.a", "a/util.o", "b/util.o"], d)
    os.unlink(str(d / "b" / "util.o"))
    for lib, msg in (("cut.a", "cut.a: damaged archive"),
                     ("libt.a", "libt.a: cannot read member 'b/util.o' of this thin archive")):
        r = atomicc("cc", "main.o", lib, "-o", "prog", cwd=str(d))
        assert r.returncode == 1, r.stderr
        assert r.stderr.startswith("atomicc: error: " + msg), r.stderr
        assert "internal error" not in r.stderr and not (d / "prog").exists()
