"""The documentation's result tables, derived from the results files.

Run from the root of a checkout::

    python -m benchmarks.tables

It reads the raw benchmark results under ``benchmarks/results``
(gzip-compressed CSVs, ``<stem>.csv.gz``, written by the commands named next
to each table in ``docs/benchmarks.rst``) and rewrites every table that the
pages include with ``.. csv-table::`` instead of numbers typed by hand:
``docs/results/tables/*.csv``, the ablations' ``docs/results/*_table.csv``,
``docs/results/comparison_2d_table.csv`` and
``docs/results/diffaugment_digits_summary.csv``. Rerun it whenever a
results file changes. Needs pandas.
"""

import argparse
import csv
import pathlib
import sys

from ._io import DOCS_RESULTS, RESULTS, read_frame, read_rows

#: Display names of the samplers, and the classic baselines among them.
SAMPLER_NAMES = {
    "none": "none", "ros": "ROS", "ros_shrink": "ROS shrink", "smote": "SMOTE",
    "borderline_smote": "BorderlineSMOTE", "adasyn": "ADASYN", "dvaan": "DVAANSampler",
    "bayesgan": "BayesGANOversampler", "smotenc": "SMOTENC",
    "tuned_threshold": "tuned threshold",
    "dvaan_prior": "DVAANSampler, prior", "bayesgan_prior": "BayesGANOversampler, prior",
    "mgs_grf": "MGS-GRF", "ctgan": "CTGAN",
}
SHORT_NAMES = {"none": "none", "ros": "ROS", "ros_shrink": "ROSs", "smote": "SMOTE",
               "borderline_smote": "BL", "adasyn": "ADA", "dvaan": "DVAAN",
               "bayesgan": "BayesGAN", "smotenc": "SMOTENC", "tuned_threshold": "TT",
               "mgs_grf": "MGS-GRF", "ctgan": "CTGAN"}
CLASSIC = ("ros", "ros_shrink", "smote", "borderline_smote", "adasyn")
TASK_NAMES = {"mnist_5v6_1:10": "MNIST 5 vs 6", "fashion_sandal_sneaker_1:10":
              "sandal vs sneaker", "cifar_cat_dog_1:10": "CIFAR cat vs dog"}
CLASSIFIER_NAMES = {"cnn": "CNN", "logreg": "logreg", "gboost": "gradient boosting",
                    "svm": "RBF SVM", "mlp": "MLP", "knn": "5-NN"}


def _num(value):
    """A score as the docs print it: three decimals without the leading zero."""
    text = f"{value:.3f}"
    return text[1:] if text.startswith("0.") else text


def _ordered(values, order):
    return [v for v in order if v in set(values)] + [v for v in dict.fromkeys(values)
                                                     if v not in order]


def _per_task_means(df):
    """Mean over tasks of each task's mean over seeds and folds."""
    ok = df[df["status"] == "ok"] if "status" in df else df
    return (ok.groupby(["sampler", "classifier", "task"]).mean(numeric_only=True)
              .groupby(["sampler", "classifier"]).mean())


def tabular_means(df):
    """Sampler x classifier: ROC AUC / F1 / G-mean, mean over the data sets."""
    means = _per_task_means(df)
    classifiers = _ordered(df["classifier"], ["logreg", "gboost"])
    header = ["sampler"] + [
        ("logistic regression" if c == "logreg" else CLASSIFIER_NAMES.get(c, c))
        + " AUC / F1 / G-mean" for c in classifiers]
    rows = [header]
    # a sampler whose every run failed has no scores, and no row
    for sampler in _ordered(means.index.get_level_values("sampler"), list(SAMPLER_NAMES)):
        row = [SAMPLER_NAMES.get(sampler, sampler)]
        for clf in classifiers:
            m = means.loc[(sampler, clf)]
            row.append(" / ".join(_num(m[k]) for k in ("roc_auc", "f1", "gmean")))
        rows.append(row)
    return rows


QUALITY = [("syn_detectability", "detectability"), ("syn_memorisation_ratio", "memor. ratio"),
           ("syn_near_copy_share", "near copies"), ("syn_precision", "precision"),
           ("syn_recall", "recall"), ("syn_density", "density"),
           ("syn_coverage", "coverage"), ("syn_class_fidelity", "class fidelity")]


def quality_means(df):
    """Sampler: sample-quality figures and downstream scores, mean over the data sets."""
    means = (df.groupby(["sampler", "task"]).mean(numeric_only=True)
               .groupby("sampler").mean())
    rows = [["sampler"] + [label for _, label in QUALITY]
            + ["downstream AUC / F1 / G-mean"]]
    for sampler in _ordered(df["sampler"], list(SAMPLER_NAMES)):
        m = means.loc[sampler]
        if not all(k in m and m[k] == m[k] for k, _ in QUALITY):
            continue  # adds no rows (no resampling): no quality figures
        rows.append([SHORT_NAMES.get(sampler, sampler)] + [_num(m[k]) for k, _ in QUALITY]
                    + [" / ".join(_num(m[k]) for k in ("roc_auc", "f1", "gmean"))])
    return rows


def dvaan_compact_f1(df):
    """Task and classifier: minority F1 of no resampling, the best classic
    baseline, both deep samplers, and the best ROC AUC of all."""
    mean = df.groupby(["task", "classifier", "sampler"]).mean(numeric_only=True)
    rows = [["task, classifier", "none", "best classic", "DVAAN", "BayesGAN", "best AUC"]]
    for task in dict.fromkeys(df["task"]):
        for clf in _ordered(df.loc[df["task"] == task, "classifier"], ["cnn", "logreg"]):
            m = mean.loc[(task, clf)]
            classic = m.loc[[s for s in CLASSIC if s in m.index], "f1"]
            best = classic.idxmax()
            row = [f"{TASK_NAMES.get(task, task)}, {CLASSIFIER_NAMES.get(clf, clf)}",
                   _num(m.loc["none", "f1"]), f"{_num(classic[best])} ({SHORT_NAMES[best]})"]
            for deep in ("dvaan", "bayesgan"):
                value = _num(m.loc[deep, "f1"])
                # bold where the deep sampler beats every classic baseline
                row.append(f"**{value}**" if m.loc[deep, "f1"] > classic[best] else value)
            auc = m["roc_auc"].round(3)
            leaders = [SHORT_NAMES.get(s, s) for s in auc.index[auc == auc.max()]]
            who = (", ".join(leaders) if len(leaders) <= 2
                   else f"{len(leaders)} of {len(auc)}")
            row.append(f"{_num(auc.max())} ({who})")
            rows.append(row)
    return rows


def cpu_budget(df):
    """Task and classifier: minority F1 and the generated images' synthetic AUC of
    DVAAN with the CPU's compute budget (the default) and with the full 1,000
    steps (``dvaan_full_steps``), and their fit times."""
    mean = df.groupby(["task", "classifier", "sampler"]).mean(numeric_only=True)
    rows = [["task, classifier", "F1 budget", "F1 1,000 steps", "synthetic AUC budget",
             "synthetic AUC 1,000 steps", "fit s budget", "fit s 1,000 steps"]]
    for task in dict.fromkeys(df["task"]):
        for clf in _ordered(df.loc[df["task"] == task, "classifier"], ["cnn", "logreg"]):
            m = mean.loc[(task, clf)]
            budget, full = m.loc["dvaan"], m.loc["dvaan_full_steps"]
            rows.append([f"{TASK_NAMES.get(task, task)}, {CLASSIFIER_NAMES.get(clf, clf)}",
                         _num(budget["f1"]), _num(full["f1"]),
                         _num(budget["synthetic_auc"]), _num(full["synthetic_auc"]),
                         f"{budget['sampler_fit_time']:.0f}",
                         f"{full['sampler_fit_time']:.0f}"])
    return rows


#: The deep samplers' CPU image defaults and the same samplers with the papers'
#: networks trained the full 1,000 steps (the runner's named-only rows).
PAPERS_NETWORKS = (("dvaan", "dvaan_papers_networks"), ("bayesgan", "bayesgan_papers_networks"))


def papers_networks(df):
    """Task, seed and sampler: minority F1 with the CNN and with logistic
    regression, and the synthetic AUC (lower is better), of the CPU image
    default against the papers' networks trained 1,000 steps, then the mean
    difference over the pairs and seeds where both ran (positive: the default
    is higher). A last line per task and seed gives random over-sampling's and
    SMOTE's F1 for scale."""
    mean = df.groupby(["task", "seed", "sampler", "classifier"]).mean(numeric_only=True)
    rows = [["task, seed", "sampler", "CNN F1 default / papers'",
             "logreg F1 default / papers'", "synthetic AUC default / papers'"]]
    differences = {default: [] for default, _ in PAPERS_NETWORKS}
    cells = [(task, seed) for task in _ordered(df["task"], list(TASK_NAMES))
             for seed in sorted(set(df.loc[df["task"] == task, "seed"]))]
    for task, seed in cells:
        m = mean.loc[(task, seed)]
        ran = set(m.index.get_level_values("sampler"))
        where = f"{TASK_NAMES.get(task, task)}, {seed}"
        for default, papers in PAPERS_NETWORKS:
            if default not in ran or papers not in ran:
                continue
            scores, diff = [], []
            for clf, key in (("cnn", "f1"), ("logreg", "f1"), ("cnn", "synthetic_auc")):
                a, b = m.loc[(default, clf), key], m.loc[(papers, clf), key]
                scores.append(f"{_num(a)} / {_num(b)}")
                diff.append(a - b)
            differences[default].append(diff)
            rows.append([where, SHORT_NAMES[default], *scores])
        classic = [s for s in ("ros", "smote") if s in ran]
        if classic:
            rows.append([where, " / ".join(SHORT_NAMES[s] for s in classic),
                         *(" / ".join(_num(m.loc[(s, clf), "f1"]) for s in classic)
                           for clf in ("cnn", "logreg")), ""])
    for default, diffs in differences.items():
        if diffs:
            # rounded first, so that a tiny negative mean prints as +.000
            means = [round(sum(d[i] for d in diffs) / len(diffs), 3) + 0.0 for i in range(3)]
            rows.append([f"mean difference ({len(diffs)})", SHORT_NAMES[default],
                         *(("+" if v >= 0 else "-") + _num(abs(v)) for v in means)])
    return rows


def imsic_compact(df, classifier="cnn"):
    """Sampler: balanced accuracy and recall / F1 of the two smallest classes,
    the best of each column in bold, and the IMSIC paper's own figures."""
    from imblearn_deep.benchmarks._protocols import protocols

    sub = df[df["classifier"] == classifier]
    mean = sub.groupby("sampler").mean(numeric_only=True)
    best = {k: mean[k].round(3).max() for k in ("acsa", "recall_8", "f1_8", "recall_9", "f1_9")}

    def cell(m, key):
        value = _num(m[key])
        return f"**{value}**" if round(m[key], 3) == best[key] else value

    name = "sampler + " + CLASSIFIER_NAMES.get(classifier, classifier)
    rows = [[name, "balanced acc.", "recall / F1, 8", "recall / F1, 9"]]
    for sampler in _ordered(sub["sampler"], list(SAMPLER_NAMES)):
        m = mean.loc[sampler]
        rows.append([SAMPLER_NAMES.get(sampler, sampler), cell(m, "acsa"),
                     f"{cell(m, 'recall_8')} / {cell(m, 'f1_8')}",
                     f"{cell(m, 'recall_9')} / {cell(m, 'f1_9')}"])
    paper = {t.name: t.paper for t in protocols()["imsic"][0]}[df["task"].iloc[0]]
    rows.append(["IMSIC paper (own)", "",
                 f"{_num(paper['recall_8'])} / {_num(paper['f1_8'])}",
                 f"{_num(paper['recall_9'])} / {_num(paper['f1_9'])}"])
    return rows


def speed(frames):
    """Data size and method: fit time (epochs), time per epoch, speed against
    the plain reference loop, peak extra memory. Later files replace the rows
    of earlier ones for the same size and method."""
    import pandas as pd

    from .speed import compare

    df = pd.concat([f.assign(results_file=name) for name, f in frames.items()])
    df = df.drop_duplicates(["data", "n_rows", "n_features", "method"], keep="last")
    df = df.sort_values(["data", "n_rows"], key=lambda c: c.map({"tabular": 0, "image": 1})
                        if c.name == "data" else c, kind="stable")
    rows = [["data", "method", "fit (s) (epochs)", "s / epoch", "vs. reference",
             "peak RSS extra", "file"]]
    for _, r in df.iterrows():
        if r["data"] == "image":
            data = f"{r['n_rows']:,} 28x28 images"
        else:
            data = f"{r['n_rows']:,} x {r['n_features']}"
            if r["input_mib"] >= 100:
                data += f" ({r['input_mib']:.0f} MiB)"
        fit = f"{r['fit_s']:#.2g}" if r["fit_s"] < 1 else f"{r['fit_s']:.1f}"
        if r["epochs"] == r["epochs"]:  # not NaN: a deep sampler
            fit += f" ({r['epochs']:.0f})"
        epoch = ("" if r["epoch_s"] != r["epoch_s"] else
                 f"{r['epoch_s']:#.2g}" if r["epoch_s"] < 1 else f"{r['epoch_s']:.1f}")
        versus = compare(r.get("reference_epoch_s"), r.get("epoch_s"))
        peak = r["peak_rss_extra_mib"]
        memory = f"{peak / 1024:.1f} GiB" if peak >= 1024 else f"{peak:.0f} MiB"
        if r["input_mib"] >= 100:
            memory += f" ({r['peak_over_input']:.1f}x)"
        rows.append([data, SHORT_NAMES.get(r["method"], r["method"]), fit, epoch, versus,
                     memory, r["results_file"]])
    return rows


def speed_repeated(df):
    """Data and method: fit and time per epoch as minimum / median of the interleaved
    repetitions, the comparisons in words (from the minimums), peak memory, and how
    many repetitions drew a load warning. The fits only: a results file's grid-search
    rows (column ``measurement``) are left out."""
    from .speed import compare

    if "measurement" in df:
        df = df[df["measurement"] == "fit_resample"]

    def seconds(value):
        return "" if value != value else f"{value:#.2g}" if value < 1 else f"{value:.1f}"

    rows = [["data", "method", "fit s (epochs)", "s / epoch", "per epoch", "fit",
             "peak RSS extra", "reps (warned)"]]
    for _, r in df.iterrows():
        data = (f"{r['n_rows']:,} 28x28 images" if r["data"] == "image"
                else f"{r['n_rows']:,} x {r['n_features']}")
        if r.get("conv_channels", "") == r.get("conv_channels", ""):  # not NaN
            data += f" (channels {str(r['conv_channels']).replace(' ', ',')})"
        fit = f"{seconds(r['fit_s'])} / {seconds(r['fit_median_s'])}"
        if r["epochs"] == r["epochs"]:
            fit += f" ({r['epochs']:.0f})"
        epoch = ("" if r["epoch_s"] != r["epoch_s"] else
                 f"{seconds(r['epoch_s'])} / {seconds(r['epoch_median_s'])}")
        versus = compare(r.get("reference_epoch_s"), r.get("epoch_s"), "the reference loop")
        smote = r.get("versus_smote", "")
        rows.append([data, SHORT_NAMES.get(r["method"], r["method"]), fit, epoch, versus,
                     "" if smote != smote else smote,
                     f"{r['peak_rss_extra_mib']:.0f} MiB",
                     f"{r['reps']:.0f} ({r['warned_reps']:.0f})"])
    return rows


def mixed_means(df):
    """Classifier and sampler: G-mean, F1 and ROC AUC averaged over the tables (each
    table's mean over its folds), and the differences from SMOTENC with the same
    classifier (positive: better than SMOTENC)."""
    ok = df[df["status"] != "failed"]
    per_task = ok.groupby(["classifier", "sampler", "task"])[["gmean", "f1", "roc_auc"]].mean()
    means = per_task.groupby(["classifier", "sampler"]).mean()
    folds = ok.groupby(["classifier", "sampler"]).size()
    rows = [["classifier", "sampler", "G-mean", "F1", "ROC AUC", "G-mean vs SMOTENC",
             "F1 vs SMOTENC", "fits"]]
    for clf in _ordered(means.index.get_level_values("classifier"), ["logreg", "gboost"]):
        sub = means.loc[clf]
        base = sub.loc["smotenc"] if "smotenc" in sub.index else None
        for sampler in _ordered(sub.index, list(SAMPLER_NAMES)):
            m = sub.loc[sampler]
            versus = (["", ""] if base is None or sampler == "smotenc" else
                      [f"{m['gmean'] - base['gmean']:+.3f}", f"{m['f1'] - base['f1']:+.3f}"])
            rows.append([CLASSIFIER_NAMES.get(clf, clf), SAMPLER_NAMES.get(sampler, sampler),
                         _num(m["gmean"]), _num(m["f1"]), _num(m["roc_auc"]), *versus,
                         str(int(folds.loc[(clf, sampler)]))])
    return rows


#: The ablations whose short table (``<stem>_table.csv``) a docs page renders.
ABLATIONS = (
    "ablation_tabular_seeds012", "ablation_tabular_seed0", "ablation_tabular_steps_seeds012",
    "ablation_dvaan_steps100_seeds012", "ablation_bayesgan_regularizer_seeds012",
    "ablation_bayesgan_steps_seeds012", "ablation_fewshot_min10_seed0",
    "ablation_fewshot_min20_seed0", "ablation_fewshot_min50_seed0",
    "ablation_fewshot_min10_bayesgan_regularizer_seeds01",
    "ablation_fewshot_min10_bayesgan_seeds012", "ablation_bayesgan_interpolate_seeds012",
    "ablation_fewshot_min10_bayesgan_interpolate_seeds012",
    "ablation_fewshot_min20_bayesgan_interpolate_seeds012",
    "ablation_majority_transfer_min10_seeds012", "ablation_mlp_seeds012",
    "ablation_mlp_bayesgan_prior_seeds012", "ablation_mlp_prior_hidden128_seeds012",
    "ablation_mlp_large_seeds012", "ablation_dvaan_large_seeds012",
    "ablation_fewshot_min10_mlp_seeds012", "ablation_fewshot_min20_mlp_seeds012",
    "ablation_fewshot_min50_mlp_seeds012", "ablation_bayesgan_interpolate_steps_seeds012",
    "ablation_bayesgan_interpolate_large_steps_seeds012",
    "ablation_bayesgan_onepass_inversion_seeds012", "ablation_bayesgan_inversion_large_seeds012",
    "ablation_reconstruction_seeds012", "ablation_hidden64_seeds012",
    "ablation_flexible_keel_seeds012", "ablation_flexible_large_seeds012",
)


def _records(rows):
    """Rows of dicts as a header row and value rows."""
    keys = list(dict.fromkeys(k for row in rows for k in row))
    return [keys] + [[row.get(k, "") for k in keys] for row in rows]


def build(results=RESULTS):
    """``{table path under docs/results: rows}`` for every table whose sources exist.

    ``results``: the folder of the raw results (``<stem>.csv.gz``).
    """
    import pandas as pd

    from .research import ablation, comparison_2d, diffaugment

    results = pathlib.Path(results)

    def read(name):
        return read_frame(results / f"{name}.csv.gz")

    def exists(name):
        return (results / f"{name}.csv.gz").exists()

    tables = {}
    sources = {
        "tabular_seed0_cpu_means.csv": (tabular_means, "tabular_seed0_cpu"),
        "tabular_quality_seed0_cpu_means.csv": (quality_means, "tabular_quality_seed0_cpu"),
        "dvaan_compact_seed0_cpu_f1.csv": (dvaan_compact_f1, "dvaan_compact_seed0_cpu"),
        "imsic_compact_seed0_cpu_cnn.csv": (imsic_compact, "imsic_compact_seed0_cpu"),
    }
    for seed in (0, 1):
        sources[f"dvaan_compact_budget_seed{seed}_cpu_table.csv"] = (
            cpu_budget, f"dvaan_compact_budget_seed{seed}_cpu")
    for stem in ("mixed_seed0_cpu", "mixed_seed1_cpu", "mixed_compact_ablation_cpu",
                 "mixed_seeds012_interpolate_cpu"):
        sources[f"{stem}_means.csv"] = (mixed_means, stem)
    for target, (make, source) in sources.items():
        if exists(source):
            tables[f"tables/{target}"] = make(read(source))
    papers = sorted(results.glob("dvaan_compact_papers_networks_*.csv.gz"))
    if papers:
        tables["tables/dvaan_compact_papers_networks_table.csv"] = papers_networks(
            pd.concat([read_frame(p) for p in papers]))
    if exists("speed_image_defaults/speed"):
        tables["tables/speed_image_defaults_cpu.csv"] = speed_repeated(
            read("speed_image_defaults/speed"))
    if exists("speed_quick"):
        tables["tables/speed_quick_cpu.csv"] = speed_repeated(read("speed_quick"))
    speed_files = ["speed_cpu", "speed_cpu_tabular_v2"]
    if all(exists(f) for f in speed_files):
        tables["tables/speed_cpu.csv"] = speed({f"{f}.csv": read(f) for f in speed_files})
    for stem in ABLATIONS:
        if exists(stem):
            versus = ablation.versus_best_classic(read_rows(results / f"{stem}.csv.gz"))
            tables[f"{stem}_table.csv"] = _records(ablation.versus_table(versus))
    if exists("comparison_2d"):
        tables["comparison_2d_table.csv"] = _records(comparison_2d.table(
            read_rows(results / "comparison_2d.csv.gz")))
    if exists("diffaugment_digits"):
        tables["diffaugment_digits_summary.csv"] = _records(diffaugment.summary_table(
            read_rows(results / "diffaugment_digits.csv.gz")))
    return tables


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.tables",
        description="Rewrite the documentation's result tables (CSV) from the results files.",
    )
    parser.add_argument("--results", default=str(RESULTS), metavar="FOLDER",
                        help=f"folder of the raw results files (default: {RESULTS})")
    parser.add_argument("--out", default=str(DOCS_RESULTS), metavar="FOLDER",
                        help=f"folder of the docs' tables (default: {DOCS_RESULTS})")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    out = pathlib.Path(args.out)
    tables = build(args.results)
    for name, rows in tables.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        with open(out / name, "w", newline="", encoding="utf-8") as f:
            csv.writer(f, lineterminator="\n").writerows(rows)
        print(f"wrote {out / name} ({len(rows) - 1} rows)")
    return tables


if __name__ == "__main__":
    main()
