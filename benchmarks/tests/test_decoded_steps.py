"""The decoded-steps study: ``python -m benchmarks.research.decoded_steps``."""

import csv
import gzip

import numpy as np
import pytest
from sklearn.datasets import make_classification

from imblearn_deep import DVAANSampler
from benchmarks.research import decoded_steps
from benchmarks.tests.conftest import make_tiny


def test_decoded_steps_benchmark_writes_a_row_per_fold_and_sampler(monkeypatch, tmp_path):
    X, y = make_classification(n_samples=300, n_features=5, weights=[0.85], random_state=0)
    monkeypatch.setattr(decoded_steps, "load_keel", lambda name: (X, y))
    monkeypatch.setattr(decoded_steps, "SAMPLERS", {
        "dvaan": lambda **kw: make_tiny(DVAANSampler, **kw)})
    rows = decoded_steps.main(["--data-sets", "glass1", "--min-rows", "20",
                               "--out", str(tmp_path), "--stem", "steps"])
    assert [(r["fold"], r["sampler"]) for r in rows] == [(fold, "dvaan") for fold in range(5)]
    # the minority cut to 20 rows, all of them measured, and each ratio measured
    assert all(r["n_kept"] == 20 and r["step_ratio"] >= 0 and r["gap"] > 0 for r in rows)
    text = (tmp_path / "steps.md").read_text()
    assert "--min-rows 20" in text and "| glass1 |" in text and "mean of the data sets" in text
    with gzip.open(tmp_path / "steps.csv.gz", "rt", newline="") as f:
        assert len(list(csv.DictReader(f))) == 5
    with pytest.raises(SystemExit):
        decoded_steps.main(["--samplers", "bayesgan", "--out", str(tmp_path)])


def test_decoded_steps_are_measured_on_the_fitted_encoder_and_decoder():
    # a decoder that reproduces its rows exactly gives a step ratio of 1 and
    # no reconstruction error; the study must measure the fitted networks
    import torch

    X, y = make_classification(n_samples=200, n_features=4, n_redundant=0,
                               weights=[0.8], random_state=1)
    sampler = make_tiny(DVAANSampler, random_state=0, latent_dim=4)
    figures = decoded_steps.measure(sampler, X, y)
    assert figures["n_kept"] == int((y == 1).sum())
    codes = torch.as_tensor(sampler.encode(X[y == 1]))
    with torch.no_grad():
        decoded = sampler.decoder_.eval()(codes).numpy()
    scaled = decoded_steps.RangeScaler().fit(X).transform(X[y == 1])
    assert figures["reconstruction"] == pytest.approx(
        float(np.linalg.norm(decoded - scaled, axis=1).mean()), rel=1e-4)
