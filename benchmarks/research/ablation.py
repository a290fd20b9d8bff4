"""Ablation of the deep samplers' generation options on the KEEL tables.

Run ``python -m benchmarks.research.ablation`` from the root of a checkout
(``--help`` for options).

For every KEEL data set of the tabular protocol, seed and stratified fold,
each *training* configuration is fitted with every generation option
(``sample_from`` and ``selection``): one public ``fit_resample`` per option,
with the option as a parameter. (Until the research code left the package,
one fit served every option by reaching into the fitted sampler; with public
parameters only, each option costs its own fit, and ``sampler_time`` is that
fit's.) The classic competitors (no resampling, random
over-sampling with and without shrinkage, SMOTE, Borderline-SMOTE, ADASYN)
and the no-resampling baseline with a decision threshold tuned by
cross-validation on the training fold (scikit-learn's
``TunedThresholdClassifierCV``, balanced accuracy) run on the same folds.

``--min-rows N`` cuts the minority of every *training* fold to N rows (the
few-shot regime; the test folds are untouched).

Results: one CSV row per (data set, seed, fold, competitor, classifier),
written after every fold, a Markdown summary of means over everything and
of each competitor against the best classic baseline, chosen per classifier
and metric (``<stem>.csv.gz``, ``<stem>.md`` and ``<stem>_versus.csv.gz`` in
``--out``, by default ``benchmarks/results``, and, with short cells for the
docs, ``<stem>_table.csv`` in ``--tables``, by default ``docs/results``;
``python -m benchmarks.tables`` rewrites the tables that the docs render
from the raw rows).
"""

import argparse
import pathlib
import time
import warnings

import numpy as np
from imblearn.metrics import geometric_mean_score
from joblib import Parallel, delayed
from sklearn.base import clone
from sklearn.metrics import f1_score, precision_score, recall_score, roc_auc_score
from sklearn.model_selection import StratifiedKFold
from sklearn.utils import check_random_state

from imblearn_deep import __version__
from imblearn_deep._cli import names as name_list
from imblearn_deep.benchmarks._competitors import ThresholdTuning, samplers, tabular_classifiers
from imblearn_deep.benchmarks._runner import near_copy_share
from imblearn_deep.datasets import KEEL_BENCHMARK, load_keel

from .._io import DOCS_RESULTS, RESULTS, read_rows, write_csv
from .baselines import MajorityTransferOverSampler
from .configurations import CONFIGURATIONS, GENERATION_PARAMS, make

#: Generation options applied to each fitted model of either sampler:
#: ``(sample_from, selection)``.
OPTIONS = [(s, sel) for s in ("prior", "interpolate") for sel in (None, "faithful", "boundary")]

#: Training configurations: the names of
#: :data:`~.configurations.CONFIGURATIONS` that do not set a generation option.
TRAININGS = tuple(name for name, (_, params, _) in CONFIGURATIONS.items()
                  if not GENERATION_PARAMS & set(params))

METRICS = ("roc_auc", "f1", "gmean", "recall", "precision")

#: The classic baselines a deep sampler has to beat (issue 13's bar).
CLASSIC = ("ros", "ros_shrink", "smote", "borderline_smote", "adasyn")

#: Further simple competitors, run only when named in ``--baselines``: not
#: deep samplers, and not among the classic baselines of issue 13's bar.
BASELINES = {
    "majority_transfer": lambda seed: MajorityTransferOverSampler(random_state=seed),
}

#: Metrics of the comparison with the best classic baseline.
VERSUS_METRICS = ("gmean", "f1", "roc_auc")


#: The runner's tabular classifiers used here: those for which balancing
#: matters (Elor and Averbuch-Elor, 2022); the MLP is left out for time.
CLASSIFIERS = ("logreg", "svm", "knn")


def classifiers(seed, names=CLASSIFIERS):
    """The runner's tabular classifiers named in ``names``, by name."""
    every = tabular_classifiers(seed, quick=False)
    return {name: every[name] for name in names}


def classic(seed):
    """The runner's classic baselines of :data:`CLASSIC`, by name."""
    every = samplers(None, seed, "cpu", quick=False)
    return {name: every[name] for name in CLASSIC}


def _cut_minority(X, y, n, rng):
    """Keep ``n`` random minority (label 1) rows of a training fold."""
    minority = np.flatnonzero(y == 1)
    if len(minority) <= n:
        return X, y
    drop = rng.choice(minority, len(minority) - n, replace=False)
    keep = np.setdiff1d(np.arange(len(y)), drop)
    return X[keep], y[keep]


def _scores(clf, X_te, y_te):
    proba = clf.predict_proba(X_te)[:, 1]
    pred = clf.predict(X_te)
    return {
        "roc_auc": roc_auc_score(y_te, proba),
        "f1": f1_score(y_te, pred, zero_division=0),
        "gmean": geometric_mean_score(y_te, pred),
        "recall": recall_score(y_te, pred, zero_division=0),
        "precision": precision_score(y_te, pred, zero_division=0),
    }


def _label(name, sample_from, selection):
    return "_".join([name] + [s for s in (sample_from, selection) if s])


def _variants(name, make_sampler, X, y, only=None):
    """Every generation option of one training: ``{competitor: (X_res, y_res, seconds)}``.

    ``make_sampler(sample_from, selection)`` returns the unfitted sampler of
    the training with that option; each option is its own ``fit_resample``
    (``seconds``: its time). ``only`` (optional): the option labels to apply
    (``"prior"``, ``"interpolate_faithful"``, ``"faithful"``, ...), the
    competitor's name without the training's.
    """
    out = {}
    for sample_from, selection in OPTIONS:
        if only is not None and _label("", sample_from, selection)[1:] not in only:
            continue
        sampler = make_sampler(sample_from, selection)
        t0 = time.perf_counter()
        X_res, y_res = sampler.fit_resample(X, y)
        out[_label(name, sample_from, selection)] = (X_res, y_res, time.perf_counter() - t0)
    return out


def run_fold(data_set, seed, fold, min_rows, trainings, log=print, only=None,
             classifier_names=CLASSIFIERS, threshold=True, baselines=()):
    """All competitors and classifiers on one fold; returns result rows.

    ``threshold=False`` leaves out the tuned-threshold competitor (its
    cross-validation is about a third of a fold's time on the KEEL sets);
    ``baselines`` names competitors of :data:`BASELINES` to add.
    """
    X, y = load_keel(data_set)
    train, test = list(StratifiedKFold(5, shuffle=True, random_state=seed).split(X, y))[fold]
    X_tr, y_tr, X_te, y_te = X[train], y[train], X[test], y[test]
    if min_rows:
        X_tr, y_tr = _cut_minority(X_tr, y_tr, min_rows, check_random_state(seed * 100 + fold))
    resampled = {"none": (X_tr, y_tr, 0.0)}
    competitors = {**classic(seed), **{name: BASELINES[name](seed) for name in baselines}}
    for name, sampler in competitors.items():
        t0 = time.perf_counter()
        try:
            X_res, y_res = sampler.fit_resample(X_tr, y_tr)
        except (ValueError, RuntimeError) as exc:  # e.g. ADASYN with no hard rows
            log(f"{data_set} seed {seed} fold {fold} {name} failed: {exc}")
            continue
        resampled[name] = (X_res, y_res, time.perf_counter() - t0)
    for name in trainings:
        def make_sampler(sample_from, selection, name=name):
            return make(name, len(y_tr), random_state=seed, n_threads=1,
                        sample_from=sample_from, selection=selection)

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            resampled.update(_variants(name, make_sampler, X_tr, y_tr, only))
    # the protocols' figure: the new rows of the smallest class (the minority,
    # label 1) against its training rows; none for a minority of one row
    copies = {name: near_copy_share(X_tr, y_tr, X_res, y_res, None)
              for name, (X_res, y_res, _) in resampled.items()
              if len(y_res) > len(y_tr) and np.sum(y_tr == 1) >= 2}
    rows = []
    for clf_name, clf in classifiers(seed, classifier_names).items():
        fits = {name: (clone(clf), X_res, y_res, t) for name, (X_res, y_res, t) in resampled.items()}
        if threshold:
            fits["tuned_threshold"] = (ThresholdTuning(random_state=seed).wrap(clone(clf)),
                                       X_tr, y_tr, 0.0)
        for name, (model, X_res, y_res, t) in fits.items():
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    model.fit(X_res, y_res)
            except (ValueError, RuntimeError) as exc:
                # e.g. the tuned threshold when a classifier on a few-shot
                # fold predicts one constant probability in an inner fold:
                # left out of this fold, as a failed sampler is (the
                # summaries' ``n`` counts the folds each competitor has)
                log(f"{data_set} seed {seed} fold {fold} {name} with {clf_name} failed: {exc}")
                continue
            rows.append(dict(data_set=data_set, seed=seed, fold=fold, min_rows=min_rows or "",
                             n_minority=int(np.sum(y_tr == 1)), competitor=name,
                             classifier=clf_name, sampler_time=t, version=__version__,
                             near_copy=copies.get(name, ""), **_scores(model, X_te, y_te)))
    log(f"{data_set} seed {seed} fold {fold}: {len(rows)} rows")
    return rows


def summary(rows):
    """Markdown: mean of each metric per competitor and classifier, over all folds."""
    classifiers_ = list(dict.fromkeys(r["classifier"] for r in rows))
    competitors = list(dict.fromkeys(r["competitor"] for r in rows))
    lines = []
    for clf in classifiers_:
        lines += [f"### {clf}", "", "| competitor | " + " | ".join(METRICS)
                  + " | near-copy share | sampler s | n |", "|" + " --- |" * (len(METRICS) + 4)]
        for comp in competitors:
            group = [r for r in rows if r["classifier"] == clf and r["competitor"] == comp]
            if not group:
                continue
            cells = [f"{np.mean([float(r[m]) for r in group]):.4f}" for m in METRICS]
            seconds = np.mean([float(r["sampler_time"]) for r in group])
            # rows of older runs have no near_copy; none for competitors that add no rows
            copies = [float(r["near_copy"]) for r in group if r.get("near_copy") not in (None, "")]
            copy_cell = f"{np.mean(copies):.3f}" if copies else ""
            lines.append(f"| {comp} | " + " | ".join(cells)
                         + f" | {copy_cell} | {seconds:.2f} | {len(group)} |")
        lines.append("")
    sets = sorted({r["data_set"] for r in rows})
    seeds = sorted({int(r["seed"]) for r in rows})
    lines.append(f"{len(sets)} KEEL data sets, seeds {seeds}, 5 stratified folds each; "
                 f"means over all folds. imblearn-deep {__version__}.")
    return "\n".join(lines)


def versus_best_classic(rows):
    """Each competitor against the best classic baseline, per classifier.

    For every metric of :data:`VERSUS_METRICS` the best classic baseline is
    the one of :data:`CLASSIC` with the highest mean over all folds (chosen
    per classifier and metric). Returns a list of dicts: ``classifier``,
    ``competitor``, and per metric the competitor's mean, its difference to
    the best classic mean (``<metric>_vs_best``), the best's name, and the
    number of data sets on which the competitor's mean is at least the best
    classic's mean on that set (``<metric>_sets``, out of ``n_sets``).
    """
    import pandas as pd

    frame = pd.DataFrame(rows)
    for m in VERSUS_METRICS:
        frame[m] = frame[m].astype(float)
    out = []
    for clf, group in frame.groupby("classifier", sort=False):
        means = group.groupby("competitor", sort=False)[list(VERSUS_METRICS)].mean()
        per_set = group.groupby(["competitor", "data_set"])[list(VERSUS_METRICS)].mean()
        classic = [c for c in CLASSIC if c in means.index]
        for comp in means.index:
            row = {"classifier": clf, "competitor": comp,
                   "n_sets": group["data_set"].nunique()}
            for m in VERSUS_METRICS:
                best = means.loc[classic, m].idxmax()
                row[m] = means.loc[comp, m]
                row[f"{m}_vs_best"] = means.loc[comp, m] - means.loc[best, m]
                row[f"{m}_best"] = best
                # the data sets both ran on (a competitor may lack a set)
                mine, theirs = per_set.loc[comp, m].align(per_set.loc[best, m], join="inner")
                row[f"{m}_sets"] = int((mine >= theirs - 1e-12).sum())
            out.append(row)
    return out


def versus_markdown(table):
    """The comparison with the best classic baseline as Markdown."""
    lines = ["### Against the best classic baseline", "",
             "Difference of each competitor's mean to the best classic baseline's mean "
             "(chosen per classifier and metric), and the data sets where it is at least "
             "as good.", "",
             "| classifier | competitor | " + " | ".join(
                 f"{m} (vs best) | sets >= best" for m in VERSUS_METRICS) + " |",
             "|" + " --- |" * (2 + 2 * len(VERSUS_METRICS))]
    for r in table:
        cells = [f"{r[m]:.4f} ({r[f'{m}_vs_best']:+.4f} vs {r[f'{m}_best']}) | "
                 f"{r[f'{m}_sets']}/{r['n_sets']}" for m in VERSUS_METRICS]
        lines.append(f"| {r['classifier']} | {r['competitor']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.research.ablation",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", default="0", help="comma-separated seeds (default 0)")
    parser.add_argument("--data-sets", default=",".join(KEEL_BENCHMARK),
                        help="comma-separated KEEL names (default: the 20 of the protocol)")
    parser.add_argument("--trainings", default=",".join(TRAININGS),
                        help="comma-separated training configurations: " + ", ".join(TRAININGS))
    parser.add_argument("--options", default=None,
                        help="comma-separated generation options to apply to both samplers "
                        "(default: all): prior, interpolate, and each with _faithful or "
                        "_boundary (selection), e.g. prior,interpolate")
    parser.add_argument("--min-rows", type=int, default=0,
                        help="cut each training fold's minority to this many rows (0: keep all)")
    known = tabular_classifiers(0, quick=False)
    parser.add_argument("--classifiers", default=",".join(CLASSIFIERS),
                        help=f"comma-separated classifiers among {', '.join(known)} "
                        f"(default {','.join(CLASSIFIERS)})")
    parser.add_argument("--no-threshold", action="store_true",
                        help="leave out the tuned-threshold competitor (about a third of "
                        "a fold's time)")
    parser.add_argument("--resume", action="store_true",
                        help="keep the rows of an existing <stem>.csv in --out and run only "
                        "the folds it lacks")
    parser.add_argument("--baselines", type=name_list(BASELINES), default=[],
                        help="comma-separated further competitors that are not deep samplers "
                        "(not among the classic baselines of the comparison): "
                        + ", ".join(BASELINES))
    parser.add_argument("--n-jobs", type=int, default=1, help="folds run in parallel (joblib)")
    parser.add_argument("--out", default=str(RESULTS),
                        help=f"folder of the raw results (default {RESULTS})")
    parser.add_argument("--tables", default=str(DOCS_RESULTS),
                        help="folder of <stem>_table.csv, the short table for the docs "
                        f"(default {DOCS_RESULTS})")
    parser.add_argument("--stem", default=None, help="file name stem (default from the options)")
    parser.add_argument("--summarize", default=None, metavar="CSV",
                        help="run nothing: rewrite the Markdown summary and the comparison "
                        "with the best classic baseline from the rows of an earlier run")
    args = parser.parse_args(argv)
    if args.summarize:
        path = pathlib.Path(args.summarize)
        rows = read_rows(path)
        stem = path.name.removesuffix(".gz").removesuffix(".csv")
        _write_summary(rows, path.parent, stem, f"--summarize {path}", args.tables)
        return rows
    seeds = [int(s) for s in args.seeds.split(",")]
    sets = args.data_sets.split(",")
    trainings = [t for t in args.trainings.split(",") if t]
    unknown = set(trainings) - set(TRAININGS)
    if unknown:
        parser.error(f"unknown trainings {sorted(unknown)}; choose from {', '.join(TRAININGS)}")
    baselines = args.baselines
    names = [c for c in args.classifiers.split(",") if c]
    if not names or set(names) - set(known):
        parser.error(f"unknown classifiers {sorted(set(names) - set(known))}; choose from "
                     f"{', '.join(known)}")
    stem = args.stem or ("ablation_tabular" + (f"_min{args.min_rows}" if args.min_rows else "")
                         + "_seeds" + "".join(map(str, seeds)))
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    units = [(d, s, f) for s in seeds for d in sets for f in range(5)]
    rows = []
    if args.resume and (out / f"{stem}.csv.gz").exists():
        rows = read_rows(out / f"{stem}.csv.gz")
        done = {(r["data_set"], int(r["seed"]), int(r["fold"])) for r in rows}
        units = [u for u in units if u not in done]
        print(f"resuming: {len(done)} folds in {stem}.csv.gz, {len(units)} to run")
    only = None
    if args.options:
        only = set(args.options.split(","))
        known = {_label("", *option)[1:] for option in OPTIONS}
        if only - known:
            parser.error(f"unknown options {sorted(only - known)}; choose from "
                         f"{', '.join(sorted(known))} (BayesGAN's generator rows, "
                         "'plain' before it had sample_from, are 'prior')")
    jobs = Parallel(n_jobs=args.n_jobs, return_as="generator")(
        delayed(run_fold)(d, s, f, args.min_rows, trainings, only=only, classifier_names=names,
                          threshold=not args.no_threshold, baselines=baselines)
        for d, s, f in units)
    for fold_rows in jobs:
        rows += fold_rows
        write_csv(rows, out / f"{stem}.csv.gz")  # after every fold: a stopped run keeps its rows
    options = (f"--seeds {args.seeds}" + (f" --min-rows {args.min_rows}" if args.min_rows else "")
               + (f" --options {args.options}" if args.options else "")
               + (f" --trainings {args.trainings or repr('')}"
                  if args.trainings != ",".join(TRAININGS) else "")
               + (f" --data-sets {args.data_sets}"
                  if args.data_sets != ",".join(KEEL_BENCHMARK) else "")
               + (f" --classifiers {args.classifiers}"
                  if args.classifiers != ",".join(CLASSIFIERS) else "")
               + (" --no-threshold" if args.no_threshold else "")
               + (f" --baselines {','.join(baselines)}" if baselines else ""))
    _write_summary(rows, out, stem, options, args.tables)
    return rows


def versus_table(table):
    """The comparison as short cells for the docs: ``.838 (+.001 vs ros; 12/20)``."""
    def num(x):
        return f"{x:.3f}".replace("0.", ".", 1)

    names = {"gmean": "G-mean", "f1": "F1", "roc_auc": "ROC AUC"}
    return [{"classifier": r["classifier"], "competitor": r["competitor"], **{
        names[m]: f"{num(r[m])} ({r[f'{m}_vs_best']:+.3f} vs {r[f'{m}_best']}; "
                  f"{r[f'{m}_sets']}/{r['n_sets']})".replace("+0.", "+.").replace("-0.", "-.")
        for m in VERSUS_METRICS}} for r in table]


def _write_summary(rows, out, stem, options, tables):
    versus = versus_best_classic(rows)
    write_csv(versus, out / f"{stem}_versus.csv.gz")
    tables = pathlib.Path(tables)
    tables.mkdir(parents=True, exist_ok=True)
    write_csv(versus_table(versus), tables / f"{stem}_table.csv")
    table = summary(rows) + "\n\n" + versus_markdown(versus)
    (out / f"{stem}.md").write_text(
        f"Command: `python -m benchmarks.research.ablation {options}`\n\n" + table + "\n")
    print(table)


if __name__ == "__main__":
    main()
