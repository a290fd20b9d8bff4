"""Named configurations of the deep samplers for the research benchmarks.

:data:`CONFIGURATIONS` names every configuration that the tabular ablation
(its trainings) and the speed lab (its methods) take: a class, extra public
parameters and, for the step-count rows, the optimizer steps to train.
A step-count row is a parameter setting: :func:`make` gives the sampler an
explicit ``max_epochs`` for the training rows it will see
(:func:`imblearn_deep.benchmarks._competitors.epochs_for_steps`, the rule
of ``max_epochs="auto"``), never a subclass.

The variants that flipped internal switches of the samplers (BayesGAN's
generator update in two backward passes, the discriminator step in two
passes, an exponential moving average of the weights, DVAAN's weighted
reconstruction term, the categorical argmax / softmax / straight-through
choices) were retired with those switches; their results stay under
``benchmarks/results`` as history.
"""

from imblearn_deep import BayesGANOversampler, DVAANSampler
from imblearn_deep.benchmarks._competitors import epochs_for_steps

#: Named configurations: name -> (class, extra parameters, steps or None).
#: ``steps``: the optimizer steps of the fit on flat rows, turned into
#: ``max_epochs`` by :func:`make`; None keeps ``max_epochs="auto"``. The
#: ablation's trainings are those without a generation option
#: (:data:`GENERATION_PARAMS`; it applies every option to each trained
#: model itself), the speed lab's methods all of them.
CONFIGURATIONS = {
    "dvaan": (DVAANSampler, {}, None),
    "bayesgan": (BayesGANOversampler, {}, None),
    "dvaan_relative_mu": (DVAANSampler, dict(mu_losses="relative"), None),
    # the steps of the fit on flat rows (max_epochs="auto" plans 1,000 there)
    "dvaan_50_steps": (DVAANSampler, {}, 50),
    "dvaan_100_steps": (DVAANSampler, {}, 100),
    "dvaan_200_steps": (DVAANSampler, {}, 200),
    "dvaan_1000_steps": (DVAANSampler, {}, 1000),
    "bayesgan_100_steps": (BayesGANOversampler, {}, 100),
    "bayesgan_200_steps": (BayesGANOversampler, {}, 200),
    "bayesgan_400_steps": (BayesGANOversampler, {}, 400),
    "bayesgan_1000_steps": (BayesGANOversampler, {}, 1000),
    # BayesGAN's inversion steps behind interpolation, and its regularizer weight
    "bayesgan_inversion_100": (BayesGANOversampler, dict(inversion_steps=100), None),
    "bayesgan_inversion_200": (BayesGANOversampler, dict(inversion_steps=200), None),
    "bayesgan_regularizer_0.1": (BayesGANOversampler, dict(regularizer_weight=0.1), None),
    "bayesgan_regularizer_0": (BayesGANOversampler, dict(regularizer_weight=0.0), None),
    "bayesgan_regularizer_1": (BayesGANOversampler, dict(regularizer_weight=1.0), None),
    # the widths of hidden_dims="auto" on flat rows: DVAAN's narrower than
    # its 128, BayesGAN's former 128 (64 since the ablation hidden64_seeds012)
    "dvaan_hidden_64": (DVAANSampler, dict(hidden_dims=(64, 64)), None),
    "bayesgan_hidden_128": (BayesGANOversampler, dict(hidden_dims=(128, 128)), None),
    # the MLP's setting of the decision table, trained the former 400 steps
    "bayesgan_hidden_128_400_steps": (BayesGANOversampler, dict(hidden_dims=(128, 128)), 400),
    # generation options of issue 13 on the default training (timed by the
    # speed lab; the ablation applies them to every training)
    "dvaan_interpolate": (DVAANSampler, dict(sample_from="interpolate"), None),
    "dvaan_faithful": (DVAANSampler, dict(selection="faithful"), None),
    "bayesgan_faithful": (BayesGANOversampler, dict(selection="faithful"), None),
    "bayesgan_prior": (BayesGANOversampler, dict(sample_from="prior"), None),
}

#: Parameters of a generation option, not of the training.
GENERATION_PARAMS = frozenset({"sample_from", "selection"})


def make(name, n_rows=None, **params):
    """The sampler of configuration ``name``, with ``params`` on top.

    Parameters
    ----------
    name : str
        A key of :data:`CONFIGURATIONS`.
    n_rows : int, optional
        Training rows of the coming fit; needed by the step-count rows,
        whose ``max_epochs`` is set for them (unless ``params`` sets
        ``max_epochs`` itself).
    **params
        Further parameters of the sampler (``random_state``, ``device``, ...).

    Returns
    -------
    sampler : DVAANSampler or BayesGANOversampler
        An unfitted sampler.
    """
    cls, extra, steps = CONFIGURATIONS[name]
    sampler = cls(**{**extra, **params})
    if steps is not None and "max_epochs" not in params:
        if n_rows is None:
            raise ValueError(f"Configuration {name!r} trains {steps} steps: give n_rows, "
                             "the training rows of the fit.")
        sampler.set_params(max_epochs=epochs_for_steps(
            steps, n_rows, sampler.get_params()["batch_size"]))
    return sampler
