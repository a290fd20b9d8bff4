"""The training plan and loop of the deep samplers.

- :func:`plan_epochs`: how many epochs ``max_epochs`` means for a fit
  (``"auto"``: a step budget, bounded by a compute budget on a CPU).
- :class:`Reporter`: the side jobs of the loop (history, progress bar,
  printing), as skorch hands them to callbacks.
- :func:`train`: the loop itself. It drives epochs and mini-batches and
  calls the method's hooks (``_train_step``, ``_end_epoch``); it knows
  nothing of a particular method.
"""

import contextlib
import math
import sys
import time
from dataclasses import dataclass

import torch

from ._torch import count_parameters

#: Gradient steps that ``max_epochs="auto"`` aims for on images, and the
#: bounds on the epochs there.
AUTO_STEPS_IMAGES = 1000
AUTO_EPOCH_BOUNDS = (5, 300)

#: On flat rows ``max_epochs="auto"`` aims for ``FLAT_EPOCHS`` passes over
#: the training rows, within the sampler's fewest and most steps, so that
#: the cost follows the data: a small table gets the fewest steps, a large
#: one the most, and one larger still at least one epoch
#: (``FLAT_EPOCH_BOUNDS``).
FLAT_EPOCHS = 5
FLAT_EPOCH_BOUNDS = (1, 300)

#: On a CPU, ``max_epochs="auto"`` keeps the training's floating-point
#: operations (counted on the first step) within this budget, with at
#: least ``MIN_BUDGET_STEPS`` steps.
CPU_FLOP_BUDGET = 2.5e12
MIN_BUDGET_STEPS = 250

#: A flat-row training step costs at most this many floating-point
#: operations per network parameter and batch row (twice the 13-16 counted
#: for both samplers on 2 to 2,000 columns). A flat fit that this bound
#: keeps within the budget is not counted: counting loads torch's dispatch
#: machinery, about 2 s the first time in a process.
FLAT_FLOPS_PER_PARAMETER_ROW = 32


def diverged(what, name, learning_rate):
    """The error of a fit whose losses or rows stopped being finite."""
    return FloatingPointError(
        f"{name}: {what}. Training diverged: this usually means "
        f"the learning rate is too high (learning_rate={learning_rate}) or "
        "that some features have extreme values. Lower learning_rate (e.g. 1e-4), "
        "or transform heavy-tailed features (e.g. log or quantile) before the sampler."
    )


def auto_steps(images, flat_steps, n_batches):
    """Gradient steps of ``max_epochs="auto"``.

    ``AUTO_STEPS_IMAGES`` on images; on flat rows ``FLAT_EPOCHS`` epochs of
    ``n_batches`` mini-batches, within the method's ``flat_steps = (fewest,
    most)``.
    """
    if images:
        return AUTO_STEPS_IMAGES
    fewest, most = flat_steps
    return min(max(FLAT_EPOCHS * n_batches, fewest), most)


def plan_epochs(max_epochs, n_batches, steps, step_flops=None, images=True):
    """Epochs to train.

    ``max_epochs`` as given, or for ``"auto"`` about ``steps`` gradient
    steps at ``n_batches`` batches per epoch, at most
    ``CPU_FLOP_BUDGET / step_flops`` steps (and at least
    ``MIN_BUDGET_STEPS``) when ``step_flops`` is known, within
    ``AUTO_EPOCH_BOUNDS`` (images) or ``FLAT_EPOCH_BOUNDS`` (flat rows).
    """
    if max_epochs != "auto":
        return int(max_epochs)
    if step_flops:
        steps = min(steps, max(MIN_BUDGET_STEPS, CPU_FLOP_BUDGET / step_flops))
    low, high = AUTO_EPOCH_BOUNDS if images else FLAT_EPOCH_BOUNDS
    return int(min(max(math.ceil(steps / n_batches), low), high))


def counts_flops(max_epochs, device, images, modules, batch_size, steps):
    """Whether a fit counts its first step's operations: ``"auto"`` epochs
    on a CPU, unless the networks are flat and too small to reach the budget."""
    if not (max_epochs == "auto" and device.type == "cpu"):
        return False
    if images:
        return True
    bound = FLAT_FLOPS_PER_PARAMETER_ROW * count_parameters(*modules) * batch_size
    return bound * steps > CPU_FLOP_BUDGET


class ConvergenceMonitor:
    """Early stopping on a monitored loss, kept apart from the training loop.

    Like scikit-learn's MLP (``_update_no_improvement_count``): training has
    converged once the monitored value has not improved on its best by a
    fraction ``tol`` for ``n_iter_no_change`` epochs in a row.
    ``n_iter_no_change=None`` never stops.
    """

    def __init__(self, n_iter_no_change, tol):
        self.n_iter_no_change = n_iter_no_change
        self.tol = tol
        self.best = math.inf
        self.stale = 0

    def update(self, value):
        """Record one epoch's value; returns True when training should stop."""
        if self.n_iter_no_change is None:
            return False
        if value < self.best - self.tol * abs(self.best) or self.best == math.inf:
            self.best, self.stale = value, 0
        else:
            self.stale += 1
        return self.stale >= self.n_iter_no_change


class Reporter:
    """History, progress bar and printing of one fit's training.

    ``verbose=1`` shows a tqdm progress bar on stderr, ``verbose>=2`` prints
    one line per epoch on stdout; every epoch's values go to ``history``.
    """

    def __init__(self, name, verbose, n_epochs):
        self.name, self.verbose, self.n_epochs = name, verbose, n_epochs
        self.history = {}
        self.bar = None
        if verbose == 1:
            from tqdm import tqdm

            self.bar = tqdm(total=n_epochs, desc=name, unit="epoch", file=sys.stderr,
                            dynamic_ncols=True, leave=True)

    def replan(self, n_epochs):
        """The plan changed after the first step (the compute budget)."""
        self.n_epochs = n_epochs
        if self.bar is not None:
            self.bar.total = n_epochs
            self.bar.refresh()

    def epoch(self, epoch, values):
        """Record one epoch's mean losses and extras (``epoch_time`` included)."""
        for name, value in values.items():
            self.history.setdefault(name, []).append(value)
        shown = {k: v for k, v in values.items() if k != "epoch_time"}
        if self.bar is not None:
            self.bar.set_postfix({k: f"{v:.3g}" for k, v in shown.items()}, refresh=False)
            self.bar.update(1)
        elif self.verbose >= 2:
            width = len(str(self.n_epochs))
            parts = " ".join(f"{k}={v:.4g}" for k, v in shown.items())
            print(f"[{self.name}] epoch {epoch + 1:>{width}}/{self.n_epochs} {parts} "
                  f"({values['epoch_time']:.2f}s)", file=sys.stdout, flush=True)

    def message(self, text):
        """A line for the user (shown from ``verbose=1``)."""
        if not self.verbose:
            return
        if self.bar is not None:
            self.bar.write(text, file=sys.stderr)
        else:
            print(text, file=sys.stdout, flush=True)

    def close(self):
        if self.bar is not None:
            self.bar.close()


@dataclass
class TrainingResult:
    """What the loop reports back: epochs run, convergence, the first step's count."""

    n_epochs: int
    converged: bool
    step_flops: object


def train(model, X, y, *, rng, batch_size, n_epochs, balanced_batches, monitor, reporter,
          count_steps=None, precision="float32", learning_rate=None):
    """Drive epochs and mini-batches through ``model``'s training hooks.

    Parameters
    ----------
    model : BaseDeepOverSampler
        Supplies ``_train_step(X, y, batch_index, n_batches) -> losses``,
        ``_end_epoch(epoch, means) -> extras``, ``_set_mode(train)`` and
        ``_convergence_keys``.
    X, y : Tensor
        Scaled rows and class indices on the model's device.
    rng : torch.Generator
        The fit's own RNG (batch order).
    batch_size, n_epochs : int
        From the plan (``batch_size`` clipped to the rows); the last,
        ragged batch is dropped (batch norm needs more than one row; a new
        permutation each epoch still shows every row).
    balanced_batches : bool
        Draw rows with replacement, each class equally likely.
    monitor : ConvergenceMonitor
    reporter : Reporter
    count_steps : callable or None
        ``count_steps(step_flops) -> n_epochs``: where given, the first
        step's floating-point operations are counted
        (``torch.utils.flop_counter``, which reads the operations' shapes
        and changes no result) and the plan is redone with the count.
    precision : {"float32", "bfloat16"}
    learning_rate : float
        For the message of a diverged fit.
    """
    n = X.shape[0]
    n_batches = max(1, n // batch_size)
    name = type(model).__name__
    row_weight = (1.0 / torch.bincount(y).double())[y] if balanced_batches else None
    autocast = (torch.autocast(device_type=X.device.type, dtype=torch.bfloat16)
                if precision == "bfloat16" else contextlib.nullcontext())
    step_flops, converged, epoch = None, False, -1
    while epoch + 1 < n_epochs:  # the first step may change n_epochs
        epoch += 1
        t0 = time.perf_counter()
        model._set_mode(train=True)
        if row_weight is not None:
            perm = torch.multinomial(row_weight, n, replacement=True, generator=rng)
        else:
            perm = torch.randperm(n, device=X.device, generator=rng)
        totals = {}
        for b in range(n_batches):
            idx = perm[b * batch_size:(b + 1) * batch_size]
            with autocast:
                if count_steps is not None:
                    from torch.utils.flop_counter import FlopCounterMode

                    with FlopCounterMode(display=False) as counter:
                        losses = model._train_step(X[idx], y[idx], b, n_batches)
                    step_flops = int(counter.get_total_flops())
                    n_epochs = count_steps(step_flops)
                    reporter.replan(n_epochs)
                    count_steps = None
                else:
                    losses = model._train_step(X[idx], y[idx], b, n_batches)
            for key, value in losses.items():
                totals[key] = totals.get(key, 0.0) + value.detach().float()
        # one host synchronisation per epoch, not per batch
        means = {k: float(v) / n_batches for k, v in totals.items()}
        bad = [k for k, v in means.items() if not math.isfinite(v)]
        if bad:
            raise diverged(f"the losses {', '.join(bad)} became NaN or infinite in epoch "
                           f"{epoch + 1}", name, learning_rate)
        model._set_mode(train=False)
        means.update(model._end_epoch(epoch, means))
        means["epoch_time"] = time.perf_counter() - t0
        reporter.epoch(epoch, means)
        if monitor.update(sum(means[k] for k in model._convergence_keys)):
            converged = True
            reporter.message(
                f"[{name}] converged after {epoch + 1} epochs: "
                f"{' + '.join(model._convergence_keys)} improved by less than "
                f"tol={monitor.tol} for {monitor.n_iter_no_change} epochs")
            break
    return TrainingResult(epoch + 1, converged, step_flops)
