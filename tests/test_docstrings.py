"""The examples in the public docstrings run and print what they say."""

import doctest
import importlib
import pkgutil

import pytest

import imblearn_deep

MODULES = sorted(
    name for _, name, _ in pkgutil.walk_packages(imblearn_deep.__path__, "imblearn_deep.")
    if not name.endswith("__main__")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} docstring example(s) of {name} failed"


def test_the_samplers_have_examples():
    finder = doctest.DocTestFinder()
    for cls in (imblearn_deep.DVAANSampler, imblearn_deep.BayesGANOversampler,
                imblearn_deep.DVAANClassifier):
        assert any(t.examples for t in finder.find(cls)), cls.__name__
