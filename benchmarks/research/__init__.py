"""Studies of the deep samplers' choices, on their public parameters only.

``ablation`` (generation options and trainings on the KEEL tables),
``diffaugment`` (differentiable augmentation on few-shot digits),
``comparison_2d`` (imbalanced-learn's 2-D example) and ``decoded_steps``
(how far DVAAN's latent interpolation moves rows); :mod:`.configurations`
names the configurations that the ablation and the speed lab share, and
:mod:`.baselines` a simple competitor of the ablation.
"""
