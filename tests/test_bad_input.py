"""Bad input: every case gives `file:line:col: error: ...`, the source line and
a caret, exit status 1, never a Python traceback, and never a half-written
output file."""

import os

import pytest

from conftest import atomicc

CASES = {
    "syntax": ("int main(void) {\n    int x = 1\n    return x;\n}\n", 2, 14, "expected ';'"),
    "stray_brace": ("int main(void) {\n    return 0;\n}\n}\n", 4, 1, "stray '}'"),
    "retry_outside": ("int n;\nvoid f(void) {\n    if (n == 0) retry;\n}\n", 3, 17, "'retry' outside an atomic block"),
    "misspelled_atomic": ("int n;\nvoid f(void) {\n    atomc { n++; }\n}\n", 3, 5, "did you mean 'atomic'"),
    "unterminated_string": ('const char *s = "abc;\nint main(void) { return 0; }\n', 1, 17, "missing terminating"),
    "unterminated_comment": ("int x;\n/* never closed\nint main(void) { return 0; }\n", 2, 1, "unterminated comment"),
    "goto_into_block": ("int n;\nvoid f(void) {\n    goto in;\n    atomic { in: n++; }\n}\n", 3, 5, "jumps into an atomic block"),
    "missing_include": ("#include <no_such_header_atomicc.h>\nint x;\n", 1, 10, "no_such_header_atomicc.h"),
    "unexpected_eof": ("int main(void) {\n    return 0;\n", 2, 14, "expected '}' at end of input"),
    "binary_nul": (b"int x;\n\x7fELF\x00\x01\x02\x03\n", 2, 5, "binary data"),
    "control_chars": (b"int x;\nint \x01y;\n", 2, 5, "stray '\\001'"),
    "break_in_block": ("int x;\nvoid f(void) {\n    atomic { if (x) break; x++; }\n}\n", 3, 21,
                       "break statement not within loop or switch"),
    "continue_in_block": ("int x;\nvoid f(void) {\n    atomic { if (x) continue; x++; }\n}\n", 3, 21,
                          "continue statement not within a loop"),
    "continue_in_switch_in_block": ("int x;\nvoid f(void) {\n    atomic {\n        switch (x) { case 1: continue; }\n"
                                    "    }\n}\n", 4, 30, "continue statement not within a loop"),
    "pragma_as_loop_body": ("long n;\nvoid f(void) {\n    for (int i = 0; i < 3; i++)\n"
                            "#pragma atomicc strategy(global)\n        atomic { n++; }\n}\n", 4, 1,
                            "put braces around the statement"),
}


def write(tmp_path, name, content):
    p = tmp_path / (name + ".c")
    if isinstance(content, bytes):
        p.write_bytes(content)
    else:
        p.write_text(content)
    return p


def check_located(stderr, path, line, col, msg):
    assert "Traceback" not in stderr
    first = [l for l in stderr.splitlines() if ": error: " in l]
    assert first, stderr
    head = first[0]
    assert head.startswith("%s:%d:%d: error: " % (path, line, col)), stderr
    assert msg in head, stderr
    lines = stderr.splitlines()
    i = lines.index(head)
    assert lines[i + 2].strip() == "^" or lines[i + 2].lstrip().startswith("^"), stderr
    caret_col = len(lines[i + 2]) - len(lines[i + 2].lstrip(" ")) if lines[i + 2].strip() else 0
    assert caret_col == col, stderr      # the caret sits under column `col` (one leading space)


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_compile(tmp_path, name):
    content, line, col, msg = CASES[name]
    p = write(tmp_path, name, content)
    out = tmp_path / "out.c"
    r = atomicc(str(p), "-o", str(out))
    assert r.returncode == 1, r.stderr
    check_located(r.stderr, str(p), line, col, msg)
    assert not out.exists()


@pytest.mark.parametrize("name", ["syntax", "retry_outside", "unterminated_comment", "binary_nul", "break_in_block",
                                  "continue_in_block"])
def test_bad_input_cc(tmp_path, name):
    content, line, col, msg = CASES[name]
    p = write(tmp_path, name, content)
    exe = tmp_path / "prog"
    r = atomicc("cc", str(p), "-o", str(exe))
    assert r.returncode == 1
    check_located(r.stderr, str(p), line, col, msg)
    assert not exe.exists()


def test_output_file_untouched_on_error(tmp_path):
    p = write(tmp_path, "bad", CASES["syntax"][0])
    out = tmp_path / "out.c"
    out.write_text("previous contents\n")
    r = atomicc(str(p), "-o", str(out))
    assert r.returncode == 1
    assert out.read_text() == "previous contents\n"
    assert sorted(os.listdir(tmp_path)) == ["bad.c", "out.c"]      # no temporary left behind


def test_empty_file(tmp_path):
    p = write(tmp_path, "empty", "")
    r = atomicc(str(p))
    assert r.returncode == 1
    assert r.stderr.startswith("%s:1:1: error: the file is empty" % p)
    assert "Traceback" not in r.stderr


def test_unreadable_files(tmp_path):
    r = atomicc(str(tmp_path / "missing.c"))
    assert r.returncode == 1
    assert "cannot read" in r.stderr and "missing.c" in r.stderr and "Traceback" not in r.stderr
    r = atomicc(str(tmp_path))
    assert r.returncode == 1 and "is a directory" in r.stderr


def test_unwritable_output(tmp_path):
    p = write(tmp_path, "ok", "int x;\n")
    r = atomicc(str(p), "-o", str(tmp_path / "no" / "such" / "dir" / "out.c"))
    assert r.returncode == 1
    assert "cannot write" in r.stderr and "Traceback" not in r.stderr


def test_usage_errors():
    r = atomicc("--strategy=bogus", "x.c")
    assert r.returncode == 2 and "unknown strategy 'bogus'" in r.stderr
    r = atomicc("--no-such-flag")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    r = atomicc()
    assert r.returncode == 2 and "no input file" in r.stderr


def test_break_and_continue_that_leave_a_block_are_legal(tmp_path):
    """Inside a loop (or, for break, a switch) that encloses the block, or one
    inside the block, they are C; explain and every lowering accept them
    (tests/c/break_continue.c runs them under each strategy)."""
    p = write(tmp_path, "ok", "int x;\nvoid f(void) {\n    for (;;) { atomic { if (x) break; x++; if (x) continue; } }\n"
              "    switch (x) { case 1: atomic { if (x) break; x++; } }\n"
              "    atomic { while (x) { if (x > 3) break; x--; continue; } }\n}\n")
    for args in ([], ["explain"]):
        r = atomicc(*args, str(p))
        assert r.returncode == 0, r.stderr


def test_break_outside_blocks_is_left_to_gcc(tmp_path):
    """Outside atomic blocks the code is not rewritten: gcc reports it on the user's own line."""
    p = write(tmp_path, "plain", "int x;\nvoid f(void) {\n    if (x) break;\n    atomic { x++; }\n}\n")
    assert atomicc(str(p)).returncode == 0
    r = atomicc("cc", "-c", str(p), "-o", str(tmp_path / "plain.o"))
    assert r.returncode == 1 and "%s:3:12: error: " % p in r.stderr and "break" in r.stderr, r.stderr


def test_stm_refusal_for_a_static_local_names_it(tmp_path):
    """A callee with a writable static local keeps its blocks off the STM (its
    clone would have a second object).  The call is not irrevocable: the
    notes name the variable, at its declaration, and show where the callee
    is called."""
    p = write(tmp_path, "sl", "long total;\nstatic long next_id(void)\n{\n    static long counter;\n"
              "    return ++counter;\n}\nstatic long via(void) { return next_id(); }\n"
              "void f(void)\n{\n    atomic { total += via(); }\n}\nint main(void) { f(); return 0; }\n")
    r = atomicc("--strategy=stm", str(p))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    check_located(r.stderr, p, 10, 5, "strategy 'stm' cannot be used for this atomic block: it calls "
                  "'next_id' (called through via), which has a static local variable ('counter')")
    assert "irrevocable" not in r.stderr, r.stderr
    lines = r.stderr.splitlines()
    note = "%s:4:17: note: 'counter' is a static local of 'next_id': its transactional clone would be a " \
           "second object" % p
    assert note in lines, r.stderr
    assert lines[lines.index(note) + 1] == " " + "    static long counter;"      # the source line, indented by one
    assert "%s:7:32: note: 'next_id' is called here" % p in lines, r.stderr
    # explain says the same, and a const table is no obstacle
    assert "static local variable ('counter')" in atomicc("explain", str(p)).stdout
    q = write(tmp_path, "const_table", "long total;\nstatic long sq(int i)\n{\n    static const long t[3] = {0, 1, 4};\n"
              "    return t[i];\n}\nvoid f(int i)\n{\n    atomic { total += sq(i); }\n}\n")
    assert atomicc("--strategy=stm", str(q)).returncode == 0
