"""How career content names itself in the admin and in the shell."""

import pytest

from careers.models import PathPoint, Role
from tests.careers.factories import PathPointFactory, QuestionFactory, StudyPathFactory

pytestmark = pytest.mark.django_db


def test_role_shows_its_name_and_formatted_salary():
    role = Role(name="Data Wrangler", average_salary_usd=1_234_567)

    assert str(role) == "Data Wrangler ($1,234,567)"
    assert role.salary_display == "$1,234,567"


def test_path_point_names_its_path_and_kind():
    point = PathPointFactory(
        path=StudyPathFactory(name="Night school"), kind=PathPoint.Kind.CON, text="Late nights"
    )

    assert str(point) == "Night school: Con: Late nights"


def test_question_shows_the_question():
    assert str(QuestionFactory(question="Is it hard?")) == "Is it hard?"


def test_content_is_listed_by_its_ordering_field():
    Role.objects.filter(name="Data Analyst").update(ordering=30_000)

    assert Role.objects.last().name == "Data Analyst"
