"""How often fresh real rows are near-copies: the reference for the novelty target.

Run ``python -m benchmarks.research.novelty_reference`` from the root of a
checkout. For every task, seed and fold of the KEEL (``tabular``, all 20
sets) and ``mixed`` (compact: 2,000-row subsamples, 2 folds) protocols it
compares the *test* fold's minority rows, fresh draws of the real
distribution that no sampler saw, with the training fold's minority rows
by :func:`imblearn_deep.metrics.memorisation`, exactly as the protocols
score a sampler's new rows (:func:`imblearn_deep.benchmarks._runner.copy_share`:
default ``copy_factor``, DataFrames with their category columns as
categories, filled as the runner fills them). A sampler whose rows were
fresh draws of the class would score about this share; on tables whose
rows lie on a grid (integer counts, categories) it is above 0, because a
fresh row can equal a training row. Nothing is trained; the run takes
about half a minute. Writes ``<out>/novelty_reference.csv.gz`` (one row per task, seed
and fold) and ``<out>/novelty_reference.md`` (means per table and
protocol).

On the run of December 2026 (seeds 0-2) a fresh minority row was a
near-copy .017 of the time on the KEEL tables and .029 on the mixed ones,
far below what any interpolating sampler scores: the near-copy share
measures copying, not the grain of the data.
"""

import argparse
import os

import pandas as pd

from imblearn_deep.benchmarks._protocols import protocols
from imblearn_deep.benchmarks._runner import copy_share, smallest_class
from imblearn_deep.preprocessing import MixedTypeImputer

from .._io import write_csv


def held_out_share(X_train, y_train, X_test, y_test):
    """Near-copy share of the test fold's minority rows against the training fold's."""
    fresh = X_test[y_test == smallest_class(y_train)]
    return copy_share(X_train, y_train, fresh, None)


def run(seeds):
    table = protocols()
    rows = []
    for protocol, compact in (("tabular", False), ("mixed", True)):
        main, sweep = table[protocol]
        for task in main + sweep:
            for seed in seeds:
                for fold, (X_tr, y_tr, X_te, y_te) in enumerate(task.load(None, seed, compact)):
                    row = dict(protocol=protocol, data_set=task.name, seed=seed, fold=fold)
                    if task.mixed:  # as the runner fills them
                        imputer = MixedTypeImputer().fit(X_tr)
                        X_tr, X_te = imputer.transform(X_tr), imputer.transform(X_te)
                    row["held_out_real"] = held_out_share(X_tr, y_tr, X_te, y_te)
                    rows.append(row)
        print(f"{protocol}: {len(rows)} folds so far", flush=True)
    return rows


def markdown(frame, command):
    lines = [f"Command: `{command}`", ""]
    columns = ["held_out_real"]
    for protocol, part in frame.groupby("protocol", sort=False):
        means = part.groupby("data_set", sort=False)[columns].mean()
        means.loc["mean"] = means.mean()
        lines += [f"### {protocol}", "", "| table | " + " | ".join(columns) + " |",
                  "| --- " * (len(columns) + 1) + "|"]
        for name, values in means.iterrows():
            cells = ["" if pd.isna(v) else f"{v:.3f}" for v in values]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        lines.append("")
    lines.append("held_out_real: near-copy share of the test fold's minority rows against "
                 "the training fold's (imblearn_deep.metrics.memorisation, default "
                 "copy_factor), mean over seeds and folds.")
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", default="0,1,2", help="comma-separated seeds")
    parser.add_argument("--out", default=os.path.join("benchmarks", "results"))
    args = parser.parse_args(argv)
    seeds = [int(s) for s in args.seeds.split(",")]
    frame = pd.DataFrame(run(seeds))
    os.makedirs(args.out, exist_ok=True)
    stem = os.path.join(args.out, "novelty_reference")
    write_csv(frame.to_dict("records"), stem + ".csv.gz")
    command = "python -m benchmarks.research.novelty_reference --seeds " + args.seeds
    text = markdown(frame, command)
    with open(stem + ".md", "w") as handle:
        handle.write(text)
    print(text)
    return frame


if __name__ == "__main__":
    main()
