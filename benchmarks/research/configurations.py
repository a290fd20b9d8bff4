"""The deep samplers with another internal choice.

Ablation rows of the benchmarks: for the ``mixed`` protocol, how the
generator's categorical outputs are trained and how a generated row's
category is picked (see :class:`imblearn_deep._networks.MixedOutput` and
:func:`imblearn_deep._tabular.harden`); for the image protocols on a CPU,
the full 1,000-step schedule without the CPU's compute budget of
``max_epochs="auto"``; for the tabular ablation, the steps that
``max_epochs="auto"`` plans on flat rows; for the speed benchmark and the
tabular ablation, BayesGAN's generator update in one backward pass per loss
term, as before it went through the generator once, and the discriminator
step in one forward pass per batch, as before a real and a generated batch
of flat rows went through together; for the tabular ablation, an
exponential moving average of the generating networks' weights, and
DVAAN's reconstruction term weighted 10 or 50 times (a decoder variance
of 1/10 or 1/50 instead of the paper's 1). These
choices are internal, not parameters, so each variant is a subclass that
sets a class attribute (``BayesGANTwoPasses`` two); everything else,
parameters included, is the sampler's own.

:data:`CONFIGURATIONS` names every configuration that the tabular ablation
(its trainings) and the speed benchmark (its methods) take: a class and
extra parameters, in one registry for both.
"""

from imblearn_deep import BayesGANOversampler, DVAANSampler


class DVAANArgmax(DVAANSampler):
    """DVAANSampler taking the most probable category instead of drawing it."""

    _category_pick = "argmax"


class DVAANSoftmax(DVAANSampler):
    """DVAANSampler trained on the plain softmax (no Gumbel noise)."""

    _category_training = "softmax"


class DVAANStraightThrough(DVAANSampler):
    """DVAANSampler trained with straight-through one-hot Gumbel draws."""

    _category_training = "straight-through"


class BayesGANArgmax(BayesGANOversampler):
    """BayesGANOversampler taking the most probable category instead of drawing it."""

    _category_pick = "argmax"


class BayesGANSoftmax(BayesGANOversampler):
    """BayesGANOversampler trained on the plain softmax (no Gumbel noise)."""

    _category_training = "softmax"


class BayesGANStraightThrough(BayesGANOversampler):
    """BayesGANOversampler trained with straight-through one-hot Gumbel draws."""

    _category_training = "straight-through"


class DVAANFullSteps(DVAANSampler):
    """DVAANSampler whose ``max_epochs="auto"`` ignores the CPU's compute budget."""

    _cpu_flop_budget = None


class BayesGANFullSteps(BayesGANOversampler):
    """BayesGANOversampler whose ``max_epochs="auto"`` ignores the CPU's compute budget."""

    _cpu_flop_budget = None


class DVAANFlatSteps100(DVAANSampler):
    """DVAANSampler whose ``max_epochs="auto"`` plans 100 steps on flat rows."""

    _auto_steps_flat = 100


class DVAANFlatSteps200(DVAANSampler):
    """DVAANSampler whose ``max_epochs="auto"`` plans 200 steps on flat rows."""

    _auto_steps_flat = 200


class BayesGANFlatSteps200(BayesGANOversampler):
    """BayesGANOversampler whose ``max_epochs="auto"`` plans 200 steps on flat rows."""

    _auto_steps_flat = 200


class BayesGANFlatSteps400(BayesGANOversampler):
    """BayesGANOversampler whose ``max_epochs="auto"`` plans 400 steps on flat rows."""

    _auto_steps_flat = 400


class DVAANFlatSteps1000(DVAANSampler):
    """DVAANSampler whose ``max_epochs="auto"`` plans 1,000 steps on flat rows."""

    _auto_steps_flat = 1000


class BayesGANFlatSteps1000(BayesGANOversampler):
    """BayesGANOversampler whose ``max_epochs="auto"`` plans 1,000 steps on flat rows."""

    _auto_steps_flat = 1000


class BayesGANTwoPasses(BayesGANOversampler):
    """BayesGANOversampler whose generator update runs one backward pass through
    the generator per loss term (two), as before it was routed through the
    generated rows once: the same gradients up to rounding, more time. Its
    discriminator step takes the real and the generated batch in two passes,
    as before 71553ef, so that it trains as the former default did."""

    _one_generator_pass = False
    _one_discriminator_pass = False


class BayesGANTwoDiscriminatorPasses(BayesGANOversampler):
    """BayesGANOversampler whose discriminator step sends the real and the
    generated batch through the discriminator one after the other, as before
    flat rows went through it together: the same outputs up to rounding."""

    _one_discriminator_pass = False


class DVAANTwoDiscriminatorPasses(DVAANSampler):
    """DVAANSampler whose discriminator step sends the real and the generated
    batch through the discriminator one after the other, as before flat rows
    went through it together: the same outputs up to rounding."""

    _one_discriminator_pass = False


class DVAANAverage99(DVAANSampler):
    """DVAANSampler whose encoder and decoder end with an exponential moving
    average of their weights (decay 0.99, about the last 100 steps)."""

    _average_decay = 0.99


class BayesGANAverage99(BayesGANOversampler):
    """BayesGANOversampler whose generator ends with an exponential moving
    average of its weights (decay 0.99, about the last 100 steps)."""

    _average_decay = 0.99


class DVAANReconstruction10(DVAANSampler):
    """DVAANSampler with its reconstruction term weighted 10 times."""

    _reconstruction_weight = 10.0


class DVAANReconstruction50(DVAANSampler):
    """DVAANSampler with its reconstruction term weighted 50 times."""

    _reconstruction_weight = 50.0


#: Named configurations of the deep samplers: name -> (class, extra
#: parameters). The ablation's trainings are those without a generation
#: option (:data:`GENERATION_PARAMS`; it applies every option to each
#: trained model itself), the speed benchmark's methods all of them.
CONFIGURATIONS = {
    "dvaan": (DVAANSampler, {}),
    "bayesgan": (BayesGANOversampler, {}),
    "dvaan_relative_mu": (DVAANSampler, dict(mu_losses="relative")),
    # the steps max_epochs="auto" plans on flat rows
    "dvaan_100_steps": (DVAANFlatSteps100, {}),
    "dvaan_200_steps": (DVAANFlatSteps200, {}),
    "dvaan_1000_steps": (DVAANFlatSteps1000, {}),
    "bayesgan_200_steps": (BayesGANFlatSteps200, {}),
    "bayesgan_400_steps": (BayesGANFlatSteps400, {}),
    "bayesgan_1000_steps": (BayesGANFlatSteps1000, {}),
    # BayesGAN's inversion steps behind interpolation, and its regularizer weight
    "bayesgan_inversion_100": (BayesGANOversampler, dict(inversion_steps=100)),
    "bayesgan_inversion_200": (BayesGANOversampler, dict(inversion_steps=200)),
    "bayesgan_regularizer_0.1": (BayesGANOversampler, dict(regularizer_weight=0.1)),
    "bayesgan_regularizer_0": (BayesGANOversampler, dict(regularizer_weight=0.0)),
    "bayesgan_regularizer_1": (BayesGANOversampler, dict(regularizer_weight=1.0)),
    # BayesGAN's generator update in one backward pass per loss term (and
    # the discriminator step in one pass per batch), as before 6c120af
    "bayesgan_two_passes": (BayesGANTwoPasses, {}),
    # the discriminator step before real and generated flat rows shared a pass
    "dvaan_two_d_passes": (DVAANTwoDiscriminatorPasses, {}),
    "bayesgan_two_d_passes": (BayesGANTwoDiscriminatorPasses, {}),
    # an exponential moving average of the generating networks' weights
    "dvaan_average_0.99": (DVAANAverage99, {}),
    "bayesgan_average_0.99": (BayesGANAverage99, {}),
    # DVAAN's reconstruction term weighted: longer decoded steps
    "dvaan_reconstruction_10": (DVAANReconstruction10, {}),
    "dvaan_reconstruction_50": (DVAANReconstruction50, {}),
    # the widths of hidden_dims="auto" on flat rows: DVAAN's narrower than
    # its 128, BayesGAN's former 128 (64 since the ablation hidden64_seeds012)
    "dvaan_hidden_64": (DVAANSampler, dict(hidden_dims=(64, 64))),
    "bayesgan_hidden_128": (BayesGANOversampler, dict(hidden_dims=(128, 128))),
    # generation options of issue 13 on the default training (timed by the
    # speed benchmark; the ablation applies them to every training)
    "dvaan_interpolate": (DVAANSampler, dict(sample_from="interpolate")),
    "dvaan_faithful": (DVAANSampler, dict(selection="faithful")),
    "bayesgan_faithful": (BayesGANOversampler, dict(selection="faithful")),
    "bayesgan_prior": (BayesGANOversampler, dict(sample_from="prior")),
}

#: Parameters of a generation option, not of the training.
GENERATION_PARAMS = frozenset({"sample_from", "selection"})
