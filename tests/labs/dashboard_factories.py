"""Factories for dashboard tests: labs, references and submissions as plain rows.

Dashboards only read rows, so these skip the dataset files and the grading worker.
"""

import datetime

import factory
from django.utils import timezone

from labs.models import Dataset, Lab, ReferenceModel, Submission
from tests.factories import UserFactory
from tests.labs.factories import CohortFactory


class DatasetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dataset
        django_get_or_create = ("slug",)

    slug = "tiny-accuracy"
    title = "Tiny"
    task = Dataset.Task.CLASSIFICATION
    metric = "accuracy"
    classes = ["a", "b"]
    feature_columns = ["x"]
    train_file = "datasets/tiny/train.csv"
    test_features_file = "datasets/tiny/test.csv"
    test_labels_file = "datasets/tiny/labels.csv"


class LabFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lab

    slug = factory.Sequence(lambda n: f"lab-{n}")
    title = factory.Sequence(lambda n: f"Lab number {n}")
    summary = "A lab."
    instructions = "Predict."
    week = 1
    dataset = factory.SubFactory(DatasetFactory)
    reference_name = "logistic_regression"


class ReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferenceModel

    lab = factory.SubFactory(LabFactory)
    pipeline = "logistic_regression"
    dataset_version = 1
    status = ReferenceModel.Status.READY
    public_score = 0.9
    private_score = factory.SelfAttribute("public_score")
    trained_at = factory.LazyFunction(timezone.now)


class SubmissionFactory(factory.django.DjangoModelFactory):
    """A graded submission by default; pass status/passed/public_score to change it."""

    class Meta:
        model = Submission
        skip_postgeneration_save = True

    lab = factory.SubFactory(LabFactory)
    student = factory.SubFactory(UserFactory)
    cohort = factory.SubFactory(CohortFactory)
    file = "submissions/x.csv"
    original_name = "predictions.csv"
    size_bytes = 100
    status = Submission.Status.GRADED
    passed = True
    public_score = 0.9
    # The private half scores like the public one unless a test says otherwise; graded
    # rows point at the lab's reference, whose private score the final result needs.
    private_score = factory.LazyAttribute(
        lambda o: o.public_score if o.status == Submission.Status.GRADED else None
    )
    reference = factory.LazyAttribute(
        lambda o: (
            o.lab.references.order_by("-pk").first()
            if o.status == Submission.Status.GRADED
            else None
        )
    )
    reference_public_score = 0.9

    @factory.post_generation
    def days_ago(obj, create, extracted, **kwargs):
        """`days_ago=N` moves created_at back (auto_now_add ignores a passed value)."""
        if extracted is not None:
            when = timezone.now() - datetime.timedelta(days=extracted)
            Submission.objects.filter(pk=obj.pk).update(created_at=when, queued_at=when)
            obj.created_at = obj.queued_at = when


def lab_with_reference(*, week=1, score=0.9, **fields):
    lab = LabFactory(week=week, **fields)
    ReferenceFactory(lab=lab, public_score=score)
    return lab
