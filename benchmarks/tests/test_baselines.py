"""The simple non-deep competitors of the benchmarks."""

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.neighbors import NearestNeighbors

from benchmarks.research.baselines import MajorityTransferOverSampler


@pytest.fixture(scope="module")
def data():
    return make_classification(n_samples=200, n_features=3, n_informative=3, n_redundant=0,
                               weights=[0.9, 0.1], random_state=0)


def test_new_rows_are_a_minority_row_plus_a_step_between_majority_neighbours(data):
    X, y = data
    sampler = MajorityTransferOverSampler(random_state=0, k_neighbors=3)
    X_res, y_res = sampler.fit_resample(X, y)
    new = X_res[len(X):]
    assert np.all(y_res[len(X):] == 1) and np.sum(y_res == 1) == np.sum(y_res == 0)
    majority, minority = X[y == 0], X[y == 1]
    _, nn = NearestNeighbors(n_neighbors=4).fit(majority).kneighbors(majority)
    steps = np.concatenate([majority[nn[:, j]] - majority for j in (1, 2, 3)])
    for row in new[:40]:
        found = False
        for a in minority:
            offset = row - a
            # offset = t * step for one step and a t in [0, 1]
            t = steps @ offset / np.maximum((steps * steps).sum(axis=1), 1e-20)
            ok = (t >= -1e-9) & (t <= 1 + 1e-9)
            if np.any(ok & np.all(np.abs(steps * t[:, None] - offset) < 1e-9, axis=1)):
                found = True
                break
        assert found


def test_follows_sampling_strategy_is_reproducible_and_leaves_the_input_alone(data):
    X, y = data
    X_copy, y_copy = X.copy(), y.copy()
    half = MajorityTransferOverSampler(sampling_strategy=0.5, random_state=1)
    X_res, y_res = half.fit_resample(X, y)
    assert np.sum(y_res == 1) == int(0.5 * np.sum(y == 0))
    again = clone(half).fit_resample(X, y)
    np.testing.assert_array_equal(X_res, again[0])
    np.testing.assert_array_equal(X, X_copy)
    np.testing.assert_array_equal(y, y_copy)
    other = MajorityTransferOverSampler(sampling_strategy=0.5, random_state=2).fit_resample(X, y)
    assert not np.array_equal(X_res, other[0])


def test_multiclass_steps_come_from_the_other_classes():
    X, y = make_classification(n_samples=300, n_features=4, n_informative=4, n_redundant=0,
                               n_classes=3, weights=[0.6, 0.3, 0.1], random_state=0)
    X_res, y_res = MajorityTransferOverSampler(random_state=0).fit_resample(X, y)
    counts = np.bincount(y_res)
    assert counts[0] == counts[1] == counts[2]


def test_a_class_with_no_other_class_to_learn_from_is_refused():
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    y = np.array([0, 0, 1])
    # the other class has two rows: one step, between them
    X_res, y_res = MajorityTransferOverSampler(random_state=0).fit_resample(X, y)
    assert np.sum(y_res == 1) == 2
    offset = X_res[-1] - X[2]
    assert np.isclose(abs(offset[0]), np.abs(offset).sum())  # along (1, 0) - (0, 0)
    # the only other class has one row: no neighbour to take a step to
    with pytest.raises(ValueError, match="needs another class with at least 2 rows"):
        MajorityTransferOverSampler(sampling_strategy={0: 3}, random_state=0).fit_resample(
            X[[0, 2]], y[[0, 2]])
