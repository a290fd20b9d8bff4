"""DVAANClassifier: the paper's discriminator as a scikit-learn classifier."""

import pickle

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GridSearchCV
from sklearn.utils.estimator_checks import parametrize_with_checks

from imblearn_deep import DVAANClassifier, DVAANSampler


def _clf(**params):
    sampler = DVAANSampler(latent_dim=4, hidden_dims=(32,), max_epochs=30, batch_size=32,
                           device="cpu", random_state=0, **params)
    return DVAANClassifier(sampler)


@parametrize_with_checks([_clf()])
@pytest.mark.filterwarnings("ignore::UserWarning")
def test_sklearn_compatible(estimator, check):
    check(estimator)


@pytest.fixture(scope="module")
def data():
    X, y = make_classification(n_samples=1200, weights=[0.9], class_sep=1.5, random_state=0)
    return X[:900], y[:900], X[900:], y[900:]


def test_discriminator_separates_held_out_classes(data):
    X, y, X_test, y_test = data
    clf = _clf().fit(X, y)
    proba = clf.predict_proba(X_test)
    assert proba.shape == (300, 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-6)
    assert roc_auc_score(y_test, proba[:, 1]) > 0.85
    # it trained the model through the training seam, without generating rows
    assert clf.sampler_.n_epochs_ == 30 and not hasattr(clf.sampler_, "generation_time_")


def test_grid_search_reaches_sampler_params(data):
    X, y, _, _ = data
    # error_score="raise": with the default (NaN) a grid whose fits fail passes
    grid = GridSearchCV(_clf(), {"sampler__augmentation": [True, False]}, cv=2,
                        scoring="roc_auc", error_score="raise").fit(X, y)
    assert set(grid.cv_results_["param_sampler__augmentation"]) == {True, False}
    scores = grid.cv_results_["mean_test_score"]
    assert np.isfinite(scores).all() and scores.min() > 0.8
    # the parameter reached the fitted sampler
    best = grid.best_params_["sampler__augmentation"]
    assert grid.best_estimator_.sampler_.augmentation is best


def test_pickle_and_string_labels(data):
    X, y, X_test, _ = data
    labels = np.where(y == 1, "rare", "common")
    clf = _clf().fit(X, labels)
    assert set(clf.predict(X_test)) <= {"rare", "common"}
    loaded = pickle.loads(pickle.dumps(clf))
    np.testing.assert_array_equal(loaded.predict_proba(X_test), clf.predict_proba(X_test))


def test_wrong_sampler_type_is_refused(data):
    from imblearn.over_sampling import SMOTE

    X, y, _, _ = data
    with pytest.raises(TypeError, match="sampler must be a DVAANSampler"):
        DVAANClassifier(SMOTE()).fit(X, y)
