"""The papers' comparisons as estimator benchmarks anyone can rerun.

Run ``python -m imblearn_deep.benchmarks PROTOCOL`` (``dvaan`` or ``imsic``);
``--quick`` is a smoke test that finishes in minutes on a CPU, ``--compact``
a quality check that a CPU can run, the full mode is meant for a GPU.
See ``python -m imblearn_deep.benchmarks --help``.
"""

from ._cnn import SmallCNNClassifier
from ._runner import markdown, protocols, run, synthetic_auc, write_csv

__all__ = ["SmallCNNClassifier", "markdown", "protocols", "run", "synthetic_auc", "write_csv"]
