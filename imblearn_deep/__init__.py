"""Deep generative over-samplers for imbalanced-learn.

``DVAANSampler`` and ``BayesGANOversampler`` are drop-in replacements for
``imblearn.over_sampling.SMOTE`` inside imbalanced-learn pipelines.
"""

from ._base import InconsistentVersionWarning
from ._bayes_gan import BayesGANOversampler
from ._classifier import DVAANClassifier
from ._dvaan import DVAANSampler
from ._version import __version__

__all__ = [
    "BayesGANOversampler",
    "DVAANClassifier",
    "DVAANSampler",
    "InconsistentVersionWarning",
    "__version__",
]
