"""Drop-in behaviour every sampler must have, parametrized over all samplers.

These are the things a user who swaps SMOTE for one of our samplers relies
on: pipelines, grid search, clone, pickling, pandas, multi-class strategies,
images, reproducibility, dtypes, sparse input, and clear errors.
"""

import math
import pickle
import warnings
from collections import Counter

import joblib
import numpy as np
import pytest
import torch
from imblearn.over_sampling import SMOTE
from imblearn.pipeline import Pipeline
from scipy import sparse
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score, recall_score
from sklearn.model_selection import GridSearchCV, StratifiedKFold

from imblearn_deep import _training
from conftest import TINY, make_tiny


def test_pipeline_swap_for_smote(sampler_cls, binary_data):
    # Swapping SMOTE for a deep sampler in a pipeline gives a classifier about
    # as good as SMOTE's. Balanced accuracy and minority recall, not accuracy:
    # always predicting the majority scores 0.84 accuracy here (SMOTE's
    # pipeline 0.81) but 0.5 balanced accuracy. 50 epochs of 32 units: with
    # the 2-epoch tiny config DVAAN's rows can be as useless as noise (its
    # pipeline then predicts the majority only). Measured on this data:
    # no resampling .77 / .55, SMOTE .79 / .76, DVAAN and BayesGAN .78-.80 /
    # .63-.67 over random states 0-3; their synthetic rows replaced by uniform
    # noise .61 / .53, by Gaussian noise .70 / .84, by generated majority
    # rows .38-.68 balanced accuracy.
    X, y = binary_data
    scores = {}
    for name, sampler in [("none", None), ("smote", SMOTE(random_state=0)),
                          ("deep", make_tiny(sampler_cls, random_state=0, max_epochs=50,
                                             hidden_dims=(32,)))]:
        steps = [] if sampler is None else [("sampler", sampler)]
        pipe = Pipeline(steps + [("clf", LogisticRegression(max_iter=500))]).fit(X, y)
        pred = pipe.predict(X)
        assert pred.shape == y.shape
        scores[name] = balanced_accuracy_score(y, pred), recall_score(y, pred)
    (deep_bacc, deep_recall), (smote_bacc, _) = scores["deep"], scores["smote"]
    assert deep_bacc > 0.7  # the majority-only baseline is 0.5
    assert deep_bacc >= smote_bacc - 0.05
    # over-sampling moves the classifier towards the minority
    assert deep_recall > scores["none"][1]


def test_grid_search_over_sampler_params(sampler_cls, binary_data):
    X, y = binary_data
    pipe = Pipeline([("sampler", make_tiny(sampler_cls, random_state=0)),
                     ("clf", LogisticRegression(max_iter=500))])
    # error_score="raise": with the default (NaN) a grid whose fits fail passes
    grid = GridSearchCV(
        pipe, {"sampler__batch_size": [16, 32], "sampler__max_epochs": [1, 2]},
        cv=StratifiedKFold(2), scoring="f1", error_score="raise",
    )
    grid.fit(X, y)
    assert len(grid.cv_results_["params"]) == 4
    assert np.isfinite(grid.cv_results_["mean_test_score"]).all()
    assert grid.best_params_["sampler__batch_size"] in (16, 32)


def test_clone_keeps_params_and_drops_fit(sampler_cls, binary_data):
    sampler = make_tiny(sampler_cls, random_state=3, batch_size=17)
    sampler.fit_resample(*binary_data)
    cloned = clone(sampler)
    assert cloned.get_params() == sampler.get_params()
    assert not hasattr(cloned, "history_")


@pytest.mark.parametrize("dump", ["pickle", "joblib"])
def test_persistence_round_trip(sampler_cls, binary_data, tmp_path, dump):
    sampler = make_tiny(sampler_cls, random_state=0).fit(*binary_data)
    sampler.fit_resample(*binary_data)
    path = tmp_path / "sampler.bin"
    if dump == "pickle":
        path.write_bytes(pickle.dumps(sampler))
        loaded = pickle.loads(path.read_bytes())
    else:
        joblib.dump(sampler, path)
        loaded = joblib.load(path)
    np.testing.assert_array_equal(
        loaded.generate(1, 20, random_state=5), sampler.generate(1, 20, random_state=5)
    )
    assert loaded.history_ == sampler.history_


def _torch_values(obj):
    """Every torch module and tensor among an object's attributes, by name."""
    return {name: value for name, value in vars(obj).items()
            if isinstance(value, (torch.nn.Module, torch.Tensor))}


def _networks(sampler):
    """The fitted networks of a sampler (its torch module attributes)."""
    return [v for v in vars(sampler).values() if isinstance(v, torch.nn.Module)]


def _devices(value):
    if isinstance(value, torch.Tensor):
        return {value.device}
    return {t.device for t in [*value.parameters(), *value.buffers()]}


def test_gpu_trained_model_loads_on_cpu_only_machine(sampler_cls, binary_data):
    # What a fit on a GPU pickles: device_ names the GPU, the state holds CPU
    # copies. Loaded where that GPU is missing, the model warns once, lives on
    # the CPU, says so in device_ and generates the same rows.
    sampler = make_tiny(sampler_cls, random_state=0)
    sampler.fit_resample(*binary_data)
    expected = sampler.generate(1, 10, random_state=1)
    missing = torch.device("cuda", torch.cuda.device_count() + 7)
    sampler.device_ = missing
    with pytest.warns(UserWarning, match=r"fitted on cuda:\d+.*loaded on the CPU"):
        loaded = pickle.loads(pickle.dumps(sampler))
    assert loaded.device_ == torch.device("cpu")
    fitted = _torch_values(loaded)
    assert any(isinstance(v, torch.nn.Module) for v in fitted.values())
    for name, value in fitted.items():
        assert _devices(value) <= {torch.device("cpu")}, name
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # placed once, at load: no warning per call
        np.testing.assert_array_equal(loaded.generate(1, 10, random_state=1), expected)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
@pytest.mark.gpu
def test_fit_on_gpu_then_pickle(sampler_cls, binary_data):
    sampler = make_tiny(sampler_cls, random_state=0, device="cuda")
    X_res, _ = sampler.fit_resample(*binary_data)
    assert sampler.device_.type == "cuda"
    state = pickle.dumps(sampler)
    loaded = pickle.loads(state)
    assert loaded.generate(1, 5).shape == (5, X_res.shape[1])
    # pickling copied the networks to the CPU; the sampler itself stays on the GPU
    assert sampler.generate(1, 5).shape == (5, X_res.shape[1])
    assert all(p.is_cuda for m in _networks(sampler) for p in m.parameters())


def test_pickling_leaves_the_fitted_sampler_as_it_was(sampler_cls, binary_data):
    sampler = make_tiny(sampler_cls, random_state=0)
    sampler.fit_resample(*binary_data)
    before = dict(sampler.__dict__)
    expected = sampler.generate(1, 10, random_state=1)
    pickle.dumps(sampler)
    # the same attributes, the same objects (the networks were copied, not replaced)
    assert sampler.__dict__.keys() == before.keys()
    assert all(sampler.__dict__[k] is v for k, v in before.items())
    np.testing.assert_array_equal(sampler.generate(1, 10, random_state=1), expected)


def test_original_rows_first_and_exact_counts(sampler_cls, multiclass_data):
    X, y = multiclass_data
    strategy = {1: 200, 2: 150}
    sampler = make_tiny(sampler_cls, sampling_strategy=strategy, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    np.testing.assert_array_equal(X_res[: len(X)], X)
    np.testing.assert_array_equal(y_res[: len(y)], y)
    counts = Counter(y_res)
    assert counts[1] == 200 and counts[2] == 150 and counts[0] == Counter(y)[0]
    assert sampler.sampling_strategy_ == {1: 200 - Counter(y)[1], 2: 150 - Counter(y)[2]}
    # synthetic rows come grouped by class, in sampling_strategy_ order
    assert list(dict.fromkeys(y_res[len(y):])) == [1, 2]


def test_auto_strategy_balances_all_classes(sampler_cls, multiclass_data):
    X, y = multiclass_data
    _, y_res = make_tiny(sampler_cls, random_state=0).fit_resample(X, y)
    assert len(set(Counter(y_res).values())) == 1


def test_pandas_in_pandas_out(sampler_cls, binary_data):
    pd = pytest.importorskip("pandas")
    X, y = binary_data
    X_df = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
    y_s = pd.Series(y, name="target")
    X_res, y_res = make_tiny(sampler_cls, random_state=0).fit_resample(X_df, y_s)
    assert isinstance(X_res, pd.DataFrame) and isinstance(y_res, pd.Series)
    assert list(X_res.columns) == list(X_df.columns) and y_res.name == "target"
    pd.testing.assert_frame_equal(X_res.iloc[: len(X_df)], X_df)


def test_string_labels(sampler_cls, binary_data):
    X, y = binary_data
    labels = np.where(y == 1, "fraud", "ok")
    sampler = make_tiny(sampler_cls, random_state=0)
    _, y_res = sampler.fit_resample(X, labels)
    assert Counter(y_res)["fraud"] == Counter(y_res)["ok"]
    assert sampler.generate("fraud", 3).shape == (3, X.shape[1])


def test_images_via_image_shape(sampler_cls, digits_images):
    X, y = digits_images  # 8x8 images as 64 integer-valued columns
    sampler = make_tiny(sampler_cls, image_shape=(8, 8), random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert Counter(y_res)[1] == Counter(y_res)[0]
    assert sampler.image_shape_ == (1, 8, 8)
    synthetic = X_res[len(X):]
    # pixels stay inside the training range
    assert synthetic.min() >= X.min() and synthetic.max() <= X.max()


@pytest.mark.parametrize("shape", [(3, 4, 4), (1, 5, 7)])
def test_color_and_odd_image_shapes(sampler_cls, shape):
    rng = np.random.RandomState(0)
    n_features = int(np.prod(shape))
    X = rng.rand(60, n_features).astype(np.float32)
    y = np.array([0] * 45 + [1] * 15)
    X_res, _ = make_tiny(sampler_cls, image_shape=shape, random_state=0).fit_resample(X, y)
    assert X_res.shape == (90, n_features) and X_res.dtype == np.float32


def test_same_random_state_same_output(sampler_cls, binary_data):
    X, y = binary_data
    a = make_tiny(sampler_cls, random_state=42).fit_resample(X, y)[0]
    b = make_tiny(sampler_cls, random_state=42).fit_resample(X, y)[0]
    c = make_tiny(sampler_cls, random_state=43).fit_resample(X, y)[0]
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a[len(X):], c[len(X):])


def test_global_random_state_untouched(sampler_cls, binary_data):
    torch.manual_seed(123)
    np.random.seed(123)
    expected_torch, expected_np = torch.rand(3), np.random.rand(3)
    torch.manual_seed(123)
    np.random.seed(123)
    threads = torch.get_num_threads()
    make_tiny(sampler_cls, random_state=0).fit_resample(*binary_data)
    np.testing.assert_array_equal(torch.rand(3), expected_torch)
    np.testing.assert_array_equal(np.random.rand(3), expected_np)
    assert torch.get_num_threads() == threads


def test_callers_arrays_not_modified(sampler_cls, binary_data):
    X, y = binary_data
    X = np.asfortranarray(X)  # also a layout the networks do not use
    X_copy, y_copy = X.copy(), y.copy()
    make_tiny(sampler_cls, random_state=0).fit_resample(X, y)
    np.testing.assert_array_equal(X, X_copy)
    np.testing.assert_array_equal(y, y_copy)


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64, np.uint8])
def test_output_dtype_equals_input_dtype(sampler_cls, dtype):
    rng = np.random.RandomState(0)
    X = (rng.rand(120, 5) * 200).astype(dtype)
    y = np.array([0] * 100 + [1] * 20)
    X_res, _ = make_tiny(sampler_cls, random_state=0).fit_resample(X, y)
    assert X_res.dtype == dtype
    # integer features stay integer-valued and inside their observed range
    assert np.all(X_res[len(X):] >= X.min(axis=0)) and np.all(X_res[len(X):] <= X.max(axis=0))


def test_sparse_input_gives_sparse_output(sampler_cls, binary_data):
    X, y = binary_data
    X_sp = sparse.csr_matrix(X)
    X_res, y_res = make_tiny(sampler_cls, random_state=0).fit_resample(X_sp, y)
    X_dense_res, _ = make_tiny(sampler_cls, random_state=0).fit_resample(X, y)
    assert sparse.issparse(X_res)
    np.testing.assert_allclose(X_res.toarray(), X_dense_res, rtol=1e-6)


def test_generate_fit_once_sample_many(sampler_cls, binary_data):
    X, y = binary_data
    sampler = make_tiny(sampler_cls, random_state=0)
    sampler.fit_resample(X, y)
    first = sampler.generate(1, 7, random_state=0)
    assert first.shape == (7, X.shape[1])
    np.testing.assert_array_equal(first, sampler.generate(1, 7, random_state=0))
    assert sampler.generate(0, 0).shape == (0, X.shape[1])
    # more than one generation chunk (8,192 rows)
    big = sampler.generate(1, 9000, random_state=0)
    assert big.shape == (9000, X.shape[1])
    with pytest.raises(ValueError, match="was not seen during fit"):
        sampler.generate(5, 3)
    with pytest.raises(ValueError, match="non-negative integer"):
        sampler.generate(1, -1)


def test_generate_before_fit_raises(sampler_cls):
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        make_tiny(sampler_cls).generate(1, 3)


def test_auto_epochs_on_flat_rows_follow_the_rows(sampler_cls):
    # max_epochs="auto" on a table: the sampler's fewest steps on a small
    # table, FLAT_EPOCHS passes on a larger one, at most its most steps
    fewest, most = sampler_cls._flat_steps
    epochs = []
    for n_batches in (1, (fewest + most) // (2 * _training.FLAT_EPOCHS), most + 1):
        X, y = make_classification(n_samples=16 * n_batches, weights=[0.8], random_state=0)
        sampler = make_tiny(sampler_cls, max_epochs="auto", batch_size=16, random_state=0)
        sampler.fit(X, y)
        epochs.append(sampler.n_epochs_)
    assert epochs == [fewest, _training.FLAT_EPOCHS, 1]


def test_fitted_attributes(sampler_cls, binary_data):
    sampler = make_tiny(sampler_cls, random_state=0, max_epochs=3)
    sampler.fit_resample(*binary_data)
    assert sampler.n_epochs_ == 3
    assert all(len(v) == 3 for v in sampler.history_.values())
    assert "epoch_time" in sampler.history_
    assert sampler.fit_time_ >= sampler.train_time_ > 0
    assert sampler.device_ == torch.device("cpu")
    assert list(sampler.classes_) == [0, 1]
    # the fitted networks are attributes, and nothing training-only survives
    assert len(_networks(sampler)) >= 2
    assert not any(isinstance(v, torch.optim.Optimizer) for v in vars(sampler).values())


def test_verbose_shows_a_progress_bar_or_epoch_lines(sampler_cls, binary_data, capsys):
    make_tiny(sampler_cls, random_state=0, verbose=1).fit_resample(*binary_data)
    captured = capsys.readouterr()
    # a bar on stderr: epochs done, elapsed<remaining time, the last losses
    assert "2/2" in captured.err and "<" in captured.err
    assert sampler_cls.__name__ in captured.err and "=" in captured.err
    assert captured.out == ""
    make_tiny(sampler_cls, random_state=0, verbose=2).fit_resample(*binary_data)
    captured = capsys.readouterr()
    assert "epoch 1/2" in captured.out and "epoch 2/2" in captured.out
    make_tiny(sampler_cls, random_state=0, verbose=0).fit_resample(*binary_data)
    assert capsys.readouterr() == ("", "")


def test_too_few_rows_to_learn_from_warn(sampler_cls):
    rng = np.random.RandomState(0)
    X = rng.randn(103, 4)
    y = np.r_[np.zeros(100, int), np.ones(3, int)]
    with pytest.warns(UserWarning, match=r"classes \{1: 3\} .* fewer than 10 rows"):
        make_tiny(sampler_cls, random_state=0).fit_resample(X, y)
    y = np.r_[np.zeros(90, int), np.ones(13, int)]
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        make_tiny(sampler_cls, random_state=0).fit_resample(X, y)


# ----------------------------------------------------------------- bad input
def _bad(X, y, sampler, match, exc=ValueError):
    with pytest.raises(exc, match=match):
        sampler.fit_resample(X, y)


def test_nan_and_inf_are_refused(sampler_cls, binary_data):
    X, y = binary_data
    X_nan = X.copy()
    X_nan[3, 2] = np.nan
    _bad(X_nan, y, make_tiny(sampler_cls), "NaN")
    X_inf = X.copy()
    X_inf[0, 0] = np.inf
    _bad(X_inf, y, make_tiny(sampler_cls), "infinity")


def test_one_class_is_refused(sampler_cls, binary_data):
    X, _ = binary_data
    _bad(X, np.zeros(len(X)), make_tiny(sampler_cls), "more than 1 class")


def test_empty_input_is_refused(sampler_cls):
    _bad(np.empty((0, 3)), np.empty(0), make_tiny(sampler_cls), "0 sample")


def test_image_shape_mismatch_is_refused(sampler_cls, binary_data):
    X, y = binary_data  # 6 features
    _bad(X, y, make_tiny(sampler_cls, image_shape=(2, 2)), r"image_shape=\(2, 2\).*6 features")
    _bad(X, y, make_tiny(sampler_cls, image_shape=(1, 2, 3, 1)), "image_shape must be")
    _bad(X, y, make_tiny(sampler_cls, image_shape=(0, 6)), "image_shape must be")


def test_unknown_or_missing_device_is_refused(sampler_cls, binary_data):
    X, y = binary_data
    _bad(X, y, make_tiny(sampler_cls, device="gpu0"), "Unknown device 'gpu0'")
    if not torch.cuda.is_available():
        _bad(X, y, make_tiny(sampler_cls, device="cuda"), "CUDA is not available")
        _bad(X, y, make_tiny(sampler_cls, device="cuda:1"), "CUDA is not available")


@pytest.mark.parametrize("param, value", [
    ("batch_size", 0), ("batch_size", -5), ("max_epochs", 0), ("learning_rate", 0.0),
    ("learning_rate", -1.0), ("max_epochs", "forever"), ("n_threads", 0),
    ("n_iter_no_change", 0), ("tol", -0.1),
])
def test_non_positive_sizes_are_refused(sampler_cls, binary_data, param, value):
    X, y = binary_data
    _bad(X, y, make_tiny(sampler_cls, **{param: value}), f"'{param}' parameter")


def test_bad_network_sizes_are_refused(sampler_cls, binary_data):
    X, y = binary_data
    _bad(X, y, make_tiny(sampler_cls, hidden_dims=(16, 0)), "hidden_dims must be")
    _bad(X, y, make_tiny(sampler_cls, hidden_dims=()), "hidden_dims must be")


def test_text_columns_without_categorical_features_are_refused(sampler_cls):
    # the error says which parameter to set, not numpy's "could not convert"
    X = np.array([["a", "b"], ["c", "d"]] * 10, dtype=object)
    y = np.array([0, 1] * 10)
    _bad(X, y, make_tiny(sampler_cls), r"columns of categories or text: \[0, 1\].*"
         "categorical_features")


def test_impossible_sampling_strategy_is_refused(sampler_cls, binary_data):
    X, y = binary_data
    _bad(X, y, make_tiny(sampler_cls, sampling_strategy={1: 5}), "greater or equal")
    _bad(X, y, make_tiny(sampler_cls, sampling_strategy={7: 500}), "not present in the data")


def test_training_stops_when_the_monitored_loss_stops_improving(sampler_cls, binary_data):
    X, y = binary_data
    # tol=10: no epoch can improve on the best by 1000%, so the second epoch
    # is the first without improvement and n_iter_no_change=1 stops there.
    sampler = make_tiny(sampler_cls, max_epochs=20, n_iter_no_change=1, tol=10.0,
                        random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    assert sampler.converged_ and sampler.n_epochs_ == 2
    assert all(len(v) == 2 for v in sampler.history_.values())
    assert X_res.shape[0] > X.shape[0]
    # the first epochs are those of a full fit: stopping changes nothing before it
    full = make_tiny(sampler_cls, max_epochs=2, n_iter_no_change=None, random_state=0)
    np.testing.assert_array_equal(full.fit_resample(X, y)[0], X_res)
    assert not full.converged_ and full.n_epochs_ == 2


def test_n_iter_no_change_none_trains_every_epoch(sampler_cls, binary_data):
    sampler = make_tiny(sampler_cls, max_epochs=7, n_iter_no_change=None, tol=1e9)
    sampler.fit_resample(*binary_data)
    assert sampler.n_epochs_ == 7 and not sampler.converged_


def test_set_params_after_fit_changes_nothing_until_the_next_fit(sampler_cls, binary_data):
    # Every parameter set to another valid value after the fit: what the
    # fitted model generates does not change.
    sampler = make_tiny(sampler_cls, random_state=0)
    sampler.fit_resample(*binary_data)
    expected = sampler.generate(1, 25, random_state=0)
    others = dict(image_shape=None, hidden_dims=(8, 8), conv_channels=(2,), kernel_sizes=(3,),
                  max_epochs=1, batch_size=8, balanced_batches=False, n_iter_no_change=3,
                  tol=0.5, learning_rate=0.5, n_threads=2, verbose=0, device="cpu",
                  precision="bfloat16",
                  sampling_strategy="minority", random_state=5, selection="boundary",
                  pool_factor=2.0, diff_augment="translation",
                  categorical_features=[0], numeric_scaling="quantile")
    if sampler_cls.__name__ == "DVAANSampler":
        others.update(latent_dim=9, mu_init=2.0, adapt_mu=False, gamma=3.0, mu_step=1.0,
                      mu_bounds=(0.5, 9.0), feature_weight=3.0, adversarial_weight=3.0,
                      augmentation=False, sample_from="boundary", max_tries=1,
                      mu_losses="relative")
    else:
        others.update(n_codes=5, structure="entangled", regularizer="authors",
                      regularizer_weight=3.0, push_margin=0.5, noise_dim=9,
                      sample_from="prior", inversion_steps=3)
    assert set(others) == set(sampler.get_params())  # every parameter is changed
    sampler.set_params(**others)
    np.testing.assert_array_equal(sampler.generate(1, 25, random_state=0), expected)


def test_image_networks_on_the_cpu_use_channels_last_weights(sampler_cls, digits_images):
    # oneDNN's convolutions run faster in channels-last (about a quarter
    # less wall time per fit measured on the 2-core CPU); the fitted weights
    # keep the format, through pickling too
    X, y = digits_images
    sampler = make_tiny(sampler_cls, image_shape=(8, 8), random_state=0)
    sampler.fit_resample(X, y)
    convs = [m for module in _networks(sampler) for m in module.modules()
             if isinstance(m, torch.nn.Conv2d) and m.in_channels > 1]
    assert convs and all(m.weight.is_contiguous(memory_format=torch.channels_last)
                         for m in convs)
    again = pickle.loads(pickle.dumps(sampler))
    assert all(m.weight.is_contiguous(memory_format=torch.channels_last)
               for module in _networks(again) for m in module.modules()
               if isinstance(m, torch.nn.Conv2d) and m.in_channels > 1)
    np.testing.assert_array_equal(again.generate(y[0], 5, random_state=1),
                                  sampler.generate(y[0], 5, random_state=1))


def test_conv_channels_auto_is_compact_on_the_cpu_and_the_papers_on_a_gpu(sampler_cls,
                                                                          digits_images):
    # the papers' image networks make a default CPU fit of 6,000 MNIST images
    # take 4 minutes to an hour; "auto" keeps them for GPUs only
    from imblearn_deep._networks import CPU_CONV_CHANNELS

    X, y = digits_images
    sampler = make_tiny(sampler_cls, image_shape=(8, 8), conv_channels="auto",
                        kernel_sizes=(3, 3, 3, 3), max_epochs=1, random_state=0)
    sampler.fit_resample(X, y)
    assert sampler.conv_channels == "auto"  # the parameter is left as given
    assert sampler.conv_channels_ == CPU_CONV_CHANNELS
    convs = [m for m in sampler.discriminator_.modules() if isinstance(m, torch.nn.Conv2d)]
    assert [m.out_channels for m in convs] == list(CPU_CONV_CHANNELS)
    flat = make_tiny(sampler_cls, conv_channels="auto", max_epochs=1, random_state=0)
    flat.fit_resample(X, y)
    assert flat.conv_channels_ is None


def test_hidden_dims_auto_takes_each_samplers_flat_widths_and_the_image_width(
        sampler_cls, binary_data, digits_images):
    # "auto": each sampler's measured widths on flat rows (BayesGAN 64, DVAAN
    # 128), 128 for the fully connected layer of image networks
    from imblearn_deep._networks import IMAGE_HIDDEN_DIMS

    flat_widths = {"DVAANSampler": (128, 128), "BayesGANOversampler": (64, 64)}
    X, y = binary_data
    flat = make_tiny(sampler_cls, hidden_dims="auto", max_epochs=1, random_state=0)
    flat.fit_resample(X, y)
    assert flat.hidden_dims == "auto"  # the parameter is left as given
    assert flat.hidden_dims_ == flat_widths[sampler_cls.__name__]
    linears = [m for m in flat.discriminator_.modules() if isinstance(m, torch.nn.Linear)]
    assert [m.out_features for m in linears[:2]] == list(flat.hidden_dims_)
    assert sampler_cls().hidden_dims == "auto"  # the default

    X, y = digits_images
    images = make_tiny(sampler_cls, image_shape=(8, 8), hidden_dims="auto", max_epochs=1,
                       random_state=0)
    images.fit_resample(X, y)
    assert images.hidden_dims_ == IMAGE_HIDDEN_DIMS
    linears = [m for m in images.discriminator_.modules() if isinstance(m, torch.nn.Linear)]
    assert linears[0].out_features == IMAGE_HIDDEN_DIMS[-1]

    given = make_tiny(sampler_cls, hidden_dims=[24, 12], max_epochs=1, random_state=0)
    given.fit_resample(*binary_data)
    assert given.hidden_dims_ == (24, 12)
    # a model pickled before "auto" existed gets its widths from the parameter
    state = given.__getstate__()
    del state["hidden_dims_"]
    old = sampler_cls.__new__(sampler_cls)
    old.__setstate__(state)
    assert old.hidden_dims_ == (24, 12)


def test_auto_epochs_on_the_cpu_stay_within_the_flop_budget(sampler_cls, digits_images,
                                                           monkeypatch):
    # The budget is counted on the first step and must change nothing but the
    # number of epochs: a budgeted fit equals a fit told that number of epochs.
    X, y = digits_images
    monkeypatch.setattr(_training, "AUTO_STEPS_IMAGES", 40)
    monkeypatch.setattr(_training, "MIN_BUDGET_STEPS", 10)
    monkeypatch.setattr(_training, "AUTO_EPOCH_BOUNDS", (1, 300))

    def fit(budget, **params):
        sampler = make_tiny(sampler_cls, image_shape=(8, 8), random_state=0, **params)
        monkeypatch.setattr(_training, "CPU_FLOP_BUDGET", budget)
        return sampler, sampler.fit_resample(X, y)[0]

    n_batches = X.shape[0] // TINY[sampler_cls]["batch_size"]
    free, X_free = fit(1e30, max_epochs="auto")  # counted, far within the budget
    assert free.step_flops_ > 0 and free.n_epochs_ == math.ceil(40 / n_batches)
    counted = free
    flops = counted.step_flops_
    budgeted, X_budgeted = fit(20 * flops, max_epochs="auto")
    assert budgeted.step_flops_ == flops and budgeted.n_epochs_ == math.ceil(20 / n_batches)
    assert budgeted.n_epochs_ < free.n_epochs_
    told, X_told = fit(20 * flops, max_epochs=budgeted.n_epochs_)
    assert told.step_flops_ is None  # an explicit max_epochs counts nothing
    np.testing.assert_array_equal(X_told, X_budgeted)
    floor, _ = fit(2 * flops, max_epochs="auto")  # at least MIN_BUDGET_STEPS
    assert floor.n_epochs_ == math.ceil(10 / n_batches)


def test_small_flat_networks_skip_the_flop_count_which_the_bound_covers(sampler_cls,
                                                                        binary_data,
                                                                        monkeypatch):
    # Flat networks far below the budget are not counted (the count's first
    # use costs seconds of imports); the bound that decides it must really
    # bound the counted operations, or a wide table could escape the budget.
    X, y = binary_data
    params = dict(hidden_dims=(64, 64), max_epochs="auto", random_state=0)

    monkeypatch.setattr(sampler_cls, "_flat_steps", (4, 4))

    def fit(budget):
        sampler = make_tiny(sampler_cls, **params)
        monkeypatch.setattr(_training, "CPU_FLOP_BUDGET", budget)
        return sampler, sampler.fit_resample(X, y)[0]

    skipped, X_skipped = fit(1e30)
    assert skipped.step_flops_ is None
    counted, X_counted = fit(1.0)  # any budget the bound may exceed: counted
    assert counted.step_flops_ > 0
    n_params = sum(p.numel() for m in _networks(counted) for p in m.parameters())
    bound = _training.FLAT_FLOPS_PER_PARAMETER_ROW * n_params * counted.batch_size_
    assert counted.step_flops_ <= bound / 1.5  # with a margin
    # 4 planned steps are under the budget's floor of steps: counting changed nothing
    assert counted.n_epochs_ == skipped.n_epochs_
    np.testing.assert_array_equal(X_counted, X_skipped)


@pytest.mark.parametrize("image_shape", [None, (8, 8)], ids=["flat", "image"])
def test_bfloat16_precision_trains_under_autocast(sampler_cls, digits_images, image_shape):
    X, y = digits_images
    seen = []

    def fit(precision):
        sampler = make_tiny(sampler_cls, image_shape=image_shape, precision=precision,
                            random_state=0)

        def watch(module, args, out):  # the dtype of every layer's output
            if isinstance(module, (torch.nn.Linear, torch.nn.Conv2d)):
                seen.append((precision, module.training, out.dtype))

        hook = torch.nn.modules.module.register_module_forward_hook(watch)
        try:
            return sampler.fit_resample(X, y)[0]
        finally:
            hook.remove()

    X32, X16, again = fit("float32"), fit("bfloat16"), fit("bfloat16")
    assert ("bfloat16", True, torch.bfloat16) in seen
    assert ("float32", True, torch.bfloat16) not in seen
    assert all(dtype == torch.float32 for _, training, dtype in seen if not training)
    assert X16.dtype == X32.dtype and np.isfinite(X16).all()
    assert not np.array_equal(X16, X32)  # the arithmetic really changed
    np.testing.assert_array_equal(X16, again)  # and is reproducible on the CPU


def test_bfloat16_precision_without_autocast_on_the_device_is_a_clear_error(
        sampler_cls, digits_images, monkeypatch):
    X, y = digits_images
    monkeypatch.setattr(torch.amp, "is_autocast_available", lambda kind: False)
    with pytest.raises(ValueError, match="precision='bfloat16' needs torch's autocast"):
        make_tiny(sampler_cls, precision="bfloat16").fit_resample(X, y)
    make_tiny(sampler_cls, precision="float32").fit_resample(X, y)


@pytest.mark.parametrize("image_shape", [None, (8, 8)], ids=["flat", "image"])
def test_training_steps_read_nothing_back_from_the_device(sampler_cls, digits_images,
                                                          image_shape, monkeypatch):
    # On a GPU every read of a tensor's value (item, float, bool, tolist,
    # numpy, cpu) waits for the device: a training step must not do one, only
    # the end of an epoch (one read of the summed losses).
    X, y = digits_images
    inside, reads = [False], []
    step = sampler_cls._train_step

    def watched_step(self, *args):
        inside[0] = True
        try:
            return step(self, *args)
        finally:
            inside[0] = False

    monkeypatch.setattr(sampler_cls, "_train_step", watched_step)
    for name in ("item", "tolist", "numpy", "cpu", "__float__", "__int__", "__bool__"):
        original = getattr(torch.Tensor, name)

        def read(self, *args, _name=name, _original=original, **kwargs):
            if inside[0]:
                reads.append(_name)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(torch.Tensor, name, read)
    params = dict(diff_augment="translation,cutout") if image_shape else {}
    make_tiny(sampler_cls, image_shape=image_shape, random_state=0,
              **params).fit_resample(X, y)
    assert reads == []


def test_a_pickle_without_a_newer_parameter_gets_its_default(sampler_cls, digits_images):
    # precision was added after samplers had been pickled: loading one must
    # give a working estimator, not an AttributeError in get_params or clone
    X, y = digits_images
    sampler = make_tiny(sampler_cls, random_state=0)
    sampler.fit_resample(X, y)
    state = sampler.__getstate__()
    del state["precision"]
    old = sampler_cls.__new__(sampler_cls)
    old.__setstate__(state)
    assert old.get_params()["precision"] == "float32"
    assert clone(old).precision == "float32" and sampler_cls.__name__ in repr(old)
    np.testing.assert_array_equal(old.generate(y[0], 5, random_state=1),
                                  sampler.generate(y[0], 5, random_state=1))


def test_bfloat16_on_a_gpu_without_it_is_a_clear_error(sampler_cls, binary_data,
                                                      monkeypatch):
    # a GPU without bfloat16, as the fit sees it: refused before anything is allocated
    monkeypatch.setattr("imblearn_deep._base.resolve_device", lambda d: torch.device("cuda"))
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: False)
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda *a: "Tesla V100")
    with pytest.raises(ValueError, match=r"bfloat16 support; cuda \(Tesla V100\) has none"):
        make_tiny(sampler_cls, precision="bfloat16").fit_resample(*binary_data)
