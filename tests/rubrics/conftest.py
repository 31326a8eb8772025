"""Rubric tests: the root's personas and labs (Alice's graded work, `graded_alice`, among
them) and a rubric on the wine lab."""

import pytest

from rubrics.models import Rubric


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
