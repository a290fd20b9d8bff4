"""The shared base: training and resampling seams, convergence monitor,
optimizer construction and updates, the registry of fitted torch state."""

import numpy as np
import pytest
import torch
from sklearn.datasets import load_digits

from imblearn_deep import BayesGANOversampler, DVAANSampler
from imblearn_deep._base import BaseDeepOverSampler, ConvergenceMonitor
from imblearn_deep._torch import FusedAdam

from conftest import make_tiny


def test_convergence_monitor_stops_after_n_epochs_without_relative_improvement():
    monitor = ConvergenceMonitor(n_iter_no_change=2, tol=0.1)
    # 10 -> 8 improves by 20%; 7.5 and 7.3 improve by less than 10% of 8
    assert [monitor.update(v) for v in (10.0, 8.0, 7.5, 7.3)] == [False, False, False, True]
    never = ConvergenceMonitor(n_iter_no_change=None, tol=0.1)
    assert not any(never.update(v) for v in [1.0] * 50)


def test_update_differentiates_each_term_for_its_own_parameters():
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = torch.tensor([3.0], requires_grad=True)
    other = torch.tensor([5.0], requires_grad=True)
    other.grad = torch.tensor([42.0])
    opt = FusedAdam([a, b], lr=0.1)
    seen = {}

    def record_step():
        seen.update(a=a.grad.clone(), b=b.grad)

    opt.step = record_step
    loss_1 = (a ** 2).sum() + (b * other).sum()   # for a only
    loss_2 = (a * b).sum() + (other ** 2).sum()   # for a and b
    BaseDeepOverSampler._update(opt, (loss_1, [a]), (loss_2, [a, b]))
    torch.testing.assert_close(seen["a"], 2 * a.detach() + b.detach())  # summed over terms
    torch.testing.assert_close(seen["b"], a.detach().sum().reshape(1))  # only from loss_2
    assert other.grad.item() == 42.0  # not the optimizer's: never touched


def test_update_through_a_tensor_gives_the_same_gradients_in_one_backward_pass():
    # A generator g reaches both losses through its output; an extractor e
    # and the loss of the first term only: routing g's terms through the
    # output gives every parameter the same gradient as differentiating each
    # term on its own, with one backward pass through g instead of two.
    torch.manual_seed(0)
    g = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 2))
    e = torch.nn.Linear(2, 1)
    passes = []  # gradients computed for g's first weight: one per pass through g
    g[0].weight.register_hook(lambda grad: passes.append(1))
    z = torch.randn(8, 3)
    seen = {}

    def run(through):
        passes.clear()
        out = g(z)
        gen, ext = list(g.parameters()), list(e.parameters())
        opt = FusedAdam(gen + ext, lr=0.1)
        opt.step = lambda: seen.update({through: [p.grad.clone() for p in gen + ext]})
        loss_1 = out.pow(2).sum() + e(out.detach()).sum()  # for g only
        loss_2 = e(out).pow(2).mean()                       # for e and g
        BaseDeepOverSampler._update(opt, (loss_1, gen), (loss_2, ext + gen),
                                    through=(out, gen) if through else None)
        return len(passes)

    assert run(False) == 2
    assert run(True) == 1
    for a, b in zip(seen[False], seen[True]):
        torch.testing.assert_close(a, b)


@pytest.mark.parametrize("cls", [DVAANSampler, BayesGANOversampler])
@pytest.mark.parametrize("image", [False, True], ids=["flat", "image"])
def test_discriminator_sees_real_and_generated_flat_rows_in_one_pass(cls, image, binary_data):
    # Without batch norm (flat rows) rows do not interact in the
    # discriminator: D's step sends the real and the generated batch through
    # it together (two passes a step with G's, not three). A conv trunk with
    # batch norm normalises each batch by its own statistics: one pass each.
    X, y = binary_data
    if image:  # 8x8 digits, 0 against 1
        X, y = load_digits(n_class=2, return_X_y=True)
        keep = np.concatenate([np.flatnonzero(y == 0)[:150], np.flatnonzero(y == 1)[:20]])
        X, y = X[keep], y[keep]
    params = dict(image_shape=(8, 8)) if image else {}
    if cls is DVAANSampler:  # no D+ batches, which take a pass of their own
        params["augmentation"] = False
    passes, rows = {}, {}
    for joint in (True, False):
        class Counted(cls):
            _one_discriminator_pass = joint

            def _build(self, n_features, class_counts):
                super()._build(n_features, class_counts)
                self.discriminator_.register_forward_pre_hook(
                    lambda module, args: calls.append(args[0].shape[0]) if module.training
                    else None)

        calls = []
        sampler = Counted(**{**make_tiny(cls).get_params(), "random_state": 0, **params})
        rows[joint] = sampler.fit_resample(X, y)[0]
        n_steps = sampler.n_epochs_ * (len(y) // sampler.batch_size_)
        passes[joint] = len(calls) / n_steps
        if joint and not image:
            # the joint pass takes the real rows and the generator's batch at once
            assert max(calls) == sampler.batch_size_ * (3 if cls is DVAANSampler else 2)
    assert passes == ({True: 3, False: 3} if image else {True: 2, False: 3})
    if image:  # nothing changes where the discriminator has batch norm
        np.testing.assert_array_equal(rows[True], rows[False])


def test_discriminate_gives_the_outputs_of_two_separate_passes(binary_data):
    sampler = make_tiny(BayesGANOversampler, random_state=0)
    sampler.fit_resample(*binary_data)
    sampler._joint_discriminator = True
    real, generated = torch.randn(5, 6), torch.randn(7, 6)
    with torch.no_grad():
        both = sampler._discriminate(real, generated)
        for out, rows in zip(both, (real, generated)):
            alone = sampler.discriminator_(rows)
            assert type(out) is type(alone)
            for a, b in zip(out, alone):
                torch.testing.assert_close(a, b)


def test_each_optimizer_holds_exactly_the_parameters_it_updates(binary_data):
    captured = {}

    class Spy(BayesGANOversampler):
        def _end_training(self, X, y):
            captured["g"] = {id(p) for p in self._opt_g.params}
            captured["d"] = {id(p) for p in self._opt_d.params}
            super()._end_training(X, y)

    sampler = Spy(**{**make_tiny(BayesGANOversampler).get_params(), "random_state": 0})
    sampler.fit_resample(*binary_data)
    dis = sampler.discriminator_
    extractor = {id(p) for p in dis.body.parameters()} | {
        id(p) for p in dis.heads["codes"].parameters()}
    generator = {id(p) for p in sampler.generator_.parameters()}
    assert captured["g"] == generator | extractor
    assert captured["d"] == {id(p) for p in dis.parameters()}


@pytest.mark.parametrize("cls", [DVAANSampler, BayesGANOversampler], ids=lambda c: c.__name__)
def test_training_session_is_the_seam_of_a_fit(cls, binary_data):
    # Driving the session by hand trains the sampler's own networks on its
    # scaled data; when it ends, the training-only state is gone.
    X, y = binary_data
    sampler = make_tiny(cls, random_state=0)
    sampler._validate_params()
    with sampler._training_session(X, y, choose_threads=False) as session:
        assert session.X.dtype == np.float32 and np.abs(session.X).max() <= 1.0
        assert session.y.tolist() == y.tolist() and session.counts.tolist() == np.bincount(y).tolist()
        before = [p.detach().clone() for m in sampler._modules() for p in m.parameters()]
        Xb = torch.from_numpy(session.X[:32])
        yb = torch.from_numpy(session.y[:32])
        losses = session.step(Xb, yb, 0, 1)
        assert all(torch.isfinite(v) for v in losses.values())
        after = [p.detach() for m in sampler._modules() for p in m.parameters()]
        assert any(not torch.equal(u, v) for u, v in zip(before, after))
        assert all(hasattr(sampler, name) for name in sampler._training_only
                   if name not in ("_aug", "_aug_perm"))
    assert not any(hasattr(sampler, name) for name in sampler._training_only)
    assert isinstance(session.generator, torch.Generator)


def test_fit_model_then_resample_is_fit_resample(binary_data):
    X, y = binary_data
    whole = make_tiny(DVAANSampler, random_state=0)
    X_whole, y_whole = whole.fit_resample(X, y)
    split = make_tiny(DVAANSampler, random_state=0).fit(X, y)  # sets sampling_strategy_
    generator = split._fit_model(X, y)
    X_split, y_split = split._resample(X, y, generator)
    np.testing.assert_array_equal(X_split, X_whole)
    np.testing.assert_array_equal(y_split, y_whole)


def test_unpickling_places_the_registered_state_once(binary_data):
    import pickle

    sampler = make_tiny(DVAANSampler, random_state=0)
    sampler.fit_resample(*binary_data)
    placed = []
    loaded = pickle.loads(pickle.dumps(sampler))
    original_place = type(loaded)._place

    def spy(self, device):
        placed.append(device)
        original_place(self, device)

    type(loaded)._place = spy
    try:
        loaded.generate(1, 5, random_state=0)
        loaded.generate(1, 5, random_state=0)
    finally:
        type(loaded)._place = original_place
    assert placed == []  # generation never moves the model
    assert loaded._directions.device == torch.device("cpu")


@pytest.mark.parametrize("cls, names", [(DVAANSampler, ("encoder_", "decoder_")),
                                        (BayesGANOversampler, ("generator_",))])
def test_weight_average_replaces_the_generating_networks_after_training(
        cls, names, binary_data):
    # the averaged networks end with the average of their weights after
    # each step; the others (the discriminator) with their last weights;
    # decay 0 keeps only the last step: the fit is exactly the plain one
    seen = []

    class Averaged(cls):
        _average_decay = 0.9

        def _train_step(self, *args):
            losses = super()._train_step(*args)
            seen.append({name: [p.detach().clone() for p in getattr(self, name).parameters()]
                         for name in (*names, "discriminator_")})
            return losses

    sampler = Averaged(**{**make_tiny(cls).get_params(), "random_state": 0})
    sampler.fit_resample(*binary_data)
    for name in names:
        expected = None
        for t, weights in enumerate((step[name] for step in seen), start=1):
            w = 1.0 - min(0.9, 1.0 - 1.0 / t)
            expected = weights if expected is None else [
                e + w * (x - e) for e, x in zip(expected, weights)]
        for p, e in zip(getattr(sampler, name).parameters(), expected):
            torch.testing.assert_close(p.detach(), e)
    for p, last in zip(sampler.discriminator_.parameters(), seen[-1]["discriminator_"]):
        assert torch.equal(p.detach(), last)

    class LastStep(cls):
        _average_decay = 0.0

    plain = make_tiny(cls, random_state=0).fit_resample(*binary_data)[0]
    last = LastStep(**{**make_tiny(cls).get_params(), "random_state": 0})
    np.testing.assert_array_equal(last.fit_resample(*binary_data)[0], plain)
