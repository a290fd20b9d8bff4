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


#: The arguments, in order, with which :class:`FusedAdam` calls torch's
#: private ``_fused_adam_`` kernel (its schema in torch 2.1 to 2.13).
_FUSED_ADAM_SCHEMA = (
    "self", "grads", "exp_avgs", "exp_avg_sqs", "max_exp_avg_sqs", "state_steps", "lr",
    "beta1", "beta2", "weight_decay", "eps", "amsgrad", "maximize", "grad_scale", "found_inf",
)

#: Whether :class:`FusedAdam` may call the private kernel at all. Set to
#: False (tests do) to train through ``torch.optim.Adam`` only.
USE_PRIVATE_KERNEL = True


def private_fused_adam_available():
    """Whether torch's private ``_fused_adam_`` kernel has the schema FusedAdam calls.

    The kernel is private API: it is used only where its argument names are
    exactly those :class:`FusedAdam` passes, so a torch release that changes
    it falls back to the public ``torch.optim.Adam`` instead of failing or,
    worse, passing arguments in the wrong place.
    """
    if not USE_PRIVATE_KERNEL or not hasattr(torch, "_fused_adam_"):
        return False
    try:
        schema = torch.ops.aten._fused_adam_.default._schema
    except (AttributeError, RuntimeError):
        return False
    return tuple(arg.name for arg in schema.arguments) == _FUSED_ADAM_SCHEMA


def public_adam(params, lr, betas, eps, fused=True):
    """``torch.optim.Adam``, fused where asked and this torch supports it for the parameters."""
    if fused:
        try:
            return torch.optim.Adam(params, lr=lr, betas=betas, eps=eps, fused=True)
        except (RuntimeError, ValueError, TypeError):
            pass
    return torch.optim.Adam(params, lr=lr, betas=betas, eps=eps)


class FusedAdam:
    """Adam through torch's fused kernel, without ``torch.optim``.

    The update is exactly that of ``torch.optim.Adam(fused=True)`` (same
    state, same kernel call). It exists because constructing any
    ``torch.optim`` optimizer imports ``torch._dynamo`` the first time in a
    process, which takes 1-3 s on a small CPU: a fifth of a default tabular
    fit, paid again in every joblib or Dask worker.

    The kernel is private torch API, so it is called only where
    :func:`private_fused_adam_available` finds the exact schema this class
    was written for. Everywhere else, and where the kernel refuses the
    parameters (an older torch, an unsupported device or dtype) on the first
    ``step``, the public ``torch.optim.Adam`` (fused where available) takes
    over for good. Both paths are tested: the test suite also trains every
    sampler with the private path switched off and checks that the rows are
    identical.

    Only what the samplers use: one parameter group, no weight decay, and
    parameters whose ``grad`` is None are skipped (as torch.optim does).
    """

    def __init__(self, params, lr, betas=(0.9, 0.999), eps=1e-8):
        self.params = [p for p in params if p.requires_grad]
        self.lr, self.betas, self.eps = float(lr), tuple(betas), float(eps)
        self._fallback = None
        self._state = {}
        if not private_fused_adam_available() or len(
            {(p.device, p.dtype) for p in self.params}
        ) > 1:
            self._fallback = public_adam(self.params, self.lr, self.betas, self.eps)

    @property
    def uses_private_kernel(self):
        """True while updates go through the private kernel."""
        return self._fallback is None

    def zero_grad(self, set_to_none=True):
        if self._fallback is not None:
            return self._fallback.zero_grad(set_to_none=set_to_none)
        for p in self.params:
            if set_to_none:
                p.grad = None
            elif p.grad is not None:
                p.grad.zero_()

    @torch.no_grad()
    def step(self):
        if self._fallback is not None:
            return self._fallback.step()
        params = [p for p in self.params if p.grad is not None]
        if not params:
            return
        for p in params:
            if p not in self._state:
                self._state[p] = (
                    torch.zeros_like(p, memory_format=torch.preserve_format),
                    torch.zeros_like(p, memory_format=torch.preserve_format),
                    torch.zeros((), dtype=torch.float32, device=p.device),
                )
        exp_avgs, exp_avg_sqs, steps = (list(t) for t in zip(*(self._state[p] for p in params)))
        try:
            torch._foreach_add_(steps, 1)
            torch._fused_adam_(
                params, [p.grad for p in params], exp_avgs, exp_avg_sqs, [], steps,
                amsgrad=False, lr=self.lr, beta1=self.betas[0], beta2=self.betas[1],
                weight_decay=0.0, eps=self.eps, maximize=False, grad_scale=None,
                found_inf=None,
            )
        except (RuntimeError, TypeError, NotImplementedError):
            if any(int(s) > 1 for s in steps):
                raise
            # first step: nothing updated yet, so torch.optim takes over
            # cleanly, unfused since the fused kernel just refused
            self._state.clear()
            self._fallback = public_adam(self.params, self.lr, self.betas, self.eps,
                                         fused=False)
            self._fallback.step()


class WeightAverage:
    """An exponential moving average of some modules' parameters.

    ``update()`` after every optimisation step moves each average towards
    the current parameters by ``1 - decay_t``, with ``decay_t = min(decay,
    1 - 1 / t)`` at the ``t``-th update: the plain mean of all steps so far
    until ``t`` reaches ``1 / (1 - decay)``, then an exponential average
    with horizon about ``1 / (1 - decay)`` steps, so that the random
    initial weights never weigh in. ``apply()`` copies the averages into the
    modules' parameters; buffers (batch-norm statistics, themselves running
    averages) are left as training left them.
    """

    def __init__(self, modules, decay):
        self.params = [p for m in modules for p in m.parameters()]
        self.average = [p.detach().clone() for p in self.params]
        self.decay = float(decay)
        self.t = 0

    @torch.no_grad()
    def update(self):
        self.t += 1
        weight = 1.0 - min(self.decay, 1.0 - 1.0 / self.t)
        torch._foreach_lerp_(self.average, [p.detach() for p in self.params], weight)

    @torch.no_grad()
    def apply(self):
        for p, a in zip(self.params, self.average):
            p.copy_(a)
