"""The ablation benchmark of the generation options."""

import numpy as np
import pytest
from sklearn.datasets import make_classification

from imblearn_deep import BayesGANOversampler, DVAANSampler
from benchmarks.research import ablation
from benchmarks.research.configurations import CONFIGURATIONS, make
from benchmarks.tests.conftest import make_tiny


@pytest.fixture(scope="module")
def data():
    return make_classification(n_samples=300, n_features=5, weights=[0.85, 0.15],
                               random_state=0)


@pytest.mark.parametrize("cls, prefix", [(DVAANSampler, "dvaan"),
                                         (BayesGANOversampler, "bayesgan")])
def test_each_option_gives_the_rows_of_its_own_fit(cls, prefix, data):
    # every generation option is a public parameter of its own fit: the rows
    # must be those of fit_resample with that option
    X, y = data
    seen = []

    def make_sampler(sample_from, selection):
        seen.append((sample_from, selection))
        return make_tiny(cls, random_state=0, sample_from=sample_from, selection=selection)

    variants = ablation._variants(prefix, make_sampler, X, y)
    assert len(variants) == len(ablation.OPTIONS) and seen == ablation.OPTIONS
    for sample_from, selection in ablation.OPTIONS:
        X_own, y_own = make_tiny(cls, random_state=0, sample_from=sample_from,
                                 selection=selection).fit_resample(X, y)
        name = "_".join([prefix] + [s for s in (sample_from, selection) if s])
        X_var, y_var, seconds = variants[name]
        np.testing.assert_array_equal(X_var, X_own)
        np.testing.assert_array_equal(y_var, y_own)
        assert seconds > 0
    # the options do differ: latent interpolation is not the generator's rows
    assert not np.array_equal(variants[f"{prefix}_prior"][0], variants[f"{prefix}_interpolate"][0])


def test_cut_minority_keeps_n_random_minority_rows(data):
    X, y = data
    X_cut, y_cut = ablation._cut_minority(X, y, 10, np.random.RandomState(0))
    assert np.sum(y_cut == 1) == 10 and np.sum(y_cut == 0) == np.sum(y == 0)
    kept = {tuple(r) for r in X_cut[y_cut == 1]}
    assert kept <= {tuple(r) for r in X[y == 1]}
    X_all, y_all = ablation._cut_minority(X, y, 1000, np.random.RandomState(0))
    assert np.array_equal(X_all, X) and np.array_equal(y_all, y)


def test_versus_best_classic_picks_the_best_per_metric_and_counts_sets():
    rows = []
    scores = {"smote": (0.8, 0.6, 0.9), "ros": (0.7, 0.7, 0.8), "deep": (0.75, 0.65, 0.95)}
    for data_set, bump in (("a", 0.0), ("b", 0.2)):
        for name, (g, f, auc) in scores.items():
            deep_bump = bump if name == "deep" else 0.0
            rows.append(dict(data_set=data_set, classifier="logreg", competitor=name,
                             gmean=g + deep_bump, f1=f, roc_auc=auc))
    table = {r["competitor"]: r for r in ablation.versus_best_classic(rows)}
    deep = table["deep"]
    assert deep["gmean_best"] == "smote" and deep["f1_best"] == "ros"
    assert deep["gmean_vs_best"] == pytest.approx(0.75 + 0.1 - 0.8)
    assert deep["gmean_sets"] == 1 and deep["f1_sets"] == 0 and deep["roc_auc_sets"] == 2
    assert deep["n_sets"] == 2
    assert table["smote"]["gmean_vs_best"] == 0.0


def test_versus_table_cells_read_like_the_docs():
    row = dict(classifier="svm", competitor="deep", n_sets=20, gmean=0.8381,
               gmean_vs_best=0.0012, gmean_best="ros", gmean_sets=12, f1=0.61,
               f1_vs_best=-0.0203, f1_best="smote", f1_sets=3, roc_auc=0.9,
               roc_auc_vs_best=0.0, roc_auc_best="ros_shrink", roc_auc_sets=20)
    cells = ablation.versus_table([row])[0]
    assert cells["G-mean"] == ".838 (+.001 vs ros; 12/20)"
    assert cells["F1"] == ".610 (-.020 vs smote; 3/20)"
    assert cells["ROC AUC"] == ".900 (+.000 vs ros_shrink; 20/20)"


def test_only_the_chosen_options_are_applied(data):
    X, y = data
    variants = ablation._variants(
        "dvaan", lambda sample_from, selection: make_tiny(
            DVAANSampler, random_state=0, sample_from=sample_from, selection=selection),
        X, y, only={"prior", "interpolate"})
    assert sorted(variants) == ["dvaan_interpolate", "dvaan_prior"]


def test_resume_runs_only_the_missing_folds_with_the_chosen_classifiers(tmp_path, monkeypatch):
    # A stopped run keeps its rows; --resume must neither repeat a finished
    # fold nor drop its rows, and must pass the classifiers and the
    # tuned-threshold choice on to every fold it runs.
    calls = []

    def fake_fold(data_set, seed, fold, min_rows, trainings, log=print, only=None,
                  classifier_names=ablation.CLASSIFIERS, threshold=True, baselines=()):
        calls.append((data_set, seed, fold, tuple(classifier_names), threshold))
        assert list(baselines) == []
        return [dict(data_set=data_set, seed=seed, fold=fold, min_rows="", n_minority=5,
                     competitor=c, classifier=k, sampler_time=0.0, version="x",
                     roc_auc=0.9, f1=0.5, gmean=0.7, recall=0.6, precision=0.4)
                for c in ("ros", "smote") for k in classifier_names]

    monkeypatch.setattr(ablation, "run_fold", fake_fold)
    args = ["--data-sets", "glass1,glass2", "--seeds", "0", "--trainings", "",
            "--out", str(tmp_path), "--tables", str(tmp_path), "--stem", "run",
            "--classifiers", "logreg,svm",
            "--no-threshold"]
    first = ablation.main(args)
    assert len(calls) == 10 and all(c[3:] == (("logreg", "svm"), False) for c in calls)
    # the written command reruns the run: no trainings is an empty argument
    assert "--trainings '' --data-sets glass1,glass2" in (tmp_path / "run.md").read_text()
    # drop glass2's folds 3 and 4, as if the run had stopped there
    kept = [r for r in first if not (r["data_set"] == "glass2" and r["fold"] >= 3)]
    ablation.write_csv(kept, tmp_path / "run.csv.gz")
    calls.clear()
    rows = ablation.main(args + ["--resume"])
    assert [c[:3] for c in calls] == [("glass2", 0, 3), ("glass2", 0, 4)]
    assert len(rows) == len(first)
    with pytest.raises(SystemExit):
        ablation.main(args + ["--classifiers", "logreg,forest"])


def test_unknown_options_are_refused_and_plain_points_to_prior(tmp_path, capsys):
    # BayesGAN's rows were '--options plain' before it had sample_from: such
    # a command must fail with a pointer, not run without the deep sampler
    with pytest.raises(SystemExit):
        ablation.main(["--options", "plain", "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert "unknown options ['plain']" in err and "are 'prior'" in err
    assert not list(tmp_path.iterdir())


def test_trainings_and_speed_methods_come_from_one_registry():
    from benchmarks import speed

    # the trainings set no generation option: the ablation applies those
    assert set(ablation.TRAININGS) == {n for n, (_, p, _) in CONFIGURATIONS.items()
                                       if "sample_from" not in p and "selection" not in p}
    assert {"dvaan_interpolate", "bayesgan_prior", "dvaan_faithful"}.isdisjoint(
        ablation.TRAININGS)
    # the speed lab times every configuration, built from the same entry
    assert set(speed.DEEP_METHODS + speed.VARIANTS) == set(CONFIGURATIONS)
    for name, (cls, params, _) in CONFIGURATIONS.items():
        sampler = speed._sampler(name, "tabular", "cpu", 1)
        assert type(sampler) is cls, name
        assert all(sampler.get_params()[k] == v for k, v in params.items()), name


def test_configurations_are_the_samplers_themselves_with_public_parameters():
    # no subclass and no private switch: every configuration is a plain
    # DVAANSampler or BayesGANOversampler
    for name, (cls, params, steps) in CONFIGURATIONS.items():
        assert cls in (DVAANSampler, BayesGANOversampler), name
        assert all(not k.startswith("_") for k in params), name


@pytest.mark.parametrize("name, steps", [("dvaan_100_steps", 100), ("bayesgan_400_steps", 400),
                                         ("dvaan_1000_steps", 1000)])
def test_step_trainings_get_the_epochs_of_their_steps_on_the_training_rows(name, steps):
    # 240 training rows at batch 256: one batch per epoch, `steps` epochs
    # within (5, 300); 2,000 rows: 7 batches
    assert make(name, 240).max_epochs == min(steps, 300)
    assert make(name, 2000).max_epochs == min(max(-(-steps // 7), 5), 300)
    assert make(name, 2000, batch_size=1000).max_epochs == min(max(-(-steps // 2), 5), 300)
    assert make("dvaan", 2000).max_epochs == "auto"
    with pytest.raises(ValueError, match="n_rows"):
        make(name)


def test_step_trainings_train_for_their_steps(data):
    X, y = data  # 300 rows at batch 32: 9 batches per epoch
    sampler = make("dvaan_100_steps", len(y), random_state=0, n_iter_no_change=None, **{
        k: v for k, v in make_tiny(DVAANSampler).get_params().items()
        if k in ("latent_dim", "hidden_dims", "batch_size", "device")})
    sampler.fit_resample(X, y)
    assert sampler.n_epochs_ == 12 and len(sampler.history_["epoch_time"]) == 12


def test_further_baselines_run_only_when_named_and_stay_out_of_the_bar(data, monkeypatch):
    X, y = data
    monkeypatch.setattr(ablation, "load_keel", lambda name: (X, y))
    plain = ablation.run_fold("glass1", 0, 0, None, [], classifier_names=["logreg"],
                              threshold=False)
    more = ablation.run_fold("glass1", 0, 0, None, [], classifier_names=["logreg"],
                             threshold=False, baselines=["majority_transfer"])
    names = [r["competitor"] for r in more]
    assert names == [r["competitor"] for r in plain] + ["majority_transfer"]
    assert "majority_transfer" not in ablation.CLASSIC
    # the same folds and classic rows either way
    assert [r["gmean"] for r in more[:-1]] == [r["gmean"] for r in plain]
    with pytest.raises(SystemExit):
        ablation.main(["--baselines", "smote", "--trainings", ""])


def test_a_classifier_that_cannot_be_fitted_leaves_its_competitor_out_of_the_fold(
        data, monkeypatch):
    # An MLP on a 10-row minority can predict one constant probability, and
    # the tuned threshold then refuses to fit ("constant predictions"): that
    # used to end the whole run. A constant classifier shows the same.
    from sklearn.dummy import DummyClassifier
    X, y = data
    monkeypatch.setattr(ablation, "load_keel", lambda name: (X, y))
    monkeypatch.setattr(ablation, "classifiers",
                        lambda seed, names: {"constant": DummyClassifier(strategy="prior")})
    logged = []
    rows = ablation.run_fold("glass1", 0, 0, None, [], log=logged.append,
                             classifier_names=["constant"])
    names = [r["competitor"] for r in rows]
    assert "tuned_threshold" not in names
    assert names[:2] == ["none", "ros"] and "smote" in names
    assert any("tuned_threshold with constant failed" in line for line in logged)
