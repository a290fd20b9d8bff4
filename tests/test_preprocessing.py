"""MixedTypeImputer: fills missing values and keeps every column's dtype."""

import numpy as np
import pytest
from sklearn.base import clone

from imblearn_deep.preprocessing import MixedTypeImputer

pd = pytest.importorskip("pandas")


def _table():
    return pd.DataFrame({
        "age": [30, 40, 50, 60, 70],  # int64, nothing missing
        "income": [1.0, np.nan, 3.0, 10.0, np.nan],
        "home": pd.Categorical(["rent", None, "own", "own", "priv"],
                               categories=["other", "own", "priv", "rent"]),
        "job": ["fixed", "free", None, "free", "fixed"],  # object (str in pandas 3)
    }, index=[10, 11, 12, 13, 14])


def test_fills_median_and_most_frequent_and_keeps_the_dtypes():
    X = _table()
    before = X.copy()
    out = MixedTypeImputer().fit_transform(X)
    pd.testing.assert_frame_equal(X, before)  # the caller's table is left alone
    assert list(out.columns) == list(X.columns) and list(out.index) == list(X.index)
    assert out["income"].tolist() == [1.0, 3.0, 3.0, 10.0, 3.0]  # the median of 1, 3, 10
    assert out["home"].tolist() == ["rent", "own", "own", "own", "priv"]
    # the same categorical dtype, unobserved "other" included
    assert out["home"].dtype == X["home"].dtype
    assert out["age"].dtype == np.int64 and out["job"].dtype == X["job"].dtype
    assert out["job"].tolist() == ["fixed", "free", "fixed", "free", "fixed"]  # tie: smallest
    assert out.notna().all().all()
    assert MixedTypeImputer().fit(X).categorical_features_.tolist() == [False, False, True, True]


def test_test_rows_get_the_training_rows_values():
    X = _table()
    imputer = MixedTypeImputer(numeric_strategy="mean").fit(X.iloc[:4])
    test = pd.DataFrame({"age": [1], "income": [np.nan],
                         "home": pd.Categorical([None], categories=X["home"].cat.categories),
                         "job": [None]}).astype({"job": X["job"].dtype})
    out = imputer.transform(test)
    assert out["income"].iloc[0] == pytest.approx((1 + 3 + 10) / 3)
    assert out["home"].iloc[0] == "own" and out["home"].dtype == X["home"].dtype
    assert imputer.statistics_.tolist() == [45.0, pytest.approx(14 / 3), "own", "free"]


def test_hist_gradient_boosting_still_sees_the_categories():
    from sklearn.ensemble import HistGradientBoostingClassifier
    from imblearn.pipeline import make_pipeline

    rng = np.random.RandomState(0)
    home = rng.choice(["own", "rent", "priv"], 200)
    X = pd.DataFrame({"x": rng.randn(200), "home": pd.Categorical(home)})
    X.loc[::7, "home"] = np.nan
    y = (home == "rent").astype(int)
    pipe = make_pipeline(MixedTypeImputer(), HistGradientBoostingClassifier(
        categorical_features="from_dtype", max_iter=5)).fit(X, y)
    assert pipe[-1].is_categorical_.tolist() == [False, True]


def test_arrays_in_arrays_out():
    X = np.array([[1.0, np.nan], [np.nan, 2.0], [3.0, 4.0]])
    out = MixedTypeImputer().fit_transform(X)
    assert isinstance(out, np.ndarray)
    np.testing.assert_array_equal(out, [[1.0, 3.0], [2.0, 2.0], [3.0, 4.0]])
    imputer = MixedTypeImputer().fit(X)
    assert imputer.get_feature_names_out().tolist() == ["x0", "x1"]
    assert not hasattr(imputer, "feature_names_in_")


def test_errors_name_the_problem():
    X = _table()
    with pytest.raises(ValueError, match="numeric_strategy must be one of"):
        MixedTypeImputer(numeric_strategy="mode").fit(X)
    with pytest.raises(ValueError, match="Column 'income' has no value"):
        MixedTypeImputer().fit(X.assign(income=np.nan))
    with pytest.raises(ValueError, match="Column 'when' has dtype datetime64"):
        MixedTypeImputer().fit(X.assign(when=pd.Timestamp("2020-01-01")))
    imputer = MixedTypeImputer().fit(X)
    with pytest.raises(ValueError, match="X has 3 columns, but MixedTypeImputer was fitted on 4"):
        imputer.transform(X.iloc[:, :3])
    with pytest.raises(ValueError, match="columns differ"):
        imputer.transform(X[["income", "age", "home", "job"]])
    assert imputer.get_feature_names_out().tolist() == list(X.columns)
    assert clone(imputer).get_params() == {"numeric_strategy": "median"}
