"""The outbox's rules: a sender found by its kind, an unknown kind reported, once per row,
a refused address given up, a mail server away released with a back-off and swept again,
a dead claim marked lost."""

import datetime
import logging

import pytest
from django.core import mail
from django.utils import timezone

from outbox import registry, services
from outbox.models import OutgoingEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
State = OutgoingEmail.State


def _queue(kind, user, message="hello", **kwargs):
    return services.email_queue(
        kind=kind, object_id=user.pk, user_id=user.pk, message=message, **kwargs
    )


def _state(pk):
    return OutgoingEmail.objects.get(pk=pk)


def test_a_kind_is_sent_by_the_sender_registered_under_its_name(note_kind):
    ana = UserFactory(email="ana@example.com")
    pk = _queue(note_kind, ana, message="Your lab is graded")

    assert services.emails_send(email_ids=[pk])[State.SENT] == 1

    assert [(m.subject, m.body, m.to) for m in mail.outbox] == [
        (f"Note {ana.pk}", "Your lab is graded", ["ana@example.com"])
    ]
    email = _state(pk)
    assert (email.state, email.finished_at is not None) == (State.SENT, True)
    # A second message for the same row (a redelivery, the sweeper) sends nothing.
    assert services.emails_send(email_ids=[pk])["taken"] == 1
    assert len(mail.outbox) == 1


def test_queueing_an_unknown_kind_fails_the_caller_at_once():
    with pytest.raises(registry.UnknownKind):
        _queue("no_such_kind", UserFactory())
    assert not OutgoingEmail.objects.exists()


def test_a_row_of_an_unknown_kind_is_reported_and_the_batch_goes_on(note_kind, caplog):
    ana = UserFactory(email="ana@example.com")
    orphan = OutgoingEmail.objects.create(kind="retired_kind", object_id=1, user=ana)
    pk = _queue(note_kind, ana)

    with caplog.at_level(logging.ERROR, logger="lodestar.emails"):
        outcome = services.emails_send(email_ids=[orphan.pk, pk])

    assert (outcome[State.FAILED], outcome[State.SENT]) == (1, 1)
    orphan.refresh_from_db()
    assert orphan.state == State.FAILED
    assert "No sender is registered for 'retired_kind'" in orphan.detail
    assert "retired_kind" in caplog.text
    assert [m.to for m in mail.outbox] == [["ana@example.com"]]


def test_a_sender_with_nothing_to_say_settles_the_row_unsent(note_kind):
    pk = _queue(note_kind, UserFactory(), message="skip me")
    assert services.emails_send(email_ids=[pk])[State.SKIPPED] == 1
    assert (_state(pk).state, _state(pk).detail) == (State.SKIPPED, "Nothing to say.")
    assert mail.outbox == []


def test_once_means_one_row_per_kind_object_and_user(note_kind):
    ana, bea = UserFactory(), UserFactory()
    first = _queue(note_kind, ana, once=True)
    assert _queue(note_kind, ana, once=True) is None
    assert _queue(note_kind, bea, once=True) not in (None, first)
    assert _queue(note_kind, ana) is not None  # without `once`, as often as asked
    assert OutgoingEmail.objects.filter(user=ana).count() == 2


def test_an_address_the_server_refuses_fails_that_email_only(note_kind, monkeypatch):
    import smtplib

    real = mail.backends.locmem.EmailBackend.send_messages

    def refuse_bad(self, messages):
        if messages[0].to == ["bad@example.com"]:
            raise smtplib.SMTPRecipientsRefused({"bad@example.com": (550, b"no such user")})
        return real(self, messages)

    monkeypatch.setattr(mail.backends.locmem.EmailBackend, "send_messages", refuse_bad)
    bad = _queue(note_kind, UserFactory(email="bad@example.com"))
    good = _queue(note_kind, UserFactory(email="good@example.com"))

    outcome = services.emails_send(email_ids=[bad, good])

    assert (outcome[State.FAILED], outcome[State.SENT]) == (1, 1)
    assert _state(bad).state == State.FAILED and "no such user" in _state(bad).detail
    assert [m.to for m in mail.outbox] == [["good@example.com"]]


def test_a_mail_server_away_releases_with_a_back_off_and_the_sweeper_retries(
    note_kind, monkeypatch, published
):
    ana = UserFactory(email="ana@example.com")
    pk = _queue(note_kind, ana)
    later = _queue(note_kind, UserFactory())

    def away(self, messages):
        raise ConnectionRefusedError("mail server away")

    with monkeypatch.context() as outage:
        outage.setattr(mail.backends.locmem.EmailBackend, "send_messages", away)
        started = timezone.now()
        assert services.emails_send(email_ids=[pk, later])["away"] == 1
    email = _state(pk)
    assert (email.state, email.attempts) == (State.PENDING, 1)
    assert "mail server away" in email.detail
    back_off = email.next_try_at - started
    assert services.RETRY_AFTER <= back_off < services.RETRY_AFTER + datetime.timedelta(seconds=5)
    # The batch stopped there: the next email was not even tried.
    assert _state(later).state == State.PENDING and _state(later).attempts == 0

    # Before the back-off is over, the sweeper leaves it alone.
    assert services.sweep_unsent(now=started + services.RETRY_AFTER / 2)["published"] == 0
    # Then it publishes it (the other one's first message is not presumed lost yet).
    assert services.sweep_unsent(now=email.next_try_at)["published"] == 1
    assert published == [(services.SEND_TASK, [pk])]
    assert _state(pk).state == State.SENT
    assert [m.subject for m in mail.outbox] == [f"Note {ana.pk}"]


def test_the_back_off_doubles_at_each_attempt_up_to_a_limit(note_kind):
    pk = _queue(note_kind, UserFactory())
    email = _state(pk)
    waits = []
    for attempts in (0, 1, 2, 10):
        OutgoingEmail.objects.filter(pk=pk).update(state=State.SENDING, attempts=attempts)
        email.attempts = attempts
        before = timezone.now()
        services.email_release(email=email, error=OSError("away"))
        waits.append(round((_state(pk).next_try_at - before).total_seconds() / 60))
    assert waits == [1, 2, 4, 60]


def test_a_claim_whose_worker_died_is_marked_lost_never_sent_again(note_kind, published):
    pk = _queue(note_kind, UserFactory())
    assert services.email_claim(email_id=pk)
    assert not services.email_claim(email_id=pk)  # one claimer only

    soon = timezone.now() + services.RESEND_AFTER + datetime.timedelta(seconds=1)
    assert services.sweep_unsent(now=soon) == {"published": 0, "lost": 0}  # may be sending
    dead = timezone.now() + services.LOST_AFTER + datetime.timedelta(seconds=1)
    assert services.sweep_unsent(now=dead) == {"published": 0, "lost": 1}
    assert _state(pk).state == State.LOST
    assert published == [] and mail.outbox == []


def test_the_sweeper_publishes_a_lost_first_message_once_per_resend_interval(note_kind, published):
    pk = _queue(note_kind, UserFactory())  # never committed here: its message never left
    now = timezone.now()
    assert services.sweep_unsent(now=now)["published"] == 0  # its first message may be queued
    swept = now + services.RESEND_AFTER + datetime.timedelta(seconds=1)
    with pytest.MonkeyPatch.context() as broker:
        broker.setattr(services, "publish", lambda task, ids: published.append(ids) or True)
        assert services.sweep_unsent(now=swept)["published"] == 1
        assert services.sweep_unsent(now=swept)["published"] == 0  # not at every run
    assert published == [[pk]]
    stale = now + services.GIVE_UP_AFTER + datetime.timedelta(minutes=1)
    assert services.sweep_unsent(now=stale)["published"] == 0  # old news is left unsent
