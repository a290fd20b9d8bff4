"""The novelty reference: ``python -m benchmarks.research.novelty_reference``."""

import numpy as np
import pandas as pd

from benchmarks.research import novelty_reference
from imblearn_deep.benchmarks._protocols import Task


def _splits(copy):
    rng = np.random.RandomState(0)
    X = rng.normal(size=(60, 3))
    y = np.r_[np.zeros(50, int), np.ones(10, int)]
    X_test = rng.normal(size=(12, 3))
    y_test = np.r_[np.zeros(6, int), np.ones(6, int)]
    if copy:  # the test fold's minority rows are training minority rows
        X_test[6:] = X[50:56]
    return [(X, y, X_test, y_test)]


def _mixed(data_home, seed, quick, download=False):
    X, y, X_test, y_test = _splits(copy=False)[0]
    frame = lambda A: pd.DataFrame({"a": A[:, 0], "b": A[:, 1],
                                    "c": pd.Categorical(np.where(A[:, 2] > 0, "u", "v"))})
    return [(frame(X), y, frame(X_test), y_test)]


def test_held_out_share_counts_fresh_rows_that_copy_training_rows():
    X, y, X_test, y_test = _splits(copy=True)[0]
    assert novelty_reference.held_out_share(X, y, X_test, y_test) == 1.0
    X, y, X_test, y_test = _splits(copy=False)[0]
    assert novelty_reference.held_out_share(X, y, X_test, y_test) == 0.0


def test_main_writes_a_row_per_fold_and_the_means(monkeypatch, tmp_path):
    tasks = {"tabular": ([Task("copies", lambda *a, **k: _splits(True), None, "binary"),
                          Task("fresh", lambda *a, **k: _splits(False), None, "binary")], []),
             "mixed": ([Task("table", _mixed, None, "binary", mixed=True)], [])}
    monkeypatch.setattr(novelty_reference, "protocols", lambda: tasks)
    frame = novelty_reference.main(["--seeds", "0,1", "--out", str(tmp_path)])
    assert len(frame) == 6 and set(frame.protocol) == {"tabular", "mixed"}
    assert list(frame[frame.data_set == "copies"].held_out_real) == [1.0, 1.0]
    text = (tmp_path / "novelty_reference.md").read_text()
    assert "| copies | 1.000 |" in text and "| fresh | 0.000 |" in text
    assert "| mean | 0.500 |" in text and "| table | 0.000 |" in text
    assert (tmp_path / "novelty_reference.csv.gz").exists()
