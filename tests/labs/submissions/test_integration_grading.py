"""End to end on real processes: an upload through the view is graded by a worker process."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from labs.models import Submission
from tests.support import wait_for

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


def test_worker_process_sends_due_date_reminders_once(worker_process):
    import datetime

    from django.utils import timezone

    from labs.models import DueReminder
    from labs.tasks import send_due_reminders
    from tests.factories import UserFactory
    from tests.labs.dashboard_factories import lab_with_reference
    from tests.labs.factories import CohortFactory, EnrolmentFactory

    cohort = CohortFactory(start_date=timezone.localdate() - datetime.timedelta(days=12))
    lab = lab_with_reference(slug="due-tomorrow", title="Due tomorrow", week=1)
    student = UserFactory(username="rita", email="rita@example.com")
    EnrolmentFactory(user=student, cohort=cohort)

    # What beat does every hour, twice: the second run finds nothing new.
    for _ in range(2):
        send_due_reminders.delay()

    def sent():
        return DueReminder.objects.filter(lab=lab, student=student, sent_at__isnull=False).exists()

    try:
        wait_for(sent, timeout=60, what="the worker to send the reminder")
        wait_for(
            lambda: worker_process.output().count("labs.send_due_reminders[") >= 4,
            timeout=60,
            what="both runs to finish",  # received + succeeded, twice
        )
    except AssertionError:
        print(worker_process.output()[-4000:])
        raise
    assert DueReminder.objects.count() == 1
    # The worker's mail backend is the console one: the email is in its output, once.
    assert worker_process.output().count("Subject: Due tomorrow is due on") == 1
    assert "To: rita@example.com" in worker_process.output()
