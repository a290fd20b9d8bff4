"""Mixed-type tables: categorical_features and numeric_scaling (issue 14)."""

import numbers
import pickle
import warnings

import numpy as np
import pytest
import torch
from imblearn.pipeline import make_pipeline
from sklearn.base import clone
from sklearn.compose import make_column_transformer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import OneHotEncoder

from imblearn_deep import DVAANClassifier, DVAANSampler
from imblearn_deep._networks import MixedOutput
from imblearn_deep._columns import resolve_categorical
from imblearn_deep._tabular import CATEGORY_SCALE, MixedScaler, harden

from conftest import make_tiny

pd = pytest.importorskip("pandas")


def mixed_frame(n=240, n_minority=40, seed=0):
    """A table of every column kind, the minority all 'z' in column ``cat``."""
    rng = np.random.default_rng(seed)
    y = np.r_[np.zeros(n - n_minority, dtype=int), np.ones(n_minority, dtype=int)]
    cat = np.where(y == 1, "z", rng.choice(["x", "y"], n))
    X = pd.DataFrame({
        "num": rng.normal(size=n) + 2 * y,
        # 'w' is a category of the dtype that never occurs
        "cat": pd.Categorical(cat, categories=["w", "x", "y", "z"]),
        "count": rng.integers(0, 6, n),
        "text": rng.choice(["p", "q", "r"], n).astype(object),
        "flag": rng.random(n) > 0.5,
        "whole": rng.integers(18, 70, n).astype(float),  # integer-valued floats
    })
    return X, y


def fit(sampler_cls, X, y, **params):
    sampler = make_tiny(sampler_cls, categorical_features="auto", random_state=0, **params)
    return sampler, *sampler.fit_resample(X, y)


def test_rows_come_back_with_the_input_columns_and_dtypes(sampler_cls):
    X, y = mixed_frame()
    before = X.copy(deep=True)
    sampler, X_res, y_res = fit(sampler_cls, X, y)
    pd.testing.assert_frame_equal(X, before)  # the caller's frame is untouched
    assert isinstance(X_res, pd.DataFrame) and list(X_res.columns) == list(X.columns)
    assert (X_res.dtypes == X.dtypes).all()
    assert X_res["cat"].cat.categories.tolist() == ["w", "x", "y", "z"]
    pd.testing.assert_frame_equal(X_res.iloc[:len(X)].reset_index(drop=True),
                                  X.reset_index(drop=True))
    new = X_res.iloc[len(X):]
    assert len(new) == (y == 0).sum() - (y == 1).sum() and (y_res[len(X):] == 1).all()
    np.testing.assert_array_equal(sampler.categorical_features_, [1, 3])
    # numeric columns stay in their range; whole-number columns stay whole
    assert new["num"].between(X["num"].min(), X["num"].max()).all()
    assert (new["whole"] == np.round(new["whole"])).all()
    assert new["count"].between(0, 5).all() and new["flag"].dtype == bool


@pytest.mark.parametrize("params", [
    {}, {"selection": "faithful"}, {"sample_from": "prior"}, {"sample_from": "boundary"},
], ids=["default", "faithful", "prior", "boundary"])
def test_generated_rows_hold_only_categories_seen_in_training(sampler_cls, params):
    if params.get("sample_from") == "boundary" and sampler_cls is not DVAANSampler:
        pytest.skip("boundary samples are DVAAN's")
    X, y = mixed_frame()
    _, X_res, _ = fit(sampler_cls, X, y, **params)
    new = X_res.iloc[len(X):]
    assert set(new["cat"]) <= {"x", "y", "z"}  # never the unused category 'w'
    assert set(new["text"]) <= {"p", "q", "r"}
    assert new["cat"].notna().all() and new["text"].notna().all()


def test_boundary_rows_are_judged_with_their_drawn_categories():
    # sample_from="boundary" keeps the rows the discriminator assigns to the
    # class: it must judge them with the category drawn for each block, not
    # with the decoder's soft distribution (which left ~5% of them rejected)
    X, y = mixed_frame()
    X = X[["num", "cat", "text"]]  # no integer column rounded on the way out
    sampler, X_res, _ = fit(DVAANSampler, X, y, sample_from="boundary", max_epochs=5)
    assert sampler.n_fallback_ == {1: 0}
    scores = sampler._forward_rows(X_res.iloc[len(X):],
                                   lambda rows: sampler.discriminator_(rows).classes, 2)
    assert (scores.argmax(axis=1) == 1).all()


def test_categories_follow_the_class(sampler_cls):
    # every minority row is 'z' and no majority row is: the generator must
    # learn it (a category picked at random would give 'z' to about a third)
    X, y = mixed_frame(n=400, n_minority=80)
    _, X_res, _ = fit(sampler_cls, X, y, max_epochs=40, hidden_dims=(32,))
    share = (X_res["cat"].iloc[len(X):] == "z").mean()
    assert share > 0.8, share


def test_the_same_random_state_gives_the_same_rows(sampler_cls):
    X, y = mixed_frame()
    _, first, _ = fit(sampler_cls, X, y)
    _, second, _ = fit(sampler_cls, X, y)
    pd.testing.assert_frame_equal(first, second)


def test_object_arrays_with_column_indices(sampler_cls):
    X, y = mixed_frame()
    X_obj = X[["num", "text", "count"]].to_numpy(dtype=object)
    sampler = make_tiny(sampler_cls, categorical_features=[1], random_state=0)
    X_res, _ = sampler.fit_resample(X_obj, y)
    assert isinstance(X_res, np.ndarray) and X_res.dtype == object
    assert set(X_res[len(X):, 1]) <= {"p", "q", "r"}
    # a boolean mask names the same column
    mask = make_tiny(sampler_cls, categorical_features=[False, True, False], random_state=0)
    np.testing.assert_array_equal(mask.fit_resample(X_obj, y)[0], X_res)


def test_all_categorical_tables(sampler_cls):
    # what SMOTEN covers: no numeric column at all
    rng = np.random.default_rng(0)
    y = np.r_[np.zeros(120, dtype=int), np.ones(30, dtype=int)]
    X = np.column_stack([rng.choice(["a", "b", "c"], 150), rng.choice(["u", "v"], 150)])
    sampler = make_tiny(sampler_cls, categorical_features=[0, 1], random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert X_res.shape == (240, 2) and set(X_res[150:, 0]) <= {"a", "b", "c"}
    assert set(X_res[150:, 1]) <= {"u", "v"}


def test_generate_and_pickle(sampler_cls):
    X, y = mixed_frame()
    sampler, _, _ = fit(sampler_cls, X, y)
    rows = sampler.generate(1, 30, random_state=3)
    # a frame of the training columns and dtypes, as fit_resample returns
    assert rows.shape == (30, 6) and set(rows["cat"]) <= {"x", "y", "z"}
    assert rows.dtypes.to_dict() == X.dtypes.to_dict()
    # whole-number columns (int, bool, integer-valued floats) hold whole numbers
    assert (rows["whole"] == rows["whole"].round()).all()
    again = pickle.loads(pickle.dumps(sampler)).generate(1, 30, random_state=3)
    pd.testing.assert_frame_equal(again, rows)


def test_pipeline_and_clone(sampler_cls):
    X, y = mixed_frame()
    encode = make_column_transformer((OneHotEncoder(handle_unknown="ignore"), ["cat", "text"]),
                                     remainder="passthrough")
    pipe = make_pipeline(make_tiny(sampler_cls, categorical_features=["cat", "text"],
                                   random_state=0), encode, LogisticRegression(max_iter=500))
    proba = clone(pipe).fit(X, y).predict_proba(X)
    assert proba.shape == (len(X), 2) and np.isfinite(proba).all()


def test_dvaan_classifier_reads_mixed_rows():
    # the discriminator scores new mixed rows (scaled like the training rows)
    X, y = mixed_frame()
    clf = DVAANClassifier(make_tiny(DVAANSampler, categorical_features="auto",
                                    random_state=0)).fit(X, y)
    proba = clf.predict_proba(X.iloc[:7])
    assert proba.shape == (7, 2) and np.allclose(proba.sum(axis=1), 1, atol=1e-5)


def test_new_rows_with_missing_categories_raise_as_in_fit():
    # an unseen category is scored (all-negative block), but a missing one is
    # not silently taken for an unseen category: it raises, as a numeric NaN does
    X, y = mixed_frame()
    clf = DVAANClassifier(make_tiny(DVAANSampler, categorical_features="auto",
                                    random_state=0)).fit(X, y)
    rows = X.iloc[:4].copy()
    rows["text"] = "unseen"
    assert clf.predict_proba(rows).shape == (4, 2)
    for missing in (None, np.nan):
        rows = X.iloc[:4].copy()
        rows.loc[rows.index[1], "text"] = missing
        with pytest.raises(ValueError, match=r"categorical column 'text' \(index 3\) holds 1 "
                                             "missing"):
            clf.predict_proba(rows)


def test_selection_judges_mixed_rows(sampler_cls):
    X, y = mixed_frame()
    sampler, _, _ = fit(sampler_cls, X, y, selection="faithful")
    report = sampler.selection_report_[1]
    assert report["n_kept"] == (y == 0).sum() - (y == 1).sum()
    assert report["vote_kept"] >= report["vote_candidates"]


@pytest.mark.parametrize("spec, X_kind, message", [
    (["nope"], "frame", r"column 'nope', which X does not have"),
    ([9], "frame", r"column index 9, but X has 6 columns"),
    ([True, False], "frame", r"boolean mask of length 2, but X has 6 columns"),
    ("auto", "array", r"'auto' reads the dtypes of a pandas DataFrame"),
    (["cat"], "array", r"names the column 'cat', but X has no column names"),
    ([1.5], "frame", r"holds 1.5 of type float"),
])
def test_bad_categorical_features_name_the_problem(sampler_cls, spec, X_kind, message):
    X, y = mixed_frame()
    if X_kind == "array":
        X = X.to_numpy(dtype=object)
    with pytest.raises(ValueError, match=message):
        make_tiny(sampler_cls, categorical_features=spec).fit_resample(X, y)


def test_missing_categories_name_the_column(sampler_cls):
    X, y = mixed_frame()
    X.loc[3, "text"] = np.nan
    with pytest.raises(ValueError, match=r"categorical column 'text' \(index 3\) holds 1 "
                                         r"missing.*SimpleImputer"):
        make_tiny(sampler_cls, categorical_features="auto").fit_resample(X, y)
    X, y = mixed_frame()
    X.loc[5, "num"] = np.nan
    with pytest.raises(ValueError, match=r"numeric column 'num' \(index 0\) holds NaN"):
        make_tiny(sampler_cls, categorical_features="auto").fit_resample(X, y)


@pytest.mark.parametrize("dtype", ["Int64", "Float64", "boolean"])
def test_pandas_na_in_a_nullable_numeric_column_is_reported_as_missing(sampler_cls, dtype):
    # pd.NA is a missing value, not text: the message says so and names the column
    X, y = mixed_frame()
    X["count"] = pd.array(X["count"] % 2 if dtype == "boolean" else X["count"], dtype=dtype)
    X.loc[4, "count"] = pd.NA
    with pytest.raises(ValueError, match=r"numeric column 'count' \(index 2\) holds NaN"):
        make_tiny(sampler_cls, categorical_features="auto").fit_resample(X, y)
    # a text value among numbers is named itself, not the column's first value
    X, y = mixed_frame()
    X["count"] = X["count"].astype(object)
    X.loc[7, "count"] = "five"
    with pytest.raises(ValueError, match=r"numeric column 'count' \(index 2\) holds values "
                                         r"that are not numbers \(e.g. 'five'\)"):
        make_tiny(sampler_cls, categorical_features=["cat", "text"]).fit_resample(X, y)


def test_text_columns_need_categorical_features(sampler_cls):
    X, y = mixed_frame()
    with pytest.raises(ValueError, match=r"\['cat', 'text'\]. Set categorical_features='auto'"):
        make_tiny(sampler_cls).fit_resample(X, y)
    # a numeric column holding text, when other columns are declared categorical
    with pytest.raises(ValueError, match=r"numeric column 'text' \(index 3\) holds values "
                                         "that are not numbers"):
        make_tiny(sampler_cls, categorical_features=["cat"]).fit_resample(X, y)


def test_dvaan_classifier_names_text_columns_without_categorical_features():
    # the classifier gives the sampler's message, not numpy's "Cannot cast object dtype"
    X, y = mixed_frame()
    with pytest.raises(ValueError, match=r"\['cat', 'text'\]. Set categorical_features='auto'"):
        DVAANClassifier(make_tiny(DVAANSampler)).fit(X, y)


def test_categorical_features_apply_to_tables_only(sampler_cls):
    rng = np.random.default_rng(0)
    X, y = rng.random((60, 16)), np.r_[np.zeros(45, dtype=int), np.ones(15, dtype=int)]
    with pytest.raises(ValueError, match="applies to tables, but image_shape"):
        make_tiny(sampler_cls, image_shape=(4, 4), categorical_features=[0]).fit_resample(X, y)
    with pytest.raises(ValueError, match="needs dense X"):
        from scipy import sparse

        make_tiny(sampler_cls, categorical_features=[0]).fit_resample(sparse.csr_matrix(X), y)


def test_auto_without_categories_is_the_numeric_fit(sampler_cls, binary_data):
    # a numeric DataFrame with "auto" fits exactly as with None
    X, y = binary_data
    frame = pd.DataFrame(X)
    plain = make_tiny(sampler_cls, random_state=0).fit_resample(frame, y)[0]
    auto = make_tiny(sampler_cls, categorical_features="auto",
                     random_state=0).fit_resample(frame, y)[0]
    pd.testing.assert_frame_equal(plain, auto)


def test_quantile_scaling_spreads_a_skewed_column(sampler_cls):
    rng = np.random.default_rng(0)
    y = np.r_[np.zeros(200, dtype=int), np.ones(50, dtype=int)]
    X = np.column_stack([rng.lognormal(0, 2, 250), rng.normal(size=250)])
    sampler = make_tiny(sampler_cls, numeric_scaling="quantile", random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    scaled = sampler._scaler.transform(X)
    # quantiles: evenly spread over [-1, 1]; the range would squash most rows near -1
    assert abs(np.median(scaled[:, 0])) < 0.05 and np.isfinite(X_res).all()
    new = X_res[250:, 0]
    assert new.min() >= X[:, 0].min() and new.max() <= X[:, 0].max()


def test_quantile_scaling_reads_sparse_rows_after_the_fit():
    # fit takes sparse X with numeric_scaling="quantile"; so must the
    # methods that score new rows (encode, DVAANClassifier.predict_proba)
    from scipy import sparse

    rng = np.random.default_rng(0)
    y = np.r_[np.zeros(90, dtype=int), np.ones(30, dtype=int)]
    X = np.column_stack([rng.lognormal(0, 2, 120), rng.normal(size=120)])
    sampler = make_tiny(DVAANSampler, numeric_scaling="quantile", random_state=0)
    clf = DVAANClassifier(sampler).fit(sparse.csr_matrix(X), y)
    np.testing.assert_allclose(clf.predict_proba(sparse.csr_matrix(X[:5])),
                               clf.predict_proba(X[:5]))
    sampler.fit_resample(sparse.csr_matrix(X), y)
    np.testing.assert_allclose(sampler.encode(sparse.csc_matrix(X[:5])), sampler.encode(X[:5]))


# ------------------------------------------------------------ the pieces
def test_mixed_scaler_round_trip_and_gower_like_distances():
    X, _ = mixed_frame()
    for scaling in ("range", "quantile"):
        scaler = MixedScaler([1, 3], scaling, integer_columns=None).fit(X)
        Z = scaler.transform(X)
        assert Z.shape == (len(X), 4 + 3 + 3)  # 4 numeric; 3 observed categories each
        back = scaler.inverse_transform(Z, object)
        assert list(back[:, 1]) == list(X["cat"]) and list(back[:, 3]) == list(X["text"])
        np.testing.assert_allclose(back[:, 2].astype(float), X["count"])
        np.testing.assert_allclose(back[:, 0].astype(float), X["num"], atol=1e-5)
    a, b = Z[X["cat"].to_numpy() == "x"][0], Z[X["cat"].to_numpy() == "y"][0]
    block = slice(*scaler.blocks_[0])
    # another category: squared distance 4, as opposite ends of a numeric range
    assert np.isclose(((a[block] - b[block]) ** 2).sum(), 4.0)
    assert scaler.categories_[0] == ["x", "y", "z"]
    # an unseen category gets an all-negative block
    unseen = X.copy()
    unseen["text"] = "new"
    assert (scaler.transform(unseen)[:, slice(*scaler.blocks_[1])] == -CATEGORY_SCALE).all()


def test_harden_draws_from_the_block_probabilities():
    p = torch.tensor([[0.8, 0.2]]).repeat(20000, 1)
    Z = torch.cat([torch.zeros(20000, 1), CATEGORY_SCALE * (2 * p - 1)], dim=1)
    g = torch.Generator().manual_seed(0)
    hard = harden(Z, [(1, 3)], g)
    assert torch.allclose(hard[:, 1:].abs(), torch.tensor(CATEGORY_SCALE))
    assert torch.equal(hard[:, 0], Z[:, 0])
    share = (hard[:, 1] > 0).float().mean().item()
    assert abs(share - 0.8) < 0.02, share
    # a real row's code moved by a decoded difference (interpolation) keeps its category
    moved = torch.tensor([[0.0, CATEGORY_SCALE + 0.2, -CATEGORY_SCALE - 0.2]])
    assert harden(moved, [(1, 3)], g)[0, 1] > 0


def test_mixed_output_is_nearly_one_hot_in_training_and_soft_in_eval():
    layer = MixedOutput(1, [(1, 4)], temperature=0.1)
    layer.generator = torch.Generator().manual_seed(0)
    x = torch.zeros(500, 4)
    train = layer.train()(x)
    p = (train[:, 1:] / CATEGORY_SCALE + 1) / 2
    assert torch.allclose(p.sum(dim=1), torch.ones(500), atol=1e-5)
    assert (p.max(dim=1).values > 0.9).float().mean() > 0.8  # near one-hot draws
    assert (p.argmax(dim=1) == 0).float().mean() < 0.5  # not always the same category
    layer.generator = torch.Generator().manual_seed(0)
    assert torch.equal(layer(x), train)  # the fit's RNG makes it reproducible
    soft = (layer.eval()(x)[:, 1:] / CATEGORY_SCALE + 1) / 2
    assert torch.allclose(soft, torch.full_like(soft, 1 / 3))


def test_resolve_categorical_forms():
    X, _ = mixed_frame()
    assert resolve_categorical("auto", X, 6).tolist() == [1, 3]
    assert resolve_categorical(["text", 1, -5], X, 6).tolist() == [1, 3]
    mask = np.array([True, False, False, False, False, True])
    assert resolve_categorical(mask, X.to_numpy(dtype=object), 6).tolist() == [0, 5]
    # a pandas category column is categorical even when the mask leaves it out
    with pytest.warns(UserWarning, match=r"\['cat'\]"):
        assert resolve_categorical(mask, X, 6).tolist() == [0, 1, 5]


def test_quality_report_compares_mixed_rows():
    from imblearn.over_sampling import SMOTENC

    from imblearn_deep.metrics import synthetic_quality_report

    X, y = mixed_frame(n=300, n_minority=60)
    minority = X[y == 1]
    copies = synthetic_quality_report(None, X, y, synthetic=(minority, y[y == 1]),
                                      categorical_features="auto", random_state=0)
    assert copies.loc[1, "near_copy_share"] == 1.0
    # the same rows with another category are no longer copies of any real row
    moved = minority.copy()
    moved["text"] = moved["text"].map({"p": "q", "q": "r", "r": "p"})
    other = synthetic_quality_report(None, X, y, synthetic=(moved, y[y == 1]),
                                     categorical_features="auto", random_state=0)
    assert other.loc[1, "near_copy_share"] < 0.2
    # a sampler's own categorical_features is used when none is given
    report = synthetic_quality_report(SMOTENC(categorical_features=["cat", "text"],
                                              random_state=0), X, y, random_state=0)
    assert report.loc[1, "n_synthetic"] == 180 and 0 <= report.loc[1, "detectability"] <= 1


def test_memorisation_compares_mixed_rows_with_their_categories():
    from imblearn_deep.metrics import memorisation

    X, y = mixed_frame(n=300, n_minority=60)
    minority = X[y == 1]
    assert memorisation(minority, minority, categorical_features="auto").near_copy_share == 1.0
    moved = minority.copy()
    moved["text"] = moved["text"].map({"p": "q", "q": "r", "r": "p"})
    assert memorisation(minority, moved, categorical_features="auto").near_copy_share < 0.2
    # without categorical_features the text columns cannot be compared
    with pytest.raises(ValueError):
        memorisation(minority, moved)


def test_quality_report_of_a_fitted_sampler_on_a_mixed_table(sampler_cls):
    # issue 39: fitted=True compared the one-hot width with n_features_in_ and
    # refused the very table the sampler was fitted on
    from imblearn_deep.metrics import synthetic_quality_report

    X, y = mixed_frame()
    sampler, _, _ = fit(sampler_cls, X, y)
    report = synthetic_quality_report(sampler, X, y, fitted=True, random_state=0)
    assert report.loc[1, "n_synthetic"] == (y == 0).sum() - (y == 1).sum()
    assert 0 <= report.loc[1, "near_copy_share"] <= 1
    with pytest.raises(ValueError, match="fitted on 6 columns but X has 5"):
        synthetic_quality_report(sampler, X.drop(columns="num"), y, fitted=True)


@pytest.mark.parametrize("spec", [["text"], [3], [False, False, False, True, False, False]],
                         ids=["names", "indices", "mask"])
def test_a_category_column_left_out_of_the_list_is_categorical(sampler_cls, spec):
    # issue 39: a pandas category column of numbers, left out of an explicit
    # categorical_features, was scaled as a number and cast back to the
    # category dtype, which made every in-between value NaN
    X, y = mixed_frame()
    X["cat"] = pd.Categorical(np.where(y == 1, 35.0, np.where(X["num"] > 0, 1.5, 10.0)))
    sampler = make_tiny(sampler_cls, categorical_features=spec, random_state=0)
    with pytest.warns(UserWarning, match=r"'cat'.*pandas category dtype"):
        X_res, _ = sampler.fit_resample(X, y)
    assert not X_res.isna().any().any()
    assert set(X_res["cat"]) <= {1.5, 10.0, 35.0}
    np.testing.assert_array_equal(sampler.categorical_features_, [1, 3])


@pytest.mark.parametrize("spec", [None, "auto"])
def test_an_object_column_of_numbers_is_numeric(sampler_cls, spec):
    # issue 39: refused as "categories or text", though SMOTE takes it and so
    # does the same data as an object array
    X, y = mixed_frame()
    X = X[["num", "count"]].assign(count=X["count"].astype(object))
    sampler = make_tiny(sampler_cls, categorical_features=spec, random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    new = X_res["count"].iloc[len(X):]
    assert X_res["count"].dtype == object and len(new)
    assert all(isinstance(v, numbers.Real) for v in new) and new.between(0, 5).all()
    assert sampler.categorical_features_.size == 0


@pytest.mark.parametrize("spec", [None, "auto", ["text"]])
@pytest.mark.parametrize("column", [
    pd.date_range("2020-01-01", periods=240, freq="D"),
    pd.date_range("2020-01-01", periods=240, freq="D", tz="UTC"),
    pd.to_timedelta(np.arange(240), unit="h"),
], ids=["datetime", "datetime-tz", "timedelta"])
def test_date_and_time_columns_are_named_with_what_to_do(sampler_cls, spec, column):
    # issue 39: numpy's DTypePromotionError said nothing of the column
    X, y = mixed_frame()
    X = X[["num", "text"]].assign(when=column)
    sampler = make_tiny(sampler_cls, categorical_features=spec)
    with pytest.raises(ValueError, match=r"dates or times: \['when'\].*days since"):
        sampler.fit_resample(X, y)


@pytest.mark.parametrize("dtype", ["boolean", "Int64", "Float64", "bool"])
def test_nullable_and_boolean_columns_next_to_categories(sampler_cls, dtype):
    # issue 39: a nullable boolean column trained the whole fit, then failed in
    # pandas ("Need to pass bool-like values"): synthetic rows held ints
    X, y = mixed_frame()
    X["extra"] = pd.array(X["count"] > 2 if dtype in ("boolean", "bool") else X["count"],
                          dtype=dtype)
    X_res, _ = make_tiny(sampler_cls, categorical_features="auto",
                         random_state=0).fit_resample(X, y)
    assert (X_res.dtypes == X.dtypes).all() and not X_res.isna().any().any()
    new = X_res["extra"].iloc[len(X):]
    assert set(new.tolist()) <= set(X["extra"].tolist())


def wide_integers(n, rng):
    """Integer columns that float64 cannot hold exactly (issue 39)."""
    info = np.iinfo(np.int64)
    return {
        "big": np.full(n, 2**60 + 1, dtype=np.int64),  # constant, float64 says 2**60
        "top": info.max - rng.integers(0, 3, n),  # float64 rounds it up to 2**63
        "bottom": info.min + rng.integers(0, 3, n),
        "spread": rng.integers(-2**62, 2**62, n),
    }


def check_wide_integers(new, X):
    for name in ("big", "top", "bottom", "spread"):
        values = [int(v) for v in new[name]]
        assert min(values) >= int(X[name].min()) and max(values) <= int(X[name].max()), name
    assert set(int(v) for v in new["big"]) == {2**60 + 1}


def test_integer_columns_beyond_two_to_the_53_stay_exact_and_in_range(sampler_cls):
    # issue 39: a constant 2**60 + 1 came back as 2**60, a value never seen,
    # and values next to the int64 maximum wrapped round to the minimum
    X, y = mixed_frame()
    X = X[["num", "text"]].assign(**wide_integers(len(X), np.random.default_rng(0)),
                                  unsigned=np.uint64(2**64 - 1))
    X_res, _ = make_tiny(sampler_cls, categorical_features=["text"],
                         random_state=0).fit_resample(X, y)
    assert (X_res.dtypes == X.dtypes).all()
    pd.testing.assert_frame_equal(X_res.iloc[:len(X)], X)
    check_wide_integers(X_res.iloc[len(X):], X)
    assert (X_res["unsigned"] == np.uint64(2**64 - 1)).all()
    # an int64 array, through the numeric rows' scaler
    A = pd.DataFrame(wide_integers(len(y), np.random.default_rng(1)))
    A_res, _ = make_tiny(sampler_cls, random_state=0).fit_resample(A.to_numpy(), y)
    assert A_res.dtype == np.int64
    np.testing.assert_array_equal(A_res[:len(y)], A.to_numpy())
    check_wide_integers(pd.DataFrame(A_res[len(y):], columns=A.columns), A)


def test_wide_integer_columns_next_to_float_columns_stay_exact(sampler_cls):
    # a DataFrame of float and wide integer columns is converted to one float64
    # array by imbalanced-learn's check, which rounds the original rows too
    X, y = mixed_frame()
    X = X[["num"]].assign(**wide_integers(len(X), np.random.default_rng(0)))
    X_res, _ = make_tiny(sampler_cls, random_state=0).fit_resample(X, y)
    pd.testing.assert_frame_equal(X_res.iloc[:len(X)], X)
    check_wide_integers(X_res.iloc[len(X):], X)


def test_an_id_like_column_is_named_before_training(sampler_cls):
    # issue 39: an ID column became a dense one-hot block of rows x categories
    # (4,000 rows took 715 MiB) without a word
    X, y = mixed_frame()
    X["id"] = [f"row-{i}" for i in range(len(X))]
    sampler = make_tiny(sampler_cls, categorical_features="auto", max_epochs=1)
    with pytest.warns(UserWarning, match=r"'id'.*240 categories"):
        sampler.fit_resample(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        make_tiny(sampler_cls, categorical_features="auto", max_epochs=1).fit_resample(
            X.drop(columns="id"), y)
