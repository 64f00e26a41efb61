"""The usage examples in the modules' docstrings run and hold.

Only modules with examples are tested, and each must run at least one (a
doctest run over a module without examples checks nothing).  The modules
without examples are exactly WITHOUT_EXAMPLES: a module that loses its
examples, or a new module without any, fails test_modules_without_examples
until the list is changed on purpose (or, better, an example is added).
"""

import doctest
import importlib
import pkgutil

import pytest

import atomicc

# Packages that hold data, not code (the grammar, the C runtime's sources):
# an installed atomicc lists them among its modules, an editable install not.
DATA_PACKAGES = ("atomicc.grammar", "atomicc.runtime_c")
MODULES = sorted(m.name for m in pkgutil.walk_packages(atomicc.__path__, "atomicc.")
                 if not m.name.endswith("__main__") and not m.name.startswith(DATA_PACKAGES))

# Package markers, the command line (tested through tests/test_cli.py), the
# lowering passes (tested through their golden output, tests/test_emit.py),
# modules whose functions need a whole analysed program of locks or a
# benchmark run, and modules whose only examples are marked +SKIP (they need
# files and a compiler: driver, units).
WITHOUT_EXAMPLES = [
    "atomicc.analysis",
    "atomicc.analysis.lockorder",
    "atomicc.analysis.races",
    "atomicc.bench",
    "atomicc.bench.harness",
    "atomicc.bench.plot",
    "atomicc.cli",
    "atomicc.driver",
    "atomicc.emit",
    "atomicc.emit.rewrite",
    "atomicc.frontend",
    "atomicc.lint",
    "atomicc.lower",
    "atomicc.lower.atomic_op",
    "atomicc.lower.global_lock",
    "atomicc.lower.lower",
    "atomicc.lower.pervar",
    "atomicc.lower.stm",
    "atomicc.plan",
    "atomicc.render",
    "atomicc.semantics",
    "atomicc.units",
]


def _examples(name):
    """How many docstring examples the module holds that run (not +SKIP)."""
    mod = importlib.import_module(name)
    return sum(1 for t in doctest.DocTestFinder().find(mod) for e in t.examples
               if not e.options.get(doctest.SKIP))


WITH_EXAMPLES = [n for n in MODULES if _examples(n) > 0]


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_docstring_examples(name):
    mod = importlib.import_module(name)
    result = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, "%s: no example ran (+SKIP examples do not count)" % name
    assert result.failed == 0


def test_modules_without_examples():
    assert sorted(set(MODULES) - set(WITH_EXAMPLES)) == WITHOUT_EXAMPLES
