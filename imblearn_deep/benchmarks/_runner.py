"""The paper comparisons as ordinary estimator benchmarks.

A protocol is a list of tasks (train/test data built from a public data set
with one of the papers' imbalance protocols). Every competitor resamples the
*imbalanced training data only*, every classifier is trained on the result,
and everything is scored on the untouched test split. Nothing is selected on
the test set. Only the public API of the package is used.
"""

import csv
import inspect
import pathlib
import platform
import time
import warnings
from collections import Counter
from dataclasses import dataclass, field, replace

import numpy as np
import torch
from joblib import Parallel, delayed
from imblearn.metrics import geometric_mean_score
from imblearn.over_sampling import ADASYN, SMOTE, SMOTENC, BorderlineSMOTE, RandomOverSampler
from sklearn.base import clone
from sklearn.compose import make_column_transformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score, f1_score, recall_score, roc_auc_score
from sklearn.model_selection import StratifiedKFold, TunedThresholdClassifierCV, train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MinMaxScaler, OneHotEncoder, StandardScaler
from sklearn.svm import SVC
from sklearn.utils import check_random_state

from imblearn_deep import BayesGANOversampler, DVAANClassifier, DVAANSampler, __version__
from imblearn_deep.datasets import (
    KEEL_BENCHMARK,
    load_cifar10_catdog,
    load_credit_data,
    load_default,
    load_keel,
    load_fashion_mnist,
    load_mnist,
    load_wa_churn,
    make_binary_imbalance,
    make_long_tail,
)
from imblearn_deep._base import CPU_CONV_CHANNELS, plain_label
from imblearn_deep.metrics import REPORT_COLUMNS, synthetic_quality_report
from imblearn_deep.preprocessing import MixedTypeImputer, _is_categorical

from ._cnn import SmallCNNClassifier
from ._variants import (
    BayesGANArgmax,
    BayesGANFullSteps,
    BayesGANSoftmax,
    BayesGANStraightThrough,
    DVAANArgmax,
    DVAANFullSteps,
    DVAANSoftmax,
    DVAANStraightThrough,
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


def _binary_task(loader, minority, majority, ratio):
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


def _long_tail_task(loader, order, class_counts=LONG_TAIL_COUNTS):
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


def _keel_task(name, n_minority=None):
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


def _mixed_task(loader):
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
        Task("mnist_5v6_1:5", _binary_task(load_mnist, 5, 6, 5), (28, 28), "binary",
             paper={"roc_auc": 0.9871}),
        Task("mnist_5v6_1:10", _binary_task(load_mnist, 5, 6, 10), (28, 28), "binary"),
        Task("fashion_sandal_sneaker_1:5", _binary_task(load_fashion_mnist, 5, 7, 5), (28, 28),
             "binary", paper={"roc_auc": 0.9233}),
        Task("fashion_sandal_sneaker_1:10", _binary_task(load_fashion_mnist, 5, 7, 10),
             (28, 28), "binary"),
        Task("cifar_cat_dog_1:5", _binary_task(_catdog, 0, 1, 5), (3, 32, 32), "binary",
             paper={"roc_auc": 0.9617}),
        Task("cifar_cat_dog_1:10", _binary_task(_catdog, 0, 1, 10), (3, 32, 32), "binary"),
    ]
    dvaan_sweep = [Task(f"mnist_5v6_1:{r}", _binary_task(load_mnist, 5, 6, r), (28, 28), "binary")
                   for r in (20, 50, 100)]
    imsic = [
        Task("mnist_long_tail", _long_tail_task(load_mnist, mnist_order), (28, 28),
             "multiclass", minority=[8, 9],
             paper={"recall_8": 0.893, "f1_8": 0.930, "recall_9": 0.859, "f1_9": 0.915}),
        Task("fashion_long_tail", _long_tail_task(load_fashion_mnist, fashion_order),
             (28, 28), "multiclass", minority=[8, 9],
             paper={"recall_8": 0.831, "f1_8": 0.899, "recall_9": 0.908, "f1_9": 0.922}),
    ]
    # IR = 4000 / smallest count: scale the tail so the smallest class has 4000 / IR rows
    imsic_sweep = [
        # geometric tail from 4000 down to 4000 / IR rows over the ten classes
        Task(f"mnist_long_tail_IR{ir}",
             _long_tail_task(load_mnist, mnist_order, np.geomspace(4000, 4000 / ir, 10)),
             (28, 28), "multiclass", minority=[8, 9])
        for ir in (50, 200, 500)
    ]
    tabular = [Task(name, _keel_task(name), None, "binary") for name in KEEL_BENCHMARK]
    # the tabular protocol with the minority of every training fold cut to
    # 10, 20 and 50 rows: tasks "<set>_min10", ...
    fewshot = {name: [Task(f"{name}_min{n}", _keel_task(name, n), None, "binary",
                           minority_cut=n) for n in FEWSHOT_SIZES]
               for name in KEEL_BENCHMARK}
    # mixed-type tables: categorical columns, and missing values that the
    # runner imputes on each training fold (see _run_unit)
    mixed = [Task("default", _mixed_task(load_default), None, "binary", mixed=True),
             Task("credit_data", _mixed_task(load_credit_data), None, "binary", mixed=True),
             Task("wa_churn", _mixed_task(load_wa_churn), None, "binary", mixed=True)]
    return {
        "dvaan": (dvaan, dvaan_sweep),
        "imsic": (imsic, imsic_sweep),
        # quick mode: the first five data sets, two folds
        "tabular": (tabular[:5], tabular[5:]),
        # quick mode: three data sets, two folds; full mode: all 20
        "fewshot": (sum((fewshot[name] for name in FEWSHOT_QUICK), []),
                    sum((tasks for name, tasks in fewshot.items()
                         if name not in FEWSHOT_QUICK), [])),
        # quick and compact mode: the three tables subsampled, two folds
        "mixed": (mixed, []),
    }


#: Conv channels of the deep samplers in quick and compact runs: those of
#: ``conv_channels="auto"`` on a CPU.
COMPACT_CHANNELS = CPU_CONV_CHANNELS


def _deep_params(image_shape, seed, device, quick, compact=False):
    """Shared settings of the deep models in a run.

    Quick mode trains 3 epochs (a smoke test); quick and compact runs use
    conv networks with :data:`COMPACT_CHANNELS`, full runs the papers' sizes
    on every device (not ``conv_channels="auto"``, which is compact on a
    CPU). Compact runs keep the default training length, so their scores
    measure quality.
    """
    deep = dict(image_shape=image_shape, random_state=seed, device=device)
    if quick:
        deep.update(max_epochs=3)
    dvaan, bayes = dict(deep, kernel_sizes=(5, 5, 3, 3)), dict(deep, kernel_sizes=(3, 3, 3, 3))
    if image_shape is not None:
        small = quick or compact
        dvaan["conv_channels"] = COMPACT_CHANNELS if small else DVAANSampler._gpu_conv_channels
        bayes["conv_channels"] = (COMPACT_CHANNELS if small
                                  else BayesGANOversampler._gpu_conv_channels)
    return dvaan, bayes


class ThresholdTuning:
    """The competitor that needs no resampling: a tuned decision threshold.

    The runner trains ``wrap(classifier)`` on the imbalanced training data:
    scikit-learn's :class:`~sklearn.model_selection.TunedThresholdClassifierCV`
    chooses the threshold on the classifier's predicted probability that
    maximises ``scoring`` over a stratified ``n_splits``-fold cross-validation
    *of the training data*, then refits the classifier on all of it.
    Predictions (F1, recall, G-mean) use the tuned threshold; ROC AUC, which
    does not depend on a threshold, is that of the plain classifier. Elor
    and Averbuch-Elor (CIKM 2022) found that with a tuned threshold,
    balancing adds little on tabular data. Binary tasks only.

    ``scoring="balanced_accuracy"``: the mean of the two recalls, the
    arithmetic counterpart of the G-mean the benchmarks report (the square
    root of their product), so the threshold aims at what the G-mean
    rewards; ``"f1"`` would aim at the minority F1 instead.
    """

    def __init__(self, scoring="balanced_accuracy", n_splits=5, random_state=None):
        self.scoring = scoring
        self.n_splits = n_splits
        self.random_state = random_state

    def wrap(self, classifier):
        """``classifier`` in a threshold-tuning cross-validation."""
        cv = StratifiedKFold(self.n_splits, shuffle=True, random_state=self.random_state)
        return TunedThresholdClassifierCV(classifier, scoring=self.scoring, cv=cv)

    def __repr__(self):
        return (f"ThresholdTuning(scoring={self.scoring!r}, n_splits={self.n_splits}, "
                f"random_state={self.random_state!r})")


def samplers(image_shape, seed, device, quick, compact=False):
    """Every competitor, by name.

    None means no resampling; a :class:`ThresholdTuning` means no resampling
    and a classifier with a tuned decision threshold (binary tasks only).
    """
    dvaan, bayes = _deep_params(image_shape, seed, device, quick, compact)
    return {
        "none": None,
        "tuned_threshold": ThresholdTuning(random_state=seed),
        "ros": RandomOverSampler(random_state=seed),
        "ros_shrink": RandomOverSampler(random_state=seed, shrinkage=0.5),
        "smote": SMOTE(random_state=seed),
        "borderline_smote": BorderlineSMOTE(random_state=seed),
        "adasyn": ADASYN(random_state=seed),
        "dvaan": DVAANSampler(**dvaan),
        "dvaan_fixed_mu": DVAANSampler(adapt_mu=False, mu_init=3.0, mu_bounds=(1.0, 5.0),
                                       **dvaan),
        "dvaan_no_aug": DVAANSampler(augmentation=False, **dvaan),
        "dvaan_relative_mu": DVAANSampler(mu_losses="relative", **dvaan),
        "dvaan_interpolate": DVAANSampler(sample_from="interpolate", **dvaan),
        "dvaan_prior": DVAANSampler(sample_from="prior", **dvaan),
        "dvaan_faithful": DVAANSampler(selection="faithful", **dvaan),
        "dvaan_boundary": DVAANSampler(selection="boundary", **dvaan),
        "dvaan_full_steps": DVAANFullSteps(**dvaan),
        "bayesgan": BayesGANOversampler(**bayes),
        "bayesgan_interpolate": BayesGANOversampler(sample_from="interpolate", **bayes),
        "bayesgan_prior": BayesGANOversampler(sample_from="prior", **bayes),
        "bayesgan_authors": BayesGANOversampler(regularizer="authors", **bayes),
        "bayesgan_no_reg": BayesGANOversampler(regularizer_weight=0.0, **bayes),
        "bayesgan_regularizer_1": BayesGANOversampler(regularizer_weight=1.0, **bayes),
        "bayesgan_faithful": BayesGANOversampler(selection="faithful", **bayes),
        "bayesgan_boundary": BayesGANOversampler(selection="boundary", **bayes),
        "bayesgan_full_steps": BayesGANFullSteps(**bayes),
        # the papers' conv networks trained the full 1,000 steps: what
        # conv_channels="auto" and max_epochs="auto" give on a GPU, here on
        # any device (in compact mode the others have small networks)
        "dvaan_papers_networks": DVAANFullSteps(
            **{**dvaan, "conv_channels": DVAANSampler._gpu_conv_channels}),
        "bayesgan_papers_networks": BayesGANFullSteps(
            **{**bayes, "conv_channels": BayesGANOversampler._gpu_conv_channels}),
    }


#: Rows of :func:`samplers` that run only when named in ``--samplers``: the
#: deep samplers trained the full 1,000 steps on a CPU, without the compute
#: budget of ``max_epochs="auto"`` (on a GPU they repeat ``dvaan`` and
#: ``bayesgan``), and so with the papers' conv networks (a GPU's defaults,
#: which compact mode otherwise replaces by small ones), BayesGAN with its
#: former regularizer weight, 1.0, and BayesGAN with each ``sample_from``
#: (``bayesgan`` is the default, latent interpolation; on images the
#: generator's rows until December 2026).
NAMED_ONLY = ("dvaan_full_steps", "bayesgan_full_steps", "dvaan_papers_networks",
              "bayesgan_papers_networks", "bayesgan_regularizer_1",
              "bayesgan_interpolate", "bayesgan_prior")

#: Competitors of the ``mixed`` protocol, in the order of :func:`mixed_samplers`.
MIXED_SAMPLERS = ("none", "tuned_threshold", "ros", "smotenc", "dvaan", "bayesgan")

#: Ablation rows of the ``mixed`` protocol (run only when named in ``--samplers``):
#: quantile scaling of the numeric columns, and the internal categorical choices
#: of :mod:`._variants` (argmax instead of a draw at generation; plain softmax or
#: straight-through instead of Gumbel-softmax in training), and candidate
#: selection (``selection="faithful"``), and the generator's own rows instead of
#: latent interpolation (``sample_from="prior"``, the default before 0e9b7e4).
MIXED_ABLATION = ("dvaan_quantile", "dvaan_argmax", "dvaan_softmax", "dvaan_straight",
                  "dvaan_faithful", "dvaan_prior", "bayesgan_quantile", "bayesgan_argmax",
                  "bayesgan_softmax", "bayesgan_straight", "bayesgan_faithful", "bayesgan_prior")


def mixed_samplers(seed, device, quick, compact=False, names=None):
    """Competitors of the ``mixed`` protocol, by name (only ``names`` if given).

    No resampling, a tuned threshold, random over-sampling, SMOTENC and the
    two deep samplers, each told the categorical columns by their dtype
    (``categorical_features="auto"``: the pandas ``category`` columns of the
    loaders). SMOTEN, imbalanced-learn's sampler for all-categorical data,
    does not apply: every table has numeric columns too. The deep samplers
    have the settings of the other tabular protocols.
    """
    dvaan, bayes = _deep_params(None, seed, device, quick, compact)
    # built on demand: only the chosen ones
    makers = {
        "none": lambda: None,
        "tuned_threshold": lambda: ThresholdTuning(random_state=seed),
        "ros": lambda: RandomOverSampler(random_state=seed),
        "smotenc": lambda: SMOTENC(categorical_features="auto", random_state=seed),
        "dvaan": lambda: DVAANSampler(categorical_features="auto", **dvaan),
        "bayesgan": lambda: BayesGANOversampler(categorical_features="auto", **bayes),
        "dvaan_quantile": lambda: DVAANSampler(categorical_features="auto",
                                               numeric_scaling="quantile", **dvaan),
        "dvaan_argmax": lambda: DVAANArgmax(categorical_features="auto", **dvaan),
        "dvaan_softmax": lambda: DVAANSoftmax(categorical_features="auto", **dvaan),
        "dvaan_straight": lambda: DVAANStraightThrough(categorical_features="auto", **dvaan),
        "dvaan_faithful": lambda: DVAANSampler(categorical_features="auto",
                                               selection="faithful", **dvaan),
        "dvaan_prior": lambda: DVAANSampler(categorical_features="auto",
                                            sample_from="prior", **dvaan),
        "bayesgan_quantile": lambda: BayesGANOversampler(categorical_features="auto",
                                                         numeric_scaling="quantile", **bayes),
        "bayesgan_argmax": lambda: BayesGANArgmax(categorical_features="auto", **bayes),
        "bayesgan_softmax": lambda: BayesGANSoftmax(categorical_features="auto", **bayes),
        "bayesgan_straight": lambda: BayesGANStraightThrough(categorical_features="auto",
                                                             **bayes),
        "bayesgan_faithful": lambda: BayesGANOversampler(categorical_features="auto",
                                                         selection="faithful", **bayes),
        "bayesgan_prior": lambda: BayesGANOversampler(categorical_features="auto",
                                                      sample_from="prior", **bayes),
    }
    # the ablation rows only when asked for by name
    chosen = names or MIXED_SAMPLERS
    return {name: make() for name, make in makers.items() if name in chosen}


def _categorical_columns(X):
    """The columns of a DataFrame that ``categorical_features="auto"`` takes."""
    return [name for name, column in X.items() if _is_categorical(column)]


def mixed_classifiers(seed, quick):
    """Downstream classifiers of the ``mixed`` protocol.

    ``logreg``: logistic regression on one-hot encoded categorical columns
    (categories unseen in training are ignored) and standardized numeric
    ones. ``gboost``: histogram gradient boosting with its native
    categorical splits on the ``category`` columns
    (``categorical_features="from_dtype"``), which needs the samplers to
    return them with that dtype.
    """
    encode = make_column_transformer(
        (OneHotEncoder(handle_unknown="ignore"), _categorical_columns),
        remainder=StandardScaler())
    return {
        "logreg": make_pipeline(encode, LogisticRegression(max_iter=1000)),
        "gboost": HistGradientBoostingClassifier(categorical_features="from_dtype",
                                                 random_state=seed,
                                                 max_iter=50 if quick else 100),
    }


def tabular_classifiers(seed, quick):
    """Downstream classifiers of the tabular and few-shot protocols.

    Besides logistic regression and gradient boosting, three for which
    balancing is known to matter at the default threshold: an RBF SVM, a
    small MLP and 5-nearest neighbours, each on standardized features.
    """
    return {
        "logreg": make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
        "gboost": HistGradientBoostingClassifier(random_state=seed,
                                                 max_iter=50 if quick else 100),
        # probability=True: Platt scaling on libsvm's internal 5-fold CV (5
        # extra fits, milliseconds on KEEL sizes). Every row is then scored
        # the same way, the class of highest probability, and ROC AUC is
        # unchanged (the sigmoid is monotone in the decision function).
        "svm": make_pipeline(StandardScaler(), SVC(probability=True, random_state=seed)),
        # L-BFGS, which scikit-learn recommends for small data: in fold 0 of
        # the 20 KEEL sets (seed 0), plain and randomly over-sampled, every
        # fit converged within 1,483 iterations (adam with 1,000 epochs left
        # 6 of those 40 fits unconverged).
        "mlp": make_pipeline(StandardScaler(), MLPClassifier(
            hidden_layer_sizes=(64,), solver="lbfgs", max_iter=3000, random_state=seed)),
        "knn": make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=5)),
    }


def classifiers(image_shape, seed, device, quick, cifar=False, compact=False):
    """Downstream classifiers, by name.

    ``dvaan_discriminator`` is the DVAAN paper's own classifier (its trained
    discriminator); it runs on the imbalanced data only, never after another
    sampler, so Table 1 can be compared like for like.
    """
    epochs = 2 if quick else (20 if cifar else 10)
    dvaan, _ = _deep_params(image_shape, seed, device, quick, compact)
    return {
        "cnn": SmallCNNClassifier(image_shape=image_shape, epochs=epochs, device=device,
                                  random_state=seed),
        "logreg": make_pipeline(MinMaxScaler(), LogisticRegression(max_iter=300 if quick else 1000)),
        "dvaan_discriminator": DVAANClassifier(DVAANSampler(**dvaan)),
    }


def score(task, y_true, proba, classes, pred=None):
    """The task's metrics from predicted probabilities.

    ``pred``: the predicted labels for the label metrics (F1, recall,
    G-mean, ...); by default the class of highest probability, the 0.5
    threshold of a binary task. ROC AUC always comes from ``proba``.
    """
    if pred is None:
        pred = classes[proba.argmax(axis=1)]
    if task.kind == "binary":
        return {
            "roc_auc": roc_auc_score(y_true, proba[:, 1]),
            "f1": f1_score(y_true, pred),
            "recall": recall_score(y_true, pred),
            "gmean": geometric_mean_score(y_true, pred),
        }
    out = {
        "acsa": balanced_accuracy_score(y_true, pred),
        "macro_f1": f1_score(y_true, pred, average="macro"),
        "gmean": geometric_mean_score(y_true, pred, average="multiclass"),
    }
    for label in task.minority:
        out[f"recall_{label}"] = recall_score(y_true, pred, labels=[label], average="macro")
        out[f"f1_{label}"] = f1_score(y_true, pred, labels=[label], average="macro")
    return out


#: Warning categories about code rather than about a fit's result: not recorded.
API_WARNINGS = (DeprecationWarning, PendingDeprecationWarning, FutureWarning)

#: Order of a row's ``status``, best first.
STATUSES = ("ok", "warning", "failed")


def recorded(fit):
    """Call ``fit()`` and record how it went, instead of dropping a failure.

    Returns ``(result, status, message, seconds)``. ``status`` is ``"ok"``;
    ``"warning"`` when the call raised warnings (``message``: each distinct
    one as ``Category: text``, joined by ``" | "``; deprecation and future
    warnings, which concern code rather than the fit, are left out); or
    ``"failed"`` when it raised an exception (``result`` is None and
    ``message`` is ``Type: text``).
    """
    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = fit()
        except Exception as exc:  # a row says that it failed, and why
            return None, "failed", f"{type(exc).__name__}: {exc}", time.perf_counter() - start
    seconds = time.perf_counter() - start
    seen = dict.fromkeys(f"{w.category.__name__}: {w.message}" for w in caught
                         if not issubclass(w.category, API_WARNINGS))
    return result, "warning" if seen else "ok", " | ".join(seen), seconds


def synthetic_auc(X_real, X_synthetic, image_shape, *, seed=0, device="auto", epochs=10):
    """How well a small CNN tells generated rows from real ones (ROC AUC).

    A two-sample test: real and synthetic rows of one class (at most four
    synthetic rows per real one), half of each for training the CNN, the
    other half for scoring. 0.5: indistinguishable; 1.0: every generated
    row is recognisable. Copies of real rows score about 0.5.
    """
    rng = check_random_state(seed)
    n_syn = min(len(X_synthetic), 4 * len(X_real))
    X_syn = X_synthetic[rng.choice(len(X_synthetic), n_syn, replace=False)]
    X = np.vstack([X_real, X_syn])
    y = np.r_[np.zeros(len(X_real), dtype=np.int64), np.ones(n_syn, dtype=np.int64)]
    train, test = next(StratifiedKFold(2, shuffle=True, random_state=seed).split(X, y))
    cnn = SmallCNNClassifier(image_shape=image_shape, epochs=epochs, device=device,
                             random_state=seed).fit(X[train], y[train])
    return roc_auc_score(y[test], cnn.predict_proba(X[test])[:, 1])


#: Report columns recorded by :func:`sample_quality`, as ``syn_<column>``.
QUALITY_FIGURES = tuple(c for c in REPORT_COLUMNS if c not in ("n_real", "n_synthetic"))


def sample_quality(X_train, y_train, X_res, y_res, image_shape, *, seed=0):
    """The sample-quality report's figures for the smallest over-sampled class.

    The rows that ``fit_resample`` appended after the training rows go
    through :func:`imblearn_deep.metrics.synthetic_quality_report` (default
    classifiers; one global standardization for images). Returns
    ``{"syn_class": label, "syn_detectability": ..., ...}``, one entry per
    figure of :data:`QUALITY_FIGURES`, or ``{}`` when no rows were added.
    """
    n = len(y_train)
    y_new = np.asarray(y_res[n:])
    if len(y_new) == 0:
        return {}
    # a DataFrame's new rows stay a DataFrame (mixed-type tables keep their dtypes)
    X_new = X_res.iloc[n:] if hasattr(X_res, "iloc") else np.asarray(X_res[n:])
    # mixed tables: rows compared with their categorical columns as categories
    report = synthetic_quality_report(
        None, X_train, y_train, synthetic=(X_new, y_new), image_shape=image_shape,
        categorical_features="auto" if hasattr(X_train, "iloc") else None,
        random_state=seed)
    label = report["n_real"].idxmin()
    figures = {"syn_class": plain_label(label)}
    figures.update({f"syn_{c}": float(report.loc[label, c]) for c in QUALITY_FIGURES})
    return figures


def chosen_tasks(protocol, *, quick=False, compact=False, tasks=None):
    """The tasks a run of ``protocol`` covers (sweeps only in full mode)."""
    if quick and compact:
        raise ValueError("Choose quick or compact, not both.")
    table = protocols()
    if protocol not in table:
        raise ValueError(f"Unknown protocol {protocol!r}; choose from {sorted(table)}.")
    main, sweep = table[protocol]
    if not tasks:
        return main + ([] if quick or compact else sweep)
    chosen = [t for t in main + sweep if t.name in tasks]
    if not chosen:
        raise ValueError(f"No task named {tasks}; known: {[t.name for t in main + sweep]}.")
    return chosen


def prepare_data(protocol, *, quick=False, compact=False, tasks=None, data_home=None,
                 download=False):
    """Load the data of every task of a run once, before any training.

    A missing file then stops the run at once (``FileNotFoundError``), not
    after hours of training; with ``download=True`` the files are fetched
    (checksums checked, see :mod:`imblearn_deep.datasets`).
    """
    for task in chosen_tasks(protocol, quick=quick, compact=compact, tasks=tasks):
        task.load(data_home, 0, True, download=download)


def run(protocol, *, quick=False, compact=False, seeds=(0, 1, 2), data_home=None,
        device="auto", tasks=None, sampler_names=None, classifier_names=None, quality=False,
        log=print, n_jobs=1, on_unit=None):
    """Run a protocol; returns a list of result rows (dicts).

    ``quick``: data subsets and 3 training epochs, a smoke test. ``compact``:
    the same data subsets and compact conv networks, but full-length
    training, so the scores mean something on a CPU. Sweeps run only in
    full mode. Outside quick mode, image rows also get ``synthetic_auc``
    (:func:`synthetic_auc` on the smallest class) for every sampler that
    adds rows. With ``quality=True`` (the command line's default), every
    sampler that adds rows also gets the sample-quality figures of
    :func:`sample_quality` (``syn_detectability``, ``syn_memorisation_ratio``,
    ...), computed once per sampler fit and copied into each classifier's
    row; a report that cannot be computed leaves ``syn_error``.

    Every row has a ``status`` and a ``message``: a sampler or classifier
    fit that raises an exception is kept as a row with status ``"failed"``
    and the exception in ``message`` (and no scores), one that raises
    warnings with status ``"warning"`` and the warnings in ``message``
    (see :func:`recorded`); otherwise ``"ok"`` and ``""``. ``n_minority``
    is the number of rows of the smallest class in the training data;
    ``tuned_threshold`` rows also have the tuned ``threshold``.

    The ``mixed`` protocol's tables (pandas DataFrames with ``category``
    columns and missing values) are filled on each training fold by
    :class:`~imblearn_deep.preprocessing.MixedTypeImputer` before any
    competitor sees them, as a pipeline ``(MixedTypeImputer, sampler,
    classifier)`` fitted on the fold would; its competitors are those of
    :func:`mixed_samplers` and its classifiers those of
    :func:`mixed_classifiers`. A sample-quality report that cannot take
    mixed-type rows leaves ``syn_error`` with the reason.

    ``n_jobs``: the (task, seed, fold) units run in parallel through
    :class:`joblib.Parallel` (``-1``: all cores; inside ``with
    joblib.parallel_backend("dask"):`` on a Dask cluster). The data are
    loaded here and sent to the workers; each unit's log lines are
    printed when it finishes, in the order of the units. The rows are
    those of ``n_jobs=1`` in the same order, with the workers' own fit
    times and device. With ``n_jobs`` other than 1 the deep samplers get
    ``n_threads=1``, so that parallel fits do not compete for cores.
    ``on_unit`` (optional) is called with the rows so far after every
    (task, seed, fold) unit, in order, so that a stopped run keeps them.
    """
    small = quick or compact
    chosen = chosen_tasks(protocol, quick=quick, compact=compact, tasks=tasks)
    settings = dict(protocol=protocol, quick=quick, compact=compact, device=device,
                    sampler_names=sampler_names, classifier_names=classifier_names,
                    quality=quality, one_thread=n_jobs != 1)
    units = ((task, seed, fold, split) for seed in seeds for task in chosen
             for fold, split in enumerate(task.load(data_home, seed, small)))
    rows = []
    if n_jobs == 1:  # in this process, logging as it goes
        for task, seed, fold, split in units:
            rows += _run_unit(task, seed, fold, split, log=log, **settings)[0]
            if on_unit is not None:
                on_unit(rows)
        return rows
    # Each worker gets the task without its loader (a closure) and its
    # data; log lines come back with the rows, unit by unit, in order.
    results = Parallel(n_jobs=n_jobs, **_IN_ORDER_AS_DONE)(
        delayed(_run_unit)(replace(task, load=None), seed, fold, split, log=None, **settings)
        for task, seed, fold, split in units)
    for unit_rows, lines in results:
        for line in lines:
            log(line)
        rows += unit_rows
        if on_unit is not None:
            on_unit(rows)
    return rows


#: Results of joblib.Parallel as each finishes, in order (joblib 1.3 on).
_IN_ORDER_AS_DONE = ({"return_as": "generator"}
                     if "return_as" in inspect.signature(Parallel).parameters else {})


def cpu_model():
    """The processor's name: /proc/cpuinfo's model name on Linux, else platform's.

    Figures measured on different days may come from different processors
    behind the same number of cores; results files name it so that they can
    be told apart.
    """
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown processor"


def _device_name(device):
    return (torch.cuda.get_device_name(0) if device != "cpu" and torch.cuda.is_available()
            else f"cpu ({cpu_model()}, {torch.get_num_threads()} threads)")


def _one_thread(estimator):
    """Set every ``n_threads`` parameter of ``estimator`` (nested ones too) to 1."""
    if hasattr(estimator, "get_params"):
        keys = [k for k in estimator.get_params() if k == "n_threads" or k.endswith("__n_threads")]
        estimator.set_params(**dict.fromkeys(keys, 1))
    return estimator


def _run_unit(task, seed, fold, split, *, protocol, quick, compact, device, sampler_names,
              classifier_names, quality, one_thread, log):
    """Every competitor and classifier on one (task, seed, fold): ``(rows, log lines)``.

    ``log=None`` keeps the log lines and returns them (for a worker);
    otherwise they go to ``log`` at once and the list is empty.
    """
    lines = []
    log = log or lines.append
    X_tr, y_tr, X_te, y_te = split
    shape = task.image_shape
    if task.mixed:
        # As a pipeline (MixedTypeImputer, sampler, classifier) fitted on the
        # training fold: the fill values are learnt from the training rows
        # only, and every competitor and classifier gets the same filled rows.
        imputer = MixedTypeImputer().fit(X_tr)
        X_tr, X_te = imputer.transform(X_tr), imputer.transform(X_te)
    if shape is not None:
        # The loaders return uint8 pixels; imbalanced-learn's SMOTE,
        # BorderlineSMOTE and ADASYN interpolate in the input dtype,
        # where differences of uint8 neighbours wrap around (10 - 12
        # gives 254). Every competitor gets the same float32 pixels.
        X_tr, X_te = X_tr.astype(np.float32), X_te.astype(np.float32)
    device_name = _device_name(device)
    n_minority = int(np.unique(y_tr, return_counts=True)[1].min())
    if task.minority_cut is not None and n_minority < task.minority_cut:
        log(f"  {task.name} seed {seed} fold {fold}: only {n_minority} minority rows "
            f"in the training fold, all kept")
    clfs = (mixed_classifiers(seed, quick) if task.mixed
            else tabular_classifiers(seed, quick) if shape is None
            else classifiers(shape, seed, device, quick, cifar=len(shape) == 3,
                             compact=compact))
    clfs = {k: v for k, v in clfs.items() if not classifier_names or k in classifier_names}
    if one_thread:
        clfs = {k: _one_thread(v) for k, v in clfs.items()}
    rows = []
    competitors = (mixed_samplers(seed, device, quick, compact, names=sampler_names)
                   if task.mixed else samplers(shape, seed, device, quick, compact))
    for name, sampler in competitors.items():
        if (sampler_names and name not in sampler_names
                or not sampler_names and name in NAMED_ONLY):
            continue
        tuning = sampler if isinstance(sampler, ThresholdTuning) else None
        if tuning is not None:
            if task.kind != "binary":
                log(f"  {task.name} seed {seed} {name}: binary tasks only, skipped")
                continue
            sampler = None  # no resampling: the classifier is wrapped below
        if one_thread:
            _one_thread(sampler)
        resampled, status, message, sampler_time = recorded(
            lambda: (X_tr, y_tr) if sampler is None else sampler.fit_resample(X_tr, y_tr))
        if status != "ok":
            log(f"  {task.name} seed {seed} {name}: {status} ({message})")
        X_res, y_res = resampled or (None, None)
        realism = {}
        if X_res is not None and shape is not None and not quick and len(y_res) > len(y_tr):
            labels, counts = np.unique(y_tr, return_counts=True)
            smallest = labels[np.argmin(counts)]
            new = np.asarray(X_res[len(y_tr):])[np.asarray(y_res[len(y_tr):]) == smallest]
            if len(new):
                realism["synthetic_auc"] = synthetic_auc(
                    X_tr[y_tr == smallest], new, shape, seed=seed, device=device,
                    epochs=20 if len(shape) == 3 else 10)
        figures = {}
        if quality and X_res is not None and len(y_res) > len(y_tr):
            try:
                figures = sample_quality(X_tr, y_tr, X_res, y_res, shape, seed=seed)
            except ValueError as exc:  # e.g. non-finite rows from a diverged fit
                figures = {"syn_error": str(exc)}
                if task.mixed:  # e.g. "could not convert string to float"
                    figures["syn_error"] = f"the diagnostics could not take mixed-type rows ({exc})"
            log(f"  {task.name} seed {seed} {name:>17} sample quality: " + ", ".join(
                f"{k[4:]} {v:.3f}" if isinstance(v, float) else f"{k[4:]} {v}"
                for k, v in figures.items()))
        for clf_name, clf in clfs.items():
            if clf_name == "dvaan_discriminator" and (sampler is not None or tuning is not None):
                continue
            if tuning is not None:
                clf = tuning.wrap(clf)
            # A failed or warned fit stays a row: its status and
            # message say what happened (no scores if it failed).
            row = dict(protocol=protocol, task=task.name, seed=seed, fold=fold, sampler=name,
                       classifier=clf_name, status=status,
                       message=f"sampler: {message}" if message else "",
                       quick=quick, compact=compact, n_train=len(y_tr), n_minority=n_minority,
                       sampler_fit_time=sampler_time, classifier_fit_time=None,
                       device=device_name, version=__version__)
            rows.append(row)
            row.update(figures)
            if X_res is None:
                continue
            fitted, clf_status, clf_message, clf_time = recorded(
                lambda: clone(clf).fit(X_res, y_res))
            row["classifier_fit_time"] = clf_time
            if clf_message:
                row["message"] = " | ".join(filter(None, [
                    row["message"], f"classifier: {clf_message}"]))
                row["status"] = max(status, clf_status, key=STATUSES.index)
            if fitted is None:
                log(f"  {task.name} seed {seed} {name:>17} + {clf_name:<6} failed "
                    f"({clf_message})")
                continue
            # The tuned classifier's labels come from its tuned threshold
            # (predict); every other row's from the highest probability.
            pred = fitted.predict(X_te) if tuning is not None else None
            metrics = score(task, y_te, fitted.predict_proba(X_te), fitted.classes_, pred=pred)
            if tuning is not None:
                row["threshold"] = float(fitted.best_threshold_)
            row.update(metrics, **realism)
            shown = ", ".join(f"{k} {v:.3f}" for k, v in {**metrics, **realism}.items())
            log(f"  {task.name} seed {seed} {name:>17} + {clf_name:<6} {shown} "
                f"(sampler {sampler_time:.1f}s)")
    return rows, lines


def write_csv(rows, path):
    """All result rows, one per (task, seed, sampler, classifier)."""
    keys = list(dict.fromkeys(k for row in rows for k in row))
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=keys)
        writer.writeheader()
        writer.writerows(rows)


def save_results(rows, table, out, stem, quiet=False):
    """Write ``rows`` as ``out/stem.csv`` and ``table`` as ``out/stem.md``, and print the table.

    ``quiet``: write only (the runner saves after every unit this way).
    """
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    write_csv(rows, out / f"{stem}.csv")
    (out / f"{stem}.md").write_text(table)
    if not quiet:
        print(table)
        print(f"results written to {out / stem}.csv and .md")


def _mode(row):
    if row.get("quick") in (True, "True"):
        return "quick (smoke test: 3 training epochs, scores say nothing about quality)"
    if row.get("compact") in (True, "True"):
        return (f"compact (data subsets, conv channels {COMPACT_CHANNELS}, the default "
                "training length: max_epochs='auto', within its compute budget on a CPU)")
    return "full"


def markdown(rows, protocol):
    """Mean and standard deviation over seeds, with the paper's own figures."""
    paper = {t.name: t.paper for t in sum(protocols()[protocol], [])}
    lines = []
    for task in dict.fromkeys(r["task"] for r in rows):
        task_rows = [r for r in rows if r["task"] == task]
        keys = dict.fromkeys(k for r in task_rows for k in r)
        metrics = [k for k in keys if k in (
            "roc_auc", "f1", "recall", "acsa", "macro_f1", "gmean", "synthetic_auc")
            or k.startswith(("recall_", "f1_"))]
        lines += [f"### {task}", "",
                  "| sampler | classifier | " + " | ".join(metrics) + " | sampler fit (s) | runs |",
                  "|" + " --- |" * (len(metrics) + 4)]
        problems = []
        for sampler, clf in dict.fromkeys((r["sampler"], r["classifier"]) for r in task_rows):
            group = [r for r in task_rows if r["sampler"] == sampler and r["classifier"] == clf]
            done = [r for r in group if _status(r) != "failed"]  # failed runs have no scores
            cells = []
            for m in metrics:
                values = np.array([r[m] for r in done if r.get(m) not in (None, "")],
                                  dtype=float)
                cells.append(f"{values.mean():.4f} ± {values.std():.4f}" if len(values) else "")
            times = [float(r["sampler_fit_time"]) for r in done]
            fit = f"{np.mean(times):.1f}" if times else ""
            lines.append(f"| {sampler} | {clf} | " + " | ".join(cells)
                         + f" | {fit} | {_runs(group)} |")
            told = Counter((_status(r), r.get("message") or "") for r in group
                           if _status(r) != "ok")
            problems += [f"- {sampler} + {clf}: {n} of {len(group)} run(s) "
                         f"{'failed' if status == 'failed' else 'raised warnings'}: "
                         + _short(message) for (status, message), n in told.items()]
        if paper.get(task):
            cells = [f"{paper[task][m]:.4f}" if m in paper[task] else "" for m in metrics]
            lines.append("| paper (own method) | own | " + " | ".join(cells) + " | | |")
        seeds = sorted({r["seed"] for r in task_rows})
        folds = len({r.get("fold", 0) for r in task_rows})
        counts = sorted({int(float(r["n_minority"])) for r in task_rows
                         if r.get("n_minority") not in (None, "")})
        minority = ("" if not counts else f"minority training rows {counts[0]}; " if len(counts) == 1
                    else f"minority training rows {counts[0]}-{counts[-1]}; ")
        lines += ["", f"Seeds {seeds}, {folds} fold(s) each (mean and std over all); {minority}"
                  f"device: {task_rows[0]['device']}; mode: {_mode(task_rows[0])}.", ""]
        lines += _quality_table(task_rows)
        if problems:
            lines += ["Failed runs are left out of the means and fit times (the runs column "
                      "counts them); runs with warnings are included.", "", *problems, ""]
    return "\n".join(lines)


def _quality_table(task_rows):
    """Sample quality per sampler (one value per sampler fit), or no lines.

    Fits whose report could not be computed are counted under the table,
    per sampler, with the first reason (``syn_error``).
    """
    runs, errors = {}, {}
    for r in task_rows:  # the classifiers' rows of one fit share its figures
        if r.get("syn_detectability") not in (None, ""):
            runs.setdefault(r["sampler"], {})[(r["seed"], r.get("fold", 0))] = r
        elif r.get("syn_error") not in (None, ""):
            errors.setdefault(r["sampler"], {})[(r["seed"], r.get("fold", 0))] = r["syn_error"]
    notes = [f"- {sampler}: sample quality not computed for {len(fits)} fit(s), e.g.: "
             + _short(next(iter(fits.values()))) for sampler, fits in errors.items()]
    if not runs:
        return notes + [""] if notes else []
    labels = {str(r.get("syn_class")) for group in runs.values() for r in group.values()}
    lines = [f"Sample quality of the synthetic rows of class {', '.join(sorted(labels))} "
             "(imblearn_deep.metrics; mean ± std over fits):", "",
             "| sampler | " + " | ".join(QUALITY_FIGURES).replace("_", " ") + " |",
             "|" + " --- |" * (len(QUALITY_FIGURES) + 1)]
    for sampler, group in runs.items():
        cells = []
        for m in QUALITY_FIGURES:
            values = np.array([r[f"syn_{m}"] for r in group.values()
                               if r.get(f"syn_{m}") not in (None, "")], dtype=float)
            cells.append(f"{values.mean():.3f} ± {values.std():.3f}" if len(values) else "")
        lines.append(f"| {sampler} | " + " | ".join(cells) + " |")
    return lines + [""] + (notes + [""] if notes else [])


def _status(row):
    """A row's status; rows written before statuses were recorded are ``"ok"``."""
    return row.get("status") or "ok"


def _runs(group):
    """The number of runs, and how many failed or raised warnings: ``5 (1 failed)``."""
    counts = Counter(_status(r) for r in group)
    told = [f"{counts[s]} {'failed' if s == 'failed' else 'with warnings'}"
            for s in STATUSES[1:][::-1] if counts[s]]
    return f"{len(group)}" + (f" ({', '.join(told)})" if told else "")


def _short(message, limit=300):
    """One line of at most ``limit`` characters."""
    message = " ".join(str(message).split())
    return message if len(message) <= limit else message[:limit - 3] + "..."
