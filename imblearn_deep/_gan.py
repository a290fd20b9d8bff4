"""GAN plumbing shared by the samplers' training steps.

Pure functions of networks, optimizers and tensors: an optimizer step on
explicit ``(loss, parameters)`` terms (:func:`update`), and the
discriminator's outputs on a real and a generated batch in one pass where
that gives the same outputs (:func:`discriminate`).
"""

import itertools

import torch

from ._torch import adam, chunk_rows


def has_batch_norm(module):
    """Whether ``module`` normalises over its batch (batch-norm layers)."""
    return any(isinstance(m, (torch.nn.BatchNorm1d, torch.nn.BatchNorm2d))
               for m in module.modules())


def discriminate(discriminator, *batches, joint):
    """The discriminator's outputs on several batches (real, generated, ...).

    With ``joint`` (a discriminator without batch norm: a row's output does
    not depend on the other rows of its batch), the batches go through in
    one forward pass: one set of kernels over all the rows and one backward
    pass, the same outputs up to float rounding. A discriminator with batch
    norm normalises each batch by its own statistics, as in the papers, so
    it gets one pass per batch. Returns one output per batch (NamedTuples
    of the discriminator's type).
    """
    if not joint:
        return tuple(discriminator(rows) for rows in batches)
    both = discriminator(torch.cat(batches))
    ends = list(itertools.accumulate(rows.shape[0] for rows in batches))
    return tuple(type(both)(*(None if t is None else t[start:end] for t in both))
                 for start, end in zip([0] + ends[:-1], ends))


def optimizer_params(optimizer):
    """The parameters an optimizer updates (every group's)."""
    return [p for group in optimizer.param_groups for p in group["params"]]


def update(optimizer, *terms, retain_graph=False, through=None):
    """One optimizer step on the gradients of ``terms``.

    Each term is ``(loss, parameters)``: the loss is differentiated with
    respect to those parameters only, and a parameter named in several
    terms gets the sum of its gradients. The optimizer then updates the
    parameters it was built from; one that received no gradient is left
    alone. Other parameters' ``.grad`` are never touched.

    ``through=(tensor, parameters)`` says that those parameters reach every
    loss only through ``tensor`` (a generator's parameters through its
    output): each term that names some of them is then differentiated with
    respect to ``tensor`` instead, and the summed gradient goes back through
    the network behind it once, not once per term. The gradients are the
    same sums (up to float rounding).
    """
    grads = {}

    def add(params, values):
        for p, g in zip(params, values):
            if g is not None:
                grads[p] = g if p not in grads else grads[p] + g

    tensor, behind = through if through is not None else (None, ())
    behind = [p for p in behind if p.requires_grad]
    routed, upstream = {id(p) for p in behind}, None
    for i, (loss, params) in enumerate(terms):
        params = [p for p in params if p.requires_grad]
        own = [p for p in params if id(p) not in routed]
        via = len(own) < len(params)  # names some parameters behind `tensor`
        keep = retain_graph or i + 1 < len(terms) or upstream is not None or via
        values = torch.autograd.grad(loss, own + [tensor] if via else own,
                                     retain_graph=keep, allow_unused=True)
        if via and values[-1] is not None:
            upstream = values[-1] if upstream is None else upstream + values[-1]
        add(own, values[:len(own)])
    if upstream is not None:
        # d/dw sum(tensor * upstream) is the vector-Jacobian product with
        # `upstream`, bit for bit; torch's own (grad_outputs=upstream)
        # costs about 0.4 s and 33 MiB once per process on a CPU
        add(behind, torch.autograd.grad((tensor * upstream.detach()).sum(), behind,
                                        retain_graph=retain_graph, allow_unused=True))
    for p in optimizer_params(optimizer):
        p.grad = grads.get(p)
    optimizer.step()


def invert(generate, X, y, dim, steps, learning_rate, prior):
    """Invert a generator: the codes whose generated rows are closest to X.

    ``steps`` Adam steps at ``learning_rate`` from zero codes, on each row's
    squared error plus ``prior * |w|^2``, which keeps the codes where the
    generator was trained. ``generate(codes, y)`` gives rows of classes
    ``y``; rows are independent (the generator in eval mode), so the chunks
    do not change the result. Gradients are taken for the codes only: the
    generator's weights get none and their ``.grad`` is untouched.

    Returns the codes (``(len(X), dim)``) and the mean squared error per
    value of their rows.
    """
    chunk = chunk_rows(X.shape[1])
    codes, squared = [], 0.0
    for i in range(0, X.shape[0], chunk):
        rows, labels = X[i:i + chunk], y[i:i + chunk]
        w = torch.zeros(rows.shape[0], dim, device=X.device, requires_grad=True)
        optimizer = adam([w], lr=learning_rate)
        with torch.enable_grad():
            for _ in range(steps):
                loss = (generate(w, labels) - rows).pow(2).sum() + prior * w.pow(2).sum()
                (w.grad,) = torch.autograd.grad(loss, [w])
                optimizer.step()
        w = w.detach()
        squared += float((generate(w, labels) - rows).pow(2).sum())
        codes.append(w)
    codes = torch.cat(codes) if codes else X.new_zeros((0, dim))
    return codes, squared / max(1, X.numel())
