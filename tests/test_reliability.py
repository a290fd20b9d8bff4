"""Faults and edge cases: never hang, never return garbage silently, keep
what the user gave. Each test names the defect it guards against."""

import pickle
import subprocess
import sys
import textwrap
import threading
import warnings

import numpy as np
import pytest
import torch
from sklearn.datasets import make_classification

from imblearn_deep import (
    BayesGANOversampler,
    DVAANSampler,
    InconsistentVersionWarning,
    __version__,
)
from imblearn_deep._torch import CHUNK_VALUES

from conftest import make_tiny


@pytest.fixture(scope="module")
def data():
    return make_classification(n_samples=500, weights=[0.9, 0.1], random_state=0)


def _run_isolated(code, timeout=180):
    """Run ``code`` in a fresh interpreter; a hang fails the test instead of the suite."""
    try:
        out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)],
                             capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"did not finish within {timeout} s (a hang)")
    assert out.returncode == 0, out.stderr[-3000:]
    return out.stdout


def test_diverging_training_stops_with_a_clear_error_instead_of_hanging():
    # Defect 1: a NaN loss made mu NaN and the boundary sampler looped for ever.
    out = _run_isolated("""
        from sklearn.datasets import make_classification
        from imblearn_deep import DVAANSampler, DVAANClassifier
        X, y = make_classification(n_samples=500, weights=[0.9, 0.1], random_state=0)
        cases = [
            lambda: DVAANSampler(learning_rate=1.0, max_epochs=5, random_state=0).fit_resample(X, y),
            lambda: DVAANSampler(learning_rate=1.0, max_epochs=5, sample_from="boundary",
                                 random_state=0).fit_resample(X, y),
            lambda: DVAANClassifier(DVAANSampler(learning_rate=1.0, max_epochs=5,
                                                 random_state=0)).fit(X, y),
        ]
        for case in cases:
            try:
                case()
                print("finished")
            except FloatingPointError as error:
                assert "learning_rate=1.0" in str(error), error
                print("diverged")
    """)
    assert out.split() == ["diverged"] * 3


def test_boundary_sampling_is_bounded_when_no_code_can_be_found(data):
    # Defect 1, the loop itself: with degenerate centres no code of class 1
    # exists; sampling must give up after max_tries, not spin.
    out = _run_isolated("""
        import warnings
        import torch
        from sklearn.datasets import make_classification
        from imblearn_deep import DVAANSampler
        X, y = make_classification(n_samples=300, weights=[0.9, 0.1], random_state=0)
        s = DVAANSampler(max_epochs=2, hidden_dims=(16,), latent_dim=4, sample_from="boundary",
                         max_tries=2, random_state=0)
        s.fit_resample(X, y)
        s._directions = torch.zeros_like(s._directions)  # every centre at 0
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            rows = s.generate(1, 50, random_state=0)
        print(rows.shape, any("were accepted" in str(w.message) for w in caught))
    """)
    assert out.strip() == "(50, 20) True"


@pytest.mark.parametrize("cls", [DVAANSampler, BayesGANOversampler], ids=lambda c: c.__name__)
def test_extreme_feature_scales_train_on_the_right_values(cls, data):
    # Defects 2 and 6: X * 1e38 overflowed float32 before the minimum was
    # subtracted (all-NaN output); a timestamp-like column kept 9 of 500 values.
    X, y = data
    X_res, _ = make_tiny(cls, random_state=0).fit_resample(X * 1e38, y)
    assert np.isfinite(X_res).all()
    assert np.abs(X_res[len(X):]).max() <= np.abs(X * 1e38).max()
    stamp = np.c_[1.7e9 + np.random.RandomState(0).uniform(0, 1000, len(y)), X[:, :3]]
    sampler = make_tiny(cls, random_state=0)
    sampler.fit_resample(stamp, y)
    # the timestamps are told apart: generated values spread over the range,
    # not a handful of levels
    new = sampler.generate(1, 200, random_state=0)[:, 0]
    assert len(np.unique(new)) > 100
    assert stamp[:, 0].min() <= new.min() and new.max() <= stamp[:, 0].max()


def test_saturated_generator_warns(data):
    # Defect 2: BayesGAN at learning_rate=1 put most values on a column's
    # min or max without a word. (The generator's own rows: interpolated
    # rows are real rows moved by a step, which a saturated generator
    # makes about zero, so they do not pile up on the edge.)
    X, y = data
    with pytest.warns(UserWarning, match="sit on the edge of their training range"):
        BayesGANOversampler(learning_rate=1.0, max_epochs=5, random_state=0,
                            sample_from="prior").fit_resample(X, y)


def test_non_finite_losses_do_not_count_as_converged(data):
    X, y = data
    sampler = DVAANSampler(learning_rate=1.0, max_epochs=30, n_iter_no_change=1,
                           random_state=0)
    with pytest.raises(FloatingPointError, match="NaN or infinite"):
        sampler.fit_resample(X, y)
    assert not hasattr(sampler, "converged_")


@pytest.mark.parametrize("cls", [DVAANSampler, BayesGANOversampler], ids=lambda c: c.__name__)
def test_bool_and_integer_dataframe_columns_keep_their_distribution(cls, data):
    # Defect 3: a bool column came back True in 100% of synthetic rows.
    pd = pytest.importorskip("pandas")
    X, y = data
    rng = np.random.RandomState(0)
    frame = pd.DataFrame(X[:, :4], columns=list("abcd"))
    frame["flag"] = rng.rand(len(y)) < np.where(y == 1, 0.18, 0.6)
    frame["count"] = rng.poisson(3, len(y)).astype(np.int64)
    sampler = make_tiny(cls, random_state=0, max_epochs=30, hidden_dims=(32,))
    X_res, y_res = sampler.fit_resample(frame, y)
    new = X_res.iloc[len(frame):]
    assert new["flag"].dtype == bool and new["count"].dtype == np.int64
    # generated values are rounded to 0/1 before the cast, so not all True
    assert new["flag"].mean() < 0.95
    drawn = sampler.generate(1, 200, random_state=0)  # a frame of the same dtypes
    assert drawn["flag"].dtype == bool and drawn["count"].dtype == np.int64
    # rounded, not truncated: counts come from the whole range of the column
    assert new["count"].min() >= frame["count"].min()
    assert new["count"].max() <= frame["count"].max()
    assert new["count"].nunique() > 1


def test_a_failed_refit_leaves_the_fitted_sampler_unchanged(data):
    # Defect 4: classes_, the scaler and n_features_in_ were replaced, the
    # networks and history_ were not.
    X, y = data
    sampler = make_tiny(DVAANSampler, random_state=0)
    sampler.fit_resample(X, y)
    before = {k: v for k, v in vars(sampler).items()}
    expected = sampler.generate(1, 20, random_state=0)
    X3 = np.random.RandomState(1).randn(300, 3) * 1e3
    y3 = np.r_[np.zeros(200, int), np.ones(60, int), np.full(40, 2)]
    sampler.set_params(learning_rate=10.0)
    with pytest.raises(FloatingPointError):
        sampler.fit_resample(X3, y3)
    sampler.set_params(learning_rate=before["learning_rate"])
    assert sampler.n_features_in_ == X.shape[1] and list(sampler.classes_) == [0, 1]
    assert all(vars(sampler)[k] is v for k, v in before.items())
    assert set(vars(sampler)) == set(before)
    np.testing.assert_array_equal(sampler.generate(1, 20, random_state=0), expected)


@pytest.mark.parametrize("cls", [DVAANSampler, BayesGANOversampler], ids=lambda c: c.__name__)
def test_fits_in_two_threads_are_reproducible(cls, data):
    # Defect 5: the seeded context seeded torch's process-wide generator, so
    # concurrent fits drew from one stream.
    X, y = data
    expected = [make_tiny(cls, random_state=s, max_epochs=5).fit_resample(X, y)[0]
                for s in (0, 1)]
    results = {}

    def fit(seed):
        for _ in range(3):
            results.setdefault(seed, []).append(
                make_tiny(cls, random_state=seed, max_epochs=5).fit_resample(X, y)[0])

    threads = [threading.Thread(target=fit, args=(s,)) for s in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for seed in (0, 1):
        for X_res in results[seed]:
            np.testing.assert_array_equal(X_res, expected[seed])


def test_global_torch_rng_neither_used_nor_changed(data):
    X, y = data
    outputs = []
    for global_seed in (1, 2):
        torch.manual_seed(global_seed)
        state = torch.get_rng_state()
        outputs.append(make_tiny(DVAANSampler, random_state=0).fit_resample(X, y)[0])
        assert torch.equal(torch.get_rng_state(), state)
    np.testing.assert_array_equal(*outputs)


def test_bayesgan_summary_pass_is_chunked():
    # Defect 7: 4,096 generated rows went through both networks at once,
    # whatever the image size (3.97 GB for 80 images of 3x64x64).
    rng = np.random.RandomState(0)
    X = rng.rand(60, 3 * 32 * 32).astype(np.float32)
    y = np.r_[np.zeros(45, int), np.ones(15, int)]
    sampler = make_tiny(BayesGANOversampler, image_shape=(3, 32, 32), max_epochs=1,
                        random_state=0)
    sizes = []
    original = torch.nn.Module.__call__

    def spy(module, *args, **kwargs):
        if module is getattr(sampler, "generator_", None):
            sizes.append(args[0].shape[0])
        return original(module, *args, **kwargs)

    torch.nn.Module.__call__ = spy
    try:
        sampler.fit_resample(X, y)
    finally:
        torch.nn.Module.__call__ = original
    assert max(sizes) <= CHUNK_VALUES // X.shape[1] < 4096


def test_elongated_images_warn_before_the_networks_are_allocated():
    # Defect 8: image_shape=(4, 2000) built 200M parameters (12.5 GB) silently.
    X = np.random.RandomState(0).rand(40, 8000).astype(np.float32)
    y = np.r_[np.zeros(30, int), np.ones(10, int)]
    sampler = DVAANSampler(image_shape=(4, 2000), max_epochs=1, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # stop at the warning
        with pytest.raises(UserWarning, match=r"million parameters .*squarer image_shape"):
            sampler.fit_resample(X, y)
    assert not hasattr(sampler, "encoder_")


@pytest.mark.parametrize("sparse_input", [False, True])
def test_no_new_rows_still_returns_a_copy(sparse_input, data):
    # Defect 9: asking for 0 new rows returned the caller's own array.
    from scipy import sparse

    X, y = data
    X_in = sparse.csr_matrix(X) if sparse_input else X.copy()
    counts = dict(zip(*np.unique(y, return_counts=True)))
    sampler = make_tiny(BayesGANOversampler, sampling_strategy={1: counts[1]},
                        random_state=0)
    X_res, y_res = sampler.fit_resample(X_in, y)
    assert X_res.shape == X.shape
    if sparse_input:
        assert X_res is not X_in and not np.shares_memory(X_res.data, X_in.data)
    else:
        assert not np.shares_memory(X_res, X_in)
        X_res[:] = 0
        np.testing.assert_array_equal(X_in, X)
    assert not np.shares_memory(y_res, y)


def test_pickles_carry_the_version_and_a_mismatch_warns(data):
    sampler = make_tiny(DVAANSampler, random_state=0)
    sampler.fit_resample(*data)
    state = pickle.dumps(sampler)
    with warnings.catch_warnings():
        warnings.simplefilter("error", InconsistentVersionWarning)
        pickle.loads(state)  # same version: silent
    old = sampler.__getstate__()
    old["_imblearn_deep_version"] = "0.0.1"
    fresh = DVAANSampler.__new__(DVAANSampler)
    with pytest.warns(InconsistentVersionWarning, match=f"version 0.0.1 when using version "
                                                         f"{__version__}"):
        fresh.__setstate__(old)


def test_concurrent_generate_calls_leave_every_thread_as_they_found_it(data):
    # Issue 39.16: each call restored the count it found, but a worker
    # thread's first call found the count another call had just set (torch
    # starts a thread at the latest count set anywhere), and kept it for good
    from concurrent.futures import ThreadPoolExecutor

    X, y = data
    sampler = make_tiny(DVAANSampler, random_state=0, n_threads=1).fit(X, y)
    start = torch.get_num_threads()

    def call(seed):
        rows = sampler.generate(1, 3000, random_state=seed)
        return rows, torch.get_num_threads()

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(call, range(40)))
    assert {threads for _, threads in results} == {start}
    assert torch.get_num_threads() == start
    np.testing.assert_array_equal(results[7][0], sampler.generate(1, 3000, random_state=7))
