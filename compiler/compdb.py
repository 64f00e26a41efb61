"""compile_commands.json: the translation units of a build, each with its own flags.

`-p BUILD_DIR` (as clang-tidy takes it) names a directory holding a
`compile_commands.json` (CMake's CMAKE_EXPORT_COMPILE_COMMANDS, Bear,
Meson write one).  Each entry gives a source file, the directory the
compiler ran in and its command line; atomicc keeps the flags that matter
for preprocessing (include paths made absolute, macros, -include, -std) and
treats the entries as one program.

    >>> import json, os, tempfile
    >>> d = tempfile.mkdtemp()
    >>> _ = open(os.path.join(d, "compile_commands.json"), "w").write(json.dumps(
    ...     [{"directory": d, "file": "a.c", "arguments": ["cc", "-Iinc", "-DN=2", "-O2", "-c", "a.c"]}]))
    >>> [(os.path.basename(f), [a.replace(d, "D") for a in args]) for f, args in load(d)]
    [('a.c', ['-ID/inc', '-DN=2'])]
"""

import json
import os
import shlex

from .diagnostics import CompileError, Diagnostic

# flags whose value is a path, relative to the entry's directory
_PATH_FLAGS = ("-I", "-iquote", "-isystem", "-idirafter", "-include", "-imacros")
_VALUE_FLAGS = ("-D", "-U")


def load(build_dir):
    """[(absolute source path, preprocessor args)] in the database's order (duplicates dropped)."""
    path = build_dir if build_dir.endswith(".json") else os.path.join(build_dir, "compile_commands.json")
    try:
        with open(path, encoding="utf-8") as f:
            entries = json.load(f)
    except OSError as e:
        raise CompileError(Diagnostic("error", "cannot read '%s': %s" % (path, e.strerror), None), status=2)
    except ValueError as e:
        raise CompileError(Diagnostic("error", "'%s' is not valid JSON: %s" % (path, e), None), status=2)
    if not isinstance(entries, list):
        raise CompileError(Diagnostic("error", "'%s' must hold a JSON list of compile commands" % path, None),
                           status=2)
    out, seen = [], set()
    for i, e in enumerate(entries):
        if not isinstance(e, dict) or "file" not in e or "directory" not in e:
            raise CompileError(Diagnostic("error", "%s: entry %d lacks 'file' or 'directory'" % (path, i + 1), None),
                               status=2)
        d = e["directory"]
        src = e["file"] if os.path.isabs(e["file"]) else os.path.join(d, e["file"])
        src = os.path.normpath(src)
        if not src.endswith((".c", ".ac", ".i")) or src in seen:
            continue
        seen.add(src)
        args = e.get("arguments")
        if args is None:
            args = shlex.split(e.get("command", ""))
        out.append((src, pp_flags(args[1:], d)))
    if not out:
        raise CompileError(Diagnostic("error", "'%s' lists no C source files" % path, None), status=2)
    return out


def pp_flags(args, directory):
    """The preprocessing flags of a compiler command line, paths made absolute."""
    out = []
    i = 0
    while i < len(args):
        a = args[i]
        hit = False
        for f in _PATH_FLAGS + _VALUE_FLAGS:
            if a == f and i + 1 < len(args):
                v = args[i + 1]
                i += 1
            elif a.startswith(f) and len(a) > len(f) and not (f == "-I" and a.startswith("-include")):
                v = a[len(f):]
            else:
                continue
            if f in _PATH_FLAGS and not os.path.isabs(v):
                v = os.path.normpath(os.path.join(directory, v))
            out += [f + v] if f in ("-I", "-D", "-U") else [f, v]
            hit = True
            break
        if not hit and a.startswith(("-std=", "-ansi")):
            out.append(a)
        i += 1
    return out
