"""Shared fixtures: tiny, fast configurations of every sampler.

Every drop-in test is parametrized over ``SAMPLERS``; a new sampler joins the
whole suite by adding its tiny configuration here.
"""

import os
import pathlib

import numpy as np
import pytest
from sklearn.datasets import load_digits, make_classification

from imblearn_deep import BayesGANOversampler, DVAANSampler, datasets

#: Tiny networks and few epochs: each fit takes well under a second.
TINY = {
    DVAANSampler: dict(
        latent_dim=4, hidden_dims=(16,), conv_channels=(4, 8), kernel_sizes=(3, 3),
        max_epochs=2, batch_size=32, device="cpu",
    ),
    BayesGANOversampler: dict(
        n_codes=2, noise_dim=4, hidden_dims=(16,), conv_channels=(4, 8), kernel_sizes=(3, 3),
        max_epochs=2, batch_size=32, device="cpu", inversion_steps=20,
    ),
}

SAMPLERS = list(TINY)


ROOT = pathlib.Path(__file__).resolve().parents[1]


def _real_data_home():
    for candidate in (os.environ.get(datasets.ENV_VAR), ROOT.parent / "shared" / "data"):
        if candidate and (pathlib.Path(candidate) / "mnist").is_dir():
            return pathlib.Path(candidate)
    return None


#: The folder holding the benchmark data (mnist/, ...), or None when absent.
REAL = _real_data_home()
needs_data = pytest.mark.skipif(
    REAL is None,
    reason=f"benchmark data not found: set {datasets.ENV_VAR} to the folder holding mnist/, "
    "fashion-mnist/ and cifar10-catdog/",
)


def make_tiny(cls, **params):
    """A tiny, fast instance of ``cls`` with ``params`` on top."""
    return cls(**{**TINY[cls], **params})


@pytest.fixture(params=SAMPLERS, ids=lambda c: c.__name__)
def sampler_cls(request):
    return request.param


@pytest.fixture
def binary_data():
    X, y = make_classification(
        n_samples=300, n_features=6, n_informative=4, weights=[0.85],
        random_state=0,
    )
    return X, y


@pytest.fixture
def multiclass_data():
    X, y = make_classification(
        n_samples=400, n_features=6, n_informative=4, n_classes=3,
        weights=[0.6, 0.3, 0.1], random_state=0,
    )
    return X, y


@pytest.fixture(scope="session")
def digits_images():
    """8x8 digits 0 (majority) vs 1 (minority, 1:5): tiny images."""
    X, y = load_digits(return_X_y=True)
    keep = (y == 0) | (y == 1)
    X, y = X[keep], y[keep]
    rng = np.random.RandomState(0)
    minority = np.flatnonzero(y == 1)
    drop = rng.choice(minority, size=len(minority) - 36, replace=False)
    mask = np.ones(len(y), dtype=bool)
    mask[drop] = False
    return X[mask], y[mask]
