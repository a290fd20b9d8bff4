"""The 2-D comparison benchmark: the agreement share, its files and its options."""

import csv
import gzip

import numpy as np
import pytest

from benchmarks.research.comparison_2d import agreement, dataset, main


def test_agreement_is_the_share_of_new_rows_whose_nearest_real_row_has_their_class():
    X, y = np.array([[0.0, 0.0], [10.0, 10.0]]), np.array([0, 1])
    new = np.array([[1.0, 1.0], [9.0, 9.0], [1.0, 1.0]])
    X_res, y_res = np.vstack([X, new]), np.array([0, 1, 0, 0, 1])
    # (1, 1) as 0: right; (9, 9) as 0: wrong; (1, 1) as 1: wrong
    assert agreement(X, y, X_res, y_res) == pytest.approx(1 / 3)
    with pytest.raises(ValueError, match="no synthetic rows"):
        agreement(X, y, X, y)


def test_the_data_are_those_of_imbalanced_learns_example():
    X, y = dataset("150")
    assert X.shape == (150, 2) and np.bincount(y).tolist() == [16, 31, 103]
    X, y = dataset("5000")
    assert X.shape == (5000, 2) and np.bincount(y).min() < 100


def test_cli_writes_rows_and_summary(tmp_path):
    rows = main(["--data-sets", "150", "--samplers", "smote", "--random-states", "0,1",
                 "--out", str(tmp_path), "--tables", str(tmp_path)])
    assert [(r["sampler"], r["random_state"]) for r in rows] == [("smote", 0), ("smote", 1)]
    # SMOTE's share on this data (docs/benchmarks.rst): .767 and .830
    assert rows[0]["agreement"] == pytest.approx(0.767, abs=0.002)
    with gzip.open(tmp_path / "comparison_2d.csv.gz", "rt") as f:
        assert len(list(csv.DictReader(f))) == 2
    summary = (tmp_path / "comparison_2d.md").read_text()
    with open(tmp_path / "comparison_2d_table.csv") as f:
        assert list(csv.DictReader(f)) == [{"data_set": "150", "sampler": "smote", "rs 0": "0.767",
                                            "rs 1": "0.830", "mean": "0.799"}]
    assert "| smote | 0.767 |" in summary and "--random-states 0,1" in summary


@pytest.mark.parametrize("args, message", [
    (["--samplers", "smote,nope"], "unknown name(s) ['nope']; choose from smote, dvaan"),
    (["--data-sets", "300"], "unknown name(s) ['300']; choose from 150, 5000"),
    (["--random-states", "a"], "comma-separated integers"),
])
def test_cli_refuses_bad_options(args, message, capsys, tmp_path):
    with pytest.raises(SystemExit):
        main(args + ["--out", str(tmp_path)])
    assert message in capsys.readouterr().err


def test_integers_reads_comma_separated_integers_and_refuses_the_rest():
    import argparse

    from imblearn_deep._cli import integers

    assert integers("0,1, 2") == [0, 1, 2] and integers("-3") == [-3]
    for bad in ("", "1,a", "1.5", ","):
        with pytest.raises(argparse.ArgumentTypeError, match="comma-separated integers"):
            integers(bad)
