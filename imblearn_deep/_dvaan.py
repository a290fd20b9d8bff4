"""DVAANSampler: the discriminative VAE + GAN of Guo et al. (IJCAI-19)."""

import numbers
import warnings

import torch
from imblearn.utils import Substitution
from sklearn.utils._param_validation import Interval, StrOptions

from ._base import BaseDeepOverSampler
from ._checks import plain_label
from ._boundary import AugmentedSet, boundary_rows
from ._docs import SHARED_DOCS, network_docs, training_docs
from ._gan import discriminate, optimizer_params, update
from ._torch import chunk_rows
from ._losses import (
    class_loss,
    feature_matching_loss,
    gaussian_kl,
    mu_update,
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
from ._torch import to_tensor

#: The paper's conv channels: ``conv_channels="auto"`` on a GPU.
PAPER_CONV_CHANNELS = (64, 92, 128, 256)


#: Gradient steps of ``max_epochs="auto"`` on flat rows, chosen on the KEEL
#: tables (``python -m benchmarks.research.ablation``; see the docs).
FLAT_STEPS = (50, 100)
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
          ``z_b``) and a point ``z = z_a + t (z_b - z_a)``, ``t`` uniform in
          [0, 1], is decoded. On flat rows the new row is ``Dec(z) + (1 - t)
          (x_a - Dec(z_a)) + t (x_b - Dec(z_b))``: the decoded point plus
          both ends' reconstruction residuals, a row that runs from ``x_a``
          to ``x_b`` along the decoder's curve (and moves as far as SMOTE's
          would, however little the decoder reconstructs). On images it is
          ``x_a + Dec(z) - Dec(z_a)``, the real image moved by the decoded
          step. The fitted sampler keeps training
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

    Choices the paper leaves open (bounds on ``mu``, the losses' exact
    forms, class-weighted cross-entropies, how ``D+`` is rebuilt) are
    described in the user guide (:ref:`dvaan`).

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
    _training_only = ("_opt_enc", "_opt_dec", "_opt_dis", "_augmented", "_mu_reference")

    def __init__(
        self, *, sampling_strategy="auto", random_state=None, image_shape=None,
        categorical_features=None, numeric_scaling="range", latent_dim=16, hidden_dims="auto",
        conv_channels="auto", kernel_sizes=(5, 5, 3, 3), max_epochs="auto", batch_size=256,
        balanced_batches=True, n_iter_no_change=None, tol=0.01, learning_rate=1e-3, mu_init=1.0,
        adapt_mu=True, gamma=1.0, mu_step=0.1, mu_bounds=(1.0, 5.0), mu_losses="raw",
        feature_weight=1.0, adversarial_weight=1.0, augmentation=True, sample_from="auto",
        max_tries=10, diff_augment=None, selection=None, pool_factor=4.0, device="auto",
        precision="float32", n_threads=None, verbose=0,
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
    def _networks(self, n_features, class_counts):
        n_classes = len(class_counts)
        hidden, channels, kernels = self._network_sizes()
        self._mu_bounds = check_mu(self.mu_bounds, self.mu_init, self.latent_dim, n_classes)
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
        self._opt_enc = self._adam(self.encoder_)
        self._opt_dec = self._adam(self.decoder_)
        self._opt_dis = self._adam(self.discriminator_)
        self._augmented = AugmentedSet(class_counts)
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
        # The D+ rows of this batch join the same pass.
        pair = self._disc_draw(X.shape[0])
        batches = [self._disc_view(X, pair), self._disc_view(generated.detach())]
        augmented = self._augmented.batch(batch_index, n_batches, self._rng)
        if augmented is not None:
            X_aug, y_aug = augmented
            batches.append(self._disc_view(X_aug))
        real, fake, *extra = discriminate(self.discriminator_, *batches,
                                          joint=self._joint_discriminator)
        l_dis = (
            real_fake_loss(real.real_fake, True)
            + real_fake_loss(fake.real_fake, False)
            + class_loss(real.classes, y, self._class_weight)
        )
        if extra:
            l_dis = l_dis + class_loss(extra[0].classes, y_aug)
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
                record.update(self._augmented.rebuild(
                    lambda k, n: self._boundary_rows(k, n, 1, self._rng)))
        return record

    # ----------------------------------------------------------- sampling
    def _noise(self, like):
        """Standard normal noise shaped like ``like``, from the fit's own RNG."""
        return torch.randn(like.shape, device=like.device, dtype=like.dtype, generator=self._rng)

    def _boundary_rows(self, class_index, n, tries, generator, hard=False):
        """Accepted boundary rows of a class and the acceptance rate (see
        :func:`~._boundary.boundary_rows`)."""
        return boundary_rows(
            self.decoder_, self.discriminator_, self._centres(), class_index, n, tries,
            generator, self._n_features,
            harden=(lambda rows: self._harden(rows, generator)) if hard else None)

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


def check_mu(mu_bounds, mu_init, latent_dim, n_classes):
    """Validated ``mu_bounds`` (a ``(low, high)`` tuple) for ``n_classes`` components."""
    bounds = tuple(mu_bounds)
    if len(bounds) != 2 or not 0 < bounds[0] <= bounds[1]:
        raise ValueError(f"mu_bounds must be (low, high) with 0 < low <= high; got {mu_bounds!r}.")
    if not bounds[0] <= mu_init <= bounds[1]:
        raise ValueError(f"mu_init={mu_init} lies outside mu_bounds={bounds}.")
    if latent_dim < n_classes - 1:
        raise ValueError(
            f"latent_dim={latent_dim} is too small for {n_classes} classes: "
            f"DVAANSampler gives each class a latent component and needs "
            f"latent_dim >= n_classes - 1 = {n_classes - 1}.")
    return bounds
