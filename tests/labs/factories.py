"""Factories for lab tests: a running cohort, enrolled students, labs on built-in data."""

import datetime

import factory
from django.utils import timezone

from enrolment.models import Enrolment
from labs.models import Lab
from tests.enrolment import factories as enrolment_factories


class CohortFactory(enrolment_factories.CohortFactory):
    """A running cohort, three weeks in, so labs of weeks 1-4 are open."""

    name = factory.Sequence(lambda n: f"Test cohort {n}")
    # Plus a day or so, to keep start dates distinct within a test.
    start_date = factory.Sequence(
        lambda n: timezone.localdate() - datetime.timedelta(weeks=3, days=n % 7)
    )
    capacity = 30


class EnrolmentFactory(enrolment_factories.EnrolmentFactory):
    """A student with a seat in a running cohort."""

    cohort = factory.SubFactory(CohortFactory)
    status = Enrolment.Status.ENROLLED


def lab_on_builtin(*, dataset_slug="wine", slug=None, week=1, train_reference=True, **fields):
    """A published lab on a built-in dataset; its reference trained synchronously."""
    from labs.catalog import build_dataset
    from labs.models import Dataset
    from labs.services import datasets, references

    dataset = Dataset.objects.filter(slug=dataset_slug).first()
    if dataset is None:
        dataset = datasets.dataset_create_builtin(slug=dataset_slug)
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
        references.reference_train(reference_id=reference.pk)
    return lab


def reference_predictions(lab) -> bytes:
    """The predictions of the lab's trained reference: a valid, passing file."""
    with lab.references.get().predictions_file.open("rb") as handle:
        return handle.read()


def code_lab_on_builtin(*, slug="wine-in-code", week=1):
    """A published lab on the wine data that takes Python code, not predictions; its
    reference trained, as for a predictions lab."""
    return lab_on_builtin(
        dataset_slug="wine", slug=slug, week=week, submission_kind=Lab.SubmissionKind.CODE
    )


def uploaded(*, lab, student, cohort, content: bytes, name: str, grade: bool = False):
    """A submission made through the site's upload service; graded by the worker's service
    when `grade` is set (or left queued)."""
    from labs.services import intake, worker

    submission = intake.submission_create(
        lab=lab,
        student=student,
        cohort=cohort,
        upload=intake.UploadedPredictions(name=name, content=content),
    )
    if grade:
        worker.submission_grade(submission_id=submission.pk)
        submission.refresh_from_db()
    return submission
