"""DVAAN's boundary samples: rows decoded from between the class components.

Codes drawn from ``N(0, I)``, the region between the class components of
the latent prior, are pseudo-labelled by their nearest component
(:func:`boundary_latents`); decoded, a row is kept where the discriminator's
class output agrees with that pseudo-label (:func:`boundary_rows`). The
paper uses them to augment the discriminator's class loss (``D+``) and as
synthetic rows (``sample_from="boundary"``).
"""

import math

import numpy as np
import torch

from ._losses import nearest_component


def boundary_latents(centres, class_index, n, generator, max_rounds=100):
    """Up to ``n`` codes from N(0, I) whose nearest component is ``class_index``.

    Bounded: after ``max_rounds`` draws it returns what it found (each
    class's region holds about ``1 / n_classes`` of N(0, I), so this only
    comes short when the centres are degenerate).
    """
    n_classes = centres.shape[0]
    found, total = [], 0
    for _ in range(max_rounds):
        if total >= n:
            break
        z = torch.randn(max(2 * n_classes * (n - total), 64), centres.shape[1],
                        device=centres.device, generator=generator)
        z = z[nearest_component(z, centres) == class_index]
        found.append(z)
        total += z.shape[0]
    return torch.cat(found)[:n]


def boundary_rows(decoder, discriminator, centres, class_index, n, tries, generator,
                  n_features, harden=None):
    """Decoded boundary rows the discriminator assigns to ``class_index``.

    At most ``tries`` rounds of twice the missing rows. ``harden`` (optional)
    makes each candidate's categorical blocks one-hot before the
    discriminator judges it, so that the rows returned are the ones it
    accepted. Returns the accepted rows (at most ``n``) and the acceptance
    rate of the decoded candidates.
    """
    kept, n_kept, n_tried, n_accepted = [], 0, 0, 0
    for _ in range(tries):
        missing = n - n_kept
        latents = boundary_latents(centres, class_index, 2 * missing, generator)
        if latents.shape[0] == 0:
            break
        candidates = decoder(latents)
        if harden is not None:
            candidates = harden(candidates)
        accepted = candidates[discriminator(candidates).classes.argmax(dim=1) == class_index]
        n_tried += candidates.shape[0]
        n_accepted += accepted.shape[0]
        kept.append(accepted[:missing])
        n_kept += kept[-1].shape[0]
        if n_kept >= n:
            break
    if not kept:
        return centres.new_zeros((0, n_features)), 0.0
    return torch.cat(kept), n_accepted / max(1, n_tried)


class AugmentedSet:
    """The paper's ``D+``: accepted boundary rows that the discriminator's
    class loss also trains on, rebuilt after every epoch.

    Per class, up to ``min(n_largest - n_class, n_class)`` rows (the
    majority gets none). During an epoch the set is shown in a fresh random
    order, one slice per mini-batch.
    """

    def __init__(self, class_counts):
        counts = np.asarray(class_counts)
        self.wanted = np.minimum(counts.max() - counts, counts)
        self.rows = self.labels = self.order = None

    def rebuild(self, draw):
        """Draw the set anew; ``draw(class_index, n) -> (rows, acceptance)``.

        Returns the history's figures: its size and the mean acceptance rate.
        """
        rows, labels, rates = [], [], []
        for k in np.flatnonzero(self.wanted):
            x, rate = draw(int(k), int(self.wanted[k]))
            rates.append(rate)
            rows.append(x)
            labels.append(torch.full((x.shape[0],), int(k), device=x.device, dtype=torch.long))
        n_kept = sum(x.shape[0] for x in rows)
        self.rows, self.labels = ((torch.cat(rows), torch.cat(labels)) if n_kept
                                  else (None, None))
        return {"n_augmented": float(n_kept),
                "acceptance": float(np.mean(rates)) if rates else 0.0}

    def batch(self, batch_index, n_batches, generator):
        """The rows and labels for mini-batch ``batch_index``, or None while empty."""
        if self.rows is None:
            return None
        if batch_index == 0:
            self.order = torch.randperm(self.rows.shape[0], device=self.rows.device,
                                        generator=generator)
        size = math.ceil(self.rows.shape[0] / n_batches)
        idx = self.order[batch_index * size:(batch_index + 1) * size]
        if idx.numel() == 0:
            idx = self.order[:size]
        return self.rows[idx], self.labels[idx]
