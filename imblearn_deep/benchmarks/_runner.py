"""The run loop of the benchmarks: every competitor and classifier on every unit.

Every competitor resamples the *imbalanced training data only*, every
classifier is trained on the result, and everything is scored on the
untouched test split. Nothing is selected on the test set. Only the public
API of the package is used. The protocols are in :mod:`._protocols`, the
competitors and classifiers in :mod:`._competitors`, the results files in
:mod:`._report`; their names are importable from here too.
"""

import inspect
import platform
import time
import warnings
from dataclasses import replace

import numpy as np
import torch
from imblearn.metrics import geometric_mean_score
from joblib import Parallel, delayed
from sklearn.base import clone
from sklearn.metrics import (
    balanced_accuracy_score,
    brier_score_loss,
    f1_score,
    recall_score,
    roc_auc_score,
)
from sklearn.model_selection import StratifiedKFold
from sklearn.utils import check_random_state

from imblearn_deep import __version__
from imblearn_deep._checks import plain_label
from imblearn_deep.metrics import memorisation, synthetic_quality_report
from imblearn_deep.preprocessing import MixedTypeImputer

from ._cnn import SmallCNNClassifier
from ._peers import missing_package
from ._competitors import (  # noqa: F401 - the runner's names, importable from here
    COMPACT_CHANNELS,
    DEFAULT_SAMPLERS,
    FULL_STEPS,
    MIXED_ABLATION,
    MIXED_SAMPLERS,
    NAMED_ONLY,
    PEERS,
    ThresholdTuning,
    deep_params,
    classifiers,
    epochs_for_steps,
    mixed_classifiers,
    mixed_samplers,
    samplers,
    tabular_classifiers,
    with_steps,
)
from ._protocols import (  # noqa: F401
    FEWSHOT_QUICK,
    FEWSHOT_SIZES,
    LONG_TAIL_COUNTS,
    MIXED_QUICK_ROWS,
    MIXED_TABLES,
    Task,
    binary_task,
    keel_task,
    long_tail_task,
    mixed_task,
    protocols,
)
from ._report import (  # noqa: F401
    QUALITY_FIGURES,
    STATUSES,
    markdown,
    save_results,
    write_csv,
)


def score(task, y_true, proba, classes, pred=None):
    """The task's metrics from predicted probabilities.

    ``pred``: the predicted labels for the label metrics (F1, recall,
    G-mean, ...); by default the class of highest probability, the 0.5
    threshold of a binary task. ROC AUC always comes from ``proba``, and
    so does a binary task's ``brier``: the Brier score (mean squared error,
    lower is better) of the predicted probability of ``classes[1]``, the
    minority (label 1) in every binary task of the protocols. Over-sampling
    shifts that probability upwards (imbalanced-learn issue 1101), which
    the Brier score shows and the ranking metrics do not.
    """
    if pred is None:
        pred = classes[proba.argmax(axis=1)]
    if task.kind == "binary":
        return {
            "roc_auc": roc_auc_score(y_true, proba[:, 1]),
            "f1": f1_score(y_true, pred),
            "recall": recall_score(y_true, pred),
            "gmean": geometric_mean_score(y_true, pred),
            "brier": brier_score_loss(y_true, proba[:, 1], pos_label=classes[1]),
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


def near_copy_share(X_train, y_train, X_res, y_res, image_shape):
    """The share of the new rows of the smallest class that near-copy a training row.

    The rows that ``fit_resample`` appended after the training rows and
    labelled with the training data's smallest class are compared with that
    class's training rows by :func:`imblearn_deep.metrics.memorisation`
    (its default ``copy_factor``; images standardized globally, DataFrames
    with their category columns as categories). None when no such row was
    appended. Cheap at the protocols' sizes: 3,600 new rows of 784 pixels
    against 400 real ones take about half a second on 2 cores.
    """
    n = len(y_train)
    smallest = smallest_class(y_train)
    new = np.asarray(y_res[n:]) == smallest
    if not new.any():
        return None
    X_new = X_res.iloc[n:][new] if hasattr(X_res, "iloc") else np.asarray(X_res[n:])[new]
    return copy_share(X_train, y_train, X_new, image_shape)


def smallest_class(y):
    """The label of the class with the fewest rows of ``y``."""
    labels, counts = np.unique(y, return_counts=True)
    return labels[np.argmin(counts)]


def copy_share(X_train, y_train, X_new, image_shape):
    """The share of rows ``X_new`` that near-copy a training row of the smallest class.

    :func:`imblearn_deep.metrics.memorisation` with its default
    ``copy_factor``: images standardized globally, DataFrames with their
    category columns as categories.
    """
    result = memorisation(X_train[y_train == smallest_class(y_train)], X_new,
                          standardize="global" if image_shape is not None else True,
                          categorical_features="auto" if hasattr(X_new, "iloc") else None)
    return result.near_copy_share


def chosen_tasks(protocol, *, quick=False, compact=False, tasks=None):
    """The tasks a run of ``protocol`` covers (sweeps only in full mode)."""
    if quick and compact:
        raise ValueError("Choose quick or compact, not both.")
    table = protocols()
    if protocol not in table:
        raise ValueError(f"Unknown protocol {protocol!r}; choose from {sorted(table)}.")
    main, sweep = table[protocol]
    if not tasks:
        if quick and protocol == "dvaan":
            # a smoke test: one pair of each data set (the 1:10 pairs)
            return [t for t in main if t.name.endswith("1:10")]
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

    Rows of binary tasks have ``brier``, the Brier score of the predicted
    minority probability (see :func:`score`). Every sampler that appends
    rows gets ``near_copy_share`` (:func:`near_copy_share`, whatever
    ``quality`` says), copied into each classifier's row; rows without
    synthetic rows (no resampling, the tuned threshold) have none.

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
            rows += run_unit(task, seed, fold, split, log=log, **settings)[0]
            if on_unit is not None:
                on_unit(rows)
        return rows
    # Each worker gets the task without its loader (a closure) and its
    # data; log lines come back with the rows, unit by unit, in order.
    results = Parallel(n_jobs=n_jobs, **_IN_ORDER_AS_DONE)(
        delayed(run_unit)(replace(task, load=None), seed, fold, split, log=None, **settings)
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


def with_one_thread(estimator):
    """Set every ``n_threads`` parameter of ``estimator`` (nested ones too) to 1."""
    if hasattr(estimator, "get_params"):
        keys = [k for k in estimator.get_params() if k == "n_threads" or k.endswith("__n_threads")]
        estimator.set_params(**dict.fromkeys(keys, 1))
    return estimator


def run_unit(task, seed, fold, split, *, protocol, quick, compact, device, sampler_names,
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
        clfs = {k: with_one_thread(v) for k, v in clfs.items()}
    rows = []
    competitors = (mixed_samplers(seed, device, quick, compact, names=sampler_names)
                   if task.mixed else samplers(shape, seed, device, quick, compact))
    for name, sampler in competitors.items():
        if (sampler_names and name not in sampler_names
                or not sampler_names and name in NAMED_ONLY):
            continue
        if name in FULL_STEPS:  # max_epochs for the steps on these rows
            with_steps(sampler, FULL_STEPS[name], len(y_tr))
        missing = missing_package(sampler)
        if missing:
            log(f"  {task.name} seed {seed} {name}: skipped, {missing}")
            continue
        tuning = sampler if isinstance(sampler, ThresholdTuning) else None
        if tuning is not None:
            if task.kind != "binary":
                log(f"  {task.name} seed {seed} {name}: binary tasks only, skipped")
                continue
            sampler = None  # no resampling: the classifier is wrapped below
        if one_thread:
            with_one_thread(sampler)
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
        copies = {}  # of every sampler that appended rows, whatever the quality flag
        if X_res is not None and len(y_res) > len(y_tr):
            try:
                share = near_copy_share(X_tr, y_tr, X_res, y_res, shape)
            except ValueError as exc:  # e.g. non-finite rows from a diverged fit
                share = None
                log(f"  {task.name} seed {seed} {name}: near-copy share not computed ({exc})")
            if share is not None:
                copies["near_copy_share"] = share
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
            row.update(figures, **copies)
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
            shown = ", ".join(f"{k} {v:.3f}"
                              for k, v in {**metrics, **realism, **copies}.items())
            log(f"  {task.name} seed {seed} {name:>17} + {clf_name:<6} {shown} "
                f"(sampler {sampler_time:.1f}s)")
    return rows, lines

