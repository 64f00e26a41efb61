"""ELF object helpers for separate compilation, in the style of GCC's LTO.

A translation unit compiled on its own (`atomicc cc -c`) is planned without
knowing what the other units do with the same data.  As GCC does for LTO,
the compiler can keep its own summary of a unit inside the unit's object
file, in a section the linker drops (SHF_EXCLUDE, like `.gnu.lto_*`), so the
object still links as a plain one; at link time a driver reads the
summaries back from the objects and static archives of the link, re-lowers
the units whose plan must change and relinks them (with archive members
replaced).  And when objects lowered with different lock plans for the same
data are linked anyway, the link must fail instead of producing a program
that uses two protocols: `plan_guard_asm` emits C that makes the linker
refuse such a mix, with one COMDAT section group per plan anchor.

    embed(obj, payload)                      store payload in obj (in place)
    read_units(paths)                        the payloads of .o files and .a members
    replace_members(ar, {member: obj}, out)  a copy of an archive with members swapped
    plan_guard_asm({anchor: plan_hash})      C text: the link fails on mixed plans

Only the binutils that come with gcc are used (objcopy, ar, readelf; their
names can be overridden with $OBJCOPY, $AR and $READELF), run without a
shell, in private temporary directories that are removed afterwards; files
are replaced atomically (a temporary file in the same directory, then a
rename).

    >>> plan_guard_asm({}) == ""
    True
"""

import collections
import hashlib
import os
import re
import shlex
import shutil
import subprocess
import tempfile
from typing import NamedTuple, Optional

SECTION = ".atomicc.unit"

_SECTION_NAME = re.compile(r"^\.[A-Za-z0-9_.$-]+$")
_HASH = re.compile(r"^[A-Za-z0-9]+$")
_ELF_MAGIC = b"\x7fELF"
_AR_MAGIC = b"!<arch>\n"
_THIN_MAGIC = b"!<thin>\n"
_CHUNK = 200          # files per readelf / ar command line


class Unit(NamedTuple):
    """One object that carries the section: `path` as given to read_units,
    `member` the archive member's name (None for a plain object file), and
    the `payload` bytes exactly as embedded."""
    path: str
    member: Optional[str]
    payload: bytes


class ObjectToolError(RuntimeError):
    """A binutils program is missing or failed; the message has its stderr."""


# ---- running the tools -------------------------------------------------------

def _tool(var, default):
    return shlex.split(os.environ.get(var) or default)


def _run(argv, cwd=None):
    try:
        p = subprocess.run(argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
    except OSError as e:
        raise ObjectToolError("cannot run %s: %s" % (argv[0], e)) from None
    if p.returncode != 0:
        err = p.stderr.decode("utf-8", "replace").strip()
        raise ObjectToolError("%s failed (exit %d): %s" % (" ".join(shlex.quote(a) for a in argv),
                                                            p.returncode, err))
    return p.stdout


def _tempdir():
    return tempfile.TemporaryDirectory(prefix="atomicc-obj-")


def _check_section(section):
    if not isinstance(section, str) or not _SECTION_NAME.match(section):
        raise ValueError("bad section name %r (want e.g. %r)" % (section, SECTION))


def _kind(path):
    """'object' (relocatable ELF), 'archive', 'thin' (thin archive) or None."""
    with open(path, "rb") as f:
        head = f.read(20)
    if head.startswith(_AR_MAGIC):
        return "archive"
    if head.startswith(_THIN_MAGIC):
        return "thin"
    if head.startswith(_ELF_MAGIC) and len(head) >= 18:
        order = "little" if head[5] == 1 else "big"
        if int.from_bytes(head[16:18], order) == 1:    # e_type ET_REL
            return "object"
    return None


def _replace_atomically(build, dest, mode_from):
    """Calls build(tmp) to write a temporary file next to dest, gives it the
    permissions of mode_from, then renames it over dest (so dest is never
    half written)."""
    dest = os.path.abspath(dest)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(dest), prefix="." + os.path.basename(dest) + ".",
                               suffix=".tmp")
    os.close(fd)
    try:
        build(tmp)
        shutil.copymode(mode_from, tmp)
        os.replace(tmp, dest)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _sections(files):
    """{file: set of its section names}, for relocatable ELF files (readelf,
    a few hundred files per run)."""
    out = {f: set() for f in files}
    for i in range(0, len(files), _CHUNK):
        chunk = files[i:i + _CHUNK]
        text = _run(_tool("READELF", "readelf") + ["-S", "-W"] + chunk).decode("utf-8", "replace")
        cur = chunk[0] if len(chunk) == 1 else None
        for line in text.splitlines():
            if line.startswith("File: "):
                cur = line[len("File: "):]
                continue
            m = re.match(r"^\s*\[\s*\d+\]\s+(\S+)", line)
            if m and cur in out:
                out[cur].add(m.group(1))
    return out


def _dump_section(obj, section, tmp):
    dest = os.path.join(tmp, "section.bin")
    scratch = os.path.join(tmp, "scratch.o")
    _run(_tool("OBJCOPY", "objcopy") + ["--dump-section", "%s=%s" % (section, dest), obj, scratch])
    with open(dest, "rb") as f:
        data = f.read()
    os.unlink(dest)
    os.unlink(scratch)
    return data


def _ar_names(archive):
    """The member names, in archive order (duplicates included)."""
    archive = os.path.abspath(archive)
    text = _run(_tool("AR", "ar") + ["t", os.path.basename(archive)], cwd=os.path.dirname(archive))
    return [n for n in os.fsdecode(text).split("\n") if n]


def _ar_extract(archive, names, root):
    """Extracts every member of a (normal) archive under root; returns the
    file of each, in archive order.  Same-named members each get their own
    directory (`ar xN`)."""
    archive = os.path.abspath(archive)
    ar = _tool("AR", "ar")
    counts = collections.Counter(names)
    alldir = os.path.join(root, "all")
    os.makedirs(alldir)
    if any(c == 1 for c in counts.values()):
        _run(ar + ["x", archive], cwd=alldir)
    files, seen = [], collections.Counter()
    for k, name in enumerate(names):
        seen[name] += 1
        if counts[name] == 1:
            path = os.path.join(alldir, name)
        else:
            sub = os.path.join(root, "dup%d" % k)
            os.makedirs(sub)
            _run(ar + ["xN", str(seen[name]), archive, name], cwd=sub)
            path = os.path.join(sub, name)
        if not os.path.isfile(path):
            raise ObjectToolError("%s: cannot extract member %r" % (archive, name))
        files.append(path)
    return files


# ---- the API -----------------------------------------------------------------

def embed(obj_path, payload, section=SECTION):
    """Stores `payload` (bytes) in the relocatable object `obj_path`, in place,
    as section `section` (replacing an earlier one).  The section is flagged
    SHF_EXCLUDE and not allocated, like GCC's `.gnu.lto_*` sections: `ld -r`
    keeps it, a linked program or shared library does not carry it, and the
    object links like any other.

        >>> import os, shutil, subprocess, tempfile
        >>> d = tempfile.mkdtemp()
        >>> src, obj = os.path.join(d, "f.c"), os.path.join(d, "f.o")
        >>> _ = open(src, "w").write("int f(void) { return 1; }\\n")
        >>> subprocess.run(["gcc", "-c", src, "-o", obj]).returncode
        0
        >>> embed(obj, b"unit summary")
        >>> read_units([obj])[0].payload
        b'unit summary'
        >>> shutil.rmtree(d)
    """
    _check_section(section)
    payload = bytes(payload)
    if _kind(obj_path) != "object":
        raise ValueError("%s: not a relocatable ELF object" % obj_path)
    src = os.path.abspath(obj_path)
    with _tempdir() as tmp:
        data = os.path.join(tmp, "payload.bin")
        with open(data, "wb") as f:
            f.write(payload)

        def build(out):
            _run(_tool("OBJCOPY", "objcopy") + [
                "--remove-section", section,
                "--add-section", "%s=%s" % (section, data),
                "--set-section-flags", "%s=contents,readonly,exclude" % section,
                src, out])

        _replace_atomically(build, src, mode_from=src)


def read_units(paths, section=SECTION):
    """The `Unit`s of the relocatable objects among `paths` and of the members
    of the static archives among them (thin ones too) that carry `section`,
    in the order given (archive members in archive order).  Objects without
    the section and files that are neither objects nor archives (shared
    libraries, scripts) are skipped; a missing path raises OSError.

        >>> import os, shutil, subprocess, tempfile
        >>> d = tempfile.mkdtemp()
        >>> for n in ("a", "b", "c"):
        ...     _ = open(os.path.join(d, n + ".c"), "w").write("int %s(void) { return 0; }\\n" % n)
        ...     _ = subprocess.run(["gcc", "-c", n + ".c"], cwd=d, check=True)
        >>> embed(os.path.join(d, "a.o"), b"A")
        >>> embed(os.path.join(d, "b.o"), b"B")
        >>> _ = subprocess.run(["ar", "rc", "lib.a", "b.o", "c.o"], cwd=d, check=True)
        >>> [(os.path.basename(u.path), u.member, u.payload)
        ...  for u in read_units([os.path.join(d, "a.o"), os.path.join(d, "lib.a")])]
        [('a.o', None, b'A'), ('lib.a', 'b.o', b'B')]
        >>> shutil.rmtree(d)
    """
    _check_section(section)
    units = []
    with _tempdir() as tmp:
        cands = []                        # (path, member, file to inspect)
        for i, p in enumerate(paths):
            kind = _kind(p)
            if kind == "object":
                cands.append((p, None, os.path.abspath(p)))
            elif kind in ("archive", "thin"):
                names = _ar_names(p)
                if kind == "thin":         # members are files next to the archive
                    base = os.path.dirname(os.path.abspath(p))
                    files = [os.path.join(base, n) for n in names]
                else:
                    files = _ar_extract(p, names, os.path.join(tmp, "ar%d" % i))
                for name, f in zip(names, files):
                    if _kind(f) == "object":
                        cands.append((p, name, f))
        have = _sections(sorted({f for _, _, f in cands}))
        for p, member, f in cands:
            if section in have[f]:
                units.append(Unit(p, member, _dump_section(f, section, tmp)))
    return units


def replace_members(archive_path, replacements, out_path):
    """Writes to `out_path` a copy of the static archive `archive_path` in
    which each member named in `replacements` (member name -> path of the new
    object) has the new object's contents; member names and order stay, and
    the archive gets a fresh symbol index.  `out_path` may be `archive_path`
    (it is replaced atomically).  A name that is not a member, or that names
    several members, raises ValueError; so does a thin archive.

        >>> import os, shutil, subprocess, tempfile
        >>> d = tempfile.mkdtemp()
        >>> for n in ("a", "b", "new"):
        ...     _ = open(os.path.join(d, n + ".c"), "w").write("int %s(void) { return 0; }\\n" % n)
        ...     _ = subprocess.run(["gcc", "-c", n + ".c"], cwd=d, check=True)
        >>> _ = subprocess.run(["ar", "rc", "lib.a", "a.o", "b.o"], cwd=d, check=True)
        >>> embed(os.path.join(d, "new.o"), b"relowered")
        >>> replace_members(os.path.join(d, "lib.a"), {"a.o": os.path.join(d, "new.o")},
        ...                 os.path.join(d, "lib2.a"))
        >>> [(u.member, u.payload) for u in read_units([os.path.join(d, "lib2.a")])]
        [('a.o', b'relowered')]
        >>> shutil.rmtree(d)
    """
    kind = _kind(archive_path)
    if kind == "thin":
        raise ValueError("%s: thin archives are not supported" % archive_path)
    if kind != "archive":
        raise ValueError("%s: not a static archive" % archive_path)
    names = _ar_names(archive_path)
    counts = collections.Counter(names)
    for m, new in replacements.items():
        if counts[m] == 0:
            raise ValueError("%s: no member named %r" % (archive_path, m))
        if counts[m] > 1:
            raise ValueError("%s: %d members are named %r" % (archive_path, counts[m], m))
        if not os.path.isfile(new):
            raise ValueError("%s: replacement for %r does not exist" % (new, m))
    ar = _tool("AR", "ar")
    with _tempdir() as tmp:
        files = _ar_extract(archive_path, names, os.path.join(tmp, "x"))
        for k, name in enumerate(names):
            if name in replacements:
                shutil.copyfile(replacements[name], files[k])
        built = os.path.join(tmp, "out.a")
        # `q` appends in order and keeps same-named members; `s` the index
        for i in range(0, len(files), _CHUNK):
            _run(ar + ["qc" if i == 0 else "q", built] + files[i:i + _CHUNK])
        if not files:
            with open(built, "wb") as f:
                f.write(_AR_MAGIC)
        _run(ar + ["s", built])
        _replace_atomically(lambda out: shutil.copyfile(built, out), out_path,
                            mode_from=archive_path)


def _anchor_name(name):
    """An injective spelling of an anchor name in [A-Za-z0-9_]: letters and
    digits stay, `_` doubles, any other byte is `_xx` (hex).

        >>> _anchor_name("bank") , _anchor_name("a_b"), _anchor_name("a.b")
        ('bank', 'a__b', 'a_2eb')
    """
    out = []
    for b in str(name).encode("utf-8"):
        c = chr(b)
        if c.isascii() and c.isalnum():
            out.append(c)
        elif c == "_":
            out.append("__")
        else:
            out.append("_%02x" % b)
    return "".join(out)


def plan_guard_asm(anchors):
    """C source text that makes the link fail when two objects were lowered
    with different plans for the same anchor.  `anchors` maps an anchor name
    (any string: sanitized, injectively, to [A-Za-z0-9_]) to the hash of its
    plan (letters and digits).  For anchor A with hash H the text defines
    symbol `__atomicc_plan_A_H` (global, hidden) in a COMDAT section group
    whose signature is `__atomicc_plan_A`, and refers to it from a data array
    (`used`, and `retain` where supported, so that --gc-sections keeps it).
    The linker keeps one group per signature: objects that agree on H all
    resolve the reference to the kept copy; an object with another H refers
    to a symbol that went away with its discarded group, and ld stops with
    "undefined reference to `__atomicc_plan_A_H'".  With -flto, where the
    units' top-level asm ends up in one assembly file, each plan is defined
    once there and a second plan for the anchor is an assembler `.error`
    naming it.  One call per translation unit (the array's name is derived
    from its contents).

        >>> text = plan_guard_asm({"bank": "9f3a"})
        >>> print(text.splitlines()[9])
            ".pushsection .atomicc.plan.bank,\\"aG\\",@progbits,__atomicc_plan_bank,comdat\\n"
        >>> "__atomicc_plan_bank_9f3a" in text
        True
    """
    if not anchors:
        return ""
    items = []
    for name, h in sorted(anchors.items(), key=lambda kv: _anchor_name(kv[0])):
        h = str(h)
        if not _HASH.match(h):
            raise ValueError("plan hash of %r must be letters and digits, not %r" % (name, h))
        a = _anchor_name(name)
        items.append((name, a, "__atomicc_plan_%s" % a, "__atomicc_plan_%s_%s" % (a, h)))
    tag = hashlib.sha1("\n".join(s for *_, s in items).encode()).hexdigest()[:12]
    out = ["/* atomicc plan guards: the link fails if another object was lowered with a",
           " * different plan for one of these anchors (see compiler/objects.py). */",
           "__asm__("]
    for name, a, group, sym in items:
        comment = name.replace("*/", "* /").replace("\n", " ")
        lines = [
            # (with -flto every unit's asm lands in one file: define each plan
            # once, and refuse a second plan for the anchor right there)
            ".ifndef %s" % sym,
            ".ifdef .L%s" % group,
            '.error "atomicc: objects lowered with different plans for anchor %s are linked together (%s)"'
            % (a, sym),
            ".endif",
            ".set .L%s, 1" % group,
            '.pushsection .atomicc.plan.%s,"aG",@progbits,%s,comdat' % (a, group),
            ".globl %s" % sym,
            ".hidden %s" % sym,
            "%s:" % sym,
            ".byte 0",
            ".popsection",
            ".endif"]
        out.append("    /* %s */" % comment)
        out += ['    "%s\\n"' % ln.replace("\\", "\\\\").replace('"', '\\"') for ln in lines]
    out[-1] += ");"
    for _, _, _, sym in items:
        out.append("extern const char %s[] __attribute__((visibility(\"hidden\")));" % sym)
    out += ["#pragma GCC diagnostic push",
            "#pragma GCC diagnostic ignored \"-Wattributes\"",
            "#if defined(__has_attribute)",
            "#if __has_attribute(retain)",
            "#define __ATOMICC_PLAN_RETAIN __attribute__((retain))",
            "#endif",
            "#endif",
            "#ifndef __ATOMICC_PLAN_RETAIN",
            "#define __ATOMICC_PLAN_RETAIN",
            "#endif",
            "static const void *const __atomicc_plan_refs_%s[] __attribute__((used)) __ATOMICC_PLAN_RETAIN = {" % tag]
    for _, _, _, sym in items:
        out.append("    %s," % sym)
    out += ["};",
            "#pragma GCC diagnostic pop",
            "#undef __ATOMICC_PLAN_RETAIN",
            ""]
    return "\n".join(out)
