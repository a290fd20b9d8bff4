"""Torch plumbing shared by every sampler: devices, threads, seeding, tensors.

Nothing here knows about a particular method. Every function is small and
side-effect free from the caller's point of view: global torch state (RNG,
thread count) is always restored on exit.
"""

import contextlib
import re
import threading

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


#: The thread count found by the first :func:`torch_context` of those open
#: at once (in any thread), how many are open, and each thread's depth.
_OPEN = {"count": 0, "threads": None}
_OPEN_LOCK = threading.Lock()
_DEPTH = threading.local()


@contextlib.contextmanager
def torch_context(n_threads=None):
    """Run a block with a chosen number of torch intra-op CPU threads.

    On exit the thread that ran the block is set back to the count that the
    first of the blocks open at once found. Torch keeps the count per
    thread, but a thread's first call reads the count that the latest
    ``torch.set_num_threads`` anywhere left: restoring what each block
    found would let a worker thread that started while another block was
    open keep that block's count for good. Random draws need no context:
    they go through the fit's own generator (:func:`make_generator`).

    Parameters
    ----------
    n_threads : int or None
        Intra-op CPU threads to use inside the block; None keeps torch's.
    """
    with _OPEN_LOCK:
        if _OPEN["count"] == 0:
            _OPEN["threads"] = torch.get_num_threads()
        _OPEN["count"] += 1
        original = _OPEN["threads"]
    _DEPTH.value = getattr(_DEPTH, "value", 0) + 1
    if n_threads is not None and n_threads != torch.get_num_threads():
        torch.set_num_threads(int(n_threads))
    try:
        yield
    finally:
        _DEPTH.value -= 1
        with _OPEN_LOCK:
            _OPEN["count"] -= 1
            if _DEPTH.value == 0 and torch.get_num_threads() != original:
                torch.set_num_threads(original)


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


class Adam:
    """Adam over a list of parameters, written with public tensor operations.

    The update of ``torch.optim.Adam`` (no weight decay, no AMSGrad): the
    same operations as its single-tensor implementation, with the same
    results up to float rounding; a parameter whose ``grad`` is None is
    skipped and keeps its step count, as there. It exists because the
    first ``torch.optim`` optimizer of a process imports torch's compiler
    (dynamo) to construct and step: about a second on a small CPU, paid
    again in every joblib or Dask worker (``python -m
    benchmarks.before_after`` times cold and warm fits).

    Speed: small networks have many small tensors, and an update per tensor
    costs Python overhead that can exceed the arithmetic. So on its first
    step the optimizer moves the parameters that received a gradient (when
    they are contiguous and share a device and dtype) into one flat buffer,
    each parameter a view of it, and from then on updates them all with a
    handful of operations on the buffer. Should a later step bring another
    set of gradients, it goes on per parameter, from the same state.
    """

    def __init__(self, params, lr, betas=(0.9, 0.999), eps=1e-8):
        params = [p for p in params if p.requires_grad]
        self.param_groups = [{"params": params, "lr": float(lr), "betas": tuple(betas),
                              "eps": float(eps)}]
        self.state = {}
        self._flat = None  # the flat buffers while the set of gradients stays the same

    def zero_grad(self, set_to_none=True):
        for p in self.param_groups[0]["params"]:
            if set_to_none:
                p.grad = None
            elif p.grad is not None:
                p.grad.zero_()

    def _flatten(self, params):
        """Make ``params`` views of one buffer, with flat moment buffers.

        Each view starts on a 64-byte boundary (the buffer's own alignment),
        as a tensor of its own would: the linear-algebra kernels run slower
        on weights that do not.
        """
        first = params[0]
        if not all(p.is_contiguous() and p.dtype == first.dtype and p.device == first.device
                   for p in params):
            return None
        align = max(1, 64 // first.element_size())
        sizes = [p.numel() for p in params]
        starts, gaps, offset = [], [], 0
        for size in sizes:
            starts.append(offset)
            end = offset + size
            offset = -(-end // align) * align
            gaps.append(offset - end)
        data = torch.zeros(offset, dtype=first.dtype, device=first.device)
        exp_avg, exp_avg_sq = torch.zeros_like(data), torch.zeros_like(data)
        for p, start, size in zip(params, starts, sizes):
            view = data[start:start + size].view_as(p)
            view.copy_(p.detach())
            p.data = view
            self.state[p] = {"step": 0.0,
                             "exp_avg": exp_avg[start:start + size].view_as(p),
                             "exp_avg_sq": exp_avg_sq[start:start + size].view_as(p)}
        # the gradients are laid out like the buffer: zeros fill the gaps
        zeros = torch.zeros(max(gaps, default=0), dtype=first.dtype, device=first.device)
        gap_of = {id(p): zeros[:gap] for p, gap in zip(params, gaps)}
        group = self.param_groups[0]["params"]
        return {"params": params, "data": data, "exp_avg": exp_avg, "exp_avg_sq": exp_avg_sq,
                "step": 0.0, "active": [id(p) in gap_of for p in group],
                "gaps": [gap_of.get(id(p)) for p in group]}

    @torch.no_grad()
    def step(self):
        group = self.param_groups[0]
        lr, (beta1, beta2), eps = group["lr"], group["betas"], group["eps"]
        grads = [p.grad for p in group["params"]]
        flat = self._flat
        if flat is None and not self.state:  # the first step
            params = [p for p, g in zip(group["params"], grads) if g is not None]
            if not params:
                return
            flat = self._flat = self._flatten(params)
        if flat is not None:
            if all((g is not None) == active for g, active in zip(grads, flat["active"])):
                flat["step"] += 1.0
                self._update(flat["data"], torch.cat([t for g, gap in zip(grads, flat["gaps"])
                                                      if g is not None
                                                      for t in (g.reshape(-1), gap)]),
                             flat["exp_avg"], flat["exp_avg_sq"], flat["step"],
                             lr, beta1, beta2, eps)
                return
            # another set of gradients: per parameter from now on
            for p in flat["params"]:
                self.state[p]["step"] = flat["step"]
            self._flat = None
        for p, grad in zip(group["params"], grads):
            if grad is None:
                continue
            state = self.state.get(p)
            if state is None:
                state = self.state[p] = {
                    "step": 0.0,
                    "exp_avg": torch.zeros_like(p, memory_format=torch.preserve_format),
                    "exp_avg_sq": torch.zeros_like(p, memory_format=torch.preserve_format)}
            state["step"] += 1.0
            self._update(p, grad, state["exp_avg"], state["exp_avg_sq"], state["step"],
                         lr, beta1, beta2, eps)

    @staticmethod
    def _update(param, grad, exp_avg, exp_avg_sq, step, lr, beta1, beta2, eps):
        exp_avg.lerp_(grad, 1 - beta1)
        exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
        bias_correction1 = 1 - beta1 ** step
        bias_correction2 = 1 - beta2 ** step
        step_size = lr / bias_correction1
        denom = (exp_avg_sq.sqrt() / bias_correction2 ** 0.5).add_(eps)
        param.addcdiv_(exp_avg, denom, value=-step_size)


def adam(params, lr, betas=(0.9, 0.999), eps=1e-8):
    """:class:`Adam` over the trainable tensors among ``params``."""
    return Adam(params, lr=lr, betas=betas, eps=eps)


#: Most rows generated per call to the networks; bounds the memory of generation.
GENERATION_CHUNK = 8192

#: Most values (rows x features) in one chunk of generation or inference, so
#: that large images are generated in proportionally fewer rows at a time.
CHUNK_VALUES = 2**21


def chunk_rows(n_features):
    """Rows per chunk for data of ``n_features`` values per row."""
    return max(1, min(GENERATION_CHUNK, CHUNK_VALUES // max(1, n_features)))
