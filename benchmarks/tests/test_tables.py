"""The docs' tables, built from the results files: ``python -m benchmarks.tables``."""

import csv
import gzip
import pathlib
import re

import pytest

from benchmarks import tables
from benchmarks._io import read_rows, write_csv


def test_docs_tables_match_the_results_files():
    # the pages include the tables under docs/results; a results file changed
    # without rerunning `python -m benchmarks.tables` fails here
    pytest.importorskip("pandas")
    root = pathlib.Path(__file__).resolve().parents[2]
    built = tables.build(root / "benchmarks" / "results")
    docs = root / "docs" / "results"
    assert {n for n in built if n.startswith("tables/")} == {
        f"tables/{p.name}" for p in (docs / "tables").glob("*.csv")}
    for name, rows in built.items():
        with open(docs / name, newline="", encoding="utf-8") as f:
            assert list(csv.reader(f)) == [[str(c) for c in row] for row in rows], name


def test_every_table_that_the_docs_render_is_built_from_the_results():
    # each `:file: results/...` table of the pages comes from one command;
    # docs/results keeps only rendered files (the raw rows are gzipped
    # under benchmarks/results)
    pytest.importorskip("pandas")
    root = pathlib.Path(__file__).resolve().parents[2]
    rendered = set()
    for page in (root / "docs").glob("*.rst"):
        rendered |= set(re.findall(r"(?:csv-table::|:file:|literalinclude::|figure::|image::)"
                                   r"\s+results/(\S+)", page.read_text(encoding="utf-8")))
    built = set(tables.build(root / "benchmarks" / "results"))
    # the main CLI's demo outputs (main_*) come from `imblearn-deep`, not from here
    assert {n for n in rendered if not n.startswith("main_")} <= built
    kept = {str(p.relative_to(root / "docs" / "results"))
            for p in (root / "docs" / "results").rglob("*") if p.is_file()}
    assert kept <= built | {p for p in kept if p.startswith("main_")}
    assert not list((root / "benchmarks" / "results").rglob("*.csv"))


def test_gzipped_results_read_back_as_written(tmp_path):
    rows = [dict(a=1, b="x, y"), dict(a=2, c=0.5)]
    write_csv(rows, tmp_path / "r.csv.gz")
    with gzip.open(tmp_path / "r.csv.gz", "rt") as f:
        assert f.readline() == "a,b,c\n"
    assert read_rows(tmp_path / "r.csv.gz") == [dict(a="1", b="x, y", c=""),
                                                dict(a="2", b="", c="0.5")]


def test_tabular_means_average_each_data_set_over_folds_first():
    pd = pytest.importorskip("pandas")
    from benchmarks.tables import tabular_means

    # data set a has 4 folds, b has 1: a plain mean of the rows would weigh a 4x
    rows = [dict(task="a", sampler="smote", classifier="logreg", roc_auc=0.9, f1=0.5,
                 gmean=0.6) for _ in range(4)]
    rows.append(dict(task="b", sampler="smote", classifier="logreg", roc_auc=0.7, f1=0.1,
                     gmean=0.2))
    rows.append(dict(task="b", sampler="dvaan", classifier="logreg", roc_auc=0.7, f1=0.1,
                     gmean=0.2, status="failed"))
    table = tabular_means(pd.DataFrame(rows).fillna({"status": "ok"}))
    assert table == [["sampler", "logistic regression AUC / F1 / G-mean"],
                     ["SMOTE", ".800 / .300 / .400"]]


def test_mixed_means_average_the_tables_and_compare_with_smotenc():
    pd = pytest.importorskip("pandas")
    from benchmarks.tables import mixed_means

    rows = []
    for task, shift in (("a", 0.0), ("b", 0.2)):
        for fold in (0, 1):
            for sampler, g in (("smotenc", 0.5), ("dvaan", 0.6)):
                rows.append(dict(task=task, fold=fold, sampler=sampler, classifier="logreg",
                                 status="ok", gmean=g + shift, f1=0.3, roc_auc=0.8))
    rows.append(dict(task="a", fold=2, sampler="dvaan", classifier="logreg", status="failed",
                     gmean=float("nan"), f1=float("nan"), roc_auc=float("nan")))
    table = mixed_means(pd.DataFrame(rows))
    assert table[0][:3] == ["classifier", "sampler", "G-mean"]
    dvaan = next(r for r in table if r[1] == "DVAANSampler")
    assert dvaan[2] == ".700" and dvaan[5] == "+0.100" and dvaan[6] == "+0.000"
    assert dvaan[7] == "4"  # the failed fit is not counted


def test_papers_networks_table_pairs_each_default_with_its_papers_networks():
    pd = pytest.importorskip("pandas")
    from benchmarks.tables import papers_networks

    scores = {  # sampler: (CNN F1, logreg F1, synthetic AUC) on every task and seed
        "ros": (0.5, 0.4, 0.5), "smote": (0.6, 0.45, 0.6),
        "dvaan": (0.7, 0.5, 0.4), "dvaan_papers_networks": (0.8, 0.5, 0.5),
        "bayesgan": (0.7, 0.6, 0.9), "bayesgan_papers_networks": (0.6, 0.5, 0.7)}
    rows = []
    for task, seed in (("cifar_cat_dog_1:10", 0), ("mnist_5v6_1:10", 0),
                       ("mnist_5v6_1:10", 1)):
        for sampler, (cnn, logreg, syn) in scores.items():
            if task.startswith("cifar") and sampler == "dvaan_papers_networks":
                continue  # not run: DVAAN has no comparison on this task
            for clf, f1 in (("cnn", cnn), ("logreg", logreg)):
                rows.append(dict(task=task, seed=seed, sampler=sampler, classifier=clf,
                                 f1=f1, synthetic_auc=syn))
    table = papers_networks(pd.DataFrame(rows))
    # tasks in the docs' order (MNIST first), then seeds
    assert [r[:2] for r in table[1:4]] == [["MNIST 5 vs 6, 0", "DVAAN"],
                                           ["MNIST 5 vs 6, 0", "BayesGAN"],
                                           ["MNIST 5 vs 6, 0", "ROS / SMOTE"]]
    assert table[1][2:] == [".700 / .800", ".500 / .500", ".400 / .500"]
    assert table[3][2:] == [".500 / .600", ".400 / .450", ""]
    cifar = [r[1] for r in table if r[0] == "CIFAR cat vs dog, 0"]
    assert cifar == ["BayesGAN", "ROS / SMOTE"]
    # default minus papers' networks, over the pairs and seeds where both ran
    assert table[-2] == ["mean difference (2)", "DVAAN", "-.100", "+.000", "-.100"]
    assert table[-1] == ["mean difference (3)", "BayesGAN", "+.100", "+.100", "+.200"]


def test_speed_table_leaves_the_grid_searches_out(tmp_path):
    pd = pytest.importorskip("pandas")
    from benchmarks import speed

    runs = [dict(measurement=m, data="tabular", n_rows=2000, n_features=10, method="smote",
                 fit_s=t, input_mib=0.1, peak_rss_extra_mib=1.0)
            for m, t in (("fit_resample", 0.01), ("grid_search", 0.5))]
    speed.write_results(runs, tmp_path, "speed")
    rows = tables.speed_repeated(pd.read_csv(tmp_path / "speed.csv"))
    assert len(rows) == 2 and rows[1][:3] == ["2,000 x 10", "SMOTE", "0.010 / 0.010"]
