"""Sphinx configuration of the imblearn-deep documentation."""

import imblearn_deep

project = "imblearn-deep"
author = "imblearn-deep developers"
copyright = "2026, imblearn-deep developers"
version = release = imblearn_deep.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "numpydoc",
]
autosummary_generate = True
numpydoc_show_class_members = False
intersphinx_mapping = {
    "python": ("https://docs.python.org/3", None),
    "sklearn": ("https://scikit-learn.org/stable", None),
    "imblearn": ("https://imbalanced-learn.org/stable", None),
    "torch": ("https://pytorch.org/docs/stable", None),
}
html_theme = "pydata_sphinx_theme"
exclude_patterns = ["_build", "generated/*.examples"]
