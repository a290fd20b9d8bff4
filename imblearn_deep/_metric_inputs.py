"""Inputs of the sample-quality diagnostics: checks, and the report's rows.

The checks of :mod:`imblearn_deep.metrics` (each error names the argument
at fault) and the three routes by which
:func:`~imblearn_deep.metrics.synthetic_quality_report` gets its synthetic
rows: given, drawn from a fitted deep sampler, or appended by a clone's
``fit_resample``.
"""

import numbers

import numpy as np
from sklearn.base import clone
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_array


def check_rows(X, name, n_features=None, allow_empty=False):
    """X as a 2-D float64 array with finite values, or a ValueError naming it."""
    if hasattr(X, "tocsr"):
        raise ValueError(f"{name} is sparse; the diagnostics need dense rows "
                         "(convert with .toarray()).")
    X = check_array(X, dtype=np.float64, ensure_all_finite=False, ensure_min_samples=0,
                    input_name=name)
    if X.shape[0] == 0 and not allow_empty:
        raise ValueError(f"{name} has no rows; there is nothing to compare.")
    if n_features is not None and X.shape[1] != n_features:
        raise ValueError(
            f"{name} has {X.shape[1]} features but the real rows have {n_features}; "
            "both must describe the same columns."
        )
    if not np.isfinite(X).all():
        bad = int(np.count_nonzero(~np.isfinite(X).all(axis=1)))
        raise ValueError(
            f"{name} contains NaN or infinite values (in {bad} of {X.shape[0]} rows); "
            "the diagnostics need finite rows. A sampler that returns them has "
            "diverged; impute or drop such rows in real data."
        )
    return X


def check_pair(X_real, X_synthetic):
    X_real = check_rows(X_real, "X_real")
    X_synthetic = check_rows(X_synthetic, "X_synthetic", X_real.shape[1])
    return X_real, X_synthetic


def check_k(k, n_real, n_synthetic, where="There are "):
    if not isinstance(k, numbers.Integral) or isinstance(k, bool) or k < 1:
        raise ValueError(f"k must be a positive integer; got {k!r}.")
    for n, what in ((n_real, "real"), (n_synthetic, "synthetic")):
        if n <= k:
            raise ValueError(
                f"{where}{n} {what} rows; the k-NN estimates need at least k + 1 = {k + 1} "
                f"(each row's k-th nearest neighbour among the others). Lower k."
            )


def check_copy_factor(copy_factor):
    if not isinstance(copy_factor, numbers.Real) or not 0 <= copy_factor < np.inf:
        raise ValueError(f"copy_factor must be a non-negative number; got {copy_factor!r}.")


def check_labels(X, y, name_X, name_y, n_features=None, allow_empty=False):
    X = check_rows(X, name_X, n_features, allow_empty)
    y = np.asarray(y)
    if y.ndim != 1 or len(y) != len(X):
        raise ValueError(f"{name_y} must be 1-D with one label per row of {name_X} "
                         f"({len(X)}); got shape {y.shape}.")
    return X, y


def synthetic_rows(sampler, X_in, y_in, X, y, synthetic, fitted, random_state,
                    encode=None):
    """The synthetic rows and their labels, by one of the three routes.

    ``encode`` (mixed tables) maps rows to the float rows X holds.
    """
    if synthetic is not None:
        if fitted:
            raise ValueError("Pass either synthetic=(X_synthetic, y_synthetic) or "
                             "fitted=True, not both.")
        try:
            X_syn, y_syn = synthetic
        except (TypeError, ValueError):
            raise ValueError("synthetic must be a pair (X_synthetic, y_synthetic).") from None
        return (X_syn if encode is None else encode(X_syn)), y_syn
    if fitted:
        if not hasattr(sampler, "generate") or not hasattr(sampler, "sampling_strategy_"):
            raise ValueError(
                "fitted=True needs a fitted deep sampler (with generate and "
                "sampling_strategy_, as after fit_resample); for other samplers use "
                "fitted=False, which calls fit_resample."
            )
        # the input's columns, not the width of their one-hot code (mixed tables)
        n_columns = np.shape(X_in)[1] if np.ndim(X_in) == 2 else X.shape[1]
        n_fitted = getattr(sampler, "n_features_in_", n_columns)
        if n_fitted != n_columns:
            raise ValueError(f"The sampler was fitted on {n_fitted} columns but X has "
                             f"{n_columns}; pass the data it was fitted on.")
        wanted = [(label, n) for label, n in sampler.sampling_strategy_.items() if n > 0]
        seeds = check_random_state(random_state).randint(np.iinfo(np.int32).max,
                                                         size=max(1, len(wanted)))
        parts = [np.asarray(sampler.generate(label, n, random_state=int(seed)))
                 for (label, n), seed in zip(wanted, seeds)]
        if encode is not None:
            parts = [encode(part) for part in parts]
        X_syn = np.vstack(parts) if parts else np.empty((0, X.shape[1]))
        y_syn = np.concatenate([np.full(n, label, dtype=y.dtype) for label, n in wanted]
                               ) if wanted else y[:0]
        return X_syn, y_syn
    if not hasattr(sampler, "fit_resample"):
        raise ValueError(f"sampler must have fit_resample; got {type(sampler).__name__}.")
    X_res, y_res = clone(sampler).fit_resample(X_in, y_in)
    if hasattr(X_res, "toarray"):
        X_res = X_res.toarray()
    if encode is not None:
        X_res = encode(X_res)
    X_res, y_res = np.asarray(X_res), np.asarray(y_res)
    n = len(y)
    if (len(y_res) < n or not np.array_equal(y_res[:n], y)
            or not np.array_equal(np.asarray(X_res[:n], dtype=np.float64), X)):
        raise ValueError(
            f"{type(sampler).__name__}.fit_resample did not return the original rows "
            "first, unchanged, followed by the new ones (as imbalanced-learn's "
            "over-samplers do), so the synthetic rows cannot be told apart. Pass "
            "synthetic=(X_synthetic, y_synthetic) instead."
        )
    return X_res[n:], y_res[n:]
