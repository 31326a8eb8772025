"""Factories for the syllabus: weeks, lessons, resources."""

import factory

from syllabus.models import Lesson, Resource, SyllabusWeek


class WeekFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SyllabusWeek
        django_get_or_create = ("number",)

    # Week 1 (open in every running cohort) unless a test names another.
    number = 1
    title = factory.LazyAttribute(lambda week: f"Week {week.number} topic")
    summary = factory.LazyAttribute(lambda week: f"What week {week.number} covers.")


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    week = factory.SubFactory(WeekFactory)
    title = factory.Sequence(lambda n: f"Lesson {n}")
    body = "Read **this** first.\n\n- one\n- two"
    minutes = 20


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    week = factory.SubFactory(WeekFactory)
    title = factory.Sequence(lambda n: f"Reading {n}")
    url = "https://example.org/reading"
