"""The benchmarks' results files: the rows as CSV, their means as Markdown."""

import csv
import pathlib
from collections import Counter

import numpy as np

from imblearn_deep.metrics import REPORT_COLUMNS

from ._competitors import COMPACT_CHANNELS
from ._protocols import protocols

#: Order of a row's ``status``, best first.
STATUSES = ("ok", "warning", "failed")

#: Columns of the Markdown tables (besides ``recall_<label>`` and
#: ``f1_<label>``), in the rows' order; a file without one has no such column.
SCORES = ("roc_auc", "f1", "recall", "acsa", "macro_f1", "gmean", "brier", "synthetic_auc",
          "near_copy_share")

#: What the tables say under a task's table about the columns that need it.
SCORE_NOTES = {
    "brier": "brier: the Brier score of the predicted minority probability (lower is "
             "better); over-sampling shifts that probability upwards.",
    "near_copy_share": "near_copy_share: the share of the sampler's new minority rows "
                       "that nearly copy a training row (imblearn_deep.metrics.memorisation; "
                       "one value per sampler fit, the same for every classifier).",
}

#: Report columns recorded by :func:`~._runner.sample_quality`, as ``syn_<column>``.
QUALITY_FIGURES = tuple(c for c in REPORT_COLUMNS if c not in ("n_real", "n_synthetic"))


def write_csv(rows, path):
    """All result rows, one per (task, seed, sampler, classifier)."""
    keys = list(dict.fromkeys(k for row in rows for k in row))
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=keys)
        writer.writeheader()
        writer.writerows(rows)


def save_results(rows, table, out, stem, quiet=False):
    """Write ``rows`` as ``out/stem.csv`` and ``table`` as ``out/stem.md``, and print the table.

    ``quiet``: write only (the runner saves after every unit this way).
    """
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    write_csv(rows, out / f"{stem}.csv")
    (out / f"{stem}.md").write_text(table)
    if not quiet:
        print(table)
        print(f"results written to {out / stem}.csv and .md")


def _mode(row):
    if row.get("quick") in (True, "True"):
        return "quick (smoke test: 3 training epochs, scores say nothing about quality)"
    if row.get("compact") in (True, "True"):
        return (f"compact (data subsets, conv channels {COMPACT_CHANNELS}, the default "
                "training length: max_epochs='auto', within its compute budget on a CPU)")
    return "full"


def markdown(rows, protocol):
    """Mean and standard deviation over seeds, with the paper's own figures."""
    # a protocol of its own (a test's, say) has no paper figures
    paper = {t.name: t.paper for t in sum(protocols().get(protocol, ([], [])), [])}
    lines = []
    for task in dict.fromkeys(r["task"] for r in rows):
        task_rows = [r for r in rows if r["task"] == task]
        keys = dict.fromkeys(k for r in task_rows for k in r)
        metrics = [k for k in keys if k in SCORES or k.startswith(("recall_", "f1_"))]
        # the sampler's own figure after the classifiers' scores (files
        # written before a column existed simply lack it)
        metrics.sort(key=lambda k: k == "near_copy_share")
        lines += [f"### {task}", "",
                  "| sampler | classifier | " + " | ".join(metrics) + " | sampler fit (s) | runs |",
                  "|" + " --- |" * (len(metrics) + 4)]
        problems = []
        for sampler, clf in dict.fromkeys((r["sampler"], r["classifier"]) for r in task_rows):
            group = [r for r in task_rows if r["sampler"] == sampler and r["classifier"] == clf]
            done = [r for r in group if _status(r) != "failed"]  # failed runs have no scores
            cells = []
            for m in metrics:
                values = np.array([r[m] for r in done if r.get(m) not in (None, "")],
                                  dtype=float)
                cells.append(f"{values.mean():.4f} ± {values.std():.4f}" if len(values) else "")
            times = [float(r["sampler_fit_time"]) for r in done]
            fit = f"{np.mean(times):.1f}" if times else ""
            lines.append(f"| {sampler} | {clf} | " + " | ".join(cells)
                         + f" | {fit} | {_runs(group)} |")
            told = Counter((_status(r), r.get("message") or "") for r in group
                           if _status(r) != "ok")
            problems += [f"- {sampler} + {clf}: {n} of {len(group)} run(s) "
                         f"{'failed' if status == 'failed' else 'raised warnings'}: "
                         + _short(message) for (status, message), n in told.items()]
        if paper.get(task):
            cells = [f"{paper[task][m]:.4f}" if m in paper[task] else "" for m in metrics]
            lines.append("| paper (own method) | own | " + " | ".join(cells) + " | | |")
        seeds = sorted({r["seed"] for r in task_rows})
        folds = len({r.get("fold", 0) for r in task_rows})
        counts = sorted({int(float(r["n_minority"])) for r in task_rows
                         if r.get("n_minority") not in (None, "")})
        minority = ("" if not counts else f"minority training rows {counts[0]}; " if len(counts) == 1
                    else f"minority training rows {counts[0]}-{counts[-1]}; ")
        lines += ["", f"Seeds {seeds}, {folds} fold(s) each (mean and std over all); {minority}"
                  f"device: {task_rows[0]['device']}; mode: {_mode(task_rows[0])}.", ""]
        told = [text for column, text in SCORE_NOTES.items() if column in metrics]
        if told:
            lines += [" ".join(told), ""]
        lines += _quality_table(task_rows)
        if problems:
            lines += ["Failed runs are left out of the means and fit times (the runs column "
                      "counts them); runs with warnings are included.", "", *problems, ""]
    return "\n".join(lines)


def _quality_table(task_rows):
    """Sample quality per sampler (one value per sampler fit), or no lines.

    Fits whose report could not be computed are counted under the table,
    per sampler, with the first reason (``syn_error``).
    """
    runs, errors = {}, {}
    for r in task_rows:  # the classifiers' rows of one fit share its figures
        if r.get("syn_detectability") not in (None, ""):
            runs.setdefault(r["sampler"], {})[(r["seed"], r.get("fold", 0))] = r
        elif r.get("syn_error") not in (None, ""):
            errors.setdefault(r["sampler"], {})[(r["seed"], r.get("fold", 0))] = r["syn_error"]
    notes = [f"- {sampler}: sample quality not computed for {len(fits)} fit(s), e.g.: "
             + _short(next(iter(fits.values()))) for sampler, fits in errors.items()]
    if not runs:
        return notes + [""] if notes else []
    labels = {str(r.get("syn_class")) for group in runs.values() for r in group.values()}
    lines = [f"Sample quality of the synthetic rows of class {', '.join(sorted(labels))} "
             "(imblearn_deep.metrics; mean ± std over fits):", "",
             "| sampler | " + " | ".join(QUALITY_FIGURES).replace("_", " ") + " |",
             "|" + " --- |" * (len(QUALITY_FIGURES) + 1)]
    for sampler, group in runs.items():
        cells = []
        for m in QUALITY_FIGURES:
            values = np.array([r[f"syn_{m}"] for r in group.values()
                               if r.get(f"syn_{m}") not in (None, "")], dtype=float)
            cells.append(f"{values.mean():.3f} ± {values.std():.3f}" if len(values) else "")
        lines.append(f"| {sampler} | " + " | ".join(cells) + " |")
    return lines + [""] + (notes + [""] if notes else [])


def _status(row):
    """A row's status; rows written before statuses were recorded are ``"ok"``."""
    return row.get("status") or "ok"


def _runs(group):
    """The number of runs, and how many failed or raised warnings: ``5 (1 failed)``."""
    counts = Counter(_status(r) for r in group)
    told = [f"{counts[s]} {'failed' if s == 'failed' else 'with warnings'}"
            for s in STATUSES[1:][::-1] if counts[s]]
    return f"{len(group)}" + (f" ({', '.join(told)})" if told else "")


def _short(message, limit=300):
    """One line of at most ``limit`` characters."""
    message = " ".join(str(message).split())
    return message if len(message) <= limit else message[:limit - 3] + "..."

