"""Dependency structures of BayesGANOversampler: parse, validate, presets.

A structure over ``n`` codes has ``2n`` nodes: the observed codes
``c1 .. cn`` (nodes ``0 .. n-1``) and the recovered codes ``c'1 .. c'n``
(nodes ``n .. 2n-1``). It is stored as a square 0/1 *parent matrix*
``M`` of shape ``(2n, 2n)``: ``M[i, j] = 1`` means node ``j`` is a parent of
node ``i``. Observed codes have no parents (they are drawn from N(0, 1));
each recovered code has at least one parent; the recovered codes form no
cycle.
"""

import numbers

import numpy as np

PRESETS = ("disentangled", "entangled")


def node_names(n_codes):
    """Names of the ``2 * n_codes`` nodes: ``c1 .. cn`` then ``c'1 .. c'n``."""
    return [f"c{i + 1}" for i in range(n_codes)] + [f"c'{i + 1}" for i in range(n_codes)]


def preset(name, n_codes):
    """Parent matrix of a named structure.

    - ``"disentangled"`` (the paper's Fig. 4a): each ``c'i`` has ``ci`` as its
      only parent, so every recovered code follows one observed code.
    - ``"entangled"`` (like the paper's Fig. 4c): as disentangled, but
      ``c'3`` also has ``c'1`` and ``c'2`` as parents, so it carries what the
      first two codes control jointly. Needs at least 3 codes.
    """
    matrix = np.zeros((2 * n_codes, 2 * n_codes), dtype=np.int8)
    for i in range(n_codes):
        matrix[n_codes + i, i] = 1
    if name == "disentangled":
        return matrix
    if name == "entangled":
        if n_codes < 3:
            raise ValueError(f"The 'entangled' structure needs n_codes >= 3; got {n_codes}.")
        matrix[n_codes + 2, n_codes + 0] = 1
        matrix[n_codes + 2, n_codes + 1] = 1
        return matrix
    raise ValueError(f"Unknown structure {name!r}; the presets are {list(PRESETS)}.")


def _node_index(node, n_codes):
    names = node_names(n_codes)
    if isinstance(node, numbers.Integral) and not isinstance(node, bool):
        if 0 <= node < 2 * n_codes:
            return int(node)
    elif isinstance(node, str) and node in names:
        return names.index(node)
    raise ValueError(
        f"Unknown node {node!r} in structure: use an index in [0, {2 * n_codes}) or "
        f"one of {names}."
    )


def check_structure(structure, n_codes):
    """Validate a structure and return its ``(2n, 2n)`` int8 parent matrix.

    Parameters
    ----------
    structure : str, array-like of shape (2 * n_codes, 2 * n_codes) or list of edges
        A preset name, a parent matrix (a numpy array, or a list of ``2n``
        rows of ``2n`` entries), or a list of ``(parent, child)`` pairs naming
        nodes by index or by name (``"c1"``, ``"c'2"``, ...).
    n_codes : int
        Number of continuous codes.

    Raises
    ------
    ValueError
        For a wrong size, entries other than 0/1, parents of observed codes,
        a recovered code without parents, a self-loop or a cycle. Every
        message starts with ``Invalid structure=...``, naming the parameter.
    """
    try:
        return _parent_matrix(structure, n_codes)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"Invalid structure={_short(structure)}: {exc}") from None


def _short(structure, limit=80):
    """repr of a structure, cut to ``limit`` characters."""
    text = repr(structure).replace("\n", "")
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _parent_matrix(structure, n_codes):
    """The checked parent matrix of ``structure`` (see :func:`check_structure`)."""
    if isinstance(structure, str):
        return preset(structure, n_codes)
    size = 2 * n_codes
    try:
        rows = list(structure) if not isinstance(structure, np.ndarray) else None
    except TypeError:
        raise ValueError(
            "structure must be a preset name, a square 0/1 parent matrix or a list of "
            "(parent, child) edges.") from None
    # A numpy array, or a list of 2n rows of 2n entries, is a parent matrix;
    # any other list is a list of (parent, child) edges.
    square = bool(rows) and all(np.ndim(r) == 1 and len(r) == len(rows) for r in rows)
    is_matrix = rows is None or (square and (len(rows) == size or len(rows) != 2))
    if not is_matrix:
        matrix = np.zeros((size, size), dtype=np.int8)
        for edge in rows:
            if isinstance(edge, str) or np.ndim(edge) != 1 or len(edge) != 2:
                raise ValueError(
                    f"Each edge of the structure must be a (parent, child) pair; got {edge!r}."
                )
            parent, child = edge
            matrix[_node_index(child, n_codes), _node_index(parent, n_codes)] = 1
    else:
        try:
            matrix = np.asarray(structure, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(
                "structure must be a preset name, a square 0/1 parent matrix or a "
                "list of (parent, child) edges."
            ) from None
        if matrix.shape != (size, size):
            raise ValueError(
                f"The structure's parent matrix must be {size} x {size} (2 x n_codes "
                f"nodes: {', '.join(node_names(n_codes))}); got shape {matrix.shape}."
            )
        if not np.isin(matrix, (0, 1)).all():
            raise ValueError("The structure's parent matrix may contain only 0 and 1.")
        matrix = matrix.astype(np.int8)

    names = node_names(n_codes)
    if matrix[:n_codes].any():
        i, j = np.argwhere(matrix[:n_codes])[0]
        raise ValueError(
            f"Observed code {names[i]} cannot have a parent ({names[j]}): observed "
            "codes are drawn from N(0, 1)."
        )
    if np.diag(matrix).any():
        i = int(np.flatnonzero(np.diag(matrix))[0])
        raise ValueError(f"{names[i]} cannot be its own parent.")
    for i in range(n_codes, size):
        if not matrix[i].any():
            raise ValueError(f"{names[i]} has no parent: every recovered code needs one.")
    _check_acyclic(matrix, names)
    return matrix


def _check_acyclic(matrix, names):
    """Raise if the parent matrix has a directed cycle (Kahn's algorithm)."""
    remaining = set(range(matrix.shape[0]))
    while remaining:
        roots = [i for i in remaining if not any(matrix[i, j] for j in remaining)]
        if not roots:
            cycle = sorted(remaining)
            raise ValueError(
                "The structure has a cycle among "
                f"{', '.join(names[i] for i in cycle)}: a Bayesian network must be acyclic."
            )
        remaining -= set(roots)


def parents_and_non_parents(matrix):
    """For each recovered code, the node indices of its parents and non-parents.

    Non-parents are all other nodes except the code itself.
    """
    size = matrix.shape[0]
    n_codes = size // 2
    out = []
    for i in range(n_codes, size):
        parents = np.flatnonzero(matrix[i]).tolist()
        others = [j for j in range(size) if j != i and j not in parents]
        out.append((parents, others))
    return out
