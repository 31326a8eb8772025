"""Redis stops while a visitor signs up: the page answers, and the email goes out later.

The Redis stopped is the test's own (the `private_redis` fixture), never the one REDIS_URL
names; it is stopped for a few seconds only and always started again, even when an
assertion fails inside the outage.
"""

import datetime
import time
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from config.tasks import worker_heartbeat
from enrolment.models import Enrolment
from labs.models import WorkerHeartbeat
from outbox import services as outbox
from outbox import tasks as outbox_tasks
from outbox.models import OutgoingEmail
from tests.enrolment.factories import CohortFactory, ProgramFactory
from tests.support import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

SUBJECT = "Your seat in Outage Cohort is confirmed"


def _sign_up_form(cohort) -> dict:
    return {
        "name": "Olive Outage",
        "email": "olive@example.com",
        "password1": "brokers-come-back-42",
        "password2": "brokers-come-back-42",
        "program": cohort.program.pk,
        "cohort": cohort.pk,
        "background": Enrolment.Background.DATA_SCIENTIST,
        "python_experience": Enrolment.Experience.CONFIDENT,
        "java_experience": Enrolment.Experience.NONE,
        "cpp_experience": Enrolment.Experience.SOME,
        "motivation": "I want my models to survive outages.",
        "consent": "on",
    }


def test_sign_up_during_redis_outage_answers_and_its_email_goes_out_once_after(
    private_redis, client, start_worker, require_postgres, purged_queue, monkeypatch
):
    cohort = CohortFactory(program=ProgramFactory(), name="Outage Cohort", capacity=3)
    worker = start_worker("mailer")  # the console mail backend writes emails to its log
    worker_heartbeat.delay(token := uuid.uuid4().hex)
    wait_for(lambda: WorkerHeartbeat.objects.filter(token=token).exists(), timeout=60)

    with private_redis.outage():
        started = time.monotonic()
        response = client.post(reverse("signup"), _sign_up_form(cohort))
        elapsed = time.monotonic() - started
        account = client.get(reverse("account"))

    assert response.status_code == 302, response.content.decode()[:2000]
    assert elapsed < 5, f"the sign-up took {elapsed:.1f}s while Redis was down"
    assert account.status_code == 200
    enrolment = Enrolment.objects.get(user__email="olive@example.com")
    assert enrolment.status == Enrolment.Status.ENROLLED
    email = OutgoingEmail.objects.get(object_id=enrolment.pk, user=enrolment.user)
    assert email.state == OutgoingEmail.State.PENDING
    assert SUBJECT not in worker.output()

    # Redis is back: the beat's email sweeper publishes it again and the worker sends it.
    monkeypatch.setattr(outbox, "RESEND_AFTER", datetime.timedelta(seconds=1))
    # Its first message is presumed lost now, not two minutes after it was written.
    OutgoingEmail.objects.filter(pk=email.pk).update(next_try_at=timezone.now())

    def sent():
        outbox.sweep_unsent()
        email.refresh_from_db()
        return email.state == OutgoingEmail.State.SENT and SUBJECT in worker.output()

    try:
        wait_for(sent, timeout=90, interval=0.5, what="the email sweeper and the worker")
    except AssertionError:
        print(worker.output()[-4000:])
        raise
    # Sweeping again, and a duplicate message for the same email, send nothing more.
    time.sleep(1.5)
    assert outbox.sweep_unsent()["published"] == 0
    outbox_tasks.send_emails.delay([email.pk])
    worker_heartbeat.delay(token := uuid.uuid4().hex)  # runs after the duplicate (one child)
    wait_for(lambda: WorkerHeartbeat.objects.filter(token=token).exists(), timeout=60)
    assert worker.output().count(SUBJECT) == 1
    assert worker.process.poll() is None, "the worker died during the outage"
