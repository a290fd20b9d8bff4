"""Candidate selection: keep the generated rows that are faithful, new and well placed.

A sampler with ``selection`` set draws ``pool_factor`` candidates for every
row it needs and keeps the best of them, judged against a reference set of
real training rows (scaled, on the model's device):

- *faithful*: the share of a candidate's ``N_NEIGHBORS`` nearest real rows
  that belong to the target class (a k-NN vote, as in the diagnostics'
  class fidelity);
- *new*: a candidate whose distance to its nearest real row is at most
  ``COPY_FACTOR`` times that row's own distance to its nearest other real
  row is a near-copy (the definition of :func:`imblearn_deep.metrics.memorisation`),
  and is kept only when nothing better is left;
- *near the boundary* (``selection="boundary"``): among faithful candidates
  (vote at least one half), those with a mixed neighbourhood come first.

Everything here works on torch tensors in bounded chunks, so the cost is
``pool_factor * n_rows * n_reference * n_features`` multiply-adds and the
memory a few chunks.
"""

import math

import torch

#: Neighbours of the k-NN vote.
N_NEIGHBORS = 5

#: A candidate this close to a real row, relative to that row's own nearest
#: other real row, is a near-copy (as in :mod:`imblearn_deep.metrics`).
COPY_FACTOR = 0.1

#: Largest reference set; larger training sets are subsampled per class in
#: proportion, which keeps the vote's class ratios.
REFERENCE_ROWS = 20_000

#: Most values (rows x features, float32: 64 MiB) of training rows that a
#: fitted sampler keeps for one mechanism: the reference set here, DVAAN's
#: latent interpolation. The bound that counts for large images (5,461 rows
#: of 3x32x32, 111 of 224x224x3).
KEPT_VALUES = 2**24

#: Values of one block of a distance matrix.
DISTANCE_VALUES = 2**22

#: ``selection`` values and what they rank by.
SELECTIONS = ("faithful", "boundary")


def nearest(A, B, k, *, exclude_self=False, exclude=None):
    """Distances and indices of the ``k`` nearest rows of ``B`` for each row of ``A``.

    Euclidean, in blocks of at most :data:`DISTANCE_VALUES` distances. With
    ``exclude_self`` (``A`` is ``B``), a row is not its own neighbour; with
    ``exclude`` (one index of ``B`` per row of ``A``), row ``i`` of ``A`` is
    not matched with ``B[exclude[i]]``. Returns ``(distances, indices)`` of
    shape ``(len(A), k)``, nearest first.
    """
    if exclude_self:
        exclude = torch.arange(A.shape[0], device=A.device)
    k = min(k, B.shape[0] - int(exclude is not None))
    block = max(1, DISTANCE_VALUES // max(1, B.shape[0]))
    b_norm = (B * B).sum(dim=1)
    dists, idxs = [], []
    for start in range(0, A.shape[0], block):
        a = A[start:start + block]
        d2 = (a * a).sum(dim=1, keepdim=True) + b_norm - 2.0 * a @ B.T
        if exclude is not None:
            rows = torch.arange(a.shape[0], device=A.device)
            d2[rows, exclude[start:start + block]] = math.inf
        d, i = torch.topk(d2, k, dim=1, largest=False)
        dists.append(d.clamp_min(0.0).sqrt())
        idxs.append(i)
    return torch.cat(dists), torch.cat(idxs)


def reference_rows(X, y, generator, max_rows=REFERENCE_ROWS, max_values=KEPT_VALUES):
    """The real rows candidates are judged against: ``(rows, labels, spacing)``.

    At most ``max_rows`` rows and ``max_values`` values, drawn per class in
    proportion (every class keeps at least one row); ``spacing[i]`` is row
    ``i``'s distance to its nearest other reference row (0 for a duplicated
    row).
    """
    max_rows = min(max_rows, max(1, max_values // max(1, X.shape[1])))
    if X.shape[0] > max_rows:
        keep = []
        for label in torch.unique(y):
            members = torch.nonzero(y == label).flatten()
            n = max(1, round(members.shape[0] * max_rows / X.shape[0]))
            order = torch.randperm(members.shape[0], device=members.device, generator=generator)
            keep.append(members[order[:n]])
        keep = torch.sort(torch.cat(keep)).values
        X, y = X[keep], y[keep]
    X = X.float().contiguous()
    if X.shape[0] < 2:
        spacing = X.new_zeros(X.shape[0])
    else:
        spacing = nearest(X, X, 1, exclude_self=True)[0][:, 0]
    return X, y.long().contiguous(), spacing


def candidate_scores(candidates, class_index, reference, labels, spacing):
    """The vote for ``class_index`` and the near-copy flag of each candidate.

    ``vote`` is the share of the candidate's nearest real rows (at most
    :data:`N_NEIGHBORS`) in the target class; ``copy`` says that the
    candidate is a near-copy of its nearest real row.
    """
    distances, indices = nearest(candidates.float(), reference, N_NEIGHBORS)
    vote = (labels[indices] == class_index).float().mean(dim=1)
    copy = distances[:, 0] <= COPY_FACTOR * spacing[indices[:, 0]]
    return vote, copy


def rank_key(vote, copy, selection):
    """Larger is better; near-copies rank below every other candidate."""
    if selection == "faithful":
        key = vote.clone()
    elif selection == "boundary":
        # faithful candidates (vote >= 1/2) first, the most mixed of them
        # first; then the others, the most faithful of them first
        faithful = vote >= 0.5
        key = torch.where(faithful, 2.0 - vote, vote)
    else:
        raise ValueError(f"selection must be one of {SELECTIONS}; got {selection!r}.")
    key[copy] = vote[copy] - 2.0  # in [-2, -1]: below every other key (>= 0)
    return key


def select(candidates, n, class_index, reference, labels, spacing, selection):
    """Indices of the ``n`` best candidates, and figures on the choice.

    Ties keep the candidates' (random) order, so the choice is
    deterministic given the candidates. Returns ``(indices, figures)`` with
    ``figures`` a dict of sums over the candidates: ``n_candidates``,
    ``n_kept``, ``near_copies`` (candidates flagged), ``vote_candidates``
    and ``vote_kept`` (sums of votes).
    """
    vote, copy = candidate_scores(candidates, class_index, reference, labels, spacing)
    key = rank_key(vote, copy, selection)
    order = torch.sort(key, descending=True, stable=True).indices[:n]
    figures = {
        "n_candidates": int(candidates.shape[0]),
        "n_kept": int(order.shape[0]),
        "near_copies": int(copy.sum()),
        "vote_candidates": float(vote.sum()),
        "vote_kept": float(vote[order].sum()),
    }
    return order, figures
