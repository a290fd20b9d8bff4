"""Loss terms of the two papers as small pure functions.

Each function takes tensors and returns a scalar tensor (or, for the update
rules, a float), so it can be checked by hand on tiny inputs. Reductions are
stated in each docstring: "sum over features, mean over the batch" keeps the
Gaussian log-likelihood and the KL divergence on the same scale, as in a
standard VAE.
"""

import math

import numpy as np
import torch
from torch.nn import functional as F


def reconstruction_loss(x_rec, x):
    """L_ele: squared error, summed over features, mean over the batch.

    Equals the negative Gaussian log-likelihood ``-log P(x | z)`` with unit
    variance, up to an additive constant.
    """
    return (x_rec - x).pow(2).sum(dim=1).mean()


def gaussian_kl(mean, logvar, prior_mean):
    """L_KL: ``KL(N(mean, diag(exp(logvar))) || N(prior_mean, I))``.

    Summed over latent dimensions, mean over the batch. ``prior_mean`` has
    the same shape as ``mean`` (each row its own component's centre).
    """
    return 0.5 * (
        logvar.exp() + (mean - prior_mean).pow(2) - 1.0 - logvar
    ).sum(dim=1).mean()


def feature_matching_loss(features_rec, features_real, eps=1e-8):
    """L_fea: feature-wise reconstruction error in a discriminator layer.

    Mean squared difference between the hidden features of reconstructions
    and of the real rows, divided by the variance of the real features
    (averaged over units; treated as a constant). The normalisation makes the
    term scale-free, roughly "the fraction of feature variance not
    reconstructed", so it can be compared with a cross-entropy in the mu
    update of DVAAN.
    """
    target = features_real.detach()
    scale = target.var(dim=0, unbiased=False).mean() + eps
    return (features_rec - target).pow(2).mean() / scale


def real_fake_loss(logits, is_real):
    """Binary cross-entropy of a real/fake head against a constant target."""
    target = torch.full_like(logits, 1.0 if is_real else 0.0)
    return F.binary_cross_entropy_with_logits(logits, target)


def class_loss(logits, y, weight=None):
    """Cross-entropy of a class head (K logits) against class indices.

    ``weight`` (one value per class) rescales each class's terms, e.g. by
    inverse class frequency; the mean is then the weighted mean.
    """
    return F.cross_entropy(logits, y, weight=weight)


def mu_update(mu, l_fea, l_adv, *, gamma, step, bounds):
    """DVAAN's class-boundary update ``mu <- mu - step * tanh(L_fea - gamma L_adv)``.

    Eq. 10 of the paper gives ``Delta mu = tanh(L_fea - gamma * L_adv)`` and
    ``mu_{k+1} = mu_k - Delta mu``. So mu *grows* when the discriminator finds
    the generated classes hard to separate (large ``L_adv``) and *shrinks*
    when the decoder finds reconstruction hard (large ``L_fea``). The paper
    gives neither a step size nor bounds; both are ours, and the result is
    clipped to ``bounds = (low, high)``.

    Returns a Python float.
    """
    low, high = bounds
    new = float(mu) - float(step) * math.tanh(float(l_fea) - float(gamma) * float(l_adv))
    return float(min(max(new, low), high))


def prior_directions(n_classes, latent_dim):
    """Unit-free directions of the class components of the latent prior.

    Component ``k`` of the prior is ``N(mu * A[k], I)``. For two classes the
    rows are ``+1`` (all ones) and ``-1``, the paper's ``N(+mu, I)`` and
    ``N(-mu, I)`` exactly. For ``K > 2`` classes the rows are the vertices
    of a regular simplex centred at the origin, scaled to the same norm
    ``sqrt(latent_dim)`` as the all-ones vector, so every pair of components
    is equally far apart and ``N(0, I)`` still lies between all of them. This
    needs ``latent_dim >= K - 1``.

    Returns an ``(n_classes, latent_dim)`` float32 numpy array; row order is
    the caller's (for two classes, row 0 is ``+1``).
    """
    if n_classes < 2:
        raise ValueError("The latent prior needs at least two classes.")
    if latent_dim < n_classes - 1:
        raise ValueError(
            f"latent_dim={latent_dim} is too small for {n_classes} classes: the "
            f"class components need latent_dim >= n_classes - 1 = {n_classes - 1}."
        )
    if n_classes == 2:
        ones = np.ones(latent_dim, dtype=np.float32)
        return np.stack([ones, -ones])
    centred = np.eye(n_classes) - 1.0 / n_classes
    # Orthonormal coordinates of the simplex in its (K-1)-dim span.
    u, s, _ = np.linalg.svd(centred)
    coords = centred @ u[:, : n_classes - 1]
    coords /= np.linalg.norm(coords, axis=1, keepdims=True)
    directions = np.zeros((n_classes, latent_dim))
    directions[:, : n_classes - 1] = coords * math.sqrt(latent_dim)
    return directions.astype(np.float32)


def nearest_component(z, centres):
    """Index of the nearest prior component for each latent row (pseudo-label)."""
    return torch.cdist(z, centres).argmin(dim=1)
