"""The papers' comparisons as estimator benchmarks anyone can rerun.

Run ``python -m imblearn_deep.benchmarks PROTOCOL`` (``dvaan`` or ``imsic``);
``--quick`` finishes in minutes on a CPU, the full mode is meant for a GPU.
See ``python -m imblearn_deep.benchmarks --help``.
"""

from ._cnn import SmallCNNClassifier
from ._runner import markdown, protocols, run, write_csv

__all__ = ["SmallCNNClassifier", "markdown", "protocols", "run", "write_csv"]
