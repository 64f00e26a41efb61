"""The catalogue of error messages: every bad input with its exact message.

Two kinds of case:

* tests/data/errors/NAME.c: one small input each, with its command and its
  exact standard error written at the end of the file (so the code keeps its
  line numbers), xDSL style:

      // RUN: atomicc --strategy=stm %s
      // STATUS: 1
      // STDERR: %s:5:5: error: strategy 'stm' cannot be used for this atomic block: ...
      // STDERR:      atomic {
      // STDERR:      ^

  `%s` is the file's name; the command runs in tests/data/errors.

* CASES below: inputs that need a setting-up (missing, unreadable and
  directory inputs, flags, a bad -o, objects from separate compilation).

docs/errors.md lists every message for users; each is checked here.
"""

import os
import subprocess
import sys

import pytest

from conftest import TESTS, without_file_permission_override

DATA = os.path.join(TESTS, "data", "errors")
ENV = dict(os.environ, LC_ALL="C", LANG="C")       # gcc's messages in ASCII quotes
ENV.pop("ATOMICC_FAULT", None)


def run(args, cwd, env=None, preexec_fn=None):
    p = subprocess.run([sys.executable, "-m", "atomicc", *args], cwd=str(cwd), capture_output=True,
                       timeout=300, env=env or ENV, preexec_fn=preexec_fn)
    return p.returncode, p.stderr.decode("utf-8", "surrogateescape")


def expectations(path):
    with open(path, "rb") as f:
        text = f.read().decode("utf-8", "surrogateescape")
    run_args, status, stderr = None, None, []
    for line in text.splitlines():
        if line.startswith("// RUN: atomicc"):
            run_args = line[len("// RUN: atomicc"):].split()
        elif line.startswith("// STATUS: "):
            status = int(line[len("// STATUS: "):])
        elif line.startswith("// STDERR:"):
            stderr.append(line[len("// STDERR: "):])
    return run_args, status, stderr


DATA_CASES = sorted(f for f in os.listdir(DATA) if f.endswith(".c"))


def test_catalogue_size():
    assert len(DATA_CASES) + len(CASES) >= 40


@pytest.mark.parametrize("name", DATA_CASES)
def test_data_case(name):
    args, status, want = expectations(os.path.join(DATA, name))
    assert args and status is not None and want, "%s: RUN, STATUS and STDERR lines are required" % name
    code, err = run([a.replace("%s", name) for a in args], DATA)
    assert "Traceback" not in err
    assert err.splitlines() == [w.replace("%s", name) for w in want]
    assert code == status
    # a located error: file:line:col, then the source line and a caret under the column
    first = err.splitlines()[0]
    if first.startswith(name + ":"):
        col = int(first.split(":")[2])
        caret = err.splitlines()[2]
        assert caret.rstrip().endswith("^") and len(caret.rstrip()) - 1 == col


# ---- cases that need setting up ---------------------------------------------------------

GOOD = "long n;\nvoid f(void) { atomic { n++; } }\nint main(void) { f(); return 0; }\n"


def usage(last):
    """argparse's usage text (its options vary), then our message."""
    return ("usage", last)


def _objects_other_version(d):
    assert run(["cc", "-c", "m.c", "-o", "m.o"], d)[0] == 0
    from atomicc import objects
    import json
    import zlib
    unit = objects.read_units([str(d / "m.o")])[0]
    data = json.loads(zlib.decompress(unit.payload))
    data["version"] = 99
    objects.embed(str(d / "m.o"), zlib.compress(json.dumps(data).encode()))


def _objects_damaged_section(d):
    assert run(["cc", "-c", "m.c", "-o", "m.o"], d)[0] == 0
    from atomicc import objects
    objects.embed(str(d / "m.o"), b"not zlib at all")


def _write(d, name, text):
    p = d / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text)


# name: (setup(d) or None, args, status, expected stderr: [lines] exactly, or usage(last line))
CASES = {
    # inputs
    "input_missing": (None, ["missing.c"], 1, ["atomicc: error: cannot read 'missing.c': No such file or directory"]),
    "input_missing_lint": (None, ["lint", "missing.c"], 2,
                           ["atomicc: error: cannot read 'missing.c': No such file or directory"]),
    "input_missing_cc": (None, ["cc", "missing.c", "-o", "p"], 1,
                         ["atomicc: error: cannot read 'missing.c': No such file or directory"]),
    "input_directory": (lambda d: (d / "src.c").mkdir(), ["src.c"], 1, ["atomicc: error: 'src.c' is a directory"]),
    "input_directory_lint": (lambda d: (d / "src").mkdir(), ["lint", "src"], 2,
                             ["atomicc: error: 'src' is a directory"]),
    "input_unreadable": (lambda d: (_write(d, "secret.c", GOOD), os.chmod(str(d / "secret.c"), 0)),
                         ["secret.c"], 1, ["atomicc: error: cannot read 'secret.c': Permission denied"]),
    "input_empty": (lambda d: _write(d, "empty.c", ""), ["empty.c"], 1,
                    ["empty.c:1:1: error: the file is empty (a translation unit needs at least one declaration)",
                     " ", " ^"]),
    "input_given_twice": (lambda d: _write(d, "m.c", GOOD), ["m.c", "./m.c", "-o", "out/"], 2,
                          ["atomicc: error: './m.c' is given twice: each file of a program is one translation unit"]),
    # flags
    "flag_unknown": (None, ["--no-such-flag", "m.c"], 2, usage("atomicc: error: unrecognized arguments: --no-such-flag")),
    "flag_no_input": (None, [], 2, usage("atomicc: error: no input file")),
    "flag_cpus_zero": (None, ["--cpus=0", "m.c"], 2,
                       ["atomicc: error: --cpus wants a number of CPUs from 1 to 4096, not '0'"]),
    "flag_cpus_not_a_number": (None, ["cc", "--cpus=many", "m.c"], 2,
                               ["atomicc: error: --cpus wants a number of CPUs from 1 to 4096, not 'many'"]),
    "flag_strategy_unknown": (None, ["--strategy=fast", "m.c"], 2,
                              ["atomicc: error: unknown strategy 'fast'; choose one of: auto, global, pervar, stm, "
                               "atomic-op"]),
    "flag_target_unknown": (None, ["cc", "--target=bogus", "m.c"], 2,
                            ["atomicc: error: unknown target 'bogus'; choose native, sim or sim:N"]),
    "flag_target_sim_zero": (None, ["cc", "--target=sim:0", "m.c"], 2,
                             ["atomicc: error: --target=sim:N wants a number of virtual CPUs from 1 to 1024, not '0'"]),
    "flag_target_sim_with_tsan": (None, ["cc", "--target=sim", "-fsanitize=thread", "m.c"], 2,
                                  ["atomicc: error: --target=sim cannot be combined with -fsanitize=thread (the "
                                   "simulator runs every thread on one host thread)"]),
    "flag_lint_format_xml": (None, ["lint", "--format=xml", "m.c"], 2,
                             usage("atomicc: error: argument --format: invalid choice: 'xml' (choose from 'text', "
                                   "'json', 'sarif', 'github')")),
    "flag_explain_format_xml": (None, ["explain", "--format=xml", "m.c"], 2,
                                usage("atomicc: error: argument --format: invalid choice: 'xml' (choose from "
                                      "'text', 'json')")),
    "flag_lint_rule_unknown": (None, ["lint", "--rule=races", "m.c"], 2,
                               usage("atomicc: error: unknown rule 'races' (rules: cond-wait-no-loop, data-race, "
                                     "deadlock, double-lock, irrevocable-in-atomic, lock-leak, retry-outside-atomic, "
                                     "unlock-not-held, unused-suppression)")),
    "flag_warning_unknown": (None, ["-Wall", "m.c"], 2,
                             ["atomicc: error: unknown warning option '-Wall'; atomicc takes -Werror=deadlock, "
                              "-Wno-error=deadlock, -Wdeadlock, -Wno-deadlock"]),
    "flag_cc_o_without_file": (None, ["cc", "m.c", "-o"], 2, ["atomicc: error: missing filename after '-o'"]),
    "flag_cc_missing_argument": (None, ["cc", "m.c", "-I"], 2, ["atomicc: error: missing argument to '-I'"]),
    "flag_cc_no_input": (None, ["cc", "-O2"], 2, ["atomicc: error: no input files"]),
    "flag_cc_c_o_several_sources": (lambda d: _write(d, "n.c", "long k;\n"), ["cc", "-c", "m.c", "n.c", "-o", "x.o"],
                                    2, ["atomicc: error: cannot specify '-o' with '-c' and several source files"]),
    "flag_several_files_without_dir": (lambda d: _write(d, "n.c", "long k;\n"), ["m.c", "n.c"], 2,
                                       usage("atomicc: error: several files are one program: write them with -o "
                                             "DIR/ (one lowered file each)")),
    "flag_dump_ast_two_files": (lambda d: _write(d, "n.c", "long k;\n"), ["--dump-ast", "m.c", "n.c"], 2,
                                usage("atomicc: error: --dump-ast and --reprint take one file")),
    "flag_build_dir_missing": (None, ["-p", "build"], 2,
                               ["atomicc: error: cannot read 'build/compile_commands.json': No such file or directory"]),
    "flag_build_dir_bad_json": (lambda d: _write(d, "build/compile_commands.json", "{\n"), ["-p", "build"], 2,
                                ["atomicc: error: 'build/compile_commands.json' is not valid JSON: Expecting property "
                                 "name enclosed in double quotes: line 2 column 1 (char 2)"]),
    "flag_lint_baseline_missing": (None, ["lint", "--baseline", "base.json", "m.c"], 2,
                                   ["atomicc: error: cannot read the baseline 'base.json': No such file or directory"]),
    # a bad -o
    "output_missing_directory": (None, ["m.c", "-o", "nodir/out.c"], 1,
                                 ["atomicc: error: cannot write 'nodir/out.c': No such file or directory"]),
    "output_parent_is_a_file": (None, ["m.c", "-o", "m.c/out.c"], 1,
                                ["atomicc: error: cannot write 'm.c/out.c': Not a directory"]),
    "output_is_a_directory": (lambda d: (d / "bin").mkdir(), ["cc", "m.c", "-o", "bin"], 1,
                              ["atomicc: error: cannot write 'bin': it is a directory"]),
    "output_object_is_a_directory": (lambda d: (d / "obj").mkdir(), ["cc", "-c", "m.c", "-o", "obj"], 1,
                                     ["atomicc: error: cannot write 'obj': it is a directory"]),
    "output_dir_is_a_file": (lambda d: _write(d, "n.c", "long k;\n"), ["m.c", "n.c", "-o", "n.c/"], 1,
                             ["atomicc: error: cannot create the output directory 'n.c/': it is a file, not a directory"]),
    "output_is_an_input": (None, ["cc", "-c", "m.c", "-o", "m.c"], 2,
                           ["atomicc: error: the output 'm.c' is an input file; it would be overwritten"]),
    "output_lint_missing_directory": (None, ["lint", "m.c", "-o", "nodir/report.sarif"], 2,
                                      ["atomicc: error: cannot write 'nodir/report.sarif': No such file or directory"]),
    # separately compiled objects
    "objects_target_mismatch": (lambda d: run(["cc", "-c", "--target=sim", "m.c", "-o", "m.o"], d),
                                ["cc", "m.o", "-o", "prog"], 1,
                                ["atomicc: error: m.o was compiled with --target=sim; link it with --target=sim too"]),
    "objects_other_version": (_objects_other_version, ["cc", "m.o", "-o", "prog"], 1,
                              ["atomicc: error: m.o was compiled by another version of atomicc; recompile it with "
                               "'atomicc cc -c'"]),
    "objects_damaged_section": (_objects_damaged_section, ["cc", "m.o", "-o", "prog"], 1,
                                ["atomicc: error: m.o: the atomicc section of this object is damaged; recompile it "
                                 "with 'atomicc cc -c'"]),
    "objects_source_and_its_object": (lambda d: run(["cc", "-c", "m.c", "-o", "m.o"], d),
                                      ["cc", "m.c", "m.o", "-o", "prog"], 2,
                                      ["atomicc: error: '{d}/m.c' is in the program twice: as a source and in an "
                                       "object made from it"]),
    "objects_damaged_archive": (lambda d: (d / "libm.a").write_bytes(b"!<arch>\ngarbage"),
                                ["cc", "m.c", "libm.a", "-o", "prog"], 1,
                                ["atomicc: error: libm.a: damaged archive (bad member header at offset 8)"]),
    # the internal-error path
    "internal_error": (None, ["m.c"], 3,
                       ["atomicc: internal error: InjectedFault: fault injected in stage 'plan' (ATOMICC_FAULT=plan) "
                        "(while processing m.c)"]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_case(tmp_path, name):
    setup, args, status, want = CASES[name]
    _write(tmp_path, "m.c", GOOD)
    if setup:
        setup(tmp_path)
    env = dict(ENV, ATOMICC_FAULT="plan") if name == "internal_error" else ENV
    # as root too, the unreadable input is unreadable: the child runs without
    # the capability that lets root read any file
    pre = without_file_permission_override() if name == "input_unreadable" else None
    code, err = run(args, tmp_path, env, preexec_fn=pre)
    lines = err.splitlines()
    assert "Traceback" not in err
    if isinstance(want, tuple):
        assert lines[0].startswith("usage: atomicc"), err
        assert lines[-1] == want[1], err
    else:
        assert lines == [w.replace("{d}", str(tmp_path)) for w in want], err
    assert code == status, err
    assert not (tmp_path / "prog").exists() and not (tmp_path / "out.c").exists()


def test_gcc_errors_keep_their_words(tmp_path):
    """A flag atomicc passes on and gcc refuses: gcc's own message, through the
    preprocessing step that runs first; exit status 1 as gcc's."""
    _write(tmp_path, "m.c", GOOD)
    code, err = run(["cc", "-fno-such-thing", "m.c", "-o", "prog"], tmp_path)
    assert code == 1
    assert err.startswith("atomicc: error: the preprocessor failed: gcc: error: unrecognized command-line option "
                          "'-fno-such-thing'"), err


def _lib_flags():
    p = subprocess.run([sys.executable, "-m", "atomicc", "--libs"], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    return p.stdout.split()


def test_plain_link_of_inconsistent_objects_fails(tmp_path):
    """Two files that share `n`, lowered one at a time under different plans
    and linked by plain gcc: the plan guards make the link fail and name the
    anchor (docs/programs.md)."""
    _write(tmp_path, "a.c", "long n;\nvoid inc(void) { atomic { n++; } }\n")
    _write(tmp_path, "b.c", "extern long n;\nvoid inc(void);\n"
           "int main(void) { inc(); atomic { n += 2; if (n > 5) n = 0; } return 0; }\n")
    rt = ["-I" + os.path.dirname(__import__("atomicc.driver").driver.runtime_sources()[0])]
    for src, strategy in (("a.c", "atomic-op"), ("b.c", "global")):
        code, err = run(["--strategy=" + strategy, src, "-o", "low-" + src], tmp_path)
        assert code == 0, err
        p = subprocess.run(["gcc", "-c", *rt, "low-" + src, "-o", src[:-2] + ".o"], cwd=str(tmp_path),
                           capture_output=True, text=True, timeout=120)
        assert p.returncode == 0, p.stderr
    p = subprocess.run(["gcc", "a.o", "b.o", *_lib_flags(), "-o", "prog"], cwd=str(tmp_path), capture_output=True,
                       text=True, timeout=120, env=ENV)
    assert p.returncode == 1 and "undefined reference to `__atomicc_plan_" in p.stderr, p.stderr
    assert not (tmp_path / "prog").exists()
    # atomicc cc plans the two files together instead
    code, err = run(["cc", "a.c", "b.c", "-o", "prog"], tmp_path)
    assert code == 0, err


def test_plain_link_of_a_provisional_object_fails(tmp_path):
    """An object made by `atomicc cc -c` that calls into another file was
    planned without that file: linking it without atomicc cc fails."""
    _write(tmp_path, "p.c", "extern long g(void);\nlong n;\nvoid f(void) { atomic { n += g(); } }\n")
    code, err = run(["cc", "-c", "p.c", "-o", "p.o"], tmp_path)
    assert code == 0, err
    p = subprocess.run(["gcc", "p.o", *_lib_flags(), "-o", "prog"], cwd=str(tmp_path), capture_output=True,
                       text=True, timeout=120, env=ENV)
    assert p.returncode == 1 and "undefined reference to `__atomicc_link_this_object_with_atomicc_cc'" in p.stderr
