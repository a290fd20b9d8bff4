"""
==========================================================
The latent space of DVAANSampler and the trajectory of mu
==========================================================

DVAAN's encoder maps each class to its own component of a two-component
prior, ``N(+mu, I)`` for one class and ``N(-mu, I)`` for the other (the
paper's Fig. 1), and adapts the distance ``mu`` between them during
training with ``mu <- mu + step * tanh(L_fea - gamma * L_adv)`` (its Eq. 10
and Fig. 4). :func:`~imblearn_deep.plotting.plot_latent_space` shows the
encoded rows with the components, and
:func:`~imblearn_deep.plotting.plot_history` the recorded ``mu``.

Three fits compare the shipped bounds on mu, ``mu_bounds=(1, 5)``, with the
paper-like lower bound of 0.1, and the paper's update on raw losses
(``mu_losses="raw"``, the default) with the update on losses relative to
their first epoch (``mu_losses="relative"``), the one under which mu
adapts. Runs in about 35 seconds on a 2-core CPU.
"""

# %%
# Digits: 9 against the rest at 1:20, scaled to [0, 1].
import matplotlib.pyplot as plt
from imblearn.datasets import make_imbalance
from sklearn.datasets import load_digits

from imblearn_deep import DVAANSampler
from imblearn_deep.plotting import plot_history, plot_latent_space

X, digit = load_digits(return_X_y=True)
X = X / 16.0
y = (digit == 9).astype(int)
X, y = make_imbalance(X, y, sampling_strategy={0: 1617, 1: 81}, random_state=0)

# %%
# A two-dimensional latent space can be drawn as it is. Each class should
# gather inside its component's circle (one standard deviation), with the
# space between them, around ``N(0, I)``, left to the boundary samples that
# DVAAN draws to train its discriminator.
fits = {
    "default": DVAANSampler(latent_dim=2, max_epochs=150, random_state=0),
    "mu_bounds=(0.1, 5)": DVAANSampler(
        latent_dim=2, max_epochs=150, mu_bounds=(0.1, 5.0), random_state=0
    ),
    "mu_bounds=(0.1, 5), relative": DVAANSampler(
        latent_dim=2, max_epochs=150, mu_bounds=(0.1, 5.0), mu_losses="relative",
        random_state=0,
    ),
}
fig, axes = plt.subplots(1, 3, figsize=(14, 4.5), constrained_layout=True)
for ax, (name, sampler) in zip(axes, fits.items()):
    sampler.fit_resample(X, y)
    plot_latent_space(sampler, X, y, ax=ax)
    ax.set_title(f"{name}: final mu = {sampler.mu_:.2f}", fontsize="medium")

# %%
# The trajectory of mu. ``L_fea`` (feature matching, normalised to about 1)
# is usually larger than ``gamma * L_adv`` (a class cross-entropy, at most
# about ln 2 at chance), so with the raw losses ``tanh(L_fea - gamma *
# L_adv)`` is positive and mu shrinks until it meets its lower bound: it
# stays on the shipped bound of 1 from the first epoch, and with the
# paper-like bound the components end up close together and overlap. The
# relative update compares how far each loss has come since the first
# epoch: here mu first falls while the class loss ``L_adv`` falls faster
# than the feature loss, then rises again as the feature loss keeps falling
# and the class loss creeps back up, all the while away from both bounds.
# The user guide discusses this departure and why the raw update stays the
# default.
fig, axes = plt.subplots(1, 3, figsize=(11, 3), constrained_layout=True)
for name, sampler in fits.items():
    for ax, key in zip(axes, ["mu", "fea", "adv"]):
        plot_history(sampler, [key], axes=[ax])
        ax.lines[-1].set_label(name)
axes[0].legend(fontsize="small")
