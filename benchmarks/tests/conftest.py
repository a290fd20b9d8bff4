"""Tiny, fast configurations of the samplers for the research benchmarks' tests."""

import importlib.util
import pathlib

# the product tests' tiny configurations (tests/conftest.py), not a copy
_spec = importlib.util.spec_from_file_location(
    "product_conftest", pathlib.Path(__file__).resolve().parents[2] / "tests" / "conftest.py")
_product = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_product)
TINY, make_tiny = _product.TINY, _product.make_tiny
