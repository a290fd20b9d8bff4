"""Deep generative over-samplers for imbalanced-learn.

``DVAANSampler`` and ``BayesGANOversampler`` are drop-in replacements for
``imblearn.over_sampling.SMOTE`` inside imbalanced-learn pipelines.
"""

from ._bayes_gan import BayesGANOversampler
from ._dvaan import DVAANClassifier, DVAANSampler

__version__ = "0.1.0.dev0"

__all__ = ["BayesGANOversampler", "DVAANClassifier", "DVAANSampler", "__version__"]
