"""Fixtures for lab tests: Alice and Bob enrolled in a running cohort, a wine lab."""

import pytest

from tests.labs.factories import CohortFactory, EnrolmentFactory, lab_on_builtin


@pytest.fixture
def cohort(db):
    return CohortFactory()


@pytest.fixture
def enrolled_alice(alice, cohort):
    EnrolmentFactory(user=alice, cohort=cohort)
    return alice


@pytest.fixture
def enrolled_bob(bob, cohort):
    EnrolmentFactory(user=bob, cohort=cohort)
    return bob


@pytest.fixture
def wine_lab(db):
    return lab_on_builtin(dataset_slug="wine", slug="first-classifier", week=1)


@pytest.fixture
def wine_predictions(wine_lab):
    """Predictions CSV bytes from the reference pipeline itself: a passing submission."""
    return wine_lab.references.get().predictions_file.open("rb").read()
