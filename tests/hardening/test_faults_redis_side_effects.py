"""Every side effect published after commit survives a broker outage, once per kind.

For each kind of action (a sign-up that lands on the waitlist, a withdrawal that frees a
seat for the waitlist's head, a deferral to another cohort, the hourly reminders run),
Redis (the test's own, from the `private_redis` fixture) is stopped, the action is taken as
a user would take it, the answer is normal; Redis comes back, the beat's sweepers run
(twice, as two beats would), and every email the action owes is sent exactly once by a
real worker. Grading during an outage is test_faults_redis.py; a plain sign-up is
test_faults_redis_signup.py.
"""

import datetime
import re
import time
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from config.publish import publish
from config.tasks import worker_heartbeat
from enrolment.models import Enrolment
from enrolment.services import applications
from labs.models import DueReminder, WorkerHeartbeat
from outbox import services as outbox
from outbox.models import OutgoingEmail
from tests.enrolment.factories import CohortFactory, ProgramFactory
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.labs.dashboard_factories import lab_with_reference
from tests.labs.factories import CohortFactory as RunningCohortFactory
from tests.labs.factories import EnrolmentFactory
from tests.support import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def sign_up(program, cohort, email):
    return applications.application_submit(
        name="Setup Person",
        email=email,
        password=DEFAULT_PASSWORD,
        program=program,
        cohort=cohort,
        background=Enrolment.Background.SOFTWARE_ENGINEER,
        python_experience=Enrolment.Experience.SOME,
        java_experience=Enrolment.Experience.NONE,
        cpp_experience=Enrolment.Experience.NONE,
        motivation="Setting the scene.",
    )


def emails_to(worker, address: str) -> int:
    """Emails the worker's console mail backend wrote to this address."""
    return len(re.findall(rf"^To: {re.escape(address)}$", worker.output(), flags=re.M))


def run_heartbeat(worker):
    """A task behind everything published so far (one pool child): the queue is drained."""
    token = uuid.uuid4().hex
    worker_heartbeat.delay(token)
    wait_for(lambda: WorkerHeartbeat.objects.filter(token=token).exists(), timeout=60)


def sweep_until_sent(rows, worker, monkeypatch):
    monkeypatch.setattr(outbox, "RESEND_AFTER", datetime.timedelta(seconds=1))
    # Their first messages are presumed lost now, not two minutes after they were written.
    OutgoingEmail.objects.filter(pk__in=rows, state=OutgoingEmail.State.PENDING).update(
        next_try_at=timezone.now()
    )
    unsent = [OutgoingEmail.State.PENDING, OutgoingEmail.State.SENDING]

    def all_sent():
        outbox.sweep_unsent()
        return not OutgoingEmail.objects.filter(pk__in=rows, state__in=unsent).exists()

    try:
        wait_for(all_sent, timeout=90, interval=0.5, what="the email sweeper and the worker")
    except AssertionError:
        print(worker.output()[-4000:])
        raise
    time.sleep(1.5)
    outbox.sweep_unsent()  # a second beat: nothing more goes out
    run_heartbeat(worker)


@pytest.fixture
def mailer(private_redis, start_worker, require_postgres, purged_queue):
    worker = start_worker("mailer")  # the console mail backend writes emails to its log
    run_heartbeat(worker)
    return worker


def settled(worker, monkeypatch):
    """Emails owed by the setup are sent before the outage, so only the action's count."""
    sweep_until_sent(list(OutgoingEmail.objects.values_list("pk", flat=True)), worker, monkeypatch)
    return OutgoingEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_waitlist_sign_up_during_outage(private_redis, client, mailer, monkeypatch):
    program = ProgramFactory()
    cohort = CohortFactory(program=program, name="Full Cohort", capacity=1)
    sign_up(program, cohort, "first@example.com")
    last = settled(mailer, monkeypatch)

    with private_redis.outage():
        response = client.post(
            reverse("signup"),
            {
                "name": "Wanda Waitlist",
                "email": "wanda@example.com",
                "password1": "queues-come-back-42",
                "password2": "queues-come-back-42",
                "program": program.pk,
                "cohort": "",  # "next available": every cohort is full, so the waitlist
                "background": Enrolment.Background.DATA_SCIENTIST,
                "python_experience": Enrolment.Experience.CONFIDENT,
                "java_experience": Enrolment.Experience.NONE,
                "cpp_experience": Enrolment.Experience.SOME,
                "motivation": "I will wait.",
                "consent": "on",
            },
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    wanda = Enrolment.objects.get(user__email="wanda@example.com")
    assert wanda.status == Enrolment.Status.WAITLISTED
    owed = list(OutgoingEmail.objects.filter(pk__gt=last).values_list("pk", flat=True))
    assert (
        owed
        and not OutgoingEmail.objects.filter(pk__in=owed, state=OutgoingEmail.State.SENT).exists()
    )

    sweep_until_sent(owed, mailer, monkeypatch)
    assert emails_to(mailer, "wanda@example.com") == len(owed) == 1
    assert mailer.process.poll() is None


def test_withdrawal_during_outage_emails_the_student_and_the_waitlists_head(
    private_redis, client, mailer, monkeypatch
):
    program = ProgramFactory()
    cohort = CohortFactory(program=program, name="Busy Cohort", capacity=1)
    leaving = sign_up(program, cohort, "leaving@example.com")
    waiting = sign_up(program, cohort, "waiting@example.com")
    assert waiting.status == Enrolment.Status.WAITLISTED
    last = settled(mailer, monkeypatch)
    before = {a: emails_to(mailer, a) for a in ("leaving@example.com", "waiting@example.com")}

    client.force_login(leaving.user)
    with private_redis.outage():
        response = client.post(reverse("enrolment_withdraw", args=[leaving.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("account")
    waiting.refresh_from_db()
    assert waiting.status != Enrolment.Status.WAITLISTED  # promoted (or offered) at once
    owed = OutgoingEmail.objects.filter(pk__gt=last)
    by_address = {
        a: owed.filter(user__email=a).count()
        for a in before  # noqa: B023
    }
    assert by_address["leaving@example.com"] >= 1 and by_address["waiting@example.com"] >= 1

    sweep_until_sent(list(owed.values_list("pk", flat=True)), mailer, monkeypatch)
    for address, count in by_address.items():
        assert emails_to(mailer, address) - before[address] == count


def test_deferral_during_outage(private_redis, client, mailer, monkeypatch):
    program = ProgramFactory()
    today = timezone.localdate()
    first = CohortFactory(program=program, name="Spring", start_date=today + datetime.timedelta(30))
    later = CohortFactory(program=program, name="Autumn", start_date=today + datetime.timedelta(90))
    moving = sign_up(program, first, "moving@example.com")
    last = settled(mailer, monkeypatch)
    before = emails_to(mailer, "moving@example.com")

    client.force_login(moving.user)
    with private_redis.outage():
        response = client.post(reverse("enrolment_defer", args=[moving.pk]), {"cohort": later.pk})
    assert response.status_code == 302
    moving.refresh_from_db()
    assert moving.cohort == later
    owed = list(OutgoingEmail.objects.filter(pk__gt=last).values_list("pk", flat=True))
    assert owed

    sweep_until_sent(owed, mailer, monkeypatch)
    assert emails_to(mailer, "moving@example.com") - before == len(owed)


def test_reminders_run_published_during_outage_is_sent_once_after(private_redis, mailer):
    cohort = RunningCohortFactory(start_date=timezone.localdate() - datetime.timedelta(days=12))
    lab = lab_with_reference(slug="due-soon", title="Due soon", week=1)
    assert lab.due_on(cohort) == timezone.localdate() + datetime.timedelta(days=1)
    student = UserFactory(username="rita", email="rita@example.com")
    EnrolmentFactory(user=student, cohort=cohort)

    with private_redis.outage():
        # What beat does every hour: the publish fails quietly, nobody waits on it.
        started = time.monotonic()
        assert publish("labs.send_due_reminders") is False
        assert time.monotonic() - started < 5
    assert not DueReminder.objects.exists()

    # The next beat tick, and a second beat or a redelivery: one email all the same.
    assert publish("labs.send_due_reminders") is True
    assert publish("labs.send_due_reminders") is True
    run_heartbeat(mailer)
    run_heartbeat(mailer)
    reminder = DueReminder.objects.get(student=student, lab=lab)
    email = OutgoingEmail.objects.get(kind=DueReminder.EMAIL_KIND, object_id=reminder.pk)
    assert email.state == OutgoingEmail.State.SENT
    assert emails_to(mailer, "rita@example.com") == 1
