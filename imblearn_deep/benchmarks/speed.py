"""Speed and memory of ``fit_resample``, measured against a plain loop.

Run ``python -m imblearn_deep.benchmarks.speed`` (``--help`` for options).
For every data size and sampler it measures, each in a fresh process so
that peak memory is that of one fit:

- the sampler's ``fit_resample``: wall time, epochs, time per epoch, peak
  resident memory (RSS) above what the process held before the fit, and
  peak GPU memory on a GPU;
- SMOTE's ``fit_resample`` on the same data, for context;
- a *plain reference loop* that trains the same networks with the same
  loss code the way the papers' code does: a ``DataLoader`` over the numpy
  arrays, batch 64, float32, each batch copied to the device, each loss
  read back with ``.item()``, torch's default threads. Its time per epoch
  is estimated from its first batches (``--reference-batches``), since a
  full epoch at batch 64 can take minutes on a CPU.

The speed-up is the reference's time per epoch over the sampler's, taken
side by side in the same run. Results are printed as a Markdown table and
written as CSV and Markdown to ``--out``.

``--metrics`` times :func:`imblearn_deep.metrics.synthetic_quality_report`
instead (:func:`measure_metrics`), and writes ``metrics_speed.csv`` and
``.md``.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time

import numpy as np

from .._cli import DEVICE_HELP, device, names
from ._runner import save_results

#: (kind, n_rows, n_features) measured by default; kind "image" is 28x28.
DEFAULT_SIZES = (
    ("tabular", 1_000, 20), ("tabular", 10_000, 20), ("tabular", 100_000, 20),
    ("tabular", 1_000_000, 50),
    ("image", 5_000, 784), ("image", 20_000, 784), ("image", 60_000, 784),
)
QUICK_SIZES = (("tabular", 1_000, 20), ("tabular", 10_000, 20), ("image", 1_000, 784))
METHODS = ("smote", "dvaan", "bayesgan")

#: Variants of the deep samplers, by name: (method, extra parameters). They
#: time what a generation option adds to the default fit (``generation_s``).
VARIANTS = {
    "dvaan_interpolate": ("dvaan", dict(sample_from="interpolate")),
    "dvaan_faithful": ("dvaan", dict(selection="faithful")),
    "bayesgan_faithful": ("bayesgan", dict(selection="faithful")),
}


def make_data(kind, n_rows, n_features, seed=0):
    """Imbalanced float32 data (5% minority) built in blocks, without float64 copies.

    Tabular rows are Gaussian with a shifted minority; image rows are
    28x28 blobs in [0, 1] with a class-dependent position.
    """
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
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _reset_peak_rss():
    """Reset the kernel's peak-RSS mark of this process (Linux >= 4.0)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _sampler(method, kind, device, max_epochs, seed=0):
    from imblearn_deep import BayesGANOversampler, DVAANSampler

    method, extra = VARIANTS.get(method, (method, {}))
    cls = {"dvaan": DVAANSampler, "bayesgan": BayesGANOversampler}[method]
    return cls(image_shape=(28, 28) if kind == "image" else None, device=device,
               max_epochs=max_epochs, random_state=seed, **extra)


def reference_epoch_time(sampler, X, y, *, batch_size=64, max_batches=200):
    """Seconds per epoch of the plain loop, from its first ``max_batches`` batches.

    Trains ``sampler``'s own networks with its own training step, the way
    the papers' code does (see the module docstring). The first 5 batches
    are warm-up and not timed.
    """
    import torch
    from torch.utils.data import DataLoader, TensorDataset

    # The sampler's training seam: the same checks, scaling, seeding and
    # networks as a fit, with this plain loop in place of the base's.
    with sampler._training_session(X, y, choose_threads=False) as session:
        loader = DataLoader(TensorDataset(torch.from_numpy(session.X),
                                          torch.from_numpy(session.y)),
                            batch_size=batch_size, shuffle=True, drop_last=True)
        n_batches = len(loader)
        device = session.device
        warm, timed, t0 = min(5, n_batches // 2), 0, None
        for b, (xb, yb) in enumerate(loader):
            if b == warm:
                if device.type == "cuda":
                    torch.cuda.synchronize()
                t0 = time.perf_counter()
            losses = session.step(xb.to(device), yb.to(device), b, n_batches)
            _ = {k: v.item() for k, v in losses.items()}  # logged per batch
            if b >= warm:
                timed += 1
            if timed >= max_batches or b + 1 == n_batches:
                break
        elapsed = None if t0 is None else time.perf_counter() - t0
    if elapsed is None or timed == 0:
        return float("nan")
    return elapsed / timed * n_batches


def measure(method, kind, n_rows, n_features, *, device="auto", max_epochs=None,
            reference_batches=200, seed=0):
    """One measurement, meant to run in a fresh process; returns a dict."""
    import torch

    X, y = make_data(kind, n_rows, n_features, seed)
    row = {"method": method, "data": kind, "n_rows": n_rows, "n_features": n_features,
           "input_mib": X.nbytes / 2**20, "python": platform.python_version(),
           "torch": torch.__version__, "cpu_count": os.cpu_count()}
    gpu = False
    if method == "smote":
        from imblearn.over_sampling import SMOTE

        sampler = SMOTE(random_state=seed)
        row["device"] = "cpu"
    else:
        sampler = _sampler(method, kind, device, max_epochs or "auto", seed)
        from .._torch import resolve_device

        dev = resolve_device(device)
        row["device"] = (torch.cuda.get_device_name(dev) if dev.type == "cuda" else "cpu")
        gpu = dev.type == "cuda"
    if gpu:
        torch.cuda.reset_peak_memory_stats()
    before = _rss_mib("VmRSS")
    exact_peak = _reset_peak_rss()
    t = time.perf_counter()
    X_res, _ = sampler.fit_resample(X, y)
    row["fit_s"] = time.perf_counter() - t
    row["peak_rss_extra_mib"] = (_rss_mib("VmHWM") - before) if exact_peak else float("nan")
    row["output_mib"] = X_res.nbytes / 2**20
    row["peak_over_input"] = row["peak_rss_extra_mib"] / row["input_mib"]
    del X_res
    if gpu:
        row["peak_gpu_mib"] = torch.cuda.max_memory_allocated() / 2**20
    if method != "smote":
        times = sampler.history_["epoch_time"]
        row.update(epochs=sampler.n_epochs_, batch_size=sampler.batch_size_,
                   threads=sampler.n_threads_,
                   epoch_s=float(np.median(times[1:] if len(times) > 1 else times)),
                   train_s=sampler.train_time_, generation_s=sampler.generation_time_)
        if reference_batches:
            ref = _sampler(method, kind, device, 1, seed)
            row["reference_epoch_s"] = reference_epoch_time(
                ref, X, y, max_batches=reference_batches
            )
            row["speedup"] = row["reference_epoch_s"] / row["epoch_s"]
    return row


COLUMNS = ("data", "n_rows", "n_features", "method", "device", "fit_s", "generation_s", "epochs",
           "batch_size", "threads", "epoch_s", "reference_epoch_s", "speedup",
           "input_mib", "peak_rss_extra_mib", "peak_over_input", "output_mib",
           "peak_gpu_mib")


def _fmt(value):
    if isinstance(value, float):
        if np.isnan(value):
            return ""
        return f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"
    return "" if value is None else str(value)


def markdown(rows):
    header = "| " + " | ".join(COLUMNS) + " |\n|" + " --- |" * len(COLUMNS) + "\n"
    body = "".join("| " + " | ".join(_fmt(r.get(c)) for c in COLUMNS) + " |\n" for r in rows)
    return header + body


def _parse_sizes(text):
    sizes = []
    for item in text.split(","):
        kind, shape = item.split(":")
        n, d = shape.lower().split("x")
        sizes.append((kind, int(float(n)), int(d)))
    return sizes


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
                   "near_copy_share", "precision", "recall", "density", "coverage", "class_fidelity")


def metrics_markdown(rows):
    header = ("| " + " | ".join(METRICS_COLUMNS) + " |\n|" + " --- |" * len(METRICS_COLUMNS)
              + "\n")
    return header + "".join("| " + " | ".join(_fmt(r.get(c)) for c in METRICS_COLUMNS)
                            + " |\n" for r in rows)


def build_parser():
    """The command line's parser."""
    parser = argparse.ArgumentParser(
        prog="python -m imblearn_deep.benchmarks.speed",
        description="Wall time and peak memory of fit_resample against SMOTE and a plain "
        "PyTorch training loop of the same networks.",
    )
    parser.add_argument("--sizes", default=None,
                        help="comma-separated KIND:ROWSxFEATURES, KIND tabular or image "
                        "(28x28, so FEATURES=784); default: 1k-1M tabular, 5k-60k images")
    parser.add_argument("--quick", action="store_true", help="small sizes only (minutes on a CPU)")
    parser.add_argument("--methods", type=names(METHODS + tuple(VARIANTS)),
                        default=list(METHODS),
                        help="comma-separated methods to time among " + ", ".join(METHODS)
                        + " (default: these three), and the variants "
                        + ", ".join(VARIANTS) + " (generation options of issue 13)")
    parser.add_argument("--device", type=device, default="auto",
                        help=DEVICE_HELP + " (default: auto)")
    parser.add_argument("--max-epochs", default=None,
                        help="epochs per fit (default: the samplers' 'auto'); "
                        "large sizes on a CPU want 1 or 2")
    parser.add_argument("--reference-batches", type=int, default=200,
                        help="batches timed of the reference loop (0: skip it)")
    parser.add_argument("--out", default="benchmark_results", metavar="FOLDER",
                        help="folder for the CSV and Markdown results "
                        "(default: benchmark_results)")
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--metrics", action="store_true",
                        help="time synthetic_quality_report instead of the fits (writes "
                        "metrics_speed.csv and .md)")
    parser.add_argument("--metrics-sizes", default=None,
                        help="with --metrics: comma-separated REALxSYNTHETICxFEATURES "
                        "(default 10000x10000x50)")
    return parser


def main(argv=None):
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)

    if args.metrics:
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

    if args.worker:  # one measurement, in this (fresh) process
        print("RESULT " + json.dumps(measure(**json.loads(args.worker))), flush=True)
        return None

    sizes = (_parse_sizes(args.sizes) if args.sizes
             else QUICK_SIZES if args.quick else DEFAULT_SIZES)
    max_epochs = int(args.max_epochs) if args.max_epochs else None
    rows = []
    for kind, n_rows, n_features in sizes:
        for method in args.methods:
            job = dict(method=method, kind=kind, n_rows=n_rows, n_features=n_features,
                       device=args.device, max_epochs=max_epochs,
                       reference_batches=args.reference_batches)
            done = subprocess.run(
                [sys.executable, "-m", "imblearn_deep.benchmarks.speed",
                 "--worker", json.dumps(job)],
                capture_output=True, text=True,
            )
            lines = [ln for ln in done.stdout.splitlines() if ln.startswith("RESULT ")]
            if done.returncode or not lines:
                print(f"{kind} {n_rows}x{n_features} {method}: failed\n{done.stderr[-2000:]}",
                      file=sys.stderr)
                continue
            row = json.loads(lines[-1][len("RESULT "):])
            rows.append(row)
            print(f"{kind} {n_rows}x{n_features} {method}: fit {row['fit_s']:.2f}s"
                  + (f", {row['speedup']:.1f}x the reference loop per epoch"
                     if "speedup" in row else ""), flush=True)
    stem = "speed_quick" if args.quick and not args.sizes else "speed"
    save_results(rows, markdown(rows), args.out, stem)
    return rows


if __name__ == "__main__":
    main()
