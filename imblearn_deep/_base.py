"""The shared base of the deep over-samplers.

:class:`BaseDeepOverSampler` does everything that is not specific to one
paper, so that a method module reads like its paper's Algorithm 1:

1. imblearn's ``fit_resample`` validates the parameters and arrays and
   resolves ``sampling_strategy_``;
2. ``_fit_resample`` checks ``image_shape``, densifies sparse input, scales X
   into the networks' range ``[-1, 1]``, copies it to the device once, and
   enters a private, seeded torch context;
3. the training seam (``_fit_model``, through a :class:`TrainingSession`):
   the method builds its networks (``_build``) and the base drives epochs
   and mini-batches, calling the method's ``_train_step`` and ``_end_epoch``
   and recording the history; early stopping is kept apart in a
   :class:`ConvergenceMonitor`;
4. the resampling seam (``_resample``): the base asks the method for scaled
   samples of one class (``_generate_scaled``) in bounded chunks, inverts
   the scaling, casts to the input dtype and appends the synthetic rows
   after the original ones.

Subclasses register their fitted torch modules and tensors by name in
``_torch_state``: train/eval mode, device placement and pickling all use
this one registry (pickles hold CPU copies; unpickling places the model
once, on the CPU where the fitted device is missing). Training-only
attributes are named in ``_training_only`` and dropped after training, with
the shared ``_class_weight``.
"""

import contextlib
import copy
import inspect
import math
import numbers
import sys
import time
import warnings
from abc import abstractmethod

import numpy as np
import torch
from imblearn.over_sampling.base import BaseOverSampler
from scipy import sparse
from sklearn.utils._param_validation import Interval, Options, StrOptions
from sklearn.utils.multiclass import check_classification_targets
from imblearn.utils import check_target_type
from sklearn.utils import check_consistent_length
from sklearn.utils.validation import check_is_fitted, validate_data

from ._augment import apply as apply_augmentation
from ._augment import check_policy
from ._augment import concat as concat_augmentations
from ._augment import draw as draw_augmentation
from ._interpolation import (INTERPOLATION_STATE, decoded_steps, interpolate, interpolation_quota,
                             kept_rows)
from ._networks import CPU_CONV_CHANNELS, IMAGE_HIDDEN_DIMS, MixedOutput, init_weights
from ._selection import SELECTIONS, reference_rows, select
from ._tabular import (
    NUMERIC_SCALINGS,
    MixedScaler,
    RangeScaler,
    check_table,
    harden,
    integer_columns,
    resolve_categorical,
    text_columns,
)
from ._torch import (
    FusedAdam,
    WeightAverage,
    choose_n_threads,
    count_parameters,
    make_generator,
    resolve_device,
    seed_from_random_state,
    to_tensor,
    torch_context,
    usable_device,
)
from ._version import __version__

#: Most rows generated per call to the networks; bounds the memory of generation.
GENERATION_CHUNK = 8192

#: Most values (rows x features) in one chunk of generation or inference, so
#: that large images are generated in proportionally fewer rows at a time.
CHUNK_VALUES = 2**21

#: Networks larger than this (trainable parameters, all networks of a
#: sampler) raise a warning before they are allocated: an elongated
#: ``image_shape`` such as (4, 2000) implies hundreds of millions.
LARGE_NETWORK_PARAMETERS = 20_000_000

#: Classes to over-sample with fewer rows than this raise a warning.
MIN_CLASS_ROWS = 10

#: Generated values within this distance of the edge of the training range
#: count as saturated (the generators end in tanh).
SATURATION_MARGIN = 0.01

class InconsistentVersionWarning(UserWarning):
    """A fitted sampler was pickled by another version of imblearn-deep."""


def plain_label(label):
    """A class label as a plain Python value (a numpy scalar unwrapped).

    For messages, report keys and results files: ``{5: 8}`` rather than
    ``{np.int64(5): 8}``.
    """
    return label.item() if hasattr(label, "item") else label


def _chunk_rows(n_features):
    """Rows per chunk for data of ``n_features`` values per row."""
    return max(1, min(GENERATION_CHUNK, CHUNK_VALUES // max(1, n_features)))


def _diverged(what, sampler):
    return FloatingPointError(
        f"{type(sampler).__name__}: {what}. Training diverged: this usually means "
        f"the learning rate is too high (learning_rate={sampler.learning_rate}) or "
        "that some features have extreme values. Lower learning_rate (e.g. 1e-4), "
        "or transform heavy-tailed features (e.g. log or quantile) before the sampler."
    )


#: Dense copies of sparse input above this many cells raise a warning.
SPARSE_WARN_CELLS = 50_000_000


def check_image_shape(image_shape, n_features):
    """Validate ``image_shape`` against the number of features.

    Returns ``None`` for flat data or a ``(channels, height, width)`` tuple.
    """
    if image_shape is None:
        return None
    shape = tuple(image_shape)
    if len(shape) not in (2, 3) or not all(
        isinstance(s, numbers.Integral) and not isinstance(s, bool) and s > 0
        for s in shape
    ):
        raise ValueError(
            "image_shape must be None, (height, width) or (channels, height, "
            f"width) with positive integers; got {image_shape!r}."
        )
    if len(shape) == 2:
        shape = (1, *shape)
    shape = tuple(int(s) for s in shape)
    if math.prod(shape) != n_features:
        raise ValueError(
            f"image_shape={tuple(image_shape)!r} describes {math.prod(shape)} "
            f"values per image but X has {n_features} features. Each row of X "
            "must be one image flattened in (channels, height, width) order."
        )
    return shape


def check_sizes(name, value):
    """A non-empty tuple of positive ints, or a ValueError naming ``name``."""
    values = tuple(value)
    if not values or not all(
        isinstance(v, numbers.Integral) and not isinstance(v, bool) and v > 0 for v in values
    ):
        raise ValueError(
            f"{name} must be a non-empty sequence of positive integers; got {value!r}."
        )
    return tuple(int(v) for v in values)


def _densify(X):
    """Dense copy of a sparse matrix, warning when it is large."""
    cells = X.shape[0] * X.shape[1]
    if cells > SPARSE_WARN_CELLS:
        warnings.warn(
            f"X is sparse; it is densified for the networks ({X.shape[0]} x "
            f"{X.shape[1]} = {cells:,} cells). Reduce the number of features "
            "(e.g. TruncatedSVD) if this does not fit in memory.",
            UserWarning,
            stacklevel=3,
        )
    return X.toarray()


class ConvergenceMonitor:
    """Early stopping on a monitored loss, kept apart from the training loop.

    Like scikit-learn's MLP (``_update_no_improvement_count``): training has
    converged once the monitored value has not improved on its best by a
    fraction ``tol`` for ``n_iter_no_change`` epochs in a row.
    ``n_iter_no_change=None`` never stops.
    """

    def __init__(self, n_iter_no_change, tol):
        self.n_iter_no_change = n_iter_no_change
        self.tol = tol
        self.best = math.inf
        self.stale = 0

    def update(self, value):
        """Record one epoch's value; returns True when training should stop."""
        if self.n_iter_no_change is None:
            return False
        if value < self.best - self.tol * abs(self.best) or self.best == math.inf:
            self.best, self.stale = value, 0
        else:
            self.stale += 1
        return self.stale >= self.n_iter_no_change


class TrainingSession:
    """The training seam: what one fit trains on, and the method's step.

    Made by :meth:`BaseDeepOverSampler._training_session`, which has already
    checked and scaled the data, seeded a private torch RNG, built the
    networks and optimizers on ``device`` and put them in training mode.
    The base's loop (:meth:`BaseDeepOverSampler._train`) and the plain
    reference loop of the speed benchmark both drive training through it.

    Attributes
    ----------
    X, y : ndarray
        The scaled rows (float32, in ``[-1, 1]``) and class indices
        ``0 .. n_classes - 1`` (int64).
    counts : ndarray
        Rows per class, in the order of ``classes_``.
    device : torch.device
        Where the networks live.
    generator : torch.Generator or None
        The fit's own RNG once the session has ended (what resampling
        continues from).
    average : WeightAverage or None
        The average of the generating networks' weights that every step
        updates, while training keeps one.
    """

    def __init__(self, sampler, X, y, counts):
        self.sampler = sampler
        self.X, self.y, self.counts = X, y, counts
        self.device = sampler.device_
        self.generator = None
        self.average = None

    def step(self, X, y, batch_index, n_batches):
        """One optimisation step on a mini-batch of tensors on ``device``.

        Then the weight average, where the fit keeps one, takes the new
        weights. Returns the method's dict of loss tensors (not synchronised).
        """
        losses = self.sampler._train_step(X, y, batch_index, n_batches)
        if self.average is not None:
            self.average.update()
        return losses


class BaseDeepOverSampler(BaseOverSampler):
    """Base class of the deep over-samplers. Do not use it directly.

    Subclasses implement ``_build``, ``_train_step`` and
    ``_generate_scaled`` (and optionally ``_end_epoch``, ``_end_training``
    and ``_record_generation``), list their fitted torch modules and tensors
    in ``_torch_state`` and their training-only attributes in
    ``_training_only``. Latent interpolation (their ``sample_from``
    parameter) needs ``_encode_rows``, ``_decode_codes`` and ``_prior_rows``;
    the base keeps the rows and codes after training and draws the rows
    (:meth:`_interpolated_rows`).

    Two seams split ``fit_resample``:

    - training, :meth:`_fit_model` (validated arrays in, every fitted
      attribute set, nothing generated), built on
      :meth:`_training_session`;
    - resampling, :meth:`_resample` (the fitted model draws the rows that
      ``sampling_strategy_`` asks for and appends them after the originals).
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

    #: The registry of fitted torch state: names of the modules and tensors
    #: that describe the fitted model (set by subclasses). Train/eval mode,
    #: device placement and pickling all go through it.
    _torch_state: tuple = ()

    #: Fitted tensors of candidate selection (see :mod:`._selection`), part
    #: of the registry of every sampler.
    _selection_state = ("_reference", "_reference_labels", "_reference_spacing")

    #: Fitted tensors of latent interpolation (see :mod:`._interpolation`),
    #: part of the registry of every sampler.
    _interpolation_state = INTERPOLATION_STATE

    #: Whether latent interpolation keeps rows of the classes that
    #: ``fit_resample`` does not over-sample too (within the memory budget),
    #: so that ``generate`` can interpolate them: true where a code costs
    #: one forward pass (an encoder), false where it costs an optimisation.
    _latents_of_every_class = True

    #: For a pickle of a model fitted before a parameter existed: the value
    #: that describes how that model behaves (set by subclasses; a parameter
    #: not named here is taken at its default).
    _fitted_before: dict = {}

    #: Attributes needed only while training, dropped after it (set by subclasses).
    _training_only: tuple = ()

    #: Whether :meth:`_discriminate` sends the real and the generated batch
    #: through a discriminator without batch norm in one forward pass
    #: (False: one pass each, as before; a benchmark variant times the
    #: difference).
    _one_discriminator_pass = True

    #: Decay of an exponential moving average of the weights of the networks
    #: named in ``_averaged_networks`` (the generating ones), which replaces
    #: them after training (:class:`~._torch.WeightAverage`); None: no
    #: average. An internal choice for now: benchmark variants set it.
    _average_decay = None
    _averaged_networks: tuple = ()

    #: History keys whose sum says whether training still improves (set by subclasses).
    _convergence_keys: tuple = ()

    #: Categorical blocks of mixed rows: how the generator's softmax is
    #: trained (see :class:`~._networks.MixedOutput`), its Gumbel
    #: temperature, and how a generated row's category is picked
    #: (:func:`~._tabular.harden`).
    _category_training = "gumbel"
    _category_temperature = 0.5
    _category_pick = "draw"

    #: Channels-last convolution weights for image networks on the CPU.
    _channels_last = True

    #: Gradient steps that ``max_epochs="auto"`` aims for: image networks,
    #: and networks of flat rows (tabular and mixed-type tables).
    _auto_steps = 1000
    _auto_steps_flat = 1000
    _auto_epoch_bounds = (5, 300)

    #: On a CPU, ``max_epochs="auto"`` keeps the training's floating-point
    #: operations (counted on the first step) within this budget, with at
    #: least ``_min_budget_steps`` steps; ``None`` turns the budget off.
    _cpu_flop_budget = 4e12
    _min_budget_steps = 250

    #: A flat-row training step costs at most this many floating-point
    #: operations per network parameter and batch row (twice the 13-16
    #: counted for both samplers on 2 to 2,000 columns). A flat fit that
    #: this bound keeps within the budget is not counted: the count's first
    #: use loads torch's dispatch machinery (``torch._dynamo``), about 2 s.
    _flat_flops_per_parameter_row = 32

    #: ``conv_channels="auto"`` on a GPU (each sampler's paper sizes).
    _gpu_conv_channels: tuple = ()

    #: ``hidden_dims="auto"`` on flat rows (each sampler's, measured on the
    #: KEEL tables of the benchmarks).
    _auto_hidden_flat: tuple = (128, 128)

    def __init__(
        self,
        *,
        sampling_strategy,
        random_state,
        image_shape,
        categorical_features,
        numeric_scaling,
        hidden_dims,
        conv_channels,
        kernel_sizes,
        max_epochs,
        batch_size,
        balanced_batches,
        n_iter_no_change,
        tol,
        learning_rate,
        diff_augment,
        selection,
        pool_factor,
        device,
        precision,
        n_threads,
        verbose,
    ):
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
            self._integer_columns = integer_columns(X)
            return super().fit_resample(X, y, **params)

    @contextlib.contextmanager
    def _all_or_nothing(self):
        """Restore every attribute if the block fails: fully refitted, or unchanged."""
        saved = dict(self.__dict__)
        try:
            yield
        except BaseException:
            self.__dict__.clear()
            self.__dict__.update(saved)
            raise

    def _fit_resample(self, X, y):
        t_start = time.perf_counter()
        self._warn_small_classes(y)
        generator = self._fit_model(X, y)
        X_res, y_res = self._resample(X, y, generator)
        self.fit_time_ = time.perf_counter() - t_start
        return X_res, y_res

    def _warn_small_classes(self, y):
        """Warn when a class to over-sample has fewer than MIN_CLASS_ROWS rows."""
        labels, counts = np.unique(y, return_counts=True)
        small = {plain_label(label): int(count)
                 for label, count in zip(labels, counts)
                 if count < MIN_CLASS_ROWS and self.sampling_strategy_.get(label, 0) > 0}
        if small:
            warnings.warn(
                f"{type(self).__name__}: the classes {small} (label: rows) have fewer "
                f"than {MIN_CLASS_ROWS} rows to learn from. A generator cannot learn "
                "a class's spread from so few rows: it can only reproduce them with "
                "small variations (near-copies) or borrow structure from the other "
                "classes, which may put rows in the wrong place. Check the synthetic "
                "rows (imblearn_deep.metrics.synthetic_quality_report) or compare with "
                "RandomOverSampler and a tuned decision threshold.",
                UserWarning,
                stacklevel=4,
            )

    def _fit_without_resampling(self, X, y):
        """Validate like ``fit_resample`` and train, generating nothing.

        For estimators built on a fitted sampler (``DVAANClassifier``).
        """
        with self._all_or_nothing():
            self._integer_columns = integer_columns(X)
            self._validate_params()
            check_classification_targets(y)
            X, y, _ = self._check_X_y(X, y)
            t_start = time.perf_counter()
            self._fit_model(X, y)
            self.fit_time_ = time.perf_counter() - t_start
        return self

    def _fit_model(self, X, y):
        """The training seam: train the model on checked ``(X, y)``, generate nothing.

        Sets every fitted attribute that describes the model. Returns the
        fit's private generator in the state training left it, from which
        ``fit_resample`` goes on to draw the synthetic rows.
        """
        with self._training_session(X, y) as session:
            X_t = to_tensor(session.X, session.device)
            y_t = to_tensor(session.y, session.device, dtype=torch.long)
            session.X = session.y = None
            session.tensors = (X_t, y_t)
            t_train = time.perf_counter()
            self.history_ = self._train(session, X_t, y_t)
            self.train_time_ = time.perf_counter() - t_train
            del X_t, y_t
        return session.generator

    @contextlib.contextmanager
    def _training_session(self, X, y, *, choose_threads=True):
        """Prepare a fit and yield its :class:`TrainingSession`.

        Checks ``image_shape``, resolves the device, scales X, makes the
        fit's own RNG (seeded from ``random_state``), builds the networks on
        the device and (with ``choose_threads``) sets the thread count. When
        the block ends without error, the networks are put in eval mode, the
        method's summaries run and the training-only state is dropped.
        """
        # What generation and inference read after the fit, so that
        # set_params on a fitted sampler cannot change the fitted model.
        self._fit_params = self.get_params(deep=False)
        self.image_shape_ = check_image_shape(self.image_shape, X.shape[1])
        self._augment_policy = self._check_diff_augment()
        self.device_ = resolve_device(self.device)
        self._check_precision()
        X_dense = _densify(X) if sparse.issparse(X) else X
        self.classes_, y_index, counts = np.unique(y, return_inverse=True, return_counts=True)
        if len(self.classes_) < 2:
            raise ValueError(
                f"{type(self).__name__} needs at least 2 classes to learn from; "
                f"got 1 class ({self.classes_[0]!r}) in y."
            )
        self.class_counts_ = dict(zip(self.classes_.tolist(), counts.tolist()))
        int_columns = getattr(self, "_integer_columns", None)
        if int_columns is not None and len(int_columns) != X.shape[1]:
            int_columns = None
        self._scaler = self._make_scaler(X_dense, int_columns)
        X_scaled = self._scaler.transform(X_dense)
        del X_dense
        # share of training values at the edge of their range, against which
        # generated rows are checked for a saturated generator
        self._edge_share = float(np.mean(np.abs(X_scaled) >= 1.0 - SATURATION_MARGIN))
        self._rng = make_generator(seed_from_random_state(self.random_state), self.device_)
        n_parameters = self._parameter_estimate(X_scaled.shape[1], counts)
        n_threads = None
        if choose_threads:
            n_threads = choose_n_threads(
                self.n_threads, self.device_, n_parameters,
                min(self.batch_size, X_scaled.shape[0]),
                pixels=1 if self.image_shape_ is None else math.prod(self.image_shape_[1:]),
            )
        with torch_context(n_threads):
            # Inverse class frequency, for class losses: without it a class
            # head is biased towards the majority (used by both methods).
            self._class_weight = to_tensor(counts.sum() / (len(counts) * counts), self.device_)
            # Layer constructors draw their default weights from torch's
            # global RNG; those are all redrawn from the fit's own generator
            # (init_weights), and fork_rng keeps the global state as it was.
            with torch.random.fork_rng(devices=[]):
                self._build(X_scaled.shape[1], counts)
            self._place(self.device_)
            self._attach_rng(self._rng)
            self._joint_discriminator = self._one_discriminator_pass and not any(
                isinstance(m, torch.nn.modules.batchnorm._BatchNorm)
                for m in self.discriminator_.modules())
            self.n_threads_ = torch.get_num_threads()
            self._set_mode(train=True)
            session = TrainingSession(self, X_scaled, y_index, counts)
            yield session
            self._set_mode(train=False)
            self._attach_rng(None)
            X_t, y_t = getattr(session, "tensors", None) or (
                to_tensor(X_scaled, self.device_), to_tensor(y_index, self.device_, dtype=torch.long))
            session.tensors = None
            with torch.no_grad():
                self._end_training(X_t, y_t)
                for name in self._interpolation_state:
                    self.__dict__.pop(name, None)
                self.sample_from_ = self._resolved_sample_from()
                if self.sample_from_ == "interpolate":
                    self._keep_latents(X_t, y_t)
                for name in self._selection_state:
                    self.__dict__.pop(name, None)
                if self.selection is not None:
                    # the real rows that candidate selection judges against
                    (self._reference, self._reference_labels,
                     self._reference_spacing) = reference_rows(X_t, y_t, self._rng)
            del X_t, y_t
            session.generator = self._rng
        for name in ("_class_weight", "_rng", "_augment_policy", "_joint_discriminator",
                     *self._training_only):
            if name in self.__dict__:
                delattr(self, name)

    def _parameter_estimate(self, n_features, counts):
        """Trainable parameters of the networks this fit builds, without building them.

        The networks are built on PyTorch's ``meta`` device (no memory, no
        random draws), so that a network too large for the machine is
        reported before it is allocated.
        """
        saved = dict(self.__dict__)
        try:
            with torch.device("meta"):
                self._rng = torch.Generator()
                self._build_networks_only = True
                self._build(n_features, counts)
                n_parameters = count_parameters(*self._modules())
        finally:
            self.__dict__.clear()
            self.__dict__.update(saved)
        if n_parameters > LARGE_NETWORK_PARAMETERS:
            warnings.warn(
                f"{type(self).__name__}: the networks for image_shape="
                f"{self.image_shape_} and {n_features} features have "
                f"{n_parameters / 1e6:.0f} million parameters (more than "
                f"{LARGE_NETWORK_PARAMETERS / 1e6:.0f} million), about "
                f"{n_parameters * 16 / 2**30:.1f} GiB with Adam's state, and will "
                "train slowly. Elongated images (one side much longer than the "
                "other) keep a large feature map after the convolutions; use a "
                "squarer image_shape, fewer or narrower layers (conv_channels, "
                "hidden_dims), or image_shape=None.",
                UserWarning,
                stacklevel=4,
            )
        return n_parameters

    def _make_scaler(self, X, int_columns):
        """The fitted scaler of X: :class:`RangeScaler`, or :class:`MixedScaler`
        for categorical columns or ``numeric_scaling="quantile"``."""
        categorical = getattr(self, "_categorical", None)
        categorical = np.zeros(0, dtype=np.intp) if categorical is None else categorical
        self.categorical_features_ = categorical
        if self.image_shape_ is not None and (categorical.size
                                              or self.numeric_scaling != "range"):
            what = ("categorical_features" if categorical.size
                    else f"numeric_scaling={self.numeric_scaling!r}")
            raise ValueError(
                f"{what} applies to tables, but image_shape={self.image_shape!r} says the "
                "rows are images; use image_shape=None for a table, or leave "
                "categorical_features=None and numeric_scaling='range' for images.")
        if not categorical.size and self.numeric_scaling == "range":
            return RangeScaler(per_feature=self.image_shape_ is None,
                               integer_columns=int_columns).fit(X)
        return MixedScaler(categorical, self.numeric_scaling, int_columns,
                           column_names=getattr(self, "feature_names_in_", None)).fit(X)

    def _output_layer(self):
        """The generator's last activation for flat rows: None (tanh) or a
        :class:`MixedOutput` with one softmax per categorical block."""
        blocks = getattr(self._scaler, "blocks_", None)
        if not blocks:
            return None
        return MixedOutput(self._scaler.numeric_.size, blocks,
                           training=self._category_training,
                           temperature=self._category_temperature)

    def _attach_rng(self, generator):
        """Give the generators' categorical outputs the fit's RNG (None: take it back)."""
        for module in self._modules():
            for layer in module.modules():
                if isinstance(layer, MixedOutput):
                    layer.generator = generator

    def _harden(self, Z, generator):
        """Scaled rows with every categorical block an exact one-hot code."""
        blocks = getattr(self._scaler, "blocks_", None)
        if not blocks:
            return Z
        return harden(Z, blocks, generator, pick=self._category_pick)

    @property
    def _n_features(self):
        """Width of the scaled rows the networks see (known from the scaler on)."""
        return self._scaler.n_output_

    def _check_diff_augment(self):
        """The DiffAugment families to apply, validated against ``image_shape_``."""
        policy = check_policy(self.diff_augment)
        if policy and self.image_shape_ is None:
            raise ValueError(
                f"diff_augment={self.diff_augment!r} augments images, but image_shape is "
                "None (flat rows). Set image_shape to the images' (height, width) or "
                "(channels, height, width), or leave diff_augment=None."
            )
        return policy

    def _disc_draw(self, n_rows):
        """A DiffAugment draw for ``n_rows`` images, or None without ``diff_augment``.

        Pass it to :meth:`_disc_view` to give two batches the same augmentation.
        """
        if not self._augment_policy:
            return None
        return draw_augmentation(self._augment_policy, (n_rows, *self.image_shape_),
                                 self._rng, self.device_)

    def _disc_view(self, X, augmentation=None):
        """Scaled flat rows as the discriminator sees them in training.

        Without ``diff_augment`` this is X itself. Otherwise each row is
        reshaped to its image, augmented (DiffAugment) and flattened back;
        differentiable, so the generator's gradients pass through it. The
        first rows take ``augmentation`` (a :meth:`_disc_draw` of at most
        ``len(X)`` rows) where given; the other rows get fresh draws from
        the fit's RNG.
        """
        if not self._augment_policy:
            return X
        n = X.shape[0]
        done = 0 if augmentation is None else next(iter(augmentation.values()))[0].shape[0]
        if done < n:
            fresh = self._disc_draw(n - done)
            augmentation = fresh if augmentation is None else concat_augmentations(
                augmentation, fresh)
        images = X.reshape(n, *self.image_shape_)
        return apply_augmentation(images, augmentation).reshape(n, -1)

    def _init(self, module):
        """Move a new network to the device and draw its weights from the fit's RNG.

        Image networks on the CPU keep their convolution weights in the
        channels-last memory format, which oneDNN's convolutions run faster
        in (the activations follow the weights' format).
        """
        if getattr(self, "_build_networks_only", False):
            return module
        module = init_weights(module.to(self.device_), self._rng)
        if self._channels_last and self.image_shape_ is not None and self.device_.type == "cpu":
            module = module.to(memory_format=torch.channels_last)
        return module

    def _train(self, session, X, y):
        """Drive epochs and mini-batches through ``session``; returns the history."""
        n = X.shape[0]
        batch_size = min(self.batch_size, n)
        # Drop the ragged last batch: batch norm needs more than one row, and
        # a random permutation each epoch means every row is still seen.
        n_batches = max(1, n // batch_size)
        self.n_epochs_ = self._n_epochs(n_batches)
        self.batch_size_ = batch_size
        row_weight = None
        if self.balanced_batches:
            # Each class is drawn equally often: rows are sampled with
            # replacement with probability 1 / (n_classes * class count).
            row_weight = (1.0 / torch.bincount(y).double())[y]
        monitor = ConvergenceMonitor(
            self.n_iter_no_change if self._convergence_keys else None, self.tol
        )
        history, self.converged_ = {}, False
        bar = self._progress_bar() if self.verbose == 1 else None
        if self._average_decay is not None:
            session.average = WeightAverage(
                [getattr(self, name) for name in self._averaged_networks], self._average_decay)
        try:
            epoch = self._epochs(session, X, y, n_batches, batch_size, monitor, history, bar,
                                 row_weight)
        finally:
            if bar is not None:
                bar.close()
        if session.average is not None:
            session.average.apply()
            session.average = None
        self.n_epochs_ = epoch + 1
        return history

    def _progress_bar(self):
        from tqdm import tqdm

        return tqdm(total=self.n_epochs_, desc=type(self).__name__, unit="epoch",
                    file=sys.stderr, dynamic_ncols=True, leave=True)

    def _epochs(self, session, X, y, n_batches, batch_size, monitor, history, bar,
                row_weight):
        """The epoch loop of :meth:`_train`; returns the index of the last epoch."""
        n = X.shape[0]
        count = self._counts_flops(batch_size)
        self.step_flops_ = None
        epoch = -1
        while epoch + 1 < self.n_epochs_:  # the first step may change n_epochs_
            epoch += 1
            t0 = time.perf_counter()
            self._set_mode(train=True)
            if row_weight is not None:
                perm = torch.multinomial(row_weight, n, replacement=True, generator=self._rng)
            else:
                perm = torch.randperm(n, device=X.device, generator=self._rng)
            totals = {}
            for b in range(n_batches):
                idx = perm[b * batch_size:(b + 1) * batch_size]
                with self._autocast():
                    if count:
                        count = False
                        losses = self._first_step(session, X[idx], y[idx], n_batches, bar)
                    else:
                        losses = session.step(X[idx], y[idx], b, n_batches)
                for name, value in losses.items():
                    totals[name] = totals.get(name, 0.0) + value.detach().float()
            # One host synchronisation per epoch, not per batch.
            means = {k: float(v) / n_batches for k, v in totals.items()}
            bad = [k for k, v in means.items() if not math.isfinite(v)]
            if bad:
                raise _diverged(f"the losses {', '.join(bad)} became NaN or infinite "
                                f"in epoch {epoch + 1}", self)
            self._set_mode(train=False)
            means.update(self._end_epoch(epoch, means))
            means["epoch_time"] = time.perf_counter() - t0
            for name, value in means.items():
                history.setdefault(name, []).append(value)
            if bar is not None:
                bar.set_postfix({k: f"{v:.3g}" for k, v in means.items() if k != "epoch_time"},
                                refresh=False)
                bar.update(1)
            elif self.verbose >= 2:
                self._print_epoch(epoch, means)
            if monitor.update(sum(means[k] for k in self._convergence_keys)):
                self.converged_ = True
                if self.verbose:
                    message = (f"[{type(self).__name__}] converged after {epoch + 1} epochs: "
                               f"{' + '.join(self._convergence_keys)} improved by less than "
                               f"tol={self.tol} for {self.n_iter_no_change} epochs")
                    if bar is not None:
                        bar.write(message, file=sys.stderr)
                    else:
                        print(message, file=sys.stdout, flush=True)
                break
        return epoch

    def _n_epochs(self, n_batches, step_flops=None):
        """Epochs to train: ``max_epochs``, or the auto schedule for ``n_batches``
        batches per epoch, within the CPU budget when ``step_flops`` is known."""
        if self.max_epochs != "auto":
            return int(self.max_epochs)
        steps = self._auto_steps if self.image_shape_ is not None else self._auto_steps_flat
        if step_flops:
            steps = min(steps, max(self._min_budget_steps, self._cpu_flop_budget / step_flops))
        low, high = self._auto_epoch_bounds
        return int(min(max(math.ceil(steps / n_batches), low), high))

    def _autocast(self):
        """The training step's precision context: bfloat16 autocast, or nothing."""
        if self.precision != "bfloat16":
            return contextlib.nullcontext()
        return torch.autocast(device_type=self.device_.type, dtype=torch.bfloat16)

    def _check_precision(self):
        """A clear error where this torch has no bfloat16 autocast for the device."""
        if self.precision != "bfloat16":
            return
        available = getattr(torch.amp, "is_autocast_available",  # torch >= 2.3
                            lambda kind: kind in ("cpu", "cuda"))
        if not available(self.device_.type):
            raise ValueError(
                f"precision='bfloat16' needs torch's autocast on the device, which this "
                f"torch ({torch.__version__}) lacks for {self.device_.type!r}; use "
                "precision='float32'.")
        if self.device_.type == "cuda" and not torch.cuda.is_bf16_supported():
            raise ValueError(
                f"precision='bfloat16' needs a GPU with bfloat16 support; {self.device_} "
                f"({torch.cuda.get_device_name(self.device_)}) has none. Use "
                "precision='float32'.")

    def _counts_flops(self, batch_size):
        """Whether this fit counts its first step's operations: auto epochs on
        a CPU, unless the networks are flat and too small to reach the budget."""
        if not (self.max_epochs == "auto" and self.device_.type == "cpu"
                and self._cpu_flop_budget is not None):
            return False
        if self.image_shape_ is not None:
            return True
        n_params = count_parameters(*self._modules())
        bound = self._flat_flops_per_parameter_row * n_params * batch_size
        return bound * self._auto_steps_flat > self._cpu_flop_budget

    def _first_step(self, session, X, y, n_batches, bar):
        """The first training step, its floating-point operations counted.

        The count (``torch.utils.flop_counter``, which reads the shapes of
        the operations as they run and changes no result) sets the number
        of epochs within the CPU budget (:meth:`_n_epochs`).
        """
        from torch.utils.flop_counter import FlopCounterMode

        with FlopCounterMode(display=False) as counter:
            losses = session.step(X, y, 0, n_batches)
        self.step_flops_ = int(counter.get_total_flops())
        self.n_epochs_ = self._n_epochs(n_batches, self.step_flops_)
        if bar is not None:
            bar.total = self.n_epochs_
            bar.refresh()
        return losses

    def _print_epoch(self, epoch, means):
        width = len(str(self.n_epochs_))
        parts = " ".join(
            f"{k}={v:.4g}" for k, v in means.items() if k != "epoch_time"
        )
        print(
            f"[{type(self).__name__}] epoch {epoch + 1:>{width}}/{self.n_epochs_} "
            f"{parts} ({means['epoch_time']:.2f}s)",
            file=sys.stdout,
            flush=True,
        )

    # ------------------------------------------------------------ resampling
    def _resample(self, X, y, generator):
        """The resampling seam: append the rows ``sampling_strategy_`` asks for.

        ``generator`` (from :meth:`_fit_model`) is the fit's own RNG, so one
        ``random_state`` fixes the whole of ``fit_resample``. The result never
        shares memory with X or y, even when no row is added.
        """
        t_gen = time.perf_counter()
        wanted = [(label, n) for label, n in self.sampling_strategy_.items() if n > 0]
        n_new = sum(n for _, n in wanted)
        # Synthetic rows are written straight into the output (dense input)
        # or one block for all classes (sparse input): no stacked copies of
        # the whole data set.
        n_orig = 0 if sparse.issparse(X) else X.shape[0]
        X_res = np.empty((n_orig + n_new, X.shape[1]), dtype=X.dtype)
        if n_orig:
            X_res[:n_orig] = X
        y_new, start, record = [], n_orig, {}
        self.selection_report_ = {}
        with self._fitted_threads():
            for class_label, n_samples in wanted:
                self._generate(class_label, n_samples, X.dtype, record, generator,
                               out=X_res[start:start + n_samples],
                               report=self.selection_report_)
                y_new.append(np.full(n_samples, class_label, dtype=y.dtype))
                start += n_samples
        self._record_generation(record)
        self.generation_time_ = time.perf_counter() - t_gen

        y_res = np.hstack([y, *y_new])
        if sparse.issparse(X):
            X_res = sparse.vstack([X, sparse.csr_matrix(X_res)], format=X.format)
            return X_res.astype(X.dtype, copy=False), y_res
        return X_res, y_res

    def _generate(self, class_label, n_samples, dtype, record, generator,
                  conditions=None, out=None, report=None):
        """``n_samples`` rows of one class in input space, in bounded chunks.

        ``conditions`` (optional, one row per sample) is sliced per chunk and
        handed to ``_generate_scaled`` as a tensor on the model's device.
        ``record`` collects the method's per-call generation statistics.
        ``out`` (optional) is the ``(n_samples, n_features)`` array to fill.
        With ``selection`` fitted (and no ``conditions``), each chunk is the
        best of a larger pool of candidates (:meth:`_selected`); ``report``
        (optional dict) then gets the selection's figures for this class.
        Non-finite rows raise; a generator whose rows pile up on the edge of
        the training range (saturated) raises a warning.
        """
        class_index = int(np.searchsorted(self.classes_, class_label))
        if out is None:
            out = np.empty((n_samples, self.n_features_in_), dtype=dtype)
        self._set_mode(train=False)
        chunk = _chunk_rows(self._n_features)
        n_edge, figures = 0, {}
        with torch.no_grad():
            for start in range(0, n_samples, chunk):
                stop = min(start + chunk, n_samples)
                extra = {}
                if conditions is not None:
                    extra["conditions"] = to_tensor(conditions[start:stop], self.device_)
                if conditions is None and "_reference" in self.__dict__:
                    Z = self._selected(class_index, stop - start, record, generator, figures)
                else:
                    Z = self._harden(self._generate_scaled(class_index, stop - start, record,
                                                           generator, **extra), generator)
                Z = Z.float().cpu().numpy()
                if not np.isfinite(Z).all():
                    raise _diverged(f"generated rows of class {class_label!r} hold NaN or "
                                    "infinite values", self)
                n_edge += int(np.count_nonzero(np.abs(Z) >= 1.0 - SATURATION_MARGIN))
                out[start:start + Z.shape[0]] = self._scaler.inverse_transform(Z, dtype)
        if report is not None and figures:
            label = plain_label(class_label)
            report[label] = {
                "n_candidates": figures["n_candidates"], "n_kept": figures["n_kept"],
                "near_copies": figures["near_copies"],
                "vote_candidates": figures["vote_candidates"] / max(1, figures["n_candidates"]),
                "vote_kept": figures["vote_kept"] / max(1, figures["n_kept"]),
            }
        edge_share = n_edge / max(1, n_samples * self._n_features)
        if n_samples and edge_share > self._edge_share + 0.5:
            label = plain_label(class_label)
            warnings.warn(
                f"{type(self).__name__}: {edge_share:.0%} of the generated values of "
                f"class {label!r} sit on the edge of their training range "
                f"(real rows: {self._edge_share:.0%}). The generator has saturated, "
                "usually a sign of unstable or too short training; check history_, "
                f"lower learning_rate (now {self._fit_params['learning_rate']}) or "
                "train longer.",
                UserWarning,
                stacklevel=4,
            )
        return out

    def _selected(self, class_index, n_samples, record, generator, figures):
        """The best ``n_samples`` of ``pool_factor`` times as many candidates (scaled).

        Candidates are drawn in chunks of at most a generation chunk, scored
        against the reference rows (:func:`._selection.select`), and the
        figures of the choice are added to ``figures``.
        """
        n_pool = max(n_samples, math.ceil(self._fit_params["pool_factor"] * n_samples))
        chunk = _chunk_rows(self._n_features)
        pool = torch.cat([
            self._harden(self._generate_scaled(class_index, min(chunk, n_pool - start), record,
                                               generator), generator)
            for start in range(0, n_pool, chunk)])
        keep, chosen = select(pool, n_samples, class_index, self._reference,
                              self._reference_labels, self._reference_spacing,
                              self._fit_params["selection"])
        for name, value in chosen.items():
            figures[name] = figures.get(name, 0) + value
        return pool[keep]

    def generate(self, target_class, n_samples, random_state=None):
        """Draw new samples of one class from the fitted generator.

        Fit once, sample many: no retraining happens. Samples are produced in
        chunks, so memory stays bounded however many are asked for. Nothing
        that describes the fit changes.

        Parameters
        ----------
        target_class : label
            A class seen during fitting.
        n_samples : int
            Number of samples to draw (0 gives an empty array).
        random_state : int, RandomState instance or None, default=None
            Seed of the draw; the same value gives the same samples on CPU.

        Returns
        -------
        X_new : ndarray of shape (n_samples, `n_features_in_`)
            New samples in input space, with the dtype of the training data.
        """
        if not isinstance(n_samples, numbers.Integral) or n_samples < 0:
            raise ValueError(f"n_samples must be a non-negative integer; got {n_samples!r}.")
        return self._draw_rows(target_class, int(n_samples), random_state)

    def _draw_rows(self, target_class, n_samples, random_state, conditions=None):
        """Checked, seeded, chunked generation shared by the public methods."""
        check_is_fitted(self, "history_")
        if target_class not in self.class_counts_:
            raise ValueError(
                f"target_class={target_class!r} was not seen during fit; known "
                f"classes are {self.classes_.tolist()}."
            )
        generator = make_generator(seed_from_random_state(random_state), self.device_)
        with self._fitted_threads():
            return self._generate(target_class, n_samples, self._input_dtype, {}, generator,
                                  conditions)

    def _fitted_threads(self):
        """The thread context of work after the fit: its ``n_threads_`` on a CPU."""
        return torch_context(self.n_threads_ if self.device_.type == "cpu" else None)

    def _forward_rows(self, X, network, n_outputs):
        """Run ``network`` on rows X in input space, in bounded chunks.

        X is validated against the fit, scaled like the training data and
        moved to the device chunk by chunk; returns a float32 array of shape
        ``(n_samples, n_outputs)``.
        """
        check_is_fitted(self, "history_")
        # numeric_scaling='quantile' without categorical columns takes sparse X, as fit does
        if isinstance(self._scaler, MixedScaler) and not (
                sparse.issparse(X) and not self._scaler.categorical_.size):
            X = check_table(X)
            validate_data(self, X=X, reset=False, skip_check_array=True)
            X = X.to_numpy(dtype=object) if hasattr(X, "iloc") else X
        else:
            X = validate_data(self, X, reset=False, accept_sparse=["csr", "csc"])
        self._set_mode(train=False)
        out = np.empty((X.shape[0], n_outputs), dtype=np.float32)
        chunk = _chunk_rows(X.shape[1])
        with self._fitted_threads(), torch.no_grad():
            for start in range(0, X.shape[0], chunk):
                rows = X[start:start + chunk]
                rows = self._scaler.transform(rows.toarray() if sparse.issparse(rows) else rows)
                out[start:start + rows.shape[0]] = (
                    network(to_tensor(rows, self.device_)).cpu().numpy()
                )
        return out

    # ------------------------------------------------- fitted torch state
    def _torch_items(self):
        """``(name, value)`` of the registered fitted torch state that exists."""
        return [(name, self.__dict__[name]) for name in
                self._torch_state + self._selection_state + self._interpolation_state
                if name in self.__dict__]

    def _modules(self):
        return [value for _, value in self._torch_items() if isinstance(value, torch.nn.Module)]

    def _set_mode(self, train):
        for module in self._modules():
            module.train(train)

    def _place(self, device):
        """Move the registered modules and tensors to ``device``."""
        for name, value in self._torch_items():
            setattr(self, name, value.to(device))

    def __getstate__(self):
        # Pickles hold CPU copies only, so they load on machines without a GPU,
        # and the version of imblearn-deep that wrote them. A copy of the
        # state: Python's default is the instance's own __dict__, which this
        # must not change (the fitted model stays on its device).
        state = dict(super().__getstate__())
        state["_imblearn_deep_version"] = __version__
        for name, value in self._torch_items():
            if isinstance(value, torch.nn.Module):
                state[name] = copy.deepcopy(value).to("cpu")
            else:
                state[name] = value.detach().to("cpu")
        return state

    def __setstate__(self, state):
        pickled_version = state.pop("_imblearn_deep_version", "unknown (before 0.1.0)")
        if pickled_version != __version__:
            warnings.warn(
                f"Trying to unpickle {type(self).__name__} from imblearn-deep "
                f"version {pickled_version} when using version {__version__}. "
                "This might lead to breaking code or invalid results; refit the "
                "sampler with this version.",
                InconsistentVersionWarning,
                stacklevel=2,
            )
        super().__setstate__(state)
        # a parameter added since the pickle was written gets its default, so
        # that get_params, clone and repr work on the old sampler; a model
        # fitted before it existed behaved as _fitted_before says (else as
        # its default), which is what generation reads from _fit_params
        fit_params = self.__dict__.get("_fit_params")
        for name, parameter in inspect.signature(type(self).__init__).parameters.items():
            if parameter.default is inspect.Parameter.empty:
                continue
            if name not in self.__dict__:
                setattr(self, name, parameter.default)
            if fit_params is not None and name not in fit_params:
                fit_params[name] = self._fitted_before.get(name, parameter.default)
        if fit_params is not None:
            if "sample_from_" not in self.__dict__:
                self.sample_from_ = self._resolved_sample_from()
            if "hidden_dims_" not in self.__dict__:
                # pickled before hidden_dims="auto": the widths were the parameter
                self.hidden_dims_ = tuple(fit_params["hidden_dims"])
        if "device_" not in self.__dict__:
            return
        # Place the model once, on the fitted device, or on the CPU where
        # this machine lacks it (e.g. a model trained on a GPU).
        device = usable_device(self.device_)
        if device != self.device_:
            warnings.warn(
                f"{type(self).__name__} was fitted on {self.device_}, which this "
                f"machine does not have; the model was loaded on the CPU and "
                f"device_ is now {device}.",
                UserWarning,
                stacklevel=2,
            )
            self.device_ = device
        self._place(device)

    # ------------------------------------------------------------ building
    def _check_network_params(self):
        """Validated ``(hidden_dims, conv_channels, kernel_sizes)``."""
        hidden = self.hidden_dims
        if isinstance(hidden, str) and hidden == "auto":
            hidden = self._auto_hidden_flat if self.image_shape_ is None else IMAGE_HIDDEN_DIMS
        hidden = check_sizes("hidden_dims", hidden)
        self.hidden_dims_ = hidden
        channels = self.conv_channels
        if isinstance(channels, str) and channels == "auto":
            channels = (self._gpu_conv_channels if self.device_.type in ("cuda", "mps")
                        else CPU_CONV_CHANNELS)
        channels = check_sizes("conv_channels", channels)
        self.conv_channels_ = channels if self.image_shape_ is not None else None
        kernels = check_sizes("kernel_sizes", self.kernel_sizes)
        if self.image_shape_ is not None and len(channels) != len(kernels):
            raise ValueError(
                f"conv_channels ({len(channels)} layers) and kernel_sizes "
                f"({len(kernels)} layers) must have the same length."
            )
        return hidden, channels, kernels

    def _adam(self, *modules):
        """Adam over exactly the parameters of ``modules`` (modules or parameter lists).

        Shared settings: ``learning_rate``, betas (0.5, 0.999). torch's fused
        kernel (one kernel for all parameters) where this torch has it for
        the device, called without ``torch.optim`` (see
        :class:`~imblearn_deep._torch.FusedAdam`); ``torch.optim.Adam``
        otherwise.
        """
        params = []
        for m in modules:
            params.extend(m.parameters() if isinstance(m, torch.nn.Module) else m)
        return FusedAdam(params, lr=self.learning_rate, betas=(0.5, 0.999))

    def _discriminate(self, real, generated):
        """The discriminator's outputs on a real and a generated batch.

        Both are rows as the discriminator sees them (:meth:`_disc_view`).
        Where the discriminator has no batch norm (flat rows, or a conv
        trunk of a single layer), a row's
        output does not depend on the other rows of its batch, so both
        batches go through in one forward pass: one set of kernels over
        twice the rows and one backward pass, the same outputs up to float
        rounding. A discriminator with batch norm (the conv trunk of
        images) normalises each batch by its own statistics, as in the
        papers, so it gets one pass per batch. Returns the two outputs
        (NamedTuples of the discriminator's type).
        """
        if not self._joint_discriminator:
            return self.discriminator_(real), self.discriminator_(generated)
        both = self.discriminator_(torch.cat([real, generated]))
        n = real.shape[0]
        real_out = type(both)(*(None if t is None else t[:n] for t in both))
        generated_out = type(both)(*(None if t is None else t[n:] for t in both))
        return real_out, generated_out

    @staticmethod
    def _update(optimizer, *terms, retain_graph=False, through=None):
        """One optimizer step on the gradients of ``terms``.

        Each term is ``(loss, parameters)``: the loss is differentiated with
        respect to those parameters only, and a parameter named in several
        terms gets the sum of its gradients. The optimizer then updates the
        parameters it was built from; one that received no gradient is left
        alone. Other parameters' ``.grad`` are never touched.

        ``through=(tensor, parameters)`` says that those parameters reach
        every loss only through ``tensor`` (a generator's parameters through
        its output): each term that names some of them is then
        differentiated with respect to ``tensor`` instead, and the summed
        gradient goes back through the network behind it once, not once
        per term. The gradients are the same sums (up to float rounding).
        """
        grads = {}

        def add(params, values):
            for p, g in zip(params, values):
                if g is not None:
                    grads[p] = g if p not in grads else grads[p] + g

        tensor, behind = through if through is not None else (None, ())
        behind = [p for p in behind if p.requires_grad]
        routed, upstream = {id(p) for p in behind}, None
        for i, (loss, params) in enumerate(terms):
            params = [p for p in params if p.requires_grad]
            own = [p for p in params if id(p) not in routed]
            via = len(own) < len(params)  # names some parameters behind `tensor`
            keep = retain_graph or i + 1 < len(terms) or upstream is not None or via
            values = torch.autograd.grad(loss, own + [tensor] if via else own,
                                         retain_graph=keep, allow_unused=True)
            if via and values[-1] is not None:
                upstream = values[-1] if upstream is None else upstream + values[-1]
            add(own, values[:len(own)])
        if upstream is not None:
            # d/dw sum(tensor * upstream) is the vector-Jacobian product with
            # `upstream`, bit for bit; torch's own (grad_outputs=upstream)
            # costs about 0.4 s and 33 MiB once per process on a CPU
            add(behind, torch.autograd.grad((tensor * upstream.detach()).sum(), behind,
                                            retain_graph=retain_graph, allow_unused=True))
        for p in optimizer.params:
            p.grad = grads.get(p)
        optimizer.step()

    # ----------------------------------------------------------- hooks
    def _check_X_y(self, X, y, accept_sparse=None):
        self._categorical = None
        if self.categorical_features is not None:
            if sparse.issparse(X):
                raise ValueError(
                    "categorical_features needs dense X (a DataFrame or an array); got a "
                    "sparse matrix. Densify it, or leave categorical_features=None.")
            X = check_table(X)
            categorical = resolve_categorical(self.categorical_features, X, X.shape[1])
            if categorical.size or self.numeric_scaling != "range":
                y, binarize_y = check_target_type(y, indicate_one_vs_all=True)
                check_consistent_length(X, y)
                validate_data(self, X=X, y=y, reset=True, skip_check_array=True)
                self._categorical = categorical
                X = X.to_numpy(dtype=object) if hasattr(X, "iloc") else X
                self._input_dtype = X.dtype
                return X, y, binarize_y
        text = text_columns(X) if not sparse.issparse(X) else []
        if text:
            names = getattr(X, "columns", None)
            shown = [names[j] for j in text] if names is not None else text
            raise ValueError(
                f"X has columns of categories or text: {shown[:10]}"
                f"{' ...' if len(shown) > 10 else ''}. Set categorical_features='auto' "
                "(for a DataFrame with category, object or string columns) or to their "
                "indices or names, so that they are generated as categories; or encode "
                "them as numbers before the sampler.")
        X, y, binarize_y = super()._check_X_y(X, y, accept_sparse=accept_sparse)
        self._input_dtype = X.dtype
        return X, y, binarize_y

    @abstractmethod
    def _build(self, n_features, class_counts):
        """Create networks and optimizers for ``n_features`` and these classes."""

    @abstractmethod
    def _train_step(self, X, y, batch_index, n_batches):
        """One optimisation step on a mini-batch; returns a dict of loss tensors."""

    def _end_training(self, X, y):
        """Summaries of the trained networks (run in eval mode, without grad).

        ``X`` and ``y`` are the scaled training rows and class indices, as
        tensors on the device.

        Afterwards the base drops ``_class_weight`` and the attributes named
        in ``_training_only`` (optimizers, training buffers).
        """

    # ------------------------------------------------ latent interpolation
    def _resolved_sample_from(self):
        """``sample_from`` as fitted, with ``"auto"`` resolved: interpolation.

        Read once, when fitting (``sample_from_``); generation reads
        ``sample_from_``, so that a model keeps what it was fitted with
        when a later version changes what ``"auto"`` means (for BayesGAN
        on images it meant the generator's rows until December 2026).
        """
        sample_from = self._fit_params["sample_from"]
        return "interpolate" if sample_from == "auto" else sample_from

    def _keep_latents(self, X, y):
        """Keep training rows (scaled) and their latent codes, for interpolation.

        Within :func:`~._interpolation.interpolation_quota`: the classes
        that ``fit_resample`` over-samples first (every class alike for a
        model trained without resampling, e.g. ``DVAANClassifier``).
        """
        wanted = getattr(self, "sampling_strategy_", None)
        quota = interpolation_quota(
            [int((y == k).sum()) for k in range(len(self.classes_))],
            [wanted is None or wanted.get(label, 0) > 0 for label in self.classes_],
            X.shape[1], others=self._latents_of_every_class)
        keep = kept_rows(y, quota, self._rng)
        X, y = X[keep], y[keep]
        self._latents = self._encode_rows(X, y)
        self._latent_labels = y.clone()
        self._latent_rows = X.clone()

    def _encode_rows(self, X, y):
        """Latent codes of scaled rows ``X`` of classes ``y`` (run without grad)."""
        raise NotImplementedError(f"{type(self).__name__} has no latent codes to interpolate")

    def _decode_codes(self, codes, class_index):
        """Scaled rows of one class decoded from latent codes."""
        raise NotImplementedError(f"{type(self).__name__} has no latent codes to interpolate")

    def _prior_rows(self, class_index, n, generator):
        """``n`` scaled rows of one class drawn from the model's prior."""
        raise NotImplementedError

    def _interpolated_rows(self, class_index, n, generator):
        """``n`` scaled rows of one class by latent interpolation.

        Real rows moved by the decoded step toward a latent neighbour (see
        :func:`~._interpolation.interpolate`); a class without kept rows is
        drawn from the prior, with a warning.
        """
        mask = self._latent_labels == class_index
        codes, rows = self._latents[mask], self._latent_rows[mask]
        if not codes.shape[0]:
            label = plain_label(self.classes_[class_index])
            warnings.warn(
                f"{type(self).__name__}: no training rows of class {label!r} were kept for "
                "latent interpolation (fit_resample did not over-sample it"
                + (" and the memory budget of kept values was spent on the classes it did"
                   if self._latents_of_every_class else "")
                + "), so these rows are drawn from the model's prior (sample_from='prior').",
                UserWarning,
                stacklevel=6,
            )
            return self._prior_rows(class_index, n, generator)
        return interpolate(codes, rows, n, lambda z: self._decode_codes(z, class_index),
                           generator)

    def _decoded_steps(self, class_index):
        """:func:`~._interpolation.decoded_steps` of one class's kept rows.

        A diagnostic of latent interpolation (the benchmark
        ``imblearn_deep.benchmarks.decoded_steps``): how far the decoded
        steps move rows against the gaps between latent neighbours.
        """
        mask = self._latent_labels == class_index
        with torch.no_grad(), self._fitted_threads():
            return decoded_steps(self._latents[mask], self._latent_rows[mask],
                                 lambda z: self._decode_codes(z, class_index))

    def _end_epoch(self, epoch, losses):
        """Per-epoch work after the batches (e.g. DVAAN's mu update).

        Returns a dict of extra values to record in the history.
        """
        return {}

    def _record_generation(self, record):
        """Store what ``fit_resample``'s generation recorded (e.g. fallbacks)."""

    @abstractmethod
    def _generate_scaled(self, class_index, n_samples, record, conditions=None):
        """``n_samples`` scaled rows (a tensor in ``[-1, 1]``) of one class.

        ``record`` is a dict for per-call statistics of the method;
        ``conditions`` is only passed by methods that support per-row
        conditioning (BayesGAN's codes).
        """

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.non_deterministic = False
        return tags
