"""Factories for lab tests: a running cohort, enrolled students, labs on built-in data."""

import datetime

import factory
from django.utils import timezone

from enrolment.models import Cohort, Enrolment, Program
from labs.models import Lab
from tests.factories import UserFactory


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        django_get_or_create = ("slug",)

    slug = "intensive"
    name = "Intensive"
    weeks = 12
    hours_per_week = 40
    format = Program.Format.FULL_TIME
    summary = "Twelve weeks, full-time."
    description = "The full curriculum in twelve weeks."


class CohortFactory(factory.django.DjangoModelFactory):
    """A cohort that started three weeks ago, so labs of weeks 1-4 are open."""

    class Meta:
        model = Cohort

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Test cohort {n}")
    # Three weeks in (plus a day or so, to keep start dates distinct within a test).
    start_date = factory.Sequence(
        lambda n: timezone.localdate() - datetime.timedelta(weeks=3, days=n % 7)
    )
    capacity = 30


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    user = factory.SubFactory(UserFactory)
    cohort = factory.SubFactory(CohortFactory)
    status = Enrolment.Status.ENROLLED
    background = Enrolment.Background.SOFTWARE_ENGINEER
    python_experience = Enrolment.Experience.SOME
    java_experience = Enrolment.Experience.NONE
    cpp_experience = Enrolment.Experience.NONE
    motivation = "I want to build models that matter."


def lab_on_builtin(*, dataset_slug="wine", slug=None, week=1, train_reference=True, **fields):
    """A published lab on a built-in dataset; its reference trained synchronously."""
    from labs import services
    from labs.catalog import build_dataset
    from labs.models import Dataset

    dataset = Dataset.objects.filter(slug=dataset_slug).first()
    if dataset is None:
        dataset = services.dataset_create_builtin(slug=dataset_slug)
    lab = Lab.objects.create(
        slug=slug or f"lab-{dataset_slug}-{week}",
        title=fields.pop("title", f"Lab on {dataset.title}"),
        summary="A test lab.",
        instructions="Predict the target.",
        week=week,
        dataset=dataset,
        reference_name=fields.pop("reference_name", build_dataset(dataset_slug).reference),
        **fields,
    )
    if train_reference:
        reference = lab.references.create(
            pipeline=lab.reference_name, dataset_version=dataset.version
        )
        services.reference_train(reference_id=reference.pk)
    return lab
