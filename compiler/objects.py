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
    replace_members(ar, {index: obj}, out)   a copy of an archive with members swapped
    plan_guard_asm({anchor: plan_hash})      C text: the link fails on mixed plans

Archives are read and written here (members by position: names need not be
unique, and thin archives keep only paths); otherwise only the binutils that
come with gcc are used (objcopy, readelf, and `ar s` for a symbol index; their
names can be overridden with $OBJCOPY, $READELF and $AR), run without a
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
    `member` the archive member's name (None for a plain object file), the
    `payload` bytes exactly as embedded, and `index` the member's position
    in the archive (0-based, counting every member but the symbol and name
    tables; None for a plain object file).  Names need not be unique (`ar q`
    appends a second `util.o`); the index is."""
    path: str
    member: Optional[str]
    payload: bytes
    index: Optional[int] = None


class ObjectToolError(RuntimeError):
    """A binutils program is missing or failed; the message has its stderr."""


class ArchiveError(ValueError):
    """An archive that is damaged, or of a shape this module does not handle;
    the message names the archive."""


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


def _kind_of(head):
    """'object' (relocatable ELF), 'archive', 'thin' (thin archive) or None,
    from a file's first 20 bytes."""
    if head.startswith(_AR_MAGIC):
        return "archive"
    if head.startswith(_THIN_MAGIC):
        return "thin"
    if head.startswith(_ELF_MAGIC) and len(head) >= 18:
        order = "little" if head[5] == 1 else "big"
        if int.from_bytes(head[16:18], order) == 1:    # e_type ET_REL
            return "object"
    return None


def _kind(path):
    """'object' (relocatable ELF), 'archive', 'thin' (thin archive) or None."""
    with open(path, "rb") as f:
        return _kind_of(f.read(20))


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


# ---- the ar format ---------------------------------------------------------------
#
# Read in Python, so that members are handled by position: `ar x NAME` and
# `ar r NAME` cannot tell apart two members called `util.o` (which `ar q`
# makes), and `ar x` refuses thin archives.  The format: the global header
# (`!<arch>\n`, or `!<thin>\n` for a thin archive), then per member a 60-byte
# header (name 16, date 12, uid 6, gid 6, mode 8, size 10 in decimal, "`\n")
# and its data, padded to an even offset.  GNU names: `name/` in the header,
# or `/N`, offset N in the long-name table (member `//`, entries `name/\n`);
# `/` and `/SYM64/` are the symbol index.  BSD names: `#1/N`, the name in the
# first N data bytes; `__.SYMDEF*` is the index.  A thin archive keeps only
# the headers, the index and the name table: a member's name is the path of
# its file, relative to the archive's directory unless absolute, and
# `/N:ORIGIN` is the member whose header is at offset ORIGIN of the (normal)
# archive named N, which `ar T` records when given an archive to add.

_AR_HEADER = 60
_AR_FMAG = b"`\n"


class _Member(NamedTuple):
    index: int           # position among the members (the symbol and name tables not counted)
    name: str
    header: bytes        # the member's 60-byte header (date, uid, gid and mode are kept from it)
    file: str            # the file that holds the data: the archive, or a thin member's own file
    offset: int          # where the data starts in `file`
    size: int
    at: int              # where the header starts in the archive


def _ar_parse(path, _nested=None):
    """(kind, [_Member]) of the archive at `path` ('archive' or 'thin');
    raises ArchiveError on a damaged archive or a shape not handled."""
    apath = os.path.abspath(path)
    with open(apath, "rb") as f:
        magic = f.read(len(_AR_MAGIC))
        if magic not in (_AR_MAGIC, _THIN_MAGIC):
            raise ArchiveError("%s: not a static archive" % path)
        thin = magic == _THIN_MAGIC
        total = os.fstat(f.fileno()).st_size
        pos = len(magic)
        table = None                                  # the GNU long-name table
        members = []
        nested = {} if _nested is None else _nested   # thin: the archives that /N:ORIGIN refers to
        while pos < total:
            if total - pos == 1:                      # a final padding byte
                break
            f.seek(pos)
            hdr = f.read(_AR_HEADER)
            if len(hdr) < _AR_HEADER or hdr[58:60] != _AR_FMAG:
                raise ArchiveError("%s: damaged archive (bad member header at offset %d)" % (path, pos))
            field = hdr[0:16].rstrip(b" ")
            try:
                size = int(hdr[48:58].decode("ascii").strip() or "0")
            except ValueError:
                size = -1
            if size < 0:
                raise ArchiveError("%s: damaged archive (bad member size at offset %d)" % (path, pos))
            data = pos + _AR_HEADER
            special = field in (b"/", b"/SYM64/", b"//") or field.startswith(b"__.SYMDEF")
            stored = not thin or special             # is the data in the archive?
            if stored and data + size > total:
                raise ArchiveError("%s: damaged archive (member at offset %d is cut short)" % (path, pos))
            nxt = data + size + (size & 1) if stored else data
            origin = None
            if field == b"//":
                f.seek(data)
                table = f.read(size)
                pos = nxt
                continue
            if special:
                pos = nxt
                continue
            if field.startswith(b"#1/"):              # BSD: the name starts the data
                try:
                    n = int(field[3:])
                except ValueError:
                    n = -1
                if not 0 <= n <= size:
                    raise ArchiveError("%s: damaged archive (bad name at offset %d)" % (path, pos))
                f.seek(data)
                raw = f.read(n).rstrip(b"\0")
                data, size = data + n, size - n
                if raw.startswith(b"__.SYMDEF"):
                    pos = nxt
                    continue
            elif field.startswith(b"/") and len(field) > 1:
                ref = field[1:]
                if thin and b":" in ref:
                    ref, _, org = ref.partition(b":")
                    origin = int(org) if org.isdigit() else -1
                if not ref.isdigit() or table is None or int(ref) >= len(table) or (origin is not None and origin < 0):
                    raise ArchiveError("%s: damaged archive (bad long name %r at offset %d)"
                                       % (path, field.decode("latin-1"), pos))
                k = int(ref)
                stop = table.find(b"\n", k)
                raw = table[k:stop if stop >= 0 else len(table)]
                if raw.endswith(b"/"):
                    raw = raw[:-1]
            else:                                     # GNU `name/`, or a BSD short name
                raw = field.split(b"/", 1)[0] if b"/" in field else field
            name = os.fsdecode(raw)
            index = len(members)
            if not thin:
                members.append(_Member(index, name, hdr, apath, data, size, pos))
            elif origin is None:
                # a thin member is a file of its own (the size in the header is
                # its size when added; the linker reads the file as it is now)
                file = name if os.path.isabs(name) else os.path.join(os.path.dirname(apath), name)
                try:
                    fsize = os.path.getsize(file)
                except OSError as e:
                    raise ArchiveError("%s: cannot read member %r of this thin archive (%s): %s"
                                       % (path, name, file, e.strerror)) from None
                members.append(_Member(index, name, hdr, file, 0, fsize, pos))
            else:
                # a member of a normal archive that the thin archive refers into
                file = name if os.path.isabs(name) else os.path.join(os.path.dirname(apath), name)
                if file not in nested:
                    try:
                        kind, inner = _ar_parse(file, nested)
                    except OSError as e:
                        raise ArchiveError("%s: cannot read archive %r that this thin archive refers to: %s"
                                           % (path, name, e.strerror)) from None
                    if kind != "archive":
                        raise ArchiveError("%s: refers to members of %r, which is not a normal archive"
                                           % (path, name))
                    nested[file] = {m.at: m for m in inner}
                m = nested[file].get(origin)
                if m is None:
                    raise ArchiveError("%s: refers to offset %d of %r, where no member starts"
                                       % (path, origin, name))
                members.append(m._replace(index=index, at=pos))
            pos = nxt
    return ("thin" if thin else "archive"), members


def _copy_range(src, offset, size, out):
    """Copies `size` bytes of file `src` from `offset` to the open file `out`."""
    with open(src, "rb") as f:
        f.seek(offset)
        left = size
        while left:
            buf = f.read(min(left, 1 << 20))
            if not buf:
                raise ArchiveError("%s: ends before the member data at offset %d does" % (src, offset))
            out.write(buf)
            left -= len(buf)


def _head(member):
    with open(member.file, "rb") as f:
        f.seek(member.offset)
        return f.read(min(20, member.size))


def _ar_write(members, contents, dest):
    """Writes a normal (GNU) archive without a symbol index to `dest`:
    `members` in order, each with the data of file contents[i] if given,
    else its own; names and date/uid/gid/mode stay (a thin member's name,
    a path, becomes its last component, as `ar` would store it)."""
    names = []
    table = bytearray()
    for m in members:
        raw = os.fsencode(m.name)
        if raw.startswith(b"/") or b"/" in raw:
            raw = os.fsencode(os.path.basename(m.name)) or b"member"
        if len(raw) <= 15 and b" " not in raw:
            names.append(raw + b"/")
        else:
            names.append(b"/%d" % len(table))
            table += raw + b"/\n"
    with open(dest, "wb") as out:
        out.write(_AR_MAGIC)
        if table:
            if len(table) & 1:
                table += b"\n"
            out.write(b"//".ljust(48) + b"%-10d" % len(table) + _AR_FMAG + bytes(table))
        for m, field in zip(members, names):
            new = contents.get(m.index)
            size = os.path.getsize(new) if new is not None else m.size
            out.write(field.ljust(16) + m.header[16:48] + b"%-10d" % size + _AR_FMAG)
            if new is not None:
                _copy_range(new, 0, size, out)
            else:
                _copy_range(m.file, m.offset, m.size, out)
            if size & 1:
                out.write(b"\n")


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
        cands = []                        # (path, member, index, file to inspect)
        for i, p in enumerate(paths):
            kind = _kind(p)
            if kind == "object":
                cands.append((p, None, None, os.path.abspath(p)))
            elif kind in ("archive", "thin"):
                _, members = _ar_parse(p)
                for m in members:
                    if _kind_of(_head(m)) != "object":
                        continue
                    if m.offset == 0 and m.file != os.path.abspath(p) and _kind(m.file) == "object":
                        f = m.file                 # a thin archive's member: its own file
                    else:
                        f = os.path.join(tmp, "ar%d-m%d.o" % (i, m.index))
                        with open(f, "wb") as out:
                            _copy_range(m.file, m.offset, m.size, out)
                    cands.append((p, m.name, m.index, f))
        have = _sections(sorted({f for *_, f in cands}))
        for p, member, index, f in cands:
            if section in have[f]:
                units.append(Unit(p, member, _dump_section(f, section, tmp), index))
    return units


def replace_members(archive_path, replacements, out_path):
    """Writes to `out_path` a copy of the static archive `archive_path` in
    which each member in `replacements` has the contents of a new object.  A
    key is a member's index (Unit.index: its position, which tells apart
    members of the same name) or its name (which must then be unique); the
    value is the path of the new object.  Member names and order stay, and
    the copy gets a fresh symbol index.  The copy of a thin archive is a
    normal archive holding its members' contents (a member's name, a path,
    becomes its last component).  `out_path` may be `archive_path` (it is
    replaced atomically).  A key that is not a member, or a name that names
    several members, raises ValueError; a damaged archive ArchiveError.

        >>> import os, shutil, subprocess, tempfile
        >>> d = tempfile.mkdtemp()
        >>> for n in ("a", "b", "new"):
        ...     _ = open(os.path.join(d, n + ".c"), "w").write("int %s(void) { return 0; }\\n" % n)
        ...     _ = subprocess.run(["gcc", "-c", n + ".c"], cwd=d, check=True)
        >>> _ = subprocess.run(["ar", "rc", "lib.a", "a.o", "b.o"], cwd=d, check=True)
        >>> embed(os.path.join(d, "new.o"), b"relowered")
        >>> replace_members(os.path.join(d, "lib.a"), {"a.o": os.path.join(d, "new.o")},
        ...                 os.path.join(d, "lib2.a"))
        >>> [(u.member, u.index, u.payload) for u in read_units([os.path.join(d, "lib2.a")])]
        [('a.o', 0, b'relowered')]
        >>> shutil.rmtree(d)
    """
    if _kind(archive_path) not in ("archive", "thin"):
        raise ValueError("%s: not a static archive" % archive_path)
    _, members = _ar_parse(archive_path)
    counts = collections.Counter(m.name for m in members)
    contents = {}
    for key, new in replacements.items():
        if isinstance(key, int) and not isinstance(key, bool):
            if not 0 <= key < len(members):
                raise ValueError("%s: no member %d (it has %d)" % (archive_path, key, len(members)))
            index = key
        else:
            if counts[key] == 0:
                raise ValueError("%s: no member named %r" % (archive_path, key))
            if counts[key] > 1:
                raise ValueError("%s: %d members are named %r (give the member's index)"
                                 % (archive_path, counts[key], key))
            index = next(m.index for m in members if m.name == key)
        if not os.path.isfile(new):
            raise ValueError("%s: replacement for member %r does not exist" % (new, key))
        contents[index] = new
    with _tempdir() as tmp:
        built = os.path.join(tmp, "out.a")
        _ar_write(members, contents, built)
        _run(_tool("AR", "ar") + ["s", built])          # a fresh symbol index
        _replace_atomically(lambda out: shutil.copyfile(built, out), out_path,
                            mode_from=archive_path)


def _anchor_name(name):
    """An injective spelling of an anchor name in [A-Za-z0-9_]: letters and
    digits stay, `_` doubles, any other byte is `_xx` (hex).

        >>> _anchor_name("bank") , _anchor_name("a_b"), _anchor_name("a.b")
        ('bank', 'a__b', 'a_2eb')
    """
    out = []
    for b in str(name).encode("utf-8", "surrogateescape"):
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
