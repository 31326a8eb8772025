"""Personas for review tests: Alice and Bob in Ines's cohort, Charlie teaching another."""

import pytest

from labs.models import Lab
from labs.services import intake, worker
from tests.factories import UserFactory
from tests.labs.factories import CohortFactory, EnrolmentFactory, lab_on_builtin


@pytest.fixture
def cohort(db):
    return CohortFactory(name="Spring intensive")


@pytest.fixture
def instructor(cohort):
    user = UserFactory(username="ines", first_name="Ines", last_name="Teach")
    cohort.instructors.add(user)
    return user


@pytest.fixture
def charlie(db):
    """An instructor of another cohort: a stranger to Alice's work."""
    user = UserFactory(username="charlie")
    CohortFactory().instructors.add(user)
    return user


@pytest.fixture
def enrolled_alice(alice, cohort):
    EnrolmentFactory(user=alice, cohort=cohort)
    return alice


@pytest.fixture
def enrolled_bob(bob, cohort):
    EnrolmentFactory(user=bob, cohort=cohort)
    return bob


@pytest.fixture
def wine_lab(db):
    return lab_on_builtin(dataset_slug="wine", slug="first-classifier", week=1)


@pytest.fixture
def code_lab(db):
    return lab_on_builtin(
        dataset_slug="wine",
        slug="code-lab",
        week=1,
        train_reference=False,
        submission_kind=Lab.SubmissionKind.CODE,
    )


def submit(*, lab, student, cohort, name, content: bytes, grade=False):
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


@pytest.fixture
def graded_alice(enrolled_alice, cohort, wine_lab):
    """Alice's passing predictions for the wine lab, graded."""
    content = wine_lab.references.get().predictions_file.open("rb").read()
    return submit(
        lab=wine_lab,
        student=enrolled_alice,
        cohort=cohort,
        name="p.csv",
        content=content,
        grade=True,
    )
