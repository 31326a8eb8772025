"""The emails' outbox: a broker outage delays an email, never loses or doubles it."""

import datetime

import pytest
from django.utils import timezone

from enrolment import outbox, tasks
from enrolment.models import OutgoingEmail
from enrolment.services import applications, changes
from tests.enrolment.factories import CohortFactory, application_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]


@pytest.fixture
def broker_down(monkeypatch):
    """Every publish fails as it does when Redis is away (kombu raises OperationalError)."""

    def refuse(*args, **kwargs):
        raise OSError("connection refused")

    for task in (tasks.send_application_received, tasks.send_seat_offered):
        monkeypatch.setattr(task, "apply_async", refuse)


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
    assert email.enrolment == enrolment
    assert email.kind == OutgoingEmail.Kind.APPLICATION_RECEIVED
    assert email.sent_at is None
    assert mailoutbox == []


def test_sweeper_sends_an_unsent_email_once_the_broker_is_back(
    intensive, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    with monkeypatch.context() as outage:
        outage.setattr(tasks.send_application_received, "apply_async", _refuse)
        with django_capture_on_commit_callbacks(execute=True):
            _sign_up(intensive, CohortFactory(program=intensive))
    assert outbox.sweep_unsent_emails() == 0  # too recent: its first message may be queued

    assert outbox.sweep_unsent_emails(now=_a_while_later()) == 1
    assert len(mailoutbox) == 1
    assert "seat" in mailoutbox[0].subject
    assert OutgoingEmail.objects.get().sent_at is not None
    # Sent: later sweeps publish nothing more.
    assert outbox.sweep_unsent_emails(now=_a_while_later() + outbox.RESEND_AFTER) == 0
    assert len(mailoutbox) == 1


def _refuse(*args, **kwargs):
    raise OSError("connection refused")


def test_a_second_message_for_the_same_email_sends_nothing(
    intensive, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = _sign_up(intensive, CohortFactory(program=intensive))
    email = OutgoingEmail.objects.get()
    assert len(mailoutbox) == 1

    tasks.send_application_received(enrolment.pk, email_id=email.pk)  # redelivered or swept

    assert len(mailoutbox) == 1


def test_mail_server_away_releases_the_email_for_a_later_try(
    intensive, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    with monkeypatch.context() as outage:
        outage.setattr(tasks.send_application_received, "apply_async", _refuse)
        with django_capture_on_commit_callbacks(execute=True):
            enrolment = _sign_up(intensive, CohortFactory(program=intensive))
    email = OutgoingEmail.objects.get()

    def mail_server_away(*args, **kwargs):
        raise ConnectionRefusedError("mail server away")

    with monkeypatch.context() as away:
        away.setattr("enrolment.emails.application_received_send", mail_server_away)
        with pytest.raises(ConnectionRefusedError):
            tasks.send_application_received.run(enrolment.pk, email_id=email.pk)
    email.refresh_from_db()
    assert email.sent_at is None

    tasks.send_application_received(enrolment.pk, email_id=email.pk)
    assert len(mailoutbox) == 1


def test_sweeper_leaves_stale_and_recently_republished_emails_alone(intensive, mailoutbox):
    enrolment = _sign_up(intensive, CohortFactory(program=intensive))  # no commit: no email
    now = timezone.now()
    too_old = OutgoingEmail.objects.create(
        enrolment=enrolment,
        kind=OutgoingEmail.Kind.ENROLMENT_CHANGED,
        created_at=now - outbox.GIVE_UP_AFTER - datetime.timedelta(minutes=1),
    )
    just_republished = OutgoingEmail.objects.create(
        enrolment=enrolment,
        kind=OutgoingEmail.Kind.ENROLMENT_CHANGED,
        created_at=now - datetime.timedelta(hours=1),
        republished_at=now - datetime.timedelta(seconds=10),
    )
    due = OutgoingEmail.objects.create(
        enrolment=enrolment,
        kind=OutgoingEmail.Kind.ENROLMENT_CHANGED,
        created_at=now - datetime.timedelta(hours=1),
    )

    assert outbox.sweep_unsent_emails(now=now) == 1

    assert [m.to for m in mailoutbox] == [[enrolment.user.email]]
    for email, sent in ((too_old, False), (just_republished, False), (due, True)):
        email.refresh_from_db()
        assert (email.sent_at is not None) is sent


def test_every_seat_change_email_goes_through_the_outbox(
    intensive, staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    cohort = CohortFactory(program=intensive, capacity=1)
    seated = _sign_up(intensive, cohort, email="seated@example.com")
    _sign_up(intensive, cohort, email="waiting@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        changes.enrolment_withdraw(enrolment=seated, actor=staff_user)
    emails = sorted((e.kind, e.sent_at is not None) for e in OutgoingEmail.objects.all())
    assert emails == [
        ("application_received", False),  # never committed in this test: never published
        ("application_received", False),
        ("enrolment_changed", True),
        ("seat_offered", True),
    ]
    assert len(mailoutbox) == 2
