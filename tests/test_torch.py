"""Helpers of imblearn_deep._torch (thread choice, the optimizer), and the
package's use of public torch API only."""

import pathlib
import re

import pytest
import torch

from imblearn_deep._torch import PARALLEL_WORK, adam, choose_n_threads

PACKAGE = pathlib.Path(__file__).resolve().parents[1] / "imblearn_deep"


def test_thread_choice_follows_the_work_per_forward_pass():
    cpu = torch.device("cpu")
    assert choose_n_threads(None, cpu, 1_000, 32) == 1
    assert choose_n_threads(None, cpu, 64_000, 256) == 1  # default tabular networks
    assert choose_n_threads(None, cpu, PARALLEL_WORK // 256, 256) is None  # torch's count
    assert choose_n_threads(None, cpu, 2_000, 32, pixels=64) == 1  # tiny conv, 8x8
    assert choose_n_threads(None, cpu, 200_000, 256, pixels=784) is None  # 28x28 conv
    assert choose_n_threads(3, cpu, 10, 2) == 3
    assert choose_n_threads(-1, cpu, 10, 2) is None


def _adam_run(make, missing, n_steps=8):
    """Parameters after ``n_steps``; the second gets no gradient where ``missing(step)``,
    the third never does, the fourth is frozen."""
    g = torch.Generator().manual_seed(0)
    params = [torch.randn(7, 3, generator=g).requires_grad_(),
              torch.randn(3, generator=g).requires_grad_(),
              torch.randn(2, generator=g).requires_grad_(), torch.randn(4, generator=g)]
    opt = make(params)
    for step in range(n_steps):
        opt.zero_grad(set_to_none=True)
        loss = (params[0] ** 2).sum()
        if not missing(step):
            loss = loss + (params[1] ** 3).sum()
        loss.backward()
        opt.step()
    return [p.detach().clone() for p in params]


@pytest.mark.parametrize("missing", [lambda s: False, lambda s: s in (2, 5), lambda s: s == 0],
                         ids=["always", "sometimes", "not-at-first"])
def test_adam_is_torch_optim_adam_exactly(missing):
    # the flat buffer of the first step's parameters, and the per-parameter
    # path once the set of gradients changes, both give torch's update
    ours = _adam_run(lambda ps: adam(ps, lr=1e-2, betas=(0.5, 0.999)), missing)
    torchs = _adam_run(lambda ps: torch.optim.Adam(ps, lr=1e-2, betas=(0.5, 0.999),
                                                   foreach=False), missing)
    assert all(torch.equal(a, b) for a, b in zip(ours, torchs))


def test_adam_leaves_channels_last_weights_per_parameter():
    conv = torch.nn.Conv2d(2, 4, 3).to(memory_format=torch.channels_last)
    opt = adam(conv.parameters(), lr=0.1)
    conv(torch.randn(1, 2, 5, 5)).sum().backward()
    opt.step()
    assert conv.weight.is_contiguous(memory_format=torch.channels_last)


def test_a_fit_does_not_import_torch_dynamo():
    # the first torch.optim optimizer of a process imports torch's compiler:
    # about a second on a small CPU, paid by every fresh process
    import subprocess
    import sys

    code = ("import sys\n"
            "from sklearn.datasets import make_classification\n"
            "from imblearn_deep import BayesGANOversampler, DVAANSampler\n"
            "X, y = make_classification(200, 5, weights=[0.8], random_state=0)\n"
            "for cls in (DVAANSampler, BayesGANOversampler):\n"
            "    cls(max_epochs=2, hidden_dims=(8,), random_state=0).fit_resample(X, y)\n"
            "print('torch._dynamo' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_the_package_calls_no_private_torch_api():
    # torch's underscore names change between releases without notice; only
    # the C types (torch._C) are allowed
    private = re.compile(r"\btorch\.(?:[A-Za-z]\w*\.)*_(?!C\b|_)\w+")
    found = [f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
             for path in sorted(PACKAGE.rglob("*.py"))
             for number, line in enumerate(path.read_text().splitlines(), start=1)
             if private.search(line.split("#")[0])]
    assert found == []
