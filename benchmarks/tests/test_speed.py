"""The speed lab: ``python -m benchmarks.speed``."""

import csv
import math
import os
import time
import types

import numpy as np
import pytest

from imblearn_deep import BayesGANOversampler, DVAANSampler
from benchmarks import speed
from benchmarks.tests.conftest import make_tiny


def test_speed_benchmark_measures_fits_and_the_reference_loop(tmp_path, monkeypatch):
    monkeypatch.setattr(speed, "WORKLOAD_STEPS", 20)
    rows = speed.main(["--sizes", "tabular:600x6", "--methods", "smote,dvaan,bayesgan",
                       "--device", "cpu", "--max-epochs", "2", "--reference-batches", "4",
                       "--repeats", "2", "--out", str(tmp_path)])
    assert [r["method"] for r in rows] == ["smote", "dvaan", "bayesgan"]
    for row in rows:
        assert row["fit_s"] > 0 and row["n_rows"] == 600 and row["reps"] == 2
        assert row["fit_s"] <= row["fit_median_s"]  # minimum and median of the reps
        # 5% minority balanced: the output is about 1.9x the input
        assert row["output_mib"] > 1.5 * row["input_mib"]
        assert row["load1_min"] >= 0 and row["peak_rss_extra_mib"] > 0
    for row in rows[1:]:
        assert row["epochs"] == 2 and 0 < row["epoch_s"] <= row["epoch_median_s"]
        assert row["reference_epoch_s"] > 0
        assert row["speedup"] == pytest.approx(row["reference_epoch_s"] / row["epoch_s"])
        assert row["versus_reference"].endswith(" the reference loop per epoch")
        assert row["versus_smote"].endswith("slower than SMOTE's fit")
    with open(tmp_path / "speed.csv") as f:
        written = list(csv.DictReader(f))
    assert [r["method"] for r in written] == ["smote", "dvaan", "bayesgan"]
    for row, saved in zip(rows[1:], written[1:]):  # the figures the docs quote
        for key in ("epoch_s", "reference_epoch_s", "speedup"):
            assert float(saved[key]) == pytest.approx(row[key])
    report = (tmp_path / "speed.md").read_text()
    assert "| tabular | 600 | 6 | dvaan | cpu |" in report
    # the processor is named: figures of different days may come from different ones
    from imblearn_deep.benchmarks._runner import cpu_model

    assert cpu_model() and f", {cpu_model()}, " in report
    # every measurement, with the machine's load, in interleaved order
    with open(tmp_path / "speed_runs.csv") as f:
        runs = list(csv.DictReader(f))
    # the reference workload at the start and the end, the fits between them
    assert [(r["measurement"], r["rep"]) for r in (runs[0], runs[-1])] == [
        ("reference_workload", "start"), ("reference_workload", "end")]
    assert float(runs[0]["fit_s"]) > 0 and runs[0]["threads"] == "1"
    runs = runs[1:-1]
    assert [(r["rep"], r["method"]) for r in runs] == [
        (rep, m) for rep in "12" for m in ("smote", "dvaan", "bayesgan")]
    for run_ in runs:
        assert float(run_["load1_before"]) >= 0 and int(run_["usable_cpus"]) >= 1
        assert run_["cpu_model"] == cpu_model()
        assert float(run_["fit_cpu_s"]) > 0 and int(run_["torch_threads"]) >= 1
    assert all(int(r["reference_threads"]) == int(r["threads"]) for r in runs[1:3])


def test_speed_wording_says_faster_or_slower():
    from benchmarks.speed import compare

    what = "the reference loop per epoch"
    assert compare(3.1, 1.0, what) == "3.1x faster than the reference loop per epoch"
    assert compare(1.0, 2.5, "SMOTE's fit") == "2.5x slower than SMOTE's fit"
    assert compare(0.82, 1.0) == "1.2x slower"
    assert compare(1.0, 1.02, what) == "about as fast as the reference loop per epoch"
    assert compare(1261.2, 1.0) == "1,261x faster"
    assert compare(float("nan"), 1.0) == compare(1.0, 0.0) == compare(None, 1.0) == ""


def test_speed_summary_compares_the_minimums_of_the_repetitions():
    from benchmarks.speed import summarize

    def run_(method, rep, fit, epoch=None, reference=None):
        row = dict(data="tabular", n_rows=100, n_features=5, method=method, rep=rep,
                   status="ok", fit_s=fit, input_mib=1.0, load1_before=0.5, load1_after=0.7)
        if epoch is not None:
            row.update(epoch_s=epoch, reference_epoch_s=reference)
        return row

    # a disturbed repetition (5.0 s per epoch) must not decide the figure
    runs = [run_("smote", 1, 0.02), run_("dvaan", 1, 9.0, epoch=1.0, reference=3.2),
            run_("smote", 2, 0.04), run_("dvaan", 2, 20.0, epoch=5.0, reference=3.0),
            dict(run_("dvaan", 3, 1.0), status="failed")]
    smote, dvaan = summarize(runs)
    assert dvaan["reps"] == 2 and (dvaan["epoch_s"], dvaan["epoch_median_s"]) == (1.0, 3.0)
    assert dvaan["speedup"] == pytest.approx(3.0)
    assert dvaan["versus_reference"] == "3.0x faster than the reference loop per epoch"
    assert dvaan["speedup_median"] == pytest.approx(3.1 / 3.0)
    assert dvaan["versus_smote"] == "450x slower than SMOTE's fit"
    assert (dvaan["load1_min"], dvaan["load1_max"]) == (0.5, 0.7)
    assert "versus_reference" not in smote and "versus_smote" not in smote
    # a slower sampler is said to be slower
    slow = summarize([run_("dvaan", 1, 1.0, epoch=2.0, reference=1.0)])[0]
    assert slow["versus_reference"] == "2.0x slower than the reference loop per epoch"


def test_speed_load_warning_fires_on_competition_only():
    from benchmarks.speed import competition_warnings, own_load

    quiet = dict(load1_before=0.3, load1_after=1.1, threads=1, device="cpu", fit_s=10.0,
                 fit_cpu_s=9.8, others_cpus=0.2, steal_share=0.0, reference_threads=1,
                 reference_cpu_per_wall=0.97)
    assert competition_warnings(quiet, cores=2, own=(0.0, 0.9)) == []
    loaded = dict(quiet, load1_before=3.0)
    (reason,) = competition_warnings(loaded, cores=2)
    assert "load average 3.00 before the fit" in reason and "leave 1 of 2 free" in reason
    # the benchmark's own threads count in the load average, not as competition
    assert competition_warnings(dict(quiet, load1_after=2.4), cores=2, own=(0, 0.95)) == []
    # a two-thread fit leaves nothing free on two cores
    assert competition_warnings(dict(quiet, threads=2, fit_cpu_s=18.0), cores=2)
    for signs in (dict(fit_cpu_s=5.0), dict(others_cpus=1.8), dict(steal_share=0.3),
                  dict(reference_cpu_per_wall=0.5)):
        assert len(competition_warnings(dict(quiet, **signs), cores=2)) == 1, signs
    # too short to judge from CPU time
    assert competition_warnings(dict(quiet, fit_s=0.1, fit_cpu_s=0.01), cores=2) == []
    # a fit that kept one CPU busy for the last 60 s adds 1 - 1/e to the average
    now = 1000.0
    assert own_load([(now - 60, now, 60.0)], now) == pytest.approx(1 - np.exp(-1))
    assert own_load([(now - 60, now, 30.0)], now + 60) == pytest.approx(
        0.5 * (np.exp(-1) - np.exp(-2)))


def test_speed_benchmark_warns_when_the_load_is_high(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(speed.FAKE_LOAD_ENV, "64,60,50")
    monkeypatch.setattr(speed, "WORKLOAD_STEPS", 20)
    (row,) = speed.main(["--sizes", "tabular:300x4", "--methods", "smote", "--repeats", "1",
                         "--out", str(tmp_path)])
    assert row["load1_max"] == 64.0 and row["warned_reps"] == 1
    out = capsys.readouterr().out
    assert "WARNING tabular 300x4 smote rep 1: other processes competed" in out
    assert "load average 64.00" in out
    with open(tmp_path / "speed_runs.csv") as f:
        (run_,) = [r for r in csv.DictReader(f) if r["measurement"] == "fit_resample"]
    assert "load average 64.00 before the fit" in run_["load_warning"]
    # the reference workload's measurements are judged too: every figure is divided by it
    assert "WARNING reference workload at the start: other processes competed" in out
    assert "Other processes competed for the CPU" in (tmp_path / "speed.md").read_text()


def test_speed_benchmark_writes_results_after_every_measurement(tmp_path, monkeypatch):
    # a run stopped after two measurements keeps both on disk
    real, on_disk = speed.run_job, []

    def run_job(job, ctx=None):
        runs_file = tmp_path / "speed_runs.csv"
        with open(runs_file) if runs_file.exists() else open(os.devnull) as f:
            on_disk.append(len(list(csv.DictReader(f))))
        if len(on_disk) == 4:
            raise KeyboardInterrupt
        return real(job, ctx)

    monkeypatch.setattr(speed, "run_job", run_job)
    monkeypatch.setattr(speed, "WORKLOAD_STEPS", 20)
    with pytest.raises(KeyboardInterrupt):
        speed.main(["--sizes", "tabular:300x4", "--methods", "smote,dvaan", "--device",
                    "cpu", "--max-epochs", "2", "--reference-batches", "2", "--repeats", "2",
                    "--out", str(tmp_path)])
    # before each measurement, the file held every earlier one (the workload's first)
    assert on_disk == [0, 1, 2, 3]
    with open(tmp_path / "speed.csv") as f:
        assert [r["method"] for r in csv.DictReader(f)] == ["smote", "dvaan"]
    with open(tmp_path / "speed_runs.csv") as f:
        assert len(list(csv.DictReader(f))) == 3
    assert "when the run was stopped after 2 measurements" in (
        tmp_path / "speed.md").read_text()


def _fake_jobs(monkeypatch, fit_s=1.0):
    """The jobs that main hands out, each measured in a fake that takes ``fit_s``."""
    jobs = []

    def run_job(job, ctx=None):
        jobs.append(job)
        t = speed.time.time()
        what = job.get("measurement", "fit_resample")
        return "ok", dict(measurement=what, method=job.get("method", what),
                          data=job.get("kind", "tabular"), n_rows=job.get("n_rows", 256),
                          n_features=job.get("n_features", 64), device="cpu", fit_s=fit_s,
                          fit_cpu_s=fit_s, threads=1, input_mib=1.0, load1_before=0.0,
                          load1_after=0.0, _t_load_before=t, _t_load_after=t, _t_fit=t,
                          _t_start=t, _t_end=t, _cpu_s=1.0)

    monkeypatch.setattr(speed, "run_job", run_job)
    monkeypatch.setattr(speed, "_since_process_start", lambda: 0.0)
    return jobs


def test_speed_quick_uses_small_image_networks_few_steps_and_a_time_budget(
        tmp_path, monkeypatch):
    from imblearn_deep.benchmarks import _runner

    assert speed.QUICK_CONV_CHANNELS == _runner.COMPACT_CHANNELS
    jobs = _fake_jobs(monkeypatch)
    speed.main(["--quick", "--out", str(tmp_path)])
    # the reference workload first and last, the grid search after the fits
    workload = dict(measurement="reference_workload", steps=speed.WORKLOAD_STEPS,
                    fake_load=None)
    assert jobs[0] == jobs[-1] == workload
    jobs = jobs[1:-1]
    n_configs = len(speed.QUICK_SIZES) * len(speed.METHODS) + len(speed.METHODS)
    assert len(jobs) == n_configs * speed.DEFAULT_REPEATS
    searches = [j for j in jobs if j.get("measurement") == "grid_search"]
    assert [j["method"] for j in searches[:4]] == list(speed.METHODS)
    assert all((j["n_rows"], j["n_features"], j["max_epochs"]) == (2000, 10, None)
               for j in searches)
    jobs = [j for j in jobs if j not in searches]
    for job in jobs:
        image = job["kind"] == "image"
        assert job["conv_channels"] == (speed.QUICK_CONV_CHANNELS if image else None)
        # default fits of the tables, few epochs of the images
        assert job["max_epochs"] == (speed.QUICK_EPOCHS["image"] if image else None)
        assert job["reference_batches"] == speed.QUICK_REFERENCE_BATCHES
    assert (tmp_path / "speed_quick.csv").exists()
    report = (tmp_path / "speed_quick.md").read_text()
    assert "default fits (max_epochs='auto', the fits users wait for): tabular 500x8, " in report
    assert "fit time is not a default fit's): image 1,000x784 2 epochs; image conv" in report
    assert "tabular 10,000x3, mixed 10,000x3, the grid search's; short fits" in report
    assert "\n## Grid search\n" in report
    # the first repetition is interleaved: every configuration once
    n_fits = len(speed.QUICK_SIZES) * len(speed.METHODS)
    assert len({(j["kind"], j["n_rows"], j["n_features"], j["method"])
                for j in jobs[:n_fits]}) == n_fits
    # a repetition that would end after --max-minutes is not started
    clock = iter(range(0, 10**6, 10))  # 10 s pass at every reading
    monkeypatch.setattr(speed, "time", types.SimpleNamespace(
        perf_counter=lambda: next(clock), time=time.time, process_time=time.process_time))
    jobs = _fake_jobs(monkeypatch)
    speed.main(["--quick", "--max-minutes", "1", "--out", str(tmp_path)])
    assert len(jobs) == n_configs + 2  # and the workload at the start and end
    assert "stopped after 1 repetitions" in (tmp_path / "speed_quick.md").read_text()


def test_quick_fits_of_small_tables_are_default_fits():
    for kind, n_rows in (("tabular", 500), ("tabular", 10_000), ("mixed", 10_000)):
        assert speed.fit_epochs(kind, n_rows, quick=True) is None
        assert speed.fit_epochs(kind, n_rows, quick=True, max_epochs=3) == 3
    assert speed.fit_epochs("tabular", 10_001, quick=True) == speed.QUICK_EPOCHS["tabular"]
    assert speed.fit_epochs("image", 1_000, quick=True) == speed.QUICK_EPOCHS["image"]
    assert speed.fit_epochs("image", 6_000, quick=True, max_epochs="auto") is None
    assert speed.fit_epochs("image", 60_000) is None and speed.fit_epochs("tabular", 10**6) is None
    assert speed.build_parser().parse_args(["--max-epochs", "auto"]).max_epochs == "auto"
    with pytest.raises(SystemExit):
        speed.build_parser().parse_args(["--max-epochs", "0"])
    # a default fit keeps its epochs and, on images, the channels of "auto" on its device
    from imblearn_deep._networks import CPU_CONV_CHANNELS

    assert speed.is_default_fit("dvaan", "tabular", None)
    assert not speed.is_default_fit("dvaan", "tabular", 5)
    assert speed.is_default_fit("ros", "image", 2)
    assert speed.is_default_fit("bayesgan", "image", "auto", CPU_CONV_CHANNELS)
    assert not speed.is_default_fit("bayesgan", "image", "auto", CPU_CONV_CHANNELS, gpu=True)
    assert not speed.is_default_fit("dvaan", "image", None, (4, 4, 4, 4))


def test_speed_benchmark_records_image_memory_in_a_fresh_process():
    status, row = speed.run_job(dict(method="dvaan", kind="image", n_rows=200, n_features=784,
                                     device="cpu", max_epochs=1, reference_batches=0,
                                     conv_channels=(4, 4, 4, 4)))
    assert status == "ok", row
    assert row["conv_channels"] == "4 4 4 4" and row["epochs"] == 1
    assert row["default_fit"] is False
    # the fit's own peak above the process's resident set, and the whole peak
    assert 0 < row["peak_rss_extra_mib"] < row["peak_rss_mib"]
    assert row["fit_cpu_s"] > 0 and row["load1_before"] >= 0


def test_speed_benchmark_records_the_channels_that_auto_resolved_to():
    # the samplers' own channels are conv_channels="auto": the row names the
    # network trained (CPU_CONV_CHANNELS on a CPU), not "a u t o"
    from imblearn_deep._networks import CPU_CONV_CHANNELS
    status, row = speed.run_job(dict(method="bayesgan", kind="image", n_rows=200,
                                     n_features=784, device="cpu", max_epochs=1,
                                     reference_batches=0))
    assert status == "ok", row
    assert row["conv_channels"] == " ".join(map(str, CPU_CONV_CHANNELS))


def test_speed_benchmark_times_the_generation_options():
    assert speed._sampler("dvaan_interpolate", "tabular", "cpu", 1).sample_from == "interpolate"
    assert speed._sampler("dvaan_faithful", "tabular", "cpu", 1).selection == "faithful"
    chosen = speed._sampler("bayesgan_faithful", "image", "cpu", 1)
    assert chosen.selection == "faithful" and chosen.image_shape == (28, 28)
    assert speed._sampler("dvaan", "tabular", "cpu", 1).selection is None
    _, args = speed.build_parser(), speed.build_parser().parse_args(
        ["--methods", "dvaan,dvaan_faithful"])
    assert args.methods == ["dvaan", "dvaan_faithful"]


def test_speed_step_variants_set_max_epochs_for_their_steps_on_the_rows():
    # a step-count configuration is a parameter setting: an explicit
    # max_epochs for the training rows, the rule of max_epochs="auto"
    from imblearn_deep import BayesGANOversampler

    for n_rows, epochs in ((1000, 50), (10_000, 5), (100, 300)):
        # 1000 rows at batch 256: 3 batches, ceil(400 / 3) = 134 epochs within (5, 300)
        sampler = speed._sampler("bayesgan_400_steps", "tabular", "cpu", "auto", n_rows=n_rows)
        assert type(sampler) is BayesGANOversampler
        expected = min(max(-(-400 // max(1, n_rows // min(256, n_rows))), 5), 300)
        assert sampler.max_epochs == expected
    # an explicit --max-epochs wins; the defaults keep "auto"
    assert speed._sampler("dvaan_100_steps", "tabular", "cpu", 2, n_rows=1000).max_epochs == 2
    assert speed._sampler("dvaan", "tabular", "cpu", "auto", n_rows=1000).max_epochs == "auto"
    assert speed._sampler("bayesgan_inversion_200", "tabular", "cpu", 1).inversion_steps == 200


@pytest.mark.parametrize("cls", [DVAANSampler, BayesGANOversampler])
def test_reference_loop_times_batches_of_64_over_the_same_rows(cls, monkeypatch):
    # The speed-up compares the sampler's epoch with an epoch of this plain
    # loop: all rows in batches of 64, extrapolated from the timed batches
    # after the warm-up. A clock that advances one unit per training step
    # must give one unit per batch of 64 rows.
    X, y = speed.make_data("tabular", 1000, 6)
    sampler = make_tiny(cls, random_state=0)
    sampler.fit_resample(X, y)
    X_scaled, y_index, step, device = speed._plain_training(sampler, X, y)
    clock, batches = [0.0], []

    def counted(xb, yb):
        batches.append(len(xb))
        clock[0] += 1.0
        return step(xb, yb)

    monkeypatch.setattr(speed, "_plain_training", lambda *a: (X_scaled, y_index, counted, device))
    monkeypatch.setattr(speed, "time", type("Clock", (), {"perf_counter": lambda: clock[0]}))
    per_epoch = speed.reference_epoch_time(sampler, X, y, max_batches=4)
    assert batches == [64] * (5 + 4)  # 5 warm-up batches, then the timed ones
    assert per_epoch == pytest.approx(1000 // 64)


@pytest.mark.parametrize("cls", [DVAANSampler, BayesGANOversampler])
def test_reference_loop_trains_copies_of_the_fitted_networks(cls):
    # the plain loop's steps move copies of the sampler's networks and leave
    # the fitted sampler as it was; the rows are scaled to [-1, 1]
    import torch

    X, y = speed.make_data("tabular", 300, 5)
    sampler = make_tiny(cls, random_state=0)
    sampler.fit_resample(X, y)
    before = {k: v.clone() for k, v in sampler.discriminator_.state_dict().items()}
    X_scaled, y_index, step, _ = speed._plain_training(sampler, X, y)
    assert X_scaled.min() >= -1 and X_scaled.max() <= 1 and set(y_index) == {0, 1}
    xb, yb = torch.from_numpy(X_scaled[:64]), torch.from_numpy(y_index[:64])
    losses = [step(xb, yb) for _ in range(3)]
    assert all(torch.isfinite(v) for ls in losses for v in ls.values())
    for k, v in sampler.discriminator_.state_dict().items():
        assert torch.equal(v, before[k]), k


def test_random_over_sampling_is_timed_like_smote_without_epochs():
    assert speed.BASELINES == ("smote", "ros") and speed.METHODS[:2] == speed.BASELINES
    for kind, n_features in (("tabular", 4), ("mixed", 3)):
        row = speed.measure("ros", kind, 300, n_features, reference_batches=5)
        assert row["method"] == "ros" and row["device"] == "cpu" and row["threads"] == 1
        assert not {"epochs", "epoch_s", "reference_epoch_s", "speedup"} & set(row)
        # the minority copied up to the majority: about 1.9x the rows
        assert row["output_mib"] > 1.5 * row["input_mib"] and row["fit_s"] > 0
    # random over-sampling takes the mixed DataFrame as is, SMOTE turns SMOTENC
    assert type(speed._baseline("ros", "mixed")).__name__ == "RandomOverSampler"
    assert type(speed._baseline("smote", "mixed")).__name__ == "SMOTENC"
    runs = [dict(data="tabular", n_rows=300, n_features=4, method=m, fit_s=t)
            for m, t in (("smote", 0.02), ("ros", 0.01))]
    assert speed.summarize(runs)[1]["versus_smote"] == "2.0x faster than SMOTE's fit"


def test_the_small_tables_are_measured_and_their_sizes_parse():
    small = [("tabular", 500, 8), ("tabular", 2000, 10)]
    assert speed._parse_sizes("tabular:500x8,tabular:2e3x10") == small
    assert set(small) <= set(speed.DEFAULT_SIZES) and set(small) <= set(speed.QUICK_SIZES)


def test_grid_search_times_its_eleven_fits(monkeypatch):
    # every fit of the search (2 settings x 5 folds, and the refit) runs
    # inside the timed call, with the grid's values and the defaults otherwise
    calls, real = [], DVAANSampler.fit_resample

    def fit_resample(self, X, y):
        t = time.perf_counter()
        result = real(self, X, y)
        calls.append((self.latent_dim, self.random_state, len(y), time.perf_counter() - t))
        return result

    monkeypatch.setattr(DVAANSampler, "fit_resample", fit_resample)
    row = speed.measure_grid_search("dvaan", n_rows=300, n_features=4, max_epochs=1,
                                    device="cpu")
    assert row["measurement"] == "grid_search" and row["fits"] == len(calls) == 11
    assert row["grid"] == "latent_dim: 8, 16" and row["folds"] == 5
    assert [c[0] for c in calls[:10]] == [8] * 5 + [16] * 5
    assert calls[10][0] == int(row["best_params"]) and calls[10][2] == 300  # the refit
    assert {c[1] for c in calls} == {0} and {c[2] for c in calls[:10]} == {240}
    assert row["fit_s"] > sum(c[3] for c in calls) and row["refit_s"] < row["fit_s"]
    assert 0.5 < row["best_score"] <= 1 and row["default_fit"] is False
    assert row["threads"] == 1 and row["fit_cpu_s"] > 0 and row["load1_before"] >= 0
    # each sampler's grid: a parameter it has, two values; the variants take their class's
    for method in speed.METHODS + speed.VARIANTS:
        name, values = speed.grid_search_params(method)
        sampler, *_ = speed._make(method, "tabular", "cpu", n_rows=1600)
        assert name in sampler.get_params() and len(values) == 2, method
    assert speed.grid_search_params("bayesgan") == ("n_codes", (4, 8))


def test_reference_workload_is_a_fixed_one_thread_job():
    import torch

    threads = torch.get_num_threads()
    first, second = (speed.measure_workload(steps=20) for _ in range(2))
    assert first["measurement"] == "reference_workload" and first["steps"] == 20
    assert first["torch_threads"] == first["threads"] == 1 and first["fit_s"] > 0
    assert first["final_loss"] == second["final_loss"]  # seeded: the same job every time
    assert torch.get_num_threads() == threads
    assert speed.measure_workload(steps=40)["final_loss"] != first["final_loss"]


def test_every_time_is_given_in_reference_workloads_against_the_targets():
    def run_(method, fit, data="tabular", n_rows=500, n_features=8, **extra):
        return dict(data=data, n_rows=n_rows, n_features=n_features, method=method,
                    fit_s=fit, **extra)

    runs = [dict(measurement="reference_workload", fit_s=1.25),
            run_("dvaan", 0.3, default_fit=True), run_("dvaan", 0.9, default_fit=True),
            run_("bayesgan", 0.6, default_fit=True), run_("smote", 0.01, default_fit=True),
            run_("dvaan", 0.2, n_rows=1000, n_features=20, default_fit=True),
            run_("dvaan", 2.0, data="image", n_rows=6000, n_features=784, default_fit=False),
            run_("dvaan", 10.0, measurement="grid_search", n_rows=2000, n_features=10,
                 fits=11, default_fit=True),
            dict(measurement="reference_workload", fit_s=1.0)]
    rows = speed.summarize(runs)
    assert len(rows) == 6  # the workload's measurements have no row of their own
    dvaan, bayesgan, smote, other_size, image, search = rows
    assert dvaan["reference_workload_s"] == 1.0  # the least of the start and the end
    assert dvaan["fit_over_workload"] == pytest.approx(0.3)
    assert dvaan["fit_median_over_workload"] == pytest.approx(0.6)
    assert (dvaan["target_workload_units"], dvaan["meets_target"]) == (0.5, True)
    assert (bayesgan["fit_over_workload"], bayesgan["meets_target"]) == (0.6, False)
    # targets are for the deep samplers' default fits of the sizes named
    for row in (smote, other_size, image, search):
        assert "target_workload_units" not in row and "meets_target" not in row
    assert search["measurement"] == "grid_search" and search["per_fit_s"] == pytest.approx(10 / 11)
    assert search["fit_over_workload"] == pytest.approx(10.0)
    assert "versus_smote" not in search  # SMOTE's fit is no grid search
    report = speed.markdown(rows)
    assert "| 0.3 / 0.6 | 0.5 | yes |" in report and "| 0.6 / 0.6 | 0.5 | no |" in report
    fits, grid = report.split("## Grid search")
    assert "| dvaan | cpu |" not in grid and "| 11 | 10 / 10 | 10 / 10 | 0.909 |" in grid
    assert "grid_search" not in fits
    # without a workload measured, no ratio
    assert math.isnan(speed.summarize(runs[1:2])[0]["fit_over_workload"])


def test_grid_search_runs_alone_with_sizes_or_by_default(tmp_path, monkeypatch):
    def measured(*argv):
        jobs = _fake_jobs(monkeypatch)
        speed.main(list(argv) + ["--methods", "smote,dvaan", "--repeats", "1",
                                 "--out", str(tmp_path)])
        return [(j.get("measurement", "fit_resample"), j.get("kind"), j.get("n_rows"))
                for j in jobs[1:-1]]

    fits = [("fit_resample", "tabular", 500)] * 2
    searches = [("grid_search", None, 2000)] * 2
    assert measured("--sizes", "tabular:500x8") == fits
    assert measured("--sizes", "tabular:500x8", "--grid-search") == fits + searches
    assert measured("--grid-search") == searches
    assert measured("--quick", "--no-grid-search")[-1][0] == "fit_resample"
    assert measured("--quick")[-2:] == searches
    assert len(measured()) == 2 * len(speed.DEFAULT_SIZES) + 2


def test_speed_benchmark_data_is_imbalanced_float32_without_float64_copies():
    from benchmarks.speed import make_data

    for kind, d in [("tabular", 7), ("image", 784)]:
        X, y = make_data(kind, 3000, d)
        assert X.dtype == np.float32 and X.shape == (3000, d)
        assert 0.03 < y.mean() < 0.08
        assert np.isfinite(X).all()


def test_speed_benchmark_times_the_quality_report(tmp_path):
    rows = speed.main(["--metrics", "--metrics-sizes", "300x200x5", "--out", str(tmp_path)])
    (row,) = rows
    assert (row["n_real"], row["n_synthetic"], row["n_features"]) == (300, 200, 5)
    assert 0 < row["report_min_s"] <= row["report_median_s"]
    # the synthetic rows are a slightly wider draw of the class: new rows
    assert 0.8 < row["memorisation_ratio"] < 1.5 and row["near_copy_share"] < 0.05
    with open(tmp_path / "metrics_speed.csv") as f:
        written = list(csv.DictReader(f))
    assert float(written[0]["report_min_s"]) == pytest.approx(row["report_min_s"])
    assert "| report_min_s |" in (tmp_path / "metrics_speed.md").read_text()


def test_speed_compares_a_mixed_table_with_the_numeric_one_of_its_shape():
    X, y = speed.make_data("mixed", 200, 3)
    assert list(X.columns) == ["x0", "x1", "category"] and X["category"].dtype == "category"
    assert len(y) == 200 and speed._nbytes(X) > 0
    runs = [dict(data=kind, n_rows=200, n_features=3, method="dvaan", fit_s=fit, epoch_s=epoch)
            for kind, fit, epoch in (("tabular", 2.0, 0.2), ("mixed", 3.0, 0.3))]
    rows = {r["data"]: r for r in speed.summarize(runs)}
    assert rows["mixed"]["versus_numeric"] == "1.5x slower than the numeric table of the same shape"
    assert rows["mixed"]["fit_over_numeric"] == 1.5 and "versus_numeric" not in rows["tabular"]
    assert "1.5x slower than the numeric" in speed.markdown(list(rows.values()))


def test_every_speed_option_has_help():
    assert all(action.help for action in speed.build_parser()._actions)
