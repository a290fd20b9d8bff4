"""Preprocessing for mixed-type tables, to run before a sampler.

The samplers, like imbalanced-learn's SMOTENC, refuse missing values.
:class:`MixedTypeImputer` fills them in a pipeline step before the sampler,
fitted on the training rows only, and keeps each column's dtype (a pandas
``category`` column stays one, with the same categories), so that
``categorical_features="auto"`` of the samplers and
``HistGradientBoostingClassifier(categorical_features="from_dtype")`` still
see the categorical columns afterwards. scikit-learn's ``SimpleImputer``
returns categorical columns as ``object`` instead.
"""

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

__all__ = ["MixedTypeImputer"]

_NUMERIC_STRATEGIES = ("median", "mean")


def is_categorical(series):
    """Category, object, string or boolean columns: filled with their most frequent value.

    (The samplers' ``categorical_features="auto"`` takes the first three,
    object columns only where they hold a value that is not a number;
    boolean columns stay numeric 0/1 columns there.)
    """
    import pandas as pd

    dtype = series.dtype
    return (isinstance(dtype, pd.CategoricalDtype) or pd.api.types.is_object_dtype(dtype)
            or pd.api.types.is_string_dtype(dtype) or pd.api.types.is_bool_dtype(dtype))


def _most_frequent(series):
    """The most frequent non-missing value; ties go to the smallest (as SimpleImputer)."""
    counts = series.value_counts(dropna=True)
    counts = counts[counts > 0]  # a category's unobserved levels have count 0
    best = list(counts.index[counts == counts.max()])
    try:
        return sorted(best)[0]
    except TypeError:  # values that cannot be ordered: the first of the most frequent
        return best[0]


class MixedTypeImputer(TransformerMixin, BaseEstimator):
    """Fill missing values of a mixed-type table, keeping every column's dtype.

    Numeric columns get their median (or mean) and categorical columns
    (pandas ``category``, ``object``, string and boolean dtypes) their most
    frequent value, both learnt from the rows given to :meth:`fit`. Unlike
    scikit-learn's ``SimpleImputer``, which returns the table as one
    ``object`` array, the result keeps the input's columns and dtypes: a
    ``category`` column stays ``category`` with the same categories, so
    ``categorical_features="auto"`` of a sampler and
    ``HistGradientBoostingClassifier(categorical_features="from_dtype")``
    still see it as categorical.

    Put it in an :class:`imblearn.pipeline.Pipeline` before the sampler: it
    is then fitted on the training rows only, and the test rows are filled
    with the training rows' values.

    Parameters
    ----------
    numeric_strategy : {"median", "mean"}, default="median"
        The value that fills a numeric column.

    Attributes
    ----------
    statistics_ : ndarray of shape (n_features,), dtype object
        The fill value of each column.
    categorical_features_ : ndarray of shape (n_features,), dtype bool
        True for the columns treated as categorical.
    n_features_in_ : int
        Number of columns seen during :meth:`fit`.
    feature_names_in_ : ndarray of shape (n_features,)
        Column names seen during :meth:`fit`, when they are all strings.

    See Also
    --------
    sklearn.impute.SimpleImputer : one strategy for all columns; returns ``object``
        arrays for categorical columns.

    Notes
    -----
    Input that is not a pandas DataFrame is converted with
    ``pandas.DataFrame(X)``; its ``object`` columns are then categorical,
    and the result is returned as a NumPy array. A column with no value in
    the training rows cannot be filled and raises a ValueError that names it.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from imblearn_deep.preprocessing import MixedTypeImputer
    >>> X = pd.DataFrame({"income": [10.0, np.nan, 30.0, 40.0],
    ...                   "home": pd.Categorical(["rent", "own", None, "own"])})
    >>> filled = MixedTypeImputer().fit_transform(X)
    >>> filled
       income  home
    0    10.0  rent
    1    30.0   own
    2    30.0   own
    3    40.0   own
    >>> filled["home"].dtype.name, list(filled["home"].cat.categories)
    ('category', ['own', 'rent'])
    """

    def __init__(self, numeric_strategy="median"):
        self.numeric_strategy = numeric_strategy

    def _frame(self, X):
        import pandas as pd

        if hasattr(X, "tocsr"):
            raise TypeError("MixedTypeImputer takes a dense table (a pandas DataFrame or an "
                            "array), not a sparse matrix.")
        if isinstance(X, pd.DataFrame):
            return X, True
        X = np.asarray(X)
        if X.ndim != 2:
            raise ValueError(f"Expected a 2-D table; got an array of shape {X.shape}.")
        return pd.DataFrame(X), False

    def fit(self, X, y=None):
        """Learn each column's fill value from ``X``.

        Parameters
        ----------
        X : pandas.DataFrame or array-like of shape (n_samples, n_features)
            The table, missing values as NaN or None.
        y : None
            Ignored.

        Returns
        -------
        self : MixedTypeImputer
        """
        if self.numeric_strategy not in _NUMERIC_STRATEGIES:
            raise ValueError(f"numeric_strategy must be one of {_NUMERIC_STRATEGIES}; "
                             f"got {self.numeric_strategy!r}.")
        import pandas as pd

        frame, _ = self._frame(X)
        if frame.shape[0] == 0:
            raise ValueError("X has no rows; there is nothing to learn fill values from.")
        categorical, statistics = [], []
        for name, column in frame.items():
            is_cat = is_categorical(column)
            if not is_cat and not pd.api.types.is_numeric_dtype(column.dtype):
                raise ValueError(f"Column {name!r} has dtype {column.dtype}, neither numeric "
                                 "nor categorical; convert or drop it first.")
            if column.notna().sum() == 0:
                raise ValueError(f"Column {name!r} has no value in the training rows, so "
                                 "there is nothing to fill it with; drop it first.")
            if is_cat:
                value = _most_frequent(column)
            elif self.numeric_strategy == "median":
                value = column.median()
            else:
                value = column.mean()
            categorical.append(is_cat)
            statistics.append(value)
        self.categorical_features_ = np.array(categorical, dtype=bool)
        self.statistics_ = np.empty(len(statistics), dtype=object)
        self.statistics_[:] = statistics
        self.n_features_in_ = frame.shape[1]
        names = np.asarray(frame.columns, dtype=object)
        if all(isinstance(n, str) for n in names):
            self.feature_names_in_ = names
        elif hasattr(self, "feature_names_in_"):
            del self.feature_names_in_
        return self

    def transform(self, X):
        """Fill the missing values of ``X`` with the values learnt by :meth:`fit`.

        Parameters
        ----------
        X : pandas.DataFrame or array-like of shape (n_samples, n_features)
            A table with the columns seen in :meth:`fit`.

        Returns
        -------
        X_filled : pandas.DataFrame or ndarray
            A new table (``X`` is left unchanged) of the same type, columns,
            index and dtypes, without missing values.
        """
        check_is_fitted(self, "statistics_")
        frame, is_frame = self._frame(X)
        if frame.shape[1] != self.n_features_in_:
            raise ValueError(f"X has {frame.shape[1]} columns, but MixedTypeImputer was "
                             f"fitted on {self.n_features_in_}.")
        if hasattr(self, "feature_names_in_") and is_frame and not np.array_equal(
                np.asarray(frame.columns, dtype=object), self.feature_names_in_):
            raise ValueError("X's columns differ from those seen in fit: "
                             f"{list(frame.columns)} against {list(self.feature_names_in_)}.")
        import pandas as pd

        frame = frame.copy()
        for i, (name, value) in enumerate(zip(frame.columns, self.statistics_)):
            column = frame.iloc[:, i]
            if not column.isna().any():
                continue
            if isinstance(column.dtype, pd.CategoricalDtype) and value not in column.cat.categories:
                column = column.cat.add_categories([value])
            frame.isetitem(i, column.fillna(value))
        return frame if is_frame else frame.to_numpy()

    def get_feature_names_out(self, input_features=None):
        """The output columns: those of the input.

        Parameters
        ----------
        input_features : array-like of str, default=None
            Input column names; by default those seen in :meth:`fit`, else
            ``x0``, ``x1``, ...

        Returns
        -------
        feature_names_out : ndarray of str objects
        """
        check_is_fitted(self, "statistics_")
        if input_features is None:
            if hasattr(self, "feature_names_in_"):
                return self.feature_names_in_.copy()
            return np.asarray([f"x{i}" for i in range(self.n_features_in_)], dtype=object)
        input_features = np.asarray(input_features, dtype=object)
        if len(input_features) != self.n_features_in_:
            raise ValueError(f"input_features has {len(input_features)} names, but "
                             f"MixedTypeImputer was fitted on {self.n_features_in_} columns.")
        return input_features
