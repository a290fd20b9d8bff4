"""Candidate selection (both samplers) and DVAAN's latent interpolation."""

import math
import pickle
import warnings

import numpy as np
import pytest
import torch
from sklearn.datasets import make_classification
from sklearn.neighbors import NearestNeighbors

from imblearn_deep import BayesGANOversampler, DVAANSampler
from imblearn_deep._selection import (
    COPY_FACTOR,
    nearest,
    rank_key,
    reference_rows,
    select,
)
from conftest import SAMPLERS, make_tiny


@pytest.fixture(scope="module")
def overlapping():
    # two overlapping classes: an unfiltered generator puts many minority
    # rows among majority rows
    X, y = make_classification(n_samples=600, n_features=4, n_informative=3, n_redundant=0,
                               weights=[0.85, 0.15], class_sep=0.6, random_state=3)
    return X, y


def _vote(X_real, y_real, rows, label, k=5):
    nn = NearestNeighbors(n_neighbors=k).fit(X_real)
    return np.mean(y_real[nn.kneighbors(rows, return_distance=False)] == label, axis=1)


def test_nearest_matches_scikit_learn():
    rng = np.random.default_rng(0)
    A, B = rng.normal(size=(50, 3)), rng.normal(size=(80, 3))
    d, i = nearest(torch.tensor(A), torch.tensor(B), 4)
    d_ref, i_ref = NearestNeighbors(n_neighbors=4).fit(B).kneighbors(A)
    np.testing.assert_array_equal(i.numpy(), i_ref)
    np.testing.assert_allclose(d.numpy(), d_ref, rtol=1e-5, atol=1e-6)
    # a row is never its own neighbour with exclude_self, nor the excluded one
    _, i_self = nearest(torch.tensor(B), torch.tensor(B), 3, exclude_self=True)
    assert not np.any(i_self.numpy() == np.arange(80)[:, None])
    _, i_ex = nearest(torch.tensor(A), torch.tensor(B), 3, exclude=torch.tensor(i_ref[:, 0]))
    assert not np.any(i_ex.numpy() == i_ref[:, :1])


def test_nearest_works_in_blocks(monkeypatch):
    import imblearn_deep._selection as selection

    rng = np.random.default_rng(1)
    A, B = torch.tensor(rng.normal(size=(37, 2))), torch.tensor(rng.normal(size=(11, 2)))
    whole = nearest(A, B, 3)
    monkeypatch.setattr(selection, "DISTANCE_VALUES", 20)  # blocks of one or two rows
    blocked = nearest(A, B, 3)
    assert torch.equal(whole[1], blocked[1])


def test_near_copies_rank_last_and_boundary_prefers_mixed_neighbourhoods():
    vote = torch.tensor([1.0, 0.6, 0.2, 1.0, 0.0])
    copy = torch.tensor([False, False, False, True, False])
    faithful = torch.argsort(rank_key(vote, copy, "faithful"), descending=True, stable=True)
    assert faithful.tolist() == [0, 1, 2, 4, 3]
    boundary = torch.argsort(rank_key(vote, copy, "boundary"), descending=True, stable=True)
    assert boundary.tolist() == [1, 0, 2, 4, 3]
    with pytest.raises(ValueError, match="selection must be one of"):
        rank_key(vote, copy, "nearest")


def test_select_drops_copies_of_real_rows():
    rng = np.random.default_rng(2)
    X = torch.tensor(rng.normal(size=(200, 3)), dtype=torch.float32)
    y = torch.tensor(rng.integers(0, 2, 200))
    ref, labels, spacing = reference_rows(X, y, torch.Generator().manual_seed(0))
    minority = X[y == 1]
    copies = minority[:40] + 1e-4  # near-copies of real class-1 rows
    fresh = minority[:40] + 0.5 * spacing[y == 1][:40, None]  # half a spacing away
    keep, figures = select(torch.cat([copies, fresh]), 40, 1, ref, labels, spacing, "faithful")
    assert figures["near_copies"] >= 40
    assert (keep >= 40).all()  # only the fresh candidates are kept
    distances = nearest(torch.cat([copies, fresh])[keep], ref, 1)[0][:, 0]
    assert (distances > COPY_FACTOR * spacing.min()).all()


def test_reference_rows_are_capped_per_class_in_proportion():
    X = torch.randn(1000, 2, generator=torch.Generator().manual_seed(0))
    y = torch.tensor([1] * 100 + [0] * 900)
    ref, labels, spacing = reference_rows(X, y, torch.Generator().manual_seed(0), max_rows=200)
    assert ref.shape == (200, 2) and int((labels == 1).sum()) == 20
    assert spacing.shape == (200,) and (spacing >= 0).all()


def test_reference_rows_of_wide_data_stay_within_the_value_budget():
    # large images: the row cap alone would keep 20,000 x n_features values
    X = torch.randn(1000, 50, generator=torch.Generator().manual_seed(0))
    y = torch.tensor([1] * 100 + [0] * 900)
    ref, labels, _ = reference_rows(X, y, torch.Generator().manual_seed(0), max_values=50 * 300)
    assert ref.shape == (300, 50) and int((labels == 1).sum()) == 30
    # narrow data keep every row under the same budget
    ref, _, _ = reference_rows(X[:, :10], y, torch.Generator().manual_seed(0),
                               max_values=50 * 300)
    assert ref.shape == (1000, 10)


@pytest.mark.parametrize("cls", SAMPLERS, ids=lambda c: c.__name__)
def test_selection_keeps_the_faithful_candidates(cls, overlapping):
    X, y = overlapping
    params = dict(max_epochs=10, random_state=0)
    if cls is DVAANSampler:  # samples from the model, not moved real rows
        params["sample_from"] = "prior"
    plain = make_tiny(cls, **params)
    X_plain, _ = plain.fit_resample(X, y)
    chosen = make_tiny(cls, selection="faithful", pool_factor=4, **params)
    X_sel, y_sel = chosen.fit_resample(X, y)
    n = len(y)
    vote_plain = _vote(X, y, X_plain[n:], 1).mean()
    vote_sel = _vote(X, y, X_sel[n:], 1).mean()
    assert vote_sel > vote_plain + 0.1
    report = chosen.selection_report_[1]
    n_new = int(np.sum(y == 0) - np.sum(y == 1))
    assert report["n_kept"] == n_new and report["n_candidates"] == 4 * n_new
    assert report["vote_kept"] > report["vote_candidates"]
    assert plain.selection_report_ == {}
    # the same training: selection only changes which rows are kept
    drop = {"epoch_time"}
    assert ({k: v for k, v in plain.history_.items() if k not in drop}
            == {k: v for k, v in chosen.history_.items() if k not in drop})


@pytest.mark.parametrize("cls", SAMPLERS, ids=lambda c: c.__name__)
def test_boundary_selection_places_rows_nearer_the_other_class(cls, overlapping):
    X, y = overlapping
    votes = {}
    # few new rows from a large pool: more faithful candidates than needed,
    # so the two rankings choose differently among them
    for selection in ("faithful", "boundary"):
        extra = dict(sample_from="prior") if cls is DVAANSampler else {}
        sampler = make_tiny(cls, max_epochs=10, random_state=0, selection=selection,
                            sampling_strategy=0.25, pool_factor=10, **extra)
        X_res, _ = sampler.fit_resample(X, y)
        votes[selection] = sampler.selection_report_[1]["vote_kept"]
    assert 0.5 <= votes["boundary"] < votes["faithful"]


def test_selection_is_reproducible_pickles_and_applies_to_generate(overlapping):
    X, y = overlapping
    sampler = make_tiny(DVAANSampler, random_state=0, selection="boundary", pool_factor=2.5)
    first = sampler.fit_resample(X, y)[0]
    again = make_tiny(DVAANSampler, random_state=0, selection="boundary",
                      pool_factor=2.5).fit_resample(X, y)[0]
    np.testing.assert_array_equal(first, again)
    rows = sampler.generate(1, 30, random_state=1)
    restored = pickle.loads(pickle.dumps(sampler))
    np.testing.assert_array_equal(restored.generate(1, 30, random_state=1), rows)
    # generate selects too: its rows differ from an unfiltered draw of the same seed
    reference = sampler.__dict__.pop("_reference")
    try:
        unfiltered = sampler.generate(1, 30, random_state=1)
    finally:
        sampler._reference = reference
    assert not np.array_equal(unfiltered, rows)
    # a refit without selection forgets the reference rows
    sampler.set_params(selection=None).fit_resample(X, y)
    assert not any(name in sampler.__dict__ for name in sampler._selection_state)


@pytest.mark.parametrize("pool_factor", [0.5, 0])
def test_pool_factor_below_one_is_rejected(pool_factor, overlapping):
    with pytest.raises(ValueError, match="pool_factor"):
        make_tiny(BayesGANOversampler, selection="faithful",
                  pool_factor=pool_factor).fit_resample(*overlapping)


@pytest.mark.parametrize("sampler_cls", [DVAANSampler, BayesGANOversampler])
def test_interpolation_of_a_linear_decoder_follows_the_samplers_rule(overlapping, sampler_cls):
    X, y = overlapping
    sampler = make_tiny(sampler_cls, random_state=0, sample_from="interpolate")
    sampler.fit_resample(X, y)
    if sampler_cls is DVAANSampler:  # the encoder's codes of every class
        assert sampler._latents.shape == (len(y), sampler.latent_dim)
    else:  # the inverted [z, c] of the over-sampled class only
        assert sampler._latents.shape == (np.sum(y == 1), 4 + 2)
    # A linear decoder Dec(z) = 0.01 z reconstructs nothing. DVAAN adds the
    # residuals of both ends: each row is x_a + t * (x_b - x_a), SMOTE's
    # row; BayesGAN adds the decoded step to x_a: x_a + t * 0.01 (z_b - z_a);
    # t in [0, 1], b one of a's 5 nearest latent neighbours in the class
    # (rows pulled in from the edge of the range, where rows are clipped).
    sampler._latent_rows = 0.9 * sampler._latent_rows
    mask = (sampler._latent_labels == 1).numpy()
    codes, rows = sampler._latents.numpy()[mask], sampler._latent_rows.numpy()[mask]
    sampler._decode_codes = lambda z, k: 0.01 * z[:, :X.shape[1]]
    new = sampler._interpolated_rows(1, 200, torch.Generator().manual_seed(0)).numpy()
    _, neighbours = NearestNeighbors(n_neighbors=6).fit(codes).kneighbors(codes)
    explained = 0
    for row in new:
        found = False
        for a in range(len(codes)):
            for b in neighbours[a][1:]:
                step = (rows[b] - rows[a] if sampler_cls is DVAANSampler
                        else 0.01 * (codes[b] - codes[a])[:X.shape[1]])
                t = np.dot(row - rows[a], step) / max(np.dot(step, step), 1e-20)
                if -1e-3 <= t <= 1 + 1e-3 and np.allclose(rows[a] + t * step, row, atol=1e-5):
                    found = True
                    break
            if found:
                break
        explained += found
    assert explained == 200


def test_interpolation_moves_rows_as_far_as_smote_whatever_the_decoder_reconstructs():
    from imblearn_deep._interpolation import interpolate

    # two rows and a decoder that returns their centre: it reconstructs nothing
    rows = torch.tensor([[0.0, 0.0], [0.8, 0.0]])
    codes = torch.tensor([[-1.0], [1.0]])

    def centre(z):
        return torch.full((z.shape[0], 2), 0.4) + 0.0 * z

    new = interpolate(codes, rows, 500, centre, torch.Generator().manual_seed(0))
    # on the segment between the two rows, spread along it as SMOTE's rows are
    assert torch.allclose(new[:, 1], torch.zeros(500), atol=1e-6)
    assert new[:, 0].min() >= 0 and new[:, 0].max() <= 0.8
    assert 0.26 < float(new[:, 0].std()) / 0.8 < 0.32  # uniform: 1/sqrt(12) = .289
    # the decoded step (images) stays on the start rows: the step is 0
    step = interpolate(codes, rows, 500, centre, torch.Generator().manual_seed(0),
                       endpoints=False)
    assert torch.isclose(step[:, :1], rows[:, 0]).any(dim=1).all()


def test_decoded_steps_compares_decoded_steps_with_the_real_gaps():
    from imblearn_deep._interpolation import decoded_steps

    rows = torch.tensor([[0.0, 0.0], [0.3, 0.0], [1.0, 1.0], [1.0, 1.4]])
    codes = 10.0 * rows  # latent neighbours are the rows' neighbours
    # an exact decoder: steps as long as the gaps, no reconstruction error
    ratio, reconstruction, gap = decoded_steps(codes, rows, lambda z: z / 10.0)
    assert ratio == pytest.approx(1.0) and reconstruction == pytest.approx(0.0, abs=1e-6)
    assert gap == pytest.approx(np.median([0.3, 0.3, 0.4, 0.4]))
    # a decoder that shrinks towards the centre by 4: steps a quarter of the gaps
    centre = rows.mean(dim=0)
    ratio, reconstruction, _ = decoded_steps(codes, rows, lambda z: centre + (z / 10 - centre) / 4)
    assert ratio == pytest.approx(0.25)
    assert reconstruction == pytest.approx(float((0.75 * (rows - centre)).norm(dim=1).mean()))
    # a constant decoder moves nothing: interpolation would copy the real rows
    ratio, _, _ = decoded_steps(codes, rows, lambda z: torch.zeros_like(z))
    assert ratio == 0.0
    # a duplicated row has no gap and is left out; a lone row gives NaN
    ratio, _, _ = decoded_steps(codes[[0, 0, 1]], rows[[0, 0, 1]], lambda z: z / 10.0)
    assert ratio == pytest.approx(1.0)
    assert all(math.isnan(v) for v in decoded_steps(codes[:1], rows[:1], lambda z: z))



def test_interpolation_keeps_latents_only_when_used(overlapping):
    X, y = overlapping
    sampler = make_tiny(DVAANSampler, random_state=0, sample_from="interpolate")
    sampler.fit_resample(X, y)
    rows = sampler.generate(1, 20, random_state=0)
    restored = pickle.loads(pickle.dumps(sampler))
    np.testing.assert_array_equal(restored.generate(1, 20, random_state=0), rows)
    # every class's rows are kept (up to INTERPOLATION_ROWS), so every
    # class can be drawn
    assert sampler._latent_rows.shape[0] == len(y)
    assert sampler.generate(0, 5, random_state=0).shape == (5, X.shape[1])
    sampler.set_params(sample_from="prior").fit_resample(X, y)
    assert not {"_latents", "_latent_labels", "_latent_rows"} & set(sampler.__dict__)


def test_interpolation_of_a_one_row_class_decodes_its_code():
    X, y = make_classification(n_samples=60, n_features=3, n_informative=3, n_redundant=0,
                               random_state=0)
    y[:] = 0
    y[0] = 1
    sampler = make_tiny(DVAANSampler, random_state=0, sample_from="interpolate")
    with pytest.warns(UserWarning, match="fewer than"):
        X_res, y_res = sampler.fit_resample(X, y)
    assert np.isfinite(X_res).all() and math.isclose(np.sum(y_res == 1), 59)


def test_interpolation_is_reproducible(overlapping):
    X, y = overlapping
    first = make_tiny(DVAANSampler, random_state=3, sample_from="interpolate").fit_resample(X, y)
    again = make_tiny(DVAANSampler, random_state=3, sample_from="interpolate").fit_resample(X, y)
    np.testing.assert_array_equal(first[0], again[0])


def test_interpolation_keeps_at_most_interpolation_rows_per_class(overlapping, monkeypatch):
    import imblearn_deep._interpolation as interpolation

    monkeypatch.setattr(interpolation, "INTERPOLATION_ROWS", 50)
    X, y = overlapping
    sampler = make_tiny(DVAANSampler, random_state=0, sample_from="interpolate")
    sampler.fit_resample(X, y)
    counts = np.bincount(sampler._latent_labels.numpy())
    assert counts.tolist() == [50, 50]
    # the kept rows are training rows of their class (scaled)
    scaled = sampler._scaler.transform(X).astype(np.float32)
    kept = sampler._latent_rows.numpy()
    for row, label in zip(kept, sampler._latent_labels.numpy()):
        assert np.any(np.all(np.isclose(scaled[y == label], row, atol=1e-6), axis=1))


@pytest.mark.parametrize("counts, oversampled, budget, expected", [
    ([5000, 500], [False, True], 10**9, [5000, 500]),  # everything fits
    ([5000, 500], [False, True], 2000, [1500, 500]),  # the over-sampled class first
    ([5000, 500], [False, True], 300, [0, 300]),  # nothing left for the majority
    ([5000, 30, 400], [False, True, True], 300, [0, 30, 270]),  # even, small class whole
    ([20_000, 20_000], [True, True], 10**9, [10_000, 10_000]),  # INTERPOLATION_ROWS each
    ([3, 4, 9], [True, True, False], 0, [1, 1, 0]),  # one row per over-sampled class
])
def test_interpolation_quota_serves_over_sampled_classes_first(
        counts, oversampled, budget, expected, monkeypatch):
    import imblearn_deep._interpolation as interpolation

    monkeypatch.setattr(interpolation, "INTERPOLATION_VALUES", budget * 7)
    quota = interpolation.interpolation_quota(counts, oversampled, 7)
    assert quota.tolist() == expected
    # others=False (BayesGAN, whose codes cost an inversion): only the
    # over-sampled classes keep rows, as many as before
    alone = interpolation.interpolation_quota(counts, oversampled, 7, others=False)
    assert alone.tolist() == [n if o else 0 for n, o in zip(expected, oversampled)]


def test_interpolation_keeps_the_over_sampled_class_within_the_memory_budget(
        overlapping, monkeypatch):
    import imblearn_deep._interpolation as interpolation

    X, y = overlapping
    n_minority = int(np.sum(y == 1))
    monkeypatch.setattr(interpolation, "INTERPOLATION_VALUES", X.shape[1] * (n_minority + 40))
    sampler = make_tiny(DVAANSampler, random_state=0, sample_from="interpolate")
    X_res, y_res = sampler.fit_resample(X, y)
    assert np.bincount(sampler._latent_labels.numpy()).tolist() == [40, n_minority]
    assert np.isfinite(X_res).all() and np.sum(y_res == 1) == np.sum(y == 0)

    monkeypatch.setattr(interpolation, "INTERPOLATION_VALUES", X.shape[1] * 30)
    sampler.fit_resample(X, y)
    assert np.bincount(sampler._latent_labels.numpy(), minlength=2).tolist() == [0, 30]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isfinite(sampler.generate(1, 10, random_state=0)).all()
    # a class left without rows is drawn from its prior, and says so
    with pytest.warns(UserWarning, match="no training rows of class 0 were kept"):
        rows = sampler.generate(0, 10, random_state=0)
    assert rows.shape == (10, X.shape[1]) and np.isfinite(rows).all()


@pytest.mark.parametrize("image_shape", [None, (2, 2)])
def test_auto_interpolates_flat_rows_and_images(overlapping, image_shape):
    X, y = overlapping
    sampler = make_tiny(DVAANSampler, random_state=0, image_shape=image_shape,
                        conv_channels=(4,), kernel_sizes=(1,))
    assert sampler.sample_from == "auto"
    sampler.fit_resample(X, y)
    assert sampler.sample_from_ == "interpolate"
    assert "_latents" in sampler.__dict__
    sampler.set_params(sample_from="prior").fit_resample(X, y)
    assert sampler.sample_from_ == "prior" and "_latents" not in sampler.__dict__


def test_bayesgan_auto_interpolates_tables_and_images(overlapping):
    X, y = overlapping
    sampler = make_tiny(BayesGANOversampler, random_state=0)
    assert sampler.sample_from == "auto"
    sampler.fit_resample(X, y)
    assert sampler.sample_from_ == "interpolate" and "_latents" in sampler.__dict__
    assert 0 <= sampler.inversion_error_ < np.inf
    sampler.set_params(sample_from="prior").fit_resample(X, y)
    assert sampler.sample_from_ == "prior" and "_latents" not in sampler.__dict__
    images = make_tiny(BayesGANOversampler, random_state=0, image_shape=(2, 2),
                       conv_channels=(4,), kernel_sizes=(1,))
    images.fit_resample(X, y)
    assert images.sample_from_ == "interpolate" and "_latents" in images.__dict__


def test_generator_inversion_finds_the_codes_of_generated_rows(overlapping):
    X, y = overlapping
    sampler = make_tiny(BayesGANOversampler, random_state=0, hidden_dims=(32,),
                        inversion_steps=300)
    sampler.fit_resample(X, y)
    n, dim = 64, sampler.noise_dim + sampler.n_codes
    labels = torch.ones(n, dtype=torch.long)
    truth = torch.randn(n, dim, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        rows = sampler._generate_from(truth, labels)
        found = sampler._encode_rows(rows, labels)
        start = (sampler._generate_from(torch.zeros(n, dim), labels) - rows).pow(2).mean()
        end = (sampler._generate_from(found, labels) - rows).pow(2).mean()
    # gradient descent on the codes: the rows come back far closer than from
    # the zero codes it starts at, and the generator is left as it was
    assert end < 0.05 * start
    assert all(p.requires_grad for p in sampler.generator_.parameters())
    # the fit's own inversion of its real minority rows did the same
    coarse = make_tiny(BayesGANOversampler, random_state=0, hidden_dims=(32,),
                       inversion_steps=0)
    coarse.fit_resample(X, y)
    assert sampler.inversion_error_ < coarse.inversion_error_


@pytest.mark.parametrize("image_shape, steps", [(None, 100), ((2, 2), 200)],
                         ids=["flat", "image"])
def test_auto_inversion_steps_are_100_on_flat_rows_and_200_on_images(overlapping, image_shape,
                                                                     steps):
    X, y = overlapping
    shape = dict(image_shape=image_shape, conv_channels=(4,), kernel_sizes=(1,))
    auto = make_tiny(BayesGANOversampler, random_state=0, inversion_steps="auto", **shape)
    X_auto, _ = auto.fit_resample(X, y)
    for n, same in ((steps, True), (steps // 2 + 1, False)):
        fixed = make_tiny(BayesGANOversampler, random_state=0, inversion_steps=n, **shape)
        X_fixed, _ = fixed.fit_resample(X, y)
        assert (fixed.inversion_error_ == auto.inversion_error_) is same
        assert np.array_equal(X_fixed, X_auto) is same
    assert BayesGANOversampler().inversion_steps == "auto"


def test_bayesgan_keeps_codes_of_over_sampled_classes_only(overlapping):
    X, y = overlapping
    sampler = make_tiny(BayesGANOversampler, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert set(sampler._latent_labels.tolist()) == {1}
    assert np.isfinite(X_res).all() and np.sum(y_res == 1) == np.sum(y == 0)
    rows = sampler.generate(1, 20, random_state=0)
    restored = pickle.loads(pickle.dumps(sampler))
    np.testing.assert_array_equal(restored.generate(1, 20, random_state=0), rows)
    # the majority was not inverted: its rows come from the generator, with a warning
    with pytest.warns(UserWarning, match="no training rows of class 0 were kept"):
        majority = sampler.generate(0, 10, random_state=0)
    assert majority.shape == (10, X.shape[1]) and np.isfinite(majority).all()


@pytest.mark.parametrize("Sampler", [DVAANSampler, BayesGANOversampler])
def test_a_fitted_model_keeps_its_sample_from_when_auto_changes_meaning(
        Sampler, overlapping, monkeypatch):
    # a model pickled by an earlier version, whose "auto" meant something
    # else, keeps generating as it was fitted (sample_from_), not as the
    # present "auto" would say
    X, y = overlapping
    sampler = make_tiny(Sampler, random_state=0)
    sampler.fit_resample(X, y)
    assert sampler.sample_from_ == "interpolate"
    rows = sampler.generate(1, 20, random_state=0)
    monkeypatch.setattr(Sampler, "_resolved_sample_from", lambda self: "prior")
    restored = pickle.loads(pickle.dumps(sampler))
    assert restored.sample_from_ == "interpolate"
    np.testing.assert_array_equal(restored.generate(1, 20, random_state=0), rows)


def test_a_bayesgan_pickled_before_sample_from_draws_from_its_generator(overlapping):
    X, y = overlapping
    sampler = make_tiny(BayesGANOversampler, random_state=0, sample_from="prior")
    sampler.fit_resample(X, y)
    state = sampler.__getstate__()
    for name in ("sample_from", "inversion_steps", "sample_from_"):
        del state[name]
    state["_fit_params"] = {k: v for k, v in state["_fit_params"].items()
                            if k not in ("sample_from", "inversion_steps")}
    old = BayesGANOversampler.__new__(BayesGANOversampler)
    old.__setstate__(state)
    assert old.sample_from == "auto" and old.sample_from_ == "prior"
    np.testing.assert_array_equal(old.generate(1, 5, random_state=1),
                                  sampler.generate(1, 5, random_state=1))


def test_interpolated_categories_come_from_the_start_row_and_its_latent_neighbours():
    from imblearn_deep._interpolation import interpolate
    from imblearn_deep._tabular import CATEGORY_SCALE

    # six rows: every row's five latent neighbours are the five others, so
    # each new row's categorical block is the mean code of all six rows
    category = torch.tensor([0, 0, 0, 1, 1, 2])
    block = torch.full((6, 3), -CATEGORY_SCALE)
    block[torch.arange(6), category] = CATEGORY_SCALE
    rows = torch.cat([torch.linspace(-1, 1, 6)[:, None], block], dim=1)
    codes = torch.linspace(-1, 1, 6)[:, None]
    new = interpolate(codes, rows, 50, lambda z: torch.zeros(z.shape[0], 4) + 0.0 * z,
                      torch.Generator().manual_seed(0), blocks=[(1, 4)])
    shares = (new[:, 1:] / CATEGORY_SCALE + 1) / 2
    assert torch.allclose(shares, torch.tensor([[3 / 6, 2 / 6, 1 / 6]]).expand(50, 3),
                          atol=1e-6)
    # the numeric column is interpolated as before, untouched by the blocks
    plain = interpolate(codes, rows, 50, lambda z: torch.zeros(z.shape[0], 4) + 0.0 * z,
                        torch.Generator().manual_seed(0))
    assert torch.equal(new[:, 0], plain[:, 0])
