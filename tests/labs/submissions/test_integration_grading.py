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
    # A prediction file wakes the graders rather than naming itself (grading_queue).
    assert "labs.grade_queued[" in worker_process.output()


def test_worker_process_grades_a_burst_of_uploads_with_a_few_shared_messages(
    worker_process, enrolled_alice, wine_lab, wine_predictions
):
    from django.conf import settings
    from django.db import transaction

    from labs.services import grading_queue
    from tests.labs.submissions.test_services_batches import _queued

    def wake_ups_received() -> int:
        lines = worker_process.output().splitlines()
        return sum(1 for line in lines if "labs.grade_queued[" in line and "received" in line)

    already = wake_ups_received()
    burst = 2 * settings.LABS_GRADING_BATCH_SIZE + 8  # two full batches and a short one
    with transaction.atomic():  # a class uploading at once: everything commits together
        rows = _queued(wine_lab, enrolled_alice, wine_predictions, burst)
        for row in rows:
            grading_queue.enqueue_upload_on_commit(row)

    pending = Submission.objects.filter(status__in=Submission.PENDING)
    try:
        wait_for(lambda: not pending.exists(), timeout=120, what="the burst to be graded")
    except AssertionError:
        print(worker_process.output()[-4000:])
        raise
    graded = Submission.objects.filter(pk__in=[row.pk for row in rows])
    assert set(graded.values_list("status", "attempts")) == {(Submission.Status.GRADED, 1)}
    # One wake-up for the commit, whatever the number of files, and one from each full
    # batch for the next (the worker has one process, so none is sent twice).
    received = wake_ups_received() - already
    assert received == 3, worker_process.output()[-4000:]


def test_worker_process_sends_due_date_reminders_once(worker_process):
    import datetime

    from django.utils import timezone

    from labs.models import DueReminder
    from outbox.models import OutgoingEmail
    from progress.tasks import send_due_reminders
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
        reminders = DueReminder.objects.filter(lab=lab, student=student).values("pk")
        return OutgoingEmail.objects.filter(
            kind=DueReminder.EMAIL_KIND, object_id__in=reminders, state=OutgoingEmail.State.SENT
        ).exists()

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
