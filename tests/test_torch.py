"""Helpers of imblearn_deep._torch (thread choice, the optimizer), and the
package's use of public torch API only."""

import pathlib
import re

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


def test_adam_is_torch_optim_adam_over_the_trainable_parameters():
    g = torch.Generator().manual_seed(0)
    params = [torch.randn(7, 3, generator=g).requires_grad_(), torch.randn(3, generator=g)]
    opt = adam(params, lr=1e-2, betas=(0.5, 0.999))
    assert isinstance(opt, torch.optim.Adam)
    assert opt.param_groups[0]["params"] == params[:1]  # the frozen tensor is left out
    assert opt.param_groups[0]["betas"] == (0.5, 0.999)
    before = params[0].detach().clone()
    params[0].pow(2).sum().backward()
    opt.step()
    assert not torch.equal(params[0].detach(), before)


def test_the_package_calls_no_private_torch_api():
    # torch's underscore names change between releases without notice; only
    # the C types (torch._C) are allowed
    private = re.compile(r"\btorch\.(?:[A-Za-z]\w*\.)*_(?!C\b|_)\w+")
    found = [f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
             for path in sorted(PACKAGE.rglob("*.py"))
             for number, line in enumerate(path.read_text().splitlines(), start=1)
             if private.search(line.split("#")[0])]
    assert found == []
