"""
=====================================================================
Over-sample, then clean: a deep sampler with ENN or Tomek links
=====================================================================

imbalanced-learn's :class:`~imblearn.combine.SMOTEENN` and
:class:`~imblearn.combine.SMOTETomek` over-sample with SMOTE and then clean
the result with edited nearest neighbours or Tomek links. Their ``smote``
parameter only accepts a :class:`~imblearn.over_sampling.SMOTE` instance, so
a deep over-sampler cannot be passed in. The equivalent that works is a
pipeline with the two steps one after the other:
``make_pipeline(DVAANSampler(), EditedNearestNeighbours(...), classifier)``.
Samplers in an imbalanced-learn pipeline run on the training data only, in
order, so the cleaner sees the over-sampled rows, as inside ``SMOTEENN``.

This example compares both on a held-out split. It runs in about half a
minute on a 2-core CPU (the deep sampler trains for 30 epochs only).
"""

# %%
# Imbalanced data: scikit-learn's digits, 9 against the other digits at 1:10,
# and a stratified held-out test set of 30 %.
import matplotlib.pyplot as plt
import numpy as np
from imblearn.combine import SMOTEENN, SMOTETomek
from imblearn.datasets import make_imbalance
from imblearn.pipeline import make_pipeline
from imblearn.under_sampling import EditedNearestNeighbours, TomekLinks
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score, f1_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MinMaxScaler

from imblearn_deep import DVAANSampler

X, digit = load_digits(return_X_y=True)
y = (digit == 9).astype(int)
X, y = make_imbalance(X, y, sampling_strategy={0: 1617, 1: 162}, random_state=0)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.3, stratify=y, random_state=0)
print(f"training set {np.bincount(y_train)}, test set {np.bincount(y_test)} "
      "(majority, minority)")

# %%
# ``SMOTEENN`` refuses a deep over-sampler
# ----------------------------------------
# imbalanced-learn checks the type of ``smote`` when fitting and raises an
# ``InvalidParameterError`` (a ``ValueError`` and a ``TypeError``).
try:
    SMOTEENN(smote=DVAANSampler()).fit_resample(X_train, y_train)
except (TypeError, ValueError) as exc:
    print(f"{type(exc).__name__}: {exc}")

# %%
# The equivalent pipelines
# ------------------------
# ``SMOTEENN`` and ``SMOTETomek`` clean both classes: their cleaners use
# ``sampling_strategy="all"``. ``EditedNearestNeighbours()`` and
# ``TomekLinks()`` on their own clean only the majority class (their default,
# ``"auto"``), so pass ``sampling_strategy="all"`` for the same behaviour, or
# leave the default to keep every minority row. Each pipeline scales the
# pixels to [0, 1] and ends with the same classifier.


def deep():
    return DVAANSampler(max_epochs=30, random_state=0, verbose=0)


def classifier():
    return LogisticRegression(max_iter=2000)


pipelines = {
    "no resampling": make_pipeline(MinMaxScaler(), classifier()),
    "SMOTEENN": make_pipeline(MinMaxScaler(), SMOTEENN(random_state=0), classifier()),
    "SMOTETomek": make_pipeline(MinMaxScaler(), SMOTETomek(random_state=0), classifier()),
    "DVAAN": make_pipeline(MinMaxScaler(), deep(), classifier()),
    "DVAAN + ENN": make_pipeline(
        MinMaxScaler(), deep(), EditedNearestNeighbours(sampling_strategy="all"),
        classifier()),
    "DVAAN + Tomek links": make_pipeline(
        MinMaxScaler(), deep(), TomekLinks(sampling_strategy="all"), classifier()),
}

# %%
# Rows that each pipeline's resampling steps hand to the classifier
# (majority, minority): the over-samplers balance the classes; ENN then
# removes each row with a neighbour of the other class among its three
# nearest, Tomek links only pairs of mutual nearest neighbours from opposite
# classes (few or none here). ``pipe[:-1]`` is the pipeline without its
# classifier; it is refitted here only to count the rows.
for name, pipe in pipelines.items():
    if name != "no resampling":
        _, y_res = pipe[:-1].fit_resample(X_train, y_train)
        print(f"{name:>20}: {np.bincount(y_res)}")

# %%
# Scores on the held-out test set
# -------------------------------
# Minority F1 and balanced accuracy (the mean of the recalls of both
# classes).
scores = {}
for name, pipe in pipelines.items():
    pipe.fit(X_train, y_train)
    pred = pipe.predict(X_test)
    scores[name] = (f1_score(y_test, pred), balanced_accuracy_score(y_test, pred))
    print(f"{name:>20}: minority F1 {scores[name][0]:.3f}, "
          f"balanced accuracy {scores[name][1]:.3f}")

# %%
# With about 50 minority rows in the test set, one row more or less found
# moves the minority scores by a point or two: one split ranks the methods
# only roughly. Cross-validate (see :ref:`sphx_glr_auto_examples_plot_swap_smote.py`)
# before choosing one; what this example shows is that the deep sampler
# combines with either cleaner the way SMOTE does.
fig, axes = plt.subplots(1, 2, figsize=(8, 3), sharey=True)
names = list(scores)
for ax, column, label in zip(axes, (0, 1), ("minority F1", "balanced accuracy")):
    values = [scores[name][column] for name in names]
    ax.barh(range(len(names)), values, color=[f"C{i}" for i in range(len(names))])
    ax.set_xlim(min(values) - 0.05, 1.0)
    ax.set_xlabel(f"{label} (held-out test set)")
axes[0].set_yticks(range(len(names)), names)
axes[0].invert_yaxis()
fig.tight_layout()
