"""The protocols of the benchmarks: their tasks and how each loads its data.

A protocol is a list of tasks (train/test data built from a public data set
with one of the papers' imbalance protocols); :func:`protocols` names them.
"""

from dataclasses import dataclass, field

import numpy as np
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.utils import check_random_state

from imblearn_deep.datasets import (
    KEEL_BENCHMARK,
    load_arrests,
    load_births14,
    load_cifar10_catdog,
    load_credit_card,
    load_credit_data,
    load_default,
    load_fashion_mnist,
    load_health_insurance,
    load_keel,
    load_mnist,
    load_wa_churn,
    make_binary_imbalance,
    make_long_tail,
)

LONG_TAIL_COUNTS = [4000, 2000, 1000, 750, 500, 350, 200, 100, 60, 40]


@dataclass
class Task:
    """One train/test problem of a protocol."""

    name: str
    load: callable  # (data_home, seed, quick[, download]) -> list of (X_tr, y_tr, X_te, y_te)
    image_shape: tuple
    kind: str  # "binary" or "multiclass"
    minority: list = field(default_factory=list)  # labels reported per class
    paper: dict = field(default_factory=dict)  # the paper's own figures
    minority_cut: int = None  # few-shot tasks: minority rows kept per training fold
    mixed: bool = False  # pandas tables with categorical columns and missing values


def _cap_test(X, y, quick, rng):
    if not quick or len(y) <= 2000:
        return X, y
    idx = np.sort(rng.choice(len(y), 2000, replace=False))
    return X[idx], y[idx]


def binary_task(loader, minority, majority, ratio):
    def load(data_home, seed, quick, download=False):
        rng = check_random_state(seed)
        X, y = loader(data_home=data_home, subset="train", download=download)
        if quick:  # 1,000 majority rows and the matching minority
            keep = np.isin(y, [majority]) & (rng.rand(len(y)) < 1000 / max(1, np.sum(y == majority)))
            keep |= np.isin(y, [minority]) & (rng.rand(len(y)) < 1000 / max(1, np.sum(y == minority)))
            X, y = X[keep], y[keep]
        X_tr, y_tr = make_binary_imbalance(X, y, minority=minority, majority=majority,
                                           ratio=ratio, random_state=rng)
        X_te, y_te = loader(data_home=data_home, subset="test", download=download)
        pair = np.isin(y_te, [minority, majority])
        X_te, y_te = _cap_test(X_te[pair], (y_te[pair] == minority).astype(np.int64), quick, rng)
        return [(X_tr, y_tr, X_te, y_te)]
    return load


def long_tail_task(loader, order, class_counts=LONG_TAIL_COUNTS):
    """Classes ``order[k]`` keep ``class_counts[k]`` rows (a fifth in quick mode)."""
    def load(data_home, seed, quick, download=False):
        rng = check_random_state(seed)
        X, y = loader(data_home=data_home, subset="train", download=download)
        factor = 1 / (5 if quick else 1)
        counts = {label: max(8, int(round(n * factor)))
                  for label, n in zip(order, class_counts)}
        X_tr, y_tr = make_long_tail(X, y, counts, random_state=rng)
        X_te, y_te = loader(data_home=data_home, subset="test", download=download)
        X_te, y_te = _cap_test(X_te, y_te, quick, rng)
        return [(X_tr, y_tr, X_te, y_te)]
    return load


def keel_task(name, n_minority=None):
    """Stratified 5-fold CV of one KEEL data set; the seed is the repeat.

    With ``n_minority``, every training fold keeps a random subset of that
    many minority rows (all of them when it has fewer); the majority rows
    and the test folds are those of the plain protocol. The subsets are
    nested: for one seed and fold, the 10 rows are among the 20, and those
    among the 50.
    """
    def load(data_home, seed, quick, download=False):  # the data come with the package
        X, y = load_keel(name)
        folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed).split(X, y)
        rng = check_random_state(seed)
        splits = []
        for tr, te in folds:
            if n_minority is not None:
                # one permutation per fold, whatever the size: nested subsets
                minority = rng.permutation(tr[y[tr] == 1])[:n_minority]
                tr = np.sort(np.r_[tr[y[tr] != 1], minority])
            splits.append((X[tr], y[tr], X[te], y[te]))
        return splits[:2] if quick else splits
    return load


#: Rows of the stratified subsample of each ``mixed`` table in quick and compact mode.
MIXED_QUICK_ROWS = 2000


def mixed_task(loader):
    """Stratified 5-fold CV of a mixed-type table; the seed is the repeat.

    The folds are pandas DataFrames (category columns, NaN kept) with a
    fresh index. Quick and compact mode first draw a stratified subsample
    of :data:`MIXED_QUICK_ROWS` rows (seeded by the repeat).
    """
    def load(data_home, seed, quick, download=False):  # the data come with a package
        X, y = loader()
        if quick and len(y) > MIXED_QUICK_ROWS:
            keep, _ = train_test_split(np.arange(len(y)), train_size=MIXED_QUICK_ROWS,
                                       stratify=y, random_state=seed)
            keep = np.sort(keep)
            X, y = X.iloc[keep].reset_index(drop=True), y[keep]
        folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed).split(X, y)
        splits = [(X.iloc[tr].reset_index(drop=True), y[tr],
                   X.iloc[te].reset_index(drop=True), y[te]) for tr, te in folds]
        return splits[:2] if quick else splits
    return load


def _catdog(data_home, subset, download=False):
    return load_cifar10_catdog(data_home=data_home, subset=subset, download=download)


#: The tables of the ``mixed`` protocol: ``{task name: loader}``.
MIXED_TABLES = {
    "default": load_default,
    "credit_data": load_credit_data,
    "wa_churn": load_wa_churn,
    "credit_card": load_credit_card,
    "health_insurance": load_health_insurance,
    "arrests": load_arrests,
    "births14": load_births14,
}


#: Minority rows kept in every training fold of the ``fewshot`` protocol.
FEWSHOT_SIZES = (10, 20, 50)

#: KEEL sets of the ``fewshot`` protocol in quick and compact mode: small
#: sets (214-336 rows) with more than 50 minority rows in every training
#: fold, so that each of the three cuts removes rows.
FEWSHOT_QUICK = ("glass1", "ecoli1", "haberman")


def protocols():
    """The named benchmarks: ``{name: (tasks, sweep_tasks)}``.

    Sweep tasks (imbalance ratios up to 1:100 or IR 500, and the KEEL sets
    beyond the first few) run only in full mode.
    """
    mnist_order = list(range(10))  # 8 and 9 get the smallest counts
    fashion_order = list(range(10))  # 8 bag and 9 ankle boot get the smallest counts
    dvaan = [
        Task("mnist_5v6_1:5", binary_task(load_mnist, 5, 6, 5), (28, 28), "binary",
             paper={"roc_auc": 0.9871}),
        Task("mnist_5v6_1:10", binary_task(load_mnist, 5, 6, 10), (28, 28), "binary"),
        Task("fashion_sandal_sneaker_1:5", binary_task(load_fashion_mnist, 5, 7, 5), (28, 28),
             "binary", paper={"roc_auc": 0.9233}),
        Task("fashion_sandal_sneaker_1:10", binary_task(load_fashion_mnist, 5, 7, 10),
             (28, 28), "binary"),
        Task("cifar_cat_dog_1:5", binary_task(_catdog, 0, 1, 5), (3, 32, 32), "binary",
             paper={"roc_auc": 0.9617}),
        Task("cifar_cat_dog_1:10", binary_task(_catdog, 0, 1, 10), (3, 32, 32), "binary"),
    ]
    dvaan_sweep = [Task(f"mnist_5v6_1:{r}", binary_task(load_mnist, 5, 6, r), (28, 28), "binary")
                   for r in (20, 50, 100)]
    imsic = [
        Task("mnist_long_tail", long_tail_task(load_mnist, mnist_order), (28, 28),
             "multiclass", minority=[8, 9],
             paper={"recall_8": 0.893, "f1_8": 0.930, "recall_9": 0.859, "f1_9": 0.915}),
        Task("fashion_long_tail", long_tail_task(load_fashion_mnist, fashion_order),
             (28, 28), "multiclass", minority=[8, 9],
             paper={"recall_8": 0.831, "f1_8": 0.899, "recall_9": 0.908, "f1_9": 0.922}),
    ]
    # IR = 4000 / smallest count: scale the tail so the smallest class has 4000 / IR rows
    imsic_sweep = [
        # geometric tail from 4000 down to 4000 / IR rows over the ten classes
        Task(f"mnist_long_tail_IR{ir}",
             long_tail_task(load_mnist, mnist_order, np.geomspace(4000, 4000 / ir, 10)),
             (28, 28), "multiclass", minority=[8, 9])
        for ir in (50, 200, 500)
    ]
    tabular = [Task(name, keel_task(name), None, "binary") for name in KEEL_BENCHMARK]
    # the tabular protocol with the minority of every training fold cut to
    # 10, 20 and 50 rows: tasks "<set>_min10", ...
    fewshot = {name: [Task(f"{name}_min{n}", keel_task(name, n), None, "binary",
                           minority_cut=n) for n in FEWSHOT_SIZES]
               for name in KEEL_BENCHMARK}
    # mixed-type tables: categorical columns, and missing values that the
    # runner imputes on each training fold (see run_unit)
    mixed = [Task(name, mixed_task(loader), None, "binary", mixed=True)
             for name, loader in MIXED_TABLES.items()]
    return {
        "dvaan": (dvaan, dvaan_sweep),
        "imsic": (imsic, imsic_sweep),
        # quick mode: the first five data sets, two folds
        "tabular": (tabular[:5], tabular[5:]),
        # quick mode: three data sets, two folds; full mode: all 20
        "fewshot": (sum((fewshot[name] for name in FEWSHOT_QUICK), []),
                    sum((tasks for name, tasks in fewshot.items()
                         if name not in FEWSHOT_QUICK), [])),
        # quick and compact mode: the seven tables subsampled, two folds
        "mixed": (mixed, []),
    }

