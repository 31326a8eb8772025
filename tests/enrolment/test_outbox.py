"""The enrolment emails go through the outbox: a broker outage delays one, never loses or
doubles it."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from enrolment.emails import Kind
from enrolment.services import applications, changes
from outbox import services as outbox
from outbox import tasks
from outbox.models import OutgoingEmail
from tests.enrolment.factories import CohortFactory, application_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]


def _refuse(*args, **kwargs):
    raise OSError("connection refused")


@pytest.fixture
def broker_down(monkeypatch):
    """Every publish fails as it does when Redis is away (kombu raises OperationalError)."""
    monkeypatch.setattr(tasks.send_emails, "apply_async", _refuse)


def _sign_up(program, cohort, **overrides):
    return applications.application_submit(
        program=program, cohort=cohort, **application_data(**overrides)
    )


def _a_while_later():
    return timezone.now() + outbox.RESEND_AFTER + datetime.timedelta(seconds=1)


def test_sign_up_while_the_broker_is_down_keeps_the_email_unsent(
    intensive, broker_down, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = _sign_up(intensive, CohortFactory(program=intensive))
    email = OutgoingEmail.objects.get()
    assert (email.object_id, email.user_id) == (enrolment.pk, enrolment.user_id)
    assert email.kind == Kind.APPLICATION_RECEIVED
    assert email.state == OutgoingEmail.State.PENDING
    assert mailoutbox == []


def test_sweeper_sends_an_unsent_email_once_the_broker_is_back(
    intensive, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    with monkeypatch.context() as outage:
        outage.setattr(tasks.send_emails, "apply_async", _refuse)
        with django_capture_on_commit_callbacks(execute=True):
            _sign_up(intensive, CohortFactory(program=intensive))
    assert outbox.sweep_unsent()["published"] == 0  # too recent: its first message may be queued

    assert outbox.sweep_unsent(now=_a_while_later())["published"] == 1
    assert len(mailoutbox) == 1
    assert "seat" in mailoutbox[0].subject
    assert OutgoingEmail.objects.get().state == OutgoingEmail.State.SENT
    # Sent: later sweeps publish nothing more.
    assert outbox.sweep_unsent(now=_a_while_later() + outbox.RESEND_AFTER)["published"] == 0
    assert len(mailoutbox) == 1


def test_a_second_message_for_the_same_email_sends_nothing(
    intensive, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(intensive, CohortFactory(program=intensive))
    email = OutgoingEmail.objects.get()
    assert len(mailoutbox) == 1

    tasks.send_emails([email.pk])  # redelivered or swept

    assert len(mailoutbox) == 1


def test_mail_server_away_releases_the_email_for_a_later_try(
    intensive, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    with monkeypatch.context() as outage:
        outage.setattr(tasks.send_emails, "apply_async", _refuse)
        with django_capture_on_commit_callbacks(execute=True):
            _sign_up(intensive, CohortFactory(program=intensive))
    email = OutgoingEmail.objects.get()

    def mail_server_away(self, messages):
        raise ConnectionRefusedError("mail server away")

    with monkeypatch.context() as away:
        away.setattr(mail.backends.locmem.EmailBackend, "send_messages", mail_server_away)
        assert tasks.send_emails.run([email.pk]) == {"away": 1}
    email.refresh_from_db()
    assert (email.state, email.attempts) == (OutgoingEmail.State.PENDING, 1)

    tasks.send_emails([email.pk])
    assert len(mailoutbox) == 1


def test_sweeper_leaves_stale_and_recently_republished_emails_alone(intensive, mailoutbox):
    enrolment = _sign_up(intensive, CohortFactory(program=intensive))  # no commit: no email
    now = timezone.now()
    OutgoingEmail.objects.all().delete()
    about = {"kind": Kind.ENROLMENT_CHANGED, "object_id": enrolment.pk, "user": enrolment.user}
    too_old = OutgoingEmail.objects.create(
        **about,
        created_at=now - outbox.GIVE_UP_AFTER - datetime.timedelta(minutes=1),
        next_try_at=now - outbox.GIVE_UP_AFTER,
    )
    just_republished = OutgoingEmail.objects.create(
        **about,
        created_at=now - datetime.timedelta(hours=1),
        next_try_at=now - datetime.timedelta(seconds=10) + outbox.RESEND_AFTER,
    )
    an_hour_ago = now - datetime.timedelta(hours=1)
    due = OutgoingEmail.objects.create(**about, created_at=an_hour_ago, next_try_at=an_hour_ago)

    assert outbox.sweep_unsent(now=now)["published"] == 1

    assert [m.to for m in mailoutbox] == [[enrolment.user.email]]
    for email, sent in ((too_old, False), (just_republished, False), (due, True)):
        email.refresh_from_db()
        assert (email.state == OutgoingEmail.State.SENT) is sent


def test_every_seat_change_email_goes_through_the_outbox(
    intensive, staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    cohort = CohortFactory(program=intensive, capacity=1)
    seated = _sign_up(intensive, cohort, email="seated@example.com")
    _sign_up(intensive, cohort, email="waiting@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        changes.enrolment_withdraw(enrolment=seated, actor=staff_user)
    emails = sorted((e.kind, e.state) for e in OutgoingEmail.objects.all())
    assert emails == [
        ("application_received", "pending"),  # never committed in this test: never published
        ("application_received", "pending"),
        ("enrolment_changed", "sent"),
        ("seat_offered", "sent"),
    ]
    assert len(mailoutbox) == 2
