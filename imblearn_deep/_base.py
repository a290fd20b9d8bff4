"""The shared base of the deep over-samplers.

:class:`BaseDeepOverSampler` holds the parameters and the ``fit_resample``
template; each job lives in its own module, so that a method module reads
like its paper's Algorithm 1:

1. imbalanced-learn validates the parameters and resolves
   ``sampling_strategy_``; :mod:`._checks` turns X into an array plus one
   :class:`~._checks.TableRecord` of its columns;
2. :meth:`BaseDeepOverSampler._fit_model` scales X, builds the method's
   networks once (on the ``meta`` device, to check their size before any
   memory is allocated, then materialised on the fit's device and
   initialised from the fit's own RNG) and hands them to the loop of
   :mod:`._training`, which calls the method's ``_train_step`` and
   ``_end_epoch`` and reports through a :class:`~._training.Reporter`;
3. :mod:`._generation` draws each class's rows in bounded chunks (candidate
   selection and latent interpolation included) and casts them back through
   the fitted scaler; the base appends them after the originals;
4. :mod:`._state` owns the registry of fitted torch state (mode, device,
   pickling).

The hooks a method implements, with one contract for callers and
implementations:

- ``_networks(n_features, class_counts) -> dict[str, Module]``: the
  networks by attribute name, built without drawing random numbers;
- ``_prepare(class_counts)``: optimizers and training tensors, once the
  networks are on the device;
- ``_train_step(X, y, batch_index, n_batches) -> dict[str, Tensor]``;
- ``_end_epoch(epoch, losses) -> dict`` and ``_end_training(X, y)``;
- ``_generate_scaled(class_index, n_samples, record, generator,
  conditions=None) -> Tensor`` of scaled rows;
- for latent interpolation: ``_encode_rows``, ``_decode_codes``,
  ``_prior_rows``.
"""

import contextlib
import math
import numbers
import time

import numpy as np
import torch
from imblearn.over_sampling.base import BaseOverSampler
from imblearn.utils import check_sampling_strategy
from scipy import sparse
from sklearn.utils._param_validation import Interval, Options, StrOptions
from sklearn.utils.multiclass import check_classification_targets

from ._augment import augmented_view, check_policy
from ._augment import draw as draw_augmentation
from ._checks import (TableRecord, check_image_shape, check_input, check_precision, densify,
                      network_sizes, plain_label, warn_large_networks, warn_small_classes)
from ._gan import has_batch_norm
from ._generation import Generation, edge_share
from ._networks import CPU_CONV_CHANNELS, IMAGE_HIDDEN_DIMS, MixedOutput, allocate, init_weights
from ._selection import SELECTIONS, reference_rows
from ._state import InconsistentVersionWarning, TorchState, fill_new_parameters
from ._tabular import NUMERIC_SCALINGS, MixedScaler, RangeScaler, harden
from ._torch import (adam, choose_n_threads, count_parameters, make_generator, resolve_device,
                     seed_from_random_state, to_tensor, torch_context)
from ._training import (ConvergenceMonitor, Reporter, auto_steps, counts_flops,
                        plan_epochs, train)

__all__ = ["BaseDeepOverSampler", "InconsistentVersionWarning", "plain_label"]

class BaseDeepOverSampler(Generation, TorchState, BaseOverSampler):
    """Base class of the deep over-samplers. Do not use it directly.

    Subclasses implement the hooks listed in :mod:`imblearn_deep._base`,
    name their fitted torch modules and tensors in ``_torch_state`` and
    their training-only attributes in ``_training_only``.
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "image_shape": [tuple, list, None],
        "categorical_features": [None, StrOptions({"auto"}), "array-like"],
        "numeric_scaling": [StrOptions(set(NUMERIC_SCALINGS))],
        "hidden_dims": [tuple, list, StrOptions({"auto"})],
        "conv_channels": [tuple, list, StrOptions({"auto"})],
        "kernel_sizes": [tuple, list],
        "max_epochs": [Interval(numbers.Integral, 1, None, closed="left"), StrOptions({"auto"})],
        "batch_size": [Interval(numbers.Integral, 2, None, closed="left")],
        "balanced_batches": ["boolean"],
        "n_iter_no_change": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "tol": [Interval(numbers.Real, 0, None, closed="left")],
        "learning_rate": [Interval(numbers.Real, 0, None, closed="neither")],
        "device": [str, torch.device],
        "precision": [StrOptions({"float32", "bfloat16"})],
        "n_threads": [Options(numbers.Integral, {-1}),
                      Interval(numbers.Integral, 1, None, closed="left"), None],
        "verbose": ["verbose"],
        "selection": [StrOptions(set(SELECTIONS)), None],
        "pool_factor": [Interval(numbers.Real, 1, None, closed="left")],
        "diff_augment": [str, tuple, list, None],
    }

    #: Each method's constants (set by subclasses): history keys whose sum
    #: says whether training still improves; attributes needed only while
    #: training; for a pickle of a model fitted before a parameter existed,
    #: the value that describes how that model behaves; the fewest and most
    #: steps of ``max_epochs="auto"`` on flat rows; ``hidden_dims="auto"`` on flat
    #: rows and ``conv_channels="auto"`` on a GPU.
    _convergence_keys: tuple = ()
    _training_only: tuple = ()
    _fitted_before: dict = {}
    _flat_steps: tuple = (1000, 1000)
    _auto_hidden_flat: tuple = (128, 128)
    _gpu_conv_channels: tuple = ()

    #: Whether latent interpolation keeps rows of the classes that
    #: ``fit_resample`` does not over-sample too (within the memory budget),
    #: so that ``generate`` can interpolate them: true where a code costs
    #: one forward pass (an encoder), false where it costs an optimisation.
    _latents_of_every_class = True

    #: Whether latent interpolation on flat rows adds both ends' residuals
    #: (a row from ``x_a`` to ``x_b`` along the decoder's curve) rather than
    #: the decoded step to ``x_a`` (:func:`~._interpolation.interpolate`):
    #: true for a decoder that reconstructs little of a row (DVAAN's VAE,
    #: whose steps would leave rows beside ``x_a``), false for a generator
    #: whose steps are about as long as the real gaps (BayesGAN's).
    _interpolation_endpoints = True

    def __init__(self, *, sampling_strategy, random_state, image_shape, categorical_features,
                 numeric_scaling, hidden_dims, conv_channels, kernel_sizes, max_epochs,
                 batch_size, balanced_batches, n_iter_no_change, tol, learning_rate,
                 diff_augment, selection, pool_factor, device, precision, n_threads, verbose):
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state
        self.image_shape = image_shape
        self.categorical_features = categorical_features
        self.numeric_scaling = numeric_scaling
        self.hidden_dims = hidden_dims
        self.conv_channels = conv_channels
        self.kernel_sizes = kernel_sizes
        self.max_epochs = max_epochs
        self.batch_size = batch_size
        self.balanced_batches = balanced_batches
        self.n_iter_no_change = n_iter_no_change
        self.tol = tol
        self.learning_rate = learning_rate
        self.diff_augment = diff_augment
        self.selection = selection
        self.pool_factor = pool_factor
        self.device = device
        self.precision = precision
        self.n_threads = n_threads
        self.verbose = verbose

    # ------------------------------------------------------------ fit
    def fit_resample(self, X, y, **params):
        """Train the generative model on ``(X, y)`` and resample the data set.

        The original rows come first, unchanged, followed by the synthetic
        rows of each class in ``sampling_strategy_`` order. A fit that fails
        leaves the sampler as it was before the call.

        Parameters
        ----------
        X : {{array-like, dataframe, sparse matrix}} of shape (n_samples, n_features)
            Data to resample (flat rows; images flattened, see ``image_shape``).

        y : array-like of shape (n_samples,)
            Class labels.

        **params : dict
            Unused, for imbalanced-learn's API.

        Returns
        -------
        X_resampled : {{ndarray, dataframe, sparse matrix}} of shape (n_samples_new, n_features)
            The original rows followed by the synthetic ones, of X's type and
            dtypes.

        y_resampled : ndarray or Series of shape (n_samples_new,)
            The matching labels.
        """
        with self._all_or_nothing():
            return super().fit_resample(X, y, **params)

    def fit(self, X, y, **params):
        """Train the generative model on ``(X, y)`` without resampling.

        The model is the one ``fit_resample`` would train (same
        ``random_state``, same networks); draw rows afterwards with
        :meth:`generate`. A fit that fails leaves the sampler as it was.

        Parameters
        ----------
        X : {{array-like, dataframe, sparse matrix}} of shape (n_samples, n_features)
            Training data.

        y : array-like of shape (n_samples,)
            Class labels.

        **params : dict
            Unused, for imbalanced-learn's API.

        Returns
        -------
        self : object
            The fitted sampler.
        """
        with self._all_or_nothing():
            self._validate_params()
            check_classification_targets(y)
            X, y, _ = self._check_X_y(X, y)
            self.sampling_strategy_ = check_sampling_strategy(
                self.sampling_strategy, y, self._sampling_type)
            t_start = time.perf_counter()
            warn_small_classes(type(self).__name__, y, self.sampling_strategy_)
            self._fit_model(X, y)
            self.fit_time_ = time.perf_counter() - t_start
        return self

    @contextlib.contextmanager
    def _all_or_nothing(self):
        """A fit starts from none of the attributes an earlier fit set (kept in
        ``_fitted_names``) and, if it fails, restores them all."""
        saved = dict(self.__dict__)
        for name in (*saved.get("_fitted_names", ()), "_fitted_names"):
            self.__dict__.pop(name, None)
        before = set(self.__dict__)
        try:
            yield
        except BaseException:
            self.__dict__.clear()
            self.__dict__.update(saved)
            raise
        self._fitted_names = tuple(sorted(set(self.__dict__) - before))

    def _check_X_y(self, X, y, accept_sparse=None):
        X, y, binarize_y, self._table = check_input(
            self, X, y, categorical_features=self.categorical_features,
            numeric_scaling=self.numeric_scaling, accept_sparse=accept_sparse)
        return X, y, binarize_y

    def _fit_resample(self, X, y):
        t_start = time.perf_counter()
        warn_small_classes(type(self).__name__, y, self.sampling_strategy_)
        generator = self._fit_model(X, y)
        X_res, y_res = self._resample(X, y, generator)
        self.fit_time_ = time.perf_counter() - t_start
        return X_res, y_res

    def _fit_model(self, X, y):
        """Train the model on checked ``(X, y)``; generate nothing.

        Sets every fitted attribute that describes the model. Returns the
        fit's own RNG in the state training left it, from which
        ``fit_resample`` goes on to draw the synthetic rows, so that one
        ``random_state`` fixes the whole of it.
        """
        # what generation and inference read after the fit, so that
        # set_params on a fitted sampler cannot change the fitted model
        self._fit_params = self.get_params(deep=False)
        self.image_shape_ = check_image_shape(self.image_shape, X.shape[1])
        self._augment_policy = self._check_diff_augment()
        self.device_ = resolve_device(self.device)
        check_precision(self.precision, self.device_)
        self.classes_, y_index, counts = np.unique(y, return_inverse=True, return_counts=True)
        if len(self.classes_) < 2:
            raise ValueError(f"{type(self).__name__} needs at least 2 classes to learn from; "
                             f"got 1 class ({self.classes_[0]!r}) in y.")
        self.class_counts_ = dict(zip(self.classes_.tolist(), counts.tolist()))
        X_scaled = self._fit_scaler(densify(X) if sparse.issparse(X) else X)
        # generated rows are checked against this for a saturated generator
        self._edge_share = edge_share(X_scaled)
        self._rng = make_generator(seed_from_random_state(self.random_state), self.device_)
        networks = self._planned_networks(X_scaled.shape[1], counts)
        pixels = 1 if self.image_shape_ is None else math.prod(self.image_shape_[1:])
        n_threads = choose_n_threads(self.n_threads, self.device_,
                                     count_parameters(*networks.values()),
                                     min(self.batch_size, X_scaled.shape[0]), pixels=pixels)
        with torch_context(n_threads):
            # inverse class frequency, for class losses: without it a class
            # head is biased towards the majority (used by both methods)
            self._class_weight = to_tensor(counts.sum() / (len(counts) * counts), self.device_)
            self._materialise(networks)
            self._prepare(counts)
            self._attach_rng(self._rng)
            self._joint_discriminator = not has_batch_norm(self.discriminator_)
            self.n_threads_ = torch.get_num_threads()
            X_t = to_tensor(X_scaled, self.device_)
            y_t = to_tensor(y_index, self.device_, dtype=torch.long)
            del X_scaled
            t_train = time.perf_counter()
            self._run_training(X_t, y_t)
            self.train_time_ = time.perf_counter() - t_train
            self._set_mode(train=False)
            self._attach_rng(None)
            with torch.no_grad():
                self._end_training(X_t, y_t)
                self.sample_from_ = self._resolved_sample_from()
                if self.sample_from_ == "interpolate":
                    self._keep_latents(X_t, y_t)
                if self.selection is not None:
                    # the real rows that candidate selection judges against
                    (self._reference, self._reference_labels,
                     self._reference_spacing) = reference_rows(X_t, y_t, self._rng)
            del X_t, y_t
        generator = self._rng
        for name in ("_class_weight", "_rng", "_augment_policy", "_joint_discriminator",
                     *self._training_only):
            self.__dict__.pop(name, None)
        return generator

    def _fit_scaler(self, X):
        """Fit the scaler of X into the networks' range; returns the scaled rows.

        :class:`~._tabular.RangeScaler`, or :class:`~._tabular.MixedScaler`
        for categorical columns or ``numeric_scaling="quantile"``.
        """
        table = self._table
        self.categorical_features_ = table.categorical
        if self.image_shape_ is not None and (table.categorical.size
                                              or self.numeric_scaling != "range"):
            what = ("categorical_features" if table.categorical.size
                    else f"numeric_scaling={self.numeric_scaling!r}")
            raise ValueError(
                f"{what} applies to tables, but image_shape={self.image_shape!r} says the "
                "rows are images; use image_shape=None for a table, or leave "
                "categorical_features=None and numeric_scaling='range' for images.")
        if not table.categorical.size and self.numeric_scaling == "range" and X.dtype != object:
            self._scaler = RangeScaler(per_feature=self.image_shape_ is None,
                                       integer_columns=table.integer_columns).fit(X)
        else:
            self._scaler = MixedScaler(
                table.categorical, self.numeric_scaling, table.integer_columns,
                column_names=getattr(self, "feature_names_in_", None)).fit(X)
        return self._scaler.transform(X)

    def _network_sizes(self):
        """Validated ``(hidden_dims, conv_channels, kernel_sizes)`` of this fit.

        Sets ``hidden_dims_`` and ``conv_channels_`` (None for flat rows).
        """
        gpu = self.device_.type in ("cuda", "mps")
        hidden, channels, kernels = network_sizes(
            self.hidden_dims, self.conv_channels, self.kernel_sizes,
            image_shape=self.image_shape_, auto_hidden=self._auto_hidden_flat,
            auto_hidden_images=IMAGE_HIDDEN_DIMS,
            auto_channels=self._gpu_conv_channels if gpu else CPU_CONV_CHANNELS)
        self.hidden_dims_ = hidden
        self.conv_channels_ = channels if self.image_shape_ is not None else None
        return hidden, channels, kernels

    def _planned_networks(self, n_features, counts):
        """The method's networks, built once on the ``meta`` device (no memory,
        no random draws), with a warning before a too large one is allocated."""
        with torch.device("meta"):
            networks = self._networks(n_features, counts)
        warn_large_networks(type(self).__name__, count_parameters(*networks.values()),
                            self.image_shape_, n_features)
        return networks

    def _materialise(self, networks):
        """Allocate the planned networks on the device, their weights drawn from
        the fit's RNG in the order given; image networks on a CPU keep their
        convolution weights channels-last (oneDNN's faster format)."""
        channels_last = self.image_shape_ is not None and self.device_.type == "cpu"
        for name, module in networks.items():
            module = init_weights(allocate(module, self.device_), self._rng)
            if channels_last:
                module = module.to(memory_format=torch.channels_last)
            setattr(self, name, module)

    def _run_training(self, X, y):
        """Plan the epochs and run the loop of :mod:`._training`."""
        n = X.shape[0]
        batch_size = min(self.batch_size, n)
        n_batches = max(1, n // batch_size)
        images = self.image_shape_ is not None
        steps = auto_steps(images, self._flat_steps, n_batches)
        self.batch_size_ = batch_size
        self.n_epochs_ = plan_epochs(self.max_epochs, n_batches, steps, images=images)
        count = counts_flops(self.max_epochs, self.device_, images, self._modules(),
                             batch_size, steps)
        reporter = Reporter(type(self).__name__, self.verbose, self.n_epochs_)
        monitor = ConvergenceMonitor(self.n_iter_no_change if self._convergence_keys else None,
                                     self.tol)
        try:
            result = train(
                self, X, y, rng=self._rng, batch_size=batch_size, n_epochs=self.n_epochs_,
                balanced_batches=self.balanced_batches, monitor=monitor, reporter=reporter,
                count_steps=(lambda flops: plan_epochs(self.max_epochs, n_batches, steps, flops,
                                                       images=images))
                if count else None, precision=self.precision, learning_rate=self.learning_rate)
        finally:
            reporter.close()
        self.n_epochs_, self.converged_ = result.n_epochs, result.converged
        self.step_flops_ = result.step_flops
        self.history_ = reporter.history

    # ------------------------------------------------- training helpers
    def _adam(self, *modules):
        """Adam (betas 0.5, 0.999) over the parameters of ``modules`` (modules
        or parameter lists), at ``learning_rate``."""
        params = []
        for m in modules:
            params.extend(m.parameters() if isinstance(m, torch.nn.Module) else m)
        return adam(params, lr=self.learning_rate, betas=(0.5, 0.999))

    @property
    def _category_blocks(self):
        """The ``(start, stop)`` columns of each categorical column's one-hot
        code in scaled rows; empty for a table without categorical columns."""
        return getattr(self._scaler, "blocks_", None) or ()

    def _output_layer(self):
        """The generator's last activation for flat rows: None (tanh) or a
        :class:`~._networks.MixedOutput` with one softmax per categorical block."""
        blocks = self._category_blocks
        return MixedOutput(self._scaler.numeric_.size, blocks) if blocks else None

    def _attach_rng(self, generator):
        """Give the generators' categorical outputs the fit's RNG (None: take it back)."""
        for module in self._modules():
            for layer in module.modules():
                if isinstance(layer, MixedOutput):
                    layer.generator = generator

    def _harden(self, Z, generator):
        """Scaled rows with every categorical block an exact one-hot code."""
        blocks = self._category_blocks
        return harden(Z, blocks, generator) if blocks else Z

    @property
    def _n_features(self):
        """Width of the scaled rows the networks see (known from the scaler on)."""
        return self._scaler.n_output_

    def _check_diff_augment(self):
        policy = check_policy(self.diff_augment)
        if policy and self.image_shape_ is None:
            raise ValueError(
                f"diff_augment={self.diff_augment!r} augments images, but image_shape is "
                "None (flat rows). Set image_shape to the images' (height, width) or "
                "(channels, height, width), or leave diff_augment=None.")
        return policy

    def _disc_draw(self, n_rows):
        """A DiffAugment draw for ``n_rows`` images (None without ``diff_augment``),
        for :meth:`_disc_view` to give two batches the same augmentation."""
        if not self._augment_policy:
            return None
        return draw_augmentation(self._augment_policy, (n_rows, *self.image_shape_),
                                 self._rng, self.device_)

    def _disc_view(self, X, augmentation=None):
        """Scaled rows as the discriminator sees them in training (see
        :func:`~._augment.augmented_view`)."""
        return augmented_view(X, self._augment_policy, self.image_shape_, self._rng,
                              augmentation)

    # ----------------------------------------------------------- hooks
    def _networks(self, n_features, class_counts):
        """The method's networks by attribute name (built on the current device)."""
        raise NotImplementedError

    def _prepare(self, class_counts):
        """Optimizers and training tensors, once the networks are on the device."""

    def _train_step(self, X, y, batch_index, n_batches):
        """One optimisation step on a mini-batch; returns a dict of loss tensors."""
        raise NotImplementedError

    def _end_epoch(self, epoch, losses):
        """Per-epoch work after the batches; returns extra values for the history."""
        return {}

    def _end_training(self, X, y):
        """Summaries of the trained networks on the scaled training rows (no grad)."""

    def _generate_scaled(self, class_index, n_samples, record, generator, conditions=None):
        """``n_samples`` scaled rows (a tensor in ``[-1, 1]``) of one class.

        ``record`` is a dict for the method's per-call statistics;
        ``conditions`` is passed only to methods with per-row conditioning.
        """
        raise NotImplementedError

    def _record_generation(self, record):
        """Store what ``fit_resample``'s generation recorded (e.g. fallbacks)."""

    def _encode_rows(self, X, y):
        """Latent codes of scaled rows ``X`` of classes ``y`` (run without grad)."""
        raise NotImplementedError(f"{type(self).__name__} has no latent codes to interpolate")

    def _decode_codes(self, codes, class_index):
        """Scaled rows of one class decoded from latent codes."""
        raise NotImplementedError(f"{type(self).__name__} has no latent codes to interpolate")

    def _prior_rows(self, class_index, n, generator):
        """``n`` scaled rows of one class drawn from the model's prior."""
        raise NotImplementedError

    # ------------------------------------------------------------ pickles
    def _upgrade_state(self):
        """A pickle of an older version: parameters added since take their
        default (a model fitted before one existed behaved as
        ``_fitted_before`` says), and the fitted record of its table."""
        fit_params = fill_new_parameters(self, self._fitted_before)
        if fit_params is None:
            return
        if "sample_from_" not in self.__dict__:
            self.sample_from_ = self._resolved_sample_from()
        if "hidden_dims_" not in self.__dict__:
            self.hidden_dims_ = tuple(fit_params["hidden_dims"])
        if "_table" not in self.__dict__:
            self._table = TableRecord(
                self.__dict__.pop("_input_dtype"),
                getattr(self._scaler, "integer_columns", None),
                getattr(self, "categorical_features_", np.zeros(0, dtype=np.intp)))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.non_deterministic = False
        return tags
