"""The competitors and classifiers of the benchmarks, by name.

Every competitor is an estimator of the package or of imbalanced-learn with
public parameters; a row that trains a fixed number of steps gets an explicit
``max_epochs`` at fit time (:func:`epochs_for_steps`), set with ``set_params``.
"""

import math

from imblearn.over_sampling import ADASYN, SMOTE, SMOTENC, BorderlineSMOTE, RandomOverSampler
from sklearn.base import BaseEstimator
from sklearn.compose import make_column_transformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, TunedThresholdClassifierCV
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MinMaxScaler, OneHotEncoder, StandardScaler
from sklearn.svm import SVC

from imblearn_deep import BayesGANOversampler, DVAANClassifier, DVAANSampler
from imblearn_deep._bayes_gan import PAPER_CONV_CHANNELS as BAYESGAN_PAPER_CHANNELS
from imblearn_deep._dvaan import PAPER_CONV_CHANNELS as DVAAN_PAPER_CHANNELS
from imblearn_deep._networks import CPU_CONV_CHANNELS
from imblearn_deep.preprocessing import is_categorical

from ._cnn import SmallCNNClassifier
from ._peers import CTGANOverSampler, MGSGRF

#: Conv channels of the deep samplers in quick and compact runs: those of
#: ``conv_channels="auto"`` on a CPU.
COMPACT_CHANNELS = CPU_CONV_CHANNELS


def deep_params(image_shape, seed, device, quick, compact=False):
    """Shared settings of the deep models in a run.

    Quick mode trains 3 epochs (a smoke test); quick and compact runs use
    conv networks with :data:`COMPACT_CHANNELS`, full runs the papers' sizes
    on every device (not ``conv_channels="auto"``, which is compact on a
    CPU). Compact runs keep the default training length, so their scores
    measure quality.
    """
    deep = dict(image_shape=image_shape, random_state=seed, device=device)
    if quick:
        deep.update(max_epochs=3)
    dvaan, bayes = dict(deep, kernel_sizes=(5, 5, 3, 3)), dict(deep, kernel_sizes=(3, 3, 3, 3))
    if image_shape is not None:
        small = quick or compact
        dvaan["conv_channels"] = COMPACT_CHANNELS if small else DVAAN_PAPER_CHANNELS
        bayes["conv_channels"] = (COMPACT_CHANNELS if small
                                  else BAYESGAN_PAPER_CHANNELS)
    return dvaan, bayes


class ThresholdTuning(BaseEstimator):
    """The competitor that needs no resampling: a tuned decision threshold.

    The runner trains ``wrap(classifier)`` on the imbalanced training data:
    scikit-learn's :class:`~sklearn.model_selection.TunedThresholdClassifierCV`
    chooses the threshold on the classifier's predicted probability that
    maximises ``scoring`` over a stratified ``n_splits``-fold cross-validation
    *of the training data*, then refits the classifier on all of it.
    Predictions (F1, recall, G-mean) use the tuned threshold; ROC AUC, which
    does not depend on a threshold, is that of the plain classifier. Elor
    and Averbuch-Elor (CIKM 2022) found that with a tuned threshold,
    balancing adds little on tabular data. Binary tasks only.

    ``scoring="balanced_accuracy"``: the mean of the two recalls, the
    arithmetic counterpart of the G-mean the benchmarks report (the square
    root of their product), so the threshold aims at what the G-mean
    rewards; ``"f1"`` would aim at the minority F1 instead.

    An estimator in scikit-learn's sense (``get_params``, ``clone``): the
    main job (``python -m imblearn_deep``) clones it per fold like the
    samplers.
    """

    def __init__(self, scoring="balanced_accuracy", n_splits=5, random_state=None):
        self.scoring = scoring
        self.n_splits = n_splits
        self.random_state = random_state

    def wrap(self, classifier):
        """``classifier`` in a threshold-tuning cross-validation."""
        cv = StratifiedKFold(self.n_splits, shuffle=True, random_state=self.random_state)
        return TunedThresholdClassifierCV(classifier, scoring=self.scoring, cv=cv)


#: The over-samplers of other authors (:mod:`._peers`), on tabular data only.
PEERS = ("mgs_grf", "ctgan")

#: CTGAN's epochs in quick mode (a smoke test, as the deep samplers' 3).
QUICK_CTGAN_EPOCHS = 3


def peers(seed, device, quick):
    """The peers, by name: MGS-GRF with its defaults, CTGAN with 300 epochs.

    Quick mode gives CTGAN :data:`QUICK_CTGAN_EPOCHS` epochs, as it gives
    the deep samplers 3; compact mode keeps the 300. CTGAN runs on the CPU
    when ``device`` is ``"cpu"``, else on CUDA when there is one.
    """
    return {
        "mgs_grf": MGSGRF(random_state=seed),
        "ctgan": CTGANOverSampler(epochs=QUICK_CTGAN_EPOCHS if quick else 300,
                                  device=device, random_state=seed),
    }


def samplers(image_shape, seed, device, quick, compact=False):
    """Every competitor, by name.

    None means no resampling; a :class:`ThresholdTuning` means no resampling
    and a classifier with a tuned decision threshold (binary tasks only).
    The peers (:data:`PEERS`) are tabular over-samplers: they are there
    only when ``image_shape`` is None.
    """
    dvaan, bayes = deep_params(image_shape, seed, device, quick, compact)
    tabular = peers(seed, device, quick) if image_shape is None else {}
    return {
        "none": None,
        "tuned_threshold": ThresholdTuning(random_state=seed),
        "ros": RandomOverSampler(random_state=seed),
        "ros_shrink": RandomOverSampler(random_state=seed, shrinkage=0.5),
        "smote": SMOTE(random_state=seed),
        "borderline_smote": BorderlineSMOTE(random_state=seed),
        "adasyn": ADASYN(random_state=seed),
        "dvaan": DVAANSampler(**dvaan),
        "dvaan_fixed_mu": DVAANSampler(adapt_mu=False, mu_init=3.0, mu_bounds=(1.0, 5.0),
                                       **dvaan),
        "dvaan_no_aug": DVAANSampler(augmentation=False, **dvaan),
        "dvaan_relative_mu": DVAANSampler(mu_losses="relative", **dvaan),
        "dvaan_interpolate": DVAANSampler(sample_from="interpolate", **dvaan),
        "dvaan_prior": DVAANSampler(sample_from="prior", **dvaan),
        "dvaan_faithful": DVAANSampler(selection="faithful", **dvaan),
        "dvaan_boundary": DVAANSampler(selection="boundary", **dvaan),
        "dvaan_full_steps": DVAANSampler(**dvaan),
        "bayesgan": BayesGANOversampler(**bayes),
        "bayesgan_interpolate": BayesGANOversampler(sample_from="interpolate", **bayes),
        "bayesgan_prior": BayesGANOversampler(sample_from="prior", **bayes),
        "bayesgan_authors": BayesGANOversampler(regularizer="authors", **bayes),
        "bayesgan_no_reg": BayesGANOversampler(regularizer_weight=0.0, **bayes),
        "bayesgan_regularizer_1": BayesGANOversampler(regularizer_weight=1.0, **bayes),
        "bayesgan_faithful": BayesGANOversampler(selection="faithful", **bayes),
        "bayesgan_boundary": BayesGANOversampler(selection="boundary", **bayes),
        "bayesgan_full_steps": BayesGANOversampler(**bayes),
        # the papers' conv networks trained the full 1,000 steps: what
        # conv_channels="auto" and max_epochs="auto" give on a GPU, here on
        # any device (in compact mode the others have small networks)
        "dvaan_papers_networks": DVAANSampler(
            **{**dvaan, "conv_channels": DVAAN_PAPER_CHANNELS}),
        "bayesgan_papers_networks": BayesGANOversampler(
            **{**bayes, "conv_channels": BAYESGAN_PAPER_CHANNELS}),
        **tabular,
    }


#: Competitors that every run of a protocol has (the others of
#: :func:`samplers` run only when named in ``--samplers``): no resampling, a
#: tuned threshold, the classic over-samplers, the two deep samplers with
#: their defaults and, on tabular data (the tabular and few-shot protocols),
#: the peers MGS-GRF and CTGAN. A ``--quick`` smoke test thus fits 9
#: competitors per image task and 11 per tabular one.
DEFAULT_SAMPLERS = ("none", "tuned_threshold", "ros", "ros_shrink", "smote",
                    "borderline_smote", "adasyn", "dvaan", "bayesgan") + PEERS

#: Rows of :func:`samplers` that run only when named in ``--samplers``: the
#: deep samplers with another value of a public parameter (the papers'
#: ablations: a fixed mu, no augmentation, the other generation options,
#: the regularizer's variants), the deep samplers trained the full 1,000
#: steps (:data:`FULL_STEPS`; on a CPU ``max_epochs="auto"`` stops earlier,
#: within its compute budget; on a GPU they repeat ``dvaan`` and
#: ``bayesgan``) and so with the papers' conv networks (a GPU's defaults,
#: which compact mode otherwise replaces by small ones).
NAMED_ONLY = ("dvaan_fixed_mu", "dvaan_no_aug", "dvaan_relative_mu", "dvaan_interpolate",
              "dvaan_prior", "dvaan_faithful", "dvaan_boundary", "dvaan_full_steps",
              "bayesgan_interpolate", "bayesgan_prior", "bayesgan_authors", "bayesgan_no_reg",
              "bayesgan_regularizer_1", "bayesgan_faithful", "bayesgan_boundary",
              "bayesgan_full_steps", "dvaan_papers_networks", "bayesgan_papers_networks")

#: Rows of :func:`samplers` trained a fixed number of steps: ``{name: steps}``.
#: Where the row's ``max_epochs`` is ``"auto"`` the runner replaces it at fit
#: time by :func:`epochs_for_steps` of the training rows (quick mode's 3
#: epochs are kept).
FULL_STEPS = {"dvaan_full_steps": 1000, "bayesgan_full_steps": 1000,
              "dvaan_papers_networks": 1000, "bayesgan_papers_networks": 1000}

#: Bounds of the epochs that :func:`epochs_for_steps` returns: those of the
#: samplers' ``max_epochs="auto"`` on images (on flat rows it takes at least
#: one epoch instead of five: the same epochs wherever five epochs hold at
#: most the steps asked for, as on every KEEL table).
EPOCH_BOUNDS = (5, 300)


def epochs_for_steps(steps, n_rows, batch_size):
    """The epochs in which a fit on ``n_rows`` rows takes about ``steps`` steps.

    The samplers' own rule for ``max_epochs="auto"`` on images: an epoch has
    ``max(1, n_rows // min(batch_size, n_rows))`` mini-batches (the ragged
    last one is dropped), and the epochs are ``ceil(steps / batches)``
    within :data:`EPOCH_BOUNDS`.

    Parameters
    ----------
    steps : int
        Optimizer steps wanted.
    n_rows : int
        Training rows of the fit.
    batch_size : int
        The sampler's ``batch_size``.

    Returns
    -------
    int
        The value to give ``max_epochs``.
    """
    n_batches = max(1, n_rows // min(batch_size, n_rows))
    low, high = EPOCH_BOUNDS
    return int(min(max(math.ceil(steps / n_batches), low), high))


def with_steps(sampler, steps, n_rows):
    """``sampler`` set to train about ``steps`` steps on ``n_rows`` rows.

    Sets ``max_epochs`` (:func:`epochs_for_steps`) with ``set_params`` where
    it is ``"auto"``; an explicit ``max_epochs`` (quick mode's) is kept.
    Returns ``sampler``.
    """
    params = sampler.get_params()
    if params.get("max_epochs") == "auto":
        sampler.set_params(max_epochs=epochs_for_steps(steps, n_rows, params["batch_size"]))
    return sampler


#: Competitors of the ``mixed`` protocol, in the order of :func:`mixed_samplers`.
MIXED_SAMPLERS = ("none", "tuned_threshold", "ros", "smotenc", "dvaan", "bayesgan") + PEERS

#: Ablation rows of the ``mixed`` protocol (run only when named in ``--samplers``):
#: quantile scaling of the numeric columns, candidate selection
#: (``selection="faithful"``), and the generator's own rows instead of latent
#: interpolation (``sample_from="prior"``, the default before 0e9b7e4). The
#: rows of the former internal categorical choices (argmax, plain softmax,
#: straight-through) were retired with those choices; their results stay in
#: ``benchmarks/results/mixed_compact_ablation_cpu.*``.
MIXED_ABLATION = ("dvaan_quantile", "dvaan_faithful", "dvaan_prior", "bayesgan_quantile",
                  "bayesgan_faithful", "bayesgan_prior")


def mixed_samplers(seed, device, quick, compact=False, names=None):
    """Competitors of the ``mixed`` protocol, by name (only ``names`` if given).

    No resampling, a tuned threshold, random over-sampling, SMOTENC, the
    two deep samplers and the peers (:func:`peers`), each told the
    categorical columns by their dtype (``categorical_features="auto"``:
    the pandas ``category`` columns of the loaders; the peers read them
    from the dtypes). SMOTEN, imbalanced-learn's sampler for
    all-categorical data, does not apply: every table has numeric columns
    too. The deep samplers and the peers have the settings of the other
    tabular protocols.
    """
    dvaan, bayes = deep_params(None, seed, device, quick, compact)
    # built on demand: only the chosen ones
    makers = {
        "none": lambda: None,
        "tuned_threshold": lambda: ThresholdTuning(random_state=seed),
        "ros": lambda: RandomOverSampler(random_state=seed),
        "smotenc": lambda: SMOTENC(categorical_features="auto", random_state=seed),
        "dvaan": lambda: DVAANSampler(categorical_features="auto", **dvaan),
        "bayesgan": lambda: BayesGANOversampler(categorical_features="auto", **bayes),
        "dvaan_quantile": lambda: DVAANSampler(categorical_features="auto",
                                               numeric_scaling="quantile", **dvaan),
        "dvaan_faithful": lambda: DVAANSampler(categorical_features="auto",
                                               selection="faithful", **dvaan),
        "dvaan_prior": lambda: DVAANSampler(categorical_features="auto",
                                            sample_from="prior", **dvaan),
        "bayesgan_quantile": lambda: BayesGANOversampler(categorical_features="auto",
                                                         numeric_scaling="quantile", **bayes),
        "bayesgan_faithful": lambda: BayesGANOversampler(categorical_features="auto",
                                                         selection="faithful", **bayes),
        "bayesgan_prior": lambda: BayesGANOversampler(categorical_features="auto",
                                                      sample_from="prior", **bayes),
        **{name: (lambda name=name: peers(seed, device, quick)[name]) for name in PEERS},
    }
    # the ablation rows only when asked for by name
    chosen = names or MIXED_SAMPLERS
    return {name: make() for name, make in makers.items() if name in chosen}


def _categorical_columns(X):
    """The columns of a DataFrame that ``categorical_features="auto"`` takes."""
    return [name for name, column in X.items() if is_categorical(column)]


def mixed_classifiers(seed, quick):
    """Downstream classifiers of the ``mixed`` protocol.

    ``logreg``: logistic regression on one-hot encoded categorical columns
    (categories unseen in training are ignored) and standardized numeric
    ones. ``gboost``: histogram gradient boosting with its native
    categorical splits on the ``category`` columns
    (``categorical_features="from_dtype"``), which needs the samplers to
    return them with that dtype. ``mlp``: the tabular protocols' MLP on the
    columns that logistic regression gets.
    """
    def encode():
        return make_column_transformer(
            (OneHotEncoder(handle_unknown="ignore"), _categorical_columns),
            remainder=StandardScaler())
    return {
        "logreg": make_pipeline(encode(), LogisticRegression(max_iter=1000)),
        "gboost": HistGradientBoostingClassifier(categorical_features="from_dtype",
                                                 random_state=seed,
                                                 max_iter=50 if quick else 100),
        "mlp": make_pipeline(encode(), _mlp(seed)),
    }


def _mlp(seed):
    # L-BFGS, which scikit-learn recommends for small data: in fold 0 of
    # the 20 KEEL sets (seed 0), plain and randomly over-sampled, every
    # fit converged within 1,483 iterations (adam with 1,000 epochs left
    # 6 of those 40 fits unconverged).
    return MLPClassifier(hidden_layer_sizes=(64,), solver="lbfgs", max_iter=3000,
                         random_state=seed)


def tabular_classifiers(seed, quick):
    """Downstream classifiers of the tabular and few-shot protocols.

    Besides logistic regression and gradient boosting, three for which
    balancing is known to matter at the default threshold: an RBF SVM, a
    small MLP and 5-nearest neighbours, each on standardized features.
    """
    return {
        "logreg": make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
        "gboost": HistGradientBoostingClassifier(random_state=seed,
                                                 max_iter=50 if quick else 100),
        # probability=True: Platt scaling on libsvm's internal 5-fold CV (5
        # extra fits, milliseconds on KEEL sizes). Every row is then scored
        # the same way, the class of highest probability, and ROC AUC is
        # unchanged (the sigmoid is monotone in the decision function).
        "svm": make_pipeline(StandardScaler(), SVC(probability=True, random_state=seed)),
        "mlp": make_pipeline(StandardScaler(), _mlp(seed)),
        "knn": make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=5)),
    }


def classifiers(image_shape, seed, device, quick, cifar=False, compact=False):
    """Downstream classifiers, by name.

    ``dvaan_discriminator`` is the DVAAN paper's own classifier (its trained
    discriminator); it runs on the imbalanced data only, never after another
    sampler, so Table 1 can be compared like for like.
    """
    epochs = 2 if quick else (20 if cifar else 10)
    dvaan, _ = deep_params(image_shape, seed, device, quick, compact)
    return {
        "cnn": SmallCNNClassifier(image_shape=image_shape, epochs=epochs, device=device,
                                  random_state=seed),
        "logreg": make_pipeline(MinMaxScaler(), LogisticRegression(max_iter=300 if quick else 1000)),
        "dvaan_discriminator": DVAANClassifier(DVAANSampler(**dvaan)),
    }

