"""Simple over-samplers that the benchmarks compare the deep samplers with.

:class:`MajorityTransferOverSampler` is not a deep sampler and not one of
the classic baselines of issue 13 (random over-sampling with and without
shrinkage, SMOTE, Borderline-SMOTE, ADASYN): it is the simplest form of
what the few-shot literature calls transferring intra-class variation from
the well-represented classes to a rare one (for instance the feature
transfer of Yin et al., CVPR 2019). A deep sampler that claims to transfer
structure from the majority has to beat it.
"""

import numbers

import numpy as np
from imblearn.over_sampling.base import BaseOverSampler
from sklearn.neighbors import NearestNeighbors
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval


class MajorityTransferOverSampler(BaseOverSampler):
    """Over-sample a class with the local variation of the other classes.

    A new row of class ``k`` is ``x_a + t (x_d - x_c)``: ``x_a`` a random
    real row of class ``k``, ``x_c`` a random row of another class, ``x_d``
    one of the ``k_neighbors`` nearest rows of ``x_c``'s own class, and
    ``t`` uniform in [0, 1]. The rare class keeps its location and takes
    the spread of the other classes' neighbourhoods, which a handful of its
    own rows cannot estimate. Numeric features only.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        As in imbalanced-learn's over-samplers.
    random_state : int, RandomState instance or None, default=None
        Seeds the draws.
    k_neighbors : int, default=5
        Neighbours of ``x_c`` within its class among which ``x_d`` is drawn.

    Attributes
    ----------
    sampling_strategy_ : dict
        Rows to generate per class.
    n_features_in_ : int
        Number of features seen in ``fit_resample``.
    """

    _parameter_constraints = {
        **BaseOverSampler._parameter_constraints,
        "random_state": ["random_state"],
        "k_neighbors": [Interval(numbers.Integral, 1, None, closed="left")],
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, k_neighbors=5):
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state
        self.k_neighbors = k_neighbors

    def _fit_resample(self, X, y):
        rng = check_random_state(self.random_state)
        X = np.asarray(X, dtype=float)
        classes = np.unique(y)
        steps = {}  # per class of x_c: (its row indices, their neighbour indices)
        for label in classes:
            rows = np.flatnonzero(y == label)
            k = min(self.k_neighbors, len(rows) - 1)
            if k < 1:
                continue
            _, neighbours = NearestNeighbors(n_neighbors=k + 1).fit(X[rows]).kneighbors(X[rows])
            steps[label] = (rows, rows[neighbours[:, 1:]])
        X_new, y_new = [X], [np.asarray(y)]
        for label, n in self.sampling_strategy_.items():
            if n == 0:
                continue
            own = np.flatnonzero(y == label)
            others = np.concatenate([rows for other, (rows, _) in steps.items()
                                     if other != label] or [np.empty(0, dtype=int)])
            if not len(others):
                raise ValueError(
                    f"MajorityTransferOverSampler needs another class with at least 2 rows "
                    f"to over-sample class {label!r}; got none.")
            # c drawn among the other classes' rows (each row equally likely)
            c = others[rng.randint(len(others), size=n)]
            d = np.empty(n, dtype=int)
            for other, (rows, neighbours) in steps.items():
                if other == label:
                    continue
                mask = y[c] == other
                if mask.any():
                    position = np.searchsorted(rows, c[mask])
                    pick = rng.randint(neighbours.shape[1], size=int(mask.sum()))
                    d[mask] = neighbours[position, pick]
            a = own[rng.randint(len(own), size=n)]
            t = rng.uniform(size=(n, 1))
            X_new.append(X[a] + t * (X[d] - X[c]))
            y_new.append(np.full(n, label, dtype=np.asarray(y).dtype))
        return np.vstack(X_new), np.concatenate(y_new)
