"""Differentiable augmentation of image batches (DiffAugment).

Zhao, Liu, Lin, Zhu and Han, "Differentiable Augmentation for Data-Efficient
GAN Training", NeurIPS 2020: a GAN discriminator trained on few images
memorises them; augmenting *every* batch it sees (real and generated, in its
own update and in the generator's) with the same random, differentiable
transformations keeps it from doing so, and the gradients reach the
generator through the transformations. The three families of the paper's
code, on images scaled to ``[-1, 1]``:

- ``"color"``: brightness (add ``U(-0.5, 0.5)``), saturation (scale the
  deviation from the channel mean by ``U(0, 2)``; colour images only, it is
  the identity on one channel) and contrast (scale the deviation from the
  image mean by ``U(0.5, 1.5)``), each drawn per image;
- ``"translation"``: shift each image by whole pixels, up to 1/8 of its
  height and width in each direction, filling with zeros;
- ``"cutout"``: zero a square of half the image's height and width at a
  random centre per image (clipped where it overhangs the border).

Every random draw comes from a ``torch.Generator`` passed in, so one seed
gives the same augmentation on the CPU. A draw (:func:`draw`) can be kept and
applied to another batch of the same size (:func:`apply`): DVAAN compares the
discriminator's features of a real row and of its reconstruction under the
same transformation.
"""

import torch

#: The augmentation families, in the order of the paper's policy string.
POLICY_NAMES = ("color", "translation", "cutout")

#: Largest shift of ``"translation"``, as a share of the height and width.
TRANSLATION_RATIO = 0.125

#: Side of the ``"cutout"`` square, as a share of the height and width.
CUTOUT_RATIO = 0.5


def check_policy(policy, name="diff_augment"):
    """The augmentation families as a tuple of names (empty for ``None``).

    ``policy`` is ``None``, a tuple or list of names from
    :data:`POLICY_NAMES`, or one comma-separated string of them (the
    paper's notation, e.g. ``"color,translation,cutout"``). Each name may
    appear once; they are applied in the order given. Anything else raises
    a ``ValueError`` that names ``name``.
    """
    if policy is None:
        return ()
    if isinstance(policy, str):
        names = tuple(part.strip() for part in policy.split(","))
    elif isinstance(policy, (tuple, list)) and all(isinstance(p, str) for p in policy):
        names = tuple(policy)
    else:
        names = None
    if not names or any(n not in POLICY_NAMES for n in names) or len(set(names)) < len(names):
        raise ValueError(
            f"{name} must be None, or a non-empty tuple of distinct names among "
            f"{POLICY_NAMES} (or one comma-separated string of them, e.g. "
            f"'translation,cutout'); got {policy!r}."
        )
    return names


def _shifts(size, ratio):
    return int(size * ratio + 0.5)


def draw(policy, shape, generator, device=None, dtype=torch.float32):
    """Random parameters of one augmentation of a batch of images.

    Parameters
    ----------
    policy : tuple of str
        Names from :data:`POLICY_NAMES` (see :func:`check_policy`).
    shape : tuple of int
        ``(n_images, channels, height, width)`` of the batch.
    generator : torch.Generator
        Source of every random draw (on ``device``).
    device, dtype
        Of the drawn tensors; ``device`` defaults to the generator's.

    Returns
    -------
    params : dict
        ``{name: tuple of tensors}`` in policy order, each tensor with
        ``n_images`` rows; :func:`apply` applies it, :func:`concat` joins
        two draws.
    """
    n, channels, height, width = shape
    device = generator.device if device is None else device
    params = {}
    for name in policy:
        if name == "color":
            u = torch.rand((n, 3), generator=generator, device=device, dtype=dtype)
            # brightness shift, saturation factor, contrast factor
            params[name] = (u[:, 0] - 0.5, u[:, 1] * 2.0, u[:, 2] + 0.5)
        elif name == "translation":
            sy, sx = _shifts(height, TRANSLATION_RATIO), _shifts(width, TRANSLATION_RATIO)
            dy = torch.randint(-sy, sy + 1, (n,), generator=generator, device=device)
            dx = torch.randint(-sx, sx + 1, (n,), generator=generator, device=device)
            params[name] = (dy, dx)
        elif name == "cutout":
            # centres as in the paper's code: the square may overhang the border
            hy, hx = _shifts(height, CUTOUT_RATIO), _shifts(width, CUTOUT_RATIO)
            cy = torch.randint(0, height + (1 - hy % 2), (n,), generator=generator,
                               device=device)
            cx = torch.randint(0, width + (1 - hx % 2), (n,), generator=generator,
                               device=device)
            params[name] = (cy, cx)
        else:
            raise ValueError(f"Unknown augmentation {name!r}; known: {POLICY_NAMES}.")
    return params


def concat(first, second):
    """One draw for the rows of two draws of the same policy, ``first``'s rows first."""
    return {name: tuple(torch.cat([a, b]) for a, b in zip(first[name], second[name]))
            for name in first}


def _color(x, brightness, saturation, contrast):
    x = x + brightness.view(-1, 1, 1, 1)
    if x.shape[1] == 3:
        mean = x.mean(dim=1, keepdim=True)
        x = (x - mean) * saturation.view(-1, 1, 1, 1) + mean
    mean = x.mean(dim=(1, 2, 3), keepdim=True)
    return (x - mean) * contrast.view(-1, 1, 1, 1) + mean


def _translation(x, dy, dx):
    n, _, height, width = x.shape
    sy, sx = _shifts(height, TRANSLATION_RATIO), _shifts(width, TRANSLATION_RATIO)
    # pad by the largest shift, then read each image's window: pixel (i, j)
    # of the result is pixel (i - dy, j - dx) of the image, or 0 outside it
    padded = torch.nn.functional.pad(x, (sx, sx, sy, sy))
    rows = torch.arange(height, device=x.device) + sy - dy.view(-1, 1)
    cols = torch.arange(width, device=x.device) + sx - dx.view(-1, 1)
    batch = torch.arange(n, device=x.device).view(-1, 1, 1)
    # advanced indexing over (batch, rows, cols) with the channel sliced
    # gives (n, height, width, channels)
    out = padded.permute(0, 2, 3, 1)[batch, rows.view(n, -1, 1), cols.view(n, 1, -1)]
    return out.permute(0, 3, 1, 2)


def _cutout(x, cy, cx):
    _, _, height, width = x.shape
    hy, hx = _shifts(height, CUTOUT_RATIO), _shifts(width, CUTOUT_RATIO)
    rows = torch.arange(height, device=x.device).view(1, -1) - (cy.view(-1, 1) - hy // 2)
    cols = torch.arange(width, device=x.device).view(1, -1) - (cx.view(-1, 1) - hx // 2)
    inside = (((rows >= 0) & (rows < hy)).unsqueeze(2)
              & ((cols >= 0) & (cols < hx)).unsqueeze(1))
    return x * (~inside).unsqueeze(1).to(x.dtype)


_OPS = {"color": _color, "translation": _translation, "cutout": _cutout}


def apply(x, params):
    """Apply a draw of :func:`draw` to images ``x`` of shape (N, C, H, W).

    Differentiable with respect to ``x``; the draw is not changed.
    """
    for name, values in params.items():
        x = _OPS[name](x, *values)
    return x


def diff_augment(x, policy, generator):
    """Augment a batch of images with fresh random draws.

    Parameters
    ----------
    x : torch.Tensor of shape (n_images, channels, height, width)
        Images scaled to about ``[-1, 1]``.
    policy : str, tuple of str or None
        Families to apply, in order (see :func:`check_policy`).
    generator : torch.Generator
        Source of every random draw, on ``x``'s device.

    Returns
    -------
    torch.Tensor
        The augmented images, same shape and dtype; gradients flow to ``x``.
    """
    policy = check_policy(policy, "policy")
    if x.dim() != 4:
        raise ValueError(f"x must be a batch of images (N, C, H, W); got shape {tuple(x.shape)}.")
    return apply(x, draw(policy, tuple(x.shape), generator, x.device, x.dtype))


def augmented_view(X, policy, image_shape, generator, augmentation=None):
    """Flat rows as a discriminator sees them in training, under DiffAugment.

    Without ``policy`` this is X itself. Otherwise each row is reshaped to
    its image, augmented and flattened back; differentiable, so gradients
    pass through it. The first rows take ``augmentation`` (a :func:`draw`
    for at most ``len(X)`` images) where given, so that two batches can
    share one draw; the other rows get fresh draws from ``generator``.
    """
    if not policy:
        return X
    n = X.shape[0]
    done = 0 if augmentation is None else next(iter(augmentation.values()))[0].shape[0]
    if done < n:
        fresh = draw(policy, (n - done, *image_shape), generator, X.device)
        augmentation = fresh if augmentation is None else concat(augmentation, fresh)
    return apply(X.reshape(n, *image_shape), augmentation).reshape(n, -1)
