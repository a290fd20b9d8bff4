"""Loss terms and update rules checked by hand on tiny tensors."""

import math

import numpy as np
import pytest
import torch

from imblearn_deep._losses import (
    class_loss,
    feature_matching_loss,
    gaussian_kl,
    mu_update,
    nearest_component,
    prior_directions,
    real_fake_loss,
    reconstruction_loss,
)


def test_reconstruction_loss_sums_features_and_averages_rows():
    x = torch.tensor([[0.0, 0.0], [1.0, 1.0]])
    x_rec = torch.tensor([[1.0, 2.0], [1.0, 1.0]])
    # row 1: 1 + 4 = 5, row 2: 0 -> mean 2.5
    assert reconstruction_loss(x_rec, x).item() == pytest.approx(2.5)


def test_gaussian_kl_by_hand():
    mean = torch.tensor([[1.0, 0.0]])
    logvar = torch.tensor([[0.0, math.log(2.0)]])
    prior = torch.tensor([[0.0, 0.0]])
    # 0.5 * [(1 + 1 - 1 - 0) + (2 + 0 - 1 - log 2)]
    expected = 0.5 * (1.0 + 1.0 - math.log(2.0))
    assert gaussian_kl(mean, logvar, prior).item() == pytest.approx(expected, rel=1e-6)
    # zero exactly when the posterior equals the class component
    assert gaussian_kl(prior + 3.0, torch.zeros(1, 2), prior + 3.0).item() == 0.0


def test_feature_matching_loss_is_scale_free_and_zero_at_equality():
    real = torch.tensor([[0.0, 2.0], [2.0, 0.0]])  # per-unit variance 1
    assert feature_matching_loss(real.clone(), real).item() == pytest.approx(0.0)
    rec = real + 1.0
    assert feature_matching_loss(rec, real).item() == pytest.approx(1.0, rel=1e-6)
    # multiplying both by 10 leaves it unchanged
    assert feature_matching_loss(10 * rec, 10 * real).item() == pytest.approx(1.0, rel=1e-6)


def test_feature_matching_gradient_reaches_reconstruction_only():
    real = torch.randn(4, 3, requires_grad=True)
    rec = torch.randn(4, 3, requires_grad=True)
    feature_matching_loss(rec, real).backward()
    assert rec.grad is not None and real.grad is None


def test_real_fake_and_class_losses_by_hand():
    logits = torch.zeros(3, 1)
    assert real_fake_loss(logits, True).item() == pytest.approx(math.log(2))
    two = torch.tensor([[0.0, 0.0], [10.0, -10.0]])
    y = torch.tensor([0, 0])
    assert class_loss(two, y).item() == pytest.approx(math.log(2) / 2, abs=1e-6)
    # weighting a class scales its share of the weighted mean
    y = torch.tensor([0, 1])
    w = torch.tensor([1.0, 3.0])
    per_row = torch.nn.functional.cross_entropy(two, y, reduction="none")
    expected = (per_row[0] + 3 * per_row[1]) / 4
    assert class_loss(two, y, w).item() == pytest.approx(expected.item())


def test_mu_grows_when_classes_are_hard_to_separate():
    # large L_adv (classes hard to tell apart) -> mu increases
    assert mu_update(1.0, l_fea=0.1, l_adv=0.7, gamma=1.0, step=0.1, bounds=(0.1, 5)) > 1.0
    # large L_fea (reconstruction hard) -> mu decreases
    assert mu_update(1.0, l_fea=0.9, l_adv=0.1, gamma=1.0, step=0.1, bounds=(0.1, 5)) < 1.0
    # exact value: 1 - 0.1 * tanh(0.9 - 2 * 0.1)
    got = mu_update(1.0, l_fea=0.9, l_adv=0.1, gamma=2.0, step=0.1, bounds=(0.1, 5))
    assert got == pytest.approx(1.0 - 0.1 * math.tanh(0.7))
    # bounded, and a zero step keeps mu
    assert mu_update(0.1, 5.0, 0.0, gamma=1, step=1, bounds=(0.1, 5)) == 0.1
    assert mu_update(4.95, 0.0, 5.0, gamma=1, step=1, bounds=(0.1, 5)) == 5.0
    assert mu_update(2.0, 5.0, 0.0, gamma=1, step=0.0, bounds=(0.1, 5)) == 2.0


def test_prior_directions_two_classes_is_plus_minus_ones():
    a = prior_directions(2, 5)
    np.testing.assert_array_equal(a, [[1] * 5, [-1] * 5])


@pytest.mark.parametrize("k, d", [(3, 2), (3, 8), (10, 16)])
def test_prior_directions_form_a_centred_regular_simplex(k, d):
    a = prior_directions(k, d)
    np.testing.assert_allclose(np.linalg.norm(a, axis=1), math.sqrt(d), rtol=1e-5)
    np.testing.assert_allclose(a.sum(axis=0), 0.0, atol=1e-4)
    dist = np.linalg.norm(a[:, None] - a[None], axis=2)[~np.eye(k, dtype=bool)]
    np.testing.assert_allclose(dist, dist[0], rtol=1e-5)


def test_prior_directions_needs_enough_latent_dims():
    with pytest.raises(ValueError, match="latent_dim >= n_classes - 1 = 3"):
        prior_directions(4, 2)


def test_nearest_component_pseudo_labels():
    centres = torch.tensor([[1.0, 1.0], [-1.0, -1.0]])
    z = torch.tensor([[0.2, 0.1], [-0.3, 0.1], [5.0, -4.0]])
    assert nearest_component(z, centres).tolist() == [0, 1, 0]
