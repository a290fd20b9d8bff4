"""Loss terms of the two papers as small pure functions.

Each function takes tensors and returns a scalar tensor (or, for the update
rules, a float), so it can be checked by hand on tiny inputs. Reductions are
stated in each docstring: "sum over features, mean over the batch" keeps the
Gaussian log-likelihood and the KL divergence on the same scale, as in a
standard VAE.
"""

import math
from typing import NamedTuple

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
    if not (math.isfinite(float(l_fea)) and math.isfinite(float(l_adv))):
        return float(mu)  # no information: keep mu (a NaN mu would hang sampling)
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


def _residual(target, regressors):
    """Least-squares residual of ``target`` (m,) on ``regressors`` (m, k).

    The weights are the batch maximum-likelihood estimate of a linear-Gaussian
    conditional (the paper's Eq. 4), solved in closed form. Returns
    ``(residual, weights)``.
    """
    if regressors.shape[1] == 0:
        return target, target.new_zeros(0)
    weights = torch.linalg.solve(regressors.T @ regressors, regressors.T @ target)
    return target - regressors @ weights, weights


def bayesian_structure_loss(codes, recovered, structure, margin=0.9):
    """The Bayesian-network regularizer of IMSIC (Eqs. 3-6), as the paper intends.

    For each recovered code ``c'_i`` with parents ``P_i`` and non-parents
    ``N_i`` (nodes of ``[c, c']``, see :mod:`imblearn_deep._structure`):

    - **pull**: ``mean((c'_i - w_i^T p_i)^2) / var(c'_i)``, the squared error
      of ``c'_i`` around its parents' expected value under the
      linear-Gaussian conditional of Eq. 3 (``w_i`` the batch estimate of
      Eq. 4), relative to the variance of ``c'_i``: the fraction of ``c'_i``
      that its parents leave unexplained, ``sigma_i^2 / var(c'_i)``. Without
      the division the extractor can shrink ``c'`` to near-constant noise,
      which costs nothing in absolute squared error;
    - **push**: ``max(0, margin - r_i)`` where ``r_i`` is the fraction of the
      variance of ``c'_i`` that its non-parents leave unexplained (one
      minus the R^2 of the same regression on ``N_i``). Bounded: once the
      non-parents explain at most ``1 - margin`` of ``c'_i``, the push is 0.
      It also penalises an exactly constant ``c'_i``.

    All variables are centred over the batch first. The loss is the sum over
    recovered codes of ``pull + push``. It is zero exactly when every
    recovered code equals its parents' expected value and the non-parents
    explain little of it.

    All ``2 * n_codes`` regressions (each code on its parents and on its
    non-parents) are solved as one batched system: regressors outside a
    regression's node set are masked to zero and get an identity block,
    which gives them zero weight and leaves the other weights exactly those
    of the regression on the set alone.

    Parameters
    ----------
    codes, recovered : tensors of shape (m, n_codes)
        Observed codes ``c`` and codes ``c'`` recovered by the extractor.
    structure : list of (parents, non_parents) index lists, or StructureMasks
        From :func:`imblearn_deep._structure.parents_and_non_parents`, or
        the masks :func:`structure_masks` makes of it (what a training loop
        passes, so they are built once).
    margin : float in (0, 1]
        Required unexplained fraction for the push.
    """
    if not isinstance(structure, StructureMasks):
        structure = structure_masks(structure, codes.shape[1], codes.device)
    nodes = torch.cat([codes, recovered], dim=1)
    nodes = nodes - nodes.mean(dim=0)
    n_codes = codes.shape[1]
    targets = nodes[:, n_codes:].T  # (n_codes, m)
    variance = targets.pow(2).mean(dim=1) + 1e-8
    masks = torch.cat([structure.parents, structure.others]).to(nodes.dtype)  # (2n, 2n)
    regressors = nodes.unsqueeze(0) * masks.unsqueeze(1)  # (2n, m, 2n)
    target = torch.cat([targets, targets]).unsqueeze(2)  # (2n, m, 1)
    gram = regressors.transpose(1, 2) @ regressors
    # ridge relative to the mean diagonal over each regression's own nodes
    scale = ((gram.diagonal(dim1=1, dim2=2) * masks).sum(1)
             / masks.sum(1).clamp(min=1)).detach() + 1e-12
    system = gram + torch.diag_embed(1e-6 * scale.unsqueeze(1) * masks + (1 - masks))
    weights = torch.linalg.solve(system, regressors.transpose(1, 2) @ target)
    unexplained = (target - regressors @ weights).squeeze(2).pow(2).mean(dim=1)
    unexplained = unexplained / torch.cat([variance, variance])
    pull = unexplained[:n_codes]
    push = torch.clamp(margin - unexplained[n_codes:], min=0.0) * structure.has_others
    return (pull + push).sum()


class StructureMasks(NamedTuple):
    """0/1 node masks of a structure's regressions, one row per recovered code."""

    parents: torch.Tensor  # (n_codes, 2 n_codes)
    others: torch.Tensor  # (n_codes, 2 n_codes)
    has_others: torch.Tensor  # (n_codes,): 0 where a code has no non-parents


def structure_masks(structure, n_codes, device=None):
    """The :class:`StructureMasks` of a ``parents_and_non_parents`` list."""
    parents = np.zeros((n_codes, 2 * n_codes), dtype=np.float32)
    others = np.zeros_like(parents)
    for i, (p, o) in enumerate(structure):
        parents[i, p] = 1.0
        others[i, o] = 1.0
    return StructureMasks(*(torch.as_tensor(a, device=device) for a in (
        parents, others, (others.sum(1) > 0).astype(np.float32))))


def authors_structure_loss(codes, recovered, structure):
    """The regularizer as published in the IMSIC authors' code.

    ``max(0, P - N)`` with ``P`` the sum of batch MSEs between each recovered
    code and each of its parents and ``N`` the same over non-parents. With
    typical structures ``N`` exceeds ``P`` almost always, so the loss is zero
    and passes no gradient; offered only to reproduce the published code.
    """
    nodes = torch.cat([codes, recovered], dim=1)
    n_codes = codes.shape[1]
    p_sum = nodes.new_zeros(())
    n_sum = nodes.new_zeros(())
    for i, (parents, others) in enumerate(structure):
        target = nodes[:, n_codes + i : n_codes + i + 1]
        p_sum = p_sum + (target - nodes[:, parents]).pow(2).mean(0).sum()
        if others:
            n_sum = n_sum + (target - nodes[:, others]).pow(2).mean(0).sum()
    return torch.clamp(p_sum - n_sum, min=0.0)


def structure_parameters(codes, recovered, structure):
    """Estimates ``(w_i, sigma_i^2)`` of Eq. 4 for every recovered code.

    Returns a list of weight arrays (one per recovered code, aligned with its
    parents) and an array of residual variances.
    """
    nodes = torch.cat([codes, recovered], dim=1).double()
    n_codes = codes.shape[1]
    weights, variances = [], []
    for i, (parents, _) in enumerate(structure):
        residual, w = _residual(nodes[:, n_codes + i], nodes[:, parents])
        weights.append(w.cpu().numpy())
        variances.append(float(residual.pow(2).mean()))
    return weights, np.asarray(variances)


def least_squares_gan_loss(output, is_real):
    """Least-squares GAN loss: ``mean((output - target)^2)``, target 1 or 0."""
    return (output - (1.0 if is_real else 0.0)).pow(2).mean()
