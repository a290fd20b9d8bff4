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
    "sphinx_gallery.gen_gallery",
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
# A short title, the search as an icon and four page links before a "More"
# menu keep the header on one line at 1280 px (the long default title ran
# into the search field; checked with headless Chromium at 1280 and 800 px).
html_title = "imblearn-deep"
html_theme_options = {
    "header_links_before_dropdown": 4,
    "navbar_persistent": ["search-button"],
    "navbar_align": "left",
    "secondary_sidebar_items": ["page-toc"],
}
html_static_path = ["_static"]
html_css_files = ["custom.css"]
exclude_patterns = ["_build", "generated/*.examples", "auto_examples/*.ipynb",
                    "auto_examples/*.py", "auto_examples/*.zip"]

# The example gallery: every examples/plot_*.py runs when the docs build, on
# the CPU, so a broken example fails the build.
os.environ.setdefault("MPLBACKEND", "Agg")
sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "abort_on_example_error": True,
    "download_all_examples": False,
    "remove_config_comments": True,
    "within_subsection_order": "FileNameSortKey",
    "reference_url": {"imblearn_deep": None},
    "backreferences_dir": "generated/backreferences",
    "doc_module": ("imblearn_deep",),
}
