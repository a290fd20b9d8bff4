"""The ablation benchmark of the generation options."""

import numpy as np
import pytest
from sklearn.datasets import make_classification

from imblearn_deep import BayesGANOversampler, DVAANSampler
from imblearn_deep.benchmarks import ablation
from conftest import make_tiny


@pytest.fixture(scope="module")
def data():
    return make_classification(n_samples=300, n_features=5, weights=[0.85, 0.15],
                               random_state=0)


@pytest.mark.parametrize("cls, prefix", [(DVAANSampler, "dvaan"),
                                         (BayesGANOversampler, "bayesgan")])
def test_each_option_gives_the_rows_of_its_own_fit(cls, prefix, data):
    # One fit serves every generation option: the rows must be those of a
    # separate fit_resample with that option.
    X, y = data
    variants = ablation._variants(prefix, make_tiny(cls, random_state=0, selection="faithful",
                                                    sample_from="interpolate"), X, y)
    assert len(variants) == len(ablation.OPTIONS)
    for sample_from, selection in ablation.OPTIONS:
        params = dict(random_state=0, selection=selection)
        if sample_from:
            params["sample_from"] = sample_from
        X_own, y_own = make_tiny(cls, **params).fit_resample(X, y)
        name = "_".join([prefix] + [s for s in (sample_from, selection) if s])
        X_var, y_var, seconds = variants[name]
        np.testing.assert_array_equal(X_var, X_own)
        np.testing.assert_array_equal(y_var, y_own)
        assert seconds > 0


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
    sampler = make_tiny(DVAANSampler, random_state=0, selection="faithful",
                        sample_from="interpolate")
    variants = ablation._variants("dvaan", sampler, X, y, only={"prior", "interpolate"})
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
            "--out", str(tmp_path), "--stem", "run", "--classifiers", "logreg,svm",
            "--no-threshold"]
    first = ablation.main(args)
    assert len(calls) == 10 and all(c[3:] == (("logreg", "svm"), False) for c in calls)
    # the written command reruns the run: no trainings is an empty argument
    assert "--trainings '' --data-sets glass1,glass2" in (tmp_path / "run.md").read_text()
    # drop glass2's folds 3 and 4, as if the run had stopped there
    kept = [r for r in first if not (r["data_set"] == "glass2" and r["fold"] >= 3)]
    ablation.write_csv(kept, tmp_path / "run.csv")
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


def test_two_d_passes_trainings_keep_the_former_discriminator_step():
    from imblearn_deep.benchmarks.ablation import TRAININGS

    former = ("_two_d_passes", "_two_passes")  # the latter keeps both former steps
    for name, (cls, params) in TRAININGS.items():
        assert cls._one_discriminator_pass == (not name.endswith(former)), name
    assert {n for n in TRAININGS if n.endswith(former)} == {
        "dvaan_two_d_passes", "bayesgan_two_d_passes", "bayesgan_two_passes"}


def test_trainings_and_speed_methods_come_from_one_registry():
    from imblearn_deep.benchmarks import speed
    from imblearn_deep.benchmarks._variants import CONFIGURATIONS
    from imblearn_deep.benchmarks.ablation import TRAININGS

    # the trainings set no generation option: the ablation applies those
    assert set(TRAININGS) == {n for n, (_, p) in CONFIGURATIONS.items()
                              if "sample_from" not in p and "selection" not in p}
    assert {"dvaan_interpolate", "bayesgan_prior", "dvaan_faithful"}.isdisjoint(TRAININGS)
    # the speed benchmark times every configuration, built from the same entry
    assert set(speed.METHODS[1:] + speed.VARIANTS) == set(CONFIGURATIONS)
    for name, (cls, params) in CONFIGURATIONS.items():
        sampler = speed._sampler(name, "tabular", "cpu", 1)
        assert type(sampler) is cls, name
        assert all(sampler.get_params()[k] == v for k, v in params.items()), name


def test_average_trainings_average_and_the_defaults_do_not():
    from imblearn_deep.benchmarks.ablation import TRAININGS

    for name, (cls, params) in TRAININGS.items():
        assert cls._average_decay == (0.99 if "_average_" in name else None), name
    assert DVAANSampler._averaged_networks == ("encoder_", "decoder_")
    assert BayesGANOversampler._averaged_networks == ("generator_",)


def test_reconstruction_trainings_weight_dvaans_reconstruction_term():
    from imblearn_deep.benchmarks.ablation import TRAININGS

    weights = {name: cls._reconstruction_weight for name, (cls, _) in TRAININGS.items()
               if issubclass(cls, DVAANSampler)}
    assert weights.pop("dvaan_reconstruction_10") == 10.0
    assert weights.pop("dvaan_reconstruction_50") == 50.0
    assert set(weights.values()) == {1.0}


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
