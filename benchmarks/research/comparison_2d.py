"""Where the synthetic rows land on imbalanced-learn's 2-D example.

``python -m benchmarks.research.comparison_2d`` fits SMOTE and the deep
samplers at their defaults on the two data sets of imbalanced-learn's
``plot_comparison_over_sampling.py`` (three classes, two columns: 150 rows
with classes of 10%, 20% and 70%, and 5,000 rows with 1%, 5% and 94%), with
several random states, and reports the share of synthetic rows whose
nearest real row has their class (:func:`agreement`). It writes
``comparison_2d.csv.gz`` (one row per data set, sampler and random state)
and ``comparison_2d.md`` in ``--out`` (``benchmarks/results``), and
``comparison_2d_table.csv`` (the shares by random state, and their mean;
rendered by the docs) in ``--tables`` (``docs/results``). Besides the defaults it runs
BayesGAN with its generator's own rows (``sample_from="prior"``), at the
default regularizer weight and at its former one (1.0), and both samplers
with ``selection="faithful"``. The gallery example "Where
the synthetic rows land" draws the 150-row set.
"""

import argparse
import pathlib
import sys
import time

import numpy as np
from imblearn.over_sampling import SMOTE
from sklearn.datasets import make_classification
from sklearn.neighbors import NearestNeighbors

from imblearn_deep import BayesGANOversampler, DVAANSampler, __version__
from imblearn_deep._cli import integers, names

from .._io import DOCS_RESULTS, RESULTS, write_csv

#: The data sets: name -> (rows, class weights).
DATA_SETS = {"150": (150, (0.1, 0.2, 0.7)), "5000": (5000, (0.01, 0.05, 0.94))}

#: The competitors: name -> a function of the random state.
SAMPLERS = {
    "smote": lambda rs: SMOTE(random_state=rs),
    "dvaan": lambda rs: DVAANSampler(random_state=rs),
    "bayesgan": lambda rs: BayesGANOversampler(random_state=rs),
    # BayesGAN's former default: the generator's own rows, not interpolation
    "bayesgan_prior": lambda rs: BayesGANOversampler(sample_from="prior", random_state=rs),
    # the former defaults: regularizer weight 1.0 and the generator's rows
    "bayesgan_regularizer_1": lambda rs: BayesGANOversampler(regularizer_weight=1.0,
                                                             sample_from="prior",
                                                             random_state=rs),
    # Candidate selection by a 5-NN vote of the real rows: close to what
    # :func:`agreement` measures, so these rows show where selected rows
    # land, not that they help a classifier.
    "dvaan_faithful": lambda rs: DVAANSampler(selection="faithful", random_state=rs),
    "bayesgan_faithful": lambda rs: BayesGANOversampler(selection="faithful", random_state=rs),
}


def dataset(name="150"):
    """One of the example's data sets (:data:`DATA_SETS`): ``X, y``."""
    n_samples, weights = DATA_SETS[name]
    return make_classification(n_samples=n_samples, n_features=2, n_informative=2,
                               n_redundant=0, n_repeated=0, n_classes=3,
                               n_clusters_per_class=1, weights=list(weights), class_sep=0.8,
                               random_state=0)


def agreement(X, y, X_res, y_res):
    """Share of synthetic rows whose nearest real row has their class.

    ``X_res, y_res`` is a sampler's output: the ``len(y)`` real rows first,
    then the synthetic ones (as imbalanced-learn's over-samplers return
    them).
    """
    new, labels = X_res[len(y):], y_res[len(y):]
    if len(new) == 0:
        raise ValueError("There are no synthetic rows after the real ones.")
    nearest = NearestNeighbors(n_neighbors=1).fit(X).kneighbors(new, return_distance=False)
    return float(np.mean(np.asarray(y)[nearest[:, 0]] == labels))


def run(data_sets=tuple(DATA_SETS), samplers=tuple(SAMPLERS), random_states=(0, 1, 2, 3, 4)):
    """Rows of ``{data_set, sampler, random_state, agreement, fit_s}``."""
    rows = []
    for name in data_sets:
        X, y = dataset(name)
        for sampler in samplers:
            for rs in random_states:
                t0 = time.perf_counter()
                X_res, y_res = SAMPLERS[sampler](rs).fit_resample(X, y)
                rows.append({"data_set": name, "sampler": sampler, "random_state": rs,
                             "agreement": agreement(X, y, X_res, y_res),
                             "fit_s": time.perf_counter() - t0, "version": __version__})
                print(f"{name} rows, {sampler}, random_state={rs}: "
                      f"{rows[-1]['agreement']:.3f}", flush=True)
    return rows


def table(rows):
    """One row per data set and sampler: its share for each random state
    (``rs 0``, ``rs 1``, ...; three decimals) and their ``mean``."""
    states = sorted({int(r["random_state"]) for r in rows})
    out = []
    for name in dict.fromkeys(r["data_set"] for r in rows):
        for sampler in dict.fromkeys(r["sampler"] for r in rows if r["data_set"] == name):
            got = {int(r["random_state"]): float(r["agreement"]) for r in rows
                   if r["data_set"] == name and r["sampler"] == sampler}
            out.append({"data_set": name, "sampler": sampler,
                        **{f"rs {s}": f"{got[s]:.3f}" if s in got else "" for s in states},
                        "mean": f"{np.mean(list(got.values())):.3f}"})
    return out


def markdown(rows):
    """:func:`table` as Markdown, a section per data set."""
    lines = []
    cells = table(rows)
    for name in dict.fromkeys(c["data_set"] for c in cells):
        mine = [c for c in cells if c["data_set"] == name]
        header = list(mine[0])[1:]
        lines += [f"### {name} rows", "", "| " + " | ".join(header) + " |",
                  "| --- |" * 1 + " --- |" * (len(header) - 1)]
        lines += ["| " + " | ".join(c[h] for h in header) + " |" for c in mine]
        lines.append("")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.research.comparison_2d",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-sets", type=names(DATA_SETS), default=",".join(DATA_SETS),
                        help=f"comma-separated, among {', '.join(DATA_SETS)}")
    parser.add_argument("--samplers", type=names(SAMPLERS), default=",".join(SAMPLERS),
                        help=f"comma-separated, among {', '.join(SAMPLERS)}")
    parser.add_argument("--random-states", type=integers, default="0,1,2,3,4",
                        help="comma-separated random states of the samplers")
    parser.add_argument("--out", default=str(RESULTS),
                        help=f"folder of the raw results (default {RESULTS})")
    parser.add_argument("--tables", default=str(DOCS_RESULTS),
                        help=f"folder of the docs' table (default {DOCS_RESULTS})")
    args = parser.parse_args(argv)
    data_sets, samplers, states = args.data_sets, args.samplers, args.random_states
    rows = run(data_sets, samplers, states)
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    write_csv(rows, out / "comparison_2d.csv.gz")
    tables = pathlib.Path(args.tables)
    tables.mkdir(parents=True, exist_ok=True)
    write_csv(table(rows), tables / "comparison_2d_table.csv")
    given = sys.argv[1:] if argv is None else argv
    command = "python -m benchmarks.research.comparison_2d " + " ".join(given)
    (out / "comparison_2d.md").write_text(
        "Share of synthetic rows whose nearest real row has their class, on "
        "imbalanced-learn's 2-D three-class example; samplers at their defaults "
        "unless the name says otherwise "
        f"(imblearn-deep {__version__}).\nCommand: `{command.strip()}`\n\n" + markdown(rows))
    print(markdown(rows))
    return rows


if __name__ == "__main__":
    main()
