"""Differentiable augmentation (``diff_augment``) on few-shot 8x8 digits.

Run ``python -m benchmarks.research.diffaugment`` from the root of a checkout
(``--help`` for options); about 15 minutes on a shared 2-core CPU.

For each seed, scikit-learn's 1,797 digits are split in half, stratified by
digit. The training half gives a few-shot task: ``--n-minority`` (20) rows of
one digit (``--digit``, 8) against ``--n-majority`` (500) rows of the nine
others, labelled 1 and 0. The test half is kept whole (about 90 rows of the
digit against 810 others). Each competitor resamples the training rows to
balance, a logistic regression (standardized pixels) is trained on the
result, and its minority F1, G-mean, recall, precision and ROC AUC are
measured on the test half. The synthetic minority rows are judged with
:func:`imblearn_deep.metrics.synthetic_quality_report` against the training
rows (detectability, class fidelity, near-copy share, coverage).

Competitors: no resampling, random over-sampling, SMOTE (on float pixels),
and both deep samplers with default settings, without ``diff_augment`` and
with the DiffAugment paper's two policies, ``"translation,cutout"`` and
``"color,translation,cutout"`` (its setting for 100 images), with
``image_shape=(8, 8)`` and, so that a CPU runs it,
``conv_channels=(8, 16, 16, 32)`` (``--conv-channels``). The same seed
fits the plain and the augmented samplers from the same initial weights
and mini-batches, so they differ by the augmentation alone.

Results: one CSV row per (seed, competitor), and the means and standard
deviations over the seeds as a Markdown table and a CSV for the docs
(``diffaugment_digits.csv.gz`` and ``.md`` in ``--out``, by default
``benchmarks/results``, and ``_summary.csv``, rendered by the docs, in
``--tables``, by default ``docs/results``).
``--tables-only`` rewrites the last two from the first, without fitting.
"""

import argparse
import pathlib
import time
import warnings

import numpy as np
from imblearn.metrics import geometric_mean_score
from imblearn.over_sampling import SMOTE, RandomOverSampler
from joblib import Parallel, delayed
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_score, recall_score, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from imblearn_deep import BayesGANOversampler, DVAANSampler, __version__
from imblearn_deep.metrics import synthetic_quality_report

from .._io import DOCS_RESULTS, RESULTS, read_rows, write_csv

#: ``diff_augment`` of each deep competitor, by the suffix of its name: the
#: DiffAugment paper's two policies (all three families for 100 images).
POLICIES = {"": None, "_translation_cutout": "translation,cutout",
            "_color_translation_cutout": "color,translation,cutout"}

#: Conv channels of both samplers here (DVAAN's default, 64 to 256, takes
#: about 15 minutes per fit on a 2-core CPU); the benchmark runner's compact mode.
CONV_CHANNELS = (8, 16, 16, 32)

COMPETITORS = ("none", "ros", "smote",
               *(f"{name}{suffix}" for name in ("dvaan", "bayesgan") for suffix in POLICIES))

METRICS = ("f1", "gmean", "recall", "precision", "roc_auc")
QUALITY = ("detectability", "class_fidelity", "near_copy_share", "coverage")


def make_task(seed, digit=8, n_minority=20, n_majority=500):
    """``(X_train, y_train, X_test, y_test)`` of one few-shot digits task (float32 pixels)."""
    X, digits = load_digits(return_X_y=True)
    X = X.astype(np.float32)
    X_pool, X_test, d_pool, d_test = train_test_split(
        X, digits, test_size=0.5, stratify=digits, random_state=seed)
    rng = np.random.RandomState(seed)
    minority = rng.choice(np.flatnonzero(d_pool == digit), n_minority, replace=False)
    majority = rng.choice(np.flatnonzero(d_pool != digit), n_majority, replace=False)
    rows = np.r_[majority, minority]
    return (X_pool[rows], (d_pool[rows] == digit).astype(np.int64),
            X_test, (d_test == digit).astype(np.int64))


def make_competitor(name, seed, conv_channels=CONV_CHANNELS, max_epochs="auto"):
    """The sampler of a competitor (None for no resampling)."""
    if name == "none":
        return None
    if name == "ros":
        return RandomOverSampler(random_state=seed)
    if name == "smote":
        return SMOTE(random_state=seed)
    cls = DVAANSampler if name.startswith("dvaan") else BayesGANOversampler
    kernels = {DVAANSampler: (5, 5, 3, 3), BayesGANOversampler: (3, 3, 3, 3)}[cls]
    if len(conv_channels) != len(kernels):
        kernels = (3,) * len(conv_channels)
    return cls(image_shape=(8, 8), conv_channels=tuple(conv_channels), kernel_sizes=kernels,
               max_epochs=max_epochs, random_state=seed, device="cpu",
               diff_augment=POLICIES[name[len(name.split("_")[0]):]])


def _scores(clf, X_te, y_te):
    proba = clf.predict_proba(X_te)[:, 1]
    pred = clf.predict(X_te)
    return {
        "f1": f1_score(y_te, pred, zero_division=0),
        "gmean": geometric_mean_score(y_te, pred),
        "recall": recall_score(y_te, pred, zero_division=0),
        "precision": precision_score(y_te, pred, zero_division=0),
        "roc_auc": roc_auc_score(y_te, proba),
    }


def run_unit(seed, name, digit=8, n_minority=20, n_majority=500, conv_channels=CONV_CHANNELS,
             max_epochs="auto"):
    """One (seed, competitor): the result row."""
    X, y, X_te, y_te = make_task(seed, digit, n_minority, n_majority)
    sampler = make_competitor(name, seed, conv_channels, max_epochs)
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # e.g. the few-rows warning
        X_res, y_res = (X, y) if sampler is None else sampler.fit_resample(X, y)
    seconds = time.perf_counter() - t0
    clf = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
    clf.fit(X_res, y_res)
    row = {"seed": seed, "competitor": name, "digit": digit, "n_minority": n_minority,
           "n_majority": n_majority, **_scores(clf, X_te, y_te),
           "sampler_time": seconds}
    S, y_S = X_res[len(X):], y_res[len(X):]
    if sampler is not None and np.any(y_S == 1):
        report = synthetic_quality_report(None, X, y, synthetic=(S, y_S), image_shape=(8, 8),
                                          random_state=seed)
        row.update({k: float(report.loc[1, k]) for k in QUALITY})
    row["version"] = __version__
    return row


#: Columns of the summary, with their headers in the docs' table.
SUMMARY = {"competitor": "competitor", "f1": "F1", "gmean": "G-mean", "recall": "recall",
           "precision": "precision", "roc_auc": "AUC", "detectability": "detectability",
           "class_fidelity": "class fidelity", "near_copy_share": "near copies",
           "coverage": "coverage", "sampler_time": "sampler s"}


def summary_rows(rows):
    """Per competitor: ``mean ± std`` over the seeds of every column of :data:`SUMMARY`."""
    out = []
    for name in dict.fromkeys(r["competitor"] for r in rows):
        group = [r for r in rows if r["competitor"] == name]
        cells = {"competitor": name}
        for column in list(SUMMARY)[1:]:
            values = [float(r[column]) for r in group if r.get(column) not in (None, "")]
            if not values:
                cells[column] = ""
            elif column == "sampler_time":
                cells[column] = f"{np.mean(values):.0f}"
            else:
                cells[column] = f"{np.mean(values):.3f} ± {np.std(values):.3f}"
        out.append(cells)
    return out


def summary_table(rows):
    """The docs' table: :func:`summary_rows` under the headers of :data:`SUMMARY`."""
    return [{SUMMARY[k]: v for k, v in r.items()} for r in summary_rows(rows)]


def summary(rows):
    """Markdown: mean and standard deviation over the seeds, per competitor."""
    lines = ["| " + " | ".join(SUMMARY.values()) + " |", "|" + " --- |" * len(SUMMARY)]
    lines += ["| " + " | ".join(r[k] for k in SUMMARY) + " |" for r in summary_rows(rows)]
    first = rows[0]
    seeds = sorted({int(r["seed"]) for r in rows})
    lines += ["", f"Digit {first['digit']}: {first['n_minority']} training rows against "
              f"{first['n_majority']} of the other digits; the held-out half of the digits "
              f"for the scores. Means ± standard deviations over seeds {seeds}; sampler "
              f"seconds on a shared CPU. imblearn-deep {__version__}."]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.research.diffaugment",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", default="0,1,2", help="comma-separated seeds (default 0,1,2)")
    parser.add_argument("--digit", type=int, default=8, help="the minority digit (default 8)")
    parser.add_argument("--n-minority", type=int, default=20, help="minority training rows")
    parser.add_argument("--n-majority", type=int, default=500, help="majority training rows")
    parser.add_argument("--competitors", default=",".join(COMPETITORS),
                        help="comma-separated, from: " + ", ".join(COMPETITORS))
    parser.add_argument("--conv-channels", default=",".join(map(str, CONV_CHANNELS)),
                        help="conv channels of both deep samplers (default 8,16,16,32)")
    parser.add_argument("--max-epochs", default="auto",
                        help='training epochs of the deep samplers (default "auto")')
    parser.add_argument("--n-jobs", type=int, default=1, help="units run in parallel (joblib)")
    parser.add_argument("--out", default=str(RESULTS),
                        help=f"folder of the raw results (default {RESULTS})")
    parser.add_argument("--tables", default=str(DOCS_RESULTS),
                        help=f"folder of the docs' summary table (default {DOCS_RESULTS})")
    parser.add_argument("--stem", default="diffaugment_digits", help="file name stem")
    parser.add_argument("--tables-only", action="store_true",
                        help="rewrite the .md and _summary.csv from the CSV of an earlier run "
                        "with the same options, without fitting")
    args = parser.parse_args(argv)
    seeds = [int(s) for s in args.seeds.split(",")]
    names = [c for c in args.competitors.split(",") if c]
    unknown = set(names) - set(COMPETITORS)
    if unknown:
        parser.error(f"unknown competitors {sorted(unknown)}; choose from {', '.join(COMPETITORS)}")
    channels = tuple(int(c) for c in args.conv_channels.split(","))
    max_epochs = args.max_epochs if args.max_epochs == "auto" else int(args.max_epochs)
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    if args.tables_only:
        rows = read_rows(out / f"{args.stem}.csv.gz")
    else:
        jobs = Parallel(n_jobs=args.n_jobs, return_as="generator")(
            delayed(run_unit)(seed, name, args.digit, args.n_minority, args.n_majority,
                              channels, max_epochs)
            for seed in seeds for name in names)
        for row in jobs:
            rows.append(row)
            print(f"seed {row['seed']} {row['competitor']}: f1 {row['f1']:.3f} gmean "
                  f"{row['gmean']:.3f} ({row['sampler_time']:.0f} s)", flush=True)
            write_csv(rows, out / f"{args.stem}.csv.gz")  # a stopped run keeps its rows
    tables = pathlib.Path(args.tables)
    tables.mkdir(parents=True, exist_ok=True)
    write_csv(summary_table(rows), tables / f"{args.stem}_summary.csv")
    table = summary(rows)
    command = "python -m benchmarks.research.diffaugment" + "".join(
        f" {flag} {value}" for flag, value, default in (
            ("--seeds", args.seeds, "0,1,2"), ("--digit", args.digit, 8),
            ("--n-minority", args.n_minority, 20), ("--n-majority", args.n_majority, 500),
            ("--conv-channels", args.conv_channels, "8,16,16,32"),
            ("--max-epochs", args.max_epochs, "auto"))
        if str(value) != str(default))
    (out / f"{args.stem}.md").write_text(f"Command: `{command} --out {args.out}`\n\n{table}\n")
    print(table)
    return rows


if __name__ == "__main__":
    main()
