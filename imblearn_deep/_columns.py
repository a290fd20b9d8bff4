"""The columns of a table: which are integer, text, dates or categorical.

What the samplers read from X before scaling it (:mod:`._tabular`): the
integer and boolean columns (rounded back after generation), the text and
category columns (``categorical_features="auto"``), the date and time
columns (refused with their names), the columns ``categorical_features``
names, and the helpers that read one column of a DataFrame or an array.
"""

import numbers
import warnings

import numpy as np
from sklearn.utils import check_array

#: Integers beyond this magnitude are not all exact in float64 (2**53).
EXACT_FLOAT_INTEGER = 2**53


def integer_columns(X):
    """Boolean mask of the integer and boolean columns of a DataFrame, else None.

    imbalanced-learn turns a DataFrame of mixed dtypes into one float array;
    the mask lets generated values of these columns be rounded before they
    are cast back (otherwise every non-zero value of a bool column would
    become True, and integer columns would be truncated).
    """
    dtypes = getattr(X, "dtypes", None)
    if dtypes is None or not hasattr(dtypes, "__iter__"):
        return None
    return np.array([is_integer_dtype(d) or (_is_object(d) and _holds_whole_numbers(X, j))
                     for j, d in enumerate(dtypes)], dtype=bool)


def _is_object(dtype):
    return isinstance(dtype, np.dtype) and dtype.kind == "O"


def _values(X, j):
    """Column j of X as a 1-D object array."""
    if hasattr(X, "iloc"):
        return X.iloc[:, j].to_numpy(dtype=object)
    return np.asarray(X)[:, j]


def _holds_whole_numbers(X, j):
    """Whether column j holds only integers (Python, numpy) or booleans, missing aside."""
    values = _values(X, j)
    values = values[~is_missing(values)]
    return values.size > 0 and all(
        isinstance(v, (numbers.Integral, np.bool_)) for v in values.tolist())


def _holds_text(values):
    """Whether a DataFrame's object column holds a value that is neither a
    number nor missing.

    Such a column holds categories or text; a column of numbers (Python or
    numpy ints, floats, bools) is numeric, whatever its dtype (object).
    """
    values = values[~is_missing(values)]
    return any(not isinstance(v, (numbers.Real, np.bool_)) for v in values.tolist())


def wide_integer_columns(X):
    """Indices of the DataFrame columns that one float64 array would round.

    Integer columns holding values beyond ``2**53`` in magnitude, in a
    DataFrame whose columns do not all share an integer dtype (scikit-learn's
    check turns it into one float64 array, where such values, original rows
    included, are rounded and next to the int64 maximum wrap round). A
    table with such columns must take the table path (:class:`MixedScaler`
    on an object array), which keeps them exact. Empty for anything else.
    """
    dtypes = getattr(X, "dtypes", None)
    if dtypes is None or not hasattr(dtypes, "__iter__") or not hasattr(X, "iloc"):
        return []
    dtypes = list(dtypes)
    kinds = {np.dtype(getattr(d, "numpy_dtype", d)).str if is_integer_dtype(d) else None
             for d in dtypes}
    if len(kinds) == 1 and None not in kinds:
        return []  # one integer dtype: the array keeps it
    wide = []
    for j, d in enumerate(dtypes):
        if is_integer_dtype(d) and np.dtype(getattr(d, "numpy_dtype", d)).itemsize >= 8:
            column = X.iloc[:, j]
            if len(column) and max(abs(int(column.min())), abs(int(column.max()))) \
                    > EXACT_FLOAT_INTEGER:
                wide.append(j)
    return wide


def is_integer_dtype(dtype):
    """Whether a (numpy or pandas extension) dtype holds integers or booleans.

    Not dates and durations, though numpy's timedelta64 is an integer type.
    """
    try:
        dtype = np.dtype(getattr(dtype, "numpy_dtype", dtype))
    except TypeError:  # e.g. a pandas category or string dtype
        return False
    if dtype.kind in "mM":
        return False
    return np.issubdtype(dtype, np.integer) or dtype == np.bool_


def _is_text_dtype(dtype):
    """Whether a column dtype holds categories or text (pandas category, object, string).

    Object columns are read by their values (:func:`_holds_text`).
    """
    if getattr(dtype, "name", None) == "category" or type(dtype).__name__ == "StringDtype":
        return True
    try:
        return np.dtype(dtype).kind in "OUS"
    except TypeError:
        return False


def names_of(X):
    columns = getattr(X, "columns", None)
    return None if columns is None else list(columns)


def _is_date_dtype(dtype):
    """Whether a column dtype holds dates, times or periods (numpy or pandas)."""
    name = str(dtype)
    return name.startswith(("datetime64", "timedelta64", "period")) or (
        isinstance(dtype, np.dtype) and dtype.kind in "mM")


def check_dates(X, categorical=()):
    """Raise a ValueError naming the date and time columns of X not in ``categorical``.

    The networks generate numbers and categories; a date, time or period
    column is neither until it is encoded (numpy's own error, a
    ``DTypePromotionError``, named no column).
    """
    dtypes = getattr(X, "dtypes", None)
    if dtypes is not None and hasattr(dtypes, "__iter__"):
        dates = [j for j, d in enumerate(dtypes) if _is_date_dtype(d)]
    else:
        dtype = getattr(X, "dtype", None)
        dates = list(range(X.shape[1])) if dtype is not None and _is_date_dtype(dtype) else []
    dates = [j for j in dates if j not in set(np.asarray(categorical).tolist())]
    if dates:
        names = names_of(X)
        shown = [names[j] for j in dates] if names is not None else dates
        raise ValueError(
            f"X has columns of dates or times: {shown[:10]}{' ...' if len(shown) > 10 else ''}. "
            "The samplers generate numbers and categories: convert each to numbers before "
            "the sampler, e.g. days since a date ((X[col] - pd.Timestamp('2000-01-01')) / "
            "pd.Timedelta(days=1)), or durations in hours; or name it in "
            "categorical_features to generate its values as categories.")


def text_columns(X):
    """Indices of the columns of X that hold categories or text, not numbers.

    DataFrame columns of category or string dtype, and of object dtype with
    a value that is neither a number nor missing (an object column of
    numbers only is numeric, as SMOTE takes it); columns of an object array
    with a string.

    Date and time columns raise a ValueError naming them (:func:`check_dates`).
    """
    check_dates(X)
    dtypes = getattr(X, "dtypes", None)
    if dtypes is not None and hasattr(dtypes, "__iter__"):
        return [j for j, d in enumerate(dtypes)
                if _is_text_dtype(d) and (not _is_object(d) or _holds_text(_values(X, j)))]
    X = np.asarray(X) if not hasattr(X, "dtype") else X
    if getattr(X, "dtype", None) is None or X.dtype.kind not in "OUS" or X.ndim != 2:
        return []
    if X.dtype.kind in "US":
        return list(range(X.shape[1]))
    # an object array's column is text where it holds a string; other objects
    # (a dict) are left to scikit-learn's check, whose TypeError names them
    return [j for j in range(X.shape[1])
            if any(isinstance(v, (str, bytes)) for v in X[:, j])]


def resolve_categorical(spec, X, n_features):
    """The sorted indices of the categorical columns that ``spec`` names in X.

    ``spec`` takes SMOTENC's forms: ``"auto"`` (DataFrame columns of
    category, object or string dtype), a list of column indices or names,
    or a boolean mask of length ``n_features``. Every mistake names the
    column at fault.

    A DataFrame column of pandas ``category`` dtype is always categorical:
    one that an explicit list or mask leaves out is added with a warning
    naming it. Treated as a number, its generated values would be cast back
    to the category dtype, where every value between two categories
    becomes NaN. Convert such a column to a numeric dtype to have it
    generated as a number.
    """
    indices = _resolve(spec, X, n_features)
    dtypes = getattr(X, "dtypes", None)
    if isinstance(spec, str) or dtypes is None or not hasattr(dtypes, "__iter__"):
        check_dates(X, indices)
        return indices
    left_out = [j for j, d in enumerate(dtypes)
                if getattr(d, "name", None) == "category" and j not in set(indices.tolist())]
    if left_out:
        names = names_of(X)
        warnings.warn(
            f"categorical_features leaves out the columns {[names[j] for j in left_out]} "
            "of pandas category dtype; they are generated as categories (a number "
            "between two categories would come back as NaN). Convert them to a numeric "
            "dtype, e.g. X[col].astype(float), to generate them as numbers.",
            UserWarning, stacklevel=3)
        indices = np.asarray(sorted({*indices.tolist(), *left_out}), dtype=np.intp)
    check_dates(X, indices)
    return indices


def _resolve(spec, X, n_features):
    """The indices ``spec`` names (see :func:`resolve_categorical`)."""
    names = names_of(X)
    if isinstance(spec, str):
        if spec != "auto":
            raise ValueError(
                f"categorical_features={spec!r} is not understood; use 'auto', a list of "
                "column indices or names, or a boolean mask.")
        if names is None:
            raise ValueError(
                "categorical_features='auto' reads the dtypes of a pandas DataFrame, but X "
                f"is a {type(X).__name__}. Pass the categorical columns' indices or a "
                "boolean mask instead.")
        return np.asarray(text_columns(X), dtype=np.intp)
    values = list(np.asarray(spec, dtype=object).ravel()) if not isinstance(spec, list) \
        else list(spec)
    if values and all(isinstance(v, (bool, np.bool_)) for v in values):
        if len(values) != n_features:
            raise ValueError(
                f"categorical_features is a boolean mask of length {len(values)}, but X "
                f"has {n_features} columns; the mask needs one entry per column.")
        return np.flatnonzero(np.asarray(values, dtype=bool)).astype(np.intp)
    indices = []
    for value in values:
        if isinstance(value, (numbers.Integral, np.integer)) and not isinstance(value, bool):
            j = int(value)
            if not -n_features <= j < n_features:
                raise ValueError(
                    f"categorical_features names column index {j}, but X has {n_features} "
                    f"columns (valid indices: 0 to {n_features - 1}).")
            indices.append(j % n_features)
        elif isinstance(value, str):
            if names is None:
                raise ValueError(
                    f"categorical_features names the column {value!r}, but X has no "
                    "column names (it is not a DataFrame); pass column indices instead.")
            if value not in names:
                raise ValueError(
                    f"categorical_features names the column {value!r}, which X does not "
                    f"have; its columns are {names}.")
            indices.append(names.index(value))
        else:
            raise ValueError(
                f"categorical_features holds {value!r} of type {type(value).__name__}; "
                "use column indices, column names or a boolean mask.")
    return np.asarray(sorted(set(indices)), dtype=np.intp)


def check_table(X, ensure_min_samples=1):
    """X for the mixed-column path: a DataFrame as it is, anything else a 2-D array
    of any dtype (object arrays of text included), without finiteness checks."""
    if hasattr(X, "iloc") and hasattr(X, "dtypes"):
        if X.shape[0] < ensure_min_samples:
            raise ValueError(f"Found array with {X.shape[0]} sample(s) while a minimum of "
                             f"{ensure_min_samples} is required.")
        return X
    return check_array(X, dtype=None, ensure_all_finite=False,
                       ensure_min_samples=ensure_min_samples)


def columns_of(X, indices):
    """The columns ``indices`` of X (DataFrame or array) as a 2-D object or float array."""
    if hasattr(X, "iloc"):
        return X.iloc[:, list(indices)].to_numpy(dtype=object)
    return np.asarray(X)[:, indices]


def is_missing(values):
    """Mask of None / NaN / pandas NA entries of an object array."""
    out = np.zeros(values.shape, dtype=bool)
    for i, v in enumerate(values):
        if v is None:
            out[i] = True
        else:
            try:
                out[i] = bool(v != v)  # NaN, NaT, pd.NA raises
            except TypeError:
                out[i] = True
    return out


def is_number(value):
    """Whether one value converts to a float."""
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def categories_of(values):
    """The distinct values of one column, sorted when they compare, else in order seen."""
    distinct = list(dict.fromkeys(values.tolist()))
    try:
        return sorted(distinct)
    except TypeError:
        return distinct
