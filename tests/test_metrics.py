"""The sample-quality diagnostics give the known answers on cases whose answer is known."""

import sys

import numpy as np
import pytest
from imblearn.combine import SMOTEENN
from imblearn.over_sampling import SMOTE, RandomOverSampler
from sklearn.linear_model import LogisticRegression

from imblearn_deep import DVAANSampler
from imblearn_deep import _neighbours, metrics
from imblearn_deep.metrics import (
    class_fidelity,
    density_coverage,
    detectability,
    knn_precision_recall,
    memorisation,
    synthetic_quality_report,
)

from conftest import make_tiny

pd = pytest.importorskip("pandas", reason="synthetic_quality_report returns a DataFrame")

D = 4
MIXING = np.random.default_rng(42).standard_normal((D, D))


def draw(n, label, seed):
    """Rows of the simulated classes: correlated Gaussians, means -1.5 (class 0) and +1.5."""
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, D)) @ MIXING + (1.5 if label == 1 else -1.5)


@pytest.fixture(scope="module")
def data():
    X = np.vstack([draw(600, 0, 1), draw(400, 1, 2)])
    y = np.r_[np.zeros(600, dtype=int), np.ones(400, dtype=int)]
    return X, y


def test_exact_copies_are_realistic_but_memorised(data):
    X, y = data
    real = X[y == 1]
    copies = np.vstack([real, real[:200]])[::-1]  # every row, some twice, reordered
    assert detectability(real, copies, random_state=0) == pytest.approx(0.5, abs=0.05)
    result = memorisation(real, copies)
    assert result.ratio == 0.0
    assert result.near_copy_share == 1.0
    np.testing.assert_array_equal(real[result.nearest_real], copies)
    # through the report: random over-sampling appends copies of real rows
    report = synthetic_quality_report(RandomOverSampler(random_state=0), X, y, random_state=0)
    assert report.loc[1, "memorisation_ratio"] == 0.0
    assert report.loc[1, "near_copy_share"] == 1.0
    assert report.loc[1, "detectability"] == pytest.approx(0.5, abs=0.05)
    assert report.loc[1, "precision"] == 1.0 and report.loc[1, "class_fidelity"] > 0.95


def test_a_fresh_draw_from_the_true_distribution_looks_real_and_new(data):
    X, y = data
    real, fresh = X[y == 1], draw(400, 1, seed=3)
    assert detectability(real, fresh, random_state=0) == pytest.approx(0.5, abs=0.06)
    result = memorisation(real, fresh)
    assert result.ratio == pytest.approx(1.0, abs=0.15)
    assert result.near_copy_share < 0.01
    precision, recall = knn_precision_recall(real, fresh)
    assert precision > 0.9 and recall > 0.9
    density, coverage = density_coverage(real, fresh)
    assert density == pytest.approx(1.0, abs=0.15)
    assert coverage > 0.9  # expectation about 1 - 2**-5
    fidelity = class_fidelity(X, y, fresh, np.ones(len(fresh), dtype=int), random_state=0)
    assert fidelity[1] > 0.9


def test_gaussian_noise_is_detected_and_has_no_class(data):
    X, y = data
    rng = np.random.default_rng(5)
    # isotropic noise around the centre of all rows, between the two classes
    noise = X.mean(axis=0) + rng.standard_normal((400, D)) * 2 * X.std(axis=0)
    assert detectability(X[y == 1], noise, random_state=0) > 0.9
    fidelity = class_fidelity(X, y, noise, np.ones(400, dtype=int), random_state=0)
    assert fidelity[1] == pytest.approx(0.5, abs=0.15)  # chance for two classes
    precision, _ = knn_precision_recall(X[y == 1], noise)
    assert precision < 0.5
    assert memorisation(X[y == 1], noise).ratio > 1.5


def test_rows_of_another_class_have_no_class_fidelity(data):
    X, y = data
    other = draw(300, 0, seed=7)  # class 0 rows presented as class 1
    fidelity = class_fidelity(X, y, other, np.ones(300, dtype=int), random_state=0)
    assert fidelity[1] < 0.05
    report = synthetic_quality_report(None, X, y, synthetic=(other, np.ones(300, dtype=int)),
                                      random_state=0)
    assert report.loc[1, "class_fidelity"] < 0.05
    assert report.loc[1, "detectability"] > 0.9


def test_smote_interpolates_between_copies_and_fresh_rows(data):
    X, y = data
    report = synthetic_quality_report(SMOTE(random_state=0), X, y, random_state=0)
    assert 0.1 < report.loc[1, "memorisation_ratio"] < 0.9
    assert report.loc[1, "near_copy_share"] < 0.5
    assert list(report.columns) == list(metrics.REPORT_COLUMNS)
    assert report.loc[1, "n_real"] == 400 and report.loc[1, "n_synthetic"] == 200


def brute_force(R, S, k):
    """The four k-NN figures straight from the papers' formulas, full distance matrices."""
    def radii(A):
        d = np.sqrt(((A[:, None] - A[None]) ** 2).sum(-1))
        np.fill_diagonal(d, np.inf)
        return np.sort(d, axis=1)[:, k - 1]

    r_rad, s_rad = radii(R), radii(S)
    d = np.sqrt(((S[:, None] - R[None]) ** 2).sum(-1))  # [synthetic, real]
    inside = d <= r_rad[None]
    return (inside.any(1).mean(), (d <= s_rad[:, None]).any(0).mean(),
            inside.sum() / (k * len(S)), inside.any(0).mean())


@pytest.mark.parametrize("k", [1, 3, 5])
def test_knn_figures_match_the_papers_formulas_in_any_chunk_size(monkeypatch, k):
    rng = np.random.default_rng(0)
    R, S = rng.standard_normal((70, 3)), rng.standard_normal((50, 3)) * 1.3 + 0.3
    expected = brute_force(R, S, k)
    for chunk in (2**22, 7 * 70, 1):  # one chunk, 7 rows per chunk, one row per chunk
        monkeypatch.setattr(_neighbours, "CHUNK_ELEMENTS", chunk)
        got = (*knn_precision_recall(R, S, k=k, standardize=False),
               *density_coverage(R, S, k=k, standardize=False))
        np.testing.assert_allclose(got, expected, rtol=1e-12)
        result = memorisation(R, S, standardize=False)
        d = np.sqrt(((S[:, None] - R[None]) ** 2).sum(-1))
        np.testing.assert_allclose(result.synthetic_distances, d.min(1), rtol=1e-12)


def test_standardization_is_fitted_on_the_real_rows(data):
    X, y = data
    real, fresh = X[y == 1], draw(400, 1, seed=3)
    scale = np.array([1.0, 1000.0, 1.0, 0.001])
    assert memorisation(real * scale, fresh * scale).ratio == pytest.approx(
        memorisation(real, fresh).ratio)
    assert knn_precision_recall(real * scale, fresh * scale) == pytest.approx(
        knn_precision_recall(real, fresh))
    # without it, the large column decides every distance
    assert knn_precision_recall(real * scale, fresh * scale, standardize=False) != (
        pytest.approx(knn_precision_recall(real, fresh, standardize=False)))
    with pytest.raises(ValueError, match="standardize must be True"):
        memorisation(real, fresh, standardize="yes")


def test_report_routes_agree_and_leave_inputs_alone(data):
    X, y = data
    X_before, y_before = X.copy(), y.copy()
    sampler = SMOTE(random_state=0)
    via_sampler = synthetic_quality_report(sampler, X, y, random_state=0)
    assert not hasattr(sampler, "sampling_strategy_")  # a clone was fitted
    X_res, y_res = SMOTE(random_state=0).fit_resample(X, y)
    given = synthetic_quality_report(None, X, y, synthetic=(X_res[len(y):], y_res[len(y):]),
                                     random_state=0)
    pd.testing.assert_frame_equal(via_sampler, given)
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(y, y_before)
    # the same random_state gives the same report; a DataFrame input works too
    frame = pd.DataFrame(X, columns=[f"f{i}" for i in range(D)])
    pd.testing.assert_frame_equal(
        synthetic_quality_report(sampler, frame, pd.Series(y), random_state=0), via_sampler)


def test_report_of_a_fitted_deep_sampler_uses_generate(binary_data):
    X, y = binary_data
    sampler = make_tiny(DVAANSampler, random_state=0)
    sampler.fit_resample(X, y)
    report = synthetic_quality_report(sampler, X, y, fitted=True, random_state=0)
    (label, n_new), = sampler.sampling_strategy_.items()
    assert list(report.index) == [label] and report.loc[label, "n_synthetic"] == n_new
    again = synthetic_quality_report(sampler, X, y, fitted=True, random_state=0)
    pd.testing.assert_frame_equal(report, again)
    other = synthetic_quality_report(sampler, X, y, fitted=True, random_state=1)
    assert not report.equals(other)  # a different draw
    with pytest.raises(ValueError, match="fitted=True needs a fitted deep sampler"):
        synthetic_quality_report(SMOTE(), X, y, fitted=True)
    with pytest.raises(ValueError, match="fitted on 6 columns but X has 5"):
        synthetic_quality_report(sampler, X[:, :5], y, fitted=True)


def test_report_with_several_over_sampled_classes(multiclass_data):
    X, y = multiclass_data
    report = synthetic_quality_report(SMOTE(random_state=0), X, y, random_state=0)
    counts = np.bincount(y)
    assert list(report.index) == [1, 2]
    np.testing.assert_array_equal(report["n_real"], counts[1:])
    np.testing.assert_array_equal(report["n_synthetic"], counts.max() - counts[1:])


def test_report_takes_any_classifiers(data):
    X, y = data
    report = synthetic_quality_report(
        SMOTE(random_state=0), X, y, detector=LogisticRegression(),
        classifier=LogisticRegression(), random_state=0)
    assert 0 <= report.loc[1, "detectability"] <= 1
    assert report.loc[1, "class_fidelity"] > 0.9


# ---------------------------------------------------------------- bad input


def test_mismatched_feature_counts_are_named(data):
    X, y = data
    with pytest.raises(ValueError, match="X_synthetic has 3 features but the real rows have 4"):
        memorisation(X, X[:, :3])
    with pytest.raises(ValueError, match="X_synthetic has 3 features but the real rows have 4"):
        synthetic_quality_report(None, X, y, synthetic=(X[:10, :3], y[:10]))
    with pytest.raises(ValueError, match="X_synthetic has 3 features"):
        class_fidelity(X, y, X[:10, :3], y[:10])


def test_a_class_with_fewer_rows_than_k_is_named(data):
    X, y = data
    few = np.r_[np.flatnonzero(y == 0), np.flatnonzero(y == 1)[:4]]
    with pytest.raises(ValueError, match=r"Class 1 has 4 real rows; the k-NN estimates need "
                                         r"at least k \+ 1 = 6"):
        synthetic_quality_report(None, X[few], y[few], synthetic=(X[:20], np.ones(20, int)))
    with pytest.raises(ValueError, match=r"Class 1 has 3 synthetic rows.*k \+ 1 = 4"):
        synthetic_quality_report(None, X, y, synthetic=(X[:3], np.ones(3, int)), k=3)
    with pytest.raises(ValueError, match="There are 5 real rows; the k-NN estimates"):
        knn_precision_recall(X[:5], X[5:50])
    with pytest.raises(ValueError, match="k must be a positive integer"):
        density_coverage(X, X, k=0)


def test_nan_is_refused_with_the_array_named(data):
    X, y = data
    bad = X[:50].copy()
    bad[3, 1] = np.nan
    with pytest.raises(ValueError, match=r"X_synthetic contains NaN or infinite values "
                                         r"\(in 1 of 50 rows\)"):
        detectability(X, bad)
    with pytest.raises(ValueError, match="X_real contains NaN"):
        memorisation(bad, X)
    with pytest.raises(ValueError, match="X contains NaN"):
        synthetic_quality_report(None, bad, y[:50], synthetic=(X[:10], y[:10]))
    with pytest.raises(ValueError, match="X_synthetic contains NaN"):
        synthetic_quality_report(None, X, y, synthetic=(bad, np.ones(50, int)))


def test_no_synthetic_rows_is_refused(data):
    X, y = data
    with pytest.raises(ValueError, match="X_synthetic has no rows"):
        knn_precision_recall(X, X[:0])
    with pytest.raises(ValueError, match="X_synthetic has no rows"):
        synthetic_quality_report(None, X, y, synthetic=(X[:0], y[:0]))
    balanced = np.r_[np.flatnonzero(y == 0)[:400], np.flatnonzero(y == 1)]
    with pytest.raises(ValueError, match="There are no synthetic rows: the sampler added none"):
        synthetic_quality_report(SMOTE(), X[balanced], y[balanced])


def test_a_sampler_that_does_not_append_is_refused(data):
    X, y = data
    # SMOTEENN cleans the original rows too, so they are not returned first, unchanged
    with pytest.raises(ValueError, match="did not return the original rows first"):
        synthetic_quality_report(SMOTEENN(random_state=0), X, y)


def test_other_bad_arguments(data):
    X, y = data
    with pytest.raises(ValueError, match="either synthetic=.* or fitted=True"):
        synthetic_quality_report(None, X, y, synthetic=(X, y), fitted=True)
    with pytest.raises(ValueError, match="synthetic must be a pair"):
        synthetic_quality_report(None, X, y, synthetic=X)
    with pytest.raises(ValueError, match=r"classes \[7\] that y does not have"):
        class_fidelity(X, y, X[:5], np.full(5, 7))
    with pytest.raises(ValueError, match="cv must be an integer of at least 2"):
        detectability(X, X, cv=1)
    with pytest.raises(ValueError, match="copy_factor must be a non-negative number"):
        memorisation(X, X, copy_factor=-1)
    with pytest.raises(ValueError, match="X_real is sparse"):
        from scipy import sparse

        memorisation(sparse.csr_matrix(X), X)


def test_report_without_pandas_says_how_to_get_it(monkeypatch, data):
    X, y = data
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="pip install pandas"):
        synthetic_quality_report(SMOTE(), X, y)


@pytest.mark.parametrize("standardize", [False, "global"])
def test_exact_copies_score_as_copies_whatever_the_offset(standardize):
    # issue 39: distances lost their precision on large-valued columns (copies
    # scored a memorisation ratio of 2.7, a near-copy share of 0.09, density 11.5)
    rng = np.random.default_rng(0)
    real = rng.standard_normal((300, 3)) * [1.0, 10.0, 0.1]
    copies = real[rng.choice(300, 100, replace=False)]
    offset = np.array([1e9, 3e8, -2e9])
    result = memorisation(real + offset, copies + offset, standardize=standardize)
    assert result.ratio == 0.0 and result.near_copy_share == 1.0
    np.testing.assert_array_equal(result.synthetic_distances, 0.0)
    # the k-NN figures do not move with the offset (translation changes no distance)
    for figure in (knn_precision_recall, density_coverage):
        np.testing.assert_allclose(
            figure(real + offset, copies + offset, standardize=False),
            figure(real, copies, standardize=False), rtol=1e-9)
    assert density_coverage(real + offset, copies + offset, standardize=standardize)[0] < 3
