"""Plotting helpers for the deep over-samplers (needs matplotlib).

Install the optional dependency with ``pip install "imblearn-deep[plot]"``.
Each function draws on a given matplotlib ``Axes`` (or creates a figure)
and returns what it drew on, so the plots compose with the rest of a
figure.
"""

import numbers

import numpy as np
from sklearn.utils.validation import check_is_fitted

from ._checks import check_image_shape

__all__ = ["plot_image_grid", "plot_history", "plot_latent_space", "plot_real_vs_synthetic",
           "plot_nearest_real_images"]


def _pyplot():
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "imblearn_deep.plotting needs matplotlib; install it with "
            "'pip install \"imblearn-deep[plot]\"' or 'pip install matplotlib'."
        ) from exc
    return plt


def _as_images(X, image_shape):
    """Rows of X as (n, height, width[, 3]) arrays ready for ``imshow``."""
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (one flattened image per row); got shape {X.shape}.")
    channels, height, width = check_image_shape(image_shape, X.shape[1])
    if channels not in (1, 3):
        raise ValueError(
            f"Only 1 (grey) or 3 (RGB) channels can be shown; image_shape has {channels}."
        )
    images = X.reshape(-1, channels, height, width)
    return images[:, 0] if channels == 1 else images.transpose(0, 2, 3, 1)


def plot_image_grid(X, y=None, *, image_shape, n_per_row=8, row_order=None,
                    row_labels=None, ax=None, cmap="gray", random_state=0):
    """Show image rows as a grid: one row of images per class.

    Useful to look at what a sampler generates next to real images, or at a
    code walk of :class:`~imblearn_deep.BayesGANOversampler` (one grid row
    per code, one column per code value).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Images, each flattened in (channels, height, width) order, as the
        samplers take and return them.
    y : array-like of shape (n_samples,), default=None
        Labels: each grid row shows up to ``n_per_row`` images of one
        class. ``None`` fills the grid row by row in the order of X.
    image_shape : tuple of int
        ``(height, width)`` or ``(channels, height, width)`` with 1 or 3
        channels.
    n_per_row : int, default=8
        Images per grid row.
    row_order : array-like, default=None
        Classes to show, top to bottom; default all classes in sorted order.
    row_labels : list of str, default=None
        Text left of each grid row; default the class labels (none when
        ``y`` is None).
    ax : matplotlib Axes, default=None
        Where to draw; a new figure is made when None.
    cmap : str, default="gray"
        Colour map for one-channel images.
    random_state : int, RandomState instance or None, default=0
        Which images of a class are shown when it has more than
        ``n_per_row``.

    Returns
    -------
    ax : matplotlib Axes
        The axes with the grid, one shared intensity range for all images
        so that contrasts compare across rows.
    """
    plt = _pyplot()
    if not isinstance(n_per_row, numbers.Integral) or n_per_row < 1:
        raise ValueError(f"n_per_row must be a positive integer; got {n_per_row!r}.")
    images = _as_images(X, image_shape)
    rng = np.random.default_rng(
        random_state if not isinstance(random_state, np.random.RandomState)
        else random_state.randint(2**31)
    )
    if y is None:
        n_rows = -(-len(images) // n_per_row)
        rows = [np.arange(r * n_per_row, min((r + 1) * n_per_row, len(images)))
                for r in range(n_rows)]
        labels = [""] * n_rows if row_labels is None else list(row_labels)
    else:
        y = np.asarray(y)
        if y.shape[0] != images.shape[0]:
            raise ValueError(f"X has {images.shape[0]} rows but y has {y.shape[0]}.")
        order = np.unique(y) if row_order is None else np.asarray(row_order)
        rows = []
        for label in order:
            index = np.flatnonzero(y == label)
            if index.size == 0:
                raise ValueError(f"Class {label!r} of row_order has no rows in y.")
            if index.size > n_per_row:
                index = np.sort(rng.choice(index, n_per_row, replace=False))
            rows.append(index)
        labels = [str(v) for v in order] if row_labels is None else list(row_labels)
    if len(labels) != len(rows):
        raise ValueError(f"row_labels has {len(labels)} entries for {len(rows)} grid rows.")

    height, width = images.shape[1:3]
    pad = max(1, height // 14)
    lo, hi = float(images.min()), float(images.max())
    span = hi - lo if hi > lo else 1.0
    shape = (len(rows) * (height + pad) - pad, n_per_row * (width + pad) - pad)
    mosaic = np.ones(shape + images.shape[3:])  # white padding
    for r, index in enumerate(rows):
        for c, i in enumerate(index):
            top, left = r * (height + pad), c * (width + pad)
            mosaic[top:top + height, left:left + width] = (images[i] - lo) / span
    if ax is None:
        _, ax = plt.subplots(figsize=(n_per_row * 0.6 + 1, len(rows) * 0.6 + 0.4))
    ax.imshow(mosaic, cmap=cmap, vmin=0.0, vmax=1.0, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([(height + pad) * r + height / 2 for r in range(len(rows))])
    ax.set_yticklabels(labels)
    ax.tick_params(left=False)
    for side in ax.spines.values():
        side.set_visible(False)
    return ax


def plot_history(sampler, keys=None, *, axes=None):
    """Training curves of a fitted sampler, one panel per recorded value.

    Parameters
    ----------
    sampler : fitted DVAANSampler or BayesGANOversampler
        Any estimator with a ``history_`` dict of per-epoch lists.
    keys : list of str, default=None
        Values to show; default every key of ``history_`` except
        ``epoch_time``. DVAAN's ``"mu"`` is the trajectory of the prior's
        mean (the paper's Fig. 4).
    axes : array-like of matplotlib Axes, default=None
        One axes per key; a new figure is made when None.

    Returns
    -------
    axes : ndarray of matplotlib Axes
        One per key, in the order of ``keys``.
    """
    plt = _pyplot()
    check_is_fitted(sampler, "history_")
    history = sampler.history_
    if keys is None:
        keys = [k for k in history if k != "epoch_time"]
    unknown = [k for k in keys if k not in history]
    if unknown:
        raise ValueError(
            f"Unknown history keys {unknown}; this sampler recorded {sorted(history)}."
        )
    if axes is None:
        n_cols = min(3, len(keys))
        n_rows = -(-len(keys) // n_cols)
        fig, axes = plt.subplots(n_rows, n_cols, figsize=(3.2 * n_cols, 2.4 * n_rows),
                                 squeeze=False, constrained_layout=True)
        for extra in axes.ravel()[len(keys):]:
            fig.delaxes(extra)
    axes = np.asarray(axes, dtype=object).ravel()
    if axes.size < len(keys):
        raise ValueError(f"{len(keys)} keys need {len(keys)} axes; got {axes.size}.")
    for ax, key in zip(axes, keys):
        values = history[key]
        ax.plot(np.arange(1, len(values) + 1), values)
        ax.set_title(key)
        ax.set_xlabel("epoch")
    return axes[: len(keys)]


def _latent_basis(Z, centres):
    """Two orthonormal directions: the prior's centres first, then the data."""
    centred = centres - centres.mean(axis=0)
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    basis = [v for v, sv in zip(vt, s) if sv > 1e-6 * max(s.max(), 1e-12)][:2]
    if len(basis) < 2:
        residual = Z - Z.mean(axis=0)
        for b in basis:
            residual = residual - np.outer(residual @ b, b)
        _, _, vt = np.linalg.svd(residual, full_matrices=False)
        basis.append(vt[0])
    return np.stack(basis[:2], axis=1)


def plot_latent_space(sampler, X, y, *, ax=None, max_points=2000, random_state=0):
    """The latent space of a fitted DVAANSampler (the paper's Fig. 1).

    Rows are encoded to their latent means and shown with the class
    components of the prior: each centre ``prior_means_[k]`` and a circle of
    one standard deviation around it. With ``latent_dim == 2`` the latent
    coordinates are shown as they are; otherwise the view is the plane that
    holds the centres (for two classes, the ``+mu``/``-mu`` axis) and the
    data's main direction of spread across it.

    Parameters
    ----------
    sampler : fitted DVAANSampler
    X : array-like of shape (n_samples, n_features)
        Rows in input space.
    y : array-like of shape (n_samples,)
        Their labels, for the colours.
    ax : matplotlib Axes, default=None
        Where to draw; a new figure is made when None.
    max_points : int, default=2000
        At most this many rows are encoded and drawn (a random subset).
    random_state : int or None, default=0
        Seed of that subset.

    Returns
    -------
    ax : matplotlib Axes
    """
    plt = _pyplot()
    check_is_fitted(sampler, "prior_means_")
    y = np.asarray(y)
    n = y.shape[0]
    if n > max_points:
        keep = np.sort(np.random.default_rng(random_state).choice(n, max_points, replace=False))
        X = X[keep] if not hasattr(X, "iloc") else X.iloc[keep]
        y = y[keep]
    Z = sampler.encode(X)
    centres = np.asarray(sampler.prior_means_, dtype=np.float64)
    if Z.shape[1] == 2:
        basis = np.eye(2)
        names = ("z1", "z2")
    else:
        basis = _latent_basis(Z, centres)
        names = ("latent direction 1 (between the centres)", "latent direction 2")
    points, centre_points = Z @ basis, centres @ basis
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 4.5))
    theta = np.linspace(0, 2 * np.pi, 100)
    for k, label in enumerate(sampler.classes_):
        colour = f"C{k % 10}"
        mask = y == label
        ax.scatter(points[mask, 0], points[mask, 1], s=6, alpha=0.5, color=colour,
                   label=f"class {label} ({mask.sum()})")
        cx, cy = centre_points[k]
        ax.plot(cx + np.cos(theta), cy + np.sin(theta), color=colour, lw=1.5)
        ax.scatter([cx], [cy], marker="x", s=80, color="black", zorder=3)
    ax.set_xlabel(names[0])
    ax.set_ylabel(names[1])
    ax.set_aspect("equal", adjustable="datalim")
    ax.legend(loc="best", fontsize="small")
    return ax


def plot_real_vs_synthetic(X, y, X_synthetic, target_class, *, standardize=True,
                           max_points=1000, ax=None, random_state=0):
    """Real and synthetic rows of one class in the plane of the first two principal components.

    The projection is a PCA fitted on the real rows of all classes (after
    the standardization of :mod:`imblearn_deep.metrics`), so the view is
    the data's own and does not move with the sampler. Real rows of the
    class, its synthetic rows and the real rows of the other classes (grey)
    are drawn. Read it for what the numbers of
    :func:`~imblearn_deep.metrics.synthetic_quality_report` summarise:
    synthetic rows outside the class's cloud (low precision), covering only
    part of it (low recall, collapse), piled onto real rows (memorisation)
    or drifting into another class (low class fidelity). Two components
    show only part of the variance (given on the axes); a structure they
    do not show can still be there.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Real rows of every class; at least 2 features.
    y : array-like of shape (n_samples,)
        Their labels.
    X_synthetic : array-like of shape (n_synthetic, n_features)
        Synthetic rows made for ``target_class``.
    target_class : label
        The class the synthetic rows belong to; a class of ``y``.
    standardize : bool or "global", default=True
        Standardize with the real rows' statistics before the PCA.
    max_points : int, default=1000
        At most this many rows of each group are drawn (a random subset).
    ax : matplotlib Axes, default=None
        Where to draw; a new figure is made when None.
    random_state : int or None, default=0
        Seed of the subsets.

    Returns
    -------
    ax : matplotlib Axes
    """
    from sklearn.decomposition import PCA

    from ._metric_inputs import check_labels, check_rows
    from ._neighbours import Standardizer

    plt = _pyplot()
    X, y = check_labels(X, y, "X", "y")
    X_synthetic = check_rows(X_synthetic, "X_synthetic", X.shape[1])
    if X.shape[1] < 2:
        raise ValueError(f"A 2-D projection needs at least 2 features; X has {X.shape[1]}.")
    if not np.any(y == target_class):
        raise ValueError(f"target_class={target_class!r} is not a class of y "
                         f"({np.unique(y).tolist()}).")
    if not isinstance(max_points, numbers.Integral) or max_points < 1:
        raise ValueError(f"max_points must be a positive integer; got {max_points!r}.")
    scaler = Standardizer(standardize).fit(X)
    pca = PCA(n_components=2).fit(scaler.transform(X))
    rng = np.random.default_rng(random_state)

    def points(rows):
        if len(rows) > max_points:
            rows = rows[np.sort(rng.choice(len(rows), max_points, replace=False))]
        return pca.transform(scaler.transform(rows))

    if ax is None:
        _, ax = plt.subplots(figsize=(5, 4.5))
    others = X[y != target_class]
    if len(others):
        p = points(others)
        ax.scatter(p[:, 0], p[:, 1], s=5, color="0.75", label=f"other classes ({len(others)})")
    p = points(X[y == target_class])
    ax.scatter(p[:, 0], p[:, 1], s=10, color="C0",
               label=f"real, class {target_class} ({int(np.sum(y == target_class))})")
    p = points(X_synthetic)
    ax.scatter(p[:, 0], p[:, 1], s=14, marker="x", linewidths=0.8, color="C3",
               label=f"synthetic ({len(X_synthetic)})")
    share = pca.explained_variance_ratio_
    ax.set_xlabel(f"principal component 1 ({share[0]:.0%} of the variance)")
    ax.set_ylabel(f"principal component 2 ({share[1]:.0%})")
    ax.legend(loc="best", fontsize="small")
    return ax


def plot_nearest_real_images(X_real, X_synthetic, *, image_shape, n_images=8, n_per_row=8,
                             order="random", ax=None, cmap="gray", random_state=0):
    """Generated images, each above its nearest real training image.

    The picture that shows memorisation: a generator that copies its
    training images shows pairs that are the same image; one that
    generalises shows pairs that share a class but differ in detail.
    Nearest means the smallest Euclidean distance between pixel values
    (the report's global standardization gives the same neighbours).

    Parameters
    ----------
    X_real : array-like of shape (n_real, n_features)
        Real training images of the class, flattened in (channels, height,
        width) order.
    X_synthetic : array-like of shape (n_synthetic, n_features)
        Generated images of that class.
    image_shape : tuple of int
        ``(height, width)`` or ``(channels, height, width)`` with 1 or 3
        channels.
    n_images : int, default=8
        Generated images shown (all when fewer).
    n_per_row : int, default=8
        Pairs per grid row; each is a row of generated images over a row of
        their nearest real images.
    order : {"random", "closest"}, default="random"
        "random": a random subset of the generated images; "closest": those
        nearest to a real image, the likeliest copies.
    ax : matplotlib Axes, default=None
        Where to draw; a new figure is made when None.
    cmap : str, default="gray"
        Colour map for one-channel images.
    random_state : int or None, default=0
        Seed of the random subset.

    Returns
    -------
    ax : matplotlib Axes
        The grid; rows are labelled "generated" and "nearest real", and the
        title gives the median distance ratio of the pairs shown (distance
        of each pair over the real image's distance to its own nearest real
        image; near 0 for copies).
    """
    from ._metric_inputs import check_rows
    from ._neighbours import kth_neighbour_distances, nearest_rows

    _pyplot()
    X_real = check_rows(X_real, "X_real")
    X_synthetic = check_rows(X_synthetic, "X_synthetic", X_real.shape[1])
    check_image_shape(image_shape, X_real.shape[1])
    for name, value in (("n_images", n_images), ("n_per_row", n_per_row)):
        if not isinstance(value, numbers.Integral) or value < 1:
            raise ValueError(f"{name} must be a positive integer; got {value!r}.")
    if order not in ("random", "closest"):
        raise ValueError(f"order must be 'random' or 'closest'; got {order!r}.")
    if len(X_real) < 2:
        raise ValueError(f"X_real needs at least 2 images; got {len(X_real)}.")
    nearest, distance = nearest_rows(X_synthetic, X_real)
    n = min(n_images, len(X_synthetic))
    if order == "closest":
        chosen = np.argsort(distance, kind="stable")[:n]
    else:
        chosen = np.sort(np.random.default_rng(random_state).choice(
            len(X_synthetic), n, replace=False))
    real_loo = kth_neighbour_distances(X_real, 1)[:, 0]
    pairs = np.empty((2 * n, X_real.shape[1]))
    groups = np.empty(2 * n, dtype=np.int64)
    pairs[:n], pairs[n:] = X_synthetic[chosen], X_real[nearest[chosen]]
    block = np.arange(n) // n_per_row
    groups[:n], groups[n:] = 2 * block, 2 * block + 1
    n_blocks = int(block[-1]) + 1
    ax = plot_image_grid(pairs, groups, image_shape=image_shape, n_per_row=n_per_row,
                         row_labels=["generated", "nearest real"] * n_blocks, ax=ax,
                         cmap=cmap)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.median(distance[chosen] / real_loo[nearest[chosen]])
    ax.set_title(f"median distance / real neighbour distance: {ratio:.2f}", fontsize="small")
    return ax
