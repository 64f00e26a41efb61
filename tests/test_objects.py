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
    assert got == [Unit(solo, None, b"S"),
                   Unit(lib, "u1.o", b"payload of u1"),
                   Unit(lib, "u2.o", b"payload of u2" + PAYLOAD[:200]),
                   Unit(lib, "u3.o", b"payload of u3" + PAYLOAD[:300])]


def test_archive_with_same_named_members(tmp_path):
    for sub, payload in (("x", b"first"), ("y", b"second")):
        (tmp_path / sub).mkdir()
        o = compile_c(tmp_path / sub, "u", "int u_%s(void) { return 0; }\n" % sub)
        embed(o, payload)
    lib = archive(tmp_path, "libd.a", ["x/u.o", "y/u.o"])
    assert ar_list(lib) == ["u.o", "u.o"]
    assert [(u.member, u.payload) for u in read_units([lib])] == [("u.o", b"first"), ("u.o", b"second")]
    with pytest.raises(ValueError, match="2 members"):
        replace_members(lib, {"u.o": str(tmp_path / "x" / "u.o")}, str(tmp_path / "out.a"))


def test_thin_archive(tmp_path):
    (tmp_path / "sub").mkdir()
    o = compile_c(tmp_path / "sub", "t", "int t(void) { return 0; }\n")
    embed(o, b"thin")
    run(["ar", "rcT", "libt.a", "sub/t.o"], tmp_path)
    assert read_units([str(tmp_path / "libt.a")]) == [Unit(str(tmp_path / "libt.a"), "sub/t.o", b"thin")]


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
