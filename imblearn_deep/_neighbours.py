"""Chunked nearest-neighbour distances of the sample-quality diagnostics.

The k-NN machinery of :mod:`imblearn_deep.metrics`: standardization with the
real rows' statistics, each row's k nearest other rows, each synthetic row's
nearest real row, and the k-NN ball figures (precision, recall, density,
coverage) in one chunked pass. Memory grows with the number of rows, not
with its square: at most ``CHUNK_ELEMENTS`` distances exist at once.
"""

import numpy as np
from sklearn import config_context
from sklearn.neighbors import NearestNeighbors
from sklearn.utils import Bunch

#: Distances computed at once in the chunked neighbour searches (32 MiB of float64).
CHUNK_ELEMENTS = 2**22


def checkstandardize_pair(standardize):
    if standardize not in (True, False, "global"):
        raise ValueError(
            f"standardize must be True (per feature), 'global' or False; got {standardize!r}."
        )


class Standardizer:
    """Mean and standard deviation of the real rows: per feature, global or none."""

    def __init__(self, standardize):
        checkstandardize_pair(standardize)
        self.standardize = standardize

    def fit(self, X):
        if self.standardize is False:
            self.mean_, self.scale_ = 0.0, 1.0
        elif self.standardize == "global":
            self.mean_ = float(X.mean())
            std = float(X.std())
            self.scale_ = std if std > 0 else 1.0
        else:
            self.mean_ = X.mean(axis=0)
            std = X.std(axis=0)
            self.scale_ = np.where(std > 0, std, 1.0)
        return self

    def transform(self, X):
        if self.standardize is False:
            return X
        return (X - self.mean_) / self.scale_


def standardize_pair(X_real, X_synthetic, standardize):
    scaler = Standardizer(standardize).fit(X_real)
    return scaler.transform(X_real), scaler.transform(X_synthetic)


# ----------------------------------------------------------- neighbour search


#: Bound of the rounding error of a squared distance computed as
#: ``|a|^2 - 2 a.b + |b|^2``, relative to ``|a|^2 + |b|^2`` and per feature
#: (a generous multiple of float64's machine epsilon).
_ROUNDING = 8 * np.finfo(np.float64).eps


def centred(X, *others):
    """X and ``others`` less X's column means, as float64.

    Translation changes no Euclidean distance, but the expanded formula
    ``|a|^2 - 2 a.b + |b|^2`` loses the digits of ``|a - b|^2`` that drown in
    ``|a|^2``: on columns of about 1e9 a copy was no closer than any other
    row. Centred rows keep their norms of the order of the data's spread.
    Identical rows stay identical (the same subtraction).
    """
    X = np.asarray(X, dtype=np.float64)
    mean = X.mean(axis=0) if len(X) else np.zeros(X.shape[1])
    return (X - mean, *(np.asarray(o, dtype=np.float64) - mean for o in others))


def _exact_d2(A, B, rows, cols):
    """Exact squared distances of the pairs ``(A[rows], B[cols])``.

    In blocks of at most ``CHUNK_ELEMENTS`` values: rows with many ties
    (duplicate rows, one-hot codes) can put a whole chunk's pairs here.
    """
    out = np.empty(len(rows), dtype=np.float64)
    step = max(1, CHUNK_ELEMENTS // max(1, A.shape[1]))
    for start in range(0, len(rows), step):
        diff = A[rows[start:start + step]] - B[cols[start:start + step]]
        out[start:start + step] = np.einsum("ij,ij->i", diff, diff)
    return out


def kth_neighbour_distances(X, k):
    """Distances of each row to its 1st..k-th nearest *other* row, shape (n, k).

    The rows are centred first and the distances to the neighbours found
    are recomputed exactly, so a duplicate row has distance 0.
    """
    return np.sqrt(kth_neighbour_squared(*centred(X), k))


def kth_neighbour_squared(X, k):
    """Exact squared distances of each row to its 1st..k-th nearest other row.

    Squared as compared with the exact squared distances of the ball
    tests: a row on a ball's edge (a copy of the k-th neighbour) is inside,
    as ``sqrt(d2) ** 2`` would not always say. X is used as it is: centre
    it first (:func:`centred`), with the rows it is compared with.
    """
    # scikit-learn's brute-force search is chunked; cap its chunks like ours
    with config_context(working_memory=CHUNK_ELEMENTS * 8 // 2**20):
        _, index = NearestNeighbors(n_neighbors=k).fit(X).kneighbors()
    rows = np.repeat(np.arange(len(X)), k)
    return np.sort(_exact_d2(X, X, rows, index.ravel()).reshape(index.shape), axis=1)


def _squared_distances(A, a_norm, B, b_norm):
    """``|a - b|^2`` for every pair (rows of A by rows of B) by the expanded
    formula, and the bound of its rounding error."""
    d2 = A @ B.T
    d2 *= -2.0
    d2 += b_norm
    d2 += a_norm[:, None]
    np.maximum(d2, 0.0, out=d2)
    error = np.add.outer(a_norm, b_norm)
    error *= _ROUNDING * max(1, A.shape[1])
    return d2, error


def _refined(d2, error, A, B, start, thresholds):
    """d2 with the entries near a threshold, or near their row's minimum,
    recomputed exactly: every comparison made on d2 is then exact."""
    near = d2 <= d2.min(axis=1, keepdims=True) + error
    for threshold in thresholds:
        near |= np.abs(d2 - threshold) <= error
    rows, cols = np.nonzero(near)
    if rows.size:
        d2[rows, cols] = _exact_d2(A, B, rows + start, cols)
    return d2


def nearest_rows(X_from, X_to):
    """Index of and distance to the nearest row of ``X_to`` for each row of ``X_from``.

    Chunked over ``X_from``. The rows are centred, and the candidates
    within rounding error of the nearest are compared by their exact
    distance, so an exact copy has distance 0 whatever the data's offset.
    """
    X_to, X_from = centred(X_to, X_from)
    to_norm = np.einsum("ij,ij->i", X_to, X_to)
    from_norm = np.einsum("ij,ij->i", X_from, X_from)
    index = np.empty(len(X_from), dtype=np.intp)
    step = max(1, CHUNK_ELEMENTS // max(1, len(X_to)))
    for start in range(0, len(X_from), step):
        stop = min(len(X_from), start + step)
        d2, error = _squared_distances(X_from[start:stop], from_norm[start:stop], X_to, to_norm)
        index[start:stop] = _refined(d2, error, X_from, X_to, start, ()).argmin(axis=1)
    distance = np.sqrt(_exact_d2(X_from, X_to, np.arange(len(X_from)), index))
    return index, distance


def memorisation_figures(real_loo, syn_distance, nearest, copy_factor):
    """The memorisation ratio (median distance of a synthetic row to its
    nearest real row over the median of the real rows' own) and the share of
    near copies (synthetic rows within ``copy_factor`` of their nearest real
    row's own nearest-neighbour distance)."""
    median_real, median_syn = float(np.median(real_loo)), float(np.median(syn_distance))
    ratio = (median_syn / median_real if median_real > 0
             else 0.0 if median_syn == 0 else np.inf)
    return ratio, float(np.mean(syn_distance <= copy_factor * real_loo[nearest]))


def neighbour_figures(R, S, k, copy_factor):
    """Every distance-based figure of synthetic rows S against real rows R.

    One chunked pass over S computes, for each synthetic row, its nearest
    real row and the real k-NN balls that contain it, and for each real
    row whether some synthetic row falls in its ball (coverage) or it falls
    in a synthetic row's ball (recall). Memory: O(chunk x len(R)).

    The rows are centred first, and every squared distance within rounding
    error of a ball's radius or of its row's nearest is recomputed exactly,
    so the figures do not depend on the data's offset and copies count as
    copies.
    """
    R, S = centred(R, S)
    real_nn2 = kth_neighbour_squared(R, k)  # (n_real, k), self excluded
    real_loo, real_radius2 = np.sqrt(real_nn2[:, 0]), real_nn2[:, k - 1]
    syn_radius2 = kth_neighbour_squared(S, k)[:, k - 1]
    r_norm = np.einsum("ij,ij->i", R, R)
    s_norm = np.einsum("ij,ij->i", S, S)
    n_s = len(S)
    nearest = np.empty(n_s, dtype=np.intp)
    in_real_ball = np.empty(n_s, dtype=bool)
    n_real_balls = np.empty(n_s, dtype=np.int64)
    covered = np.zeros(len(R), dtype=bool)
    recalled = np.zeros(len(R), dtype=bool)
    step = max(1, CHUNK_ELEMENTS // max(1, len(R)))
    for start in range(0, n_s, step):
        stop = min(n_s, start + step)
        d2, error = _squared_distances(S[start:stop], s_norm[start:stop], R, r_norm)
        d2 = _refined(d2, error, S, R, start,
                      (real_radius2[None, :], syn_radius2[start:stop, None]))
        nearest[start:stop] = d2.argmin(axis=1)
        inside = d2 <= real_radius2  # [j, i]: synthetic j in the ball of real i
        in_real_ball[start:stop] = inside.any(axis=1)
        n_real_balls[start:stop] = inside.sum(axis=1)
        covered |= inside.any(axis=0)
        recalled |= (d2 <= syn_radius2[start:stop, None]).any(axis=0)
    syn_distance = np.sqrt(_exact_d2(S, R, np.arange(n_s), nearest))
    ratio, near_copy_share = memorisation_figures(real_loo, syn_distance, nearest, copy_factor)
    return Bunch(
        memorisation_ratio=ratio,
        near_copy_share=near_copy_share,
        synthetic_distances=syn_distance,
        real_distances=real_loo,
        nearest_real=nearest,
        precision=float(in_real_ball.mean()),
        recall=float(recalled.mean()),
        density=float(n_real_balls.sum() / (k * n_s)),
        coverage=float(covered.mean()),
    )
