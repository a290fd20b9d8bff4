"""
=====================================================================
Walking the codes of BayesGANOversampler: disentangled vs. entangled
=====================================================================

BayesGANOversampler feeds its generator, besides noise ``z`` and the class,
a few codes ``c ~ N(0, I)``; a feature extractor ``F`` recovers them from
the generated rows as ``c'``. The dependency structure says which recovered
code should follow which observed codes: in the ``"disentangled"``
structure each ``c'i`` follows ``ci`` alone (the paper's Fig. 4a), in the
``"entangled"`` one ``c'3`` also follows ``c'1`` and ``c'2`` (like its
Fig. 4c).

Walking one code while ``z`` stays fixed shows what that code controls (the
paper's Fig. 4). :meth:`~imblearn_deep.BayesGANOversampler.generate_with_codes`
does the walk; :func:`~imblearn_deep.plotting.plot_image_grid` draws it.
Runs in about 40 seconds on a 2-core CPU.
"""

# %%
# Digits, with 9 as a 1:5 minority among the ten classes.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits

from imblearn_deep import BayesGANOversampler
from imblearn_deep.datasets import make_long_tail
from imblearn_deep.plotting import plot_image_grid

X, y = load_digits(return_X_y=True)
counts = {k: 170 for k in range(9)}
counts[9] = 34
X, y = make_long_tail(X, y, class_counts=counts, random_state=0)

# %%
# One fit per structure, identical otherwise.
fits = {}
for structure in ["disentangled", "entangled"]:
    sampler = BayesGANOversampler(
        n_codes=3, structure=structure, hidden_dims=(128, 128), max_epochs=120,
        random_state=0,
    )
    sampler.fit_resample(X, y)
    fits[structure] = sampler
    print(f"{structure:>12}: corr(c'i, ci) = {np.round(sampler.code_correlations_, 2)}")

# %%
# The walk: for each code in turn, seven values from -2 to 2 with the other
# codes at 0. The same ``random_state`` draws the same noise ``z`` for every
# value, so a grid row changes only through its code. Each grid row is one
# code; the columns are its values.
values = np.linspace(-2, 2, 7)
fig, axes = plt.subplots(1, 2, figsize=(9, 2.6), constrained_layout=True)
for ax, (structure, sampler) in zip(axes, fits.items()):
    rows = []
    for code in range(sampler.n_codes):
        codes = np.zeros((len(values), sampler.n_codes))
        codes[:, code] = values
        # one z for the whole walk: draw it once per value with the same seed
        rows.append(np.vstack([
            sampler.generate_with_codes(9, codes[[j]], random_state=3)
            for j in range(len(values))
        ]))
    plot_image_grid(np.vstack(rows), image_shape=(8, 8), n_per_row=len(values),
                    row_labels=[f"c{i + 1}" for i in range(sampler.n_codes)], ax=ax)
    ax.set_title(f"digit 9, {structure}")
    ax.set_xlabel("code value: -2 ... 2")

# %%
# How strongly each recovered code follows its observed code. A code that
# ``F`` recovers well (correlation near 1) is one the generator expresses
# visibly; under the entangled structure ``c'3`` is asked to follow ``c'1``
# and ``c'2`` as well, so it is free to carry less of ``c3`` alone.
fig, ax = plt.subplots(figsize=(5, 2.8), constrained_layout=True)
width = 0.35
for k, (structure, sampler) in enumerate(fits.items()):
    ax.bar(np.arange(sampler.n_codes) + (k - 0.5) * width, sampler.code_correlations_,
           width, label=structure)
ax.set_xticks(range(3), ["c'1 vs c1", "c'2 vs c2", "c'3 vs c3"])
ax.set_ylabel("correlation")
ax.legend(fontsize="small")
