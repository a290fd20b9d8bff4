"""The main job: compare no resampling, a tuned threshold, ROS, SMOTE and the deep samplers.

Run ``python -m imblearn_deep`` (or the installed ``imblearn-deep`` command).
With no arguments it uses scikit-learn's embedded digits data made
imbalanced, so nothing is downloaded. Each sampler sits in an imblearn
``Pipeline`` in front of the same classifier, and every pipeline is scored
on the same folds of a repeated stratified cross-validation. Two
competitors need no synthetic rows and keep the verdict honest: random
over-sampling (``ros``) and no resampling with the classifier's decision
threshold tuned by an inner cross-validation (``tuned_threshold``, binary
data only). The table
reports the mean and standard deviation over the folds of the minority
class's recall and F1, ROC AUC and the pipeline's fit time; the lines under
it name the best method and say whether its lead over the runner-up is
larger than the noise of the folds.
"""

import argparse
import csv
import math
import os
import sys
import time
import warnings

import numpy as np
from imblearn.datasets import make_imbalance
from imblearn.over_sampling import SMOTE, RandomOverSampler
from imblearn.pipeline import Pipeline
from scipy import stats
from sklearn.base import clone
from sklearn.datasets import load_breast_cancer, load_digits, make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, recall_score, roc_auc_score
from sklearn.model_selection import RepeatedStratifiedKFold
from sklearn.preprocessing import MinMaxScaler

from . import __version__
from ._cli import DEVICE_HELP, device, names
from ._bayes_gan import BayesGANOversampler
from ._dvaan import DVAANSampler
from ._torch import resolve_device
from .benchmarks._competitors import ThresholdTuning

#: Below this many minority rows per test fold, the job warns that a
#: difference of a row or two moves the minority scores by several points.
MIN_TEST_MINORITY = 30

#: Metrics of the table: key, column header.
METRICS = {
    "recall": "minority recall",
    "f1": "minority F1",
    "roc_auc": "ROC AUC",
    "fit_time": "fit time (s)",
}

#: The competitors, in the table's order: no resampling, a tuned decision
#: threshold (no resampling either), random over-sampling, SMOTE and the
#: deep samplers.
SAMPLERS = ("none", "tuned_threshold", "ros", "smote", "dvaan", "bayesgan")

#: The majority:minority ratio made when ``--ratio`` is not given.
DEFAULT_RATIO = 20.0

#: The fewest minority rows that ``load_dataset`` keeps, whatever the ratio.
MIN_MINORITY = 6


def load_dataset(name, ratio, seed, images=False):
    """Return ``(X, y, image_shape, description)`` for a named embedded data set.

    Digits are used as 64 flat features (MLP networks) unless ``images`` is
    true, which passes ``image_shape=(8, 8)`` and uses conv networks (much
    slower on a CPU).

    The minority class is labelled 1 and kept at ``1 / ratio`` of the
    majority's size.
    """
    if name == "digits":
        X, digit = load_digits(return_X_y=True)
        y = (digit == 9).astype(int)
        image_shape = (8, 8) if images else None
        what = "scikit-learn digits, 9 (minority) vs all other digits"
    elif name == "breast_cancer":
        X, y = load_breast_cancer(return_X_y=True)
        y = 1 - y  # malignant is the minority
        image_shape = None
        what = "scikit-learn breast cancer, malignant (minority) vs benign"
    elif name == "synthetic":
        X, y = make_classification(
            n_samples=10_000, n_features=20, n_informative=8, weights=[0.95],
            class_sep=0.8, random_state=seed,
        )
        image_shape = None
        what = "make_classification, 10,000 x 20, 5% minority"
        ratio = None
    else:  # pragma: no cover - argparse restricts the choices
        raise ValueError(name)
    if ratio is not None:
        n_major = int(np.sum(y == 0))
        n_minor = max(MIN_MINORITY, int(round(n_major / ratio)))
        X, y = make_imbalance(
            X, y, sampling_strategy={0: n_major, 1: min(n_minor, int(np.sum(y == 1)))},
            random_state=seed,
        )
    return X.astype(np.float32), y, image_shape, what


def make_samplers(names, image_shape, seed, device, verbose, max_epochs="auto"):
    """The samplers to compare, by name.

    ``None`` means no resampling; a
    :class:`~imblearn_deep.benchmarks._competitors.ThresholdTuning` means no
    resampling and the classifier's decision threshold tuned for balanced
    accuracy by a stratified 5-fold cross-validation of the training fold
    (``TunedThresholdClassifierCV``).
    """
    deep = dict(image_shape=image_shape, random_state=seed, device=device,
                verbose=verbose, max_epochs=max_epochs)
    available = {
        "none": lambda: None,
        "tuned_threshold": lambda: ThresholdTuning(random_state=seed),
        "ros": lambda: RandomOverSampler(random_state=seed),
        "smote": lambda: SMOTE(random_state=seed),
        "dvaan": lambda: DVAANSampler(**deep),
        "bayesgan": lambda: BayesGANOversampler(**deep),
    }
    unknown = [n for n in names if n not in available]
    if unknown:
        raise SystemExit(f"unknown sampler(s) {unknown}; choose from {sorted(available)}")
    return [(name, available[name]()) for name in names]


def evaluate(sampler, X_train, y_train, X_test, y_test):
    """Fit ``sampler + classifier`` and score it on the test split.

    A :class:`~imblearn_deep.benchmarks._competitors.ThresholdTuning` wraps
    the pipeline without a sampler: recall and F1 come from its tuned
    threshold, ROC AUC (which no threshold changes) from its probabilities.
    """
    tuning = sampler if isinstance(sampler, ThresholdTuning) else None
    steps = [("scale", MinMaxScaler())]
    if sampler is not None and tuning is None:
        steps.append(("sampler", sampler))
    steps.append(("clf", LogisticRegression(max_iter=2000)))
    pipe = Pipeline(steps) if tuning is None else tuning.wrap(Pipeline(steps))
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        pipe.fit(X_train, y_train)
    fit_time = time.perf_counter() - start
    pred = pipe.predict(X_test)
    proba = pipe.predict_proba(X_test)[:, 1]
    return {
        "recall": recall_score(y_test, pred),
        "f1": f1_score(y_test, pred),
        "roc_auc": roc_auc_score(y_test, proba),
        "fit_time": fit_time,
    }


def cross_validate_samplers(samplers, X, y, cv, log=None):
    """Score every sampler on the same folds of ``cv``.

    Returns ``{name: {metric: array of one value per fold}}``; fold ``i`` is
    the same split for every sampler, so the scores are paired.
    """
    folds = list(cv.split(X, y))
    scores = {}
    for name, sampler in samplers:
        if log is not None:
            log(f"fitting {name} on {len(folds)} folds ...")
        results = [
            evaluate(None if sampler is None else clone(sampler),
                     X[train], y[train], X[test], y[test])
            for train, test in folds
        ]
        scores[name] = {m: np.array([r[m] for r in results]) for m in METRICS}
    return scores


def applicable(samplers, y):
    """The samplers that apply to labels ``y``, and a note for each left out.

    The tuned threshold needs binary labels: with more classes it is left
    out, with a note that says why.
    """
    if len(np.unique(y)) <= 2:
        return samplers, []
    kept = [(name, s) for name, s in samplers if not isinstance(s, ThresholdTuning)]
    notes = [f"NOTE: {name} is skipped: a decision threshold needs binary labels, and "
             f"the data have {len(np.unique(y))} classes."
             for name, s in samplers if isinstance(s, ThresholdTuning)]
    return kept, notes


def compare_best(scores, metric, test_fraction):
    """The best sampler on ``metric`` and whether it beats the runner-up beyond the noise.

    The lead is the mean over folds of the paired difference best minus
    runner-up. Folds of a repeated cross-validation share training rows, so
    their differences are correlated and the naive standard error is too
    small; the standard error here uses the correction of Nadeau and Bengio
    (2003) for repeated k-fold cross-validation, variance
    ``(1 / n_folds + n_test / n_train) * var(differences)``, and a t-test
    with ``n_folds - 1`` degrees of freedom. The lead counts as larger than
    the noise when ``p < 0.05``. Equal means (to 1e-12) are a ``tie``, with
    ``lead`` 0 and ``p`` 1.

    Returns ``None`` with fewer than two samplers, else a dict with keys
    ``best``, ``runner_up``, ``lead``, ``se``, ``t``, ``p``, ``clear`` and ``tie``.
    """
    if len(scores) < 2:
        return None
    ranked = sorted(scores, key=lambda name: -scores[name][metric].mean())
    best, runner_up = ranked[:2]
    diff = scores[best][metric] - scores[runner_up][metric]
    n_folds = len(diff)
    lead = float(diff.mean())
    tie = abs(lead) <= 1e-12
    if tie:
        lead = 0.0
    var = float(diff.var(ddof=1)) if n_folds > 1 else 0.0
    se = float(np.sqrt((1 / n_folds + test_fraction / (1 - test_fraction)) * var))
    if se > 0:
        t = lead / se
        p = float(2 * stats.t.sf(abs(t), n_folds - 1))
    else:  # identical differences on every fold
        t = np.inf if lead > 0 else 0.0
        p = 0.0 if lead > 0 else 1.0
    if tie:
        t, p = 0.0, 1.0
    return {"best": best, "runner_up": runner_up, "lead": lead, "se": se, "t": float(t),
            "p": p, "clear": bool(p < 0.05) and not tie, "tie": tie}


def describe_comparison(comparison, metric):
    """Plain sentences for the result of :func:`compare_best`."""
    if comparison is None:
        return ""
    c = comparison
    header = METRICS[metric]
    if c.get("tie"):
        return (f"Best {header}: {c['best']} and {c['runner_up']} tie (the same mean over "
                f"the folds): neither leads.")
    lines = [
        f"Best {header}: {c['best']}, ahead of {c['runner_up']} by {c['lead']:.3f} "
        f"(mean paired difference over the folds; corrected standard error "
        f"{c['se']:.3f}, t = {c['t']:.2f}, p = {c['p']:.2f})."
    ]
    if c["clear"]:
        lines.append(f"The lead is larger than the noise of the folds (p < 0.05): "
                     f"{c['best']} is better than {c['runner_up']} here.")
    else:
        lines.append(f"The lead is within the noise of the folds (p >= 0.05): on this "
                     f"data, {c['best']} is not shown to be better than {c['runner_up']}.")
    return "\n".join(lines)


def ratio_note(dataset, ratio, y):
    """A note when the data's majority:minority ratio is not the ``--ratio`` asked for.

    ``ratio`` is ``None`` when the option was not given. The ratio is not met
    when the data set has too few minority rows for it, or when it would
    leave fewer than :data:`MIN_MINORITY`; ``synthetic`` ignores it.
    """
    if ratio is None:
        return ""
    if dataset == "synthetic":
        return "NOTE: --ratio is ignored by --dataset synthetic, which has 5% minority rows."
    n_minority = int(np.sum(y == 1))
    made = np.sum(y == 0) / n_minority
    if abs(made - ratio) <= 0.05 * ratio:
        return ""
    if made < ratio:
        return (f"NOTE: --ratio {ratio:g} would leave fewer than {MIN_MINORITY} minority "
                f"rows: kept {n_minority}, a ratio of {made:.1f}:1.")
    return (f"NOTE: --ratio {ratio:g} asks for more minority rows than the data set has: "
            f"kept all {n_minority}, a ratio of {made:.1f}:1.")


def small_minority_warning(n_minority, n_splits):
    """A warning when a test fold holds fewer than MIN_TEST_MINORITY minority rows."""
    per_fold = n_minority / n_splits
    if per_fold >= MIN_TEST_MINORITY:
        return ""
    return (
        f"WARNING: the minority class has {n_minority} rows, so each test fold holds "
        f"only about {per_fold:.0f} of them (fewer than {MIN_TEST_MINORITY}): one row "
        f"more or less found changes minority recall by {1 / per_fold:.2f}, and "
        "differences of that size are noise. Judge the methods by the test below "
        "the table; more --repeats make it surer, more minority rows (a milder "
        "--ratio, more data) make the scores less noisy."
    )


def _fmt(values, metric):
    if metric == "fit_time":
        return f"{values.mean():.2f}"
    return f"{values.mean():.3f} ± {values.std(ddof=1) if len(values) > 1 else 0.0:.3f}"


def format_table(scores):
    """A plain-text table of the results: mean ± standard deviation over the folds."""
    widths = {m: max(len(h), 13) for m, h in METRICS.items()}
    first = max([10, *map(len, scores)])  # "tuned_threshold" is 15 characters
    header = f"{'sampler':<{first}}" + "".join(f"  {METRICS[m]:>{widths[m]}}" for m in METRICS)
    lines = [header, "-" * len(header)]
    for name, result in scores.items():
        lines.append(f"{name:<{first}}" + "".join(
            f"  {_fmt(result[m], m):>{widths[m]}}" for m in METRICS))
    return "\n".join(lines)


def write_csv(path, scores):
    """Write the table, one row per sampler, mean and standard deviation per metric."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["sampler"] + [METRICS[m] for m in METRICS])
        for name, result in scores.items():
            writer.writerow([name] + [_fmt(result[m], m) for m in METRICS])


def plot_scores(scores, metric, path, title=None):
    """Save a figure of the per-fold scores on ``metric`` and the mean fit times.

    Left, one dot per fold and a bar for the mean; right, the mean fit time
    on a log scale. The format is the suffix of ``path``; a PNG when it has
    none, written to ``path`` itself. Needs matplotlib (the ``[plot]`` extra).
    """
    from matplotlib.figure import Figure

    names = list(scores)
    fig = Figure(figsize=(7.5, 2.8), layout="constrained")
    ax_score, ax_time = fig.subplots(1, 2, width_ratios=[3, 2])
    rng = np.random.default_rng(0)
    for i, name in enumerate(names):
        values = scores[name][metric]
        ax_score.barh(i, values.mean(), color="#c6dbef", height=0.6)
        ax_score.plot(values, i + rng.uniform(-0.15, 0.15, len(values)), "o",
                      color="#08519c", markersize=3.5)
        fit_time = scores[name]["fit_time"].mean()
        ax_time.barh(i, fit_time, color="#fdd0a2", height=0.6)
        ax_time.text(fit_time, i, f" {fit_time:.2g} s", va="center", fontsize="small")
    lowest = min(scores[name][metric].min() for name in names)
    ax_score.set_xlim(max(0.0, lowest - 0.05), 1.0)
    ax_score.set_yticks(range(len(names)), names)
    ax_score.invert_yaxis()
    ax_score.set_xlabel(f"{METRICS[metric]} (dots: folds, bars: mean)")
    ax_time.set_xscale("log")
    times = [scores[name]["fit_time"].mean() for name in names]
    ax_time.set_xlim(min(times) / 2, max(times) * 8)
    ax_time.set_yticks(range(len(names)), [])
    ax_time.invert_yaxis()
    ax_time.set_xlabel("pipeline fit time (s), mean")
    if title:
        fig.suptitle(title, fontsize="medium")
    fmt = os.path.splitext(str(path))[1][1:].lower() or "png"
    fig.savefig(path, dpi=120, format=fmt)


#: The largest ``--seed`` (scikit-learn's random states are 32-bit).
MAX_SEED = 2**32 - 1

#: The options that name an output file.
OUTPUTS = ("csv", "report", "plot")


def _output_problem(path):
    """Why ``path`` cannot be written, or ``None`` when it can.

    Opens the file the way the job will (without truncating one that is
    there) and removes a file that this check created, so a missing or
    read-only folder is found before the run instead of after it.
    """
    existed = os.path.lexists(path)
    try:
        with open(path, "a", encoding="utf-8"):
            pass
    except OSError as exc:
        return f"cannot write {path!r}: {exc.strerror or exc}"
    if not existed:
        os.remove(path)
    return None


def _plot_problem(path):
    """Why the figure cannot be saved to ``path`` (matplotlib, format), or ``None``."""
    try:
        from matplotlib.figure import Figure
    except ImportError:
        return "needs matplotlib (pip install 'imblearn-deep[plot]')"
    suffix = os.path.splitext(path)[1]
    formats = Figure().canvas.get_supported_filetypes()
    if suffix and suffix[1:].lower() not in formats:
        return (f"matplotlib cannot save {suffix!r} files; use one of "
                + ", ".join(f".{f}" for f in sorted(formats)))
    return None


def _check_args(parser, args):
    """Refuse, with ``parser.error`` (usage, one line, exit code 2), what cannot run."""
    if args.ratio is not None and not (math.isfinite(args.ratio) and args.ratio >= 1):
        parser.error(f"--ratio must be a finite number of at least 1 (majority rows per "
                     f"minority row); got {args.ratio!r}")
    if not 0 <= args.seed <= MAX_SEED:
        parser.error(f"--seed must be an integer from 0 to {MAX_SEED}; got {args.seed}")
    if args.splits < 2:
        parser.error("--splits must be at least 2")
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    if args.max_epochs != "auto":
        try:
            args.max_epochs = int(args.max_epochs)
        except ValueError:
            parser.error(f"--max-epochs must be 'auto' or a positive integer; got "
                         f"{args.max_epochs!r}")
        if args.max_epochs < 1:
            parser.error("--max-epochs must be 'auto' or a positive integer")
    repeated = sorted({name for name in args.samplers if args.samplers.count(name) > 1})
    if repeated:
        parser.error(f"--samplers names {repeated[0]!r} twice; name each sampler once")
    if args.images and args.dataset != "digits":
        parser.error(f"--images applies to --dataset digits only, not {args.dataset!r}")
    try:
        resolve_device(args.device)
    except ValueError as exc:
        parser.error(f"argument --device: {exc}")
    seen = {}
    for option in OUTPUTS:
        path = getattr(args, option)
        if path is None:
            continue
        if not path.strip():
            parser.error(f"--{option} needs a file name")
        same = seen.setdefault(os.path.realpath(path), option)
        if same != option:
            parser.error(f"--{same} and --{option} name the same file {path!r}")
        problem = _output_problem(path)
        if problem is None and option == "plot":
            problem = _plot_problem(path)
        if problem is not None:
            parser.error(f"--{option}: {problem}")


def build_parser():
    """The ``argparse`` parser of the main job."""
    parser = argparse.ArgumentParser(
        prog="imblearn-deep",
        description="Compare no resampling, a tuned decision threshold, random "
        "over-sampling, SMOTE and the deep over-samplers inside imblearn Pipelines "
        "on an embedded data set, with repeated stratified cross-validation.",
    )
    parser.add_argument("--dataset", choices=["digits", "breast_cancer", "synthetic"],
                        default="digits", help="embedded data set (default: digits)")
    parser.add_argument("--ratio", type=float, default=None,
                        help="majority:minority ratio to create, at least 1 (default: "
                        "20; ignored by 'synthetic', which has 5%% minority)")
    parser.add_argument("--samplers", type=names(SAMPLERS), default=list(SAMPLERS),
                        help="comma-separated list among " + ", ".join(SAMPLERS)
                        + " (default: all); tuned_threshold: no resampling and the "
                        "classifier's decision threshold tuned for balanced accuracy by "
                        "an inner 5-fold cross-validation (binary data only); ros: "
                        "random over-sampling")
    parser.add_argument("--splits", type=int, default=3,
                        help="folds of the stratified cross-validation (default: 3)")
    parser.add_argument("--repeats", type=int, default=2,
                        help="times the cross-validation is repeated with other "
                        "folds (default: 2)")
    parser.add_argument("--metric", choices=["f1", "roc_auc", "recall"], default="f1",
                        help="score that names the best method: minority F1, ROC AUC "
                        "or minority recall (default: f1)")
    parser.add_argument("--max-epochs", default="auto",
                        help="training epochs of the deep samplers: 'auto' (their "
                        "default, about 1,000 steps) or a number, e.g. 5 for a "
                        "quick look (default: auto)")
    parser.add_argument("--seed", type=int, default=0,
                        help="random seed of the data, folds and samplers, 0 to "
                        f"{MAX_SEED} (default: 0)")
    parser.add_argument("--device", type=device, default="auto",
                        help=DEVICE_HELP + " (default: auto)")
    parser.add_argument("--images", action="store_true",
                        help="digits only: treat rows as 8x8 images (conv networks; "
                        "minutes on a CPU instead of seconds)")
    parser.add_argument("--csv", metavar="FILE",
                        help="also write the table to this CSV file")
    parser.add_argument("--report", metavar="FILE",
                        help="also write the whole printed report to this text file")
    parser.add_argument("--plot", metavar="FILE",
                        help="also save a figure of the per-fold scores and the fit times "
                        "(PNG, SVG or PDF by the suffix, PNG without one; needs matplotlib)")
    parser.add_argument("--quiet", action="store_true", help="no training progress")
    parser.add_argument("--version", action="version", version=f"imblearn-deep {__version__}")
    return parser


def parse_args(argv):
    """Parse and check the arguments; a bad one exits with a usage line (code 2)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    _check_args(parser, args)
    return args


def run(argv=None):
    """Run the main job with the command-line arguments ``argv`` and return its results.

    Prints the same report as :func:`main`. Returns a dict: ``scores``
    (``{sampler: {metric: per-fold array}}``), ``comparison`` (see
    :func:`compare_best`) and ``report`` (the printed text).
    """
    args = parse_args(sys.argv[1:] if argv is None else argv)
    ratio = DEFAULT_RATIO if args.ratio is None else args.ratio
    X, y, image_shape, what = load_dataset(args.dataset, ratio, args.seed, args.images)
    n_minority = int(y.sum())
    if n_minority < args.splits:
        build_parser().error(f"the minority class has {n_minority} rows, fewer than "
                             f"--splits={args.splits}: lower --splits or --ratio")
    n_train_minority = n_minority - math.ceil(n_minority / args.splits)
    smote_needs = SMOTE().k_neighbors + 1
    if "smote" in args.samplers and n_train_minority < smote_needs:
        build_parser().error(
            f"the minority class has {n_minority} rows: with --splits={args.splits} a "
            f"training fold holds only {n_train_minority} of them and smote needs at least "
            f"{smote_needs} (itself and {smote_needs - 1} neighbours): lower --ratio or "
            "--splits, or leave smote out of --samplers")
    samplers, skipped = applicable(
        make_samplers(args.samplers, image_shape, args.seed, args.device,
                      verbose=0 if args.quiet else 1, max_epochs=args.max_epochs), y)
    cv = RepeatedStratifiedKFold(n_splits=args.splits, n_repeats=args.repeats,
                                 random_state=args.seed)
    n_folds = args.splits * args.repeats
    report = [
        f"imblearn-deep {__version__}: {what}",
        f"{len(y)} rows ({n_minority} minority); stratified {args.splits}-fold "
        f"cross-validation repeated {args.repeats} times ({n_folds} fits per method); "
        "classifier: MinMaxScaler + LogisticRegression",
    ]
    note = ratio_note(args.dataset, args.ratio, y)
    if note:
        report.append(note)
    warning = small_minority_warning(n_minority, args.splits)
    if warning:
        report.append(warning)
    report += skipped
    print("\n".join(report), flush=True)
    log = None if args.quiet else (lambda message: print(message, flush=True))
    scores = cross_validate_samplers(samplers, X, y, cv, log=log)
    comparison = compare_best(scores, args.metric, 1 / args.splits)
    tail = ["", f"mean ± standard deviation over the {n_folds} folds", format_table(scores)]
    if comparison is not None:
        tail += ["", describe_comparison(comparison, args.metric)]
    print("\n".join(tail))
    report += tail
    text = "\n".join(report) + "\n"
    if args.csv:
        write_csv(args.csv, scores)
    if args.report:
        with open(args.report, "w", encoding="utf-8") as f:
            f.write(text)
    if args.plot:
        plot_scores(scores, args.metric, args.plot,
                    title=f"{what}; {args.splits}-fold CV x {args.repeats}")
    return {"scores": scores, "comparison": comparison, "report": text}


def main(argv=None):
    """Entry point of ``python -m imblearn_deep`` and the ``imblearn-deep`` command.

    Runs :func:`run` and returns the exit code, 0 on success and 130 when
    interrupted with Ctrl-C (the console script passes it to ``sys.exit``);
    use :func:`run` for the results.
    """
    try:
        run(argv)
    except KeyboardInterrupt:
        print("imblearn-deep: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
