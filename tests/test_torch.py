"""Helpers of imblearn_deep._torch: thread choice and the fused Adam optimizer."""

import torch


def test_thread_choice_follows_the_work_per_forward_pass():
    import torch

    from imblearn_deep._torch import PARALLEL_WORK, choose_n_threads

    cpu = torch.device("cpu")
    assert choose_n_threads(None, cpu, 1_000, 32) == 1
    assert choose_n_threads(None, cpu, 64_000, 256) == 1  # default tabular networks
    assert choose_n_threads(None, cpu, PARALLEL_WORK // 256, 256) is None  # torch's count
    assert choose_n_threads(None, cpu, 2_000, 32, pixels=64) == 1  # tiny conv, 8x8
    assert choose_n_threads(None, cpu, 200_000, 256, pixels=784) is None  # 28x28 conv
    assert choose_n_threads(3, cpu, 10, 2) == 3
    assert choose_n_threads(-1, cpu, 10, 2) is None


def _adam_run(make, n_steps=5):
    """Params after ``n_steps`` of an optimizer; the second param gets no grad on step 2."""
    g = torch.Generator().manual_seed(0)
    params = [torch.randn(7, 3, generator=g).requires_grad_(),
              torch.randn(3, generator=g).requires_grad_()]
    opt = make(params)
    for step in range(n_steps):
        opt.zero_grad(set_to_none=True)
        loss = (params[0] ** 2).sum() + (0 if step == 2 else (params[1] ** 3).sum())
        loss.backward()
        opt.step()
    return [p.detach().clone() for p in params]


def test_fused_adam_is_torchs_fused_adam_exactly():
    from imblearn_deep._torch import FusedAdam

    ours = _adam_run(lambda ps: FusedAdam(ps, lr=1e-2, betas=(0.5, 0.999)))
    torchs = _adam_run(lambda ps: torch.optim.Adam(ps, lr=1e-2, betas=(0.5, 0.999), fused=True))
    assert all(torch.equal(a, b) for a, b in zip(ours, torchs))


def test_fused_adam_hands_over_to_torch_optim_when_the_kernel_fails(monkeypatch):
    from imblearn_deep._torch import FusedAdam

    def refuse(*args, **kwargs):
        raise RuntimeError("no fused kernel here")

    monkeypatch.setattr(torch, "_fused_adam_", refuse)
    ours = _adam_run(lambda ps: FusedAdam(ps, lr=1e-2, betas=(0.5, 0.999)))
    torchs = _adam_run(lambda ps: torch.optim.Adam(ps, lr=1e-2, betas=(0.5, 0.999)))
    assert all(torch.allclose(a, b) for a, b in zip(ours, torchs))


def test_a_fit_does_not_import_torch_dynamo():
    # constructing a torch.optim optimizer imports torch._dynamo: 2-3 s the
    # first time in a process, a fifth of a default tabular fit on a small CPU
    import subprocess
    import sys

    code = ("import sys; import numpy as np; from imblearn_deep import DVAANSampler, "
            "BayesGANOversampler\n"
            "X = np.random.RandomState(0).randn(120, 4); y = np.r_[np.zeros(100), np.ones(20)]\n"
            "for cls in (DVAANSampler, BayesGANOversampler):\n"
            "    cls(max_epochs=1, random_state=0).fit_resample(X, y)\n"
            "print('torch._dynamo' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_private_kernel_is_used_only_with_the_schema_we_call(monkeypatch):
    from imblearn_deep import _torch

    assert _torch.private_fused_adam_available()  # torch 2.13 on the CPU: the fast path
    params = [torch.zeros(3, requires_grad=True)]
    assert _torch.FusedAdam(params, lr=0.1).uses_private_kernel

    class Arg:
        def __init__(self, name):
            self.name = name

    class Schema:  # a torch whose kernel renamed an argument
        arguments = [Arg(n) for n in _torch._FUSED_ADAM_SCHEMA[:-1]] + [Arg("found_nan")]

    monkeypatch.setattr(torch.ops.aten._fused_adam_.default, "_schema", Schema(), raising=False)
    assert not _torch.private_fused_adam_available()
    opt = _torch.FusedAdam(params, lr=0.1)
    assert not opt.uses_private_kernel
    params[0].grad = torch.ones(3)
    opt.step()  # through torch.optim.Adam
    assert torch.allclose(params[0].detach(), torch.full((3,), -0.1))


def test_weight_average_is_a_plain_mean_first_then_exponential_and_apply_copies_it():
    from imblearn_deep._torch import WeightAverage

    net = torch.nn.Sequential(torch.nn.Linear(2, 1), torch.nn.BatchNorm1d(1))
    running = net[1].running_mean.clone()
    average = WeightAverage([net], decay=0.5)  # horizon 1 / (1 - 0.5) = 2 updates
    values = [1.0, 3.0, 7.0, 15.0]
    for v in values:
        with torch.no_grad():
            for p in net.parameters():
                p.fill_(v)
        average.update()
    # t=1 copies, t=2 is the mean of both, then 0.5 steps towards each new value
    expected = ((1.0 + 3.0) / 2 + 7.0) / 2
    expected = (expected + 15.0) / 2
    for a in average.average:
        assert torch.allclose(a, torch.full_like(a, expected))
    average.apply()
    for p in net.parameters():
        assert torch.allclose(p, torch.full_like(p, expected))
    assert torch.equal(net[1].running_mean, running)  # buffers as training left them
