"""
====================================================
Swap SMOTE for DVAANSampler in an existing pipeline
====================================================

An imbalanced-learn pipeline with SMOTE becomes a pipeline with a deep
over-sampler by changing one step. Both are scored with the same
cross-validation and classifier, on minority-class F1, which is what the
over-sampling is for. Runs in about a minute on a 2-core CPU.
"""

# %%
# Imbalanced data: scikit-learn's digits, 9 against the other digits at 1:20.
import warnings

import numpy as np
from imblearn.datasets import make_imbalance
from imblearn.over_sampling import SMOTE
from imblearn.pipeline import Pipeline
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_validate
from sklearn.preprocessing import MinMaxScaler

from imblearn_deep import DVAANSampler

X, digit = load_digits(return_X_y=True)
y = (digit == 9).astype(int)
X, y = make_imbalance(X, y, sampling_strategy={0: 1617, 1: 81}, random_state=0)
print(f"{len(y)} rows, {y.sum()} minority")

# %%
# The same pipeline with each sampler; only the "sampler" step changes.
cv = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)
for name, sampler in [
    ("SMOTE", SMOTE(random_state=0)),
    ("DVAANSampler", DVAANSampler(random_state=0)),
]:
    pipe = Pipeline([
        ("scale", MinMaxScaler()),
        ("sampler", sampler),
        ("clf", LogisticRegression(max_iter=2000)),
    ])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        scores = cross_validate(pipe, X, y, cv=cv, scoring=["f1", "recall", "roc_auc"])
    print(
        f"{name:>13}: minority F1 {np.mean(scores['test_f1']):.3f}, "
        f"recall {np.mean(scores['test_recall']):.3f}, "
        f"ROC AUC {np.mean(scores['test_roc_auc']):.3f}, "
        f"fit {np.mean(scores['fit_time']):.1f}s"
    )

# %%
# After fitting, the sampler can draw more rows without retraining.
sampler = DVAANSampler(random_state=0)
X_res, y_res = sampler.fit_resample(MinMaxScaler().fit_transform(X), y)
more = sampler.generate(1, 500, random_state=1)
print(f"resampled: {np.bincount(y_res)}, 500 more minority rows: {more.shape}")
print(f"mu settled at {sampler.mu_:.2f} after {sampler.n_epochs_} epochs")
