"""A running cohort whose three students have graded work on one lab, for exports and deletion.

Personas: alice (the root conftest's student) exports and deletes; bob and carol are her
classmates, whose data must never reach her export and whose standing must not move when
she leaves; ivan teaches the cohort; sam is staff.
"""

from dataclasses import dataclass

import pytest

from labs.models import Submission
from labs.services import intake, worker
from tests.factories import UserFactory
from tests.labs.factories import CohortFactory, EnrolmentFactory, lab_on_builtin


def upload(*, lab, student, cohort, content: bytes, name: str) -> Submission:
    """An upload through the site's services, graded by the worker's service."""
    submission = intake.submission_create(
        lab=lab,
        student=student,
        cohort=cohort,
        upload=intake.UploadedPredictions(name=name, content=content),
    )
    worker.submission_grade(submission_id=submission.pk)
    submission.refresh_from_db()
    return submission


def predictions_varied(reference: bytes, *, wrong_rows: int) -> bytes:
    """The reference's predictions with the first `wrong_rows` answers changed to another
    class: a lower score, by as much as asked."""
    header, *rows = reference.decode().splitlines()
    classes = sorted({row.split(",", 1)[1] for row in rows})
    changed = []
    for number, row in enumerate(rows):
        row_id, prediction = row.split(",", 1)
        if number < wrong_rows:
            prediction = next(c for c in classes if c != prediction)
        changed.append(f"{row_id},{prediction}")
    return ("\n".join([header, *changed]) + "\n").encode()


@dataclass
class Classroom:
    cohort: object
    lab: object
    instructor: object
    students: dict  # name -> user
    submissions: dict  # name -> [Submission]
    contents: dict  # submission id -> the bytes uploaded
    hidden_labels: bytes  # the lab's test labels file, whole


@pytest.fixture
def lab(db):
    return lab_on_builtin(dataset_slug="wine", slug="privacy-lab", week=1)


@pytest.fixture
def classroom(alice, bob, lab):
    cohort = CohortFactory(name="Privacy cohort")
    instructor = UserFactory(username="ivan", first_name="Ivan")
    cohort.instructors.add(instructor)
    carol = UserFactory(username="carol", first_name="Carol")
    students = {"alice": alice, "bob": bob, "carol": carol}
    for student in students.values():
        EnrolmentFactory(user=student, cohort=cohort)
    with lab.references.get().predictions_file.open("rb") as handle:
        reference = handle.read()
    # Alice: a weak file, then the reference's own; Bob in between; Carol fails.
    plan = {
        "alice": [(12, "alice-first-try.csv"), (0, "alice final (v2).csv")],
        "bob": [(3, "bob.csv")],
        "carol": [(40, "carol.csv")],
    }
    submissions, contents = {}, {}
    for name, files in plan.items():
        submissions[name] = []
        for wrong_rows, file_name in files:
            content = predictions_varied(reference, wrong_rows=wrong_rows)
            submission = upload(
                lab=lab, student=students[name], cohort=cohort, content=content, name=file_name
            )
            assert submission.status == Submission.Status.GRADED
            submissions[name].append(submission)
            contents[submission.pk] = content
    with lab.dataset.test_labels_file.open("rb") as handle:
        labels = handle.read()
    return Classroom(
        cohort=cohort,
        lab=lab,
        instructor=instructor,
        students=students,
        submissions=submissions,
        contents=contents,
        hidden_labels=labels,
    )
