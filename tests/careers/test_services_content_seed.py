"""The data migration leaves the shipped content in place, and seeding again is harmless."""

import pytest
from django.core.management import call_command

from careers.models import (
    EntryRole,
    Language,
    PathPoint,
    Question,
    RealWorldApplication,
    Responsibility,
    Role,
    Skill,
    StudyPath,
    SystemType,
)
from careers.services import content_seed

pytestmark = pytest.mark.django_db

EXPECTED_SALARIES = {
    "Data Analyst": 67_703,
    "Data Scientist": 98_957,
    "Machine Learning Specialist": 92_019,
    "Machine Learning Engineer": 111_763,
    "Senior Machine Learning Engineer": 150_564,
}


def test_migrate_seeds_five_roles_with_their_exact_salaries():
    salaries = dict(Role.objects.values_list("name", "average_salary_usd"))
    assert salaries == EXPECTED_SALARIES


def test_roles_come_in_career_order():
    assert list(Role.objects.values_list("name", flat=True)) == list(EXPECTED_SALARIES)


def test_migrate_seeds_the_four_responsibilities():
    titles = list(Responsibility.objects.values_list("title", flat=True))
    assert titles == [
        "Designing and developing ML systems",
        "Algorithm development",
        "Data analysis and visualization",
        "Testing, optimizing and monitoring",
    ]


def test_migrate_seeds_the_three_languages_each_with_a_reason():
    languages = list(Language.objects.all())
    assert [language.name for language in languages] == ["Python", "Java", "C++"]
    assert all(len(language.why_it_matters) > 50 for language in languages)


def test_migrate_seeds_the_four_kinds_of_system():
    names = list(SystemType.objects.values_list("name", flat=True))
    assert names == [
        "Real-time systems",
        "Batch systems",
        "Stream processing systems",
        "Embedded and edge systems",
    ]


def test_migrate_seeds_the_three_applications():
    names = list(RealWorldApplication.objects.values_list("name", flat=True))
    assert names == ["Facial recognition", "Spam filtering", "Personalized recommendations"]


def test_migrate_seeds_the_four_entry_level_roles():
    names = list(EntryRole.objects.values_list("name", flat=True))
    assert names == [
        "Software Engineer",
        "Software Programmer",
        "Data Scientist",
        "Computer Engineer",
    ]


def test_migrate_seeds_three_study_paths_each_with_pros_and_cons():
    paths = list(StudyPath.objects.all())
    assert [path.name for path in paths] == ["Self-study", "University degree", "Bootcamp"]
    for path in paths:
        kinds = set(path.points.values_list("kind", flat=True))
        assert kinds == {PathPoint.Kind.PRO, PathPoint.Kind.CON}, path.name


def test_migrate_seeds_skills_and_faq():
    assert Skill.objects.count() >= 5
    assert Question.objects.count() >= 5
    assert Question.objects.filter(question__icontains="degree").exists()


def test_seeding_again_creates_nothing():
    counts_before = _counts()

    assert content_seed() == 0
    assert _counts() == counts_before


def test_seeding_keeps_edits_made_by_staff():
    Role.objects.filter(name="Data Analyst").update(average_salary_usd=70_000)

    content_seed()

    assert Role.objects.get(name="Data Analyst").average_salary_usd == 70_000


def test_seeding_restores_deleted_content():
    StudyPath.objects.filter(name="Bootcamp").delete()

    created = content_seed()

    bootcamp = StudyPath.objects.get(name="Bootcamp")
    assert bootcamp.points.count() == 6
    assert created == 7


def test_seed_careers_command_reports_what_it_created(capsys):
    Question.objects.all().delete()

    call_command("seed_careers")

    assert Question.objects.count() >= 5
    assert "rows created" in capsys.readouterr().out


def _counts():
    models = [Role, Responsibility, Skill, Language, SystemType]
    models += [RealWorldApplication, EntryRole, StudyPath, PathPoint, Question]
    return {model.__name__: model.objects.count() for model in models}
