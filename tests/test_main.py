"""The main job (``python -m imblearn_deep``) and the README's promises."""

import pathlib
import re
import subprocess
import sys

import pytest

from imblearn_deep.__main__ import format_table, load_dataset, main

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_main_compares_samplers_and_prints_table(capsys):
    rows = main(["--ratio", "10", "--quiet", "--device", "cpu"])
    out = capsys.readouterr().out
    assert [name for name, _ in rows] == ["none", "smote", "dvaan", "bayesgan"]
    for header in ("minority recall", "minority F1", "ROC AUC", "fit time"):
        assert header in out
    for _, result in rows:
        assert 0.0 <= result["f1"] <= 1.0 and 0.5 <= result["roc_auc"] <= 1.0
        assert result["fit_time"] >= 0


def test_main_shows_progress_when_not_quiet(capsys):
    main(["--samplers", "dvaan", "--dataset", "breast_cancer", "--device", "cpu"])
    out = capsys.readouterr().out
    assert "fitting dvaan" in out
    assert re.search(r"\[DVAANSampler\] epoch +1/\d+ ele=", out)


def test_unknown_sampler_is_refused():
    with pytest.raises(SystemExit, match="unknown sampler"):
        main(["--samplers", "smote,magic", "--quiet"])


@pytest.mark.parametrize("name", ["digits", "breast_cancer", "synthetic"])
def test_embedded_datasets_are_imbalanced_binary(name):
    X, y, image_shape, what = load_dataset(name, ratio=20, seed=0)
    assert set(y) == {0, 1} and y.sum() < (y == 0).sum() / 5
    assert X.shape[0] == y.shape[0] and what


def test_format_table_has_one_line_per_sampler():
    row = {"recall": 0.5, "f1": 0.25, "roc_auc": 0.75, "fit_time": 1.5}
    table = format_table([("a", row), ("b", row)])
    assert len(table.splitlines()) == 4 and "0.250" in table and "1.50s" in table


def test_module_entry_point_runs():
    result = subprocess.run(
        [sys.executable, "-m", "imblearn_deep", "--version"],
        capture_output=True, text=True, check=True,
    )
    assert result.stdout.startswith("imblearn-deep ")


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.rst").read_text()
    commands = re.findall(r"^    (pip install .*&& python -m pytest.*)$", readme, re.M)
    assert len(commands) == 1
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert commands[0] in ci
