"""Torch plumbing shared by every sampler: devices, threads, seeding, tensors.

Nothing here knows about a particular method. Every function is small and
side-effect free from the caller's point of view: global torch state (RNG,
thread count) is always restored on exit.
"""

import contextlib
import re

import numpy as np
import torch

_DEVICE_PATTERN = re.compile(r"^(auto|cpu|mps|cuda(:\d+)?)$")


def resolve_device(device):
    """Turn the ``device`` parameter into a :class:`torch.device`.

    Parameters
    ----------
    device : str or torch.device
        ``"auto"`` (CUDA when available, else CPU), ``"cpu"``, ``"cuda"``,
        ``"cuda:N"`` or ``"mps"``.

    Returns
    -------
    device : torch.device

    Raises
    ------
    ValueError
        If the string is not a device name, or names a device that this
        machine does not have.
    """
    if isinstance(device, torch.device):
        device = str(device)
    if not isinstance(device, str) or not _DEVICE_PATTERN.match(device):
        raise ValueError(
            f"Unknown device {device!r}: expected 'auto', 'cpu', 'cuda', "
            "'cuda:N' or 'mps'."
        )
    if device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if device.startswith("cuda"):
        if not torch.cuda.is_available():
            raise ValueError(
                f"device={device!r} was requested but CUDA is not available on "
                "this machine (torch.cuda.is_available() is False). Use "
                "device='cpu' or device='auto'."
            )
        index = int(device.split(":")[1]) if ":" in device else 0
        n_gpus = torch.cuda.device_count()
        if index >= n_gpus:
            raise ValueError(
                f"device={device!r} was requested but this machine has only "
                f"{n_gpus} CUDA device(s)."
            )
        return torch.device("cuda", index)
    if device == "mps":
        mps = getattr(torch.backends, "mps", None)
        if mps is None or not mps.is_available():
            raise ValueError(
                "device='mps' was requested but MPS is not available on this machine."
            )
    return torch.device(device)


def usable_device(device):
    """Return ``device`` if this machine has it, else the CPU.

    Used after unpickling: a model trained on a GPU keeps working on a
    machine without one.
    """
    if device is None:
        return torch.device("cpu")
    device = torch.device(device)
    if device.type == "cuda" and (
        not torch.cuda.is_available() or device.index is not None
        and device.index >= torch.cuda.device_count()
    ):
        return torch.device("cpu")
    if device.type == "mps":
        mps = getattr(torch.backends, "mps", None)
        if mps is None or not mps.is_available():
            return torch.device("cpu")
    return device


def seed_from_random_state(random_state):
    """Draw a 63-bit torch seed from a scikit-learn ``random_state``.

    ``None`` gives a fresh seed each call, an int always the same seed and a
    ``RandomState`` instance advances that instance, as in scikit-learn.
    """
    from sklearn.utils import check_random_state

    rng = check_random_state(random_state)
    return int(rng.randint(0, np.iinfo(np.int32).max)) * 2**31 + int(
        rng.randint(0, np.iinfo(np.int32).max)
    )


def make_generator(seed, device):
    """A torch RNG of the fit's own, on ``device``, seeded with ``seed``.

    Every random draw of a fit or a ``generate`` call goes through such a
    generator (``generator=`` of each torch call), never through torch's
    process-wide RNG: two fits running at once in two threads (joblib's
    threading backend) cannot draw from each other's stream, and the rest
    of the program's torch draws are not changed by a fit.
    """
    generator = torch.Generator(device=device)
    generator.manual_seed(int(seed))
    return generator


@contextlib.contextmanager
def torch_context(n_threads=None):
    """Run a block with a chosen number of torch intra-op CPU threads.

    The previous thread count is restored on exit. (Random draws need no
    context: they go through the fit's own generator, see
    :func:`make_generator`.)

    Parameters
    ----------
    n_threads : int or None
        Intra-op CPU threads to use inside the block; None keeps torch's.
    """
    previous_threads = torch.get_num_threads()
    if n_threads is not None and n_threads != previous_threads:
        torch.set_num_threads(int(n_threads))
    try:
        yield
    finally:
        if torch.get_num_threads() != previous_threads:
            torch.set_num_threads(previous_threads)


#: Parameters x batch rows (about the multiply-adds of one forward pass of
#: dense networks) from which a fit on flat data uses all of torch's threads.
PARALLEL_WORK = 100_000_000


def choose_n_threads(n_threads, device, n_parameters, batch_size, pixels=1):
    """Pick the number of CPU threads for a fit.

    Small dense networks spend their time in many small kernels. Alone on
    this project's 2-core CPU, two threads ran the default tabular networks
    about 15% faster than one; but while other processes shared the cores
    (a test run, a second fit, parallel jobs), two threads were 2.5-4x
    *slower* than one, because OpenMP threads wait for each other at every
    kernel and a preempted thread stalls all of them, while one thread lost
    almost nothing. ``n_threads=None`` therefore uses one thread when the
    work of one forward pass is below :data:`PARALLEL_WORK`, and torch's
    thread count above it. The work is estimated as parameters x batch rows,
    times ``pixels / 16`` for convolutional networks (their weights are
    applied at every position of feature maps that shrink layer by layer;
    ``pixels`` is the image's height x width). Torch's count
    follows ``OMP_NUM_THREADS``, which joblib's and Dask's workers set. The
    rule depends on sizes only, never on timings, so a fit is reproducible.
    An int is used as given; ``-1`` means all of torch's threads.
    """
    if device.type != "cpu":
        return None
    if n_threads is None:
        work = n_parameters * batch_size * max(1.0, pixels / 16)
        return None if work >= PARALLEL_WORK else 1
    if n_threads == -1:
        return None
    return int(n_threads)


def count_parameters(*modules):
    """Number of trainable parameters in the given modules."""
    return sum(p.numel() for m in modules for p in m.parameters() if p.requires_grad)


def to_tensor(array, device, dtype=torch.float32):
    """Copy a numpy array to ``device`` once, as ``dtype`` (default float32)."""
    return torch.as_tensor(np.ascontiguousarray(array), dtype=dtype, device=device)


def adam(params, lr, betas=(0.9, 0.999), eps=1e-8):
    """``torch.optim.Adam`` over ``params``: fused where this torch supports it.

    The fused implementation (one kernel for all parameters; CPU support
    from torch 2.4) where the constructor accepts it for these parameters,
    the default implementation otherwise. Both are public torch API and
    compute the same update up to float rounding. Constructing the first
    ``torch.optim`` optimizer of a process imports torch's compiler (dynamo), about
    a second on a small CPU, once per process (the speed benchmark reports
    it apart from warm fits).
    """
    params = [p for p in params if p.requires_grad]
    try:
        return torch.optim.Adam(params, lr=lr, betas=betas, eps=eps, fused=True)
    except (RuntimeError, ValueError, TypeError):
        return torch.optim.Adam(params, lr=lr, betas=betas, eps=eps)


#: Most rows generated per call to the networks; bounds the memory of generation.
GENERATION_CHUNK = 8192

#: Most values (rows x features) in one chunk of generation or inference, so
#: that large images are generated in proportionally fewer rows at a time.
CHUNK_VALUES = 2**21


def chunk_rows(n_features):
    """Rows per chunk for data of ``n_features`` values per row."""
    return max(1, min(GENERATION_CHUNK, CHUNK_VALUES // max(1, n_features)))
