#!/usr/bin/env python3
"""Self-check of the `atomicc lint` test corpus (standard library only).

Validates the format described in tests/lint/README.md and prints a summary:

    python3 tests/lint/check_corpus.py            # format only
    python3 tests/lint/check_corpus.py --compile  # also gcc -fsyntax-only / atomicc each program
    python3 tests/lint/check_corpus.py --list     # one line per program

Exit status 0 when the corpus is well formed (and, with --compile, every
program compiles as expected), 1 otherwise.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

RULES = (
    "data-race",
    "deadlock",
    "lock-leak",
    "double-lock",
    "unlock-not-held",
    "cond-wait-no-loop",
    "irrevocable-in-atomic",
    "retry-outside-atomic",
)
GROUPS = RULES + ("clean",)

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

TAG_RE = re.compile(r"//\s*LINT:(.*)$")
TOKEN_RE = re.compile(r"^([a-z][a-z-]*)#([1-9][0-9]*)$")
CLEAN_RE = re.compile(r"^\s*//\s*LINT-CLEAN\s*$")
NEAR_RE = re.compile(r"^\s*//\s*NEAR-MISS:(.*)$")
ATOMIC_C_RE = re.compile(r"(^|[;{}]|\)|\belse)\s*(atomic\s*\{|retry\s*;)", re.M)
RETRY_ERROR = "'retry' outside an atomic block"


class Program:
    def __init__(self, group, name, path, files):
        self.group = group
        self.name = name
        self.path = path          # the .c file or the directory
        self.files = files        # every .c / .h file of the program
        self.tags = {}            # (rule, k) -> [(file, line)]
        self.clean = False
        self.near_miss = []
        self.errors = []
        self.warnings = []
        self.atomic_c = False

    @property
    def multi(self):
        return os.path.isdir(self.path)

    def sources(self):
        return [f for f in self.files if f.endswith(".c")]


def strip_comment_text(line):
    """The code part of a line (before a `//` comment), roughly."""
    i = line.find("//")
    return line if i < 0 else line[:i]


def load(prog):
    header_text = []
    for f in prog.files:
        rel = os.path.relpath(f, HERE)
        with open(f, encoding="utf-8") as fh:
            text = fh.read()
        if ATOMIC_C_RE.search(re.sub(r"/\*.*?\*/|//[^\n]*", " ", text, flags=re.S)):
            prog.atomic_c = True
        stripped = text.lstrip()
        if f.endswith(".c") and not stripped.startswith("/*"):
            prog.errors.append("%s: does not begin with a block comment" % rel)
        m = re.match(r"\s*/\*.*?\*/", text, re.S)
        header = m.group(0) if m else ""
        header_text.append(header)
        for lineno, line in enumerate(text.splitlines(), 1):
            if CLEAN_RE.match(line):
                if lineno > header.count("\n") + 2:
                    prog.errors.append("%s:%d: LINT-CLEAN outside the header comment" % (rel, lineno))
                prog.clean = True
                continue
            nm = NEAR_RE.match(line)
            if nm:
                for r in nm.group(1).replace(",", " ").split():
                    if r not in RULES:
                        prog.errors.append("%s:%d: unknown rule %r in NEAR-MISS" % (rel, lineno, r))
                    else:
                        prog.near_miss.append(r)
                continue
            tm = TAG_RE.search(line)
            if not tm:
                if "LINT:" in line or "LINT-CLEAN" in line:
                    prog.errors.append("%s:%d: malformed LINT marker: %s" % (rel, lineno, line.strip()))
                continue
            if not strip_comment_text(line).strip():
                prog.errors.append("%s:%d: tag on a line without code" % (rel, lineno))
            tokens = tm.group(1).split()
            if not tokens:
                prog.errors.append("%s:%d: empty LINT tag" % (rel, lineno))
            for tok in tokens:
                mm = TOKEN_RE.match(tok)
                if not mm:
                    prog.errors.append("%s:%d: malformed tag %r (want RULE#K)" % (rel, lineno, tok))
                    continue
                rule, k = mm.group(1), int(mm.group(2))
                if rule not in RULES:
                    prog.errors.append("%s:%d: unknown rule %r" % (rel, lineno, rule))
                    continue
                locs = prog.tags.setdefault((rule, k), [])
                if (rel, lineno) in locs:
                    prog.errors.append("%s:%d: tag %s repeated on one line" % (rel, lineno, tok))
                locs.append((rel, lineno))
    headers = "\n".join(header_text)

    # Consistency of the program as a whole.
    if prog.clean and prog.tags:
        prog.errors.append("has both LINT-CLEAN and LINT tags")
    if not prog.clean and not prog.tags:
        prog.errors.append("has neither LINT tags nor LINT-CLEAN")
    if prog.group == "clean":
        if not prog.clean:
            prog.errors.append("is in clean/ but is not marked LINT-CLEAN")
        if not prog.near_miss:
            prog.warnings.append("clean program without a NEAR-MISS line")
    else:
        if prog.clean:
            prog.errors.append("is marked LINT-CLEAN but is in the %s/ group" % prog.group)
        elif not any(r == prog.group for r, _ in prog.tags):
            prog.errors.append("has no %s tag although it is in the %s/ group" % (prog.group, prog.group))
        if prog.near_miss:
            prog.errors.append("NEAR-MISS lines belong to clean programs only")
    by_rule = {}
    for rule, k in prog.tags:
        by_rule.setdefault(rule, []).append(k)
    for rule, ks in by_rule.items():
        ks.sort()
        if ks != list(range(1, len(ks) + 1)):
            prog.errors.append("%s groups are not numbered 1..%d: %s" % (rule, len(ks), ks))
        for k in ks:
            if "%s#%d" % (rule, k) not in headers:
                prog.warnings.append("%s#%d is not explained in a header comment" % (rule, k))
    for (rule, k), locs in prog.tags.items():
        if rule == "lock-leak" and len(locs) < 2:
            prog.warnings.append("lock-leak#%d should tag both the acquisition and the exit" % k)


def discover():
    progs = []
    for entry in sorted(os.listdir(HERE)):
        gdir = os.path.join(HERE, entry)
        if not os.path.isdir(gdir) or entry.startswith((".", "_")):
            continue
        if entry not in GROUPS:
            p = Program(entry, "?", gdir, [])
            p.errors.append("unknown group directory %r" % entry)
            progs.append(p)
            continue
        for name in sorted(os.listdir(gdir)):
            path = os.path.join(gdir, name)
            if os.path.isdir(path):
                files = sorted(os.path.join(path, f) for f in os.listdir(path) if f.endswith((".c", ".h")))
                p = Program(entry, name, path, files)
                if len([f for f in files if f.endswith(".c")]) < 2:
                    p.errors.append("a program directory needs at least two .c files")
                progs.append(p)
            elif name.endswith(".c"):
                progs.append(Program(entry, name[:-2], path, [path]))
            else:
                p = Program(entry, name, path, [])
                p.errors.append("unexpected file (want NAME.c or a directory)")
                progs.append(p)
    for p in progs:
        if p.files:
            load(p)
    return progs


def compile_check(prog, python):
    """gcc -fsyntax-only for plain C, atomicc for Atomic C."""
    srcs = prog.sources()
    if not prog.atomic_c:
        for src in srcs:
            r = subprocess.run(["gcc", "-std=gnu11", "-Wall", "-Wextra", "-pthread", "-fsyntax-only", src],
                               capture_output=True, text=True)
            if r.returncode != 0 or r.stderr.strip():
                prog.errors.append("gcc: %s" % (r.stderr.strip() or "exit %d" % r.returncode))
        return
    with tempfile.TemporaryDirectory() as tmp:
        out = (tmp + "/") if len(srcs) > 1 else os.devnull
        r = subprocess.run([python, "-m", "atomicc"] + srcs + ["-o", out], cwd=REPO,
                           capture_output=True, text=True)
    if prog.group == "retry-outside-atomic":
        # atomicc itself rejects a retry that can run outside every block.
        if r.returncode != 1 or RETRY_ERROR not in r.stderr:
            prog.errors.append("atomicc should reject the retry (exit %d): %s" % (r.returncode, r.stderr.strip()))
    elif r.returncode != 0:
        prog.errors.append("atomicc (exit %d): %s" % (r.returncode, r.stderr.strip()))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--compile", action="store_true", help="also compile every program")
    ap.add_argument("--python", default=sys.executable, help="python with atomicc installed (for --compile)")
    ap.add_argument("--list", action="store_true", help="list every program")
    args = ap.parse_args()

    progs = discover()
    if args.compile:
        for p in progs:
            if p.files:
                compile_check(p, args.python)

    bad = 0
    for p in progs:
        label = os.path.relpath(p.path, HERE)
        for e in p.errors:
            print("ERROR %s: %s" % (label, e))
        for w in p.warnings:
            print("warning %s: %s" % (label, w))
        bad += bool(p.errors)
        if args.list:
            kinds = " ".join(sorted("%s#%d" % t for t in p.tags)) or "clean (near miss: %s)" % " ".join(p.near_miss)
            print("  %-55s %s%s %s" % (label, "M" if p.multi else "-", "A" if p.atomic_c else "-", kinds))

    # Summary table.
    print()
    hdr = "%-24s %8s %9s %8s %9s" % ("rule", "in-group", "pos-progs", "findings", "near-miss")
    print(hdr)
    print("-" * len(hdr))
    for rule in RULES:
        in_group = [p for p in progs if p.group == rule]
        pos = [p for p in progs if any(r == rule for r, _ in p.tags)]
        findings = sum(1 for p in progs for r, _ in p.tags if r == rule)
        near = [p for p in progs if p.group == "clean" and rule in p.near_miss]
        print("%-24s %8d %9d %8d %9d" % (rule, len(in_group), len(pos), findings, len(near)))
    clean = [p for p in progs if p.group == "clean"]
    total = len(progs)
    multi = sum(p.multi for p in progs)
    atomic_c = sum(p.atomic_c for p in progs)
    print("-" * len(hdr))
    print("%-24s %8d" % ("clean (no findings)", len(clean)))
    print("%-24s %8d" % ("total programs", total))
    print("%-24s %8d" % ("multi-file programs", multi))
    print("%-24s %8d" % ("Atomic C programs", atomic_c))
    print("%-24s %8d" % ("total findings (R#k)", sum(len(p.tags) for p in progs)))
    if total:
        print("%-24s %7.0f%%" % ("negatives (clean/total)", 100.0 * len(clean) / total))
    print()
    print("columns: in-group = programs in the rule's directory; pos-progs = programs (any directory) with at")
    print("least one R#k tag; findings = R#k groups over the whole corpus; near-miss = clean programs whose")
    print("NEAR-MISS line names the rule (negatives of the same shape as a positive)")
    if bad:
        print("\n%d program(s) with errors" % bad)
        return 1
    print("\ncorpus OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
