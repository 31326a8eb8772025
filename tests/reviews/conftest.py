"""Review tests: the root's personas and labs (tests/conftest.py), and Alice's graded work."""

import pytest

from tests.labs.factories import reference_predictions, uploaded


@pytest.fixture
def graded_alice(enrolled_alice, cohort, wine_lab):
    """Alice's passing predictions for the wine lab, graded."""
    return uploaded(
        lab=wine_lab,
        student=enrolled_alice,
        cohort=cohort,
        name="p.csv",
        content=reference_predictions(wine_lab),
        grade=True,
    )
