"""
============================
Reading the training history
============================

Every fitted sampler keeps ``history_``: one value per epoch of each loss
(a mean over the epoch's mini-batches), of quantities such as DVAAN's
``mu``, and the epoch's wall time. ``verbose=1`` shows a progress bar with
the latest values during training, ``verbose=2`` one line per epoch.
:func:`~imblearn_deep.plotting.plot_history` draws them.
Runs in about 15 seconds on a 2-core CPU.
"""

# %%
# A synthetic problem with a 1:19 minority; ``verbose=2`` prints one line
# per epoch.
import matplotlib.pyplot as plt
from sklearn.datasets import make_classification

from imblearn_deep import BayesGANOversampler, DVAANSampler
from imblearn_deep.plotting import plot_history

X, y = make_classification(n_samples=2000, n_features=12, n_informative=6,
                           weights=[0.95], random_state=0)
dvaan = DVAANSampler(max_epochs=40, verbose=2, random_state=0)
bayes = BayesGANOversampler(max_epochs=40, verbose=2, random_state=0)
X_dvaan, y_dvaan = dvaan.fit_resample(X, y)
X_bayes, y_bayes = bayes.fit_resample(X, y)

# %%
# ``fit_resample`` returns the resampled data; the sampler object keeps the
# history.
print("DVAAN records:", list(dvaan.history_))
print("BayesGAN records:", list(bayes.history_))

# %%
# DVAAN: the reconstruction error ``ele`` and the feature-matching loss
# ``fea`` should fall over the first epochs and then level off; ``kl``
# falls as each class's codes settle into its own prior component; ``adv``
# (the class loss on generated rows) falls as they become recognisable as
# their class; ``gan``
# (the decoder's adversarial loss) and ``dis`` (the discriminator's) keep
# oscillating when neither network wins. A ``dis`` near 0 with a growing
# ``gan`` means the discriminator won and the generator learns little.
# ``mu`` is the distance of the class components (see the latent-space
# example), ``n_augmented`` and ``acceptance`` the number and share of
# boundary samples kept for ``D+``.
axes = plot_history(dvaan)
axes[0].figure.suptitle("DVAANSampler")

# %%
# BayesGAN: ``d`` is the discriminator's loss, least squares on real and
# on generated rows (0.25 each when it outputs 0.5 for every row, unable to
# tell them apart) plus its class loss; ``g_adv`` is the generator's least
# squares loss (0.25 at that point, higher while the discriminator spots its
# rows). ``g_class`` measures how well generated rows are recognised as
# their class and should fall; ``reg``, the Bayesian-network regulariser,
# falls as the recovered codes follow the structure.
axes = plot_history(bayes)
axes[0].figure.suptitle("BayesGANOversampler")

# %%
# Wall time per epoch: the first epoch pays for warm-up.
fig, ax = plt.subplots(figsize=(5, 2.5), constrained_layout=True)
plot_history(dvaan, ["epoch_time"], axes=[ax])
plot_history(bayes, ["epoch_time"], axes=[ax])
ax.set_ylabel("seconds")
ax.legend(["DVAAN", "BayesGAN"])
