"""DVAANSampler: the discriminative VAE + GAN of Guo et al. (IJCAI-19)."""

import math
import numbers
import warnings

import numpy as np
import torch
from imblearn.utils import Substitution
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from ._base import BaseDeepOverSampler, plain_label
from ._docs import SHARED_DOCS, network_docs, training_docs
from ._gan import discriminate, optimizer_params, update
from ._generation import chunk_rows
from ._losses import (
    class_loss,
    feature_matching_loss,
    gaussian_kl,
    mu_update,
    nearest_component,
    prior_directions,
    real_fake_loss,
    reconstruction_loss,
)
from ._networks import (
    DiscriminatorOutput,
    EncoderOutput,
    Heads,
    feature_body,
    generator_body,
)
from ._tabular import text_columns
from ._torch import to_tensor

#: The paper's conv channels: ``conv_channels="auto"`` on a GPU.
PAPER_CONV_CHANNELS = (64, 92, 128, 256)


#: Gradient steps of ``max_epochs="auto"`` on flat rows, chosen on the KEEL
#: tables (``python -m imblearn_deep.benchmarks.ablation``; see the docs).
FLAT_STEPS = 200
_FLAT_STEPS_WHY = """The flat schedule was chosen on the KEEL tables of
        the benchmarks: more steps did not raise the downstream scores,
        fewer cost the RBF SVM's F1 (see :ref:`how-long`; evidence in
        :ref:`bench-ablations`)."""


#: ``hidden_dims="auto"`` on flat rows, chosen on the KEEL tables (see the docs).
FLAT_HIDDEN_DIMS = (128, 128)
_FLAT_HIDDEN_WHY = """On the KEEL tables of the benchmarks 64 units
        cost the RBF SVM's F1, so flat rows keep 128 (evidence in
        :ref:`bench-tabular-defaults`)."""


@Substitution(**SHARED_DOCS, training_parameters=training_docs(FLAT_STEPS, _FLAT_STEPS_WHY),
              network_parameters=network_docs(
    PAPER_CONV_CHANNELS, (5, 5, 3, 3), "the paper's encoder",
    FLAT_HIDDEN_DIMS, _FLAT_HIDDEN_WHY))
class DVAANSampler(BaseDeepOverSampler):
    """Over-sample with a discriminative VAE + GAN (DVAAN).

    The encoder maps each row to a latent code whose prior depends on its
    class: ``N(+mu, I)`` for the minority and ``N(-mu, I)`` for the majority
    (a simplex of components for more classes). The decoder doubles as the
    GAN generator, and the discriminator both tells real from generated rows
    and separates the classes. ``mu`` is adapted during training by
    ``tanh(L_fea - gamma * L_adv)``, and rows decoded from ``N(0, I)``, the
    region between the class components, serve as *boundary samples*: they
    are kept where the discriminator agrees with the pseudo-label given by
    the nearest component.

    Read more in the :ref:`User Guide <dvaan>`.

    Parameters
    ----------
    {sampling_parameters}

    latent_dim : int, default=16
        Dimension of the latent space. Must be at least ``n_classes - 1``.

    {network_parameters}

    {training_parameters}

    n_iter_no_change : int or None, default=None
        Stop before ``max_epochs`` once the VAE part of the objective,
        ``L_ele + L_KL`` (epoch means), has not improved on its best by a
        fraction ``tol`` for this many epochs in a row; ``converged_`` then
        says so. {stopping_parameters}

    mu_init : float, default=1.0
        Initial value of ``mu``; the class components are centred at
        ``+mu * 1`` and ``-mu * 1``.

    adapt_mu : bool, default=True
        Update ``mu`` after every epoch by
        ``mu <- mu - mu_step * tanh(L_fea - gamma * L_adv)``. ``False`` keeps
        ``mu = mu_init`` (the paper's DVAAN-mu ablation).

    gamma : float, default=1.0
        Weight of the adversarial class loss in the ``mu`` update.

    mu_step : float, default=0.1
        Step size of the ``mu`` update.

    mu_bounds : tuple of float, default=(1.0, 5.0)
        ``mu`` is kept inside ``[low, high]``. The lower bound keeps the
        class components from collapsing onto each other (see Notes).

    mu_losses : {{"raw", "relative"}}, default="raw"
        What the ``mu`` update compares. ``"raw"``: the losses themselves, as
        Eq. 10 of the paper writes it; their scales differ so much that
        ``mu`` usually sits on the lower bound of ``mu_bounds`` from the
        first epoch on, in effect a fixed ``mu``. ``"relative"``: each loss
        divided by its value in the first epoch, so ``tanh(L_fea / L_fea,1 -
        gamma * L_adv / L_adv,1)`` weighs how far each has come, and ``mu``
        moves both ways. The default is ``"raw"`` because it gave the better
        G-mean downstream on the KEEL tables (evidence in
        :ref:`bench-ablations`).

    feature_weight : float, default=1.0
        Weight ``lambda_1`` of the feature-wise reconstruction loss ``L_fea``.

    adversarial_weight : float, default=1.0
        Weight ``lambda_2`` of the decoder's adversarial loss.

    augmentation : bool, default=True
        Train the discriminator's class output also on boundary samples
        drawn after each epoch (the paper's ``D+``). ``False`` is the
        paper's DVAAN-a ablation.

    sample_from : {{"auto", "interpolate", "prior", "boundary"}}, default="auto"
        Where the synthetic rows of ``fit_resample`` and ``generate`` come
        from (``sample_from_`` says which was used):

        - ``"auto"``: ``"interpolate"``, for flat rows and images alike, the
          choice our measurements support (see below).
        - ``"prior"``: codes from the target class's own component
          ``N(mu * a_k, I)``, decoded without filtering.
        - ``"boundary"``: latent codes from ``N(0, I)`` whose nearest
          component is the target class, decoded and kept where the
          discriminator assigns them to that class (the paper's support
          samples). They favour minority recall over precision.
        - ``"interpolate"``: SMOTE in the latent space. A real row ``x_a``
          of the target class and one of its 5 nearest neighbours of the
          same class in the latent space are encoded (latent means ``z_a``,
          ``z_b``), a uniform point ``z`` of the segment between them is
          drawn, and the new row is ``x_a + Dec(z) - Dec(z_a)``: the real
          row moved by the decoded step. The fitted sampler keeps training
          rows (scaled) and their latent means for this: up to 10,000 rows
          of each class and 2**24 values (64 MiB) in all, shared out
          evenly, the classes that ``fit_resample`` over-samples first.
          ``generate`` for a class left without rows (a large majority of
          large images) draws from its prior instead, with a warning.

        Interpolation gave better downstream scores than prior samples on
        the KEEL tables with every classifier tried and on most image tasks
        measured with a CNN, so it is the default for both (see
        :ref:`dvaan`; evidence in :ref:`bench-ablations` and
        :ref:`bench-images`). The boundary samples of the paper are used
        for training-time augmentation.

    max_tries : int, default=10
        Rounds of boundary sampling per chunk. Rows still missing after the
        last round are drawn from the class's own prior instead, with a
        warning; ``n_fallback_`` counts them.

    {augment_parameters}

    {selection_parameters}

    {runtime_parameters}

    Attributes
    ----------
    sampling_strategy_ : dict
        Number of samples to generate for each class.

    classes_ : ndarray of shape (n_classes,)
        Class labels seen during fit.

    class_counts_ : dict
        Number of rows of each class seen during fit.

    mu_ : float
        Final value of ``mu``.

    prior_means_ : ndarray of shape (n_classes, latent_dim)
        Centre of each class's latent component, in the order of
        ``classes_``.

    sample_from_ : str
        Where the synthetic rows come from: ``sample_from`` with ``"auto"``
        resolved (``"interpolate"``).

    encoder_, decoder_, discriminator_ : torch.nn.Module
        The trained networks. The encoder returns an ``EncoderOutput``
        (``features``, ``mean``, ``logvar``), the discriminator a
        ``DiscriminatorOutput`` (``features``, ``real_fake`` logit,
        ``classes`` logits); both take scaled flat rows.

    history_ : dict of list
        Per-epoch values: the mean losses ``ele``, ``kl``, ``fea``, ``adv``,
        ``gan`` and ``dis``, then ``mu``, ``n_augmented`` and ``acceptance``
        (when augmenting: the size of ``D+`` and the discriminator's mean
        acceptance rate of boundary candidates over the augmented classes),
        and ``epoch_time`` in seconds.

    n_epochs_ : int
        Number of epochs trained.

    batch_size_ : int
        Mini-batch size used.

    n_fallback_ : dict
        Per class generated by ``fit_resample``, how many boundary rows were
        drawn from the class prior because ``max_tries`` rounds did not
        yield enough accepted rows (``generate`` warns instead and leaves
        this unchanged).

    {fitted_attributes}

    See Also
    --------
    BayesGANOversampler : GAN over-sampler with a Bayesian-network regularizer.
    imblearn.over_sampling.SMOTE : Interpolation between minority neighbours.
    imblearn.over_sampling.BorderlineSMOTE : SMOTE near the class border.

    Notes
    -----
    The paper is binary; here every class gets its own latent component, and
    one model is trained for all classes. With two classes the components are
    exactly the paper's ``N(+mu, I)`` (minority) and ``N(-mu, I)``; with
    ``K`` classes they sit at the vertices of a regular simplex of the same
    radius, so ``N(0, I)`` still lies between them and boundary samples are
    pseudo-labelled by the nearest component.

    Choices the paper leaves open, all described in the user guide
    (:ref:`dvaan`):

    - ``mu`` has a lower bound of 1 by default: the feature loss is usually
      larger than ``gamma`` times the class cross-entropy, so with the raw
      losses of Eq. 10 an unbounded ``mu`` shrinks until the components
      overlap and minority rows drift into the majority. With the raw losses
      ``mu`` sat on that bound from the first epoch to the last in every
      fit we looked at; ``mu_losses="relative"`` compares the losses'
      progress instead, and ``mu`` then falls while the class loss falls
      faster than the feature loss, and rises when the feature loss
      catches up.
    - Mini-batches are class-balanced by default (``balanced_batches``).

    - Losses: ``L_ele`` is the squared error (sum over features), ``L_KL`` the
      KL divergence to the class component, ``L_fea`` the squared error in the
      discriminator's hidden layer divided by the variance of that layer, and
      ``L_adv`` the cross-entropy of the discriminator's class output on
      reconstructions and prior samples. The discriminator is trained with a
      real/fake binary cross-entropy plus the class cross-entropy on real
      rows (and on ``D+``). Class cross-entropies on real and generated rows
      are weighted by inverse class frequency, so the discriminator's class
      boundary is not pushed onto the minority; otherwise it rejects almost
      every minority boundary sample.
    - The encoder is updated by ``L_ele + L_KL + lambda_1 L_fea``, the decoder
      by ``L_ele + lambda_1 L_fea + lambda_2 (L_gan + L_adv)``, as in
      Algorithm 1. ``mu`` is not trained by gradient.
    - ``mu`` is updated once per epoch from the epoch's mean ``L_fea`` and
      ``L_adv``.
    - ``D+`` is rebuilt after every epoch with, per class, up to
      ``min(n_majority - n_class, n_class)`` accepted boundary rows, and is
      used only by the discriminator's class loss, not as "real" rows or as
      VAE input (reconstructing its own output would reinforce it).

    Features are scaled to ``[-1, 1]`` (per feature for flat data, one range
    for images) and the generator ends in ``tanh``, so synthetic values stay
    inside the training range; integer features are rounded.

    References
    ----------
    .. [1] T. Guo, X. Zhu, Y. Wang and F. Chen, "Discriminative Sample
       Generation for Deep Imbalanced Learning", Proceedings of IJCAI-19,
       pp. 2406-2412, 2019. doi:10.24963/ijcai.2019/334

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imblearn_deep import DVAANSampler
    >>> X, y = make_classification(n_samples=500, weights=[0.9, 0.1],
    ...                            random_state=0)
    >>> Counter(y)
    Counter({{np.int64(0): 449, np.int64(1): 51}})
    >>> sampler = DVAANSampler(max_epochs=5, random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> Counter(y_res)
    Counter({{np.int64(0): 449, np.int64(1): 449}})
    """

    _parameter_constraints: dict = {
        **BaseDeepOverSampler._parameter_constraints,
        "latent_dim": [Interval(numbers.Integral, 1, None, closed="left")],
        "mu_init": [Interval(numbers.Real, 0, None, closed="neither")],
        "adapt_mu": ["boolean"],
        "gamma": [Interval(numbers.Real, 0, None, closed="left")],
        "mu_step": [Interval(numbers.Real, 0, None, closed="left")],
        "mu_bounds": [tuple, list],
        "feature_weight": [Interval(numbers.Real, 0, None, closed="left")],
        "adversarial_weight": [Interval(numbers.Real, 0, None, closed="left")],
        "augmentation": ["boolean"],
        "sample_from": [StrOptions({"auto", "boundary", "prior", "interpolate"})],
        "mu_losses": [StrOptions({"relative", "raw"})],
        "max_tries": [Interval(numbers.Integral, 1, None, closed="left")],
    }

    _convergence_keys = ("ele", "kl")
    _gpu_conv_channels = PAPER_CONV_CHANNELS
    _flat_steps = FLAT_STEPS
    _auto_hidden_flat = FLAT_HIDDEN_DIMS
    _torch_state = ("encoder_", "decoder_", "discriminator_", "_directions")
    _training_only = ("_opt_enc", "_opt_dec", "_opt_dis", "_aug", "_aug_perm",
                      "_mu_reference", "_counts")

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        random_state=None,
        image_shape=None,
        categorical_features=None,
        numeric_scaling="range",
        latent_dim=16,
        hidden_dims="auto",
        conv_channels="auto",
        kernel_sizes=(5, 5, 3, 3),
        max_epochs="auto",
        batch_size=256,
        balanced_batches=True,
        n_iter_no_change=None,
        tol=0.01,
        learning_rate=1e-3,
        mu_init=1.0,
        adapt_mu=True,
        gamma=1.0,
        mu_step=0.1,
        mu_bounds=(1.0, 5.0),
        mu_losses="raw",
        feature_weight=1.0,
        adversarial_weight=1.0,
        augmentation=True,
        sample_from="auto",
        max_tries=10,
        diff_augment=None,
        selection=None,
        pool_factor=4.0,
        device="auto",
        precision="float32",
        n_threads=None,
        verbose=0,
    ):
        super().__init__(
            sampling_strategy=sampling_strategy, random_state=random_state,
            image_shape=image_shape, categorical_features=categorical_features,
            numeric_scaling=numeric_scaling, hidden_dims=hidden_dims, conv_channels=conv_channels,
            kernel_sizes=kernel_sizes, max_epochs=max_epochs, batch_size=batch_size,
            balanced_batches=balanced_batches, n_iter_no_change=n_iter_no_change, tol=tol,
            learning_rate=learning_rate, diff_augment=diff_augment, selection=selection,
            pool_factor=pool_factor, device=device, precision=precision,
            n_threads=n_threads, verbose=verbose,
        )
        self.latent_dim = latent_dim
        self.mu_init = mu_init
        self.adapt_mu = adapt_mu
        self.gamma = gamma
        self.mu_step = mu_step
        self.mu_bounds = mu_bounds
        self.mu_losses = mu_losses
        self.feature_weight = feature_weight
        self.adversarial_weight = adversarial_weight
        self.augmentation = augmentation
        self.sample_from = sample_from
        self.max_tries = max_tries

    # ------------------------------------------------------------ building
    def _check_method_params(self, n_classes):
        hidden, channels, kernels = self._network_sizes()
        bounds = tuple(self.mu_bounds)
        if len(bounds) != 2 or not 0 < bounds[0] <= bounds[1]:
            raise ValueError(
                f"mu_bounds must be (low, high) with 0 < low <= high; got {self.mu_bounds!r}.")
        if not bounds[0] <= self.mu_init <= bounds[1]:
            raise ValueError(f"mu_init={self.mu_init} lies outside mu_bounds={bounds}.")
        if self.latent_dim < n_classes - 1:
            raise ValueError(
                f"latent_dim={self.latent_dim} is too small for {n_classes} classes: "
                f"DVAANSampler gives each class a latent component and needs "
                f"latent_dim >= n_classes - 1 = {n_classes - 1}."
            )
        return hidden, channels, kernels, bounds

    def _networks(self, n_features, class_counts):
        n_classes = len(class_counts)
        hidden, channels, kernels, self._mu_bounds = self._check_method_params(n_classes)
        shape = self.image_shape_
        body, n_hidden = feature_body(n_features, shape, hidden, channels, kernels)
        encoder = Heads(body, n_hidden, EncoderOutput, mean=self.latent_dim,
                        logvar=self.latent_dim)
        decoder = generator_body(self.latent_dim, n_features, shape, hidden, channels, kernels,
                                 output=self._output_layer())
        body, n_hidden = feature_body(n_features, shape, hidden, channels, kernels, leaky=True)
        discriminator = Heads(body, n_hidden, DiscriminatorOutput, real_fake=1,
                              classes=n_classes)
        return {"encoder_": encoder, "decoder_": decoder, "discriminator_": discriminator}

    def _prepare(self, class_counts):
        n_classes = len(class_counts)
        # Component k of the prior is N(mu * a_k, I); with two classes the
        # minority (smaller) class gets +1 (row 0), the paper's N(+mu, I).
        directions = prior_directions(n_classes, self.latent_dim)
        if n_classes == 2 and class_counts[0] >= class_counts[1]:
            directions = directions[::-1].copy()
        self._directions = to_tensor(directions, self.device_)
        self.mu_ = float(self.mu_init)

        # The base's balanced class weights (_class_weight) keep the
        # discriminator's class head from rejecting nearly every minority
        # boundary sample.
        self._counts = np.asarray(class_counts)
        self._opt_enc = self._adam(self.encoder_)
        self._opt_dec = self._adam(self.decoder_)
        self._opt_dis = self._adam(self.discriminator_)
        self._aug = None
        self._mu_reference = None  # the first epoch's (L_fea, L_adv)

    def _centres(self):
        return self.mu_ * self._directions

    # ------------------------------------------------------------ training
    def _train_step(self, X, y, batch_index, n_batches):
        """One iteration of Algorithm 1 on a mini-batch (X, y)."""
        centres = self._centres()
        # Z <- Enc(X); X~ <- Dec(Z); Zp ~ N(+-mu, I); Xp <- Dec(Zp)
        posterior = self.encoder_(X)
        mean, logvar = posterior.mean, posterior.logvar
        z = mean + self._noise(mean) * (0.5 * logvar).exp()
        z_prior = centres[y] + self._noise(mean)
        generated = self.decoder_(torch.cat([z, z_prior]))
        x_rec = generated[: X.shape[0]]
        y_gen = torch.cat([y, y])

        # Discriminator: real/fake on X vs. (X~, Xp), classes on X and on D+.
        # With diff_augment every batch it sees is augmented; X and its
        # reconstruction X~ share one draw, so that L_fea compares like with like.
        pair = self._disc_draw(X.shape[0])
        real, fake = discriminate(self.discriminator_, self._disc_view(X, pair),
                                  self._disc_view(generated.detach()), self._joint_discriminator)
        l_dis = (
            real_fake_loss(real.real_fake, True)
            + real_fake_loss(fake.real_fake, False)
            + class_loss(real.classes, y, self._class_weight)
        )
        if self._aug is not None:
            X_aug, y_aug = self._aug_batch(batch_index, n_batches)
            l_dis = l_dis + class_loss(self.discriminator_(self._disc_view(X_aug)).classes,
                                       y_aug)
        update(self._opt_dis, (l_dis, optimizer_params(self._opt_dis)))

        # Encoder and decoder, each on its own objective of Algorithm 1.
        gen = self.discriminator_(self._disc_view(generated, pair))
        l_ele = reconstruction_loss(x_rec, X)
        l_kl = gaussian_kl(mean, logvar, centres[y])
        l_fea = feature_matching_loss(gen.features[: X.shape[0]], real.features)
        l_adv = class_loss(gen.classes, y_gen, self._class_weight)
        l_gan = real_fake_loss(gen.real_fake, True)
        enc_loss = l_ele + l_kl + self.feature_weight * l_fea
        dec_loss = l_ele + self.feature_weight * l_fea + self.adversarial_weight * (l_gan + l_adv)
        update(self._opt_enc, (enc_loss, optimizer_params(self._opt_enc)), retain_graph=True)
        update(self._opt_dec, (dec_loss, optimizer_params(self._opt_dec)))
        return {"ele": l_ele, "kl": l_kl, "fea": l_fea, "adv": l_adv, "gan": l_gan, "dis": l_dis}

    def _aug_batch(self, batch_index, n_batches):
        X_aug, y_aug = self._aug
        if batch_index == 0:
            self._aug_perm = torch.randperm(X_aug.shape[0], device=X_aug.device,
                                            generator=self._rng)
        size = math.ceil(X_aug.shape[0] / n_batches)
        idx = self._aug_perm[batch_index * size:(batch_index + 1) * size]
        if idx.numel() == 0:
            idx = self._aug_perm[:size]
        return X_aug[idx], y_aug[idx]

    def _end_epoch(self, epoch, losses):
        record = {}
        if self.adapt_mu:
            l_fea, l_adv = losses["fea"], losses["adv"]
            if self.mu_losses == "relative":
                # each loss over its first epoch's value: the update compares
                # how far each has come, not their raw scales (see Notes)
                if self._mu_reference is None:
                    self._mu_reference = (max(l_fea, 1e-12), max(l_adv, 1e-12))
                l_fea, l_adv = l_fea / self._mu_reference[0], l_adv / self._mu_reference[1]
            self.mu_ = mu_update(
                self.mu_, l_fea, l_adv,
                gamma=self.gamma, step=self.mu_step, bounds=self._mu_bounds,
            )
        record["mu"] = self.mu_
        if self.augmentation:
            with torch.no_grad():
                record.update(self._augment())
        return record

    def _augment(self):
        """Rebuild D+: accepted boundary samples for the smaller classes."""
        want = np.minimum(self._counts.max() - self._counts, self._counts)
        rows, labels, rates = [], [], []
        for k in np.flatnonzero(want):
            x, rate = self._boundary_rows(int(k), int(want[k]), 1, self._rng)
            rates.append(rate)
            rows.append(x)
            labels.append(torch.full((x.shape[0],), int(k), device=x.device, dtype=torch.long))
        n_kept = sum(x.shape[0] for x in rows)
        self._aug = (torch.cat(rows), torch.cat(labels)) if n_kept else None
        return {"n_augmented": float(n_kept), "acceptance": float(np.mean(rates)) if rates else 0.0}

    # ----------------------------------------------------------- sampling
    def _noise(self, like):
        """Standard normal noise shaped like ``like``, from the fit's own RNG."""
        return torch.randn(like.shape, device=like.device, dtype=like.dtype, generator=self._rng)

    def _boundary_latents(self, class_index, n, generator, max_rounds=100):
        """Up to ``n`` codes from N(0, I) whose nearest component is ``class_index``.

        Bounded: after ``max_rounds`` draws it returns what it found (each
        class's region holds about ``1 / n_classes`` of N(0, I), so this only
        comes short when the centres are degenerate).
        """
        centres = self._centres()
        n_classes = centres.shape[0]
        found, total = [], 0
        for _ in range(max_rounds):
            if total >= n:
                break
            z = torch.randn(max(2 * n_classes * (n - total), 64), centres.shape[1],
                            device=centres.device, generator=generator)
            z = z[nearest_component(z, centres) == class_index]
            found.append(z)
            total += z.shape[0]
        return torch.cat(found)[:n]

    def _boundary_rows(self, class_index, n, tries, generator, hard=False):
        """Decoded boundary rows the discriminator assigns to ``class_index``.

        Returns the accepted rows (at most ``n``) and the acceptance rate of
        the decoded candidates. With ``hard``, each candidate's categorical
        blocks are made one-hot (:meth:`_harden`) before the discriminator
        judges it, so that the rows returned are the ones it accepted.
        """
        kept, n_kept, n_tried, n_accepted = [], 0, 0, 0
        for _ in range(tries):
            missing = n - n_kept
            latents = self._boundary_latents(class_index, 2 * missing, generator)
            if latents.shape[0] == 0:
                break
            candidates = self.decoder_(latents)
            if hard:
                candidates = self._harden(candidates, generator)
            accepted = candidates[
                self.discriminator_(candidates).classes.argmax(dim=1) == class_index]
            n_tried += candidates.shape[0]
            n_accepted += accepted.shape[0]
            kept.append(accepted[:missing])
            n_kept += kept[-1].shape[0]
            if n_kept >= n:
                break
        if not kept:
            return self._directions.new_zeros((0, self._n_features)), 0.0
        return torch.cat(kept), n_accepted / max(1, n_tried)

    def _prior_rows(self, class_index, n, generator):
        centre = self._centres()[class_index]
        return self.decoder_(centre + torch.randn(n, centre.shape[0], device=centre.device,
                                                  generator=generator))

    def _encode_rows(self, X, y):
        chunk = chunk_rows(X.shape[1])
        return torch.cat([self.encoder_(X[i:i + chunk]).mean
                          for i in range(0, X.shape[0], chunk)])

    def _decode_codes(self, codes, class_index):
        return self.decoder_(codes)

    def _generate_scaled(self, class_index, n_samples, record, generator, conditions=None):
        label = plain_label(self.classes_[class_index])
        record.setdefault(label, 0)
        # what the model was fitted with, whatever set_params (or a later
        # default) says since
        sample_from, max_tries = self.sample_from_, self._fit_params["max_tries"]
        if sample_from == "prior":
            return self._prior_rows(class_index, n_samples, generator)
        if sample_from == "interpolate":
            return self._interpolated_rows(class_index, n_samples, generator)
        rows, _ = self._boundary_rows(class_index, n_samples, max_tries, generator, hard=True)
        missing = n_samples - rows.shape[0]
        if missing:
            warnings.warn(
                f"DVAANSampler: only {rows.shape[0]} of {n_samples} boundary samples "
                f"of class {label!r} were accepted by the discriminator after "
                f"max_tries={max_tries} rounds; the other {missing} were drawn "
                "from the class's own latent component. Increase max_tries or "
                "use sample_from='prior' to avoid this.",
                UserWarning,
                stacklevel=4,
            )
            rows = torch.cat([rows, self._prior_rows(class_index, missing, generator)])
        record[label] += missing
        return rows

    def _record_generation(self, record):
        self.n_fallback_ = record

    def _end_training(self, X, y):
        self.prior_means_ = self._centres().cpu().numpy()

    # ------------------------------------------------------------- public
    def encode(self, X):
        """Latent means of the encoder for rows X (e.g. to plot the latent space).

        The paper's Fig. 1: after training, rows of each class gather around
        their component's centre ``prior_means_[k]``.

        Parameters
        ----------
        X : array-like of shape (n_samples, `n_features_in_`)
            Rows in input space.

        Returns
        -------
        Z : ndarray of shape (n_samples, latent_dim)
            Mean of the approximate posterior ``Q(z | x)`` of each row.
        """
        return self._forward_rows(X, lambda rows: self.encoder_(rows).mean,
                                  self._directions.shape[1])


class DVAANClassifier(ClassifierMixin, BaseEstimator):
    """The DVAAN discriminator used as a classifier, as the paper evaluates it.

    Trains a :class:`DVAANSampler` on ``(X, y)`` (with its boundary
    augmentation, but without generating rows for a downstream model) and
    predicts with the class output of its discriminator, the paper's
    ``theta_Dis``. The discriminator's class loss is weighted by inverse
    class frequency, so its probabilities are those of a balanced problem.

    Parameters
    ----------
    sampler : DVAANSampler or None, default=None
        The configured model; ``None`` uses ``DVAANSampler()``. Its
        ``sampling_strategy`` is ignored: no rows are generated. Tune it through
        ``sampler__<param>``, e.g. in ``GridSearchCV``.

    Attributes
    ----------
    sampler_ : DVAANSampler
        The fitted model.

    classes_ : ndarray of shape (n_classes,)
        Class labels seen during fit.

    n_features_in_ : int
        Number of features seen during fit.

    See Also
    --------
    DVAANSampler : The same model as an over-sampler.

    References
    ----------
    .. [1] T. Guo, X. Zhu, Y. Wang and F. Chen, "Discriminative Sample
       Generation for Deep Imbalanced Learning", IJCAI-19, 2019.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from imblearn_deep import DVAANClassifier, DVAANSampler
    >>> X, y = make_classification(n_samples=400, weights=[0.9], random_state=0)
    >>> clf = DVAANClassifier(DVAANSampler(max_epochs=20, random_state=0)).fit(X, y)
    >>> clf.predict_proba(X[:2]).shape
    (2, 2)
    """

    def __init__(self, sampler=None):
        self.sampler = sampler

    def fit(self, X, y):
        """Train the DVAAN model on ``(X, y)``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)

        Returns
        -------
        self : DVAANClassifier
        """
        sampler = clone(self.sampler) if self.sampler is not None else DVAANSampler()
        if not isinstance(sampler, DVAANSampler):
            raise TypeError(f"sampler must be a DVAANSampler; got {type(sampler).__name__}.")
        saved = dict(self.__dict__)
        try:
            if _table_params(sampler) or text_columns(X):
                # the sampler checks the columns (text categories included), and
                # names text columns that categorical_features does not declare
                validate_data(self, X=X, y=y, reset=True, skip_check_array=True)
            else:
                X, y = validate_data(self, X, y, accept_sparse=["csr", "csc"])
            sampler.fit(X, y)  # the model trains, nothing is generated
        except BaseException:
            # a failed refit leaves the classifier as it was
            self.__dict__.clear()
            self.__dict__.update(saved)
            raise
        self.sampler_ = sampler
        self.classes_ = sampler.classes_
        return self

    def predict_proba(self, X):
        """Class probabilities from the discriminator's class output.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
        """
        check_is_fitted(self, "sampler_")
        sampler = self.sampler_
        if _table_params(sampler):
            validate_data(self, X=X, reset=False, skip_check_array=True)
        else:
            X = validate_data(self, X, reset=False, accept_sparse=["csr", "csc"])
        return sampler._forward_rows(
            X, lambda rows: torch.softmax(sampler.discriminator_(rows).classes, dim=1),
            len(self.classes_),
        ).astype(np.float64)

    def predict(self, X):
        """Most probable class for each row of X."""
        proba = self.predict_proba(X)
        return self.classes_[proba.argmax(axis=1)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags


def _table_params(sampler):
    """Whether the sampler reads table columns itself (categories, quantile scaling)."""
    return sampler.categorical_features is not None or sampler.numeric_scaling != "range"
