"""Factories for career content the tests add on top of the seeded rows."""

import factory

from careers.models import PathPoint, Question, Role, StudyPath


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    name = factory.Sequence(lambda n: f"Test Role {n}")
    summary = "A role made up for a test."
    average_salary_usd = 50_000
    ordering = 1000


class StudyPathFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudyPath

    name = factory.Sequence(lambda n: f"Test Path {n}")
    summary = "A path made up for a test."
    ordering = 1000


class PathPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PathPoint

    path = factory.SubFactory(StudyPathFactory)
    kind = PathPoint.Kind.PRO
    text = factory.Sequence(lambda n: f"Test point {n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    question = factory.Sequence(lambda n: f"Test question {n}?")
    answer = "A test answer."
    ordering = 1000
