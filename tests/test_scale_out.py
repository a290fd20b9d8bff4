"""Scale-out: Pipeline caching of fitted samplers, and searches on Dask."""

import numpy as np
import pytest
from imblearn.pipeline import Pipeline
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold

from imblearn_deep import BayesGANOversampler, DVAANSampler

from conftest import make_tiny


def test_pipeline_memory_reuses_the_fitted_sampler(tmp_path, binary_data, sampler_cls):
    """A grid over the classifier does not retrain the generator."""
    X, y = binary_data
    pipe = Pipeline(
        [("sampler", make_tiny(sampler_cls, random_state=0)),
         ("clf", LogisticRegression())],
        memory=str(tmp_path),
    )
    pipe.fit(X, y)
    first = pipe.named_steps["sampler"]
    pipe.set_params(clf__C=0.01).fit(X, y)
    again = pipe.named_steps["sampler"]
    # loaded from the cache: the very same fit, timings included
    assert again.fit_time_ == first.fit_time_
    assert again.history_ == first.history_
    # a change to the sampler is a new fit
    pipe.set_params(sampler__random_state=1).fit(X, y)
    assert pipe.named_steps["sampler"].fit_time_ != first.fit_time_


def _search(X, y):
    pipe = Pipeline([
        ("sampler", make_tiny(DVAANSampler, random_state=0)),
        ("clf", LogisticRegression()),
    ])
    return GridSearchCV(
        pipe,
        {"sampler__latent_dim": [2, 4], "clf__C": [0.1, 1.0]},
        cv=StratifiedKFold(2, shuffle=True, random_state=0),
        scoring="f1",
        n_jobs=2,
    )


def _fit_on_worker(X, y):
    sampler = make_tiny(BayesGANOversampler, random_state=0)
    sampler.fit_resample(X, y)
    return sampler


@pytest.mark.slow
def test_grid_search_on_a_dask_cluster(binary_data):
    """GridSearchCV over samplers runs through joblib's Dask backend.

    Worker processes of a LocalCluster stand in for a real cluster: the
    estimators travel pickled, train on the workers, and give the same
    scores as a local run, because CPU fits are reproducible.
    """
    distributed = pytest.importorskip("distributed", reason="needs dask.distributed")
    import joblib

    X, y = binary_data
    local = _search(X, y).set_params(n_jobs=1).fit(X, y)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:
        with joblib.parallel_backend("dask"):
            remote = _search(X, y).fit(X, y)
        # a sampler fitted on a worker comes back usable and identical
        fitted = client.submit(_fit_on_worker, X, y).result()
    np.testing.assert_allclose(
        remote.cv_results_["mean_test_score"], local.cv_results_["mean_test_score"]
    )
    assert remote.best_params_ == local.best_params_
    reference = _fit_on_worker(X, y)
    # small networks run on one torch thread, wherever they are fitted
    assert fitted.n_threads_ == reference.n_threads_ == 1
    np.testing.assert_array_equal(
        fitted.generate(1, 5, random_state=0), reference.generate(1, 5, random_state=0)
    )
