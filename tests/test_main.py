"""The main job (``python -m imblearn_deep``) and the README's promises."""

import os
import pathlib
import re
import shutil
import subprocess
import sys

import numpy as np
import pytest
from sklearn.model_selection import RepeatedStratifiedKFold

from imblearn_deep.__main__ import (
    applicable,
    compare_best,
    cross_validate_samplers,
    describe_comparison,
    format_table,
    load_dataset,
    main,
    make_samplers,
    run,
    small_minority_warning,
)

ROOT = pathlib.Path(__file__).resolve().parents[1]
# Tiny settings: 2 folds, one repeat, deep samplers trained for 2 epochs.
TINY = ["--splits", "2", "--repeats", "1", "--max-epochs", "2", "--device", "cpu"]


def test_main_cross_validates_every_sampler_and_names_the_best(capsys, tmp_path):
    result = run(["--ratio", "10", "--quiet", "--csv", str(tmp_path / "t.csv"),
                   "--report", str(tmp_path / "t.txt"), "--plot", str(tmp_path / "t.png")]
                  + TINY)
    out = capsys.readouterr().out
    scores = result["scores"]
    assert list(scores) == ["none", "tuned_threshold", "ros", "smote", "dvaan", "bayesgan"]
    for per_fold in scores.values():
        assert all(len(per_fold[m]) == 2 for m in ("recall", "f1", "roc_auc", "fit_time"))
        assert np.all((0 <= per_fold["f1"]) & (per_fold["f1"] <= 1))
    for header in ("minority recall", "minority F1", "ROC AUC", "fit time", "±"):
        assert header in out
    best = max(scores, key=lambda name: scores[name]["f1"].mean())
    assert result["comparison"]["best"] == best
    assert f"Best minority F1: {best}, ahead of" in out
    assert ("larger than the noise" in out) != ("within the noise" in out)
    assert "2-fold cross-validation repeated 1 times" in out
    assert out.strip().endswith((tmp_path / "t.txt").read_text().strip().splitlines()[-1])
    rows = (tmp_path / "t.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("sampler,minority recall,minority F1,ROC AUC")
    assert [r.split(",")[0] for r in rows[1:]] == ["none", "tuned_threshold", "ros", "smote",
                                                   "dvaan", "bayesgan"]
    assert (tmp_path / "t.png").read_bytes()[:4] == b"\x89PNG"


def test_main_warns_when_test_folds_hold_few_minority_rows(capsys):
    # breast cancer at 1:20 keeps 18 malignant rows: 9 per test fold
    assert main(["--dataset", "breast_cancer", "--samplers", "none,smote", "--quiet"]
                + TINY) == 0
    out = capsys.readouterr().out
    assert "WARNING: the minority class has 18 rows" in out and "about 9 of them" in out
    # a mild ratio on the synthetic set leaves hundreds per fold: no warning
    assert small_minority_warning(500, 5) == ""
    assert "fewer than 30" in small_minority_warning(100, 5)


def test_every_sampler_is_scored_on_the_same_folds():
    X, y, _, _ = load_dataset("breast_cancer", ratio=5, seed=0)
    # a RandomState instance would give other folds on a second split call
    cv = RepeatedStratifiedKFold(n_splits=3, n_repeats=2,
                                 random_state=np.random.RandomState(0))
    scores = cross_validate_samplers([("a", None), ("b", None)], X, y, cv)
    assert len(scores["a"]["f1"]) == 6
    for metric in ("recall", "f1", "roc_auc"):
        np.testing.assert_array_equal(scores["a"][metric], scores["b"][metric])


def test_the_tuned_threshold_and_random_over_sampling_are_scored_like_the_samplers():
    from sklearn.base import clone
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import recall_score
    from sklearn.model_selection import StratifiedKFold, TunedThresholdClassifierCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import MinMaxScaler

    X, y, _, _ = load_dataset("breast_cancer", ratio=5, seed=0)
    cv = RepeatedStratifiedKFold(n_splits=3, n_repeats=1, random_state=0)
    samplers = make_samplers(["none", "tuned_threshold", "ros"], None, 0, "cpu", 0)
    scores = cross_validate_samplers(samplers, X, y, cv)
    # the tuned threshold: the same pipeline, its labels from the tuned threshold
    train, test = next(cv.split(X, y))
    inner = StratifiedKFold(5, shuffle=True, random_state=0)
    tuned = TunedThresholdClassifierCV(
        make_pipeline(MinMaxScaler(), LogisticRegression(max_iter=2000)),
        scoring="balanced_accuracy", cv=inner).fit(X[train], y[train])
    assert scores["tuned_threshold"]["recall"][0] == recall_score(y[test],
                                                                  tuned.predict(X[test]))
    # a threshold changes no ranking: the ROC AUC of no resampling
    np.testing.assert_allclose(scores["tuned_threshold"]["roc_auc"], scores["none"]["roc_auc"])
    # random over-sampling resamples: other scores than no resampling
    assert not np.array_equal(scores["ros"]["recall"], scores["none"]["recall"])
    assert clone(samplers[1][1]).random_state == 0


def test_the_tuned_threshold_is_skipped_on_multiclass_data_with_a_note():
    samplers = make_samplers(["none", "tuned_threshold", "smote"], None, 0, "cpu", 0)
    kept, notes = applicable(samplers, np.array([0, 1, 2, 1, 0]))
    assert [name for name, _ in kept] == ["none", "smote"]
    assert notes == ["NOTE: tuned_threshold is skipped: a decision threshold needs binary "
                     "labels, and the data have 3 classes."]
    assert applicable(samplers, np.array([0, 1, 1])) == (samplers, [])


def test_comparison_separates_a_real_lead_from_noise():
    rng = np.random.default_rng(0)
    base = rng.uniform(0.6, 0.8, size=10)
    noise = rng.normal(0, 0.05, size=10)
    noise -= noise.mean()
    clear = compare_best({"a": {"f1": base + 0.1}, "b": {"f1": base}}, "f1", 1 / 5)
    assert clear["best"] == "a" and clear["runner_up"] == "b" and clear["clear"]
    assert clear["lead"] == pytest.approx(0.1)
    noisy = compare_best({"a": {"f1": base + noise + 0.01}, "b": {"f1": base}}, "f1", 1 / 5)
    assert noisy["best"] == "a" and not noisy["clear"]
    # the corrected standard error is larger than the naive one
    diff = noise + 0.01
    assert noisy["se"] > diff.std(ddof=1) / np.sqrt(len(diff))
    assert compare_best({"a": {"f1": base}}, "f1", 0.2) is None


def test_a_tie_is_reported_as_a_tie_not_as_a_lead():
    # e.g. minority recall of two samplers that find the same rows on every fold
    recall = np.array([0.95, 0.9512, 0.9, 0.8])
    tie = compare_best({"dvaan": {"recall": recall}, "bayesgan": {"recall": recall.copy()},
                        "none": {"recall": recall - 0.2}}, "recall", 1 / 2)
    assert tie["tie"] and not tie["clear"] and tie["lead"] == 0 and tie["p"] == 1.0
    text = describe_comparison(tie, "recall")
    assert text.startswith("Best minority recall: dvaan and bayesgan tie (the same "
                           "mean over the folds)")
    assert "ahead of" not in text and "better than" not in text
    lead = compare_best({"a": {"f1": recall + 0.01}, "b": {"f1": recall}}, "f1", 1 / 2)
    assert not lead["tie"] and "ahead of b" in describe_comparison(lead, "f1")


def test_main_shows_progress_when_not_quiet(capsys):
    main(["--samplers", "dvaan", "--dataset", "breast_cancer"] + TINY)
    captured = capsys.readouterr()
    assert "fitting dvaan on 2 folds" in captured.out
    assert "DVAANSampler" in captured.err and "epoch" in captured.err


@pytest.mark.parametrize("args, message", [
    (["--samplers", "smote,magic"], "unknown name(s) ['magic']; choose from none, tuned_threshold, ros"),
    (["--samplers", ","], "argument --samplers: no name in ','; choose from none, tuned_threshold"),
    (["--samplers", ""], "argument --samplers: no name in ''; choose from none, tuned_threshold"),
    (["--device", "gpu"], "invalid device 'gpu'"),
    (["--splits", "1"], "--splits must be at least 2"),
    (["--repeats", "0"], "--repeats must be at least 1"),
    (["--max-epochs", "many"], "--max-epochs must be 'auto' or a positive integer"),
    (["--max-epochs", "0"], "--max-epochs must be 'auto' or a positive integer"),
    (["--metric", "accuracy"], "invalid choice: 'accuracy'"),
])
def test_bad_options_are_refused_in_one_line(args, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(args + ["--quiet"])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and message in err and "Traceback" not in err


@pytest.mark.parametrize("args, message", [
    (["--ratio", "0"], "--ratio must be a finite number of at least 1"),
    (["--ratio", "-5"], "--ratio must be a finite number of at least 1"),
    (["--ratio", "0.5"], "--ratio must be a finite number of at least 1"),
    (["--ratio", "nan"], "--ratio must be a finite number of at least 1"),
    (["--ratio", "inf"], "--ratio must be a finite number of at least 1"),
    (["--ratio", "0", "--dataset", "synthetic"], "--ratio must be a finite number"),
    (["--seed", "-1"], "--seed must be an integer from 0 to 4294967295"),
    (["--seed", "99999999999999999999"], "--seed must be an integer from 0 to 4294967295"),
    (["--device", "cuda:99"], "argument --device: "),
    (["--splits", "1000"], "fewer than --splits=1000"),
    # 6 malignant rows: a training fold of 3 folds holds 4, SMOTE needs 5 neighbours
    (["--dataset", "breast_cancer", "--ratio", "59", "--samplers", "none,smote"],
     "a training fold holds only 4 of them and smote needs at least 6"),
    (["--samplers", "none,smote,none"], "--samplers names 'none' twice"),
    (["--images", "--dataset", "breast_cancer"], "--images applies to --dataset digits only"),
    (["--csv", ""], "--csv needs a file name"),
    (["--report", " "], "--report needs a file name"),
    (["--plot", ""], "--plot needs a file name"),
    (["--csv", "{tmp}/missing/t.csv"], "--csv: cannot write"),
    (["--report", "{tmp}/missing/t.txt"], "--report: cannot write"),
    (["--plot", "{tmp}/missing/t.png"], "--plot: cannot write"),
    (["--csv", "{tmp}"], "--csv: cannot write"),
    (["--plot", "{tmp}/t.xyz"], "--plot: matplotlib cannot save '.xyz' files"),
    (["--csv", "{tmp}/t.txt", "--report", "{tmp}/t.txt"], "--csv and --report name the same file"),
])
def test_bad_values_are_refused_before_fitting(args, message, capsys, monkeypatch, tmp_path):
    import imblearn_deep.__main__ as job

    def no_fit(*args, **kwargs):
        raise AssertionError("fitting started")

    monkeypatch.setattr(job, "cross_validate_samplers", no_fit)
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    with pytest.raises(SystemExit) as exit_info:
        main(args + ["--quiet", "--samplers", "none"] * ("--samplers" not in args))
    err = capsys.readouterr().err
    assert exit_info.value.code == 2, err
    assert message in err and "Traceback" not in err
    assert err.startswith("usage: imblearn-deep") and err.count("error:") == 1
    # nothing written: the checks of the output files leave no file behind
    assert not any(tmp_path.rglob("t.*"))


def test_cuda_without_a_gpu_is_refused_before_fitting(capsys, monkeypatch):
    import torch

    import imblearn_deep.__main__ as job

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(job, "cross_validate_samplers", lambda *a, **k: pytest.fail("fit"))
    with pytest.raises(SystemExit) as exit_info:
        main(["--device", "cuda", "--samplers", "dvaan", "--quiet"])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and "argument --device: " in err
    assert "CUDA is not available" in err and "Traceback" not in err


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root writes into read-only folders")
def test_an_output_in_a_read_only_folder_is_refused_before_fitting(capsys, tmp_path):
    folder = tmp_path / "read_only"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(SystemExit) as exit_info:
            main(["--csv", str(folder / "t.csv"), "--samplers", "none", "--quiet"])
    finally:
        folder.chmod(0o700)
    assert exit_info.value.code == 2 and "--csv: cannot write" in capsys.readouterr().err


@pytest.mark.parametrize("args, note", [
    # breast cancer has 357 benign and 212 malignant rows: 1:1 cannot be made
    (["--ratio", "1"], "NOTE: --ratio 1 asks for more minority rows than the data set "
     "has: kept all 212, a ratio of 1.7:1"),
    # 357 / 1000 rounds to no row: the job keeps its floor of 6
    (["--ratio", "1000"], "NOTE: --ratio 1000 would leave fewer than 6 minority rows: "
     "kept 6, a ratio of 59.5:1"),
    (["--ratio", "10", "--dataset", "synthetic"],
     "NOTE: --ratio is ignored by --dataset synthetic"),
])
def test_the_report_says_when_the_ratio_asked_for_is_not_the_one_run(args, note, capsys,
                                                                      tmp_path):
    run(["--dataset", "breast_cancer", "--samplers", "none", "--quiet",
         "--report", str(tmp_path / "r.txt")] + TINY + args)
    out = capsys.readouterr().out
    assert note in out and note in (tmp_path / "r.txt").read_text(encoding="utf-8")


def test_the_report_has_no_ratio_note_when_the_ratio_is_met(capsys):
    run(["--dataset", "breast_cancer", "--samplers", "none", "--quiet", "--ratio", "5"]
        + TINY)
    assert "NOTE" not in capsys.readouterr().out


def test_plot_is_written_to_the_file_named_even_without_a_suffix(tmp_path, capsys):
    # matplotlib would add ".png" to a name without a suffix: another file
    run(["--dataset", "breast_cancer", "--samplers", "none", "--quiet",
         "--plot", str(tmp_path / "figure"), "--csv", str(tmp_path / "figure.png")] + TINY)
    assert (tmp_path / "figure").read_bytes()[:4] == b"\x89PNG"
    assert (tmp_path / "figure.png").read_text(encoding="utf-8").startswith("sampler,")


def test_a_keyboard_interrupt_exits_130_with_one_line(monkeypatch, capsys):
    import imblearn_deep.__main__ as job

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(job, "cross_validate_samplers", interrupted)
    assert main(["--dataset", "breast_cancer", "--samplers", "none", "--quiet"]) == 130
    err = capsys.readouterr().err
    assert err.strip() == "imblearn-deep: interrupted" and "Traceback" not in err


def test_make_samplers_refuses_unknown_names():
    with pytest.raises(SystemExit, match="unknown sampler"):
        make_samplers(["smote", "magic"], None, 0, "cpu", 0)


@pytest.mark.parametrize("name", ["digits", "breast_cancer", "synthetic"])
def test_embedded_datasets_are_imbalanced_binary(name):
    X, y, image_shape, what = load_dataset(name, ratio=20, seed=0)
    assert set(y) == {0, 1} and y.sum() < (y == 0).sum() / 5
    assert X.shape[0] == y.shape[0] and what


def test_format_table_has_one_line_per_sampler():
    row = {"recall": np.array([0.5, 0.7]), "f1": np.array([0.25, 0.35]),
           "roc_auc": np.array([0.75, 0.75]), "fit_time": np.array([1.0, 2.0])}
    table = format_table({"a": row, "b": row})
    assert len(table.splitlines()) == 4
    assert "0.300 ± 0.071" in table and "1.50" in table
    # a long name keeps the columns aligned
    lines = format_table({"none": row, "tuned_threshold": row}).splitlines()
    assert len({len(line) for line in lines}) == 1


def test_module_entry_point_runs():
    result = subprocess.run(
        [sys.executable, "-m", "imblearn_deep", "--version"],
        capture_output=True, text=True, check=True,
    )
    assert result.stdout.startswith("imblearn-deep ")


def _console_script():
    """The installed ``imblearn-deep`` script: next to this Python first, then on PATH."""
    search = os.pathsep.join([str(pathlib.Path(sys.executable).parent),
                              os.environ.get("PATH", "")])
    return shutil.which("imblearn-deep", path=search)


def _checkout_env():
    # the script must import this checkout's package (an editable install
    # does; PYTHONPATH makes sure for another checkout's environment)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    return env


def test_console_script_exits_0_after_a_successful_run():
    script = _console_script()
    if script is None:
        pytest.skip("the imblearn-deep console script is not installed (pip install -e .)")
    result = subprocess.run(
        [script, "--dataset", "breast_cancer", "--samplers", "none,smote", "--quiet",
         "--splits", "2", "--repeats", "1"],
        capture_output=True, text=True, env=_checkout_env(),
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Best minority F1: " in result.stdout
    # the results dict is not printed to stderr by sys.exit(main())
    assert "'scores'" not in result.stderr and "array(" not in result.stderr


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.rst").read_text()
    commands = re.findall(r"^    (pip install .*&& python -m pytest.*)$", readme, re.M)
    assert len(commands) == 1
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert commands[0] in ci
    # the product's tests and the research benchmarks' (never installed)
    assert commands[0].endswith("python -m pytest tests benchmarks/tests")


def test_ci_builds_the_docs_without_the_data():
    # the README's documentation command must pass on a machine without the
    # benchmark data: CI builds the docs with the loaders pointed at an
    # empty folder and checks that the MNIST example fell back
    ci = (ROOT / ".ci" / "run").read_text()
    build = re.search(r'^IMBLEARN_DEEP_DATA="\$no_data" .*\\\n\s+python -m sphinx -W .*$',
                      ci, re.M)
    assert build and 'no_data="$(mktemp -d)"' in ci
    assert "using scikit-learn's 8x8 digits" in ci
    example = (ROOT / "examples" / "plot_image_samples.py").read_text()
    assert "using scikit-learn's 8x8 digits" in example
