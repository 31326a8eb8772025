"""Rubric tests: the root's personas and labs, a rubric on the wine lab, Alice's graded work."""

import pytest

from rubrics.models import Rubric
from tests.labs.factories import reference_predictions, uploaded


@pytest.fixture
def rubric(wine_lab):
    """Three items, 10 points in all; weight 0.4; a pass needs half the rubric's points."""
    rubric = Rubric.objects.create(lab=wine_lab, weight="0.4", pass_share="0.5")
    rubric.items.create(title="Features explained", points=4, position=1)
    rubric.items.create(title="Validation", points=4, position=2)
    rubric.items.create(title="Readable code", points=2, position=3)
    return rubric


@pytest.fixture
def items(rubric):
    return list(rubric.items.all())


@pytest.fixture
def graded_alice(enrolled_alice, cohort, wine_lab):
    """Alice's passing predictions for the wine lab, graded by the worker."""
    return uploaded(
        lab=wine_lab,
        student=enrolled_alice,
        cohort=cohort,
        name="p.csv",
        content=reference_predictions(wine_lab),
        grade=True,
    )
