"""The plotting helpers draw what they say, on the axes they are given."""

import numpy as np
import pytest

from imblearn_deep import BayesGANOversampler, DVAANSampler

from conftest import make_tiny

mpl = pytest.importorskip("matplotlib", reason="the plotting helpers need matplotlib")
mpl.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from imblearn_deep.plotting import (  # noqa: E402
    plot_history,
    plot_image_grid,
    plot_latent_space,
)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_image_grid_places_each_class_on_its_row(digits_images):
    X, y = digits_images
    ax = plot_image_grid(X, y, image_shape=(8, 8), n_per_row=5)
    mosaic = ax.get_images()[0].get_array()
    # two classes -> two grid rows of 8 pixels with a one-pixel gap
    assert mosaic.shape == (8 + 1 + 8, 5 * 8 + 4)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["0", "1"]
    # one shared intensity range: the brightest pixel of the grid is 1
    assert mosaic.max() == pytest.approx(1.0)
    # the first image shown of class 1 is a real class-1 image, rescaled
    first = np.asarray(mosaic[9:17, 0:8])
    class1 = X[y == 1] / X.max()
    assert np.min(np.abs(class1 - first.ravel()).sum(axis=1)) < 1e-6


def test_image_grid_rgb_and_errors():
    rng = np.random.default_rng(0)
    X = rng.random((6, 3 * 4 * 5))
    ax = plot_image_grid(X, image_shape=(3, 4, 5), n_per_row=3)
    assert ax.get_images()[0].get_array().shape[:2] == (4 + 1 + 4, 3 * 5 + 2)
    assert ax.get_images()[0].get_array().shape[2] == 3
    with pytest.raises(ValueError, match="describes 16 values per image but X has 60"):
        plot_image_grid(X, image_shape=(4, 4))
    with pytest.raises(ValueError, match="1 \\(grey\\) or 3 \\(RGB\\)"):
        plot_image_grid(rng.random((2, 2 * 16)), image_shape=(2, 4, 4))
    with pytest.raises(ValueError, match="row_labels has 1 entries for 2 grid rows"):
        plot_image_grid(X, image_shape=(3, 4, 5), n_per_row=3, row_labels=["a"])


def test_history_panels_follow_the_recorded_values(binary_data):
    sampler = make_tiny(DVAANSampler, max_epochs=3, random_state=0)
    sampler.fit_resample(*binary_data)
    axes = plot_history(sampler)
    keys = [k for k in sampler.history_ if k != "epoch_time"]
    assert [ax.get_title() for ax in axes] == keys
    mu_ax = axes[keys.index("mu")]
    np.testing.assert_allclose(mu_ax.get_lines()[0].get_ydata(), sampler.history_["mu"])
    with pytest.raises(ValueError, match="Unknown history keys \\['nope'\\]"):
        plot_history(sampler, ["nope"])


def test_history_needs_a_fitted_sampler():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        plot_history(make_tiny(BayesGANOversampler))


@pytest.mark.parametrize("latent_dim", [2, 4])
def test_latent_space_shows_rows_and_prior_centres(binary_data, latent_dim):
    X, y = binary_data
    sampler = make_tiny(DVAANSampler, latent_dim=latent_dim, random_state=0)
    sampler.fit_resample(X, y)
    ax = plot_latent_space(sampler, X, y, max_points=100)
    # one scatter per class for the rows, one marker per centre
    scatters = ax.collections
    n_points = sum(c.get_offsets().shape[0] for c in scatters[::2])
    assert n_points == 100
    centres = np.vstack([c.get_offsets() for c in scatters[1::2]])
    if latent_dim == 2:
        np.testing.assert_allclose(centres, sampler.prior_means_, rtol=1e-6)
    else:
        # the view keeps the distance between the two centres
        assert np.linalg.norm(centres[0] - centres[1]) == pytest.approx(
            np.linalg.norm(sampler.prior_means_[0] - sampler.prior_means_[1]), rel=1e-5
        )


def test_real_vs_synthetic_projects_every_group_with_the_real_rows_pca(binary_data):
    from sklearn.decomposition import PCA

    from imblearn_deep.plotting import plot_real_vs_synthetic

    X, y = binary_data
    rng = np.random.default_rng(0)
    synthetic = X[y == 1][:20] + rng.normal(0, 0.1, (20, X.shape[1]))
    ax = plot_real_vs_synthetic(X, y, synthetic, 1, max_points=100)
    other, real, syn = (c.get_offsets() for c in ax.collections)
    assert len(other) == 100 and len(real) == np.sum(y == 1) and len(syn) == 20
    # the view is a PCA of the standardized real rows of all classes
    mean, std = X.mean(axis=0), X.std(axis=0)
    pca = PCA(2).fit((X - mean) / std)
    expected = pca.transform((synthetic - mean) / std)
    np.testing.assert_allclose(np.abs(syn), np.abs(expected), rtol=1e-6, atol=1e-9)
    assert "synthetic (20)" in [t.get_text() for t in ax.get_legend().get_texts()]
    with pytest.raises(ValueError, match="target_class=5 is not a class of y"):
        plot_real_vs_synthetic(X, y, synthetic, 5)
    with pytest.raises(ValueError, match="X_synthetic has 2 features"):
        plot_real_vs_synthetic(X, y, synthetic[:, :2], 1)


def test_nearest_real_images_pairs_each_generated_image_with_its_neighbour(digits_images):
    from imblearn_deep.plotting import plot_nearest_real_images

    X, y = digits_images
    real = X[y == 1]
    rng = np.random.default_rng(0)
    noisy = real[:6] + rng.normal(0, 0.5, (6, 64))  # near real images 0..5
    synthetic = np.vstack([noisy, real[10:12]])  # and two exact copies
    ax = plot_nearest_real_images(real, synthetic, image_shape=(8, 8), n_images=8,
                                  n_per_row=4)
    mosaic = np.asarray(ax.get_images()[0].get_array())
    # 2 blocks of (generated row, nearest-real row): 4 grid rows of 8 pixels
    assert mosaic.shape == (4 * 8 + 3, 4 * 8 + 3)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["generated", "nearest real"] * 2
    lo, hi = min(real.min(), synthetic.min()), max(real.max(), synthetic.max())

    def cell(r, c):
        return mosaic[r * 9:r * 9 + 8, c * 9:c * 9 + 8].ravel() * (hi - lo) + lo

    for i in range(8):
        block, col = divmod(i, 4)
        np.testing.assert_allclose(cell(2 * block, col), synthetic[i], atol=1e-9)
        d = ((real - synthetic[i]) ** 2).sum(axis=1)
        np.testing.assert_allclose(cell(2 * block + 1, col), real[np.argmin(d)], atol=1e-9)
    # "closest" shows the copies first, and their pairs are identical
    ax = plot_nearest_real_images(real, synthetic, image_shape=(8, 8), n_images=2,
                                  order="closest")
    assert ax.get_title().endswith("0.00")
    mosaic = np.asarray(ax.get_images()[0].get_array())
    np.testing.assert_array_equal(mosaic[:8], mosaic[9:17])
    with pytest.raises(ValueError, match="order must be 'random' or 'closest'"):
        plot_nearest_real_images(real, synthetic, image_shape=(8, 8), order="first")
    with pytest.raises(ValueError, match="describes 16 values per image"):
        plot_nearest_real_images(real, synthetic, image_shape=(4, 4))
