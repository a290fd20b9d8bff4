"""imbalanced-learn's and scikit-learn's estimator checks on tiny instances."""

import pytest
from imblearn.utils.estimator_checks import parametrize_with_checks as imblearn_checks
from sklearn.utils.estimator_checks import parametrize_with_checks as sklearn_checks

from conftest import SAMPLERS, make_tiny

INSTANCES = [make_tiny(cls, random_state=0) for cls in SAMPLERS]


def expected_failed_checks(estimator):
    return {}


@sklearn_checks(INSTANCES, expected_failed_checks=expected_failed_checks)
def test_sklearn_compatible(estimator, check):
    check(estimator)


@imblearn_checks(INSTANCES, expected_failed_checks=expected_failed_checks)
@pytest.mark.filterwarnings("ignore::UserWarning")
def test_imblearn_compatible(estimator, check):
    check(estimator)
