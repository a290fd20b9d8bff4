"""Command line of the benchmarks: ``python -m imblearn_deep.benchmarks``."""

import argparse
import sys

from ._runner import markdown, protocols, run, save_results


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m imblearn_deep.benchmarks",
        description="Run a paper comparison: every sampler + classifier pair on the "
        "imbalanced training data, scored on the test split.",
    )
    parser.add_argument("protocol", choices=sorted(protocols()))
    parser.add_argument("--quick", action="store_true",
                        help="small subsets and 3 training epochs: a smoke test, minutes on a CPU")
    parser.add_argument("--compact", action="store_true",
                        help="the quick subsets and compact conv networks, but full-length "
                        "training: a quality check on a CPU (about 10 minutes per image task)")
    parser.add_argument("--seeds", default=None,
                        help="comma-separated seeds (default: 0 in quick mode, 0,1,2 otherwise)")
    parser.add_argument("--tasks", default=None, help="comma-separated task names")
    parser.add_argument("--samplers", default=None, help="comma-separated sampler names")
    parser.add_argument("--classifiers", default=None, help="images: cnn, logreg, dvaan_discriminator; tabular: logreg, gboost "
                        "(default: all)")
    parser.add_argument("--data-home", default=None,
                        help="folder with mnist/, fashion-mnist/, cifar10-catdog/ "
                        "(default: $IMBLEARN_DEEP_DATA)")
    parser.add_argument("--device", default="auto")
    parser.add_argument("--out", default="benchmark_results",
                        help="folder for the CSV and Markdown results")
    parser.add_argument("--no-quality", action="store_true",
                        help="skip the sample-quality figures (imblearn_deep.metrics) of "
                        "each sampler's synthetic rows")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    split = lambda s: [v.strip() for v in s.split(",")] if s else None  # noqa: E731
    full_seeds = [0, 1, 2, 3, 4] if args.protocol == "tabular" else [0, 1, 2]
    seeds = [int(s) for s in split(args.seeds)] if args.seeds else ([0] if args.quick else full_seeds)
    if args.quick and args.compact:
        parser.error("choose --quick or --compact, not both")
    rows = run(args.protocol, quick=args.quick, compact=args.compact, seeds=seeds, data_home=args.data_home,
               device=args.device, tasks=split(args.tasks), sampler_names=split(args.samplers),
               classifier_names=split(args.classifiers), quality=not args.no_quality)
    stem = args.protocol + ("_quick" if args.quick else "_compact" if args.compact else "")
    save_results(rows, markdown(rows, args.protocol), args.out, stem)
    return rows


if __name__ == "__main__":
    main()
