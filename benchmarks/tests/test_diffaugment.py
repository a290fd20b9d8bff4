"""The DiffAugment study: ``python -m benchmarks.research.diffaugment``."""

import gzip

import numpy as np

from benchmarks.research import diffaugment

#: The DiffAugment paper's policy for 100 images.
ALL = "color,translation,cutout"


def test_the_benchmark_writes_its_table(tmp_path, capsys):
    make = diffaugment.make_competitor
    assert make("dvaan_translation_cutout", 0).diff_augment == "translation,cutout"
    assert make("bayesgan_color_translation_cutout", 0).diff_augment == ALL
    assert make("bayesgan", 0).diff_augment is None and make("none", 0) is None
    X, y, X_te, y_te = diffaugment.make_task(0)
    assert np.bincount(y).tolist() == [500, 20] and X.shape[1] == 64
    # the test half is kept whole: 899 rows, about 90 of them of the digit
    assert 85 <= y_te.sum() <= 95 and len(X_te) == 899
    rows = diffaugment.main(["--seeds", "0", "--max-epochs", "1", "--conv-channels", "4,8",
                             "--competitors", "none,bayesgan_translation_cutout", "--out",
                             str(tmp_path), "--tables", str(tmp_path)])
    assert [r["competitor"] for r in rows] == ["none", "bayesgan_translation_cutout"]
    assert "detectability" not in rows[0] and 0 <= rows[1]["detectability"] <= 1
    table = (tmp_path / "diffaugment_digits.md").read_text()
    assert table.startswith("Command: `python -m benchmarks.research.diffaugment --seeds 0 "
                            "--conv-channels 4,8 --max-epochs 1 --out ")
    assert "| bayesgan_translation_cutout |" in table
    with gzip.open(tmp_path / "diffaugment_digits.csv.gz", "rt") as f:
        assert f.read().count("\n") == 3
    summary = (tmp_path / "diffaugment_digits_summary.csv").read_text().splitlines()
    assert summary[0].startswith("competitor,F1,G-mean,") and len(summary) == 3
    # --tables-only rewrites both tables from the CSV, without fitting
    for name in ("diffaugment_digits.md", "diffaugment_digits_summary.csv"):
        (tmp_path / name).unlink()
    diffaugment.main(["--seeds", "0", "--conv-channels", "4,8", "--max-epochs", "1",
                      "--tables-only", "--out", str(tmp_path), "--tables", str(tmp_path)])
    assert (tmp_path / "diffaugment_digits.md").read_text() == table
    assert (tmp_path / "diffaugment_digits_summary.csv").read_text().splitlines() == summary
