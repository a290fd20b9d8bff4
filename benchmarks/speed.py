"""Speed and memory of ``fit_resample`` and of a grid search, against a plain loop.

Run ``python -m benchmarks.speed`` from the root of a checkout (``--help``
for options);
``--quick`` finishes in a few minutes on a 2-core CPU. For every data size
and sampler (a *configuration*) it measures, each time in a fresh process
so that peak memory is that of one fit:

- the sampler's ``fit_resample``: wall time, epochs, time per epoch (the
  median of the epochs after the first), peak memory (see below);
- imbalanced-learn's SMOTE (SMOTENC on mixed tables) and random
  over-sampling (``RandomOverSampler``, which takes a mixed DataFrame as
  is) on the same data, for context: their ``fit_resample``'s wall time
  and memory, no epochs and no reference loop;
- a *plain reference loop* that trains copies of the fitted sampler's
  networks (its public ``encoder_``, ``decoder_``, ``generator_`` and
  ``discriminator_``) on the same losses (:mod:`imblearn_deep._losses`)
  with ``torch.optim.Adam``, the way the papers' code does: a ``DataLoader`` over the numpy
  arrays, batch 64, float32, each batch copied to the device, each loss
  read back with ``.item()``. Its time per epoch is estimated from its
  first batches (``--reference-batches``), since a full epoch at batch 64
  can take minutes on a CPU. It runs on as many threads as the sampler's
  fit (``--reference-threads same``), so that the figure compares the
  loops and not thread counts: on a shared CPU, two OpenMP threads wait
  for each other at every kernel and the papers' setting, torch's default
  threads (``--reference-threads default``), ran up to 30x slower than
  when alone, which made the comparison meaningless.

**Default fits.** Users wait for a sampler's default fit
(``max_epochs="auto"``), so the fit times are those of default fits:
every fit of a default run and, with ``--quick``, every fit of a table
(numeric or mixed) of at most :data:`QUICK_DEFAULT_FIT_ROWS` rows
(:func:`fit_epochs`). ``--quick`` trains images and larger tables
:data:`QUICK_EPOCHS` epochs: their time per epoch is compared with the
reference loop, their fit time is not a default fit's. ``--max-epochs
auto`` makes every fit a default fit, ``--max-epochs N`` none. The
``default_fit`` column and the Markdown header say which fits are default
fits.

**The grid search** (:func:`measure_grid_search`): what tuning a sampler
costs, the wall time of ``GridSearchCV.fit`` for the pipeline
``imblearn.pipeline.Pipeline([("sampler", S), ("clf",
LogisticRegression(max_iter=1000))])`` on a 2,000 x 10 table
(:data:`GRID_SEARCH_DATA`), over two settings of one sampler parameter
(:data:`GRID_SEARCH_PARAMS`: SMOTE's ``k_neighbors``, random
over-sampling's ``shrinkage``, DVAAN's ``latent_dim``, BayesGAN's
``n_codes``), 5 shuffled stratified folds, ROC AUC, one job: 10 fits and
the refit, the samplers' default fits. It is part of the default run and
of ``--quick``; ``--grid-search`` alone measures only it, with ``--sizes``
next to those fits, and ``--no-grid-search`` leaves it out. Its
configurations are interleaved with the fits' and summarized alike, in
rows of their own (``measurement`` is ``grid_search``) and a Markdown
section of their own.

**A reference workload, so that figures compare across machines.** At the
start and at the end of a run a fixed one-thread PyTorch job
(:func:`measure_workload`: 500 Adam steps of an MLP 64-256-256-1 on
batches of 256 rows, about 1 s on this project's 2-core CPU) is timed,
each time in a fresh process; the lesser time is ``reference_workload_s``
and every fit's or search's time is also given as a multiple of it,
``fit_over_workload`` (from the minimum; ``fit_median_over_workload`` from
the median). The project's speed targets are such multiples
(:data:`TARGETS`): a deep sampler's default fit of 10,000 x 20 in at most
1 workload, of 2,000 x 10 and 500 x 8 in at most 0.5, of 6,000 28x28
images in at most 60; such rows get ``target_workload_units`` and
``meets_target``.

**Figures that survive a shared machine.** Every configuration is measured
``--repeats`` times, interleaved: repetition 1 of every configuration,
then repetition 2 of every configuration, and so on, so that a burst of
load from another process hits one repetition of several configurations
rather than every repetition of one. The minimum over repetitions is the
headline figure (the least disturbed run), the median shows the spread.
The comparison with the reference loop is the reference's minimum time
per epoch over the sampler's, worded as "3.1x faster than the reference
loop per epoch" (or "slower"); the comparison with SMOTE uses the
minimum fit times. Each measurement records the machine's load
(:func:`read_load` before and after the fit), the CPUs, the fit's own
CPU time against its wall time, its torch threads and, on Linux, the CPU
time that other processes and the hypervisor (steal) took during the fit;
:func:`competition_warnings` turns these into a warning, printed and
written next to the figures, when other processes competed for the CPU.

**Memory.** ``peak_rss_extra_mib`` is the measuring process's resident
set high-water mark during the fit above its resident set just before the
fit (Linux ``VmHWM`` after a reset): torch's working memory, the scaled
copy of the data, the networks and the returned array, everything the
fit allocated, whether from Python or C++. ``peak_rss_mib`` is the whole
process's peak resident set during the fit (the interpreter, the imported
libraries and the input data included), and ``peak_gpu_mib`` torch's
``max_memory_allocated`` on a GPU. The largest value over the
repetitions is reported. The reference loop's memory is not measured: it
runs after the fit in the same process, in memory the fit freed.
Python-side tracing (``tracemalloc``) is not used: it would slow the
timed code.

**Results are written after every measurement**: ``<stem>.csv`` and
``<stem>.md`` (one row per configuration, with the minimum and median of
the repetitions measured so far) and ``<stem>_runs.csv`` (every
measurement, with its load figures) under ``--out``, so a run that is
stopped keeps what it measured. ``<stem>`` is ``speed`` (``speed_quick``
for ``--quick``). Results kept for the docs go to ``benchmarks/results``
with their CSVs gzip-compressed (``gzip -n``), where ``python -m
benchmarks.tables`` reads them. ``--max-minutes`` (4.5 with ``--quick``) starts no
further repetition that the time left cannot hold.

``--metrics`` times :func:`imblearn_deep.metrics.synthetic_quality_report`
instead (:func:`measure_metrics`), and writes ``metrics_speed.csv`` and
``.md``.
"""

import argparse
import csv
import json
import math
import multiprocessing
import os
import pathlib
import platform
import subprocess
import sys
import time
import traceback

import numpy as np

from imblearn_deep._cli import DEVICE_HELP, device, names
from imblearn_deep._networks import CPU_CONV_CHANNELS

from .research.configurations import CONFIGURATIONS, make

#: (kind, n_rows, n_features) measured by default; kind "image" is 28x28;
#: kind "mixed" is a DataFrame whose last column is categorical (two
#: categories), fitted with ``categorical_features="auto"`` (SMOTE: SMOTENC),
#: next to a numeric table of the same shape: the shape of ISLR's Default.
DEFAULT_SIZES = (
    ("tabular", 500, 8), ("tabular", 2_000, 10),
    ("tabular", 1_000, 20), ("tabular", 10_000, 20), ("tabular", 100_000, 20),
    ("tabular", 1_000_000, 50), ("tabular", 10_000, 3), ("mixed", 10_000, 3),
    ("image", 5_000, 784), ("image", 20_000, 784), ("image", 60_000, 784),
)
QUICK_SIZES = (("tabular", 500, 8), ("tabular", 2_000, 10), ("tabular", 1_000, 20),
               ("tabular", 10_000, 20), ("image", 1_000, 784), ("tabular", 10_000, 3),
               ("mixed", 10_000, 3))
#: ``--quick``: fits of tables (numeric or mixed) of at most this many rows
#: are default fits (``max_epochs="auto"``), the fits users wait for.
QUICK_DEFAULT_FIT_ROWS = 10_000
#: ``--quick``: epochs of the other fits, by data kind (few steps; their
#: time per epoch is what is compared), the image networks' conv channels
#: (the compact image protocols' small networks,
#: ``_runner.COMPACT_CHANNELS``) and the reference loop's timed batches.
QUICK_EPOCHS = {"tabular": 5, "image": 2, "mixed": 5}
QUICK_CONV_CHANNELS = CPU_CONV_CHANNELS
QUICK_REFERENCE_BATCHES = 50
#: ``--quick``: no repetition is started that would end after this many minutes.
QUICK_MAX_MINUTES = 4.5
#: Interleaved repetitions of every configuration (``--repeats``).
DEFAULT_REPEATS = 3
#: imbalanced-learn's samplers, timed for context: SMOTE (SMOTENC on mixed
#: tables) and random over-sampling (``RandomOverSampler``, which takes a
#: mixed DataFrame as is); no epochs and no reference loop.
BASELINES = ("smote", "ros")
#: The deep samplers at their defaults.
DEEP_METHODS = ("dvaan", "bayesgan")
METHODS = BASELINES + DEEP_METHODS

#: The grid search (``--grid-search``, :func:`measure_grid_search`): its table
#: (kind, rows, features), its folds and, per method, the sampler parameter
#: and the two values searched (the variants take their class's).
GRID_SEARCH_DATA = ("tabular", 2_000, 10)
GRID_SEARCH_FOLDS = 5
GRID_SEARCH_PARAMS = {"smote": ("k_neighbors", (3, 5)), "ros": ("shrinkage", (None, 0.5)),
                      "dvaan": ("latent_dim", (8, 16)), "bayesgan": ("n_codes", (4, 8))}
#: The reference workload (:func:`measure_workload`): its timed Adam steps,
#: about 1 s on this project's 2-core CPU, and the untimed ones before them.
WORKLOAD_STEPS = 500
WORKLOAD_WARMUP_STEPS = 10
#: The project's speed targets for the deep samplers' default fits, in
#: reference workloads: (kind, rows, features) -> the most ``fit_over_workload``.
TARGETS = {("tabular", 10_000, 20): 1.0, ("tabular", 2_000, 10): 0.5,
           ("tabular", 500, 8): 0.5, ("image", 6_000, 784): 60.0}

#: Variants of the deep samplers, by name: those of
#: :data:`~.research.configurations.CONFIGURATIONS` beyond the defaults. They time what a
#: generation option adds to the default fit (``generation_s``) and what a
#: change of the training step saved.
VARIANTS = tuple(name for name in CONFIGURATIONS if name not in METHODS)

#: Environment variable that replaces the load average read by
#: :func:`read_load` with "L1,L5,L15" (for tests of the load warning; it
#: is read by the parent process and handed to every measurement).
FAKE_LOAD_ENV = "IMBLEARN_DEEP_SPEED_FAKE_LOAD"
#: Load (in CPUs) that other processes may take beyond the CPUs the
#: benchmark leaves free before a measurement is flagged, and the smallest
#: share of one CPU a CPU fit must get (CPU time / wall time).
LOAD_TOLERANCE = 0.5
MIN_CPU_PER_WALL = 0.8
#: Largest share of the CPU time the hypervisor may take (steal).
MAX_STEAL_SHARE = 0.1
#: Fits shorter than this (seconds) are too short for CPU-time checks.
MIN_CHECKED_WALL_S = 0.5


def make_data(kind, n_rows, n_features, seed=0):
    """Imbalanced float32 data (5% minority) built in blocks, without float64 copies.

    Tabular rows are Gaussian with a shifted minority; image rows are
    28x28 blobs in [0, 1] with a class-dependent position. Mixed rows are
    a pandas DataFrame: tabular columns, the last replaced by a categorical
    column (``"No"``/``"Yes"``, ``"Yes"`` more frequent in the minority).
    """
    if kind == "mixed":
        import pandas as pd

        X, y = make_data("tabular", n_rows, n_features, seed)
        frame = pd.DataFrame(X[:, :-1], columns=[f"x{j}" for j in range(n_features - 1)])
        yes = np.random.default_rng(seed + 1).random(n_rows) < np.where(y == 1, 0.6, 0.3)
        frame["category"] = pd.Categorical(np.where(yes, "Yes", "No"))
        return frame, y
    rng = np.random.default_rng(seed)
    y = (rng.random(n_rows) < 0.05).astype(np.int64)
    y[:2] = [0, 1]
    X = np.empty((n_rows, n_features), dtype=np.float32)
    block = 65536
    if kind == "tabular":
        shift = np.linspace(1.0, 0.0, n_features, dtype=np.float32)
        for start in range(0, n_rows, block):
            rows = rng.standard_normal((min(block, n_rows - start), n_features),
                                       dtype=np.float32)
            X[start:start + block] = rows + y[start:start + block, None] * shift
        return X, y
    side = int(round(n_features ** 0.5))
    grid = np.stack(np.meshgrid(np.arange(side), np.arange(side), indexing="ij"), -1)
    for start in range(0, n_rows, block):
        yb = y[start:start + block]
        centre = rng.normal(side / 2, 3, (len(yb), 2)).astype(np.float32)
        centre[:, 0] += np.where(yb == 1, 4, -4)
        d2 = ((grid[None] - centre[:, None, None]) ** 2).sum(-1)
        X[start:start + block] = np.exp(-d2 / 18.0).reshape(len(yb), -1)
    return X, y


def _rss_mib(field):
    """``VmRSS`` or ``VmHWM`` (peak) of this process in MiB (Linux)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def _reset_peak_rss():
    """Reset the kernel's peak-RSS mark of this process (Linux >= 4.0)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


# ------------------------------------------------------------ machine load
def read_load(fake=None):
    """The 1-, 5- and 15-minute load averages (``os.getloadavg``).

    ``fake``, a string "L1,L5,L15", is returned instead (tests inject a
    high load this way, see :data:`FAKE_LOAD_ENV`). NaN where the platform
    has no load average.
    """
    if fake:
        values = [float(v) for v in str(fake).split(",")]
        return tuple((values * 3)[:3]) if len(values) == 1 else tuple(values[:3])
    try:
        return tuple(float(v) for v in os.getloadavg())
    except (AttributeError, OSError):
        return (float("nan"),) * 3


def usable_cpus():
    """CPUs this process may run on (its affinity mask where known)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _machine_cpu_s():
    """(busy, steal, total) CPU seconds of the whole machine since boot (Linux /proc/stat)."""
    try:
        with open("/proc/stat") as f:
            fields = [int(v) for v in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    tick = os.sysconf("SC_CLK_TCK")
    user, nice, system, idle, iowait, irq, softirq = (fields + [0] * 7)[:7]
    steal = fields[7] if len(fields) > 7 else 0
    busy = user + nice + system + irq + softirq  # guest time is inside user
    return busy / tick, steal / tick, (busy + idle + iowait + steal) / tick


class _Probe:
    """Wall time, own CPU time and the machine's CPU use over a block of code."""

    def __enter__(self):
        self.machine = _machine_cpu_s()
        self.cpu = time.process_time()
        self.wall = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.wall_s = time.perf_counter() - self.wall
        self.cpu_s = time.process_time() - self.cpu
        after = _machine_cpu_s()
        self.others_cpus = self.steal_share = float("nan")
        if self.machine is not None and after is not None and self.wall_s > 0:
            busy, steal, total = (a - b for a, b in zip(after, self.machine))
            # what other processes kept busy, in CPUs, on average
            self.others_cpus = max(busy - self.cpu_s, 0.0) / self.wall_s
            self.steal_share = steal / total if total > 0 else float("nan")
        return False


def own_load(history, t):
    """The benchmark's own share of the 1-minute load average at time ``t``.

    ``history`` holds ``(start, end, cpu_s)`` of the benchmark's earlier
    measurements (``time.time()`` seconds). The kernel's 1-minute load
    average decays exponentially with a 60 s time constant; a process that
    kept ``u`` CPUs busy from ``start`` to ``end`` adds
    ``u * (exp(-(t - end) / 60) - exp(-(t - start) / 60))`` to it at ``t``.
    Its CPU use stands for its runnable threads, so under contention this
    underestimates the benchmark's share, and overestimates the others'.
    """
    total = 0.0
    for start, end, cpu_s in history:
        if end <= start or t <= start:
            continue
        end = min(end, t)
        busy = cpu_s / (end - start) if end > start else 0.0
        total += busy * (math.exp(-(t - end) / 60) - math.exp(-(t - start) / 60))
    return total


def _cpu_floor(threads):
    """The fewest CPUs (CPU time / wall time) that code on ``threads`` threads gets alone."""
    return max(MIN_CPU_PER_WALL, 0.5 * threads)


def competition_warnings(row, cores, own=(0.0, 0.0)):
    """Why other processes may have slowed a measurement; an empty list if none.

    Parameters
    ----------
    row : dict
        One measurement (:func:`measure`): ``load1_before``,
        ``load1_after``, ``threads``, ``fit_s``, ``fit_cpu_s``,
        ``others_cpus``, ``steal_share``, ``device`` and, with the
        reference loop, ``reference_threads`` and ``reference_cpu_per_wall``.
    cores : int
        CPUs of the machine available to the benchmark.
    own : (float, float)
        The benchmark's own share of the 1-minute load average at the
        readings before and after the fit (:func:`own_load`).

    Returns
    -------
    list of str
        One sentence per sign of competition:

        - the 1-minute load average less the benchmark's own share is above
          the CPUs the fit leaves free (``cores - threads``) by more than
          :data:`LOAD_TOLERANCE`;
        - on a CPU, a fit of at least :data:`MIN_CHECKED_WALL_S`, or the
          reference loop, ran on fewer CPUs (CPU time / wall time) than
          half its threads, or than :data:`MIN_CPU_PER_WALL` on one thread;
        - other processes kept more than the free CPUs busy during the fit
          (Linux ``/proc/stat``), by more than :data:`LOAD_TOLERANCE`;
        - the hypervisor took more than :data:`MAX_STEAL_SHARE` of the CPU
          time (steal).
    """
    threads = int(row.get("threads") or 1)
    free = max(cores - threads, 0)
    reasons = []
    readings = [(row.get(f"load1_{when}", float("nan")), share, when)
                for when, share in zip(("before", "after"), own)]
    readings = [r for r in readings if r[0] == r[0]]
    if readings:
        load, share, when = max(readings, key=lambda r: r[0] - r[1])
        if load - share > free + LOAD_TOLERANCE:
            reasons.append(
                f"1-minute load average {load:.2f} {when} the fit, about {share:.2f} of it "
                f"the benchmark's own: other processes wanted {load - share:.2f} CPUs, the "
                f"fit's {threads} thread(s) leave {free} of {cores} free")
    cpu_only = row.get("device", "cpu") == "cpu"
    wall, cpu = row.get("fit_s", 0.0), row.get("fit_cpu_s", float("nan"))
    if (cpu_only and wall >= MIN_CHECKED_WALL_S and cpu == cpu
            and cpu / wall < _cpu_floor(threads)):
        reasons.append(f"the fit ran on {cpu / wall:.2f} CPUs on average (CPU time "
                       f"{cpu:.2f}s over {wall:.2f}s) with {threads} thread(s)")
    ref_threads = int(row.get("reference_threads") or 1)
    ref_cpu = row.get("reference_cpu_per_wall", float("nan"))
    if cpu_only and ref_cpu == ref_cpu and ref_cpu < _cpu_floor(ref_threads):
        reasons.append(f"the reference loop ran on {ref_cpu:.2f} CPUs on average with "
                       f"{ref_threads} thread(s)")
    others = row.get("others_cpus", float("nan"))
    if wall >= MIN_CHECKED_WALL_S and others == others and others > free + LOAD_TOLERANCE:
        reasons.append(f"other processes kept {others:.2f} CPUs busy during the fit, "
                       f"{free} were free")
    steal = row.get("steal_share", float("nan"))
    if wall >= MIN_CHECKED_WALL_S and steal == steal and steal > MAX_STEAL_SHARE:
        reasons.append(f"the hypervisor took {steal:.0%} of the CPU time (steal)")
    return reasons


# ------------------------------------------------------------ measurements
def _nbytes(X):
    """Bytes of an array or a DataFrame (its columns' memory, text included)."""
    if hasattr(X, "memory_usage"):
        return int(X.memory_usage(index=False, deep=True).sum())
    return X.nbytes


def _baseline(method, kind, seed=0):
    """imbalanced-learn's sampler ``method`` (one of :data:`BASELINES`) for data of ``kind``.

    SMOTE is SMOTENC on mixed tables (``categorical_features="auto"``);
    ``RandomOverSampler`` copies rows, so it takes a mixed DataFrame as is.
    """
    from imblearn.over_sampling import SMOTE, SMOTENC, RandomOverSampler

    if method == "ros":
        return RandomOverSampler(random_state=seed)
    if kind == "mixed":
        return SMOTENC(categorical_features="auto", random_state=seed)
    return SMOTE(random_state=seed)


def _blas_threads():
    """The threads of numpy's BLAS (threadpoolctl), at least 1."""
    from threadpoolctl import threadpool_info

    return max([p["num_threads"] for p in threadpool_info()
                if p.get("user_api") == "blas"] or [1])


def fit_epochs(kind, n_rows, *, quick=False, max_epochs=None):
    """The ``max_epochs`` of a fit of ``n_rows`` rows of ``kind``; None for a default fit.

    An explicit ``max_epochs`` (``--max-epochs``: an int, or "auto" for
    default fits everywhere) wins. Otherwise every fit is a default fit
    (``max_epochs="auto"``), except with ``quick``: there the fits of
    images and of tables of more than :data:`QUICK_DEFAULT_FIT_ROWS` rows
    train :data:`QUICK_EPOCHS` epochs, whose time per epoch is compared.
    """
    if max_epochs is not None:
        return None if max_epochs == "auto" else int(max_epochs)
    if quick and (kind == "image" or n_rows > QUICK_DEFAULT_FIT_ROWS):
        return QUICK_EPOCHS[kind]
    return None


def is_default_fit(method, kind, max_epochs, conv_channels=None, gpu=False):
    """Whether a fit of configuration ``method`` is its default fit.

    The baselines always are; a deep sampler's fit is when it keeps its
    own epochs (``max_epochs`` None or "auto") and, on images, trains the
    conv channels that ``conv_channels="auto"`` gives on its device.
    """
    if method in BASELINES:
        return True
    if max_epochs not in (None, "auto"):
        return False
    if kind != "image" or conv_channels is None:
        return True
    cls = CONFIGURATIONS[method][0]
    return tuple(conv_channels) == tuple(cls._gpu_conv_channels if gpu else CPU_CONV_CHANNELS)


def _sampler(method, kind, device, max_epochs, seed=0, conv_channels=None, n_rows=None):
    """The sampler of configuration ``method`` for data of ``kind``.

    ``max_epochs="auto"`` leaves a step-count configuration its own epochs
    for ``n_rows`` training rows (:func:`.research.configurations.make`).
    """
    cls = CONFIGURATIONS[method][0]
    extra = {}
    if kind == "image" and conv_channels:
        extra["conv_channels"] = tuple(conv_channels)
        kernels = cls().kernel_sizes
        if len(kernels) != len(conv_channels):
            extra["kernel_sizes"] = (3,) * len(conv_channels)
    if kind == "mixed":
        extra["categorical_features"] = "auto"
    if max_epochs != "auto":
        extra["max_epochs"] = max_epochs
    return make(method, n_rows, image_shape=(28, 28) if kind == "image" else None,
                device=device, random_state=seed, **extra)


def _plain_training(sampler, X, y):
    """The reference loop's pieces for a fitted ``sampler``: ``(X, y, step, device)``.

    ``X`` scaled to ``[-1, 1]`` (:class:`~imblearn_deep._tabular.RangeScaler`,
    per column for tables, one range for images, as the samplers scale
    numeric data), ``y`` the class indices, and ``step(xb, yb)`` one
    training step of copies of the sampler's fitted networks (public fitted
    attributes) on the sampler's losses, with a ``torch.optim.Adam`` per
    network (the samplers' learning rate and betas (0.5, 0.999)); it
    returns the losses as tensors. Numeric data only.
    """
    import copy

    import torch

    from imblearn_deep import DVAANSampler
    from imblearn_deep._losses import (
        authors_structure_loss,
        bayesian_structure_loss,
        class_loss,
        feature_matching_loss,
        gaussian_kl,
        least_squares_gan_loss,
        real_fake_loss,
        reconstruction_loss,
        structure_masks,
    )
    from imblearn_deep._structure import parents_and_non_parents
    from imblearn_deep._tabular import RangeScaler

    params = sampler.get_params()
    X_scaled = RangeScaler(per_feature=params["image_shape"] is None).fit(X).transform(X)
    y_index = np.searchsorted(sampler.classes_, y).astype(np.int64)
    counts = np.bincount(y_index, minlength=len(sampler.classes_))
    discriminator = copy.deepcopy(sampler.discriminator_).train()
    device = next(discriminator.parameters()).device
    weight = torch.as_tensor(counts.sum() / (len(counts) * counts), dtype=torch.float32,
                             device=device)

    def adam(*modules):
        return torch.optim.Adam([p for m in modules for p in m], lr=params["learning_rate"],
                                betas=(0.5, 0.999))

    def update(optimizer, loss, parameters, retain_graph=False):
        # BayesGAN's code head is not in the discriminator's own loss: no gradient
        grads = torch.autograd.grad(loss, parameters, retain_graph=retain_graph,
                                    allow_unused=True)
        for p, g in zip(parameters, grads):
            p.grad = g  # None: Adam leaves the parameter alone
        optimizer.step()

    opt_d = adam(list(discriminator.parameters()))
    if isinstance(sampler, DVAANSampler):
        encoder = copy.deepcopy(sampler.encoder_).train()
        decoder = copy.deepcopy(sampler.decoder_).train()
        enc_params, dec_params = list(encoder.parameters()), list(decoder.parameters())
        opt_enc, opt_dec = adam(enc_params), adam(dec_params)
        centres = torch.as_tensor(sampler.prior_means_, dtype=torch.float32, device=device)
        d_params = list(discriminator.parameters())

        def step(xb, yb):
            posterior = encoder(xb)
            mean, logvar = posterior.mean, posterior.logvar
            z = mean + torch.randn_like(mean) * (0.5 * logvar).exp()
            z_prior = centres[yb] + torch.randn_like(mean)
            generated = decoder(torch.cat([z, z_prior]))
            x_rec, y_gen = generated[:xb.shape[0]], torch.cat([yb, yb])
            real, fake = discriminator(xb), discriminator(generated.detach())
            l_dis = (real_fake_loss(real.real_fake, True)
                     + real_fake_loss(fake.real_fake, False)
                     + class_loss(real.classes, yb, weight))
            update(opt_d, l_dis, d_params)
            gen = discriminator(generated)
            l_ele = reconstruction_loss(x_rec, xb)
            l_kl = gaussian_kl(mean, logvar, centres[yb])
            l_fea = feature_matching_loss(gen.features[:xb.shape[0]], real.features.detach())
            l_adv = class_loss(gen.classes, y_gen, weight)
            l_gan = real_fake_loss(gen.real_fake, True)
            enc_loss = l_ele + l_kl + params["feature_weight"] * l_fea
            dec_loss = (l_ele + params["feature_weight"] * l_fea
                        + params["adversarial_weight"] * (l_gan + l_adv))
            update(opt_enc, enc_loss, enc_params, retain_graph=True)
            update(opt_dec, dec_loss, dec_params)
            return {"ele": l_ele, "kl": l_kl, "fea": l_fea, "adv": l_adv, "gan": l_gan,
                    "dis": l_dis}
    else:
        generator = copy.deepcopy(sampler.generator_).train()
        g_params = list(generator.parameters())
        # F, the code extractor: the discriminator's body and its code head
        f_params = (list(discriminator.body.parameters())
                    + list(discriminator.heads["codes"].parameters()))
        d_params = list(discriminator.parameters())
        opt_g = adam(g_params, f_params)
        edges = parents_and_non_parents(sampler.structure_)
        n_codes = params["n_codes"]
        masks = structure_masks(edges, n_codes, device)

        def regularizer(codes, recovered):
            if params["regularizer"] == "authors":
                return authors_structure_loss(codes, recovered, edges)
            return bayesian_structure_loss(codes, recovered, masks,
                                           margin=params["push_margin"])

        def step(xb, yb):
            z = torch.randn(xb.shape[0], params["noise_dim"], device=device)
            c = torch.randn(xb.shape[0], n_codes, device=device)
            fake = generator(z, yb, c)
            real, generated = discriminator(xb), discriminator(fake.detach())
            l_d = (least_squares_gan_loss(real.real_fake, True)
                   + least_squares_gan_loss(generated.real_fake, False)
                   + class_loss(real.classes, yb, weight))
            update(opt_d, l_d, d_params)
            out = discriminator(fake)
            l_adv = least_squares_gan_loss(out.real_fake, True)
            l_cls = class_loss(out.classes, yb, weight)
            l_reg = regularizer(c, out.codes)
            # the generator on all three terms, F on the regularizer only
            grads_g = torch.autograd.grad(l_adv + l_cls, g_params, retain_graph=True)
            grads_reg = torch.autograd.grad(params["regularizer_weight"] * l_reg,
                                            f_params + g_params, allow_unused=True)
            for p, g in zip(f_params, grads_reg):
                p.grad = g
            for p, g, r in zip(g_params, grads_g, grads_reg[len(f_params):]):
                p.grad = g if r is None else g + r
            opt_g.step()
            return {"d": l_d, "g_adv": l_adv, "g_class": l_cls, "reg": l_reg}
    return X_scaled, y_index, step, device


def reference_epoch_time(sampler, X, y, *, batch_size=64, max_batches=200, probe=None):
    """Seconds per epoch of the plain loop, from its first ``max_batches`` batches.

    Trains copies of the fitted ``sampler``'s networks on its losses, the
    way the papers' code does (see the module docstring and
    :func:`_plain_training`). The first 5 batches are warm-up and not
    timed. ``probe``, a dict, receives the threads and the CPU time over
    wall time of the timed batches.
    """
    import torch
    from torch.utils.data import DataLoader, TensorDataset

    X_scaled, y_index, step, device = _plain_training(sampler, X, y)
    loader = DataLoader(TensorDataset(torch.from_numpy(X_scaled), torch.from_numpy(y_index)),
                        batch_size=batch_size, shuffle=True, drop_last=True)
    n_batches = len(loader)
    warm, timed, t0, cpu0 = min(5, n_batches // 2), 0, None, None
    for b, (xb, yb) in enumerate(loader):
        if b == warm:
            if device.type == "cuda":
                torch.cuda.synchronize()
            t0 = time.perf_counter()
            cpu0 = time.process_time() if probe is not None else None
        losses = step(xb.to(device), yb.to(device))
        _ = {k: v.item() for k, v in losses.items()}  # logged per batch
        if b >= warm:
            timed += 1
        if timed >= max_batches or b + 1 == n_batches:
            break
    elapsed = None if t0 is None else time.perf_counter() - t0
    if probe is not None and elapsed:
        probe.update(threads=torch.get_num_threads(),
                     cpu_per_wall=(time.process_time() - cpu0) / elapsed)
    if elapsed is None or timed == 0:
        return float("nan")
    return elapsed / timed * n_batches


def _row(measurement, method, kind, n_rows, n_features):
    """The start of a measurement's row: what is measured, and on which machine."""
    import torch

    from imblearn_deep.benchmarks._runner import cpu_model

    return {"measurement": measurement, "method": method, "data": kind, "n_rows": n_rows,
            "n_features": n_features, "python": platform.python_version(),
            "torch": torch.__version__, "cpu_model": cpu_model(), "cpu_count": os.cpu_count(),
            "usable_cpus": usable_cpus()}


def _make(method, kind, device, max_epochs=None, seed=0, conv_channels=None, n_rows=None):
    """The sampler of ``method``, the name of its device and whether that is a GPU."""
    if method in BASELINES:
        return _baseline(method, kind, seed), "cpu", False
    import torch

    from imblearn_deep._torch import resolve_device

    sampler = _sampler(method, kind, device, max_epochs or "auto", seed, conv_channels,
                       n_rows=n_rows)
    dev = resolve_device(device)
    gpu = dev.type == "cuda"
    return sampler, torch.cuda.get_device_name(dev) if gpu else "cpu", gpu


def _timed(row, run, *, gpu=False, fake_load=None):
    """Call ``run()`` under the probes and return its result.

    ``row`` receives the wall and CPU time of the call (``fit_s``,
    ``fit_cpu_s``), the machine's load before and after it and the CPU time
    other processes took (:class:`_Probe`), and the peak memory: the
    process's resident-set high-water mark during the call above its
    resident set before it (``peak_rss_extra_mib``, and over ``input_mib``
    where the row has it), the whole peak, and torch's on a GPU.
    """
    import torch

    if gpu:
        torch.cuda.reset_peak_memory_stats()
    row["torch_threads"] = torch.get_num_threads()
    before = _rss_mib("VmRSS")
    exact_peak = _reset_peak_rss()
    row["_t_load_before"] = time.time()
    row["load1_before"], row["load5_before"], row["load15_before"] = read_load(fake_load)
    row["_t_fit"] = time.time()
    with _Probe() as probe:
        result = run()
    row["_t_load_after"] = time.time()
    row["load1_after"], row["load5_after"], row["load15_after"] = read_load(fake_load)
    row["fit_s"], row["fit_cpu_s"] = probe.wall_s, probe.cpu_s
    row["fit_cpu_per_wall"] = probe.cpu_s / probe.wall_s
    row["others_cpus"], row["steal_share"] = probe.others_cpus, probe.steal_share
    peak = _rss_mib("VmHWM")
    row["peak_rss_extra_mib"] = (peak - before) if exact_peak else float("nan")
    row["peak_rss_mib"] = peak if exact_peak else float("nan")
    if row.get("input_mib"):
        row["peak_over_input"] = row["peak_rss_extra_mib"] / row["input_mib"]
    if gpu:
        row["peak_gpu_mib"] = torch.cuda.max_memory_allocated() / 2**20
    return result


def _finished(row, t_start):
    """``row`` with the measuring process's span and CPU time (it is a fresh process)."""
    row["_t_start"], row["_t_end"] = t_start, time.time()
    row["_cpu_s"] = time.process_time()
    return row


def measure(method, kind, n_rows, n_features, *, device="auto", max_epochs=None,
            reference_batches=200, seed=0, conv_channels=None, reference_threads="same",
            fake_load=None):
    """One measurement of ``fit_resample``, meant to run in a fresh process; returns a dict.

    ``conv_channels`` replaces the image networks' channels (for the
    sampler and its reference loop); ``reference_threads`` is the reference
    loop's thread count: "same" as the sampler's fit, "default" (torch's)
    or an int; ``fake_load`` is handed to :func:`read_load`.
    """
    import torch

    t_start = time.time()
    X, y = make_data(kind, n_rows, n_features, seed)
    row = _row("fit_resample", method, kind, n_rows, n_features)
    row["input_mib"] = _nbytes(X) / 2**20
    sampler, row["device"], gpu = _make(method, kind, device, max_epochs, seed, conv_channels,
                                        n_rows)
    row["default_fit"] = is_default_fit(method, kind, max_epochs, conv_channels, gpu)
    X_res, _ = _timed(row, lambda: sampler.fit_resample(X, y), gpu=gpu, fake_load=fake_load)
    row["output_mib"] = _nbytes(X_res) / 2**20
    del X_res
    if method in BASELINES:  # SMOTE: numpy's BLAS threads (its neighbour search uses one)
        row["threads"] = _blas_threads() if method == "smote" else 1
    else:
        if kind == "image":  # the channels trained ("auto" resolved by device)
            row["conv_channels"] = " ".join(str(c) for c in sampler.conv_channels_)
        times = sampler.history_["epoch_time"]
        row.update(epochs=sampler.n_epochs_, batch_size=sampler.batch_size_,
                   threads=sampler.n_threads_,
                   epoch_s=float(np.median(times[1:] if len(times) > 1 else times)),
                   train_s=sampler.train_time_, generation_s=sampler.generation_time_)
        # the mixed tables are compared with a numeric table of their shape,
        # not with a reference loop
        if reference_batches and kind != "mixed":
            if reference_threads == "same":
                torch.set_num_threads(sampler.n_threads_)
            elif reference_threads != "default":
                torch.set_num_threads(int(reference_threads))
            seen = {}
            row["reference_epoch_s"] = reference_epoch_time(
                sampler, X, y, max_batches=reference_batches, probe=seen
            )
            row["reference_threads"] = seen.get("threads")
            row["reference_cpu_per_wall"] = seen.get("cpu_per_wall", float("nan"))
            row["speedup"] = row["reference_epoch_s"] / row["epoch_s"]
    return _finished(row, t_start)


def grid_search_params(method):
    """The sampler parameter and its two values that the grid search over ``method`` tries.

    A variant of a deep sampler (:data:`VARIANTS`) takes its class's grid.
    """
    if method not in GRID_SEARCH_PARAMS:
        cls = CONFIGURATIONS[method][0]
        method = next(m for m in DEEP_METHODS if CONFIGURATIONS[m][0] is cls)
    return GRID_SEARCH_PARAMS[method]


def measure_grid_search(method, n_rows=GRID_SEARCH_DATA[1], n_features=GRID_SEARCH_DATA[2], *,
                        device="auto", max_epochs=None, seed=0, n_splits=GRID_SEARCH_FOLDS,
                        fake_load=None):
    """One measurement of a grid search over ``method``'s sampler, meant for a fresh process.

    The wall time (``fit_s``) of ``GridSearchCV.fit`` for the pipeline
    ``imblearn.pipeline.Pipeline([("sampler", S), ("clf",
    LogisticRegression(max_iter=1000))])`` on ``n_rows`` x ``n_features``
    rows of :func:`make_data`, over the two values of one sampler parameter
    (:func:`grid_search_params`), with ``StratifiedKFold(n_splits,
    shuffle=True, random_state=0)``, ``scoring="roc_auc"`` and
    ``n_jobs=1``: ``2 * n_splits`` fits and the refit (``fits``). The
    sampler is at its defaults (``random_state=seed``), unless
    ``max_epochs`` is given. The row also holds the refit's time
    (``refit_s``), the best setting and its mean ROC AUC over the folds.
    """
    from imblearn.pipeline import Pipeline
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV, StratifiedKFold

    t_start = time.time()
    kind = GRID_SEARCH_DATA[0]
    X, y = make_data(kind, n_rows, n_features, seed)
    row = _row("grid_search", method, kind, n_rows, n_features)
    row["input_mib"] = _nbytes(X) / 2**20
    # a step-count configuration plans its epochs for a training fold's rows
    sampler, row["device"], gpu = _make(method, kind, device, max_epochs, seed,
                                        n_rows=n_rows - n_rows // n_splits)
    name, values = grid_search_params(method)
    row["grid"] = f"{name}: " + ", ".join(map(str, values))
    row["default_fit"] = is_default_fit(method, kind, max_epochs)
    search = GridSearchCV(
        Pipeline([("sampler", sampler), ("clf", LogisticRegression(max_iter=1000))]),
        param_grid={f"sampler__{name}": list(values)},
        cv=StratifiedKFold(n_splits, shuffle=True, random_state=0), scoring="roc_auc",
        n_jobs=1, error_score="raise")
    _timed(row, lambda: search.fit(X, y), gpu=gpu, fake_load=fake_load)
    row["folds"] = search.n_splits_
    row["fits"] = len(search.cv_results_["params"]) * search.n_splits_ + 1  # and the refit
    row["refit_s"] = search.refit_time_
    row["best_params"] = str(search.best_params_[f"sampler__{name}"])
    row["best_score"] = float(search.best_score_)
    refitted = search.best_estimator_.named_steps["sampler"]
    # the deep samplers' fits take most of the time; with the baselines,
    # logistic regression's BLAS
    row["threads"] = getattr(refitted, "n_threads_", None) or _blas_threads()
    return _finished(row, t_start)


def measure_workload(steps=None, *, fake_load=None):
    """One measurement of the reference workload, meant for a fresh process; returns a dict.

    A fixed PyTorch job on one CPU thread, so that times measured on
    different machines can be compared as multiples of it
    (``fit_over_workload``): seed 0, an MLP 64-256-256-1 with ReLUs,
    ``steps`` (:data:`WORKLOAD_STEPS`) ``torch.optim.Adam`` steps (learning
    rate 1e-3, single-tensor update) of a squared loss on batches of 256 of
    4,096 fixed Gaussian rows, taken in turn. :data:`WORKLOAD_WARMUP_STEPS`
    steps before it are not timed (a process's first optimizer step loads
    torch's compiler). Torch's thread count is restored afterwards.
    """
    import torch

    t_start = time.time()
    steps = WORKLOAD_STEPS if steps is None else steps
    threads = torch.get_num_threads()
    row = _row("reference_workload", "reference_workload", "mlp", 256, 64)
    row.update(device="cpu", threads=1, steps=steps, default_fit=None)
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(64, 256), torch.nn.ReLU(),
                              torch.nn.Linear(256, 256), torch.nn.ReLU(),
                              torch.nn.Linear(256, 1))
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3, foreach=False)
    X = torch.randn(16 * 256, 64)
    y = torch.sin(X[:, :8].sum(1, keepdim=True))

    def train(n):
        for i in range(n):
            rows = slice(i % 16 * 256, (i % 16 + 1) * 256)
            optimizer.zero_grad()
            loss = ((net(X[rows]) - y[rows]) ** 2).mean()
            loss.backward()
            optimizer.step()
        return loss.item()

    torch.set_num_threads(1)
    try:
        train(WORKLOAD_WARMUP_STEPS)
        row["final_loss"] = _timed(row, lambda: train(steps), fake_load=fake_load)
    finally:
        torch.set_num_threads(threads)
    return _finished(row, t_start)


#: What a measuring process runs, by a job's ``measurement`` (default ``fit_resample``).
MEASUREMENTS = {"fit_resample": measure, "grid_search": measure_grid_search,
                "reference_workload": measure_workload}


def _measure(job):
    """Run the measurement that ``job`` (a dict of keyword arguments) names."""
    job = dict(job)
    return MEASUREMENTS[job.pop("measurement", "fit_resample")](**job)


def _child(job, conn):
    """Entry point of a measuring process: send :func:`_measure`'s row or the error."""
    try:
        conn.send(("ok", _measure(job)))
    except BaseException:  # noqa: BLE001 - reported to the parent, which goes on
        conn.send(("failed", traceback.format_exc()))
    finally:
        conn.close()


def _context():
    """A multiprocessing context whose processes start without re-importing torch.

    On Linux a fork server imports torch, imblearn and this package once;
    every measurement is a fresh process forked from it (nothing has run in
    it yet: no thread pools, no CUDA). Elsewhere each process is spawned.
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        # Not this module: run with -m, it is each child's __main__, which
        # multiprocessing runs again there (cheap once torch is imported).
        ctx.set_forkserver_preload(["torch", "imblearn.over_sampling", "imblearn.pipeline",
                                    "sklearn.linear_model", "sklearn.model_selection",
                                    "imblearn_deep",
                                    "imblearn_deep.benchmarks",
                                    "benchmarks.research.configurations"])
        return ctx
    return multiprocessing.get_context("spawn")


def run_job(job, ctx=None):
    """Run one measurement (:func:`_measure`) in a fresh process.

    Returns ``(status, row or error)``.
    """
    ctx = ctx or _context()
    receive, send = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(job, send), daemon=True)
    process.start()
    send.close()
    try:
        try:
            result = receive.recv()
        except EOFError:
            result = None
        process.join()
    except BaseException:  # KeyboardInterrupt: stop the measurement too
        process.terminate()
        process.join()
        raise
    if result is None:
        return "failed", f"the measuring process ended with exit code {process.exitcode}"
    return result


# ------------------------------------------------------------ comparisons
def _times(ratio):
    return f"{ratio:.1f}x" if ratio < 9.95 else f"{ratio:,.0f}x"


def compare(reference_s, own_s, what=None):
    """Say how ``own_s`` compares with ``reference_s``: faster or slower, and how much.

    ``compare(3.1, 1.0, "the reference loop per epoch")`` is "3.1x faster
    than the reference loop per epoch", ``compare(1.0, 2.5, "SMOTE")`` is
    "2.5x slower than SMOTE"; a ratio that rounds to 1.0x is "about as
    fast as ...". Without ``what`` the sentence stops after "faster" or
    "slower". An empty string when either time is missing or not positive.
    """
    try:
        reference_s, own_s = float(reference_s), float(own_s)
    except (TypeError, ValueError):
        return ""
    if not (reference_s > 0 and own_s > 0 and math.isfinite(reference_s)
            and math.isfinite(own_s)):
        return ""
    ratio = reference_s / own_s
    if _times(max(ratio, 1 / ratio)) == "1.0x":
        return "about as fast" + (f" as {what}" if what else "")
    text = (f"{_times(ratio)} faster" if ratio > 1 else f"{_times(1 / ratio)} slower")
    return text + (f" than {what}" if what else "")


REFERENCE_WHAT = "the reference loop per epoch"
SMOTE_WHAT = "SMOTE's fit"
SMOTE_SEARCH_WHAT = "SMOTE's grid search"
NUMERIC_WHAT = "the numeric table of the same shape"


def _measurement(row):
    return row.get("measurement") or "fit_resample"


def _config(row):
    return (_measurement(row), row["data"], int(row["n_rows"]), int(row["n_features"]),
            row["method"])


def _values(runs, key):
    out = []
    for r in runs:
        try:
            v = float(r.get(key))
        except (TypeError, ValueError):
            continue
        if v == v:
            out.append(v)
    return out


def workload_seconds(runs):
    """The reference workload's time: the least of its measurements in ``runs``; NaN if none."""
    values = _values([r for r in runs if _measurement(r) == "reference_workload"
                      and r.get("status", "ok") == "ok"], "fit_s")
    return min(values) if values else float("nan")


def summarize(runs):
    """One row per configuration (measurement, data size, method) from ``runs``.

    Times: the minimum over the repetitions (``fit_s``, the wall time of
    ``fit_resample`` or of the grid search, ``epoch_s``,
    ``reference_epoch_s``, ``generation_s``, ``refit_s``) and their median
    (``*_median_s``). ``speedup`` is the reference's minimum time per epoch
    over the sampler's (``speedup_median``: the same with medians),
    ``versus_reference`` and ``versus_smote`` say it in words.
    ``fit_over_workload`` (``fit_median_over_workload``) is the minimum
    (median) ``fit_s`` over the reference workload's time
    (``reference_workload_s``, :func:`workload_seconds`); a deep sampler's
    default fit of a size in :data:`TARGETS` has its target
    (``target_workload_units``) and whether the minimum meets it
    (``meets_target``). Memory: the largest over the repetitions. Load:
    the smallest and largest 1-minute load average read, and how many
    repetitions drew a warning. The workload's own measurements have no row.
    """
    workload = workload_seconds(runs)
    groups = {}
    for r in runs:
        if r.get("status", "ok") == "ok" and _measurement(r) != "reference_workload":
            groups.setdefault(_config(r), []).append(r)
    summary = []
    for key, rows in groups.items():
        first = rows[0]
        row = {c: first.get(c) for c in ("data", "n_rows", "n_features", "method", "device",
                                         "default_fit", "epochs", "batch_size", "threads",
                                         "conv_channels", "grid", "folds", "fits",
                                         "best_params",
                                         "best_score", "input_mib", "output_mib")}
        row["measurement"] = key[0]
        row["reps"] = len(rows)
        for name in ("fit_s", "epoch_s", "reference_epoch_s", "generation_s", "refit_s"):
            values = _values(rows, name)
            if values:
                row[name] = min(values)
                row[name.replace("_s", "_median_s")] = float(np.median(values))
        if "fit_s" in row:
            row["reference_workload_s"] = workload
            row["fit_over_workload"] = row["fit_s"] / workload
            row["fit_median_over_workload"] = row["fit_median_s"] / workload
            if row.get("fits"):
                row["per_fit_s"] = row["fit_s"] / float(row["fits"])
        target = TARGETS.get(key[1:4])
        if (target and key[0] == "fit_resample" and key[4] in DEEP_METHODS
                and row.get("default_fit") is True):
            row["target_workload_units"] = target
            if math.isfinite(row.get("fit_over_workload", float("nan"))):
                row["meets_target"] = bool(row["fit_over_workload"] <= target)
        if "epoch_s" in row and "reference_epoch_s" in row:
            row["speedup"] = row["reference_epoch_s"] / row["epoch_s"]
            row["speedup_median"] = row["reference_epoch_median_s"] / row["epoch_median_s"]
            row["versus_reference"] = compare(row["reference_epoch_s"], row["epoch_s"],
                                              REFERENCE_WHAT)
        for name in ("peak_rss_extra_mib", "peak_rss_mib", "peak_gpu_mib"):
            values = _values(rows, name)
            if values:
                row[name] = max(values)
        if "peak_rss_extra_mib" in row:
            row["peak_over_input"] = row["peak_rss_extra_mib"] / float(row["input_mib"])
        loads = _values(rows, "load1_before") + _values(rows, "load1_after")
        if loads:
            row["load1_min"], row["load1_max"] = min(loads), max(loads)
        ratios = _values(rows, "fit_cpu_per_wall")
        if ratios:
            row["fit_cpu_per_wall"] = float(np.median(ratios))
        row["warned_reps"] = sum(bool(r.get("load_warning")) for r in rows)
        summary.append(row)
    # SMOTE's fit of the same data, or its grid search
    smote = {k[:4]: r for k, r in zip(groups, summary) if k[4] == "smote"}
    numeric = {k[:1] + k[2:]: r for k, r in zip(groups, summary) if k[1] == "tabular"}
    for key, row in zip(groups, summary):
        base = smote.get(key[:4])
        if base is not None and row is not base:
            row["versus_smote"] = compare(base.get("fit_s"), row.get("fit_s"),
                                          SMOTE_WHAT if key[0] == "fit_resample"
                                          else SMOTE_SEARCH_WHAT)
        # a mixed table against the numeric table of its shape, same method:
        # per epoch (the fits may train different numbers of epochs) and fit
        same = numeric.get(key[:1] + key[2:])
        if key[1] == "mixed" and same is not None:
            row["versus_numeric"] = compare(same.get("epoch_s", same.get("fit_s")),
                                            row.get("epoch_s", row.get("fit_s")),
                                            NUMERIC_WHAT)
            if row.get("fit_s") and same.get("fit_s"):
                row["fit_over_numeric"] = row["fit_s"] / same["fit_s"]
    return summary


COLUMNS = ("measurement", "data", "n_rows", "n_features", "method", "device", "default_fit",
           "grid", "folds", "fits", "reps", "fit_s", "fit_median_s", "reference_workload_s",
           "fit_over_workload", "fit_median_over_workload", "target_workload_units",
           "meets_target", "per_fit_s", "refit_s", "best_params", "best_score",
           "generation_s", "epochs", "batch_size", "threads", "epoch_s", "epoch_median_s",
           "reference_epoch_s", "reference_epoch_median_s", "speedup", "speedup_median",
           "versus_reference", "versus_smote", "versus_numeric", "fit_over_numeric",
           "input_mib", "peak_rss_extra_mib",
           "peak_rss_mib", "peak_over_input", "output_mib",
           "peak_gpu_mib", "conv_channels", "load1_min", "load1_max", "fit_cpu_per_wall",
           "warned_reps")
#: Columns of ``<stem>_runs.csv``, one row per measurement, in order of measurement.
RUN_COLUMNS = ("rep", "measurement", "data", "n_rows", "n_features", "method", "status",
               "device", "default_fit", "grid", "folds", "fits", "refit_s", "best_params",
               "best_score", "steps", "final_loss", "conv_channels", "fit_s", "fit_cpu_s",
               "fit_cpu_per_wall", "threads", "torch_threads", "epochs", "batch_size",
               "epoch_s", "train_s", "generation_s",
               "reference_epoch_s", "reference_threads", "reference_cpu_per_wall", "speedup",
               "input_mib", "output_mib", "peak_rss_extra_mib", "peak_rss_mib",
               "peak_over_input", "peak_gpu_mib",
               "load1_before", "load5_before", "load15_before", "load1_after", "load5_after",
               "load15_after", "own_load_before", "own_load_after", "others_cpus",
               "steal_share", "worker_s", "cpu_model", "cpu_count", "usable_cpus", "python",
               "torch", "load_warning", "error")


def _fmt(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if np.isnan(value):
            return ""
        return f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"
    return "" if value is None else str(value)


def _pair(row, low, mid):
    a, b = _fmt(row.get(low)), _fmt(row.get(mid))
    return f"{a} / {b}" if a and b else a


#: The Markdown table of the fits: header, and the summary columns or (min,
#: median) pairs in each cell.
MD_COLUMNS = (
    ("data", "data"), ("n_rows", "n_rows"), ("n_features", "n_features"),
    ("method", "method"), ("device", "device"), ("reps", "reps"),
    ("default fit", "default_fit"), ("fit s (min / median)", ("fit_s", "fit_median_s")),
    ("fit / workload (min / median)", ("fit_over_workload", "fit_median_over_workload")),
    ("target (workloads)", "target_workload_units"), ("meets target", "meets_target"),
    ("epochs", "epochs"),
    ("threads", "threads"), ("s / epoch (min / median)", ("epoch_s", "epoch_median_s")),
    ("reference s / epoch (min / median)", ("reference_epoch_s", "reference_epoch_median_s")),
    ("per epoch (from the minimums)", "versus_reference"), ("fit (from the minimums)",
                                                            "versus_smote"),
    ("mixed table per epoch (from the minimums)", "versus_numeric"),
    ("peak RSS extra MiB", "peak_rss_extra_mib"), ("peak RSS MiB", "peak_rss_mib"),
    ("peak GPU MiB", "peak_gpu_mib"), ("conv channels", "conv_channels"),
    ("load 1 min (min-max)", ("load1_min", "load1_max")), ("CPU / wall", "fit_cpu_per_wall"),
    ("reps warned", "warned_reps"),
)


#: The Markdown table of the grid searches, as :data:`MD_COLUMNS`.
GRID_SEARCH_MD_COLUMNS = (
    ("data", "data"), ("n_rows", "n_rows"), ("n_features", "n_features"),
    ("method", "method"), ("device", "device"), ("reps", "reps"), ("grid", "grid"),
    ("fits", "fits"), ("search s (min / median)", ("fit_s", "fit_median_s")),
    ("search / workload (min / median)", ("fit_over_workload", "fit_median_over_workload")),
    ("s per fit (from the min)", "per_fit_s"), ("refit s (min / median)",
                                                 ("refit_s", "refit_median_s")),
    ("search (from the minimums)", "versus_smote"), ("best", "best_params"),
    ("best mean ROC AUC", "best_score"), ("threads", "threads"),
    ("peak RSS extra MiB", "peak_rss_extra_mib"), ("peak GPU MiB", "peak_gpu_mib"),
    ("load 1 min (min-max)", ("load1_min", "load1_max")), ("CPU / wall", "fit_cpu_per_wall"),
    ("reps warned", "warned_reps"),
)


def _table(rows, columns):
    """Markdown table lines of ``rows`` in ``columns`` (:data:`MD_COLUMNS`'s form)."""
    lines = ["| " + " | ".join(h for h, _ in columns) + " |", "|" + " --- |" * len(columns)]
    for r in rows:
        cells = []
        for _, key in columns:
            if isinstance(key, tuple):
                cells.append(_pair(r, *key) if key[0] != "load1_min" else
                             "-".join(filter(None, (_fmt(r.get(k)) for k in key))))
            else:
                cells.append(_fmt(r.get(key)))
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def markdown(rows, *, header=None, warnings=()):
    """The summary as Markdown, under ``header`` lines and above the warnings.

    The fits' table, then the grid searches' in a section of their own.
    """
    fits = [r for r in rows if _measurement(r) == "fit_resample"]
    searches = [r for r in rows if _measurement(r) == "grid_search"]
    lines = list(header or []) + ([""] if header else [])
    if fits or not searches:
        lines += _table(fits, MD_COLUMNS)
    if searches:
        first = searches[0]
        lines += ([""] if fits else []) + [
            "## Grid search", "",
            f"Wall time of GridSearchCV.fit on the {first['data']} {first['n_rows']:,} x "
            f"{first['n_features']} table: Pipeline([sampler, LogisticRegression(max_iter="
            f"1000)]), two settings of one sampler parameter (grid), StratifiedKFold("
            f"{first.get('folds') or GRID_SEARCH_FOLDS}, shuffle=True, random_state=0), "
            "scoring roc_auc, n_jobs=1: "
            "the fits of every setting and fold, and the refit; the samplers at their "
            "defaults (random_state=0)" + ("" if all(r.get("default_fit") is not False
                                                     for r in searches)
                                           else ", except their epochs (--max-epochs)"), ""]
        lines += _table(searches, GRID_SEARCH_MD_COLUMNS)
    text = "\n".join(lines) + "\n"
    if warnings:
        text += ("\n**Other processes competed for the CPU** in these measurements; their "
                 "times are likely too long (the minimums are the least affected):\n\n"
                 + "".join(f"- {w}\n" for w in warnings))
    return text


def _write_csv(rows, path, columns):
    keys = list(columns) + [k for k in dict.fromkeys(k for r in rows for k in r)
                            if k not in columns and not k.startswith("_")]
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=keys, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    os.replace(tmp, path)  # a run stopped while writing leaves the last complete file


def write_results(runs, out, stem, header=()):
    """Write ``<stem>.csv``, ``.md`` and ``_runs.csv`` under ``out``; return the summary."""
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    summary = summarize(runs)
    _write_csv(summary, out / f"{stem}.csv", COLUMNS)
    _write_csv(runs, out / f"{stem}_runs.csv", RUN_COLUMNS)
    warnings = [f"{_label(r)}: {r['load_warning']}" for r in runs if r.get("load_warning")]
    tmp = out / f"{stem}.md.tmp"
    tmp.write_text(markdown(summary, header=header, warnings=warnings))
    os.replace(tmp, out / f"{stem}.md")
    return summary


def _label(row):
    """A measurement's name in the printed lines and the warnings."""
    what = _measurement(row)
    if what == "reference_workload":
        return f"reference workload at the {row['rep']}"
    text = f"{row['data']} {row['n_rows']}x{row['n_features']} {row['method']} rep {row['rep']}"
    return "grid search " + text if what == "grid_search" else text


def _parse_sizes(text):
    sizes = []
    for item in text.split(","):
        kind, shape = item.split(":")
        n, d = shape.lower().split("x")
        sizes.append((kind, int(float(n)), int(d)))
    return sizes


def _channels(text):
    """An argparse type for ``--conv-channels``: comma-separated positive ints."""
    try:
        channels = tuple(int(v) for v in text.split(","))
    except ValueError:
        channels = ()
    if not channels or min(channels) < 1:
        raise argparse.ArgumentTypeError(
            f"invalid conv channels {text!r}; give positive integers, e.g. 8,16,16,32")
    return channels


def _epochs(text):
    """An argparse type for ``--max-epochs``: auto or a positive int."""
    if text == "auto":
        return text
    if text.isdigit() and int(text) > 0:
        return int(text)
    raise argparse.ArgumentTypeError(
        f"invalid epochs {text!r}; give auto or a positive integer")


def _threads(text):
    """An argparse type for ``--reference-threads``: same, default or a positive int."""
    if text in ("same", "default"):
        return text
    if text.isdigit() and int(text) > 0:
        return int(text)
    raise argparse.ArgumentTypeError(
        f"invalid thread count {text!r}; give same, default or a positive integer")


def _since_process_start():
    """Seconds since this process started (Linux), so that imports count; None elsewhere."""
    try:
        with open("/proc/self/stat") as f:
            start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as f:
            uptime = float(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return max(uptime - start_ticks / os.sysconf("SC_CLK_TCK"), 0.0)


def _git_commit():
    try:
        root = pathlib.Path(__file__).resolve().parents[1]
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root,
                                capture_output=True, text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=root, capture_output=True, text=True,
                               timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""
    return commit + (" with uncommitted changes" if commit and dirty else "")


#: (real rows of the class, synthetic rows, features) measured by ``--metrics``.
METRICS_SIZES = ((10_000, 10_000, 50),)


def measure_metrics(n_real, n_synthetic, n_features, *, repeats=2, seed=0):
    """Wall time and peak memory of :func:`~imblearn_deep.metrics.synthetic_quality_report`.

    Real data: ``n_real`` rows of the over-sampled class and as many of a
    second class (which trains the class-fidelity classifier), Gaussian
    with shifted means; synthetic: ``n_synthetic`` rows of the class from a
    slightly wider Gaussian. The report runs ``repeats`` times; the minimum
    and median wall times are kept, with the load average before and after
    (the machine may be shared).
    """
    from imblearn_deep.metrics import synthetic_quality_report

    rng = np.random.default_rng(seed)
    X = rng.standard_normal((2 * n_real, n_features))
    y = np.r_[np.zeros(n_real, dtype=np.int64), np.ones(n_real, dtype=np.int64)]
    X[y == 1] += 0.5
    X_syn = 1.1 * rng.standard_normal((n_synthetic, n_features)) + 0.5
    y_syn = np.ones(n_synthetic, dtype=np.int64)
    row = {"n_real": n_real, "n_other": n_real, "n_synthetic": n_synthetic,
           "n_features": n_features, "cpu_count": os.cpu_count(),
           "load_before": os.getloadavg()[0],
           # what one matrix of all synthetic-to-real distances would take
           "full_matrix_mib": n_synthetic * n_real * 8 / 2**20}
    times = []
    before = _rss_mib("VmRSS")
    exact_peak = _reset_peak_rss()
    for _ in range(repeats):
        t = time.perf_counter()
        report = synthetic_quality_report(None, X, y, synthetic=(X_syn, y_syn), random_state=0)
        times.append(time.perf_counter() - t)
    row["peak_rss_extra_mib"] = (_rss_mib("VmHWM") - before) if exact_peak else float("nan")
    row.update(report_min_s=min(times), report_median_s=float(np.median(times)),
               load_after=os.getloadavg()[0])
    row.update({k: float(v) for k, v in report.iloc[0].items()
                if k not in ("n_real", "n_synthetic")})
    return row


METRICS_COLUMNS = ("n_real", "n_other", "n_synthetic", "n_features", "report_min_s",
                   "report_median_s", "peak_rss_extra_mib", "full_matrix_mib", "load_before",
                   "load_after", "cpu_count", "detectability", "memorisation_ratio",
                   "near_copy_share", "precision", "recall", "density", "coverage",
                   "class_fidelity")


def metrics_markdown(rows):
    header = ("| " + " | ".join(METRICS_COLUMNS) + " |\n|" + " --- |" * len(METRICS_COLUMNS)
              + "\n")
    return header + "".join("| " + " | ".join(_fmt(r.get(c)) for c in METRICS_COLUMNS)
                            + " |\n" for r in rows)


def build_parser():
    """The command line's parser."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.speed",
        description="Wall time and peak memory of fit_resample against SMOTE, random "
        "over-sampling and a plain PyTorch training loop of the same networks, and of a "
        "grid search over a sampler -> logistic regression pipeline, in interleaved "
        "repetitions (minimum and median), with the machine's load recorded; every time "
        "also as a multiple of a fixed one-thread PyTorch workload measured at the start "
        "and end (fit_over_workload), comparable across machines.",
    )
    parser.add_argument("--sizes", default=None,
                        help="comma-separated KIND:ROWSxFEATURES, KIND tabular, mixed or "
                        "image (28x28, so FEATURES=784); default: 500 x 8 to 1M x 50 "
                        "tables, 5k-60k images")
    parser.add_argument("--quick", action="store_true",
                        help="a few minutes on a 2-core CPU: small sizes (unless --sizes), "
                        "default fits (max_epochs='auto') of tables of at most "
                        f"{QUICK_DEFAULT_FIT_ROWS:,} rows, {QUICK_EPOCHS['tabular']} epochs "
                        f"per larger tabular fit and {QUICK_EPOCHS['image']} per image fit "
                        "(unless --max-epochs), image "
                        "networks with conv channels "
                        + ",".join(map(str, QUICK_CONV_CHANNELS)) + " (unless "
                        f"--conv-channels), {QUICK_REFERENCE_BATCHES} reference batches "
                        "(unless --reference-batches), and the grid search (unless "
                        "--no-grid-search)")
    parser.add_argument("--methods", type=names(METHODS + tuple(VARIANTS)),
                        default=list(METHODS),
                        help="comma-separated methods to time among " + ", ".join(METHODS)
                        + " (default: all of these), and the variants "
                        + ", ".join(VARIANTS) + " (the configurations of "
                        "benchmarks.research.configurations: generation options and "
                        "training variants)")
    parser.add_argument("--device", type=device, default="auto",
                        help=DEVICE_HELP + " (default: auto)")
    parser.add_argument("--max-epochs", type=_epochs, default=None,
                        help="epochs per fit, or auto for default fits of every size "
                        "(default: the samplers' 'auto', with --quick a few for images and "
                        f"tables of more than {QUICK_DEFAULT_FIT_ROWS:,} rows); large sizes "
                        "on a CPU want 1 or 2")
    parser.add_argument("--conv-channels", type=_channels, default=None,
                        help="comma-separated conv channels of the image networks, e.g. "
                        "8,16,16,32 (default: the samplers' own, with --quick "
                        + ",".join(map(str, QUICK_CONV_CHANNELS)) + ")")
    parser.add_argument("--repeats", type=int, default=DEFAULT_REPEATS,
                        help="interleaved repetitions of every configuration: rep 1 of "
                        "all, then rep 2 of all, ...; the minimum is the headline, the "
                        f"median the spread (default: {DEFAULT_REPEATS})")
    parser.add_argument("--reference-threads", type=_threads, default="same",
                        help="threads of the reference loop: same (as the sampler's fit, "
                        "the default), default (torch's, as the papers' code runs; on a "
                        "shared CPU far slower) or a number")
    parser.add_argument("--max-minutes", type=float, default=None,
                        help="start no repetition that would end after this many minutes "
                        "(judged by the longest repetition so far; default: no limit, with "
                        f"--quick {QUICK_MAX_MINUTES})")
    parser.add_argument("--reference-batches", type=int, default=None,
                        help="batches timed of the reference loop (0: skip it; default "
                        f"200, with --quick {QUICK_REFERENCE_BATCHES})")
    parser.add_argument("--grid-search", action=argparse.BooleanOptionalAction, default=None,
                        help="time GridSearchCV over a pipeline sampler -> logistic "
                        f"regression on a {GRID_SEARCH_DATA[1]:,} x {GRID_SEARCH_DATA[2]} "
                        "table, two settings of one sampler parameter, "
                        f"{GRID_SEARCH_FOLDS}-fold: alone, or with the fits of --sizes; "
                        "the default run and --quick include it (--no-grid-search: not)")
    parser.add_argument("--out", default="benchmark_results", metavar="FOLDER",
                        help="folder for the CSV and Markdown results, rewritten after "
                        "every measurement (default: benchmark_results)")
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--metrics", action="store_true",
                        help="time synthetic_quality_report instead of the fits (writes "
                        "metrics_speed.csv and .md)")
    parser.add_argument("--metrics-sizes", default=None,
                        help="with --metrics: comma-separated REALxSYNTHETICxFEATURES "
                        "(default 10000x10000x50)")
    return parser


def _run_metrics(args):
    from imblearn_deep.benchmarks._runner import save_results

    sizes = ([tuple(int(float(v)) for v in item.lower().split("x"))
              for item in args.metrics_sizes.split(",")] if args.metrics_sizes
             else METRICS_SIZES)
    rows = []
    for n_real, n_synthetic, n_features in sizes:
        rows.append(measure_metrics(n_real, n_synthetic, n_features))
        print(f"report on {n_real} real (and {n_real} other) and {n_synthetic} synthetic "
              f"rows of {n_features} features: {rows[-1]['report_min_s']:.2f}s (min), "
              f"peak +{rows[-1]['peak_rss_extra_mib']:.0f} MiB", flush=True)
    save_results(rows, metrics_markdown(rows), args.out, "metrics_speed")
    return rows


def _record(result, rep, history, cores):
    """A measurement's row with its load figures and warnings; adds it to ``history``."""
    row = dict(result, rep=rep, status="ok")
    own = (own_load(history, row["_t_load_before"]),
           own_load(history + [(row["_t_fit"], row["_t_load_after"], row["fit_cpu_s"])],
                    row["_t_load_after"]))
    row["own_load_before"], row["own_load_after"] = own
    row["worker_s"] = row["_t_end"] - row["_t_start"]
    history.append((row["_t_start"], row["_t_end"], row["_cpu_s"]))
    row["load_warning"] = "; ".join(competition_warnings(row, cores, own))
    return row


def main(argv=None):
    """Run the command line; returns the summary rows (one per configuration)."""
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parser.parse_args(argv)
    if args.metrics:
        return _run_metrics(args)
    if args.worker:  # one measurement, in this process (kept for scripts that use it)
        print("RESULT " + json.dumps(_measure(json.loads(args.worker))), flush=True)
        return None
    if args.repeats < 1:
        parser.error(f"--repeats must be at least 1, got {args.repeats}")

    t_run = time.perf_counter() - (_since_process_start() or 0.0)
    # --grid-search alone: the grid search only; with --sizes: both; the
    # default run and --quick: both, unless --no-grid-search
    grid_search = args.grid_search or (args.grid_search is None and not args.sizes)
    sizes = (_parse_sizes(args.sizes) if args.sizes else [] if args.grid_search
             else QUICK_SIZES if args.quick else DEFAULT_SIZES)
    reference_batches = (args.reference_batches if args.reference_batches is not None
                         else QUICK_REFERENCE_BATCHES if args.quick else 200)
    conv_channels = args.conv_channels or (QUICK_CONV_CHANNELS if args.quick else None)
    max_minutes = args.max_minutes or (QUICK_MAX_MINUTES if args.quick else None)
    fake_load = os.environ.get(FAKE_LOAD_ENV) or None
    cores = usable_cpus()
    from imblearn_deep.benchmarks._runner import cpu_model

    processor = cpu_model()
    grid_kind, grid_rows, grid_features = GRID_SEARCH_DATA
    configs = ([dict(measurement="fit_resample", data=kind, n_rows=n_rows,
                     n_features=n_features, method=method)
                for kind, n_rows, n_features in sizes for method in args.methods]
               + [dict(measurement="grid_search", data=grid_kind, n_rows=grid_rows,
                       n_features=grid_features, method=method)
                  for method in (args.methods if grid_search else ())])
    n_total = len(configs) * args.repeats
    stem = "speed_quick" if args.quick and not args.sizes and not args.grid_search else "speed"
    start_load = read_load(fake_load)
    commit = _git_commit()
    print(f"{len(configs)} configurations x {args.repeats} interleaved repetitions on "
          f"{cores} CPUs, and the reference workload at the start and end; 1-minute load "
          f"average {start_load[0]:.2f} at the start", flush=True)

    def epochs(kind, n_rows):
        return fit_epochs(kind, n_rows, quick=args.quick, max_epochs=args.max_epochs)

    def header(done, note):
        from imblearn_deep import __version__

        default = [f"{k} {n:,}x{d}" for k, n, d in sizes if epochs(k, n) is None]
        short = [f"{k} {n:,}x{d} {epochs(k, n)} epochs" for k, n, d in sizes
                 if epochs(k, n) is not None]
        if grid_search:
            grid_epochs = epochs(grid_kind, grid_rows)
            (default if grid_epochs is None else short).append(
                "the grid search's" + ("" if grid_epochs is None else f" {grid_epochs} epochs"))
        settings = ("default fits (max_epochs='auto', the fits users wait for): "
                    + (", ".join(default) or "none")
                    + ("; short fits (their time per epoch is compared, their fit time is "
                       "not a default fit's): " + ", ".join(short) if short else ""))
        targets = ", ".join(f"{k} {n:,}x{d} at most {t:g}" for (k, n, d), t in TARGETS.items())
        return [
            "# Speed of fit_resample" + (" and of a grid search" if grid_search else ""), "",
            f"Command: `python -m benchmarks.speed {' '.join(argv)}`  ",
            f"Machine: {platform.platform()}, {processor}, {os.cpu_count()} CPUs "
            f"({cores} usable); "
            f"Python {platform.python_version()}, imblearn-deep {__version__}"
            + (f" (commit {commit})" if commit else "") + "  ",
            f"Load (1-minute average): {start_load[0]:.2f} at the start, "
            f"{read_load(fake_load)[0]:.2f} {note}; per measurement in {stem}_runs.csv  ",
            f"Measurements: {done} of {n_total} ({len(configs)} configurations x "
            f"{args.repeats} repetitions, interleaved: repetition 1 of every configuration, "
            "then repetition 2, ...)" + budget_note + ", each in a fresh process; times are "
            "the minimum "
            "(headline) and the median of the repetitions; comparisons use the minimums  ",
            f"Reference workload: {_fmt(workload_seconds(runs))} s, the least of its "
            f"measurements at the start and end of the run ({WORKLOAD_STEPS} Adam steps of "
            "an MLP 64-256-256-1 on batches of 256 rows, one thread, each in a fresh "
            "process); fit / workload = a fit's time over it. The deep samplers' targets, "
            f"default fits in workloads: {targets}  ",
            f"Settings: {settings}; image conv channels "
            + (",".join(map(str, conv_channels)) if conv_channels else "the samplers' own")
            + f"; reference loop: batch 64, {reference_batches} timed batches at most, "
            f"threads {args.reference_threads}  ",
            f"Run time: {time.perf_counter() - t_run:.0f} s since the command started  ",
            "Memory: peak RSS extra = the measuring process's resident-set high-water mark "
            "during the fit above its resident set before it (all the fit allocated, from "
            "Python and C++); peak RSS = that process's whole peak during the fit; "
            "peak GPU = torch.cuda.max_memory_allocated; the largest over the repetitions",
        ]

    def job(config):
        what = config["measurement"]
        if what == "reference_workload":
            return dict(measurement=what, steps=WORKLOAD_STEPS, fake_load=fake_load)
        kind, n_rows = config["data"], config["n_rows"]
        common = dict(method=config["method"], n_rows=n_rows, n_features=config["n_features"],
                      device=args.device, max_epochs=epochs(kind, n_rows),
                      fake_load=fake_load)
        if what == "grid_search":
            return dict(common, measurement=what)
        return dict(common, kind=kind, reference_batches=reference_batches,
                    reference_threads=args.reference_threads,
                    conv_channels=conv_channels if kind == "image" else None)

    def measure_once(config, rep):
        """Measure ``config`` in a fresh process, print the row, keep it and write all."""
        nonlocal done
        status, result = run_job(job(config), ctx)
        done += config["measurement"] != "reference_workload"
        label = _label(dict(config, rep=rep))
        if status != "ok":
            print(f"{label}: failed\n{result[-2000:]}", file=sys.stderr, flush=True)
            runs.append(dict(config, rep=rep, status="failed",
                             error=result.strip().splitlines()[-1]))
        else:
            row = _record(result, rep, history, cores)
            runs.append(row)
            print(f"{label}: " + (f"{row['fits']} fits " if "fits" in row else "")
                  + f"{row['fit_s']:.2f}s"
                  + (f", {row['epoch_s']:.3g}s per epoch" if "epoch_s" in row else "")
                  + (", " + compare(row["reference_epoch_s"], row["epoch_s"],
                                    REFERENCE_WHAT) if "speedup" in row else "")
                  + f" (load {row['load1_before']:.2f})", flush=True)
            if row["load_warning"]:
                print(f"WARNING {label}: other processes competed for the CPU: "
                      + row["load_warning"], flush=True)
        write_results(runs, args.out, stem, header(done, "at the last measurement"))

    ctx = _context()
    workload = dict(measurement="reference_workload")
    runs, history, done, longest, budget_note = [], [], 0, 0.0, ""
    try:
        measure_once(workload, "start")
        for rep in range(1, args.repeats + 1):
            elapsed = time.perf_counter() - t_run
            if rep > 1 and max_minutes and elapsed + longest > 60 * max_minutes:
                budget_note = (f"; stopped after {rep - 1} repetitions, as another would "
                               f"have ended after {max_minutes:g} minutes")
                print(budget_note[2:], flush=True)
                break
            for config in configs:
                measure_once(config, rep)
            longest = max(longest, time.perf_counter() - t_run - elapsed)
        measure_once(workload, "end")
    except KeyboardInterrupt:
        write_results(runs, args.out, stem,
                      header(done, f"when the run was stopped after {done} measurements"))
        print(f"stopped; the {done} measurements made are in {args.out}/{stem}.*",
              file=sys.stderr, flush=True)
        raise
    summary = write_results(runs, args.out, stem, header(done, "at the end"))
    print(markdown(summary), end="")
    warned = sum(bool(r.get("load_warning")) for r in runs)
    if warned:
        print(f"WARNING: other processes competed for the CPU in {warned} of {len(runs)} "
              "measurements (listed in the .md file); compare the minimums, and rerun on an "
              "idle machine for figures to quote", flush=True)
    print(f"results written to {pathlib.Path(args.out) / stem}.csv, .md and _runs.csv; "
          f"total time {time.perf_counter() - t_run:.0f} s since the command started",
          flush=True)
    return summary


if __name__ == "__main__":
    main()
