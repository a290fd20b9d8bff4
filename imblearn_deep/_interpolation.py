"""Latent interpolation: SMOTE in a sampler's latent space, decoded.

Both samplers can map real rows of a class to latent codes: DVAAN with its
encoder (the latent means), BayesGAN by inverting its generator (the noise
and codes whose generated row is closest to the real one). A new row starts
from a real row ``x_a`` of the class, takes one of its ``N_NEIGHBORS``
nearest neighbours ``x_b`` of the same class by latent code, draws ``t``
uniform in [0, 1] and the point ``z = z_a + t (z_b - z_a)`` of the segment
between their codes. On flat rows (``endpoints=True``) the new row is

    Dec(z) + (1 - t) (x_a - Dec(z_a)) + t (x_b - Dec(z_b))

the decoded point plus the reconstruction residuals of both ends, weighed
as ``z`` lies between them: it runs from ``x_a`` (t = 0) to ``x_b``
(t = 1) along the decoder's curve, and where the decoder reconstructs
little of a row (DVAAN's VAE regresses rows towards their class's centre)
it still moves as far as SMOTE's row would, instead of staying beside
``x_a``. On images (``endpoints=False``) it is

    x_a + Dec(z) - Dec(z_a)

the real row moved by the decoded *step*, which keeps ``x_a``'s detail. In
both forms an imperfect inversion cancels out of the differences.

On mixed tables each categorical column of the new row is then drawn from
the categories of ``x_a`` and its (up to ``N_NEIGHBORS``) latent
neighbours, each with its share of those rows: their one-hot codes are
averaged, and the scaler's hardening reads the mean as probabilities.
Taken from the two ends, as the numeric columns are, the categories
mostly stayed ``x_a``'s, and such a row, its few numeric columns moved
part of the way, was often a near-copy of ``x_a`` (see the December 2026
defaults page of the benchmarks).

The fitted sampler keeps the rows (scaled) and their codes: at most
``INTERPOLATION_ROWS`` per class and ``INTERPOLATION_VALUES`` values in all,
the classes that ``fit_resample`` over-samples served first.
"""

import math

import numpy as np
import torch

from ._selection import KEPT_VALUES, N_NEIGHBORS, nearest

#: Most training rows per class that latent interpolation keeps.
INTERPOLATION_ROWS = 10_000

#: Most values (rows x features, float32: 64 MiB) that latent interpolation
#: keeps in all; the classes ``fit_resample`` over-samples are served first.
INTERPOLATION_VALUES = KEPT_VALUES

#: Where a fitted sampler keeps them (registered as torch state by the base).
INTERPOLATION_STATE = ("_latents", "_latent_labels", "_latent_rows")


def _water_fill(wanted, budget):
    """Per-class row counts: each at most ``wanted[k]``, their sum at most ``budget``.

    The budget is shared out evenly, smallest class first, and what a class
    does not need goes to the larger ones: a small class keeps all its rows
    before a large one is cut.
    """
    wanted = np.asarray(wanted, dtype=np.int64)
    quota = np.zeros_like(wanted)
    for position, k in enumerate(np.argsort(wanted, kind="stable")):
        quota[k] = min(wanted[k], budget // (len(wanted) - position))
        budget -= quota[k]
    return quota


def interpolation_quota(counts, oversampled, n_features, *, others=True):
    """Rows of each class that latent interpolation keeps.

    At most ``INTERPOLATION_ROWS`` per class and ``INTERPOLATION_VALUES``
    values in all: the over-sampled classes (``oversampled[k]`` true) share
    the budget first, at least one row each; the other classes share what
    is left (possibly nothing), or get nothing with ``others=False`` (for a
    sampler whose codes cost an optimisation per row).
    """
    counts = np.asarray(counts, dtype=np.int64)
    oversampled = np.asarray(oversampled, dtype=bool)
    wanted = np.minimum(counts, INTERPOLATION_ROWS)
    budget = INTERPOLATION_VALUES // max(1, n_features)
    quota = np.zeros_like(wanted)
    quota[oversampled] = np.maximum(np.minimum(wanted[oversampled], 1),
                                    _water_fill(wanted[oversampled], budget))
    if others:
        quota[~oversampled] = _water_fill(wanted[~oversampled],
                                          max(0, budget - int(quota.sum())))
    return quota


def kept_rows(y, quota, generator):
    """Indices of the rows each class keeps: all, or a random ``quota[k]`` of them, sorted.

    Only a class cut to a part of its rows draws from ``generator`` (a class
    that keeps none takes no draw).
    """
    keep = []
    for k, n in enumerate(quota.tolist()):
        rows = torch.nonzero(y == k).flatten()
        if n == 0:
            rows = rows[:0]
        elif rows.shape[0] > n:
            order = torch.randperm(rows.shape[0], device=rows.device, generator=generator)
            rows = torch.sort(rows[order[:n]]).values
        keep.append(rows)
    return torch.cat(keep)


def interpolate(codes, rows, n, decode, generator, endpoints=True, blocks=()):
    """``n`` interpolated rows of one class (see the module's docstring).

    ``codes`` and ``rows`` are the kept codes and scaled rows of one class
    (at least one); ``decode`` maps codes to scaled rows of that class.
    ``endpoints``: both ends' residuals (flat rows) or the start row plus
    the decoded step (images). ``blocks``: the ``(start, stop)`` columns of
    each categorical column's one-hot code, which get the mean code of
    ``x_a`` and its latent neighbours (to be hardened into one category).
    A class with one row gives that row (its only segment is a point).
    """
    base = torch.randint(codes.shape[0], (n,), device=codes.device, generator=generator)
    if codes.shape[0] < 2:
        return rows[base]
    z_a = codes[base]
    _, neighbours = nearest(z_a, codes, N_NEIGHBORS, exclude=base)
    pick = torch.randint(neighbours.shape[1], (n, 1), device=codes.device, generator=generator)
    partner = neighbours.gather(1, pick).squeeze(1)
    t = torch.rand((n, 1), device=codes.device, generator=generator)
    z_b = codes[partner]
    x_a = rows[base]
    new = decode(z_a + t * (z_b - z_a))
    if endpoints:
        new = new + (1 - t) * (x_a - decode(z_a)) + t * (rows[partner] - decode(z_b))
    else:
        new = x_a + new - decode(z_a)
    new = new.clamp(-1.0, 1.0)
    if blocks:  # summed neighbour by neighbour: memory of n rows, not (1 + k) n
        columns = torch.cat([torch.arange(start, stop, device=rows.device)
                             for start, stop in blocks])
        codes_of_rows = rows[:, columns]
        share = x_a[:, columns]
        for j in range(neighbours.shape[1]):
            share = share + codes_of_rows[neighbours[:, j]]
        new[:, columns] = share / (1 + neighbours.shape[1])
    return new


def decoded_steps(codes, rows, decode):
    """How far latent interpolation moves rows, against the real rows' gaps.

    For every kept row ``x_a`` of a class (code ``z_a``), its nearest
    neighbour ``x_b`` by latent code: the decoded step's length
    ``|Dec(z_b) - Dec(z_a)|`` over the real gap ``|x_b - x_a|``. Near 1, an
    interpolated row moves about as far as SMOTE's would between those two
    rows (along the model's manifold); near 0, it stays beside ``x_a``, so
    latent interpolation gives what random over-sampling with a little
    noise gives. Returns ``(step_ratio, reconstruction, gap)``: the median
    ratio over the rows (rows with a zero gap left out), the mean
    reconstruction error ``|Dec(z_a) - x_a|`` and the median gap, in the
    sampler's scaled units; NaN for fewer than two rows. ``decode`` maps
    codes to scaled rows of the class (run it without grad).
    """
    if codes.shape[0] < 2:
        return float("nan"), float("nan"), float("nan")
    own = torch.arange(codes.shape[0], device=codes.device)
    _, neighbour = nearest(codes, codes, 1, exclude=own)
    b = neighbour[:, 0]
    decoded = decode(codes)
    step = (decoded[b] - decoded).norm(dim=1)
    gap = (rows[b] - rows).norm(dim=1)
    moved = gap > 0
    ratio = (torch.quantile(step[moved] / gap[moved], 0.5) if bool(moved.any())
             else torch.tensor(math.nan))
    return (float(ratio), float((decoded - rows).norm(dim=1).mean()),
            float(torch.quantile(gap, 0.5)))
