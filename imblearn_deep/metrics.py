"""Sample-quality diagnostics: are synthetic rows faithful, diverse and new?

Each function compares the synthetic rows of one class with the real rows of
that class (and, for :func:`class_fidelity`, of the other classes). They
work with rows from any over-sampler: ours, SMOTE, anything with
``fit_resample``. :func:`synthetic_quality_report` computes all of them per
over-sampled class in one call and returns a pandas DataFrame (pandas is
optional: ``pip install pandas``).

Distances are Euclidean, on features standardized with the mean and
standard deviation of the *real* rows (``standardize=True``), so that no
feature dominates through its unit. For images, where border pixels have
almost no variance, pass ``standardize="global"`` (one mean and one standard
deviation for all values; this keeps the pixel geometry) or ``False``.
Neighbour searches run in chunks of bounded size, so memory grows with the
number of rows, not with its square.

Cost: the k-NN figures (:func:`memorisation`, :func:`knn_precision_recall`,
:func:`density_coverage`, and the report's) compare every synthetic row
with every real row of its class, so their time grows with
``n_real x n_synthetic x n_features``: 20,000 x 20,000 rows took about 7 s
on a 2-core machine, and four times as many rows take about sixteen times
as long. They take every row given, with no cap: for larger sets pass a
random subset (e.g. ``X[rng.choice(len(X), 20000, replace=False)]``).
:func:`detectability` and :func:`class_fidelity` train on at most
``max_samples`` rows.

+--------------------------+-----------------------+------------------------+
| figure                   | good generator        | bad sign               |
+==========================+=======================+========================+
| detectability            | about 0.5 (copies     | near 1: recognisable   |
|                          | too: see memorisation)|                        |
+--------------------------+-----------------------+------------------------+
| memorisation ratio       | about 1               | near 0: copies; well   |
|                          |                       | above 1: off the data  |
+--------------------------+-----------------------+------------------------+
| near-copy share          | about 0               | near 1: copies         |
+--------------------------+-----------------------+------------------------+
| precision / density      | about 1               | low: outside the class |
+--------------------------+-----------------------+------------------------+
| recall / coverage        | about 1 (coverage     | low: collapsed onto a  |
|                          | ``1 - 2**-k``)        | part of the class      |
+--------------------------+-----------------------+------------------------+
| class fidelity           | about 1               | near 0: other class;   |
|                          |                       | near 1/n_classes: noise|
+--------------------------+-----------------------+------------------------+
"""

import numbers

import numpy as np
from sklearn.utils import Bunch, check_random_state

from ._checks import check_image_shape, plain_label
from ._detection import check_max_samples, fit_class_model, two_sample_auc
from ._metric_inputs import (
    check_copy_factor,
    check_k,
    check_labels,
    check_pair,
    synthetic_rows,
)
from ._neighbours import (
    Standardizer,
    memorisation_figures,
    kth_neighbour_distances,
    nearest_rows,
    neighbour_figures,
    standardize_pair,
)
from ._columns import check_table, resolve_categorical
from ._tabular import MixedScaler

__all__ = [
    "class_fidelity",
    "density_coverage",
    "detectability",
    "knn_precision_recall",
    "memorisation",
    "synthetic_quality_report",
]


#: Columns of :func:`synthetic_quality_report`, in order.
REPORT_COLUMNS = (
    "n_real", "n_synthetic", "detectability", "memorisation_ratio", "near_copy_share",
    "precision", "recall", "density", "coverage", "class_fidelity",
)


def _pandas():
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "synthetic_quality_report returns a pandas DataFrame and needs pandas; "
            "install it with 'pip install pandas'. The single metrics of "
            "imblearn_deep.metrics work without it."
        ) from exc
    return pd


def detectability(X_real, X_synthetic, *, classifier=None, cv=3, max_samples=2000,
                  copy_factor=0.1, standardize=True, random_state=None):
    """How well a classifier tells synthetic rows from real ones (ROC AUC).

    A classifier two-sample test [Lopez-Paz2017]_: real rows are labelled 0,
    synthetic rows 1, and the mean ROC AUC over ``cv`` stratified folds is
    returned. 0.5: the classifier cannot tell them apart; 1.0: every
    synthetic row is recognisable.

    Copies are a trap for this test: a synthetic copy in a training fold
    would teach the classifier that its real original in the test fold is
    synthetic, and copies would score far *below* 0.5. So a synthetic row
    that is a near-copy of a real row (see :func:`memorisation`) is always
    put in the fold of that row, and the other rows are spread over the
    folds at random. Detectability then measures realism alone: copies
    score about 0.5, like a fresh draw from the real distribution, and
    :func:`memorisation` tells the two apart. Values still clearly below
    0.5 point to rows just outside the near-copy threshold.

    Parameters
    ----------
    X_real : array-like of shape (n_real, n_features)
        Real rows of one class.
    X_synthetic : array-like of shape (n_synthetic, n_features)
        Synthetic rows generated for that class.
    classifier : classifier, default=None
        Any scikit-learn classifier with ``predict_proba`` or
        ``decision_function``; it is cloned. None uses a
        ``HistGradientBoostingClassifier`` (50 trees of at most 15 leaves,
        learning rate 0.2) on one thread: nonlinear, insensitive to feature
        scales, and about a second for the default ``max_samples``. For
        images it works on the flat pixels; any image classifier with a
        scikit-learn interface can be passed instead.
    cv : int, default=3
        Number of stratified folds.
    max_samples : int, default=2000
        At most this many rows of each side enter the test (a random
        subset), which bounds its cost; at most four synthetic rows per
        real row, so that the classes stay near balance.
    copy_factor : float, default=0.1
        Threshold of a near-copy, as in :func:`memorisation`.
    standardize : bool or "global", default=True
        Standardize the features with the real rows' statistics first (see
        the module description). It matters for scale-sensitive classifiers
        and for which rows count as near-copies.
    random_state : int, RandomState instance or None, default=None
        Seeds the subsets, the folds and the default classifier.

    Returns
    -------
    auc : float
        Mean cross-validated ROC AUC.

    References
    ----------
    .. [Lopez-Paz2017] D. Lopez-Paz and M. Oquab, "Revisiting Classifier
       Two-Sample Tests", ICLR 2017.
    """
    X_real, X_synthetic = check_pair(X_real, X_synthetic)
    check_copy_factor(copy_factor)
    R, S = standardize_pair(X_real, X_synthetic, standardize)
    return two_sample_auc(R, S, classifier, cv, max_samples, copy_factor,
                          check_random_state(random_state))


def _mixed_encoder(categorical_features, X):
    """A function that maps rows of the table X into the deep samplers' space, or None.

    None when ``categorical_features`` is None or names no column of X;
    otherwise the encoder's scaler is fitted on X (numeric columns onto
    ``[-1, 1]`` by their range, each categorical column one-hot with
    entries ``+-1/sqrt(2)``; see :func:`synthetic_quality_report`).
    """
    if categorical_features is None:
        return None
    if hasattr(X, "tocsr"):
        raise ValueError("categorical_features needs dense X (a DataFrame or an array).")
    table = check_table(X, ensure_min_samples=0)
    categorical = resolve_categorical(categorical_features, table, table.shape[1])
    if not categorical.size:
        return None
    mixed = MixedScaler(categorical, column_names=getattr(table, "columns", None))
    mixed.fit(table)

    def encode(rows):
        return mixed.transform(check_table(rows, ensure_min_samples=0)).astype(np.float64)

    return encode


def memorisation(X_real, X_synthetic, *, copy_factor=0.1, standardize=True,
                 categorical_features=None):
    """Distances of synthetic rows to their closest real row, against real rows' own.

    For each synthetic row :math:`s`, :math:`d(s)` is its distance to the
    closest real row :math:`r(s)`; for each real row :math:`r`,
    :math:`d_{\\mathrm{real}}(r)` is its distance to the closest *other*
    real row (leave-one-out). Then

    - ``ratio`` :math:`= \\mathrm{median}_s\\, d(s) /
      \\mathrm{median}_r\\, d_{\\mathrm{real}}(r)`. A fresh draw from the
      real rows' distribution has about the same nearest-neighbour
      distances as the real rows among themselves, so a good generator
      scores about 1; a copier scores 0; interpolation (SMOTE) lies in
      between; values well above 1 mean rows away from the data.
    - ``near_copy_share``: the share of synthetic rows with
      :math:`d(s) \\le` ``copy_factor`` :math:`\\cdot
      d_{\\mathrm{real}}(r(s))`, that is, closer to a real row than a tenth
      (by default) of the gap between that row and its own nearest real
      neighbour. Exact copies always count; a fresh draw in more than two
      dimensions almost never does.

    Time grows with ``n_real x n_synthetic``; memory stays bounded (see
    the module description).

    Parameters
    ----------
    X_real : array-like of shape (n_real, n_features)
        Real (training) rows of one class; at least 2.
    X_synthetic : array-like of shape (n_synthetic, n_features)
        Synthetic rows generated for that class.
    copy_factor : float, default=0.1
        Threshold of a near-copy, as a fraction of the local real
        nearest-neighbour distance.
    standardize : bool or "global", default=True
        Standardize with the real rows' statistics before distances.
    categorical_features : "auto", array-like or None, default=None
        Categorical columns of a mixed table, in the forms of the samplers'
        parameter (``"auto"``: the category, object and string columns of
        a DataFrame). With categorical columns, rows are compared as in
        :func:`synthetic_quality_report` (numeric columns mapped onto
        ``[-1, 1]`` by the real rows' range, each categorical column
        one-hot with entries ``+-1/sqrt(2)``), and ``standardize`` is not
        applied. None: every column is numeric.

    Returns
    -------
    result : Bunch
        ``ratio`` and ``near_copy_share`` (floats), ``synthetic_distances``
        (:math:`d(s)` per synthetic row), ``real_distances``
        (:math:`d_{\\mathrm{real}}` per real row) and ``nearest_real`` (index of
        :math:`r(s)` in ``X_real``). ``ratio`` is ``inf`` when more than half
        the real rows have an exact duplicate (median real distance 0) and
        the synthetic rows do not.
    """
    encode = _mixed_encoder(categorical_features, X_real)
    if encode is not None:
        X_real, X_synthetic = encode(X_real), encode(X_synthetic)
        standardize = False
    X_real, X_synthetic = check_pair(X_real, X_synthetic)
    check_copy_factor(copy_factor)
    if len(X_real) < 2:
        raise ValueError("memorisation needs at least 2 real rows (each is compared "
                         f"with its nearest other real row); got {len(X_real)}.")
    R, S = standardize_pair(X_real, X_synthetic, standardize)
    real_loo = kth_neighbour_distances(R, 1)[:, 0]
    nearest, syn_distance = nearest_rows(S, R)
    ratio, near_copy_share = memorisation_figures(real_loo, syn_distance, nearest, copy_factor)
    return Bunch(
        ratio=ratio,
        near_copy_share=near_copy_share,
        synthetic_distances=syn_distance,
        real_distances=real_loo,
        nearest_real=nearest,
    )


def knn_precision_recall(X_real, X_synthetic, *, k=5, standardize=True):
    """k-NN precision and recall of synthetic rows [Kynkaanniemi2019]_.

    Each real row carries a ball reaching to its k-th nearest other real
    row; their union estimates the support of the real distribution, and
    balls around the synthetic rows (to their k-th nearest other synthetic
    row) that of the synthetic one.

    - precision: the share of synthetic rows inside at least one real ball
      (fidelity: generated rows look like real ones);
    - recall: the share of real rows inside at least one synthetic ball
      (diversity: the generator covers the real data).

    Both are about 1 when the synthetic rows are drawn from the real
    rows' distribution (a little less in many dimensions).

    Time grows with ``n_real x n_synthetic``; memory stays bounded (see
    the module description).

    Parameters
    ----------
    X_real : array-like of shape (n_real, n_features)
        Real rows of one class; more than ``k``.
    X_synthetic : array-like of shape (n_synthetic, n_features)
        Synthetic rows of that class; more than ``k``.
    k : int, default=5
        Neighbour that sets each ball's radius (closed balls).
    standardize : bool or "global", default=True
        Standardize with the real rows' statistics before distances.

    Returns
    -------
    precision, recall : float

    References
    ----------
    .. [Kynkaanniemi2019] T. Kynkäänniemi, T. Karras, S. Laine, J. Lehtinen
       and T. Aila, "Improved Precision and Recall Metric for Assessing
       Generative Models", NeurIPS 2019.
    """
    X_real, X_synthetic = check_pair(X_real, X_synthetic)
    check_k(k, len(X_real), len(X_synthetic))
    R, S = standardize_pair(X_real, X_synthetic, standardize)
    figures = neighbour_figures(R, S, k, 0.0)
    return figures.precision, figures.recall


def density_coverage(X_real, X_synthetic, *, k=5, standardize=True):
    """Density and coverage of synthetic rows [Naeem2020]_.

    With the same real k-NN balls as :func:`knn_precision_recall`:

    - density: the number of real balls holding a synthetic row, averaged
      over synthetic rows and divided by ``k``. About 1 for a draw from the
      real distribution; above 1 where synthetic rows crowd into dense
      regions; unlike precision it does not saturate and is robust to
      real outliers, whose large balls catch anything.
    - coverage: the share of real rows whose ball holds at least one
      synthetic row. For a draw of as many rows from the real distribution
      its expectation is about ``1 - 2**-k`` (0.97 for k=5).

    Time grows with ``n_real x n_synthetic``; memory stays bounded (see
    the module description).

    Parameters
    ----------
    X_real : array-like of shape (n_real, n_features)
        Real rows of one class; more than ``k``.
    X_synthetic : array-like of shape (n_synthetic, n_features)
        Synthetic rows of that class; more than ``k``.
    k : int, default=5
        Neighbour that sets each real ball's radius.
    standardize : bool or "global", default=True
        Standardize with the real rows' statistics before distances.

    Returns
    -------
    density, coverage : float

    References
    ----------
    .. [Naeem2020] M. F. Naeem, S. J. Oh, Y. Uh, Y. Choi and J. Yoo,
       "Reliable Fidelity and Diversity Metrics for Generative Models",
       ICML 2020.
    """
    X_real, X_synthetic = check_pair(X_real, X_synthetic)
    check_k(k, len(X_real), len(X_synthetic))
    R, S = standardize_pair(X_real, X_synthetic, standardize)
    figures = neighbour_figures(R, S, k, 0.0)
    return figures.density, figures.coverage


def class_fidelity(X, y, X_synthetic, y_synthetic, *, classifier=None, max_samples=5000,
                   standardize=True, random_state=None):
    """Share of synthetic rows that a classifier of the real data puts in their class.

    A classifier is trained on the real rows ``(X, y)`` of all classes and
    predicts the synthetic rows; for each class of ``y_synthetic`` the
    share of its synthetic rows predicted as that class is returned. The
    decisions are balanced: a row goes to the class that maximises
    :math:`p(c \\mid x) / p(c)` (``predict_proba`` over the classes' shares
    in the training rows), as with balanced class weights, so the majority
    does not win every uncertain row. Rows that look like their class score
    about 1, rows of another class about 0, and rows that carry no class
    information (noise) about ``1 / n_classes``, or whatever share of the
    space the class's decision region takes. Read it against the
    classifier's recall on real rows of the class: an overlap that real
    rows cannot escape bounds it too.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Real rows of every class.
    y : array-like of shape (n_samples,)
        Their labels; at least two classes.
    X_synthetic : array-like of shape (n_synthetic, n_features)
        Synthetic rows.
    y_synthetic : array-like of shape (n_synthetic,)
        The class each synthetic row was generated for.
    classifier : classifier, default=None
        Cloned and trained on the real rows. None uses the gradient
        boosting of :func:`detectability`. Without ``predict_proba`` its
        own ``predict`` decides.
    max_samples : int, default=5000
        At most this many real rows per class train it (a random subset).
    standardize : bool or "global", default=True
        Standardize with the real rows' statistics first.
    random_state : int, RandomState instance or None, default=None
        Seeds the subset and the default classifier.

    Returns
    -------
    fidelity : dict
        ``{label: share}`` for each class of ``y_synthetic``, in sorted order.
    """
    X, y = check_labels(X, y, "X", "y")
    X_synthetic, y_synthetic = check_labels(X_synthetic, y_synthetic, "X_synthetic",
                                             "y_synthetic", X.shape[1])
    classes = np.unique(y)
    if len(classes) < 2:
        raise ValueError(f"class_fidelity needs real rows of at least two classes; y has "
                         f"only {classes.tolist()}.")
    unknown = np.setdiff1d(np.unique(y_synthetic), classes)
    if unknown.size:
        raise ValueError(f"y_synthetic has classes {unknown.tolist()} that y does not have.")
    scaler = Standardizer(standardize).fit(X)
    model = fit_class_model(scaler.transform(X), y, classifier, max_samples,
                             check_random_state(random_state))
    predicted = model(scaler.transform(X_synthetic))
    return {label: float(np.mean(predicted[y_synthetic == label] == label))
            for label in np.unique(y_synthetic)}


# ------------------------------------------------------------------- report


def synthetic_quality_report(sampler, X, y, *, synthetic=None, fitted=False, image_shape=None,
                             categorical_features=None, k=5, copy_factor=0.1, detector=None,
                             classifier=None, cv=3, max_samples=2000, standardize="auto",
                             random_state=None):
    """All diagnostics of a sampler's synthetic rows, one row per over-sampled class.

    The synthetic rows come from one of three routes:

    - by default, ``sampler`` (any imbalanced-learn over-sampler) is
      cloned and ``fit_resample(X, y)`` is called; the rows it appends
      after the originals are the synthetic ones (the passed sampler is
      left unfitted);
    - ``fitted=True``: ``sampler`` is a deep sampler already fitted on
      ``(X, y)``; its ``generate`` draws as many rows per class as its
      ``sampling_strategy_`` says, seeded by ``random_state``;
    - ``synthetic=(X_synthetic, y_synthetic)``: rows you already have
      (``sampler`` is then ignored and may be None).

    Features are standardized with statistics of all real rows ``X`` (mixed
    tables: see ``categorical_features``), then
    each over-sampled class is compared with its real rows by
    :func:`detectability`, :func:`memorisation`, :func:`knn_precision_recall`,
    :func:`density_coverage` and :func:`class_fidelity` (one classifier
    trained on all real rows). Each neighbour search is chunked, so memory
    stays bounded; the classifiers see at most ``max_samples`` rows per side
    or class.

    Parameters
    ----------
    sampler : over-sampler or None
        An imbalanced-learn over-sampler, or a fitted deep sampler with
        ``fitted=True``; None with ``synthetic``.
    X : array-like of shape (n_samples, n_features)
        The real (training) rows.
    y : array-like of shape (n_samples,)
        Their labels.
    synthetic : tuple (X_synthetic, y_synthetic), default=None
        Synthetic rows and the class each was made for.
    fitted : bool, default=False
        Draw with ``sampler.generate`` instead of calling ``fit_resample``.
    image_shape : tuple of int, default=None
        Shape of each row as an image; with ``standardize="auto"`` it
        selects one global standardization. A sampler's ``image_shape_`` or
        ``image_shape`` is used when this is None.
    categorical_features : "auto", array-like or None, default=None
        Categorical columns of a mixed table, in the forms of the samplers'
        parameter (``"auto"``: the category, object and string columns of a
        DataFrame). ``None`` takes the sampler's own ``categorical_features``
        where it has one (the deep samplers, ``SMOTENC``), else treats every
        column as numeric. With categorical columns, rows are compared in
        the deep samplers' space: numeric columns mapped onto ``[-1, 1]`` by
        their real range, each categorical column one-hot with entries
        ``+-1/sqrt(2)``, so that another category weighs as much as a
        numeric column's whole range (a Gower-like distance), and
        ``standardize`` is not applied. A synthetic category unseen in ``X``
        gets an all-negative one-hot block.
    k : int, default=5
        Neighbour of the k-NN balls (precision, recall, density, coverage).
        Each over-sampled class needs more than ``k`` real and synthetic rows.
    copy_factor : float, default=0.1
        Threshold of a near-copy (see :func:`memorisation`).
    detector : classifier, default=None
        Classifier of the two-sample test (see :func:`detectability`).
    classifier : classifier, default=None
        Classifier of :func:`class_fidelity`.
    cv : int, default=3
        Folds of the two-sample test.
    max_samples : int, default=2000
        Rows per side in the two-sample test; the class-fidelity classifier
        gets at most ``max(5000, max_samples)`` real rows per class.
    standardize : "auto", bool or "global", default="auto"
        "auto": "global" for images, per feature (True) otherwise.
    random_state : int, RandomState instance or None, default=None
        Seeds generation (``fitted=True``), subsets, folds and the default
        classifiers; the same value gives the same report.

    Returns
    -------
    report : pandas.DataFrame
        Indexed by class (``"class"``), with columns ``n_real``,
        ``n_synthetic``, ``detectability``, ``memorisation_ratio``,
        ``near_copy_share``, ``precision``, ``recall``, ``density``,
        ``coverage`` and ``class_fidelity``.

    Examples
    --------
    >>> from imblearn.over_sampling import SMOTE
    >>> from sklearn.datasets import make_classification
    >>> from imblearn_deep.metrics import synthetic_quality_report
    >>> X, y = make_classification(n_samples=600, weights=[0.9], random_state=0)
    >>> report = synthetic_quality_report(SMOTE(random_state=0), X, y, random_state=0)
    >>> report[["n_real", "n_synthetic"]]
           n_real  n_synthetic
    class
    1          61          478
    >>> bool(report.loc[1, "memorisation_ratio"] < 1)  # interpolation stays close
    True
    """
    pd = _pandas()
    X_in, y_in = X, y
    if categorical_features is None and sampler is not None and synthetic is None:
        categorical_features = getattr(sampler, "categorical_features", None)
    encode = _mixed_encoder(categorical_features, X)
    if encode is not None:
        X = encode(X)
        standardize = False
    X, y = check_labels(X, y, "X", "y")
    check_copy_factor(copy_factor)
    if not isinstance(fitted, (bool, np.bool_)):
        raise ValueError(f"fitted must be True or False; got {fitted!r}.")
    rng = check_random_state(random_state)
    X_syn, y_syn = synthetic_rows(sampler, X_in, y_in, X, y, synthetic, fitted,
                                   int(rng.randint(np.iinfo(np.int32).max)), encode)
    X_syn, y_syn = check_labels(X_syn, y_syn, "X_synthetic", "y_synthetic", X.shape[1],
                                 allow_empty=synthetic is None)
    if len(X_syn) == 0:
        raise ValueError("There are no synthetic rows: the sampler added none (is the "
                         "data already balanced, or sampling_strategy empty?).")
    if image_shape is None and sampler is not None and synthetic is None:
        image_shape = getattr(sampler, "image_shape_", getattr(sampler, "image_shape", None))
    image_shape = check_image_shape(image_shape, X.shape[1])
    if standardize == "auto":
        standardize = "global" if image_shape is not None else True
    scaler = Standardizer(standardize).fit(X)
    Xs, Ss = scaler.transform(X), scaler.transform(X_syn)

    labels = np.unique(y_syn)
    unknown = np.setdiff1d(labels, np.unique(y))
    if unknown.size:
        raise ValueError(f"Synthetic rows of classes {unknown.tolist()} that y does not have.")
    counts = {label: (int(np.sum(y == label)), int(np.sum(y_syn == label))) for label in labels}
    for label, (n_real, n_syn) in counts.items():
        check_k(k, n_real, n_syn, where=f"Class {plain_label(label)!r} has ")
    if not isinstance(cv, numbers.Integral) or cv < 2:
        raise ValueError(f"cv must be an integer of at least 2; got {cv!r}.")
    check_max_samples(max_samples)
    fidelity = {}
    if len(np.unique(y)) >= 2:
        model = fit_class_model(Xs, y, classifier, max(5000, max_samples), rng)
        predicted = model(Ss)
        fidelity = {label: float(np.mean(predicted[y_syn == label] == label))
                    for label in labels}
    rows = []
    for label in labels:
        R, S = Xs[y == label], Ss[y_syn == label]
        figures = neighbour_figures(R, S, k, copy_factor)
        rows.append(dict(
            n_real=counts[label][0], n_synthetic=counts[label][1],
            detectability=two_sample_auc(R, S, detector, cv, max_samples, copy_factor, rng),
            memorisation_ratio=figures.memorisation_ratio,
            near_copy_share=figures.near_copy_share,
            precision=figures.precision, recall=figures.recall,
            density=figures.density, coverage=figures.coverage,
            class_fidelity=fidelity.get(label, np.nan),
        ))
    return pd.DataFrame(rows, index=pd.Index(labels, name="class"),
                        columns=list(REPORT_COLUMNS))
