"""The shared base through the public API: fit and fit_resample train the same
model, a refit starts from nothing, generate returns the fitted input's type,
bad arguments get clear errors; and the pure training and GAN modules."""

import numpy as np
import pandas as pd
import pytest
import torch

from imblearn_deep import BayesGANOversampler, DVAANClassifier, DVAANSampler
from imblearn_deep import _gan, _training

from conftest import SAMPLERS, make_tiny


# ----------------------------------------------------------- pure modules
def test_convergence_monitor_stops_after_n_epochs_without_relative_improvement():
    monitor = _training.ConvergenceMonitor(n_iter_no_change=2, tol=0.1)
    # 10 -> 8 improves by 20%; 7.5 and 7.3 improve by less than 10% of 8
    assert [monitor.update(v) for v in (10.0, 8.0, 7.5, 7.3)] == [False, False, False, True]
    never = _training.ConvergenceMonitor(n_iter_no_change=None, tol=0.1)
    assert not any(never.update(v) for v in [1.0] * 50)


def test_plan_epochs_aims_at_the_steps_within_the_bounds_and_the_budget():
    low, high = _training.AUTO_EPOCH_BOUNDS
    assert _training.plan_epochs(7, n_batches=3, steps=1000) == 7  # as given
    assert _training.plan_epochs("auto", n_batches=4, steps=200) == 50
    assert _training.plan_epochs("auto", n_batches=1000, steps=200) == low
    assert _training.plan_epochs("auto", n_batches=1, steps=10**6) == high
    # a step of a quarter of the budget: at least MIN_BUDGET_STEPS steps
    flops = _training.CPU_FLOP_BUDGET / 4
    assert _training.plan_epochs("auto", n_batches=10, steps=1000, step_flops=flops) == \
        _training.MIN_BUDGET_STEPS // 10


def test_flat_steps_follow_the_rows_within_the_fewest_and_most():
    epochs, (low, high) = _training.FLAT_EPOCHS, _training.FLAT_EPOCH_BOUNDS
    assert _training.auto_steps(False, (50, 100), n_batches=1) == 50  # a small table
    assert _training.auto_steps(False, (50, 100), n_batches=14) == epochs * 14
    assert _training.auto_steps(False, (50, 100), n_batches=39) == 100  # a large one
    assert _training.auto_steps(True, (50, 100), n_batches=1) == _training.AUTO_STEPS_IMAGES
    # flat rows: at least one epoch, however many batches it has
    assert _training.plan_epochs("auto", n_batches=390, steps=100, images=False) == low == 1
    assert _training.plan_epochs("auto", n_batches=39, steps=100, images=False) == 3
    assert _training.plan_epochs("auto", n_batches=1, steps=10**6, images=False) == high


def _spy_optimizer(params, seen):
    opt = torch.optim.SGD(params, lr=0.1)
    opt.step = lambda: seen.append([None if p.grad is None else p.grad.clone()
                                    for p in params])
    return opt


def test_update_differentiates_each_term_for_its_own_parameters():
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = torch.tensor([3.0], requires_grad=True)
    other = torch.tensor([5.0], requires_grad=True)
    other.grad = torch.tensor([42.0])
    seen = []
    opt = _spy_optimizer([a, b], seen)
    loss_1 = (a ** 2).sum() + (b * other).sum()   # for a only
    loss_2 = (a * b).sum() + (other ** 2).sum()   # for a and b
    _gan.update(opt, (loss_1, [a]), (loss_2, [a, b]))
    torch.testing.assert_close(seen[0][0], 2 * a.detach() + b.detach())  # summed over terms
    torch.testing.assert_close(seen[0][1], a.detach().sum().reshape(1))  # only from loss_2
    assert other.grad.item() == 42.0  # not the optimizer's: never touched


def test_update_through_a_tensor_gives_the_same_gradients_in_one_backward_pass():
    # A generator g reaches both losses through its output; routing g's terms
    # through the output gives every parameter the same gradient as
    # differentiating each term on its own, with one backward pass through g.
    torch.manual_seed(0)
    g = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 2))
    e = torch.nn.Linear(2, 1)
    passes = []
    g[0].weight.register_hook(lambda grad: passes.append(1))
    z = torch.randn(8, 3)
    seen = {}

    def run(through):
        passes.clear()
        out = g(z)
        gen, ext = list(g.parameters()), list(e.parameters())
        grads = []
        opt = _spy_optimizer(gen + ext, grads)
        loss_1 = out.pow(2).sum() + e(out.detach()).sum()  # for g only
        loss_2 = e(out).pow(2).mean()                       # for e and g
        _gan.update(opt, (loss_1, gen), (loss_2, ext + gen),
                    through=(out, gen) if through else None)
        seen[through] = grads[0]
        return len(passes)

    assert run(False) == 2
    assert run(True) == 1
    for a, b in zip(seen[False], seen[True]):
        torch.testing.assert_close(a, b)


def test_discriminate_in_one_pass_gives_the_outputs_of_separate_passes(binary_data):
    sampler = make_tiny(BayesGANOversampler, random_state=0).fit(*binary_data)
    batches = torch.randn(5, 6), torch.randn(7, 6), torch.randn(3, 6)
    with torch.no_grad():
        joint = _gan.discriminate(sampler.discriminator_, *batches, joint=True)
        assert len(joint) == 3
        for out, rows in zip(joint, batches):
            alone = sampler.discriminator_(rows)
            assert type(out) is type(alone)
            for a, b in zip(out, alone):
                torch.testing.assert_close(a, b)


# ------------------------------------------------------------- public API
@pytest.mark.parametrize("cls", SAMPLERS, ids=lambda c: c.__name__)
def test_fit_trains_the_model_that_fit_resample_trains(cls, binary_data):
    X, y = binary_data
    resampled = make_tiny(cls, random_state=0)
    resampled.fit_resample(X, y)
    fitted = make_tiny(cls, random_state=0)
    assert fitted.fit(X, y) is fitted
    timeless = [{k: v for k, v in s.history_.items() if k != "epoch_time"}
                for s in (fitted, resampled)]
    assert timeless[0] == timeless[1]
    for a, b in zip(fitted.discriminator_.parameters(), resampled.discriminator_.parameters()):
        assert torch.equal(a, b)
    assert fitted.sampling_strategy_ == resampled.sampling_strategy_
    assert fitted.generate(1, 5, random_state=0).shape == (5, X.shape[1])


@pytest.mark.parametrize("cls", SAMPLERS, ids=lambda c: c.__name__)
def test_fit_after_fit_resample_refits_on_the_new_data(cls, binary_data):
    # imbalanced-learn's own fit only re-validated: n_features_in_, the dtype
    # and sampling_strategy_ drifted from the trained model
    X, y = binary_data
    sampler = make_tiny(cls, random_state=0)
    sampler.fit_resample(X, y)
    narrow = X[:, :4].astype(np.float32)
    sampler.fit(narrow, y)
    assert sampler.n_features_in_ == 4
    new = sampler.generate(1, 6, random_state=0)
    assert new.shape == (6, 4) and new.dtype == np.float32


def test_a_refit_leaves_no_attribute_of_the_earlier_fit(binary_data):
    sampler = make_tiny(BayesGANOversampler, random_state=0, sample_from="interpolate")
    sampler.fit_resample(*binary_data)
    assert hasattr(sampler, "inversion_error_")
    sampler.set_params(sample_from="prior", selection="faithful")
    sampler.fit_resample(*binary_data)
    assert not hasattr(sampler, "inversion_error_")
    assert sampler.selection_report_
    sampler.set_params(selection=None)
    sampler.fit_resample(*binary_data)
    assert sampler.selection_report_ == {}


@pytest.mark.parametrize("cls", SAMPLERS, ids=lambda c: c.__name__)
def test_generate_returns_a_frame_with_the_training_columns_and_dtypes(cls, binary_data):
    X, y = binary_data
    frame = pd.DataFrame(X[:, :3], columns=["a", "b", "c"])
    frame["n"] = np.arange(len(y)) % 7
    frame["flag"] = (np.arange(len(y)) % 3 == 0)
    sampler = make_tiny(cls, random_state=0)
    X_res = sampler.fit_resample(frame, y)[0]
    new = sampler.generate(1, 9, random_state=0)
    assert isinstance(new, pd.DataFrame)
    assert list(new.columns) == list(frame.columns)
    assert new.dtypes.to_dict() == frame.dtypes.to_dict() == X_res.dtypes.to_dict()
    assert sampler.generate(1, 0).shape == (0, 5)


@pytest.mark.parametrize("n_samples", [True, 1.0, -1, "3"])
def test_generate_refuses_what_is_not_a_count_of_rows(n_samples, binary_data):
    sampler = make_tiny(DVAANSampler, random_state=0).fit(*binary_data)
    with pytest.raises(ValueError, match="n_samples must be a non-negative integer"):
        sampler.generate(1, n_samples)


@pytest.mark.parametrize("bad", [np.nan, np.inf, 1e39])
def test_generate_with_codes_refuses_codes_that_are_not_finite_float32(bad, binary_data):
    sampler = make_tiny(BayesGANOversampler, random_state=0).fit(*binary_data)
    codes = np.zeros((3, 2))
    codes[1, 0] = bad
    with pytest.raises(ValueError, match="codes must be finite"):
        sampler.generate_with_codes(1, codes)


def test_dvaan_classifier_after_a_failed_refit_is_the_classifier_it_was(binary_data):
    X, y = binary_data
    clf = DVAANClassifier(make_tiny(DVAANSampler, random_state=0)).fit(X, y)
    proba = clf.predict_proba(X)
    with pytest.raises(ValueError):
        clf.fit(np.hstack([X, X]), np.zeros(len(y)))  # one class: refused
    assert clf.n_features_in_ == X.shape[1]
    np.testing.assert_array_equal(clf.predict_proba(X), proba)


def test_dvaan_classifier_refuses_rows_that_overflow_once_scaled(binary_data):
    X, y = binary_data
    clf = DVAANClassifier(make_tiny(DVAANSampler, random_state=0)).fit(X, y)
    huge = X[:3].copy()
    huge[0, 0] = 1e308  # finite in float64, beyond float32 once scaled
    with pytest.raises(ValueError, match="not finite once scaled"):
        clf.predict(huge)
