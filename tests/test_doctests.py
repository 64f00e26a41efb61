"""The usage examples in the modules' docstrings run and hold."""

import doctest
import importlib
import pkgutil

import pytest

import atomicc

MODULES = sorted(m.name for m in pkgutil.walk_packages(atomicc.__path__, "atomicc.")
                 if not m.name.endswith("__main__"))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    mod = importlib.import_module(name)
    result = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
