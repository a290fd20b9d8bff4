"""Dependency structures: presets, parsing and validation with clear errors."""

import numpy as np
import pytest
from sklearn.datasets import make_classification

from imblearn_deep import BayesGANOversampler
from imblearn_deep._structure import check_structure, node_names, parents_and_non_parents


def test_node_names():
    assert node_names(2) == ["c1", "c2", "c'1", "c'2"]


def test_disentangled_preset_links_each_code_to_its_own():
    m = check_structure("disentangled", 3)
    assert m.shape == (6, 6)
    for i in range(3):
        assert np.flatnonzero(m[3 + i]).tolist() == [i]
    assert not m[:3].any()


def test_entangled_preset_entangles_the_third_code():
    m = check_structure("entangled", 4)
    assert np.flatnonzero(m[4 + 2]).tolist() == [2, 4, 5]  # c3, c'1, c'2
    with pytest.raises(ValueError, match="n_codes >= 3"):
        check_structure("entangled", 2)


def test_edges_by_name_and_index_equal_matrix():
    edges = [("c1", "c'1"), ("c2", "c'2"), ("c'1", "c'2")]
    by_index = [(0, 2), (1, 3), (2, 3)]
    matrix = np.array([[0, 0, 0, 0], [0, 0, 0, 0], [1, 0, 0, 0], [0, 1, 1, 0]])
    np.testing.assert_array_equal(check_structure(edges, 2), matrix)
    np.testing.assert_array_equal(check_structure(by_index, 2), matrix)
    np.testing.assert_array_equal(check_structure(matrix.tolist(), 2), matrix)


def test_parents_and_non_parents():
    split = parents_and_non_parents(check_structure([("c1", "c'1"), ("c2", "c'2"),
                                                     ("c'1", "c'2")], 2))
    assert split == [([0], [1, 3]), ([1, 2], [0])]


@pytest.mark.parametrize("structure, match", [
    ([("c1", "c'1"), ("c'2", "c'1"), ("c2", "c'2"), ("c'1", "c'2")], "cycle among c'1, c'2"),
    (np.zeros((3, 3)), r"must be 4 x 4 .*got shape \(3, 3\)"),
    ([[0] * 6] * 6, r"must be 4 x 4"),
    ([("c1", "c2"), ("c1", "c'1"), ("c2", "c'2")], "Observed code c2 cannot have a parent"),
    ([("c1", "c'1")], "c'2 has no parent"),
    ([("c'1", "c'1"), ("c1", "c'1"), ("c2", "c'2")], "cannot be its own parent"),
    ([("c1", "c'9")], "Unknown node \"c'9\""),
    (np.full((4, 4), 2), "only 0 and 1"),
    ("spaghetti", "Unknown structure 'spaghetti'"),
    ([("c1", "c'1", "c2")], r"\(parent, child\) pair"),
])
def test_bad_structures_are_refused_with_a_clear_message(structure, match):
    with pytest.raises(ValueError, match=match):
        check_structure(structure, 2)


@pytest.mark.parametrize("structure", [
    [("c1", "c2"), ("c1", "c'1"), ("c2", "c'2")],  # a parent of an observed code
    [("c1", "c'1")],  # a recovered code without parent
    [("c'1", "c'1"), ("c1", "c'1"), ("c2", "c'2")],  # a self-loop
    [("c1", "c'1"), ("c2", "c'2"), 7],  # an edge that is not a pair
    [("c1", "c'1"), ("c2", None)],  # a node that is neither index nor name
])
def test_an_invalid_edge_list_names_the_structure_parameter(structure):
    # the error a user sees from the sampler says which parameter is wrong (issue 39)
    X, y = make_classification(n_samples=60, n_features=4, weights=[0.8], random_state=0)
    sampler = BayesGANOversampler(structure=structure, n_codes=2, noise_dim=2,
                                  hidden_dims=(8,), max_epochs=1, batch_size=32,
                                  device="cpu", random_state=0)
    with pytest.raises(ValueError, match=r"structure="):
        sampler.fit_resample(X, y)
