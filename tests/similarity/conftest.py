"""The similarity tests' world: a code lab, and final code submissions made to order."""

import json

import pytest
from django.core.files.base import ContentFile

from labs.models import Lab, Submission
from tests.factories import UserFactory
from tests.labs.factories import EnrolmentFactory, lab_on_builtin


@pytest.fixture
def similarity_lab(db):
    """A published code lab of week 1 (past its cutoff for a cohort three weeks in)."""
    return lab_on_builtin(
        dataset_slug="wine",
        slug="wine-in-code",
        week=1,
        train_reference=False,
        submission_kind=Lab.SubmissionKind.CODE,
    )


def notebook(*cells: str, markdown: str = "") -> bytes:
    """A notebook with these code cells (and a markdown cell first, if given)."""
    items = [{"cell_type": "markdown", "metadata": {}, "source": markdown}] if markdown else []
    items += [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": 1, "source": c}
        for c in cells
    ]
    return json.dumps({"cells": items, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}).encode()


def final_code(*, lab, cohort, text, student=None, name="solution.py", score=0.9):
    """A graded code submission of a (new) student of `cohort`: their final one."""
    if student is None:
        student = UserFactory()
        EnrolmentFactory(user=student, cohort=cohort)
    content = text if isinstance(text, bytes) else text.encode()
    submission = Submission(
        lab=lab,
        student=student,
        cohort=cohort,
        original_name=name,
        size_bytes=len(content),
        status=Submission.Status.GRADED,
        public_score=score,
        private_score=score,
        passed=True,
    )
    stored = "solution.ipynb" if name.endswith(".ipynb") else "solution.py"
    submission.file.save(stored, ContentFile(content), save=False)
    submission.save()
    return submission
