"""Fit time of two checkouts of imblearn-deep, measured interleaved.

For a change that must not slow the default fits (issue 38's redesign):
each repetition runs, for each checkout in turn, one fresh process per
sampler and data kind that times ``fit_resample`` of a default sampler on
the speed lab's data (``benchmarks.speed.make_data``, saved once and
loaded by every process): the first fit of the
process ("cold": torch's lazy imports included) and, for tables, a second
fit in the same process ("warm"). Both checkouts run with this machine's
Python and packages; only ``PYTHONPATH`` differs.

Usage (from the repository root)::

    git worktree add ../before <commit>
    python -m benchmarks.before_after --before ../before --after . \\
        --out benchmarks/results/before_after.csv.gz

It prints the minimum and median of each cell and writes every timing.
"""

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile

import numpy as np

from ._io import write_csv
from .speed import make_data

CHILD = """
import json, sys, time
import numpy as np
import imblearn_deep
from imblearn_deep import BayesGANOversampler, DVAANSampler
cls = {{"dvaan": DVAANSampler, "bayesgan": BayesGANOversampler}}[{method!r}]
X, y = np.load({data!r} + "_X.npy"), np.load({data!r} + "_y.npy")
shape = (28, 28) if {kind!r} == "image" else None
times = []
for _ in range({fits}):
    t = time.perf_counter()
    cls(image_shape=shape, random_state=0, device="cpu").fit_resample(X, y)
    times.append(time.perf_counter() - t)
print(json.dumps({{"file": imblearn_deep.__file__, "times": times}}))
"""

CASES = (("dvaan", "tabular", 10_000, 20, 2), ("bayesgan", "tabular", 10_000, 20, 2),
         ("dvaan", "image", 6_000, 784, 1), ("bayesgan", "image", 6_000, 784, 1))


def measure(tree, method, kind, n_rows, n_features, fits, folder):
    env = {**os.environ, "PYTHONPATH": str(pathlib.Path(tree).resolve())}
    data = str(pathlib.Path(folder) / f"{kind}_{n_rows}_{n_features}")
    if not pathlib.Path(data + "_X.npy").exists():
        X, y = make_data(kind, n_rows, n_features)
        np.save(data + "_X.npy", X)
        np.save(data + "_y.npy", y)
    code = CHILD.format(data=data, method=method, kind=kind, fits=fits)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True, cwd=pathlib.Path(tree).resolve().parent)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    expected = pathlib.Path(tree).resolve() / "imblearn_deep"
    if not pathlib.Path(result["file"]).resolve().is_relative_to(expected):
        raise RuntimeError(f"{tree} imported {result['file']}")
    return result["times"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True)
    parser.add_argument("--after", default=".")
    parser.add_argument("--also", action="append", default=[], metavar="NAME=PATH",
                        help="another checkout to time alongside (repeatable)")
    parser.add_argument("--kinds", default="tabular,image",
                        help="data kinds to time (default: tabular,image)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--image-repeats", type=int, default=2)
    parser.add_argument("--out", default=None)
    args = parser.parse_args(argv)
    trees = [("before", args.before), ("after", args.after),
             *(tuple(pair.split("=", 1)) for pair in args.also)]
    rows = []
    folder = tempfile.mkdtemp()
    for rep in range(max(args.repeats, args.image_repeats)):
        for method, kind, n_rows, n_features, fits in CASES:
            if rep >= (args.image_repeats if kind == "image" else args.repeats):
                continue
            if kind not in args.kinds.split(","):
                continue
            for version, tree in trees:
                times = measure(tree, method, kind, n_rows, n_features, fits, folder)
                for i, t in enumerate(times):
                    rows.append({"version": version, "method": method, "kind": kind,
                                 "n_rows": n_rows, "fit": "cold" if i == 0 else "warm",
                                 "repetition": rep, "seconds": round(t, 3)})
                print(f"{rep} {version:6} {method:8} {kind:7} "
                      + " ".join(f"{t:.2f}" for t in times), flush=True)
    print("\nversion method   kind    fit   min     median  n")
    cells = sorted({(r["method"], r["kind"], r["fit"]) for r in rows})
    for method, kind, fit in cells:
        for version, _ in trees:
            ts = [r["seconds"] for r in rows if (r["method"], r["kind"], r["fit"], r["version"])
                  == (method, kind, fit, version)]
            print(f"{version:7} {method:8} {kind:7} {fit:5} {min(ts):7.2f} "
                  f"{statistics.median(ts):7.2f} {len(ts)}")
    if args.out:
        write_csv(rows, args.out)


if __name__ == "__main__":
    main()
