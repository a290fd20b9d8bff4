"""Input checks of the deep samplers.

:func:`check_input` turns ``(X, y)`` as a user passes them into validated
arrays plus one :class:`TableRecord` of what the fit must remember about
the table's columns (the dtype to cast generated rows back to, the integer
and categorical columns). Nothing is stored on the estimator before the
input is valid: the caller stores the record once, after this returns.

The other functions validate the parameters that depend on the data
(``image_shape``, network sizes).
"""

import math
import numbers
import warnings
from dataclasses import dataclass

import numpy as np
import torch
from imblearn.utils import check_target_type
from scipy import sparse
from sklearn.utils import check_consistent_length
from sklearn.utils.validation import validate_data

from ._columns import (check_table, integer_columns, resolve_categorical, text_columns,
                       wide_integer_columns)

#: Dense copies of sparse input above this many cells raise a warning.
SPARSE_WARN_CELLS = 50_000_000

#: Networks larger than this (trainable parameters, all networks of a
#: sampler) raise a warning before they are allocated: an elongated
#: ``image_shape`` such as (4, 2000) implies hundreds of millions.
LARGE_NETWORK_PARAMETERS = 20_000_000

#: Classes to over-sample with fewer rows than this raise a warning.
MIN_CLASS_ROWS = 10


@dataclass(frozen=True, eq=False)
class TableRecord:
    """What a fit remembers of its input's columns.

    Attributes
    ----------
    dtype : numpy.dtype
        The dtype of the checked X: generated rows are cast back to it
        (``object`` for a table with categorical columns).
    integer_columns : ndarray of bool or None
        Which columns of a DataFrame hold integers or booleans (generated
        values there are rounded before the cast); None for arrays.
    categorical : ndarray of int
        Indices of the categorical columns (empty for numeric data).
    frame_dtypes : pandas.Series or None
        The columns and dtypes of a DataFrame X (None for other input):
        rows that :meth:`as_input` returns become such a DataFrame.
    """

    dtype: np.dtype
    integer_columns: object
    categorical: np.ndarray
    frame_dtypes: object = None

    def as_input(self, rows):
        """Rows in the input's type: a DataFrame with the training columns and
        dtypes when the fit saw one (as imbalanced-learn returns
        ``fit_resample``'s rows), else the array itself."""
        if self.frame_dtypes is None:
            return rows
        import pandas as pd

        frame = pd.DataFrame(rows, columns=self.frame_dtypes.index)
        return frame.astype(self.frame_dtypes.to_dict())


def _refuse_text(X):
    text = text_columns(X) if not sparse.issparse(X) else []
    if text:
        names = getattr(X, "columns", None)
        shown = [names[j] for j in text] if names is not None else text
        raise ValueError(
            f"X has columns of categories or text: {shown[:10]}"
            f"{' ...' if len(shown) > 10 else ''}. Set categorical_features='auto' "
            "(for a DataFrame with category, object or string columns) or to their "
            "indices or names, so that they are generated as categories; or encode "
            "them as numbers before the sampler.")


def check_input(estimator, X, y, *, categorical_features, numeric_scaling, accept_sparse=None):
    """Validate ``(X, y)`` for a deep sampler's fit.

    Parameters
    ----------
    estimator : BaseDeepOverSampler
        Receives ``n_features_in_`` (and ``feature_names_in_``) through
        scikit-learn's ``validate_data``, as every estimator does.
    X : array-like, DataFrame or sparse matrix
        The raw input.
    y : array-like
        The labels.
    categorical_features, numeric_scaling
        The estimator's parameters.
    accept_sparse : list of str, default=None
        Sparse formats accepted on the numeric path (CSR and CSC if None).

    Returns
    -------
    X : ndarray or sparse matrix
        Floats on the numeric path; an object array on the mixed path.
    y : ndarray
    binarize_y : bool
        Whether y was given one-hot (imbalanced-learn's convention).
    record : TableRecord
    """
    ints = integer_columns(X)
    frame_dtypes = X.dtypes.copy() if hasattr(X, "iloc") and hasattr(X, "dtypes") else None
    categorical = np.zeros(0, dtype=np.intp)
    # integer columns beyond 2**53 next to float columns would be rounded by a
    # float array: such a table takes the mixed path, which keeps them exact
    wide = [] if sparse.issparse(X) else wide_integer_columns(X)
    if categorical_features is not None or wide:
        if sparse.issparse(X):
            raise ValueError(
                "categorical_features needs dense X (a DataFrame or an array); got a "
                "sparse matrix. Densify it, or leave categorical_features=None.")
        X = check_table(X)
        if categorical_features is not None:
            categorical = resolve_categorical(categorical_features, X, X.shape[1])
        mixed = bool(categorical.size or numeric_scaling != "range" or wide)
    else:
        mixed = False
    if mixed:
        # an object array of the columns as they are: the mixed scaler
        # encodes the categories and converts the numbers
        y, binarize_y = check_target_type(y, indicate_one_vs_all=True)
        check_consistent_length(X, y)
        validate_data(estimator, X=X, y=y, reset=True, skip_check_array=True)
        X = X.to_numpy(dtype=object) if hasattr(X, "iloc") else X
        return X, y, binarize_y, TableRecord(X.dtype, ints, categorical, frame_dtypes)
    _refuse_text(X)
    y, binarize_y = check_target_type(y, indicate_one_vs_all=True)
    X, y = validate_data(estimator, X=X, y=y, reset=True,
                         accept_sparse=["csr", "csc"] if accept_sparse is None else accept_sparse)
    if ints is not None and len(ints) != X.shape[1]:
        ints = None
    return X, y, binarize_y, TableRecord(X.dtype, ints, categorical, frame_dtypes)


def densify(X):
    """Dense copy of a sparse matrix, warning when it is large."""
    cells = X.shape[0] * X.shape[1]
    if cells > SPARSE_WARN_CELLS:
        warnings.warn(
            f"X is sparse; it is densified for the networks ({X.shape[0]} x "
            f"{X.shape[1]} = {cells:,} cells). Reduce the number of features "
            "(e.g. TruncatedSVD) if this does not fit in memory.",
            UserWarning,
            stacklevel=4,
        )
    return X.toarray()


def check_image_shape(image_shape, n_features):
    """Validate ``image_shape`` against the number of features.

    Returns ``None`` for flat data or a ``(channels, height, width)`` tuple.
    """
    if image_shape is None:
        return None
    shape = tuple(image_shape)
    if len(shape) not in (2, 3) or not all(
        isinstance(s, numbers.Integral) and not isinstance(s, bool) and s > 0
        for s in shape
    ):
        raise ValueError(
            "image_shape must be None, (height, width) or (channels, height, "
            f"width) with positive integers; got {image_shape!r}."
        )
    if len(shape) == 2:
        shape = (1, *shape)
    shape = tuple(int(s) for s in shape)
    if math.prod(shape) != n_features:
        raise ValueError(
            f"image_shape={tuple(image_shape)!r} describes {math.prod(shape)} "
            f"values per image but X has {n_features} features. Each row of X "
            "must be one image flattened in (channels, height, width) order."
        )
    return shape


def check_sizes(name, value):
    """A non-empty tuple of positive ints, or a ValueError naming ``name``."""
    values = tuple(value)
    if not values or not all(
        isinstance(v, numbers.Integral) and not isinstance(v, bool) and v > 0 for v in values
    ):
        raise ValueError(
            f"{name} must be a non-empty sequence of positive integers; got {value!r}."
        )
    return tuple(int(v) for v in values)


def network_sizes(hidden_dims, conv_channels, kernel_sizes, *, image_shape, auto_hidden,
                  auto_hidden_images, auto_channels):
    """Validated ``(hidden_dims, conv_channels, kernel_sizes)`` with ``"auto"`` resolved.

    ``auto_hidden`` (flat rows) and ``auto_hidden_images`` are the widths of
    ``hidden_dims="auto"``; ``auto_channels`` the channels of
    ``conv_channels="auto"`` on the fit's device.
    """
    if isinstance(hidden_dims, str) and hidden_dims == "auto":
        hidden_dims = auto_hidden if image_shape is None else auto_hidden_images
    hidden = check_sizes("hidden_dims", hidden_dims)
    if isinstance(conv_channels, str) and conv_channels == "auto":
        conv_channels = auto_channels
    channels = check_sizes("conv_channels", conv_channels)
    kernels = check_sizes("kernel_sizes", kernel_sizes)
    if image_shape is not None and len(channels) != len(kernels):
        raise ValueError(
            f"conv_channels ({len(channels)} layers) and kernel_sizes "
            f"({len(kernels)} layers) must have the same length."
        )
    return hidden, channels, kernels


def plain_label(label):
    """A class label as a plain Python value (``5``, not ``np.int64(5)``)."""
    return label.item() if hasattr(label, "item") else label


def warn_small_classes(name, y, sampling_strategy):
    """Warn when a class to over-sample has fewer than ``MIN_CLASS_ROWS`` rows."""
    labels, counts = np.unique(y, return_counts=True)
    small = {plain_label(label): int(count)
             for label, count in zip(labels, counts)
             if count < MIN_CLASS_ROWS and sampling_strategy.get(label, 0) > 0}
    if small:
        warnings.warn(
            f"{name}: the classes {small} (label: rows) have fewer "
            f"than {MIN_CLASS_ROWS} rows to learn from. A generator cannot learn "
            "a class's spread from so few rows: it can only reproduce them with "
            "small variations (near-copies) or borrow structure from the other "
            "classes, which may put rows in the wrong place. Check the synthetic "
            "rows (imblearn_deep.metrics.synthetic_quality_report) or compare with "
            "RandomOverSampler and a tuned decision threshold.",
            UserWarning, stacklevel=5)


def warn_large_networks(name, n_parameters, image_shape, n_features):
    """Warn before networks of more than ``LARGE_NETWORK_PARAMETERS`` are allocated."""
    if n_parameters > LARGE_NETWORK_PARAMETERS:
        warnings.warn(
            f"{name}: the networks for image_shape={image_shape} and {n_features} features "
            f"have {n_parameters / 1e6:.0f} million parameters (more than "
            f"{LARGE_NETWORK_PARAMETERS / 1e6:.0f} million), about "
            f"{n_parameters * 16 / 2**30:.1f} GiB with Adam's state, and will "
            "train slowly. Elongated images (one side much longer than the "
            "other) keep a large feature map after the convolutions; use a "
            "squarer image_shape, fewer or narrower layers (conv_channels, "
            "hidden_dims), or image_shape=None.", UserWarning, stacklevel=6)


def check_precision(precision, device):
    """A clear error where ``precision="bfloat16"`` cannot run on ``device``."""
    if precision != "bfloat16":
        return
    available = getattr(torch.amp, "is_autocast_available",  # torch >= 2.3
                        lambda kind: kind in ("cpu", "cuda"))
    if not available(device.type):
        raise ValueError(
            f"precision='bfloat16' needs torch's autocast on the device, which this "
            f"torch ({torch.__version__}) lacks for {device.type!r}; use "
            "precision='float32'.")
    if device.type == "cuda" and not torch.cuda.is_bf16_supported():
        raise ValueError(
            f"precision='bfloat16' needs a GPU with bfloat16 support; {device} "
            f"({torch.cuda.get_device_name(device)}) has none. Use precision='float32'.")
