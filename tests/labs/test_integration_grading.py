"""End to end on real processes: an upload through the view is graded by a worker process."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from labs.models import Submission
from tests.conftest import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_worker_process_grades_an_uploaded_submission(
    client, worker_process, enrolled_alice, wine_lab, wine_predictions
):
    client.force_login(enrolled_alice)
    upload = SimpleUploadedFile("predictions.csv", wine_predictions, content_type="text/csv")

    response = client.post(reverse("labs:submit", args=[wine_lab.slug]), {"file": upload})

    assert response.status_code == 302
    submission = Submission.objects.get()

    def graded():
        submission.refresh_from_db()
        return submission.status not in Submission.PENDING

    try:
        wait_for(graded, timeout=60, what="the worker to grade the submission")
    except AssertionError:
        print(worker_process.output()[-4000:])
        raise
    assert submission.status == Submission.Status.GRADED
    assert submission.passed is True
    assert submission.attempts == 1
    assert "labs.grade_submission[" in worker_process.output()
