"""Paired comparison of two competitors of the tabular ablation, fold by fold.

Run ``python -m benchmarks.research.paired NEW OLD`` from the root of a
checkout, each argument ``path.csv[.gz]:competitor`` naming rows of
:mod:`.ablation` runs or of the protocols' runs (``python -m
imblearn_deep.benchmarks``; ``a.csv+b.csv`` joins the rows of several
files, e.g. of other seeds). The rows are paired by data set,
seed, fold and classifier (every competitor of the ablation is seeded, so
the same fold of two runs saw the same training rows), and for each
classifier and metric it prints the mean difference NEW - OLD with its
standard error over the paired folds, and on how many data sets NEW's mean
is higher and lower. The folds of one data set are not independent, so
read a difference of less than about two standard errors as noise. The
mean near-copy share of both (where recorded) and their mean sampler times
come last. ``--markdown FILE`` also writes the table as Markdown.
"""

import argparse
import math
import sys

import numpy as np

from .._io import read_rows

#: Metrics compared, in this order.
METRICS = ("gmean", "f1", "roc_auc")
KEYS = ("data_set", "seed", "fold", "classifier")


def _side(spec):
    path, _, competitor = spec.rpartition(":")
    if not path:
        raise argparse.ArgumentTypeError(f"{spec!r}: give path.csv:competitor")
    return path, competitor


#: Columns of the protocols' results (``python -m imblearn_deep.benchmarks``)
#: and their names in the ablation's rows.
PROTOCOL_COLUMNS = {"task": "data_set", "sampler": "competitor",
                    "near_copy_share": "near_copy", "sampler_fit_time": "sampler_time"}


def _rows(path, competitor):
    # "a.csv+b.csv": the rows of several runs (e.g. of other seeds)
    rows = [{PROTOCOL_COLUMNS.get(k, k): v for k, v in r.items()}
            for part in path.split("+") for r in read_rows(part)]
    rows = {tuple(str(r[k]) for k in KEYS): r for r in rows
            if r["competitor"] == competitor and r.get("status", "ok") != "failed"}
    if not rows:
        raise SystemExit(f"{path} has no rows of competitor {competitor!r}")
    return rows


def compare(new, old, classifiers=None):
    """Paired differences of ``new`` and ``old`` (dicts of rows by :data:`KEYS`).

    Returns a list of dicts, one per classifier and metric: ``classifier``,
    ``metric``, ``n`` (paired folds), ``difference`` (mean NEW - OLD),
    ``se`` (its standard error) and ``higher`` / ``lower`` (data sets whose
    mean over their folds moved up / down).
    """
    shared = sorted(set(new) & set(old))
    out = []
    names = classifiers or sorted({k[3] for k in shared})
    for clf in names:
        keys = [k for k in shared if k[3] == clf]
        if not keys:
            continue
        for metric in METRICS:
            d = np.array([float(new[k][metric]) - float(old[k][metric]) for k in keys])
            per_set = {}
            for k, v in zip(keys, d):
                per_set.setdefault(k[0], []).append(v)
            means = [np.mean(v) for v in per_set.values()]
            out.append(dict(classifier=clf, metric=metric, n=len(d), difference=float(d.mean()),
                            se=float(d.std(ddof=1) / math.sqrt(len(d))) if len(d) > 1 else math.nan,
                            higher=sum(m > 1e-12 for m in means),
                            lower=sum(m < -1e-12 for m in means)))
    return out


def _mean(rows, key):
    values = [float(r[key]) for r in rows.values() if r.get(key) not in (None, "")]
    return float(np.mean(values)) if values else math.nan


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.research.paired",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("new", type=_side, help="path.csv[.gz]:competitor")
    parser.add_argument("old", type=_side, help="path.csv[.gz]:competitor")
    parser.add_argument("--classifiers", default=None,
                        help="comma-separated classifiers (default: all they share)")
    parser.add_argument("--markdown", default=None, help="also write the table to this file")
    args = parser.parse_args(argv)
    new, old = _rows(*args.new), _rows(*args.old)
    table = compare(new, old, args.classifiers.split(",") if args.classifiers else None)
    if not table:
        raise SystemExit("the two competitors share no fold")
    lines = [f"{args.new[1]} against {args.old[1]}, paired folds "
             "(mean difference +- its standard error; data sets higher / lower):", "",
             "| classifier | metric | difference | sets higher / lower | folds |",
             "| --- | --- | --- | --- | --- |"]
    lines += [f"| {r['classifier']} | {r['metric']} | {r['difference']:+.4f} +- {r['se']:.4f} "
              f"| {r['higher']} / {r['lower']} | {r['n']} |" for r in table]
    lines += ["", f"Near-copy share: {args.new[1]} {_mean(new, 'near_copy'):.3f}, "
                  f"{args.old[1]} {_mean(old, 'near_copy'):.3f}. Mean sampler time: "
                  f"{_mean(new, 'sampler_time'):.2f} s against {_mean(old, 'sampler_time'):.2f} s."]
    text = "\n".join(lines)
    print(text)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
