"""DVAANClassifier: the DVAAN discriminator used as a classifier (IJCAI-19)."""

import numpy as np
import torch
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.utils.validation import check_is_fitted, validate_data

from ._dvaan import DVAANSampler
from ._columns import text_columns


class DVAANClassifier(ClassifierMixin, BaseEstimator):
    """The DVAAN discriminator used as a classifier, as the paper evaluates it.

    Trains a :class:`DVAANSampler` on ``(X, y)`` (with its boundary
    augmentation, but without generating rows for a downstream model) and
    predicts with the class output of its discriminator, the paper's
    ``theta_Dis``. The discriminator's class loss is weighted by inverse
    class frequency, so its probabilities are those of a balanced problem.

    Parameters
    ----------
    sampler : DVAANSampler or None, default=None
        The configured model; ``None`` uses ``DVAANSampler()``. Its
        ``sampling_strategy`` is ignored: no rows are generated. Tune it through
        ``sampler__<param>``, e.g. in ``GridSearchCV``.

    Attributes
    ----------
    sampler_ : DVAANSampler
        The fitted model.

    classes_ : ndarray of shape (n_classes,)
        Class labels seen during fit.

    n_features_in_ : int
        Number of features seen during fit.

    See Also
    --------
    DVAANSampler : The same model as an over-sampler.

    References
    ----------
    .. [1] T. Guo, X. Zhu, Y. Wang and F. Chen, "Discriminative Sample
       Generation for Deep Imbalanced Learning", IJCAI-19, 2019.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from imblearn_deep import DVAANClassifier, DVAANSampler
    >>> X, y = make_classification(n_samples=400, weights=[0.9], random_state=0)
    >>> clf = DVAANClassifier(DVAANSampler(max_epochs=20, random_state=0)).fit(X, y)
    >>> clf.predict_proba(X[:2]).shape
    (2, 2)
    """

    def __init__(self, sampler=None):
        self.sampler = sampler

    def fit(self, X, y):
        """Train the DVAAN model on ``(X, y)``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)

        Returns
        -------
        self : DVAANClassifier
        """
        sampler = clone(self.sampler) if self.sampler is not None else DVAANSampler()
        if not isinstance(sampler, DVAANSampler):
            raise TypeError(f"sampler must be a DVAANSampler; got {type(sampler).__name__}.")
        saved = dict(self.__dict__)
        try:
            if _table_params(sampler) or text_columns(X):
                # the sampler checks the columns (text categories included), and
                # names text columns that categorical_features does not declare
                validate_data(self, X=X, y=y, reset=True, skip_check_array=True)
            else:
                X, y = validate_data(self, X, y, accept_sparse=["csr", "csc"])
            sampler.fit(X, y)  # the model trains, nothing is generated
        except BaseException:
            # a failed refit leaves the classifier as it was
            self.__dict__.clear()
            self.__dict__.update(saved)
            raise
        self.sampler_ = sampler
        self.classes_ = sampler.classes_
        return self

    def predict_proba(self, X):
        """Class probabilities from the discriminator's class output.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
        """
        check_is_fitted(self, "sampler_")
        sampler = self.sampler_
        if _table_params(sampler):
            validate_data(self, X=X, reset=False, skip_check_array=True)
        else:
            X = validate_data(self, X, reset=False, accept_sparse=["csr", "csc"])
        return sampler._forward_rows(
            X, lambda rows: torch.softmax(sampler.discriminator_(rows).classes, dim=1),
            len(self.classes_),
        ).astype(np.float64)

    def predict(self, X):
        """Most probable class for each row of X."""
        proba = self.predict_proba(X)
        return self.classes_[proba.argmax(axis=1)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags


def _table_params(sampler):
    """Whether the sampler reads table columns itself (categories, quantile scaling)."""
    return sampler.categorical_features is not None or sampler.numeric_scaling != "range"
