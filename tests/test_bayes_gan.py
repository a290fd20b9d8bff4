"""BayesGANOversampler: the regularizer by hand, gradients, code recovery."""

import numpy as np
import pytest
import torch
from sklearn.datasets import make_blobs, make_classification
from sklearn.neighbors import NearestNeighbors

from imblearn_deep import BayesGANOversampler
from imblearn_deep._losses import (
    authors_structure_loss,
    bayesian_structure_loss,
    structure_parameters,
)
from imblearn_deep._structure import check_structure, parents_and_non_parents
from conftest import make_tiny


def _edges(structure, n):
    return parents_and_non_parents(check_structure(structure, n))


# ------------------------------------------------------------- regularizer
def test_regularizer_is_zero_when_codes_equal_parents_expected_values():
    # hand-made batch: c1, c2 orthogonal and centred; c'1 = 2 c1, c'2 = -c2
    c = torch.tensor([[1.0, 1.0], [-1.0, 1.0], [1.0, -1.0], [-1.0, -1.0]])
    recovered = torch.stack([2 * c[:, 0], -c[:, 1]], dim=1)
    loss = bayesian_structure_loss(c, recovered, _edges("disentangled", 2))
    assert loss.item() == pytest.approx(0.0, abs=1e-9)


def test_regularizer_pull_is_the_unexplained_fraction():
    c = torch.tensor([[1.0, 1.0], [-1.0, 1.0], [1.0, -1.0], [-1.0, -1.0]])
    noise = torch.tensor([1.0, -1.0, -1.0, 1.0])  # orthogonal to c1 and c2
    # c'1 = c1 + noise: its parent explains half of its variance -> pull 0.5.
    # Non-parents (c2, c'2 = c2) explain none of it -> no push.
    recovered = torch.stack([c[:, 0] + noise, c[:, 1]], dim=1)
    loss = bayesian_structure_loss(c, recovered, _edges("disentangled", 2), margin=0.9)
    assert loss.item() == pytest.approx(0.5, rel=1e-5)


def test_regularizer_push_is_bounded_and_fires_on_non_parents():
    c = torch.tensor([[1.0, 1.0], [-1.0, 1.0], [1.0, -1.0], [-1.0, -1.0]])
    swapped = c[:, [1, 0]]  # each c'i equals the *other* code
    loss = bayesian_structure_loss(c, swapped, _edges("disentangled", 2), margin=0.9)
    # per code: pull 1 (parent explains nothing) + push 0.9 (non-parent explains all)
    assert loss.item() == pytest.approx(2 * (1.0 + 0.9), rel=1e-5)
    # a bigger mismatch cannot push beyond the margin
    loss_big = bayesian_structure_loss(c, 50 * swapped, _edges("disentangled", 2), margin=0.9)
    assert loss_big.item() == pytest.approx(loss.item(), rel=1e-5)


def test_regularizer_penalises_collapsed_codes():
    c = torch.randn(64, 3, generator=torch.Generator().manual_seed(0))
    assert bayesian_structure_loss(c, torch.zeros(64, 3), _edges("disentangled", 3)) > 2.0


def _loop_reference(codes, recovered, edges, margin):
    """Eqs. 3-6 one regression at a time, with numpy's least squares."""
    nodes = torch.cat([codes, recovered], 1).double().numpy()
    nodes = nodes - nodes.mean(0)
    n = codes.shape[1]
    total = 0.0
    for i, (parents, others) in enumerate(edges):
        t = nodes[:, n + i]
        var = (t ** 2).mean() + 1e-8
        unexplained = lambda cols: ((t - nodes[:, cols] @ np.linalg.lstsq(  # noqa: E731
            nodes[:, cols], t, rcond=None)[0]) ** 2).mean() / var
        total += unexplained(parents)
        if others:
            total += max(0.0, margin - unexplained(others))
    return total


@pytest.mark.parametrize("structure, n_codes", [
    ("disentangled", 2), ("disentangled", 4), ("entangled", 3), ("entangled", 5),
    ("no non-parents", 2),
])
def test_batched_regularizer_matches_one_regression_at_a_time(structure, n_codes):
    if structure == "no non-parents":
        # c'1 has every other node as parent (so no push term); c'2 has c1, c2
        structure = np.zeros((4, 4), dtype=int)
        structure[2, [0, 1, 3]] = 1
        structure[3, [0, 1]] = 1
    g = torch.Generator().manual_seed(1)
    c = torch.randn(256, n_codes, generator=g)
    mix = torch.randn(n_codes, n_codes, generator=g)
    recovered = 0.7 * c + 0.5 * (c @ mix) + 0.3 * torch.randn(256, n_codes, generator=g)
    edges = _edges(structure, n_codes)
    loss = bayesian_structure_loss(c, recovered, edges, margin=0.9)
    assert loss.item() == pytest.approx(_loop_reference(c, recovered, edges, 0.9), rel=1e-4)


def test_authors_form_is_zero_for_typical_codes():
    g = torch.Generator().manual_seed(0)
    c = torch.randn(256, 4, generator=g)
    recovered = torch.randn(256, 4, generator=g, requires_grad=True)
    loss = authors_structure_loss(c, recovered, _edges("disentangled", 4))
    assert loss.item() == 0.0
    loss.backward()
    assert torch.count_nonzero(recovered.grad) == 0


def test_structure_parameters_recover_w_and_sigma():
    g = torch.Generator().manual_seed(0)
    c = torch.randn(5000, 2, generator=g)
    recovered = torch.stack([0.5 * c[:, 0] + 0.1 * torch.randn(5000, generator=g),
                             -2.0 * c[:, 1]], dim=1)
    weights, variances = structure_parameters(c, recovered, _edges("disentangled", 2))
    assert weights[0] == pytest.approx([0.5], abs=0.01)
    assert weights[1] == pytest.approx([-2.0], abs=1e-6)
    assert variances[0] == pytest.approx(0.01, rel=0.1) and variances[1] < 1e-10


def test_gradient_reaches_generator_and_extractor():
    X, y = make_blobs(n_samples=[60, 20], n_features=4, random_state=0)
    sampler = make_tiny(BayesGANOversampler, max_epochs=1, random_state=0)
    sampler.fit_resample(X, y)
    gen, dis = sampler.generator_, sampler.discriminator_
    z, c = torch.randn(32, sampler.noise_dim), torch.randn(32, sampler.n_codes)
    fake = gen(z, torch.zeros(32, dtype=torch.long), c)
    loss = bayesian_structure_loss(c, dis(fake).codes, sampler._edges)
    loss.backward()
    assert all(p.grad is not None and p.grad.abs().sum() > 0 for p in gen.parameters())
    assert dis.heads["codes"].weight.grad.abs().sum() > 0  # F's code head
    assert any(p.grad.abs().sum() > 0 for p in dis.body.parameters())  # F's body


# ---------------------------------------------------------------- sampler
@pytest.fixture(scope="module")
def easy():
    return make_blobs(n_samples=[300, 60], centers=[[-2, -2, 0, 0], [2, 2, 0, 0]],
                      cluster_std=1.0, random_state=0)


_SMALL = dict(n_codes=3, noise_dim=8, hidden_dims=(64, 64), max_epochs=60, batch_size=64,
              random_state=0, device="cpu")


@pytest.fixture(scope="module")
def trained(easy):
    # the regularizer at full weight (the default is 0.1): the structure's
    # fitted variances below were measured with it; the generator's own
    # rows (these tests are about what it learned)
    sampler = BayesGANOversampler(regularizer_weight=1.0, sample_from="prior", **_SMALL)
    sampler.fit_resample(*easy)
    return sampler


def test_disentangled_training_lets_f_recover_each_code(trained, easy):
    # Without the regularizer F gets no signal: its codes are unrelated to c.
    untrained = BayesGANOversampler(**{**_SMALL, "regularizer_weight": 0.0})
    untrained.fit_resample(*easy)
    assert np.all(np.abs(trained.code_correlations_) > 0.8)
    assert np.all(np.abs(untrained.code_correlations_) < 0.5)
    # the default weight (0.1) still makes every code recoverable: |r| .84-.92
    # measured with random states 0-3
    default = BayesGANOversampler(**_SMALL)
    default.fit_resample(*easy)
    assert np.all(np.abs(default.code_correlations_) > 0.8)
    # and the structure's residual variances are small relative to the
    # recovered codes' own size. Not in absolute terms: F's codes have no
    # fixed scale, and the untrained F's can be near zero (residual 0.009).
    # Measured shares, random states 0-3: trained .14-.84, mean over the
    # three codes .21-.40 (state 0: .25-.52, mean .40); untrained .97-1.0.
    assert [w.shape for w in trained.structure_weights_] == [(1,), (1,), (1,)]
    share = _unexplained_share(trained)
    assert np.all(share < 0.6) and share.mean() < 0.45
    assert np.all(_unexplained_share(untrained) > 0.85)


def _unexplained_share(sampler):
    """``structure_variances_`` over the mean square of each recovered code.

    The share of each recovered code ``c'_i`` that its parents leave
    unexplained (1: the structure explains nothing), with ``c'`` recovered
    from generated rows of every class, as the fit estimated the variances.
    """
    codes = np.random.RandomState(0).randn(4096, sampler.n_codes).astype(np.float32)
    rows = np.vstack([sampler.generate_with_codes(label, codes[i::len(sampler.classes_)],
                                                  random_state=0)
                      for i, label in enumerate(sampler.classes_)])
    recovered = sampler.recover_codes(rows)
    assert sampler.structure_variances_.shape == (sampler.n_codes,)
    return sampler.structure_variances_ / np.mean(recovered ** 2, axis=0)


def test_recover_codes_from_generated_rows(trained):
    codes = np.random.RandomState(0).randn(400, 3).astype(np.float32)
    rows = trained.generate_with_codes(1, codes, random_state=0)
    recovered = trained.recover_codes(rows)
    for i in range(3):
        assert abs(np.corrcoef(codes[:, i], recovered[:, i])[0, 1]) > 0.7


def test_walking_one_code_changes_the_rows(trained):
    walk = np.zeros((5, 3), dtype=np.float32)
    walk[:, 0] = np.linspace(-2, 2, 5)
    rows = trained.generate_with_codes(1, walk, random_state=0)
    again = trained.generate_with_codes(1, walk, random_state=0)
    np.testing.assert_array_equal(rows, again)
    assert np.linalg.norm(rows[0] - rows[-1]) > 1e-3
    with pytest.raises(ValueError, match=r"codes must have shape \(n_samples, n_codes=3\)"):
        trained.generate_with_codes(1, np.zeros((5, 2)))
    with pytest.raises(ValueError, match="was not seen during fit"):
        trained.generate_with_codes(7, walk)


def test_generated_rows_belong_to_the_class_asked_for(trained):
    for label, centre in [(1, [2, 2]), (0, [-2, -2])]:
        rows = trained.generate(label, 300, random_state=0)
        own = np.linalg.norm(rows[:, :2] - centre, axis=1)
        other = np.linalg.norm(rows[:, :2] + np.asarray(centre), axis=1)
        assert np.mean(own < other) > 0.9


def test_default_rows_land_among_their_class_on_small_2d_data():
    # imbalanced-learn's 2-D example (plot_comparison_2d.py): 150 rows, three
    # classes. With regularizer_weight=1.0 (the old default) the codes
    # dominated: rows of every class spread over the whole box, and only
    # .42 / .46 of them had a nearest real row of their class (random
    # states 0 / 1); with the default .84 / .77 (SMOTE: .77).
    X, y = make_classification(n_samples=150, n_features=2, n_informative=2, n_redundant=0,
                               n_repeated=0, n_classes=3, n_clusters_per_class=1,
                               weights=[0.1, 0.2, 0.7], class_sep=0.8, random_state=0)
    X_res, y_res = BayesGANOversampler(random_state=0, device="cpu").fit_resample(X, y)
    nearest = NearestNeighbors(n_neighbors=1).fit(X).kneighbors(X_res[150:],
                                                                return_distance=False)
    assert np.mean(y[nearest[:, 0]] == y_res[150:]) > 0.7


@pytest.mark.parametrize("params", [dict(regularizer="authors"), dict(regularizer_weight=0.0),
                                    dict(structure="entangled", n_codes=3),
                                    dict(structure=[("c1", "c'1"), ("c2", "c'2"),
                                                    ("c'1", "c'2")])])
def test_variants_train(easy, params):
    sampler = make_tiny(BayesGANOversampler, random_state=0, **params)
    X_res, _ = sampler.fit_resample(*easy)
    assert X_res.shape == (600, 4)
    assert np.isfinite(sampler.history_["reg"]).all()


def test_bad_structure_is_refused_at_fit(easy):
    with pytest.raises(ValueError, match="cycle"):
        make_tiny(BayesGANOversampler, structure=[("c'1", "c'2"), ("c'2", "c'1")]).fit_resample(
            *easy
        )
    with pytest.raises(ValueError, match="must be 4 x 4"):
        make_tiny(BayesGANOversampler, structure=np.eye(6)).fit_resample(*easy)
