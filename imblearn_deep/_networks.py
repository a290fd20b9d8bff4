"""Network building blocks sized from ``n_features`` or ``image_shape``.

Every network here takes and returns *flat rows* of shape
``(batch, n_features)``: image networks reshape internally, so the samplers'
training loops never need to know whether the data are images.

- :func:`feature_body`: rows -> a hidden feature vector (MLP, or conv trunk +
  fully connected layer for images). Used by encoders, discriminators and
  feature extractors.
- :func:`generator_body`: a code vector -> rows in ``(-1, 1)`` (MLP, or fully
  connected layers + upsampling convolutions mirroring the conv trunk).
"""

import math
from typing import NamedTuple, Optional

import torch
from torch import nn

from ._tabular import CATEGORY_SCALE


#: ``conv_channels="auto"`` on a CPU: an eighth to a quarter of the papers'
#: widths, which the compact image protocols measured (see the benchmarks).
CPU_CONV_CHANNELS = (8, 16, 16, 32)

#: ``hidden_dims="auto"`` on images (the width of the fully connected layer
#: after the convolutions: the last value), for both samplers.
IMAGE_HIDDEN_DIMS = (128, 128)


def _activation(leaky):
    return nn.LeakyReLU(0.2) if leaky else nn.ReLU()


def mlp(in_dim, hidden_dims, *, leaky=False, norm=False, dropout=0.0):
    """A stack of ``Linear -> [BatchNorm] -> activation -> [Dropout]`` layers."""
    layers = []
    for width in hidden_dims:
        layers.append(nn.Linear(in_dim, width))
        if norm:
            layers.append(nn.BatchNorm1d(width))
        layers.append(_activation(leaky))
        if dropout:
            layers.append(nn.Dropout(dropout))
        in_dim = width
    return nn.Sequential(*layers)


def conv_plan(image_shape, n_layers):
    """Spatial sizes after each conv layer and the strides that give them.

    A layer halves the image (stride 2) while its input is at least 4 pixels
    on its shorter side, so 8x8, 28x28 and 32x32 images all work with the
    same number of layers: 8 -> 4 -> 2 -> 2 -> 2, 28 -> 14 -> 7 -> 4 -> 2,
    32 -> 16 -> 8 -> 4 -> 2.
    """
    _, height, width = image_shape
    sizes, strides = [], []
    for _ in range(n_layers):
        stride = 2 if min(height, width) >= 4 else 1
        if stride == 2:
            height, width = (height + 1) // 2, (width + 1) // 2
        strides.append(stride)
        sizes.append((height, width))
    return sizes, strides


class _Unflatten(nn.Module):
    def __init__(self, shape):
        super().__init__()
        self.shape = tuple(shape)

    def forward(self, x):
        return x.reshape(x.shape[0], *self.shape)


def conv_trunk(image_shape, channels, kernel_sizes, *, leaky=False, norm=True):
    """Convolutions over flat image rows; returns ``(module, n_flat_outputs)``.

    Batch normalisation follows every convolution but the first when
    ``norm`` is true (the DCGAN / VAE-GAN convention).
    """
    sizes, strides = conv_plan(image_shape, len(channels))
    in_ch = image_shape[0]
    layers = [_Unflatten(image_shape)]
    for i, (out_ch, k, stride) in enumerate(zip(channels, kernel_sizes, strides)):
        layers.append(nn.Conv2d(in_ch, out_ch, k, stride=stride, padding=k // 2))
        if norm and i > 0:
            layers.append(nn.BatchNorm2d(out_ch))
        layers.append(_activation(leaky))
        in_ch = out_ch
    layers.append(nn.Flatten())
    height, width = sizes[-1]
    return nn.Sequential(*layers), in_ch * height * width


def feature_body(
    n_features, image_shape, hidden_dims, conv_channels, kernel_sizes,
    *, leaky=False, norm=False, dropout=0.0,
):
    """Rows -> hidden features; returns ``(module, n_outputs)``.

    Flat data: an MLP over ``hidden_dims``. Images: the conv trunk, then one
    fully connected layer of ``hidden_dims[-1]`` units (the paper's
    "conv layers followed by fully connected layers").
    """
    if image_shape is None:
        return mlp(n_features, hidden_dims, leaky=leaky, norm=norm, dropout=dropout), (
            hidden_dims[-1]
        )
    trunk, n_flat = conv_trunk(
        image_shape, conv_channels, kernel_sizes, leaky=leaky, norm=True
    )
    head = mlp(n_flat, hidden_dims[-1:], leaky=leaky, dropout=dropout)
    return nn.Sequential(trunk, head), hidden_dims[-1]


class _UpConv(nn.Module):
    """Upsample to an exact size, then a size-preserving convolution."""

    def __init__(self, in_ch, out_ch, kernel_size, size, norm, last):
        super().__init__()
        self.size = tuple(size)
        self.conv = nn.Conv2d(in_ch, out_ch, kernel_size, padding=kernel_size // 2)
        self.post = (
            nn.Identity()
            if last
            else nn.Sequential(nn.BatchNorm2d(out_ch) if norm else nn.Identity(), nn.ReLU())
        )

    def forward(self, x):
        if tuple(x.shape[-2:]) != self.size:
            x = nn.functional.interpolate(x, size=self.size, mode="nearest")
        return self.post(self.conv(x))


class MixedOutput(nn.Module):
    """The last activation of a generator of mixed rows.

    ``tanh`` on the first ``n_numeric`` columns; on each categorical block
    ``(start, stop)``, a distribution ``p`` over its categories, emitted as
    ``CATEGORY_SCALE * (2 p - 1)`` (the one-hot coding of
    :mod:`._tabular`, where a real row's block is exactly one-hot).

    In training, ``p`` is a Gumbel-softmax draw at ``temperature``: nearly
    one-hot rows, as real rows are, with gradients through the soft values.
    The Gumbel noise is drawn from ``generator`` (the fit's own RNG, set by
    the sampler for the duration of training). In eval mode ``p`` is the
    plain softmax, from which the sampler draws the category.
    """

    def __init__(self, n_numeric, blocks, temperature=0.5):
        super().__init__()
        self.n_numeric = int(n_numeric)
        self.blocks = [(int(a), int(b)) for a, b in blocks]
        self.temperature = float(temperature)
        self.generator = None

    def forward(self, x):
        parts = [torch.tanh(x[:, :self.n_numeric])]
        for start, stop in self.blocks:
            logits = x[:, start:stop]
            if self.training:
                u = torch.rand(logits.shape, device=logits.device, dtype=logits.dtype,
                               generator=self.generator).clamp(1e-10, 1.0 - 1e-7)
                p = torch.softmax((logits - torch.log(-torch.log(u))) / self.temperature, dim=1)
            else:
                p = torch.softmax(logits, dim=1)
            parts.append(CATEGORY_SCALE * (2.0 * p - 1.0))
        return torch.cat(parts, dim=1)

    def extra_repr(self):
        return (f"n_numeric={self.n_numeric}, blocks={len(self.blocks)}, "
                f"temperature={self.temperature}")


def generator_body(in_dim, n_features, image_shape, hidden_dims, conv_channels, kernel_sizes,
                   output=None):
    """Code vector -> flat rows in ``(-1, 1)`` (tanh output).

    ``output`` replaces the final ``tanh`` of flat rows (a
    :class:`MixedOutput` for tables with categorical columns).

    Flat data: an MLP over ``reversed(hidden_dims)`` then a linear layer.
    Images: two fully connected layers, then upsampling convolutions that
    mirror :func:`conv_trunk` (same channels and kernels in reverse, landing
    on exactly the sizes the trunk went through), ending in ``image_shape``.
    """
    if image_shape is None:
        body = mlp(in_dim, tuple(reversed(hidden_dims)), norm=True)
        return nn.Sequential(body, nn.Linear(hidden_dims[0], n_features),
                             nn.Tanh() if output is None else output)
    sizes, _ = conv_plan(image_shape, len(conv_channels))
    c_last = conv_channels[-1]
    h_last, w_last = sizes[-1]
    layers = [
        nn.Linear(in_dim, hidden_dims[-1]),
        nn.BatchNorm1d(hidden_dims[-1]),
        nn.ReLU(),
        nn.Linear(hidden_dims[-1], c_last * h_last * w_last),
        nn.BatchNorm1d(c_last * h_last * w_last),
        nn.ReLU(),
        _Unflatten((c_last, h_last, w_last)),
    ]
    # Walk the trunk backwards: each step lands on the size the trunk had
    # before the corresponding layer; the last one lands on the image itself.
    targets = list(reversed(sizes[:-1])) + [tuple(image_shape[1:])]
    out_channels = list(reversed(conv_channels[:-1])) + [image_shape[0]]
    kernels = list(reversed(kernel_sizes))
    in_ch = c_last
    for i, (size, out_ch, k) in enumerate(zip(targets, out_channels, kernels)):
        last = i == len(targets) - 1
        layers.append(_UpConv(in_ch, out_ch, k, size, norm=True, last=last))
        in_ch = out_ch
    layers += [nn.Flatten(), nn.Tanh()]
    return nn.Sequential(*layers)


class EncoderOutput(NamedTuple):
    """What a DVAAN encoder returns: hidden features and the posterior's parameters."""

    features: torch.Tensor
    mean: torch.Tensor
    logvar: torch.Tensor


class DiscriminatorOutput(NamedTuple):
    """What a discriminator returns; ``codes`` only where it recovers codes (IMSIC's F)."""

    features: torch.Tensor
    real_fake: torch.Tensor
    classes: torch.Tensor
    codes: Optional[torch.Tensor] = None


class Heads(nn.Module):
    """A feature body followed by named linear heads.

    ``forward`` returns ``output_type(features, **{name: head(features)})``,
    a NamedTuple such as :class:`EncoderOutput` or
    :class:`DiscriminatorOutput`, so callers use names, never positions. The
    hidden features are exposed because both papers use them (DVAAN's
    feature-wise reconstruction loss, IMSIC's code extractor F).

    Parameters
    ----------
    body : nn.Module
        Rows -> hidden features of width ``n_hidden``.
    n_hidden : int
        Width of the body's output.
    output_type : NamedTuple class
        Its first field is ``features``; the others name the heads.
    **head_sizes : int
        Output width of each head, by field name, in creation order.
    """

    def __init__(self, body, n_hidden, output_type, **head_sizes):
        super().__init__()
        self.body = body
        self.output_type = output_type
        self.heads = nn.ModuleDict({name: nn.Linear(n_hidden, n)
                                    for name, n in head_sizes.items()})

    def forward(self, x):
        features = self.body(x)
        return self.output_type(features, **{name: head(features)
                                             for name, head in self.heads.items()})


def allocate(module, device):
    """Give a network built on the ``meta`` device real, uninitialised storage.

    Each parameter and buffer gets ``torch.empty`` of its shape and dtype on
    ``device`` (:func:`init_weights` then sets them all). Unlike
    ``Module.to_empty``, no meta tensor goes through ``empty_like``, whose
    first call loads torch's Python reference operators (a third of a second).
    """
    for m in module.modules():
        for name, p in list(m.named_parameters(recurse=False)):
            setattr(m, name, nn.Parameter(torch.empty(p.shape, dtype=p.dtype, device=device),
                                          requires_grad=p.requires_grad))
        for name, b in list(m.named_buffers(recurse=False)):
            setattr(m, name, torch.empty(b.shape, dtype=b.dtype, device=device))
    return module


def init_weights(module, generator):
    """DCGAN-style initialisation, drawn from ``generator``.

    N(0, 0.02) for convolutions, Xavier-uniform for linear layers, zero
    biases, unit batch-norm scales and fresh running statistics. Every
    parameter of the supported layers is set here, so a network's initial
    weights depend on ``generator`` only, never on torch's global RNG (which
    the layers' own constructors draw from). A layer type it does not know
    raises, so no parameter is silently left at its global-RNG value.
    """
    with torch.no_grad():
        for m in module.modules():
            if isinstance(m, nn.Conv2d):
                m.weight.normal_(0.0, 0.02, generator=generator)
                m.bias.zero_()
            elif isinstance(m, nn.Linear):
                fan_out, fan_in = m.weight.shape
                bound = math.sqrt(6.0 / (fan_in + fan_out))
                m.weight.uniform_(-bound, bound, generator=generator)
                m.bias.zero_()
            elif isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
                m.weight.fill_(1.0)
                m.bias.zero_()
                m.reset_running_stats()
            elif any(True for _ in m.parameters(recurse=False)):
                raise TypeError(f"init_weights does not know how to initialise {type(m).__name__}.")
    return module


__all__ = [
    "DiscriminatorOutput",
    "EncoderOutput",
    "Heads",
    "MixedOutput",
    "allocate",
    "conv_plan",
    "conv_trunk",
    "feature_body",
    "generator_body",
    "init_weights",
    "mlp",
]
