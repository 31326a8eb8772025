"""The root's cohort (tests/conftest.py) with its three students' graded work on the wine lab,
for exports and deletion.

Alice exports and deletes; Bob and Carol are her classmates, whose data must never reach her
export and whose standing must not move when she leaves; the instructor teaches the cohort.
"""

from dataclasses import dataclass

import pytest

from labs.models import Submission
from tests.labs.factories import reference_predictions, uploaded


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
def classroom(enrolled_alice, enrolled_bob, enrolled_carol, cohort, instructor, wine_lab):
    students = {"alice": enrolled_alice, "bob": enrolled_bob, "carol": enrolled_carol}
    reference = reference_predictions(wine_lab)
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
            submission = uploaded(
                lab=wine_lab,
                student=students[name],
                cohort=cohort,
                content=content,
                name=file_name,
                grade=True,
            )
            assert submission.status == Submission.Status.GRADED
            submissions[name].append(submission)
            contents[submission.pk] = content
    with wine_lab.dataset.test_labels_file.open("rb") as handle:
        labels = handle.read()
    return Classroom(
        cohort=cohort,
        lab=wine_lab,
        instructor=instructor,
        students=students,
        submissions=submissions,
        contents=contents,
        hidden_labels=labels,
    )
