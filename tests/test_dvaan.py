"""DVAANSampler behaviour beyond the common drop-in tests."""

import numpy as np
import pytest
import torch
from sklearn.datasets import make_blobs, make_classification

from imblearn_deep import DVAANSampler
from imblearn_deep._networks import DiscriminatorOutput
from conftest import make_tiny


@pytest.fixture(scope="module")
def separable():
    X, y = make_blobs(n_samples=[400, 80], centers=[[-3, -3, 0, 0], [3, 3, 0, 0]],
                      cluster_std=0.7, random_state=0)
    return X, y


@pytest.fixture(scope="module")
def trained(separable):
    sampler = DVAANSampler(latent_dim=4, hidden_dims=(32, 32), max_epochs=40, batch_size=64,
                           random_state=0, device="cpu", sample_from="boundary")
    sampler.fit_resample(*separable)
    return sampler


def test_prior_puts_classes_at_plus_and_minus_mu(trained, separable):
    X, y = separable
    Z = trained.encode(X)
    mu = trained.mu_
    minority_mean = Z[y == 1].mean(axis=0)
    majority_mean = Z[y == 0].mean(axis=0)
    # the minority (smaller) class sits at +mu * 1, the majority at -mu * 1
    np.testing.assert_allclose(trained.prior_means_[1], mu * np.ones(4), rtol=1e-6)
    np.testing.assert_allclose(trained.prior_means_[0], -mu * np.ones(4), rtol=1e-6)
    for mean, own, other in [(minority_mean, 1, 0), (majority_mean, 0, 1)]:
        centre = trained.prior_means_[own]
        cosine = mean @ centre / (np.linalg.norm(mean) * np.linalg.norm(centre))
        assert cosine > 0.9
        assert np.linalg.norm(mean - centre) < np.linalg.norm(mean - trained.prior_means_[other])
    # and every row lies on its own class's side of the boundary
    side = Z.sum(axis=1) > 0
    assert np.mean(side == (y == 1)) > 0.97


def test_generated_rows_belong_to_their_class(trained, separable):
    X, y = separable
    for label, centre in [(1, [3, 3]), (0, [-3, -3])]:
        rows = trained.generate(label, 200, random_state=0)
        # closer to their own blob than to the other one
        own = np.linalg.norm(rows[:, :2] - centre, axis=1)
        other = np.linalg.norm(rows[:, :2] + np.asarray(centre), axis=1)
        assert np.mean(own < other) > 0.9


@pytest.mark.parametrize("mu_losses", ["raw", "relative"])
def test_mu_follows_eq10_from_the_recorded_losses(separable, mu_losses):
    sampler = make_tiny(DVAANSampler, max_epochs=6, mu_bounds=(0.1, 5.0), mu_init=1.0,
                        gamma=2.0, mu_step=0.2, mu_losses=mu_losses, random_state=0)
    sampler.fit_resample(*separable)
    h = sampler.history_
    mu = 1.0
    # "relative": each loss over its first epoch's value
    fea0, adv0 = (h["fea"][0], h["adv"][0]) if mu_losses == "relative" else (1.0, 1.0)
    for fea, adv, recorded in zip(h["fea"], h["adv"], h["mu"]):
        mu = min(max(mu - 0.2 * np.tanh(fea / fea0 - 2.0 * adv / adv0), 0.1), 5.0)
        assert recorded == pytest.approx(mu, rel=1e-9)
    assert len(set(np.round(h["mu"], 9))) > 1
    assert sampler.mu_ == h["mu"][-1]
    np.testing.assert_allclose(np.abs(sampler.prior_means_), sampler.mu_, rtol=1e-6)


def test_fixed_mu_ablation(separable):
    sampler = make_tiny(DVAANSampler, adapt_mu=False, mu_init=3.0, random_state=0)
    sampler.fit_resample(*separable)
    assert sampler.history_["mu"] == [3.0] * sampler.n_epochs_
    assert sampler.mu_ == 3.0


def test_augmentation_ablation(separable):
    sampler = make_tiny(DVAANSampler, augmentation=False, random_state=0)
    sampler.fit_resample(*separable)
    assert "n_augmented" not in sampler.history_
    sampler = make_tiny(DVAANSampler, augmentation=True, random_state=0)
    sampler.fit_resample(*separable)
    assert "n_augmented" in sampler.history_ and "acceptance" in sampler.history_


def test_boundary_fallback_warns_and_counts(trained):
    class AlwaysMajority(torch.nn.Module):
        def forward(self, x):
            logits = torch.zeros(x.shape[0], 2)
            logits[:, 0] = 10.0
            return DiscriminatorOutput(x, torch.zeros(x.shape[0], 1), logits)

    original, before = trained.discriminator_, dict(trained.n_fallback_)
    trained.discriminator_ = AlwaysMajority()
    try:
        with pytest.warns(UserWarning, match="0 of 25 boundary samples of class 1"):
            rows = trained.generate(1, 25, random_state=0)
        assert rows.shape == (25, 4)
        # generate warns but leaves the attributes that describe the fit alone
        assert trained.n_fallback_ == before
    finally:
        trained.discriminator_ = original


def test_prior_sampling_never_falls_back(separable):
    sampler = make_tiny(DVAANSampler, sample_from="prior", max_tries=1, random_state=0)
    sampler.fit_resample(*separable)
    assert sampler.n_fallback_ == {1: sampler.sampling_strategy_[1] * 0}


def test_set_params_after_fit_does_not_change_the_fitted_model(trained, separable):
    # sample_from and latent_dim shape what generate does; changing them
    # after the fit must not silently change the fitted model's output.
    expected = trained.generate(1, 30, random_state=0)
    encoded = trained.encode(separable[0][:5])
    params = trained.get_params()
    try:
        trained.set_params(sample_from="prior", max_tries=1, latent_dim=9)
        np.testing.assert_array_equal(trained.generate(1, 30, random_state=0), expected)
        np.testing.assert_array_equal(trained.encode(separable[0][:5]), encoded)
    finally:
        trained.set_params(**params)


def test_multiclass_gets_one_component_per_class():
    X, y = make_blobs(n_samples=[200, 60, 30], n_features=3, random_state=0)
    sampler = make_tiny(DVAANSampler, latent_dim=3, random_state=0)
    sampler.fit_resample(X, y)
    assert sampler.prior_means_.shape == (3, 3)
    with pytest.raises(ValueError, match="latent_dim >= n_classes - 1 = 2"):
        make_tiny(DVAANSampler, latent_dim=1).fit_resample(X, y)


@pytest.mark.parametrize("params, match", [
    (dict(mu_bounds=(2.0, 1.0)), "mu_bounds must be"),
    (dict(mu_init=9.0), "outside mu_bounds"),
    (dict(conv_channels=(4, 8, 8), image_shape=(2, 2)), "same length"),
    (dict(sample_from="nowhere"), "'sample_from' parameter"),
])
def test_dvaan_parameter_errors(params, match):
    X = np.random.RandomState(0).rand(40, 4)
    y = np.array([0] * 30 + [1] * 10)
    with pytest.raises(ValueError, match=match):
        make_tiny(DVAANSampler, **params).fit_resample(X, y)


def test_mu_adapts_both_ways_with_relative_losses_and_sticks_with_raw_ones():
    # The paper's raw losses pin mu on its lower bound from the first epoch;
    # compared with their first epoch, the losses move mu off the bound, up
    # in one fit and down in another.
    X, y = make_classification(n_samples=400, n_features=6, weights=[0.85, 0.15],
                               class_sep=0.8, random_state=0)
    raw = make_tiny(DVAANSampler, max_epochs=40, random_state=0, mu_losses="raw")
    raw.fit_resample(X, y)
    assert set(raw.history_["mu"]) == {1.0}
    up = make_tiny(DVAANSampler, max_epochs=40, random_state=0, mu_losses="relative")
    up.fit_resample(X, y)
    assert up.history_["mu"][-1] > 1.3
    down = make_tiny(DVAANSampler, max_epochs=40, random_state=2, mu_init=2.5,
                     mu_losses="relative")
    down.fit_resample(X, y)
    assert down.history_["mu"][-1] < 2.4
    for sampler in (up, down):
        assert all(1.0 < mu < 5.0 for mu in sampler.history_["mu"][5:])
