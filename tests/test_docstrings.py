"""The examples in the public docstrings run and print what they say."""

import ast
import doctest
import importlib
import inspect
import pkgutil
import re

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


def _documented_parameters(cls):
    """``{name: default text or None}`` from the Parameters section of ``cls``'s docstring."""
    doc = cls.__doc__
    section = doc.split("Parameters\n    ----------\n", 1)[1].split("\n    Attributes\n", 1)[0]
    documented = {}
    for match in re.finditer(r"^    (\w+(?:, \w+)*) : ([^\n]*)$", section, flags=re.M):
        default = re.search(r"default=(.*)$", match.group(2))
        for name in match.group(1).split(", "):
            documented[name] = default.group(1) if default else None
    return documented


ESTIMATORS = [imblearn_deep.DVAANSampler, imblearn_deep.BayesGANOversampler,
              imblearn_deep.DVAANClassifier]


@pytest.mark.parametrize("cls", ESTIMATORS, ids=lambda c: c.__name__)
def test_docstring_parameters(cls):
    # Every parameter of the signature is documented, once, with its real
    # default, and nothing is documented that the signature lacks.
    signature = {name: p.default for name, p in inspect.signature(cls).parameters.items()}
    documented = _documented_parameters(cls)
    assert list(documented) == list(signature), (
        f"{cls.__name__}: documented {sorted(set(documented) ^ set(signature))} "
        "differ from the signature, or the order differs"
    )
    for name, default in signature.items():
        text = documented[name]
        assert text is not None, f"{cls.__name__}.{name}: no default in the docs"
        assert ast.literal_eval(text) == default, (
            f"{cls.__name__}.{name}: the docs say default={text}, the signature {default!r}"
        )
