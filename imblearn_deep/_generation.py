"""Generation: a class's rows drawn in bounded chunks, back in input space.

:func:`draw_rows` asks a ``draw(n, conditions)`` callable for scaled rows
(a tensor in ``[-1, 1]``) chunk by chunk, optionally keeps the best of a
larger pool of candidates (candidate selection, :mod:`._selection`), checks
that the rows are finite and casts them back to the input's values and
dtype through the fitted scaler.
"""

import math

import numpy as np
import torch

from ._selection import select
from ._torch import to_tensor

#: Most rows generated per call to the networks; bounds the memory of generation.
GENERATION_CHUNK = 8192

#: Most values (rows x features) in one chunk of generation or inference, so
#: that large images are generated in proportionally fewer rows at a time.
CHUNK_VALUES = 2**21

#: Generated values within this distance of the edge of the training range
#: count as saturated (the generators end in tanh).
SATURATION_MARGIN = 0.01


def chunk_rows(n_features):
    """Rows per chunk for data of ``n_features`` values per row."""
    return max(1, min(GENERATION_CHUNK, CHUNK_VALUES // max(1, n_features)))


def edge_share(Z):
    """Share of scaled values within ``SATURATION_MARGIN`` of the range's edge."""
    return float(np.mean(np.abs(Z) >= 1.0 - SATURATION_MARGIN)) if Z.size else 0.0


class Selection:
    """Candidate selection of one fit: the real rows candidates are judged against.

    ``mode`` is the ``selection`` parameter ("faithful" or "boundary") and
    ``pool_factor`` how many candidates are drawn per kept row.
    """

    def __init__(self, reference, labels, spacing, mode, pool_factor):
        self.reference, self.labels, self.spacing = reference, labels, spacing
        self.mode, self.pool_factor = mode, pool_factor

    def best(self, draw, class_index, n_samples, chunk, figures):
        """The best ``n_samples`` of ``pool_factor`` times as many candidates."""
        n_pool = max(n_samples, math.ceil(self.pool_factor * n_samples))
        pool = torch.cat([draw(min(chunk, n_pool - start), None)
                          for start in range(0, n_pool, chunk)])
        keep, chosen = select(pool, n_samples, class_index, self.reference, self.labels,
                              self.spacing, self.mode)
        for name, value in chosen.items():
            figures[name] = figures.get(name, 0) + value
        return pool[keep]


def draw_rows(draw, inverse, out, *, n_features, device, class_index=None, selection=None,
              conditions=None):
    """Fill ``out`` (rows in input space) with generated rows, chunk by chunk.

    Parameters
    ----------
    draw : callable
        ``draw(n, conditions) -> Tensor`` of ``n`` scaled rows (categorical
        blocks already one-hot); ``conditions`` is a tensor slice or None.
    inverse : callable
        ``inverse(Z) -> ndarray``: scaled rows (float32 array) to the
        input's values and dtype.
    out : ndarray of shape (n_samples, n_features_in)
    n_features : int
        Width of the scaled rows.
    device : torch.device
        Where ``conditions`` go.
    class_index : int
        The class (for candidate selection).
    selection : Selection or None
        Keep the best of a pool of candidates (not with ``conditions``).
    conditions : ndarray or None
        One row per sample, sliced per chunk.

    Returns
    -------
    n_edge : int
        Generated values on the edge of the training range (saturation).
    figures : dict
        Candidate selection's figures (empty without selection).
    finite : bool
        False as soon as a chunk holds NaN or infinite values (``out`` is
        then only partly filled).
    """
    chunk = chunk_rows(n_features)
    n_samples = out.shape[0]
    n_edge, figures = 0, {}
    with torch.no_grad():
        for start in range(0, n_samples, chunk):
            stop = min(start + chunk, n_samples)
            if conditions is not None:
                Z = draw(stop - start, to_tensor(conditions[start:stop], device))
            elif selection is not None:
                Z = selection.best(draw, class_index, stop - start, chunk, figures)
            else:
                Z = draw(stop - start, None)
            Z = Z.float().cpu().numpy()
            if not np.isfinite(Z).all():
                return n_edge, figures, False
            n_edge += int(np.count_nonzero(np.abs(Z) >= 1.0 - SATURATION_MARGIN))
            out[start:start + Z.shape[0]] = inverse(Z)
    return n_edge, figures, True


def selection_report(figures):
    """One class's candidate-selection figures, as ``selection_report_`` holds them."""
    return {
        "n_candidates": figures["n_candidates"], "n_kept": figures["n_kept"],
        "near_copies": figures["near_copies"],
        "vote_candidates": figures["vote_candidates"] / max(1, figures["n_candidates"]),
        "vote_kept": figures["vote_kept"] / max(1, figures["n_kept"]),
    }
