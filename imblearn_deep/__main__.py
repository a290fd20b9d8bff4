"""The main job: compare no resampling, SMOTE and the deep samplers.

Run ``python -m imblearn_deep`` (or the installed ``imblearn-deep`` command).
With no arguments it uses scikit-learn's embedded digits data made
imbalanced, so nothing is downloaded. Each sampler sits in an imblearn
``Pipeline`` in front of the same classifier; the table reports the minority
class's recall and F1, ROC AUC, and the pipeline's fit time.
"""

import argparse
import sys
import time
import warnings

import numpy as np
from imblearn.datasets import make_imbalance
from imblearn.over_sampling import SMOTE
from imblearn.pipeline import Pipeline
from sklearn.datasets import load_breast_cancer, load_digits, make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, recall_score, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MinMaxScaler

from . import __version__
from ._bayes_gan import BayesGANOversampler
from ._dvaan import DVAANSampler


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
        n_minor = max(6, int(round(n_major / ratio)))
        X, y = make_imbalance(
            X, y, sampling_strategy={0: n_major, 1: min(n_minor, int(np.sum(y == 1)))},
            random_state=seed,
        )
    return X.astype(np.float32), y, image_shape, what


def make_samplers(names, image_shape, seed, device, verbose):
    """The samplers to compare, by name."""
    available = {
        "none": lambda: None,
        "smote": lambda: SMOTE(random_state=seed),
        "dvaan": lambda: DVAANSampler(
            image_shape=image_shape, random_state=seed, device=device, verbose=verbose
        ),
        "bayesgan": lambda: BayesGANOversampler(
            image_shape=image_shape, random_state=seed, device=device, verbose=verbose
        ),
    }
    unknown = [n for n in names if n not in available]
    if unknown:
        raise SystemExit(f"unknown sampler(s) {unknown}; choose from {sorted(available)}")
    return [(name, available[name]()) for name in names]


def evaluate(sampler, X_train, y_train, X_test, y_test):
    """Fit ``sampler + classifier`` and score it on the test split."""
    steps = [("scale", MinMaxScaler())]
    if sampler is not None:
        steps.append(("sampler", sampler))
    steps.append(("clf", LogisticRegression(max_iter=2000)))
    pipe = Pipeline(steps)
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


def format_table(rows):
    """A plain-text table of the results, one line per sampler."""
    header = f"{'sampler':<10} {'minority recall':>15} {'minority F1':>12} {'ROC AUC':>8} {'fit time':>9}"
    lines = [header, "-" * len(header)]
    for name, r in rows:
        lines.append(
            f"{name:<10} {r['recall']:>15.3f} {r['f1']:>12.3f} {r['roc_auc']:>8.3f} "
            f"{r['fit_time']:>8.2f}s"
        )
    return "\n".join(lines)


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="imblearn-deep",
        description="Compare no resampling, SMOTE and the deep over-samplers "
        "inside imblearn Pipelines on an embedded data set.",
    )
    parser.add_argument("--dataset", choices=["digits", "breast_cancer", "synthetic"],
                        default="digits", help="embedded data set (default: digits)")
    parser.add_argument("--ratio", type=float, default=20.0,
                        help="majority:minority ratio to create (default: 20; "
                        "ignored by 'synthetic', which has 5%% minority)")
    parser.add_argument("--samplers", default=None,
                        help="comma-separated list among none, smote, dvaan, bayesgan "
                        "(default: all available)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument("--device", default="auto",
                        help="torch device: auto, cpu, cuda, cuda:N (default: auto)")
    parser.add_argument("--images", action="store_true",
                        help="digits only: treat rows as 8x8 images (conv networks; "
                        "minutes on a CPU instead of seconds)")
    parser.add_argument("--quiet", action="store_true", help="no training progress")
    parser.add_argument("--version", action="version", version=f"imblearn-deep {__version__}")
    return parser.parse_args(argv)


def main(argv=None):
    """Entry point of ``python -m imblearn_deep`` and ``imblearn-deep``."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    X, y, image_shape, what = load_dataset(args.dataset, args.ratio, args.seed, args.images)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.3, stratify=y, random_state=args.seed
    )
    names = (args.samplers.split(",") if args.samplers
             else ["none", "smote", "dvaan", "bayesgan"])
    samplers = make_samplers([n.strip() for n in names], image_shape, args.seed,
                             args.device, verbose=0 if args.quiet else 1)
    print(f"imblearn-deep {__version__}: {what}")
    print(f"train: {len(y_train)} rows ({int(y_train.sum())} minority), "
          f"test: {len(y_test)} rows ({int(y_test.sum())} minority); "
          f"classifier: MinMaxScaler + LogisticRegression", flush=True)
    rows = []
    for name, sampler in samplers:
        if not args.quiet:
            print(f"fitting {name} ...", flush=True)
        rows.append((name, evaluate(sampler, X_train, y_train, X_test, y_test)))
    print()
    print(format_table(rows))
    return rows


if __name__ == "__main__":
    main()
