"""Sphinx configuration of the imblearn-deep documentation."""

import os

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
templates_path = ["_templates"]
numpydoc_show_class_members = False
numpydoc_show_inherited_class_members = False
# Links to other projects' docs need their inventories from the network;
# offline builds (such as this project's CI) leave them out.
intersphinx_mapping = {}
if os.environ.get("IMBLEARN_DEEP_DOCS_ONLINE") == "1":
    intersphinx_mapping = {
        "python": ("https://docs.python.org/3", None),
        "sklearn": ("https://scikit-learn.org/stable", None),
        "imblearn": ("https://imbalanced-learn.org/stable", None),
        "torch": ("https://pytorch.org/docs/stable", None),
    }
html_theme = "pydata_sphinx_theme"
exclude_patterns = ["_build", "generated/*.examples"]
