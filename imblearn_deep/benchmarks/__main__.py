"""Command line of the benchmarks: ``python -m imblearn_deep.benchmarks``."""

import argparse
import sys

from .._cli import DEVICE_HELP, device, names
from ..datasets import ENV_VAR
from ._runner import (
    DEFAULT_SAMPLERS,
    MIXED_ABLATION,
    MIXED_SAMPLERS,
    MIXED_TABLES,
    PEERS,
    markdown,
    prepare_data,
    protocols,
    run,
    samplers,
    save_results,
)

CLASSIFIERS = ("cnn", "logreg", "dvaan_discriminator", "gboost", "svm", "mlp", "knn")

#: The classifiers of each kind of protocol.
IMAGE_CLASSIFIERS = ("cnn", "logreg", "dvaan_discriminator")
TABULAR_CLASSIFIERS = ("logreg", "gboost", "svm", "mlp", "knn")
TABULAR_PROTOCOLS = ("tabular", "fewshot")
#: logreg and mlp: on one-hot categorical and standardized numeric columns;
#: gboost: with native categorical splits.
MIXED_CLASSIFIERS = ("logreg", "gboost", "mlp")


def _n_jobs(text):
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value == 0:
        raise argparse.ArgumentTypeError(
            f"n-jobs must be a non-zero integer (-1: all cores); got {text!r}")
    return value


def _seeds(text):
    try:
        return [int(s) for s in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"seeds must be comma-separated integers, e.g. 0,1,2; got {text!r}") from None


def parse_args(argv):
    table = protocols()
    all_tasks = [t.name for main, sweep in table.values() for t in main + sweep]
    # the few-shot tasks are named after the tabular ones: not listed one by one
    listed = [t.name for name, (main, sweep) in table.items() if name != "fewshot"
              for t in main + sweep]
    parser = argparse.ArgumentParser(
        prog="python -m imblearn_deep.benchmarks",
        description="Run a paper comparison: every sampler + classifier pair on the "
        "imbalanced training data, scored on the test split. Image protocols read "
        f"MNIST, Fashion-MNIST and CIFAR-10 cat/dog from --data-home or ${ENV_VAR} "
        "(--download fetches them); the tabular protocols need the [benchmarks] extra, "
        "the mixed protocol's Default table also 'pip install --no-deps islp'.",
    )
    parser.add_argument("protocol", choices=sorted(table),
                        help="dvaan: the DVAAN paper's binary image pairs; imsic: the IMSIC "
                        "paper's long-tailed MNIST and Fashion-MNIST; tabular: 20 KEEL sets; "
                        "fewshot: the KEEL sets with the minority of every training fold cut "
                        "to 10, 20 and 50 rows (3 sets in quick mode); mixed: seven tables "
                        "with categorical columns, some with missing values (imputed on "
                        "each training fold): " + ", ".join(MIXED_TABLES))
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true",
                      help="small subsets and 3 training epochs, for dvaan one pair per data set: a "
                      "smoke test (dvaan: about 5 minutes on a 2-core CPU)")
    mode.add_argument("--compact", action="store_true",
                      help="the quick subsets and compact conv networks, but the default "
                      "training length (max_epochs='auto'; on a CPU within its compute "
                      "budget, which dvaan_full_steps and bayesgan_full_steps lift; "
                      "dvaan_papers_networks and bayesgan_papers_networks lift it with "
                      "the papers' networks): a quality check on a CPU (about 10 minutes "
                      "per image task)")
    parser.add_argument("--seeds", type=_seeds, default=None,
                        help="comma-separated integer seeds (default: 0 in quick mode, "
                        "0,1,2 otherwise, 0-4 for tabular, fewshot and mixed)")
    parser.add_argument("--tasks", type=names(all_tasks), default=None,
                        help="comma-separated task names of the protocol (default: all); "
                        "choose from " + ", ".join(listed)
                        + "; fewshot: <tabular task>_min10, _min20 or _min50")
    numeric_samplers = list(samplers(None, 0, "cpu", True))
    mixed_samplers = MIXED_SAMPLERS + MIXED_ABLATION
    sampler_names = numeric_samplers + [n for n in mixed_samplers if n not in numeric_samplers]
    parser.add_argument("--samplers", type=names(sampler_names), default=None,
                        help="comma-separated sampler names (default: the protocol's "
                        "defaults, " + ", ".join(n for n in DEFAULT_SAMPLERS if n not in PEERS)
                        + " and, on tables only, the peers " + " and ".join(PEERS)
                        + " (skipped with a logged reason when their package is absent); "
                        "the other rows, "
                        "ablations of the deep samplers' parameters, run only when named); "
                        "choose from " + ", ".join(sampler_names) + "; the mixed protocol has "
                        + ", ".join(MIXED_SAMPLERS) + " and, by name only, the ablation rows "
                        + ", ".join(MIXED_ABLATION))
    parser.add_argument("--classifiers", type=names(CLASSIFIERS), default=None,
                        help="comma-separated; images: " + ", ".join(IMAGE_CLASSIFIERS)
                        + "; tabular and fewshot: " + ", ".join(TABULAR_CLASSIFIERS)
                        + "; mixed: " + ", ".join(MIXED_CLASSIFIERS)
                        + " (default: all of the protocol's)")
    parser.add_argument("--data-home", default=None, metavar="FOLDER",
                        help="folder with mnist/, fashion-mnist/, cifar10-catdog/ "
                        f"(default: ${ENV_VAR}, else ~/imblearn_deep_data)")
    parser.add_argument("--download", action="store_true",
                        help="fetch missing image data into the data home first (checksums "
                        "checked; cat/dog is built from the original CIFAR-10)")
    parser.add_argument("--device", type=device, default="auto",
                        help=DEVICE_HELP + " (default: auto)")
    parser.add_argument("--out", default="benchmark_results", metavar="FOLDER",
                        help="folder for the CSV and Markdown results "
                        "(default: benchmark_results)")
    parser.add_argument("--n-jobs", type=_n_jobs, default=1, metavar="N",
                        help="run the (task, seed, fold) units in N parallel processes "
                        "(joblib; -1: all cores); the rows are those of a run with 1 "
                        "(default: 1)")
    parser.add_argument("--no-quality", action="store_true",
                        help="skip the sample-quality figures (imblearn_deep.metrics) of "
                        "each sampler's synthetic rows")
    args = parser.parse_args(argv)
    known = {t.name for main, sweep in [table[args.protocol]] for t in main + sweep}
    if args.tasks and set(args.tasks) - known:
        parser.error(f"task(s) {sorted(set(args.tasks) - known)} are not in the "
                     f"{args.protocol} protocol; it has {', '.join(sorted(known))}")
    usable = (MIXED_CLASSIFIERS if args.protocol == "mixed"
              else TABULAR_CLASSIFIERS if args.protocol in TABULAR_PROTOCOLS
              else IMAGE_CLASSIFIERS)
    if args.classifiers and set(args.classifiers) - set(usable):
        parser.error(f"classifier(s) {sorted(set(args.classifiers) - set(usable))} do not apply "
                     f"to the {args.protocol} protocol; it has {', '.join(usable)}")
    # SMOTENC only on the mixed tables; SMOTE and the ablations only on
    # numeric data; the peers only on tables
    usable = (mixed_samplers if args.protocol == "mixed"
              else numeric_samplers if args.protocol in TABULAR_PROTOCOLS
              else [n for n in numeric_samplers if n not in PEERS])
    if args.samplers and set(args.samplers) - set(usable):
        parser.error(f"sampler(s) {sorted(set(args.samplers) - set(usable))} do not apply "
                     f"to the {args.protocol} protocol; it has {', '.join(usable)}")
    return parser, args


def main(argv=None):
    parser, args = parse_args(sys.argv[1:] if argv is None else argv)
    full_seeds = ([0, 1, 2, 3, 4] if args.protocol in TABULAR_PROTOCOLS + ("mixed",)
                  else [0, 1, 2])
    seeds = args.seeds or ([0] if args.quick else full_seeds)
    try:  # a missing file or package stops the run here, before any training
        prepare_data(args.protocol, quick=args.quick, compact=args.compact, tasks=args.tasks,
                     data_home=args.data_home, download=args.download)
    except FileNotFoundError as exc:
        where = str(exc).split(". ")[0]
        parser.exit(2, f"{parser.prog}: error: benchmark data missing ({where}); set "
                    f"${ENV_VAR} or --data-home to the folder that holds mnist/, "
                    "fashion-mnist/ and cifar10-catdog/, or add --download to fetch them\n")
    except ImportError as exc:
        parser.exit(2, f"{parser.prog}: error: {exc}\n")
    except OSError as exc:  # a failed download or a bad checksum
        parser.exit(2, f"{parser.prog}: error: {exc}\n")
    stem = args.protocol + ("_quick" if args.quick else "_compact" if args.compact else "")

    def save_so_far(rows):  # after every unit: a stopped run keeps what it measured
        save_results(rows, markdown(rows, args.protocol), args.out, stem, quiet=True)

    rows = run(args.protocol, quick=args.quick, compact=args.compact, seeds=seeds,
               data_home=args.data_home, device=args.device, tasks=args.tasks,
               sampler_names=args.samplers, classifier_names=args.classifiers,
               quality=not args.no_quality, n_jobs=args.n_jobs, on_unit=save_so_far)
    save_results(rows, markdown(rows, args.protocol), args.out, stem)
    return rows


if __name__ == "__main__":
    main()
