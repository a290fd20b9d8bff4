"""Generation: a class's rows drawn in bounded chunks, back in input space.

:class:`Generation` is the samplers' side of it (``generate``, the rows
``fit_resample`` appends, latent interpolation); :func:`draw_rows` asks a ``draw(n, conditions)`` callable for scaled rows
(a tensor in ``[-1, 1]``) chunk by chunk, optionally keeps the best of a
larger pool of candidates (candidate selection, :mod:`._selection`), checks
that the rows are finite and casts them back to the input's values and
dtype through the fitted scaler.
"""

import math
import numbers
import time
import warnings

import numpy as np
import torch
from scipy import sparse
from sklearn.utils.validation import check_is_fitted, validate_data

from ._checks import plain_label
from ._interpolation import interpolate, interpolation_quota, kept_rows
from ._selection import select
from ._columns import check_table
from ._tabular import MixedScaler
from ._torch import chunk_rows, make_generator, seed_from_random_state, to_tensor
from ._training import diverged

#: Generated values within this distance of the edge of the training range
#: count as saturated (the generators end in tanh).
SATURATION_MARGIN = 0.01


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


class Generation:
    """Mixin of the deep samplers: rows drawn from a fitted model.

    Reads the fitted state that :class:`~._base.BaseDeepOverSampler` sets
    (``classes_``, ``_scaler``, ``_table``, ``_fit_params``, ...) and the
    method's ``_generate_scaled``, ``_encode_rows``, ``_decode_codes`` and
    ``_prior_rows``.
    """

    def _resample(self, X, y, generator):
        """Append the rows ``sampling_strategy_`` asks for after the originals.

        Synthetic rows are written straight into the output (dense input) or
        one block for all classes (sparse input). The result never shares
        memory with X or y, even when no row is added.
        """
        t_gen = time.perf_counter()
        wanted = [(label, n) for label, n in self.sampling_strategy_.items() if n > 0]
        n_orig = 0 if sparse.issparse(X) else X.shape[0]
        X_res = np.empty((n_orig + sum(n for _, n in wanted), X.shape[1]), dtype=X.dtype)
        if n_orig:
            X_res[:n_orig] = X
        y_new, start, record = [], n_orig, {}
        self.selection_report_ = {}
        with self._fitted_threads():
            for class_label, n_samples in wanted:
                self._generate(class_label, X_res[start:start + n_samples], record, generator,
                               report=self.selection_report_)
                y_new.append(np.full(n_samples, class_label, dtype=y.dtype))
                start += n_samples
        self._record_generation(record)
        self.generation_time_ = time.perf_counter() - t_gen
        y_res = np.hstack([y, *y_new])
        if sparse.issparse(X):
            X_res = sparse.vstack([X, sparse.csr_matrix(X_res)], format=X.format)
            return X_res.astype(X.dtype, copy=False), y_res
        return X_res, y_res

    def _generate(self, class_label, out, record, generator, conditions=None, report=None):
        """Fill ``out`` with rows of one class in input space (see :mod:`._generation`).

        Non-finite rows raise; a generator whose rows pile up on the edge of
        the training range (saturated) raises a warning.
        """
        class_index = int(np.searchsorted(self.classes_, class_label))
        self._set_mode(train=False)
        selection = None
        if conditions is None and "_reference" in self.__dict__:
            selection = Selection(self._reference, self._reference_labels,
                                  self._reference_spacing, self._fit_params["selection"],
                                  self._fit_params["pool_factor"])

        def draw(n, given):
            extra = {} if given is None else {"conditions": given}
            return self._harden(self._generate_scaled(class_index, n, record, generator,
                                                      **extra), generator)

        n_edge, figures, finite = draw_rows(
            draw, lambda Z: self._scaler.inverse_transform(Z, out.dtype), out,
            n_features=self._n_features, device=self.device_, class_index=class_index,
            selection=selection, conditions=conditions)
        label = plain_label(class_label)
        if not finite:
            raise diverged(f"generated rows of class {label!r} hold NaN or infinite values",
                           type(self).__name__, self._fit_params["learning_rate"])
        if report is not None and figures:
            report[label] = selection_report(figures)
        share = n_edge / max(1, out.shape[0] * self._n_features)
        if out.shape[0] and share > self._edge_share + 0.5:
            warnings.warn(
                f"{type(self).__name__}: {share:.0%} of the generated values of class "
                f"{label!r} sit on the edge of their training range (real rows: "
                f"{self._edge_share:.0%}). The generator has saturated, usually a sign of "
                "unstable or too short training; check history_, lower learning_rate (now "
                f"{self._fit_params['learning_rate']}) or train longer.",
                UserWarning, stacklevel=4)
        return out

    def generate(self, target_class, n_samples, random_state=None):
        """Draw new samples of one class from the fitted generator.

        Fit once, sample many: no retraining happens. Samples are produced in
        chunks, so memory stays bounded however many are asked for. Nothing
        that describes the fit changes.

        Parameters
        ----------
        target_class : label
            A class seen during fitting.
        n_samples : int
            Number of samples to draw (0 gives an empty result).
        random_state : int, RandomState instance or None, default=None
            Seed of the draw; the same value gives the same samples on CPU.

        Returns
        -------
        X_new : ndarray or DataFrame of shape (n_samples, `n_features_in_`)
            New samples in input space: a DataFrame with the training
            columns and dtypes when the sampler was fitted on one, else an
            array of the training data's dtype.
        """
        if (not isinstance(n_samples, numbers.Integral) or isinstance(n_samples, bool)
                or n_samples < 0):
            raise ValueError(f"n_samples must be a non-negative integer; got {n_samples!r}.")
        return self._draw_rows(target_class, int(n_samples), random_state)

    def _draw_rows(self, target_class, n_samples, random_state, conditions=None):
        """Checked, seeded, chunked generation shared by the public methods."""
        check_is_fitted(self, "history_")
        if target_class not in self.class_counts_:
            raise ValueError(f"target_class={target_class!r} was not seen during fit; known "
                             f"classes are {self.classes_.tolist()}.")
        generator = make_generator(seed_from_random_state(random_state), self.device_)
        out = np.empty((n_samples, self.n_features_in_), dtype=self._table.dtype)
        with self._fitted_threads():
            self._generate(target_class, out, {}, generator, conditions)
        return self._table.as_input(out)

    # ------------------------------------------------ latent interpolation
    def _resolved_sample_from(self):
        """``sample_from`` as fitted, ``"auto"`` resolved (interpolation); generation
        reads ``sample_from_``, so a model keeps what it was fitted with."""
        sample_from = self._fit_params["sample_from"]
        return "interpolate" if sample_from == "auto" else sample_from

    def _keep_latents(self, X, y):
        """Keep training rows (scaled) and their latent codes, for interpolation,
        within :func:`~._interpolation.interpolation_quota`: the classes that
        ``fit_resample`` over-samples first."""
        wanted = self.sampling_strategy_
        quota = interpolation_quota(
            [int((y == k).sum()) for k in range(len(self.classes_))],
            [wanted.get(label, 0) > 0 for label in self.classes_],
            X.shape[1], others=self._latents_of_every_class)
        keep = kept_rows(y, quota, self._rng)
        X, y = X[keep], y[keep]
        self._latents = self._encode_rows(X, y)
        self._latent_labels = y.clone()
        self._latent_rows = X.clone()

    def _interpolated_rows(self, class_index, n, generator):
        """``n`` scaled rows of one class by latent interpolation between real
        rows and their latent neighbours (see
        :func:`~._interpolation.interpolate`); a class without kept rows is drawn
        from the prior, with a warning."""
        mask = self._latent_labels == class_index
        codes, rows = self._latents[mask], self._latent_rows[mask]
        if not codes.shape[0]:
            label = plain_label(self.classes_[class_index])
            warnings.warn(
                f"{type(self).__name__}: no training rows of class {label!r} were kept for "
                "latent interpolation (fit_resample did not over-sample it"
                + (" and the memory budget of kept values was spent on the classes it did"
                   if self._latents_of_every_class else "")
                + "), so these rows are drawn from the model's prior (sample_from='prior').",
                UserWarning, stacklevel=7)
            return self._prior_rows(class_index, n, generator)
        return interpolate(codes, rows, n, lambda z: self._decode_codes(z, class_index),
                           generator,
                           endpoints=self._interpolation_endpoints and self.image_shape_ is None,
                           blocks=self._category_blocks)

    def _forward_rows(self, X, network, n_outputs):
        """Run ``network`` on rows X in input space, in bounded chunks.

        X is validated against the fit, scaled like the training data and
        moved to the device chunk by chunk; returns a float32 array of shape
        ``(n_samples, n_outputs)``.
        """
        check_is_fitted(self, "history_")
        # numeric_scaling='quantile' without categorical columns takes sparse X, as fit does
        if isinstance(self._scaler, MixedScaler) and not (
                sparse.issparse(X) and not self._scaler.categorical_.size):
            X = check_table(X)
            validate_data(self, X=X, reset=False, skip_check_array=True)
            X = X.to_numpy(dtype=object) if hasattr(X, "iloc") else X
        else:
            X = validate_data(self, X, reset=False, accept_sparse=["csr", "csc"])
        self._set_mode(train=False)
        out = np.empty((X.shape[0], n_outputs), dtype=np.float32)
        chunk = chunk_rows(X.shape[1])
        with self._fitted_threads(), torch.no_grad():
            for start in range(0, X.shape[0], chunk):
                rows = X[start:start + chunk]
                rows = self._scaler.transform(rows.toarray() if sparse.issparse(rows) else rows)
                if not np.isfinite(rows).all():
                    raise ValueError(
                        "X holds values that are not finite once scaled like the training "
                        "data (NaN, or beyond float32's range): the model cannot score "
                        "these rows. Check X for missing or extreme values.")
                out[start:start + rows.shape[0]] = (
                    network(to_tensor(rows, self.device_)).cpu().numpy())
        return out
