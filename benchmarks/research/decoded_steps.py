"""How far DVAAN's latent interpolation moves rows, on the KEEL tables.

``python -m benchmarks.research.decoded_steps`` fits DVAAN at its defaults
on every training fold of the KEEL tables (stratified 5-fold CV, as the
ablation) and measures, for the minority class, what latent interpolation
does with its rows: each row's nearest neighbour by latent code, and the
decoded step's length between their codes over the real gap between the two
rows (:func:`imblearn_deep._interpolation.decoded_steps`), with the
reconstruction error of the rows' own codes. A ratio near 1 means that an
interpolated row moves as far as SMOTE's would between those rows; near 0,
that it stays beside its real row, as random over-sampling's copies do.
``--min-rows`` cuts the minority of every training fold as the ablation's
few-shot sweep does. It writes ``decoded_steps.csv.gz`` (one row per data
set, seed, fold and sampler) and ``decoded_steps.md`` (means per data set
and overall) in ``--out``.

Only public pieces of the fitted sampler are used: the codes are DVAAN's
``encode`` of the training rows, the decoder its fitted ``decoder_``, and the
scaled units those of :class:`imblearn_deep._tabular.RangeScaler` fitted on
the training rows (the sampler's own scaling of numeric tables). BayesGAN's
codes come from an inversion of its generator that it keeps to itself, and
DVAAN's weighted reconstruction term was an internal switch: both left the
study when the research code left the package; their rows stay in
``benchmarks/results/decoded_steps*.csv.gz``.
"""

import argparse
import pathlib
import sys
import warnings

import numpy as np
import torch
from sklearn.model_selection import StratifiedKFold
from sklearn.utils import check_random_state

from imblearn_deep import DVAANSampler, __version__
from imblearn_deep._cli import integers, names
from imblearn_deep._interpolation import decoded_steps
from imblearn_deep._tabular import RangeScaler
from imblearn_deep.datasets import KEEL_BENCHMARK, load_keel

from .._io import RESULTS, write_csv

#: The samplers: name -> class.
SAMPLERS = {"dvaan": DVAANSampler}

#: The samplers measured unless ``--samplers`` names others.
DEFAULT_SAMPLERS = ("dvaan",)

#: The figures of a row, in the order of the tables.
FIGURES = ("step_ratio", "reconstruction", "gap")


def measure(sampler, X, y, minority=1):
    """Fit ``sampler`` (a DVAANSampler) on numeric ``(X, y)``; its minority's decoded steps.

    Returns ``{"step_ratio", "reconstruction", "gap", "n_kept"}`` of the
    rows labelled ``minority`` (see
    :func:`imblearn_deep._interpolation.decoded_steps`): their codes are the
    fitted sampler's ``encode``, the decoder its ``decoder_``, and the rows
    are scaled to ``[-1, 1]`` per column over the training rows, as the
    sampler scales numeric tables.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        sampler.fit_resample(X, y)
    X_minority = np.asarray(X)[np.asarray(y) == minority]
    decoder = sampler.decoder_
    device = next(decoder.parameters()).device
    codes = torch.as_tensor(sampler.encode(X_minority), device=device)
    rows = torch.as_tensor(RangeScaler().fit(np.asarray(X)).transform(X_minority),
                           device=device)
    decoder.eval()
    with torch.no_grad():
        ratio, reconstruction, gap = decoded_steps(codes, rows, decoder)
    return dict(step_ratio=ratio, reconstruction=reconstruction, gap=gap,
                n_kept=int(X_minority.shape[0]))


def run(data_sets, samplers, seeds, min_rows=None, log=print):
    """Rows of :func:`measure` for every data set, seed, fold and sampler."""
    from .ablation import _cut_minority

    rows = []
    for data_set in data_sets:
        X, y = load_keel(data_set)
        for seed in seeds:
            folds = StratifiedKFold(5, shuffle=True, random_state=seed).split(X, y)
            for fold, (train, _) in enumerate(folds):
                X_tr, y_tr = X[train], y[train]
                if min_rows:
                    X_tr, y_tr = _cut_minority(X_tr, y_tr, min_rows,
                                               check_random_state(seed * 100 + fold))
                for name in samplers:
                    sampler = SAMPLERS[name](random_state=seed, n_threads=1)
                    rows.append(dict(data_set=data_set, seed=seed, fold=fold,
                                     min_rows=min_rows or "", sampler=name,
                                     version=__version__, **measure(sampler, X_tr, y_tr)))
        done = [r for r in rows if r["data_set"] == data_set]
        ratios = {name: np.nanmean([r["step_ratio"] for r in done if r["sampler"] == name])
                  for name in samplers}
        log(f"{data_set}: step ratio " + ", ".join(f"{n} {v:.2f}" for n, v in ratios.items()))
    return rows


def markdown(rows):
    """Means per data set and sampler, and over the data sets."""
    samplers = list(dict.fromkeys(r["sampler"] for r in rows))
    data_sets = list(dict.fromkeys(r["data_set"] for r in rows))
    head = "| data set | " + " | ".join(f"{s} {f}" for s in samplers for f in FIGURES) + " |"
    lines = [head, "|" + " --- |" * (1 + len(samplers) * len(FIGURES))]
    means = {}
    for data_set in data_sets:
        cells = []
        for s in samplers:
            group = [r for r in rows if r["data_set"] == data_set and r["sampler"] == s]
            for f in FIGURES:
                value = float(np.nanmean([float(r[f]) for r in group]))
                means.setdefault((s, f), []).append(value)
                cells.append(f"{value:.3f}")
        lines.append(f"| {data_set} | " + " | ".join(cells) + " |")
    lines.append("| **mean of the data sets** | " + " | ".join(
        f"**{np.mean(means[(s, f)]):.3f}**" for s in samplers for f in FIGURES) + " |")
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.research.decoded_steps",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-sets", type=names(KEEL_BENCHMARK),
                        default=",".join(KEEL_BENCHMARK),
                        help="comma-separated KEEL sets (default: the benchmark's 20)")
    parser.add_argument("--samplers", type=names(SAMPLERS), default=",".join(DEFAULT_SAMPLERS),
                        help=f"comma-separated, among {', '.join(SAMPLERS)}")
    parser.add_argument("--seeds", type=integers, default="0",
                        help="comma-separated seeds (default: 0)")
    parser.add_argument("--min-rows", type=int, default=None,
                        help="cut the minority of every training fold to this many rows")
    parser.add_argument("--out", default=str(RESULTS),
                        help=f"folder of the results (default {RESULTS})")
    parser.add_argument("--stem", default="decoded_steps", help="file name stem")
    args = parser.parse_args(argv)
    data_sets, samplers, seeds = args.data_sets, args.samplers, args.seeds
    rows = run(data_sets, samplers, seeds, args.min_rows)
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    write_csv(rows, out / f"{args.stem}.csv.gz")
    given = sys.argv[1:] if argv is None else argv
    command = "python -m benchmarks.research.decoded_steps " + " ".join(given)
    text = markdown(rows)
    (out / f"{args.stem}.md").write_text(
        "DVAAN's latent interpolation's decoded steps on the minority class: for each kept row "
        "its nearest neighbour by latent code; `step_ratio` is the median over the rows "
        "of |Dec(z_b) - Dec(z_a)| / |x_b - x_a|, `reconstruction` the mean |Dec(z_a) - x_a|, "
        "`gap` the median |x_b - x_a| (scaled units, columns in [-1, 1]); mean over the "
        f"folds; `dvaan` at its defaults (imblearn-deep {__version__}).\n"
        f"Command: `{command.strip()}`\n\n" + text)
    print(text)
    return rows


if __name__ == "__main__":
    main()
