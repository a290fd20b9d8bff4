"""The peers of the tabular benchmarks (MGS-GRF, CTGAN) and how the runner treats them."""

import sys
import types

import numpy as np
import pytest
from sklearn.datasets import make_classification

from imblearn_deep.benchmarks import _runner, run
from imblearn_deep.benchmarks.__main__ import parse_args
from imblearn_deep.benchmarks._peers import CTGANOverSampler, MGSGRF, missing_package
from imblearn_deep.benchmarks._runner import Task

pd = pytest.importorskip("pandas")


def _table(n=120, n_minority=30, seed=0):
    """A small mixed table: two numeric columns (one of integers), two categorical."""
    rng = np.random.RandomState(seed)
    y = np.r_[np.zeros(n - n_minority, dtype=np.int64), np.ones(n_minority, dtype=np.int64)]
    X = pd.DataFrame({
        "amount": rng.lognormal(3 + y, 0.5),
        "age": rng.randint(20, 70, n).astype(np.int64),
        "home": pd.Categorical(rng.choice(["own", "rent"], n), categories=["own", "priv",
                                                                           "rent"]),
        "job": pd.Categorical(np.where(rng.rand(n) < 0.3 + 0.4 * y, "free", "fixed")),
    })
    return X, y


def _check_mixed_result(X, y, X_res, y_res):
    assert isinstance(X_res, pd.DataFrame) and list(X_res.columns) == list(X.columns)
    assert (X_res.dtypes == X.dtypes).all()  # category columns stay category columns
    assert list(X_res["home"].cat.categories) == ["own", "priv", "rent"]
    assert not X_res.isna().any().any()
    pd.testing.assert_frame_equal(X_res.iloc[:len(y)], X)  # the originals first, untouched
    assert np.bincount(y_res).tolist() == [90, 90]


#: mgs_grf warns that it sets K from the data, and when it sees numbers only
quiet_mgs_grf = pytest.mark.filterwarnings("ignore:MGSGRFOverSampler called with")


@quiet_mgs_grf
def test_mgs_grf_takes_a_dataframe_with_categories_and_returns_one():
    pytest.importorskip("mgs_grf")
    X, y = _table()
    state = np.random.get_state()
    X_res, y_res = MGSGRF(random_state=0).fit_resample(X, y)
    _check_mixed_result(X, y, X_res, y_res)  # no NaN: every code maps back to a category
    # mgs_grf seeds NumPy's global state; the fit leaves it as it was
    assert all(np.array_equal(a, b) for a, b in zip(np.random.get_state(), state))
    X_again, _ = MGSGRF(random_state=0).fit_resample(X, y)
    pd.testing.assert_frame_equal(X_again, X_res)


@quiet_mgs_grf
def test_mgs_grf_keeps_numeric_arrays_numeric():
    pytest.importorskip("mgs_grf")
    X, y = make_classification(n_samples=150, n_features=4, weights=[0.8], random_state=0)
    X_res, y_res = MGSGRF(random_state=0).fit_resample(X, y)
    assert isinstance(X_res, np.ndarray) and X_res.dtype == np.float64
    np.testing.assert_array_equal(X_res[:150], X)
    assert np.bincount(y_res)[0] == np.bincount(y_res)[1]


class _FakeCTGAN:
    """Records what each CTGAN is given; samples rows of the class it was fitted on."""

    made = []

    def __init__(self, epochs=300, enable_gpu=True):
        self.epochs, self.enable_gpu = epochs, enable_gpu
        _FakeCTGAN.made.append(self)

    def set_random_state(self, seed):
        self.seed = seed

    def fit(self, data, discrete_columns=()):
        self.data, self.discrete = data, list(discrete_columns)

    def sample(self, n):
        return self.data.sample(n, replace=True, random_state=self.seed).reset_index(drop=True)


@pytest.fixture
def fake_ctgan(monkeypatch):
    _FakeCTGAN.made = []
    monkeypatch.setitem(sys.modules, "ctgan", types.SimpleNamespace(CTGAN=_FakeCTGAN))
    return _FakeCTGAN.made


def test_ctgan_fits_one_model_on_each_grown_class_alone(fake_ctgan):
    X, y = _table()
    X_res, y_res = CTGANOverSampler(epochs=7, random_state=0).fit_resample(X, y)
    [model] = fake_ctgan  # only the minority grows
    assert len(model.data) == 30 and model.epochs == 7 and model.enable_gpu is False
    # the minority's rows (as CTGAN's transformers need, text column names)
    np.testing.assert_array_equal(model.data.iloc[:, 0], X["amount"][y == 1])
    assert model.discrete == ["column_2", "column_3"]  # the category columns
    _check_mixed_result(X, y, X_res, y_res)
    # multiclass: one model per class to grow, each with its deficit
    y3 = np.r_[np.zeros(60, dtype=np.int64), np.ones(40, dtype=np.int64),
               np.full(20, 2, dtype=np.int64)]
    fake_ctgan.clear()
    _, y_res = CTGANOverSampler(device="cuda", random_state=0).fit_resample(X, y3)
    assert [len(m.data) for m in fake_ctgan] == [40, 20]
    assert all(m.enable_gpu for m in fake_ctgan) and np.bincount(y_res).tolist() == [60] * 3


def test_ctgan_keeps_numeric_arrays_numeric(fake_ctgan):
    X, y = make_classification(n_samples=150, n_features=4, weights=[0.8], random_state=0)
    X_res, y_res = CTGANOverSampler(random_state=0).fit_resample(X, y)
    assert isinstance(X_res, np.ndarray) and X_res.dtype == np.float64
    assert fake_ctgan[0].discrete == []
    np.testing.assert_array_equal(X_res[:150], X)


def test_the_real_ctgan_returns_the_input_types():
    pytest.importorskip("ctgan")
    X, y = _table()
    X_res, y_res = CTGANOverSampler(epochs=1, random_state=0).fit_resample(X, y)
    _check_mixed_result(X, y, X_res, y_res)
    # integer columns get whole numbers
    new_age = X_res["age"].iloc[len(y):]
    assert new_age.dtype == np.int64


def test_peers_are_tabular_defaults_only():
    names = set(_runner.samplers(None, 0, "cpu", quick=True))
    images = set(_runner.samplers((28, 28), 0, "cpu", quick=True))
    assert names - images == set(_runner.PEERS) == {"mgs_grf", "ctgan"}
    assert set(_runner.PEERS) <= set(_runner.DEFAULT_SAMPLERS)
    assert set(_runner.PEERS) <= set(_runner.MIXED_SAMPLERS)
    assert list(_runner.mixed_samplers(0, "cpu", True, names=["ctgan"])) == ["ctgan"]
    # quick mode shortens CTGAN as it shortens the deep samplers; compact does not
    assert _runner.samplers(None, 0, "cpu", quick=True)["ctgan"].epochs == 3
    assert _runner.samplers(None, 0, "cpu", quick=False, compact=True)["ctgan"].epochs == 300
    assert _runner.samplers(None, 0, "cpu", quick=False)["mgs_grf"].random_state == 0
    # ros and the tuned threshold stay in every table
    for defaults in (_runner.DEFAULT_SAMPLERS, _runner.MIXED_SAMPLERS):
        assert {"ros", "tuned_threshold"} <= set(defaults)


@pytest.mark.parametrize("protocol, usable", [("dvaan", False), ("tabular", True),
                                               ("fewshot", True), ("mixed", True)])
def test_the_cli_takes_the_peers_on_tables_only(protocol, usable, capsys):
    argv = [protocol, "--samplers", "ros,ctgan"]
    if usable:
        assert parse_args(argv)[1].samplers == ["ros", "ctgan"]
    else:
        with pytest.raises(SystemExit):
            parse_args(argv)
        assert "sampler(s) ['ctgan'] do not apply to the dvaan protocol" in capsys.readouterr().err


def test_a_peer_without_its_package_is_skipped_with_the_reason(monkeypatch):
    def load(data_home, seed, quick):
        X, y = make_classification(n_samples=200, n_features=4, weights=[0.8], random_state=0)
        return [(X[:150], y[:150], X[150:], y[150:])]

    monkeypatch.setattr(_runner, "protocols",
                        lambda: {"toy": ([Task("toy", load, None, "binary")], [])})
    monkeypatch.setitem(sys.modules, "ctgan", None)  # not importable
    assert "pip install ctgan" in missing_package(CTGANOverSampler())
    assert missing_package(None) is None
    logged = []
    rows = run("toy", seeds=[0], sampler_names=["none", "ctgan"], classifier_names=["logreg"],
               log=logged.append)
    assert [r["sampler"] for r in rows] == ["none"]
    assert any("toy seed 0 ctgan: skipped, the package ctgan is not installed" in line
               for line in logged)
