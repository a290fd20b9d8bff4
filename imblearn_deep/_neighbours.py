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


def kth_neighbour_distances(X, k):
    """Distances of each row to its 1st..k-th nearest *other* row, shape (n, k)."""
    # scikit-learn's brute-force search is chunked; cap its chunks like ours
    with config_context(working_memory=CHUNK_ELEMENTS * 8 // 2**20):
        distances, _ = NearestNeighbors(n_neighbors=k).fit(X).kneighbors()
    return distances


def nearest_rows(X_from, X_to):
    """Index of and distance to the nearest row of ``X_to`` for each row of ``X_from``.

    Chunked over ``X_from``; the distance is recomputed exactly for the
    chosen pair, so an exact copy has distance 0.
    """
    to_norm = np.einsum("ij,ij->i", X_to, X_to)
    index = np.empty(len(X_from), dtype=np.intp)
    step = max(1, CHUNK_ELEMENTS // max(1, len(X_to)))
    for start in range(0, len(X_from), step):
        chunk = X_from[start:start + step]
        d2 = chunk @ X_to.T
        d2 *= -2.0
        d2 += to_norm
        index[start:start + step] = d2.argmin(axis=1)  # + |chunk|^2 is constant per row
    distance = np.sqrt(((X_from - X_to[index]) ** 2).sum(axis=1))
    return index, distance


def neighbour_figures(R, S, k, copy_factor):
    """Every distance-based figure of synthetic rows S against real rows R.

    One chunked pass over S computes, for each synthetic row, its nearest
    real row and the real k-NN balls that contain it, and for each real
    row whether some synthetic row falls in its ball (coverage) or it falls
    in a synthetic row's ball (recall). Memory: O(chunk x len(R)).
    """
    real_nn = kth_neighbour_distances(R, k)  # (n_real, k), self excluded
    real_loo, real_radius2 = real_nn[:, 0], real_nn[:, k - 1] ** 2
    syn_radius2 = kth_neighbour_distances(S, k)[:, k - 1] ** 2
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
        d2 = S[start:stop] @ R.T
        d2 *= -2.0
        d2 += r_norm
        d2 += s_norm[start:stop, None]
        np.maximum(d2, 0.0, out=d2)
        nearest[start:stop] = d2.argmin(axis=1)
        inside = d2 <= real_radius2  # [j, i]: synthetic j in the ball of real i
        in_real_ball[start:stop] = inside.any(axis=1)
        n_real_balls[start:stop] = inside.sum(axis=1)
        covered |= inside.any(axis=0)
        recalled |= (d2 <= syn_radius2[start:stop, None]).any(axis=0)
    syn_distance = np.sqrt(((S - R[nearest]) ** 2).sum(axis=1))
    median_real = float(np.median(real_loo))
    median_syn = float(np.median(syn_distance))
    if median_real > 0:
        ratio = median_syn / median_real
    else:
        ratio = 0.0 if median_syn == 0 else np.inf
    return Bunch(
        memorisation_ratio=ratio,
        near_copy_share=float(np.mean(syn_distance <= copy_factor * real_loo[nearest])),
        synthetic_distances=syn_distance,
        real_distances=real_loo,
        nearest_real=nearest,
        precision=float(in_real_ball.mean()),
        recall=float(recalled.mean()),
        density=float(n_real_balls.sum() / (k * n_s)),
        coverage=float(covered.mean()),
    )
