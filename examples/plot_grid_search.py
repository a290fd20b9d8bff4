"""
============================================
Tune a deep over-sampler with GridSearchCV
============================================

The samplers are ordinary estimators: their hyperparameters are searched
like a classifier's, through the pipeline's ``<step>__<param>`` names. Two
things keep such a search affordable:

- ``Pipeline(memory=...)`` caches each fitted sampler, so a grid over the
  *classifier's* parameters trains the generator once per fold and sampler
  setting, not once per classifier setting;
- the search can be spread over many machines with joblib's Dask backend
  (see :doc:`/scale_out`).

Runs in about 20 seconds on a 2-core CPU (small networks, few epochs).
"""

# %%
# Data: a synthetic problem with a 1:15 minority.
import tempfile
import time

import matplotlib.pyplot as plt
import numpy as np
from imblearn.pipeline import Pipeline
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold

from imblearn_deep import BayesGANOversampler

X, y = make_classification(
    n_samples=1500, n_features=10, n_informative=5, weights=[0.94],
    class_sep=0.8, random_state=0,
)
print(f"{len(y)} rows, {y.sum()} minority")

# %%
# A grid over two sampler parameters and one classifier parameter. The
# cache directory is temporary here; use a persistent one to reuse fits
# across sessions.
cache = tempfile.mkdtemp(prefix="imblearn_deep_cache_")
pipe = Pipeline(
    [
        ("sampler", BayesGANOversampler(hidden_dims=(64, 64), max_epochs=30,
                                        random_state=0)),
        ("clf", LogisticRegression(max_iter=1000)),
    ],
    memory=cache,
)
grid = {
    "sampler__regularizer_weight": [0.0, 1.0],
    "sampler__sampling_strategy": [0.5, 1.0],
    "clf__C": [0.1, 1.0, 10.0],
}
search = GridSearchCV(
    pipe, grid, scoring="f1", cv=StratifiedKFold(3, shuffle=True, random_state=0)
)
start = time.perf_counter()
search.fit(X, y)
print(f"12 settings x 3 folds in {time.perf_counter() - start:.0f}s")
print("best:", search.best_params_, f"F1 {search.best_score_:.3f}")

# %%
# Thanks to the cache, the 36 fits of the pipeline trained only 12
# samplers (4 sampler settings x 3 folds): the first classifier setting
# paid for them and the others reused them. (The final refit of the best
# pipeline on all the data is a new fit.)
results = search.cv_results_
for C in grid["clf__C"]:
    mask = np.asarray(results["param_clf__C"]) == C
    print(f"C={C:<5} mean fit time {np.mean(results['mean_fit_time'][mask]):.2f}s")

# %%
# Mean minority F1 of every sampler setting, per classifier setting.
fig, ax = plt.subplots(figsize=(6, 3))
labels = []
for i, params in enumerate(results["params"]):
    if params["clf__C"] != 1.0:
        continue
    labels.append(f"w={params['sampler__regularizer_weight']}, "
                  f"ratio={params['sampler__sampling_strategy']}")
    ax.barh(len(labels) - 1, results["mean_test_score"][i],
            xerr=results["std_test_score"][i], color="C0")
ax.set_yticks(range(len(labels)), labels)
ax.set_xlabel("minority F1 (C=1.0, 3 folds)")
fig.tight_layout()
