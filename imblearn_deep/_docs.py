"""Shared parameter and attribute docs of the deep samplers.

Substituted into each sampler's docstring (imbalanced-learn's
``Substitution``), so that a parameter the samplers share is described
once. Docs state behaviour and link to the documentation; figures live on
the benchmarks pages.
"""

from ._networks import CPU_CONV_CHANNELS, IMAGE_HIDDEN_DIMS


def network_docs(conv_channels, kernel_sizes, whose, flat_hidden, hidden_why):
    """The docs of ``hidden_dims``, ``conv_channels`` and ``kernel_sizes``,
    whose defaults differ by sampler."""
    return f"""hidden_dims : tuple of int or "auto", default="auto"
        Widths of the hidden layers of the MLP networks. For images only the
        last value is used: the width of the fully connected layer after the
        convolutions. ``"auto"``: ``{flat_hidden}`` on flat rows (tables),
        ``{IMAGE_HIDDEN_DIMS}`` on images. {hidden_why} The widths used are
        stored in ``hidden_dims_``.

    conv_channels : tuple of int or "auto", default="auto"
        Channels of the convolutional layers (images only); the generator
        mirrors them. ``"auto"`` chooses by device: {whose},
        ``{conv_channels}``, on a GPU; ``{CPU_CONV_CHANNELS}`` on a CPU, where
        the paper's sizes make a default image fit slow (see :ref:`images`;
        timings in :ref:`bench-image-defaults`). The channels used are
        stored in ``conv_channels_``.

    kernel_sizes : tuple of int, default={kernel_sizes}
        Kernel size of each convolutional layer (images only)."""


def training_docs(flat_steps, why):
    """The docs of ``max_epochs``, ``batch_size`` and ``balanced_batches``;
    the steps that ``max_epochs="auto"`` plans on flat rows differ by sampler."""
    fewest, most = flat_steps
    return f"""max_epochs : int or "auto", default="auto"
        Number of training epochs. ``"auto"`` aims at about 1,000 gradient
        steps on images (between 5 and 300 epochs); on flat rows (tables)
        at 5 passes over the rows, within {fewest:,} to {most:,} steps, and
        at least one epoch, so that the cost follows the data.
        {why}
        On a CPU it also bounds the training's compute: the floating-point
        operations of one step are counted on the first step, and a fit
        whose steps would need more than 2.5 TFLOP takes fewer steps, at
        least 250 (and still at least 5 epochs; see :ref:`how-long`). The
        number of epochs used is stored in ``n_epochs_``.

    batch_size : int, default=256
        Rows per mini-batch (clipped to the number of rows).

    balanced_batches : bool, default=True
        Draw mini-batches with every class equally likely (rows sampled with
        replacement, weight ``1 / class count``), so the networks see the
        minority as often as the majority. ``False`` draws a plain random
        permutation of the rows each epoch, as the papers' training loops
        do."""


#: Docstring pieces shared by the samplers (filled in with imblearn's
#: ``Substitution``), so that every parameter the samplers share is
#: documented once, in the same words.
SHARED_DOCS = {
    "sampling_parameters": """sampling_strategy : float, str, dict or callable, default='auto'
        Sampling information to resample the data set, as in every
        imbalanced-learn over-sampler (see
        :class:`~imblearn.over_sampling.SMOTE`).

    random_state : int, RandomState instance or None, default=None
        Seeds the network initialisation, the mini-batches and every draw.
        The same value gives identical output on the CPU. Global torch and
        numpy random states are left untouched.

    image_shape : tuple of int or None, default=None
        ``None``: rows are flat feature vectors and MLP networks are used.
        ``(height, width)`` or ``(channels, height, width)``: each row is an
        image flattened in that order and convolutional networks are used.

    categorical_features : "auto", array-like or None, default=None
        Categorical columns of a table, in the forms of
        :class:`~imblearn.over_sampling.SMOTENC`: ``"auto"`` (the columns of
        a DataFrame with category, object or string dtype), a list of column
        indices or names, or a boolean mask with one entry per column.
        ``None``: every column is numeric (columns of text then raise an
        error that says to set this parameter). The networks see each
        categorical column one-hot encoded and the generator emits one
        softmax per column, so a generated row holds only categories seen
        in training; the returned rows have the input's type, column order
        and dtypes (pandas categories, strings, integers). All-categorical
        tables work too (what :class:`~imblearn.over_sampling.SMOTEN`
        covers). Categorical columns must not hold missing values: impute
        them first (see :ref:`mixed-types`). Flat rows only.

    numeric_scaling : {{"range", "quantile"}}, default="range"
        How numeric columns are mapped into the networks' range ``[-1, 1]``:
        ``"range"``, their training range; ``"quantile"``, their training
        quantiles (each value ``x`` becomes ``2 F(x) - 1``, with ``F`` the
        column's empirical distribution, and back), which spreads skewed or
        heavy-tailed columns evenly. With categorical columns or
        ``"quantile"``, a numeric column whose training values are all
        whole numbers stays whole. Flat rows only.""",
    # follows each sampler's own sentence on what n_iter_no_change monitors
    "stopping_parameters": """``None`` (the default) always trains
        ``max_epochs``: these losses level off before the generator is done
        being useful, so stopping on them shortens a fit at a cost in
        minority F1 (see :ref:`how-long`); it is opt-in.

    tol : float, default=0.01
        Relative improvement that counts for ``n_iter_no_change``.

    learning_rate : float, default=1e-3
        Adam learning rate of every network (betas 0.5, 0.999).""",
    "augment_parameters": """diff_augment : str, tuple of str or None, default=None
        Differentiable augmentation (DiffAugment, Zhao et al., NeurIPS
        2020) of every batch the discriminator sees in training, real and
        generated alike, in its own update and in the generator's, so that
        a discriminator trained on few images does not memorise them and
        the generator's gradients pass through the augmentation. Images
        only: with ``image_shape=None`` a value other than ``None`` raises.
        ``None``: no augmentation. Otherwise the families to apply, in
        order, as a tuple or one comma-separated string:

        - ``"color"``: brightness, saturation (3 channels only) and
          contrast, drawn per image;
        - ``"translation"``: a shift by up to 1/8 of the height and width,
          filled with zeros (the middle of the scaled range);
        - ``"cutout"``: a square of half the height and width set to zero.

        Generation, ``generate`` and the fitted networks' outputs use
        plain rows. Where a loss compares a real row with its
        reconstruction (DVAAN's ``L_fea``), both get the same draw. On
        few-shot digits only DVAAN with ``"translation,cutout"`` gained,
        and ``"color"`` made BayesGAN's minority collapse, so it is off by
        default (see :ref:`diff-augment`).""",
    "selection_parameters": """selection : {{"faithful", "boundary"}} or None, default=None
        Candidate selection. ``None`` keeps every generated row. Otherwise
        ``pool_factor`` candidates are drawn for each row needed, and the
        best are kept, judged against the real training rows (scaled):

        - ``"faithful"``: the candidates with the largest share of their 5
          nearest real rows in the target class (a k-NN vote);
        - ``"boundary"``: the faithful candidates (vote at least 1/2) with
          the most mixed neighbourhood first, which places rows toward the
          class boundary, as Borderline-SMOTE does.

        In both, a near-copy (closer to its nearest real row than a tenth
        of that row's distance to its own nearest real neighbour, as in
        :func:`imblearn_deep.metrics.memorisation`) is kept only when no
        other candidate is left. The fitted sampler keeps up to 20,000
        scaled training rows and 2**24 values (64 MiB; 5,461 images of
        3x32x32), per class in proportion, for this, also used by
        ``generate``; ``selection_report_`` says what was kept.

    pool_factor : float, default=4.0
        Candidates drawn per row kept when ``selection`` is set (at least
        1). Generation costs about this many times more, plus a k-NN query
        of every candidate against the reference rows.""",
    "runtime_parameters": """device : str, default="auto"
        ``"auto"`` (CUDA when available), ``"cpu"``, ``"cuda"``, ``"cuda:N"``
        or ``"mps"``. Resolved into ``device_``.

    precision : {{"float32", "bfloat16"}}, default="float32"
        Arithmetic of the training steps. ``"bfloat16"`` runs them under
        torch's automatic mixed precision (``torch.autocast`` with
        bfloat16): matrix products and convolutions in bfloat16, reductions
        and losses in float32, the weights and the optimizer in float32.
        On GPUs with bfloat16 units (NVIDIA Ampere and later) this is the
        fast path for image networks; on a CPU without them it is slower
        and only useful for testing. Generation always runs in float32.
        The result differs from a float32 fit, and is reproducible for one
        ``random_state`` on the CPU like any other.

    n_threads : int or None, default=None
        CPU threads used by torch during the fit. ``None`` chooses from the
        work of one forward pass: one thread for small dense networks (where
        more threads only add synchronisation, and stall when other
        processes share the cores) and torch's thread count for larger and
        convolutional ones; ``-1`` means torch's thread count.

    verbose : int, default=0
        0 is silent; 1 shows a progress bar (on stderr) with the elapsed and
        estimated remaining time and the last epoch's losses; 2 prints one
        line per epoch with every recorded value (see ``history_``; the user
        guide explains each name).""",
    "fitted_attributes": """sampling_strategy_ : dict
        Number of samples to generate for each class.

    classes_ : ndarray of shape (n_classes,)
        Class labels seen during fit.

    class_counts_ : dict
        Number of rows of each class seen during fit.

    n_epochs_, batch_size_ : int
        Number of epochs trained and the mini-batch size used.

    converged_ : bool
        Whether training stopped early through ``n_iter_no_change``.

    device_ : torch.device
        Device the networks live on: the one they were trained on, or the
        CPU after unpickling on a machine that lacks that device.

    n_threads_ : int
        CPU threads used during the fit.

    fit_time_, train_time_, generation_time_ : float
        Seconds spent in ``fit_resample``, in training, and in generating
        the synthetic rows (candidate selection included).

    selection_report_ : dict
        Per over-sampled class of the last ``fit_resample`` with
        ``selection`` set (empty otherwise): ``n_candidates`` drawn,
        ``n_kept``, ``near_copies`` among the candidates, and the mean k-NN
        vote for the class of all candidates (``vote_candidates``) and of
        the kept rows (``vote_kept``).

    image_shape_ : tuple of int or None
        ``(channels, height, width)`` of the images, or None.

    hidden_dims_ : tuple of int
        Widths of the hidden layers trained (``hidden_dims`` resolved).

    conv_channels_ : tuple of int or None
        Channels of the convolutional layers trained (``conv_channels``
        resolved), or None for flat rows.

    step_flops_ : int or None
        Floating-point operations of one training step, counted on the
        first step of a CPU fit with ``max_epochs="auto"`` (None otherwise,
        and None for flat rows whose networks are too small to reach the
        compute budget).

    n_features_in_ : int
        Number of features seen during fit.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during fit, when X has string column names.""",
}
