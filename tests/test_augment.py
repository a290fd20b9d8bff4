"""Differentiable augmentation (DiffAugment) and the samplers' diff_augment."""

import numpy as np
import pytest
import torch
from sklearn.datasets import load_digits

from imblearn_deep import BayesGANOversampler, DVAANSampler
from imblearn_deep import _augment
from imblearn_deep._augment import (POLICY_NAMES, apply, augmented_view, check_policy,
                                    diff_augment, draw)
from imblearn_deep._networks import Heads

from conftest import SAMPLERS, make_tiny

ALL = "color,translation,cutout"


def _images(n=16, channels=1, height=8, width=8, seed=0):
    g = torch.Generator().manual_seed(seed)
    return torch.rand((n, channels, height, width), generator=g) * 2 - 1


def _gen(seed=0):
    return torch.Generator().manual_seed(seed)


# ----------------------------------------------------------------- the ops
@pytest.mark.parametrize("policy", [(name,) for name in POLICY_NAMES] + [ALL])
@pytest.mark.parametrize("shape", [(1, 8, 8), (3, 8, 8), (3, 12, 7)])
def test_shape_dtype_and_gradient(policy, shape):
    x = _images(5, *shape).requires_grad_(True)
    out = diff_augment(x, policy, _gen())
    assert out.shape == x.shape and out.dtype == x.dtype
    (out * torch.linspace(-1, 1, out.numel()).view_as(out)).sum().backward()
    assert x.grad is not None and x.grad.abs().sum() > 0


@pytest.mark.parametrize("policy", [(name,) for name in POLICY_NAMES] + [ALL])
def test_same_generator_seed_same_output(policy):
    x = _images(channels=3)
    a = diff_augment(x, policy, _gen(1))
    b = diff_augment(x, policy, _gen(1))
    c = diff_augment(x, policy, _gen(2))
    assert torch.equal(a, b)
    assert not torch.equal(a, c)


@pytest.mark.parametrize("name", POLICY_NAMES)
def test_each_op_changes_the_images(name):
    x = _images(channels=3)
    out = diff_augment(x, (name,), _gen())
    # every image of the batch is changed by at least one of the draws
    changed = (out - x).abs().flatten(1).amax(dim=1) > 1e-6
    assert changed.float().mean() > 0.5


def test_the_input_is_not_modified():
    x = _images(channels=3)
    before = x.clone()
    diff_augment(x, ALL, _gen())
    assert torch.equal(x, before)


def test_translation_moves_a_pixel_by_at_most_the_largest_shift():
    x = torch.zeros(200, 1, 16, 16)
    x[:, 0, 7, 8] = 1.0
    out = diff_augment(x, ("translation",), _gen())
    # 16 / 8 = 2 pixels at most, the pixel never leaves a 16x16 image from the middle
    moved = set()
    for image in out[:, 0]:
        where = torch.nonzero(image).tolist()
        assert len(where) == 1 and image.sum() == 1.0
        (r, c), = where
        assert abs(r - 7) <= 2 and abs(c - 8) <= 2
        moved.add((r - 7, c - 8))
    assert len(moved) == 25  # every shift in [-2, 2]^2 is drawn


def test_translation_shifts_content_and_fills_with_zeros():
    x = _images(50, 3, 8, 8) + 3.0  # no zero in the images
    out = diff_augment(x, ("translation",), _gen())
    for image, original in zip(out, x):
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                shifted = torch.zeros_like(original)
                src = original[:, max(0, -dy):8 - max(0, dy), max(0, -dx):8 - max(0, dx)]
                shifted[:, max(0, dy):8 - max(0, -dy), max(0, dx):8 - max(0, -dx)] = src
                if torch.equal(image, shifted):
                    break
            else:
                continue
            break
        else:
            pytest.fail("an image is not a zero-filled shift of its original by 1 pixel")


def test_cutout_zeroes_at_most_a_quarter_and_leaves_the_rest():
    x = _images(100, 2, 8, 8) + 3.0
    out = diff_augment(x, ("cutout",), _gen())
    zero = out == 0
    # the same square in every channel, the rest unchanged
    assert torch.equal(zero[:, 0], zero[:, 1])
    assert torch.equal(out[~zero], x[~zero])
    per_image = zero[:, 0].flatten(1).sum(dim=1)
    assert per_image.max() == 16 and per_image.min() >= 4  # a 4x4 square, clipped at the border
    for mask in zero[:, 0]:
        rows, cols = torch.nonzero(mask, as_tuple=True)
        # a rectangle: its bounding box is full
        assert mask.sum() == (rows.max() - rows.min() + 1) * (cols.max() - cols.min() + 1)


def test_color_on_one_channel_is_brightness_and_contrast():
    x = _images(20, 1)
    params = draw(("color",), tuple(x.shape), _gen())
    brightness, _, contrast = params["color"]
    shifted = x + brightness.view(-1, 1, 1, 1)
    mean = shifted.mean(dim=(1, 2, 3), keepdim=True)
    expected = (shifted - mean) * contrast.view(-1, 1, 1, 1) + mean
    assert torch.allclose(apply(x, params), expected, atol=1e-6)
    assert brightness.abs().max() <= 0.5
    assert 0.5 <= contrast.min() and contrast.max() <= 1.5
    # saturation acts on colour images: the spread across channels changes
    rgb = _images(20, 3)
    spread = apply(rgb, draw(("color",), tuple(rgb.shape), _gen())).std(dim=1)
    assert not torch.allclose(spread, rgb.std(dim=1))


def test_one_draw_applied_twice_is_the_same_transformation():
    x = _images(channels=3)
    params = draw(("color", "translation", "cutout"), tuple(x.shape), _gen())
    assert torch.equal(apply(x, params), apply(x.clone(), params))


@pytest.mark.parametrize("value, names", [
    (None, ()), ("cutout", ("cutout",)), ("color, translation,cutout", POLICY_NAMES),
    (["translation", "color"], ("translation", "color")),
])
def test_check_policy(value, names):
    assert check_policy(value) == names


@pytest.mark.parametrize("value", ["", "blur", ("cutout", "cutout"), (), ("color", 1), 3])
def test_check_policy_rejects(value):
    with pytest.raises(ValueError, match="diff_augment must be None"):
        check_policy(value)


# ------------------------------------------------------------ the samplers
@pytest.fixture(scope="module")
def few_digits():
    """8x8 digits: 150 rows of 0 against 20 of 1."""
    X, y = load_digits(return_X_y=True)
    rng = np.random.RandomState(0)
    rows = np.concatenate([rng.choice(np.flatnonzero(y == 0), 150, replace=False),
                           rng.choice(np.flatnonzero(y == 1), 20, replace=False)])
    return X[rows], y[rows]


@pytest.mark.parametrize("cls", SAMPLERS, ids=lambda c: c.__name__)
def test_fits_on_images_and_is_reproducible(cls, few_digits):
    X, y = few_digits
    runs = [make_tiny(cls, image_shape=(8, 8), diff_augment=ALL, random_state=0)
            .fit_resample(X, y) for _ in range(2)]
    plain = make_tiny(cls, image_shape=(8, 8), random_state=0).fit_resample(X, y)[0]
    (X_a, y_a), (X_b, y_b) = runs
    assert X_a.shape == (300, 64) and np.all(np.isfinite(X_a))
    assert np.array_equal(X_a, X_b) and np.array_equal(y_a, y_b)
    assert not np.array_equal(X_a, plain)  # the option changes training
    assert np.array_equal(X_a[:len(X)], X)


@pytest.mark.parametrize("cls", SAMPLERS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("value", ["cutout", ("translation", "cutout")])
def test_flat_data_with_diff_augment_raises(cls, value, binary_data):
    X, y = binary_data
    sampler = make_tiny(cls, diff_augment=value)
    with pytest.raises(ValueError,
                       match=r"diff_augment=.* augments images, but image_shape is None"):
        sampler.fit_resample(X, y)
    assert not hasattr(sampler, "history_")


@pytest.mark.parametrize("cls", SAMPLERS, ids=lambda c: c.__name__)
def test_unknown_policy_raises(cls, few_digits):
    X, y = few_digits
    with pytest.raises(ValueError, match="diff_augment must be None"):
        make_tiny(cls, image_shape=(8, 8), diff_augment="rotation").fit_resample(X, y)


@pytest.mark.parametrize("cls", SAMPLERS, ids=lambda c: c.__name__)
def test_the_discriminator_trains_only_on_augmented_real_and_generated_rows(
        cls, few_digits, monkeypatch):
    X, y = few_digits
    calls, checked = [], []

    def spy(images, params):
        out = apply(images, params)
        calls.append((images.detach().flatten(1).clone(), images.requires_grad, out, params))
        return out

    monkeypatch.setattr(_augment, "apply", spy)

    def check_input(module, args):
        if module.training:  # eval-mode uses (boundary acceptance) see plain rows
            # D's step takes the views first, then the real batch, the
            # generated one (and DVAAN's D+ rows) one by one, or all at once
            # where D has no batch norm
            (rows,), last = args, [out.flatten(1) for *_, out, _ in calls[-3:]]
            checked.append(any(rows.shape == out.shape and torch.equal(rows, out)
                               for out in [*last, torch.cat(last[-2:]), torch.cat(last)]))

    def check_discriminator_input(module, args):
        if isinstance(module, Heads) and "real_fake" in module.heads:  # the discriminator
            check_input(module, args)

    hook = torch.nn.modules.module.register_module_forward_pre_hook(check_discriminator_input)
    sampler = make_tiny(cls, image_shape=(8, 8), diff_augment=ALL, random_state=0)
    try:
        sampler.fit_resample(X, y)
    finally:
        hook.remove()

    # every input of the discriminator in training is an augmentation's output
    assert checked and all(checked)
    real = torch.as_tensor(sampler._scaler.transform(X))
    is_real = [bool(torch.cdist(rows, real).amin(dim=1).max() < 1e-5)
               for rows, *_ in calls]
    # real batches, generated batches (detached in D's update), and generated
    # batches with gradients to the generator (its update)
    assert any(is_real)
    assert any(not r and not grad for r, (_, grad, *_) in zip(is_real, calls))
    assert any(not r and grad for r, (_, grad, *_) in zip(is_real, calls))
    # three augmented batches a step: real and generated for D, generated for
    # G (DVAAN's D+ on top); D's two go through it in one pass here
    n_steps = sampler.n_epochs_ * (len(X) // sampler.batch_size_)
    assert len(calls) >= 3 * n_steps and len(checked) >= 2 * n_steps
    if cls is DVAANSampler and sampler.history_["n_augmented"][0] > 0:
        assert len(calls) > 3 * n_steps
    if cls is DVAANSampler:
        # L_fea: the reconstructions (first rows of G's batch) take the real rows' draw
        real_params = [params for r, (*_, params) in zip(is_real, calls) if r]
        gen_params = [params for r, (_, grad, _, params) in zip(is_real, calls)
                      if grad and not r]
        assert len(real_params) == len(gen_params) == n_steps
        for a, b in zip(real_params, gen_params):
            for name in POLICY_NAMES:
                n = a[name][0].shape[0]
                assert b[name][0].shape[0] == 2 * n
                assert all(torch.equal(u, v[:n]) for u, v in zip(a[name], b[name]))


def test_a_shared_draw_pairs_a_row_with_its_reconstruction():
    # DVAAN's L_fea compares a row with its reconstruction: both take one draw
    shape, g = (1, 8, 8), _gen()
    X, X_rec = _images(6).flatten(1), _images(12, seed=1).flatten(1)
    X_rec[:6] = X
    pair = draw(POLICY_NAMES, (6, *shape), g)
    real = augmented_view(X, POLICY_NAMES, shape, g, pair)
    generated = augmented_view(X_rec, POLICY_NAMES, shape, g, pair)
    # the first rows (the reconstructions) take the real rows' draw ...
    assert torch.equal(generated[:6], real)
    # ... the others fresh draws
    assert not torch.equal(generated[6:], augmented_view(X_rec[6:], POLICY_NAMES, shape, g, pair))


def test_no_diff_augment_leaves_the_rows_alone():
    X = _images(4).flatten(1)
    assert augmented_view(X, (), (1, 8, 8), _gen()) is X


def test_diff_augment_is_stored_unchanged_and_dropped_after_training(few_digits):
    X, y = few_digits
    value = ["translation", "cutout"]
    sampler = make_tiny(DVAANSampler, image_shape=(8, 8), diff_augment=value, random_state=0)
    sampler.fit_resample(X, y)
    assert sampler.get_params()["diff_augment"] is value
    assert "_augment_policy" not in sampler.__dict__
