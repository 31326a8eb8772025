"""Review tests: the root's personas (tests/conftest.py), a code lab, Alice's graded work."""

import pytest

from tests.labs.factories import code_lab_on_builtin, reference_predictions, uploaded


@pytest.fixture
def code_lab(db):
    return code_lab_on_builtin(week=1)


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
