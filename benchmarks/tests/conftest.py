"""Tiny, fast configurations of the samplers for the research benchmarks' tests."""

from imblearn_deep import BayesGANOversampler, DVAANSampler

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


def make_tiny(cls, **params):
    """A tiny, fast instance of ``cls`` with ``params`` on top."""
    return cls(**{**TINY[cls], **params})
