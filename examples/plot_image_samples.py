"""
=====================================================
Generated digits per class, next to SMOTE's
=====================================================

SMOTE makes a new image by blending two images of the same class pixel by
pixel; a deep over-sampler uses a generative model of the class: BayesGAN
draws the image from its generator here (``sample_from="prior"``), DVAAN
(by default) moves a real image by the step its decoder makes towards a
neighbour in its latent space.
This example fits both on a long-tailed subset of MNIST and shows, class by
class, real images and the new images of each method with
:func:`~imblearn_deep.plotting.plot_image_grid`.

MNIST is read with :func:`~imblearn_deep.datasets.load_mnist` from
``$IMBLEARN_DEEP_DATA`` (or ``~/imblearn_deep_data``); without the files the
example falls back to scikit-learn's embedded 8x8 digits, about 180 images
per class, and scales the long tail down to fit (the same 20:1 shape, 178
down to 10 images), so the documentation builds anywhere. It uses flat
(MLP) networks and 100 epochs: seconds with the digits, and with MNIST
too on a 2-core CPU (fits of 9.6 s for DVAAN and 5.5 s for BayesGAN,
measured on 2 December 2026). These samples show
the character of each method, not its best: convolutional networks
(``image_shape=(28, 28)``) trained longer on a GPU are the setting for real
image work.
"""

# %%
# A long tail over digits 0-3: 600, 200, 60 and 30 images of MNIST. The
# embedded digits hold about 180 images per class, so there the counts are
# scaled down to what the data hold, keeping their shape (and at least 10
# images a class, below which the deep samplers warn that a class is too
# small to learn from).
import time

import matplotlib.pyplot as plt
from imblearn.over_sampling import SMOTE
from sklearn.datasets import load_digits

from imblearn_deep import BayesGANOversampler, DVAANSampler
from imblearn_deep.datasets import load_mnist, make_long_tail
from imblearn_deep.plotting import plot_image_grid

try:
    X, y = load_mnist(subset="test")
    image_shape = (28, 28)
except FileNotFoundError as missing:
    print(f"MNIST not found ({missing}); using scikit-learn's 8x8 digits.")
    X, y = load_digits(return_X_y=True)
    image_shape = (8, 8)
counts = {0: 600, 1: 200, 2: 60, 3: 30}
available = {label: int((y == label).sum()) for label in counts}
scale = min(1.0, min(available[label] / n for label, n in counts.items()))
counts = {label: max(10, int(n * scale)) for label, n in counts.items()}
X, y = make_long_tail(X, y, class_counts=counts, random_state=0)
print(f"{X.shape[0]} images of {image_shape}, class counts {counts}")

# %%
# Every sampler brings the three minority classes up to the largest one.
# These images are flat rows (no ``image_shape``), on which BayesGAN would
# interpolate by default, like DVAAN; ``sample_from="prior"`` shows what its
# generator draws.
samplers = {
    "SMOTE": SMOTE(random_state=0),
    "DVAANSampler": DVAANSampler(hidden_dims=(256, 256), max_epochs=100, random_state=0),
    "BayesGANOversampler": BayesGANOversampler(
        hidden_dims=(256, 256), max_epochs=100, sample_from="prior", random_state=0
    ),
}
new_rows = {}
for name, sampler in samplers.items():
    start = time.perf_counter()
    X_res, y_res = sampler.fit_resample(X, y)
    print(f"{name:>19}: {len(y_res) - len(y)} new images in "
          f"{time.perf_counter() - start:.1f}s")
    # the synthetic rows follow the original ones
    new_rows[name] = (X_res[len(y):], y_res[len(y):])

# %%
# Real images on the left, then eight new images per minority class from
# each method (MNIST when its files are there, else the 8x8 digits). SMOTE's
# blends are sharp but show ghosting where two different strokes overlap;
# DVAAN's images keep the strokes of the real digit they start from, changed
# a little by the decoded step (drawn from its prior instead,
# ``sample_from="prior"``, they are the smooth, blurrier digits of a VAE
# decoder); the conditional GAN of BayesGAN gives crisper strokes
# with a grainy background, and its images of one class can look alike
# (little diversity), a GAN failure mode worth checking for on your data.
fig, axes = plt.subplots(1, 4, figsize=(15, 2.8), constrained_layout=True)
plot_image_grid(X, y, image_shape=image_shape, ax=axes[0])
axes[0].set_title("real")
for ax, (name, (X_new, y_new)) in zip(axes[1:], new_rows.items()):
    plot_image_grid(X_new, y_new, image_shape=image_shape, ax=ax)
    ax.set_title(name)
