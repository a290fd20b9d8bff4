"""BayesGANOversampler: a GAN with a Bayesian-network regularizer (IMSIC, IJCAI-21)."""

import numbers

import numpy as np
import torch
from imblearn.utils import Substitution
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from ._base import BaseDeepOverSampler
from ._docs import SHARED_DOCS, network_docs, training_docs
from ._gan import discriminate, invert, optimizer_params, update
from ._torch import chunk_rows
from ._losses import (
    authors_structure_loss,
    bayesian_structure_loss,
    class_loss,
    least_squares_gan_loss,
    structure_masks,
    structure_parameters,
)
from ._networks import DiscriminatorOutput, Heads, feature_body, generator_body
from ._structure import check_structure, node_names, parents_and_non_parents


class _ConditionalGenerator(torch.nn.Module):
    """``G(z, y, c)``: noise, one-hot class and codes concatenated, then a body."""

    def __init__(self, body, n_classes):
        super().__init__()
        self.body = body
        self.n_classes = n_classes

    def forward(self, z, y, c):
        onehot = torch.nn.functional.one_hot(y, self.n_classes).to(z.dtype)
        return self.body(torch.cat([z, onehot, c], dim=1))


#: Learning rate and weight of the code penalty ``|w|^2`` of the generator
#: inversion behind ``sample_from="interpolate"``.
INVERSION_LEARNING_RATE = 0.05
INVERSION_PRIOR = 1e-3

#: Adam steps of the inversion with ``inversion_steps="auto"``: on flat rows
#: chosen on the KEEL tables (100 were level with 200, see the docs); on
#: images the former default, not measured with fewer.
INVERSION_STEPS = {"flat": 100, "image": 200}


#: The authors' conv channels: ``conv_channels="auto"`` on a GPU.
PAPER_CONV_CHANNELS = (16, 32, 64, 128)


#: Gradient steps of ``max_epochs="auto"`` on flat rows, chosen on the KEEL
#: tables (``python -m benchmarks.research.ablation``; see the docs).
FLAT_STEPS = (100, 200)
_FLAT_STEPS_WHY = """With the default latent interpolation, the flat
        schedule was chosen on the KEEL tables of the benchmarks: more
        steps did not raise the downstream scores, fewer cost the RBF
        SVM's G-mean and F1 (see :ref:`how-long`; evidence in
        :ref:`bench-ablations`)."""


#: ``hidden_dims="auto"`` on flat rows, chosen on the KEEL tables (see the docs).
FLAT_HIDDEN_DIMS = (64, 64)
_FLAT_HIDDEN_WHY = """On the KEEL tables of the benchmarks 64 units
        were level with 128 downstream, and faster (evidence in
        :ref:`bench-tabular-defaults`)."""


@Substitution(**SHARED_DOCS, training_parameters=training_docs(FLAT_STEPS, _FLAT_STEPS_WHY),
              network_parameters=network_docs(
    PAPER_CONV_CHANNELS, (3, 3, 3, 3), "the authors' discriminator",
    FLAT_HIDDEN_DIMS, _FLAT_HIDDEN_WHY))
class BayesGANOversampler(BaseDeepOverSampler):
    """Over-sample with a GAN regularized by a Bayesian network over its codes.

    A conditional GAN for all classes at once: the generator takes noise
    ``z``, the class and continuous codes ``c ~ N(0, I)``; the discriminator
    has a real/fake output, a class output and a feature extractor ``F``
    that recovers codes ``c'`` from a sample. A user-given dependency
    structure over ``c`` and ``c'`` says which recovered codes follow which
    variables; the Bayesian regularizer pulls each ``c'_i`` towards its
    parents' expected value and pushes it away from its non-parents. Real
    labels drive the class conditioning, so generated rows belong to the
    class asked for.

    Read more in the :ref:`User Guide <bayes_gan>`.

    Parameters
    ----------
    {sampling_parameters}

    n_codes : int, default=4
        Number of continuous codes ``c`` (and recovered codes ``c'``).

    structure : str, array-like or list of edges, default="disentangled"
        Dependency structure over the ``2 * n_codes`` nodes ``c1 .. cn,
        c'1 .. c'n``:

        - ``"disentangled"``: each ``c'i`` has only ``ci`` as parent;
        - ``"entangled"``: as disentangled, and ``c'3`` also has ``c'1`` and
          ``c'2`` as parents (like the paper's Fig. 4c; ``n_codes >= 3``);
        - a ``(2n, 2n)`` 0/1 parent matrix, ``M[i, j] = 1`` when node ``j``
          is a parent of node ``i``;
        - a list of ``(parent, child)`` edges by index or name, e.g.
          ``[("c1", "c'1"), ("c2", "c'2"), ("c'1", "c'2")]``.

        It must be acyclic; observed codes have no parents and every
        recovered code has at least one.

    regularizer : {{"bayesian", "authors"}}, default="bayesian"
        ``"bayesian"``: the paper's intent (pull plus bounded push, see
        Notes). ``"authors"``: the form in the authors' published code,
        ``max(0, P - N)`` of batch MSEs, which is almost always zero.

    regularizer_weight : float, default=0.1
        Weight ``lambda`` of the regularizer; 0 trains a plain conditional
        GAN with a feature extractor that receives no signal (an ablation).
        The authors' code uses 0.15. At 1.0 the codes dominate on small or
        low-dimensional data (the generator spreads every class over the
        whole feature range to make its codes recoverable); 0.1 keeps the
        codes recoverable and scored better downstream on the KEEL tables
        of the benchmarks (see :ref:`bayes_gan`; evidence in
        :ref:`bench-ablations`).

    push_margin : float, default=0.9
        The push term is zero once the non-parents of a recovered code
        leave at least this fraction of its variance unexplained.

    sample_from : {{"auto", "interpolate", "prior"}}, default="auto"
        Where the synthetic rows of ``fit_resample`` and ``generate`` come
        from (``sample_from_`` says which was used):

        - ``"auto"``: ``"interpolate"`` (see below).
        - ``"prior"``: the generator's rows from fresh noise ``z`` and codes
          ``c`` drawn from ``N(0, I)``.
        - ``"interpolate"``: SMOTE in the generator's latent space. After
          training, each kept real row of a class that ``fit_resample``
          over-samples is *inverted*: the noise and codes ``(z, c)`` whose
          generated row is closest to it are found by gradient descent
          (``inversion_steps`` Adam steps from ``(0, 0)``). A new row takes
          a real row ``x_a`` (code ``w_a``), one of its 5 nearest
          neighbours of the same class by code (``w_b``) and a uniform
          point ``w`` of the segment between them, and is
          ``x_a + G(w) - G(w_a)``: the real row moved by the generated
          step, so that an imperfect inversion cancels out (its steps are
          about as long as the real gaps, see
          :ref:`bayes-gan-interpolation`). The fitted
          sampler keeps these rows (scaled) and codes: up to 10,000 rows
          of each over-sampled class and 2**24 values (64 MiB) in all.
          ``generate`` for another class draws from the prior, with a
          warning.

        Interpolation gave better downstream scores than the generator's
        own rows on the KEEL tables and on the image tasks compared with a
        CNN, and images about as hard to tell from real ones as copies, so
        it is the default for both (see :ref:`bayes-gan-interpolation`;
        evidence in :ref:`bench-ablations` and :ref:`bench-images`).
        Inverting the kept images costs about ``inversion_steps`` forward
        and backward passes of the generator over them.
        ``inversion_steps=0`` leaves every code at zero: the new rows are
        then copies of real rows.

    inversion_steps : int or "auto", default="auto"
        Adam steps of the generator inversion of ``sample_from="interpolate"``
        (learning rate 0.05, all kept rows of a class at once in bounded
        chunks). ``"auto"``: 100 on flat rows, 200 on images. On the KEEL
        tables 100 steps were level with 200 downstream at half the
        inversion's cost (evidence in :ref:`bench-ablations`); images keep
        200, which were not compared with fewer.

    noise_dim : int, default=32
        Dimension of the noise ``z``.

    {network_parameters}

    {training_parameters}

    n_iter_no_change : int or None, default=None
        Stop before ``max_epochs`` once the generator's class loss plus the
        regularizer (epoch means; the adversarial terms oscillate by design
        and say nothing about convergence) has not improved on its best by a
        fraction ``tol`` for this many epochs in a row; ``converged_`` then
        says so. {stopping_parameters}

    {augment_parameters}

    {selection_parameters}

    {runtime_parameters}

    Attributes
    ----------
    generator_, discriminator_ : torch.nn.Module
        The trained networks. The discriminator returns a
        ``DiscriminatorOutput`` (``features``, ``real_fake``, ``classes``
        logits, recovered ``codes``); its body plus the ``codes`` head is the
        feature extractor ``F``.

    structure_ : ndarray of shape (2 * n_codes, 2 * n_codes)
        The validated parent matrix.

    node_names_ : list of str
        Names of the structure's nodes, ``c1 .. cn, c'1 .. c'n``.

    structure_weights_ : list of ndarray
        For each recovered code, the weights ``w_i`` of Eq. 4 on its parents
        (in the order of ``structure_[n_codes + i]``'s nonzero columns),
        estimated on 4,096 generated rows after training.

    structure_variances_ : ndarray of shape (n_codes,)
        The matching residual variances ``sigma_i^2``, in the units of the
        recovered codes, whose scale the extractor is free to choose: judge
        them relative to the variance of each ``c'i`` (e.g. of
        ``recover_codes`` on generated rows). A small share means the
        recovered code follows its parents closely.

    code_correlations_ : ndarray of shape (n_codes,)
        Correlation of each recovered code ``c'i`` with its observed code
        ``ci`` on the same rows (NaN where a recovered code is constant).

    sample_from_ : str
        Where the synthetic rows come from: ``sample_from`` with ``"auto"``
        resolved.

    inversion_error_ : float
        With ``sample_from_="interpolate"``: mean squared difference, per
        value and in the scaled units (features in ``[-1, 1]``), between the
        kept real rows and the generator's rows from their inverted codes.
        Interpolation adds the generated *step* to the real row, so a
        rough inversion still gives rows near the class; a large error
        (say above 0.1) says the generator cannot reach the class's rows.

    history_ : dict of list
        Per-epoch mean losses ``d`` (discriminator), ``g_adv``, ``g_class``,
        ``reg`` and ``epoch_time``.

    {fitted_attributes}

    See Also
    --------
    DVAANSampler : Discriminative VAE + GAN over-sampler.
    imblearn.over_sampling.SMOTE : Interpolation between minority neighbours.

    Notes
    -----
    The regularizer implements what Eqs. 3-6 of the paper intend. For each
    recovered code ``c'_i`` with parents ``p_i`` (among ``c`` and ``c'``):
    the pull ``mean((c'_i - w_i^T p_i)^2)``, with ``w_i`` the batch maximum
    likelihood estimate of the linear-Gaussian conditional of Eq. 3-4, and
    the bounded push ``max(0, margin - r_i)`` with ``r_i`` the fraction of
    the variance of ``c'_i`` that its non-parents leave unexplained. It is
    minimised by the generator and the feature extractor together.

    The authors' published code differs from the paper: it is an InfoGAN
    whose categorical code is not tied to real labels, and its regularizer
    ``max(0, P - N)`` is almost always zero. Here real labels condition the
    generator and train the discriminator's class output (weighted by
    inverse class frequency), and the regularizer passes gradient. The GAN
    loss is the least-squares loss of the authors' code.

    References
    ----------
    .. [1] "Interpretable Minority Synthesis for Imbalanced
       Classification", Proceedings of IJCAI-21, 2021. Code:
       github.com/fudonglin/IMSIC.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imblearn_deep import BayesGANOversampler
    >>> X, y = make_classification(n_samples=500, weights=[0.9, 0.1],
    ...                            random_state=0)
    >>> sampler = BayesGANOversampler(max_epochs=5, random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> Counter(y_res)
    Counter({{np.int64(0): 449, np.int64(1): 449}})
    """

    _parameter_constraints: dict = {
        **BaseDeepOverSampler._parameter_constraints,
        "n_codes": [Interval(numbers.Integral, 1, None, closed="left")],
        "structure": [str, list, tuple, np.ndarray],
        "regularizer": [StrOptions({"bayesian", "authors"})],
        "regularizer_weight": [Interval(numbers.Real, 0, None, closed="left")],
        "push_margin": [Interval(numbers.Real, 0, 1, closed="right")],
        "noise_dim": [Interval(numbers.Integral, 1, None, closed="left")],
        "sample_from": [StrOptions({"auto", "interpolate", "prior"})],
        "inversion_steps": [Interval(numbers.Integral, 0, None, closed="left"),
                            StrOptions({"auto"})],
    }

    _convergence_keys = ("g_class", "reg")
    _gpu_conv_channels = PAPER_CONV_CHANNELS
    _flat_steps = FLAT_STEPS
    _auto_hidden_flat = FLAT_HIDDEN_DIMS
    _torch_state = ("generator_", "discriminator_")
    _training_only = ("_opt_g", "_opt_d", "_masks", "_generator_params", "_extractor_params")
    # a code is an optimisation (the inversion): only over-sampled classes
    _latents_of_every_class = False
    _interpolation_endpoints = False
    # models pickled before sample_from existed draw from the generator
    _fitted_before = {"sample_from": "prior"}

    def __init__(
        self, *, sampling_strategy="auto", random_state=None, image_shape=None,
        categorical_features=None, numeric_scaling="range", n_codes=4, structure="disentangled",
        regularizer="bayesian", regularizer_weight=0.1, push_margin=0.9, sample_from="auto",
        inversion_steps="auto", noise_dim=32, hidden_dims="auto", conv_channels="auto",
        kernel_sizes=(3, 3, 3, 3), max_epochs="auto", batch_size=256, balanced_batches=True,
        n_iter_no_change=None, tol=0.01, learning_rate=1e-3, diff_augment=None, selection=None,
        pool_factor=4.0, device="auto", precision="float32", n_threads=None, verbose=0,
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
        self.n_codes = n_codes
        self.structure = structure
        self.regularizer = regularizer
        self.regularizer_weight = regularizer_weight
        self.push_margin = push_margin
        self.sample_from = sample_from
        self.inversion_steps = inversion_steps
        self.noise_dim = noise_dim

    # ------------------------------------------------------------ building
    def _networks(self, n_features, class_counts):
        n_classes = len(class_counts)
        hidden, channels, kernels = self._network_sizes()
        self.structure_ = check_structure(self.structure, self.n_codes)
        self.node_names_ = node_names(self.n_codes)
        self._edges = parents_and_non_parents(self.structure_)
        shape = self.image_shape_
        in_dim = self.noise_dim + n_classes + self.n_codes
        generator = _ConditionalGenerator(
            generator_body(in_dim, n_features, shape, hidden, channels, kernels,
                           output=self._output_layer()), n_classes)
        body, n_hidden = feature_body(n_features, shape, hidden, channels, kernels, leaky=True)
        discriminator = Heads(body, n_hidden, DiscriminatorOutput, real_fake=1,
                              classes=n_classes, codes=self.n_codes)
        return {"generator_": generator, "discriminator_": discriminator}

    def _prepare(self, class_counts):
        self._masks = structure_masks(self._edges, self.n_codes, self.device_)
        # G's optimizer updates the generator and the feature extractor F;
        # D's updates the whole discriminator.
        self._generator_params = list(self.generator_.parameters())
        self._extractor_params = self._extractor_parameters()
        self._opt_g = self._adam(self._generator_params, self._extractor_params)
        self._opt_d = self._adam(self.discriminator_)

    def _regularizer(self, codes, recovered):
        if self.regularizer == "authors":
            return authors_structure_loss(codes, recovered, self._edges)
        return bayesian_structure_loss(codes, recovered, self._masks, margin=self.push_margin)

    def _draw(self, n, device, generator):
        # the dimensions the model was fitted with, whatever set_params did since
        return (torch.randn(n, self._fit_params["noise_dim"], device=device, generator=generator),
                torch.randn(n, self._fit_params["n_codes"], device=device, generator=generator))

    # ------------------------------------------------------------ training
    def _train_step(self, X, y, batch_index, n_batches):
        z, c = self._draw(X.shape[0], X.device, self._rng)
        fake = self.generator_(z, y, c)

        # Discriminator: real vs. generated, and the class of real rows.
        # with diff_augment, every batch D sees is augmented (fresh draws)
        real, generated = discriminate(self.discriminator_, self._disc_view(X),
                                       self._disc_view(fake.detach()),
                                       joint=self._joint_discriminator)
        l_d = (least_squares_gan_loss(real.real_fake, True)
               + least_squares_gan_loss(generated.real_fake, False)
               + class_loss(real.classes, y, self._class_weight))
        update(self._opt_d, (l_d, optimizer_params(self._opt_d)))

        # Generator and feature extractor F: fool D, hit the asked class, and
        # make the recovered codes follow the structure (Eq. 1 and 6).
        out = self.discriminator_(self._disc_view(fake))
        l_adv = least_squares_gan_loss(out.real_fake, True)
        l_cls = class_loss(out.classes, y, self._class_weight)
        l_reg = self._regularizer(c, out.codes)
        # D's real/fake and class heads only follow their own loss above;
        # here the generator is trained on all three terms and F (D's body
        # and code head) on the regularizer. The generator's parameters reach
        # the losses through `fake` only: one backward pass through it.
        generator = self._generator_params
        update(self._opt_g, (l_adv + l_cls, generator),
               (self.regularizer_weight * l_reg, self._extractor_params + generator),
               through=(fake, generator))
        return {"d": l_d, "g_adv": l_adv, "g_class": l_cls, "reg": l_reg}

    def _extractor_parameters(self):
        """Parameters of F: the discriminator's body and its code head."""
        return list(self.discriminator_.body.parameters()) + list(
            self.discriminator_.heads["codes"].parameters()
        )

    def _end_training(self, X, y):
        # 4,096 generated rows, through both networks in bounded chunks
        n = 4096
        y = torch.arange(n, device=self.device_) % len(self.classes_)  # not the training y
        z, c = self._draw(n, self.device_, self._rng)
        chunk = chunk_rows(self._n_features)
        recovered = torch.cat([
            self.discriminator_(self.generator_(z[i:i + chunk], y[i:i + chunk],
                                                c[i:i + chunk])).codes
            for i in range(0, n, chunk)
        ])
        self.structure_weights_, self.structure_variances_ = structure_parameters(
            c, recovered, self._edges
        )
        cc = torch.stack([c, recovered]).double().cpu().numpy()
        with np.errstate(divide="ignore", invalid="ignore"):  # NaN for a constant code
            self.code_correlations_ = np.array([
                np.corrcoef(cc[0][:, i], cc[1][:, i])[0, 1] for i in range(self.n_codes)
            ])

    # ----------------------------------------------------------- sampling
    def _generate_scaled(self, class_index, n_samples, record, generator, conditions=None):
        if conditions is None and self.sample_from_ == "interpolate":
            return self._interpolated_rows(class_index, n_samples, generator)
        return self._prior_rows(class_index, n_samples, generator, conditions)

    def _prior_rows(self, class_index, n, generator, conditions=None):
        z, c = self._draw(n, self.device_, generator)
        if conditions is not None:  # chosen code values
            c = conditions
        y = torch.full((n,), class_index, dtype=torch.long, device=self.device_)
        return self.generator_(z, y, c)

    # ------------------------------------------------ latent interpolation
    def _decode_codes(self, codes, class_index):
        y = torch.full((codes.shape[0],), class_index, dtype=torch.long, device=codes.device)
        return self._generate_from(codes, y)

    def _generate_from(self, codes, y):
        """The generator's rows for latent codes ``[z, c]`` and class indices ``y``."""
        noise_dim = self._fit_params["noise_dim"]
        return self.generator_(codes[:, :noise_dim], y, codes[:, noise_dim:])

    def _encode_rows(self, X, y):
        """The codes ``[z, c]`` of rows X: the generator inverted
        (:func:`~._gan.invert`, ``inversion_steps`` steps)."""
        steps = self._fit_params["inversion_steps"]
        if steps == "auto":
            steps = INVERSION_STEPS["flat" if self.image_shape_ is None else "image"]
        codes, self.inversion_error_ = invert(
            self._generate_from, X, y, self._fit_params["noise_dim"] + self._fit_params["n_codes"],
            steps, INVERSION_LEARNING_RATE, INVERSION_PRIOR)
        return codes

    def generate_with_codes(self, target_class, codes, random_state=None):
        """Samples of one class with chosen code values (walk one code).

        Parameters
        ----------
        target_class : label
            A class seen during fitting.
        codes : array-like of shape (n_samples, n_codes)
            Values of the codes ``c`` for each sample, e.g. one code walked
            from -2 to 2 with the others fixed at 0 (the paper's Fig. 4).
        random_state : int, RandomState instance or None, default=None
            Seed of the noise ``z``. Keep it fixed to see only the code's
            effect.

        Returns
        -------
        X_new : ndarray of shape (n_samples, `n_features_in_`)
        """
        check_is_fitted(self, "history_")
        n_codes = self._fit_params["n_codes"]
        codes = np.asarray(codes, dtype=np.float64)
        if codes.ndim != 2 or codes.shape[1] != n_codes:
            raise ValueError(
                f"codes must have shape (n_samples, n_codes={n_codes}); got {codes.shape}."
            )
        if not (np.isfinite(codes) & (np.abs(codes) <= np.finfo(np.float32).max)).all():
            raise ValueError(
                "codes must be finite numbers within float32's range (about +-3.4e38); "
                "got NaN or infinite values (or values that overflow float32).")
        codes = codes.astype(np.float32)
        return self._draw_rows(target_class, codes.shape[0], random_state, conditions=codes)

    def recover_codes(self, X):
        """Codes ``c'`` that the feature extractor ``F`` recovers from rows X.

        Parameters
        ----------
        X : array-like of shape (n_samples, `n_features_in_`)

        Returns
        -------
        codes : ndarray of shape (n_samples, n_codes)
        """
        return self._forward_rows(X, lambda rows: self.discriminator_(rows).codes,
                                  self._fit_params["n_codes"])
