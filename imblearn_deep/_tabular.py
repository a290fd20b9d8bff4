"""Table columns <-> the networks' space ``[-1, 1]``.

Two scalers with one interface (``fit``, ``transform``, ``inverse_transform``,
``n_output_``):

- :class:`RangeScaler`, for numeric rows and images: an affine map of each
  feature's training range (one shared range for images) onto ``[-1, 1]``;
- :class:`MixedScaler`, for tables with categorical columns (or numeric
  columns scaled by their quantiles): numeric columns first, then one block
  per categorical column holding its one-hot code.

A one-hot block holds ``+CATEGORY_SCALE`` at the row's category and
``-CATEGORY_SCALE`` elsewhere, with ``CATEGORY_SCALE = 1 / sqrt(2)``, so that
two rows of different categories are as far apart (squared Euclidean
distance 4) as two rows at opposite ends of one numeric column's range. Every
distance computed in this space (candidate selection, the near-copy test,
DVAAN's latent neighbours) is then a Gower-like distance: each column,
numeric or categorical, contributes at most 4.

Generators emit one softmax per block (:class:`~._networks.MixedOutput`);
:func:`harden` turns each block into an exact one-hot code before rows leave
the model, so a generated row holds only categories seen in training.
"""

import math
import warnings

import numpy as np
import torch

from ._columns import (
    EXACT_FLOAT_INTEGER,
    categories_of,
    columns_of,
    is_missing,
    is_number,
    names_of,
)

#: The value of a one-hot block's active entry (the others are its negative).
CATEGORY_SCALE = 1.0 / math.sqrt(2.0)

#: Categories of one column above which :class:`MixedScaler` warns (an
#: identifier or free text, whose dense one-hot code costs rows x categories).
MANY_CATEGORIES = 100

#: Numeric scalings of :class:`MixedScaler` (``numeric_scaling``).
NUMERIC_SCALINGS = ("range", "quantile")



def exact_bounds(values):
    """Exact minimum and maximum of an integer column, as Python ints.

    ``values`` is a numpy integer array or an object array of whole numbers
    (Python or numpy ints, bools, whole floats).
    """
    if values.dtype.kind in "iub":
        return int(values.min()), int(values.max())
    ints = [int(v) for v in values.tolist()]
    return min(ints), max(ints)


def whole_numbers(values, low, high):
    """Float values as whole numbers in ``[low, high]``, exactly.

    ``low`` and ``high`` are the column's exact training bounds (Python
    ints). Rounding and clipping happen in the integer domain, so a
    constant column comes back as its exact value however large, and a
    value next to the int64 maximum (which float64 rounds up to 2**63)
    cannot wrap round to the minimum. Returns an object array of Python ints.
    """
    out = np.empty(len(values), dtype=object)
    if max(abs(low), abs(high)) <= EXACT_FLOAT_INTEGER:
        out[:] = np.clip(np.rint(values), low, high).astype(np.int64).tolist()
        return out
    out[:] = [low if low == high else min(max(int(v), low), high)
              for v in np.rint(values).tolist()]
    return out


class RangeScaler:
    """Affine map of the training range onto ``[-1, 1]`` and back.

    Flat data are scaled per feature; images share one range over all
    pixels, so that an image's contrast is kept. Constant features map to 0.
    Synthetic values stay inside the observed range because the generators
    end in ``tanh``; integer features are rounded back to integers.

    Columns flagged in ``integer_columns`` (or all columns of integer or
    boolean arrays) are rounded and clipped back to their range, so boolean
    and integer columns of a DataFrame come back as 0/1 and whole numbers.

    Transforming never builds a float64 copy of the whole data set: blocks of
    rows are converted to float64, shifted by the column minimum and scaled,
    then stored as float32, so a column such as ``1.7e9 + U(0, 1000)`` keeps
    its resolution.
    """

    def __init__(self, per_feature=True, integer_columns=None):
        self.per_feature = per_feature
        self.integer_columns = integer_columns

    def fit(self, X):
        if self.per_feature:
            self.min_ = X.min(axis=0).astype(np.float64)
            self.max_ = X.max(axis=0).astype(np.float64)
        else:
            self.min_ = np.full(X.shape[1], float(X.min()))
            self.max_ = np.full(X.shape[1], float(X.max()))
        span = self.max_ - self.min_
        self.scale_ = np.where(span > 0, 2.0 / np.where(span > 0, span, 1.0), 0.0)
        # exact bounds of integer arrays beyond float64's exact integers
        self.bounds_ = None
        if getattr(X, "dtype", np.dtype(float)).kind in "iu" and X.size and (
                np.abs(self.min_).max() > EXACT_FLOAT_INTEGER
                or np.abs(self.max_).max() > EXACT_FLOAT_INTEGER):
            if self.per_feature:
                self.bounds_ = [exact_bounds(X[:, j]) for j in range(X.shape[1])]
            else:
                self.bounds_ = [exact_bounds(X.ravel())] * X.shape[1]
        return self

    @property
    def n_output_(self):
        """Width of the scaled rows (the networks' input and output)."""
        return self.min_.shape[0]

    def transform(self, X, block=65536):
        out = np.empty(X.shape, dtype=np.float32)
        constant = self.scale_ == 0
        with np.errstate(over="ignore", invalid="ignore"):
            for start in range(0, X.shape[0], block):
                rows = X[start:start + block].astype(np.float64)
                scaled = (rows - self.min_) * self.scale_ - 1.0
                # constant features (scale 0) map to 0, the middle of [-1, 1]
                scaled[:, constant] = 0.0
                out[start:start + block] = scaled
        return out

    def inverse_transform(self, Z, dtype):
        span = self.max_ - self.min_
        # clipped: rows built from real rows (interpolation) can reach the
        # edge of [-1, 1], where float32 rounding would step outside the range
        X = np.clip((Z.astype(np.float64) + 1.0) * 0.5 * span + self.min_, self.min_, self.max_)
        if getattr(self, "bounds_", None) is not None and np.issubdtype(dtype, np.integer):
            # integers beyond 2**53: rounded and clipped in the integer domain
            out = np.empty(X.shape, dtype=dtype)
            for j, (low, high) in enumerate(self.bounds_):
                out[:, j] = whole_numbers(X[:, j], low, high)
            return out
        if np.issubdtype(dtype, np.integer) or dtype == np.bool_:
            X = np.clip(np.rint(X), self.min_, self.max_)
        elif self.integer_columns is not None and self.integer_columns.any():
            cols = self.integer_columns
            X[:, cols] = np.clip(np.rint(X[:, cols]), self.min_[cols], self.max_[cols])
        return X.astype(dtype, copy=False)


class MixedScaler:
    """Numeric and categorical columns <-> rows of the networks' space.

    The scaled row holds the numeric columns first (in their order in X),
    scaled to ``[-1, 1]``, then one one-hot block of ``+-CATEGORY_SCALE``
    per categorical column. ``inverse_transform`` puts every column back in
    its place, categories as the values seen in training.

    Parameters
    ----------
    categorical : ndarray of int
        Indices of the categorical columns of X.
    numeric_scaling : {"range", "quantile"}
        ``"range"``: the training range onto ``[-1, 1]`` (as
        :class:`RangeScaler`); ``"quantile"``: each value's training quantile
        ``u`` onto ``2u - 1``, so skewed and heavy-tailed columns spread
        evenly over the range, and back by the inverse quantile function.
    integer_columns : ndarray of bool or None
        Numeric columns to round back to whole numbers (integer dtypes). A
        numeric column whose training values are all whole numbers is
        rounded too.
    """

    def __init__(self, categorical, numeric_scaling="range", integer_columns=None,
                 column_names=None):
        self.categorical = categorical
        self.numeric_scaling = numeric_scaling
        self.integer_columns = integer_columns
        self.column_names = column_names

    def _describe(self, X, j):
        names = names_of(X)
        if names is None and self.column_names is not None:
            names = list(self.column_names)
        return f"column {names[j]!r} (index {j})" if names is not None else f"column {j}"

    def fit(self, X):
        n_features = X.shape[1]
        self.n_features_in_ = n_features
        self.categorical_ = np.asarray(self.categorical, dtype=np.intp)
        self.numeric_ = np.setdiff1d(np.arange(n_features), self.categorical_)
        numeric = self._numeric(X)
        whole = np.all(numeric == np.round(numeric), axis=0) if numeric.size else \
            np.zeros(numeric.shape[1], dtype=bool)
        given = (np.zeros(n_features, dtype=bool) if self.integer_columns is None
                 else np.asarray(self.integer_columns, dtype=bool))
        self.integer_ = given[self.numeric_] | whole
        # columns of booleans only (bool, nullable boolean): generated as bools,
        # not as the ints 0 and 1 that pandas' boolean dtype refuses
        values = columns_of(X, self.numeric_)
        zero_one = self.integer_ & np.all((numeric == 0) | (numeric == 1), axis=0)
        self.boolean_ = np.array([
            zero_one[k] and (values.dtype == np.bool_ or (values.dtype == object and all(
                isinstance(v, (bool, np.bool_)) for v in values[:, k].tolist())))
            for k in range(self.numeric_.size)], dtype=bool)
        self.integer_ |= self.boolean_
        # exact bounds (Python ints) of the integer columns, for whole_numbers
        self.bounds_ = [None] * self.numeric_.size
        for k in np.flatnonzero(self.integer_):
            low, high = numeric[:, k].min(), numeric[:, k].max()
            if max(abs(low), abs(high)) > EXACT_FLOAT_INTEGER:
                self.bounds_[k] = exact_bounds(values[:, k])
            else:
                self.bounds_[k] = (int(low), int(high))
        self.range_ = RangeScaler(per_feature=True, integer_columns=self.integer_)
        if self.numeric_.size:
            self.range_.fit(numeric)
        else:
            self.range_.fit(np.zeros((1, 0)))
        self.quantiles_ = None
        if self.numeric_scaling == "quantile" and self.numeric_.size:
            from sklearn.preprocessing import QuantileTransformer

            self.quantiles_ = QuantileTransformer(
                n_quantiles=min(1000, numeric.shape[0]), subsample=None,
                output_distribution="uniform").fit(numeric)
        self.categories_ = []
        for j in self.categorical_:
            values = columns_of(X, [j])[:, 0]
            self._check_missing(X, j, values)
            self.categories_.append(categories_of(values))
        sizes = [len(c) for c in self.categories_]
        self._warn_manycategories_of(X, sizes)
        starts = self.numeric_.size + np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(int)
        #: (start, stop) of each categorical block in the scaled row
        self.blocks_ = [(int(s), int(s + n)) for s, n in zip(starts, sizes)]
        self.n_output_ = self.numeric_.size + int(sum(sizes))
        return self

    def _warn_manycategories_of(self, X, sizes):
        """Warn of categorical columns with more than MANY_CATEGORIES categories."""
        many = [(self._describe(X, j), n) for j, n in zip(self.categorical_, sizes)
                if n > MANY_CATEGORIES]
        if not many:
            return
        width = self.numeric_.size + sum(sizes)
        warnings.warn(
            f"The categorical {', '.join(f'{what} has {n} categories' for what, n in many)}"
            f" (more than {MANY_CATEGORIES}): each category is one entry of a dense "
            f"one-hot row ({width} entries, {X.shape[0] * width * 4 / 2**20:.1f} MiB for "
            f"the {X.shape[0]} rows), and the networks grow with it. An identifier or "
            "free text carries no class information; drop it, or group rare categories "
            "(e.g. sklearn.preprocessing.OneHotEncoder(max_categories=...) or a "
            "mapping to 'other') before the sampler.",
            UserWarning, stacklevel=2)

    def _bounds(self, k):
        """Exact bounds of numeric column k (models fitted before they were kept:
        the float range)."""
        bounds = getattr(self, "bounds_", None)
        if bounds is not None and bounds[k] is not None:
            return bounds[k]
        return int(self.range_.min_[k]), int(self.range_.max_[k])

    def _check_missing(self, X, j, values):
        missing = is_missing(values)
        if missing.any():
            raise ValueError(
                f"The categorical {self._describe(X, j)} holds {int(missing.sum())} missing "
                "values (NaN or None). Impute them before the sampler, e.g. with "
                "sklearn.impute.SimpleImputer(strategy='most_frequent') in the "
                "pipeline, or encode 'missing' as a category of its own.")

    def _numeric(self, X):
        """The numeric columns as float64, every non-number named."""
        values = columns_of(X, self.numeric_)
        try:
            numeric = np.asarray(values, dtype=np.float64)
        except (TypeError, ValueError):
            numeric = np.empty(values.shape, dtype=np.float64)
            for k, j in enumerate(self.numeric_):
                column = values[:, k]
                # pandas' NA (nullable Int64, Float64, boolean columns) is missing, not text
                column = np.where(is_missing(column), np.nan, column)
                try:
                    numeric[:, k] = np.asarray(column, dtype=np.float64)
                except (TypeError, ValueError):
                    bad = next(v for v in column.tolist() if not is_number(v))
                    raise ValueError(
                        f"The numeric {self._describe(X, j)} holds values that are not numbers "
                        f"(e.g. {bad!r}). Add it to categorical_features if "
                        "it is categorical.") from None
        bad = ~np.isfinite(numeric).all(axis=0)
        if bad.any():
            j = self.numeric_[np.flatnonzero(bad)[0]]
            raise ValueError(
                f"The numeric {self._describe(X, j)} holds NaN or infinite values. Impute them "
                "before the sampler, e.g. with sklearn.impute.SimpleImputer in the pipeline.")
        return numeric

    def transform(self, X):
        """Scaled float32 rows; a category unseen in training gets an all-negative block.

        Missing values (NaN, None, pandas NA) raise, as in ``fit``.
        """
        out = np.full((X.shape[0], self.n_output_), -CATEGORY_SCALE, dtype=np.float32)
        n_num = self.numeric_.size
        if n_num:
            numeric = self._numeric(X)
            if self.quantiles_ is not None:
                out[:, :n_num] = 2.0 * self.quantiles_.transform(numeric) - 1.0
            else:
                out[:, :n_num] = self.range_.transform(numeric)
        for j, categories, (start, _) in zip(self.categorical_, self.categories_, self.blocks_):
            lookup = {value: k for k, value in enumerate(categories)}
            values = columns_of(X, [j])[:, 0]
            codes = np.array([lookup.get(v, -1) for v in values.tolist()], dtype=np.intp)
            # unseen categories are allowed; missing values are not, as in fit
            self._check_missing(X, j, values[codes < 0])
            rows = np.flatnonzero(codes >= 0)
            out[rows, start + codes[rows]] = CATEGORY_SCALE
        return out

    def inverse_transform(self, Z, dtype):
        """Rows in input space, of ``dtype`` (object for text categories)."""
        out = np.empty((Z.shape[0], self.n_features_in_), dtype=dtype)
        n_num = self.numeric_.size
        if n_num:
            Z_num = Z[:, :n_num].astype(np.float64)
            if self.quantiles_ is not None:
                numeric = self.quantiles_.inverse_transform(np.clip((Z_num + 1.0) / 2.0, 0, 1))
                numeric = np.clip(numeric, self.range_.min_, self.range_.max_)
                cols = self.integer_
                numeric[:, cols] = np.rint(numeric[:, cols])
            else:
                numeric = self.range_.inverse_transform(Z_num, np.float64)
            if np.dtype(dtype) == object and self.integer_.any():
                # whole-number columns as Python ints in an object array (what
                # generate returns for a DataFrame), not floats such as 3.0,
                # exact and in range beyond 2**53; boolean columns as bools
                whole = numeric.astype(object)
                for k in np.flatnonzero(self.integer_):
                    whole[:, k] = whole_numbers(numeric[:, k], *self._bounds(k))
                boolean = getattr(self, "boolean_", np.zeros(n_num, dtype=bool))
                if boolean.any():
                    whole[:, boolean] = numeric[:, boolean].astype(bool).astype(object)
                numeric = whole
            out[:, self.numeric_] = numeric
        for j, categories, (start, stop) in zip(self.categorical_, self.categories_,
                                                self.blocks_):
            picks = np.asarray(Z[:, start:stop]).argmax(axis=1)
            values = np.empty(len(categories), dtype=object)
            values[:] = categories
            out[:, j] = values[picks]
        return out


def harden(Z, blocks, generator):
    """Turn each categorical block of scaled rows Z into an exact one-hot code.

    A block's values ``v`` are read as category probabilities
    ``p = max(0, (v / CATEGORY_SCALE + 1) / 2)``, normalised (a generator's
    softmax gives them exactly; an interpolated row, a real row's one-hot
    code moved by a decoded difference, gives them up to clipping), and the
    category is drawn from ``p`` with ``generator``. Numeric columns are
    left as they are. Returns a new tensor.
    """
    if not blocks:
        return Z
    Z = Z.clone()
    for start, stop in blocks:
        p = ((Z[:, start:stop] / CATEGORY_SCALE + 1.0) / 2.0).clamp_min(0.0)
        total = p.sum(dim=1, keepdim=True)
        # an all-zero block (cannot come from a softmax) falls back to uniform
        p = torch.where(total > 0, p / total.clamp_min(1e-12), torch.full_like(p, 1.0))
        chosen = torch.multinomial(p, 1, generator=generator).squeeze(1)
        block = torch.full_like(p, -CATEGORY_SCALE)
        block.scatter_(1, chosen[:, None], CATEGORY_SCALE)
        Z[:, start:stop] = block
    return Z
