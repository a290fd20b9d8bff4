"""The papers' comparisons as estimator benchmarks anyone can rerun.

Run ``python -m imblearn_deep.benchmarks PROTOCOL`` (``dvaan``, ``imsic``,
``tabular``, ``fewshot`` or ``mixed``); ``--quick`` is a smoke test that finishes in
minutes on a CPU, ``--compact`` a quality check that a CPU can run, the
full image protocols are meant for a GPU; ``--n-jobs`` runs the (task,
seed, fold) units in parallel. See ``python -m imblearn_deep.benchmarks --help``.
"""

from ._cnn import SmallCNNClassifier
from ._runner import markdown, protocols, run, synthetic_auc, write_csv

__all__ = ["SmallCNNClassifier", "markdown", "protocols", "run", "synthetic_auc", "write_csv"]
