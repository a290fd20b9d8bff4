"""The classifiers of the sample-quality diagnostics.

The two-sample test of :func:`imblearn_deep.metrics.detectability` (with
folds that keep a near-copy with its real original) and the real-data
classifier of :func:`imblearn_deep.metrics.class_fidelity`, each on a
bounded random subset of rows.
"""

import contextlib
import numbers

import numpy as np
from sklearn.base import clone
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import StratifiedKFold, cross_val_score
from threadpoolctl import threadpool_limits

from ._neighbours import kth_neighbour_distances, nearest_rows


def default_classifier(random_state):
    """Gradient boosting: nonlinear, scale-free, bounded cost.

    No class weights: with weights scikit-learn bins the features through
    weighted percentiles, which made a fit 5-10x slower; the imbalance is
    handled by the callers instead (capped sides, prior-corrected decisions).
    """
    return HistGradientBoostingClassifier(
        max_iter=50, learning_rate=0.2, max_leaf_nodes=15, early_stopping=False,
        random_state=random_state,
    )


def one_thread(default):
    """One OpenMP thread for the default classifier, the caller's choice otherwise.

    Its fits are small (bounded by ``max_samples``), and on this project's
    shared 2-core CPU a gradient-boosting fit of 20,000 x 50 rows took
    0.8-0.9 s on one thread and 2.7-48 s on two while other processes
    competed for the cores (threads wait for each other at every split).
    """
    return threadpool_limits(1, user_api="openmp") if default else contextlib.nullcontext()


def subsample(n, max_samples, rng):
    if n <= max_samples:
        return np.arange(n)
    return np.sort(rng.choice(n, max_samples, replace=False))


def check_max_samples(max_samples):
    if not isinstance(max_samples, numbers.Integral) or max_samples < 2:
        raise ValueError(f"max_samples must be an integer of at least 2; got {max_samples!r}.")


def copy_aware_folds(R, S, cv, copy_factor, rng):
    """Stratified folds, except that a near-copy joins the fold of its real original.

    A synthetic row that is a near-copy of a real row (as in
    :func:`memorisation`) is put in that row's fold, so the classifier
    cannot learn "this spot was labelled synthetic" from one and apply it
    to the other: copies then score 0.5 instead of far below it. All other
    rows are spread over the folds at random, so a fresh draw from the real
    distribution is scored without bias. Falls back to plain stratified
    folds when the grouping leaves a fold without synthetic rows to train
    or test on (synthetic rows piled onto a few real rows).
    """
    real_fold = rng.permutation(np.arange(len(R)) % cv)
    nearest, distance = nearest_rows(S, R)
    real_loo = kth_neighbour_distances(R, 1)[:, 0]
    copy = distance <= copy_factor * real_loo[nearest]
    syn_fold = np.empty(len(S), dtype=np.intp)
    syn_fold[copy] = real_fold[nearest[copy]]
    syn_fold[~copy] = rng.permutation(np.arange(int(np.sum(~copy))) % cv)
    per_fold = np.bincount(syn_fold, minlength=cv)
    if per_fold.min() == 0 or per_fold.max() == len(S):
        seed = int(rng.randint(np.iinfo(np.int32).max))
        y = np.r_[np.zeros(len(R)), np.ones(len(S))]
        return list(StratifiedKFold(cv, shuffle=True, random_state=seed).split(y, y))
    fold = np.r_[real_fold, syn_fold]
    return [(np.flatnonzero(fold != f), np.flatnonzero(fold == f)) for f in range(cv)]


def two_sample_auc(R, S, classifier, cv, max_samples, copy_factor, rng):
    if not isinstance(cv, numbers.Integral) or cv < 2:
        raise ValueError(f"cv must be an integer of at least 2; got {cv!r}.")
    check_max_samples(max_samples)
    R = R[subsample(len(R), max_samples, rng)]
    S = S[subsample(len(S), min(max_samples, 4 * len(R)), rng)]
    for n, what in ((len(R), "real"), (len(S), "synthetic")):
        if n < cv:
            raise ValueError(
                f"detectability needs at least cv={cv} {what} rows (one per fold); got {n}."
            )
    if len(R) < 2:
        raise ValueError(f"detectability needs at least 2 real rows; got {len(R)}.")
    folds = copy_aware_folds(R, S, cv, copy_factor, rng)
    seed = int(rng.randint(np.iinfo(np.int32).max))
    model = default_classifier(seed) if classifier is None else clone(classifier)
    X = np.vstack([R, S])
    y = np.r_[np.zeros(len(R), dtype=np.int64), np.ones(len(S), dtype=np.int64)]
    with one_thread(classifier is None):
        return float(np.mean(cross_val_score(model, X, y, cv=folds, scoring="roc_auc")))


def fit_class_model(X, y, classifier, max_samples, rng):
    """The real-data classifier, and a function of balanced predictions."""
    check_max_samples(max_samples)
    keep = np.concatenate([
        np.flatnonzero(y == label)[subsample(int(np.sum(y == label)), max_samples, rng)]
        for label in np.unique(y)
    ])
    keep.sort()
    seed = int(rng.randint(np.iinfo(np.int32).max))
    model = default_classifier(seed) if classifier is None else clone(classifier)
    with one_thread(classifier is None):
        model.fit(X[keep], y[keep])
    if not hasattr(model, "predict_proba"):
        return model.predict
    classes, counts = np.unique(y[keep], return_counts=True)
    order = np.searchsorted(classes, model.classes_)
    prior = counts[order] / counts.sum()

    def predict(X_new):
        # argmax of p(c | x) / p(c): the decision of balanced class weights
        with one_thread(classifier is None):
            proba = model.predict_proba(X_new)
        return model.classes_[np.argmax(proba / prior, axis=1)]
    return predict
