"""Reminders before due dates: who gets one, once, what it says, and mail-server failures.

The tests run on one fixed day (tests/conftest.py, dated_clock), one of them on days
that are awkward for a calendar (a year's end, a leap day, the nights clocks change)."""

import datetime
import smtplib
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.utils import timezone
from django.utils.formats import date_format

from labs.models import DueReminder, Submission
from outbox import services as outbox
from outbox.models import OutgoingEmail
from progress import reminders
from tests.factories import UserFactory
from tests.labs.dashboard_factories import SubmissionFactory, lab_with_reference
from tests.labs.factories import CohortFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort_start():
    """`cohort` (tests/conftest.py) started 12 days ago. A week-1 lab of a 12-week program is due
    tomorrow."""
    return timezone.localdate() - datetime.timedelta(days=12)


@pytest.fixture
def lab(cohort):
    lab = lab_with_reference(slug="due-soon", title="Due soon", week=1)
    assert lab.due_on(cohort) == timezone.localdate() + datetime.timedelta(days=1)
    return lab


def enrol(cohort, username, **kwargs):
    kwargs.setdefault("email", f"{username}@example.com")
    user = UserFactory(username=username, **kwargs)
    EnrolmentFactory(user=user, cohort=cohort)
    return user


State = OutgoingEmail.State


def email_of(reminder) -> OutgoingEmail:
    """The reminder's email in the outbox, which says whether and why it went out or not."""
    return OutgoingEmail.objects.get(kind=DueReminder.EMAIL_KIND, object_id=reminder.pk)


def reminded() -> set[tuple[str, str]]:
    return set(DueReminder.objects.values_list("student__username", "lab__slug"))


def test_a_student_who_has_not_passed_gets_one_email_with_links(cohort, lab, mailoutbox):
    enrol(cohort, "ana", first_name="Ana")

    assert reminders.due_reminders_run() == {"created": 1, "emailed": 1}
    assert reminders.due_reminders_run() == {"created": 0, "emailed": 0}  # an hour later

    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["ana@example.com"]
    assert email.subject.startswith("Due soon is due on ")
    assert "Hello Ana," in email.body
    assert "tomorrow" in email.body
    assert "You have not sent a file for it yet" in email.body
    assert f"{settings.SITE_URL}/labs/due-soon/" in email.body
    assert f"{settings.SITE_URL}/labs/dashboard/" in email.body
    assert email_of(DueReminder.objects.get()).state == State.SENT


@pytest.mark.parametrize(
    ("moment", "zone"),
    [
        ("2027-12-31T22:30:00+00:00", "UTC"),  # due on New Year's Day
        ("2028-02-28T08:00:00+00:00", "UTC"),  # due on a leap day
        ("2027-03-27T21:30:00+00:00", "Europe/Paris"),  # 22:30, the night clocks go forward
        ("2027-10-30T22:30:00+00:00", "Europe/Paris"),  # 00:30, the night clocks go back
    ],
)
def test_the_reminder_comes_the_day_before_on_any_day(moment, zone, settings, mailoutbox):
    settings.TIME_ZONE = zone
    start = datetime.datetime.fromisoformat(moment)
    with time_machine.travel(start, tick=False):
        today = timezone.localdate()
        cohort = CohortFactory(start_date=today - datetime.timedelta(days=12))
        lab = lab_with_reference(slug="due-soon", title="Due soon", week=1)
        due_on = today + datetime.timedelta(days=1)
        assert lab.due_on(cohort) == due_on
        enrol(cohort, "ana", first_name="Ana")

        assert reminders.due_reminders_run() == {"created": 1, "emailed": 1}

    assert mailoutbox[0].subject == f"Due soon is due on {date_format(due_on, 'l j F')}"
    assert f"is due on {date_format(due_on, 'l j F')}, tomorrow." in mailoutbox[0].body
    # On the due date itself (at noon there: a day is not always 24 hours), nothing more.
    noon = datetime.datetime.combine(due_on, datetime.time(12), ZoneInfo(zone))
    with time_machine.travel(noon, tick=False):
        assert reminders.due_reminders_run() == {"created": 0, "emailed": 0}


def test_only_enrolled_students_with_the_lab_open_unpassed_and_due_soon_are_reminded(cohort, lab):
    enrol(cohort, "ana")  # nothing sent yet: reminded
    failing = enrol(cohort, "ben")  # sent files, none passed: reminded
    SubmissionFactory(student=failing, cohort=cohort, lab=lab, passed=False, public_score=0.2)
    passed = enrol(cohort, "cleo")
    SubmissionFactory(student=passed, cohort=cohort, lab=lab, passed=True)
    elsewhere = enrol(cohort, "dan")  # passed, but in another cohort: still reminded here
    SubmissionFactory(student=elsewhere, cohort=CohortFactory(), lab=lab, passed=True)
    gone = UserFactory(username="eve", email="eve@example.com")
    EnrolmentFactory(user=gone, cohort=cohort, status="withdrawn")
    enrol(cohort, "fay", email="")  # no address to write to
    pending = enrol(cohort, "hal")  # a file still waiting for its grade is not a pass
    SubmissionFactory(
        student=pending, cohort=cohort, lab=lab, status=Submission.Status.QUEUED, passed=None
    )
    lab_with_reference(slug="not-open", week=3)  # opens in two days
    lab_with_reference(slug="week-two", week=2)  # open, but due in eight days
    lab_with_reference(slug="hidden", week=1, is_published=False)
    started_long_ago = CohortFactory(start_date=timezone.localdate() - datetime.timedelta(days=20))
    # There the week-1 lab is overdue (too late to remind) and week two is due today.
    enrol(started_long_ago, "gus")

    reminders.due_reminders_run()

    assert reminded() == {
        ("ana", "due-soon"),
        ("ben", "due-soon"),
        ("dan", "due-soon"),
        ("hal", "due-soon"),
        ("gus", "week-two"),
    }


def test_the_email_counts_the_files_already_sent(cohort, lab, mailoutbox):
    ben = enrol(cohort, "ben")
    for _ in range(2):
        SubmissionFactory(student=ben, cohort=cohort, lab=lab, passed=False, public_score=0.2)

    reminders.due_reminders_run()

    assert "You have sent 2 files for it so far, and none has passed yet" in mailoutbox[0].body


def test_no_reminders_when_switched_off(cohort, lab, settings, mailoutbox):
    settings.LABS_DUE_REMINDER_DAYS = 0
    enrol(cohort, "ana")
    assert reminders.due_reminders_run() == {"created": 0, "emailed": 0}
    assert not DueReminder.objects.exists()
    assert mailoutbox == []


def test_nothing_is_sent_to_a_student_who_passed_since(cohort, lab, mailoutbox):
    ana = enrol(cohort, "ana")
    today = timezone.localdate()
    assert reminders.due_reminders_create(today=today) == 1
    SubmissionFactory(student=ana, cohort=cohort, lab=lab, passed=True)

    assert reminders.due_reminders_send(today=today) == 0

    assert mailoutbox == []
    # Settled: never tried again.
    assert email_of(DueReminder.objects.get()).state == State.SKIPPED


def test_a_reminder_that_no_longer_applies_is_dropped_unsent(cohort, lab, mailoutbox):
    ana = enrol(cohort, "ana")
    bea = enrol(cohort, "bea")
    today = timezone.localdate()
    assert reminders.due_reminders_create(today=today) == 2
    ana.enrolments.update(status="withdrawn")
    lab.is_published = False
    lab.save(update_fields=["is_published"])

    assert reminders.due_reminders_send(today=today) == 0

    assert mailoutbox == []
    assert not DueReminder.objects.filter(student__in=[ana, bea]).exists()


def test_a_moved_due_date_gets_a_reminder_with_the_new_date(cohort, lab, mailoutbox):
    enrol(cohort, "ana")
    today = timezone.localdate()
    reminders.due_reminders_create(today=today)
    # Staff move the cohort's start a day later: the lab is now due the day after tomorrow.
    cohort.start_date -= datetime.timedelta(days=-1)
    cohort.save()
    new_due = lab.due_on(cohort)
    assert new_due == today + datetime.timedelta(days=2)

    assert reminders.due_reminders_run(today=today) == {"created": 1, "emailed": 1}

    assert list(DueReminder.objects.values_list("due_on", flat=True)) == [new_due]
    assert "in 2 days" in mailoutbox[0].body


def test_all_of_a_runs_emails_share_one_mail_connection(cohort, lab, mailoutbox, monkeypatch):
    for name in ("ana", "ben", "cleo"):
        enrol(cohort, name)
    opened = []
    real = outbox.get_connection

    def counting_connection(*args, **kwargs):
        opened.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(outbox, "get_connection", counting_connection)

    assert reminders.due_reminders_run()["emailed"] == 3
    assert len(opened) == 1
    assert sorted(m.to[0] for m in mailoutbox) == [
        "ana@example.com",
        "ben@example.com",
        "cleo@example.com",
    ]


def test_a_mail_server_that_is_away_loses_nothing_and_the_next_run_sends(
    cohort, lab, mailoutbox, monkeypatch
):
    for name in ("ana", "ben"):
        enrol(cohort, name)

    with monkeypatch.context() as away:

        def refuse(self, messages):
            raise ConnectionRefusedError("mail server away")

        away.setattr(mail.backends.locmem.EmailBackend, "send_messages", refuse)
        assert reminders.due_reminders_run() == {"created": 2, "emailed": 0}

    assert mailoutbox == []
    assert set(OutgoingEmail.objects.values_list("state", flat=True)) == {State.PENDING}

    assert reminders.due_reminders_run() == {"created": 0, "emailed": 2}
    assert len(mailoutbox) == 2
    assert OutgoingEmail.objects.filter(state=State.SENT).count() == 2


def test_a_reminder_still_unsent_after_its_due_date_is_dropped(cohort, lab, mailoutbox):
    enrol(cohort, "ana")
    reminders.due_reminders_create(today=timezone.localdate())
    after = lab.due_on(cohort) + datetime.timedelta(days=1)

    assert reminders.due_reminders_send(today=after) == 0

    assert mailoutbox == []


def test_a_reminder_another_run_already_took_is_not_sent_twice(
    cohort, lab, mailoutbox, monkeypatch
):
    enrol(cohort, "ana")
    today = timezone.localdate()
    reminders.due_reminders_create(today=today)
    real_pending = reminders._pending

    def pending_then_taken(day):
        rows = list(real_pending(day))
        # Between this run's read and its claim, a second run claims the row.
        OutgoingEmail.objects.update(state=State.SENDING, claimed_at=timezone.now())
        return rows

    monkeypatch.setattr(reminders, "_pending", pending_then_taken)

    assert reminders.due_reminders_send(today=today) == 0
    assert mailoutbox == []


def test_beat_runs_the_reminders_every_hour():
    entry = next(
        e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "labs.send_due_reminders"
    )
    assert entry["schedule"] == 3600.0


def test_an_address_the_server_refuses_does_not_hold_up_the_others(
    cohort, lab, mailoutbox, monkeypatch
):
    for name in ("ana", "ben", "cleo"):
        enrol(cohort, name)
    real_send = mail.backends.locmem.EmailBackend.send_messages

    def refuse_ben(self, messages):
        if messages[0].to == ["ben@example.com"]:
            raise smtplib.SMTPRecipientsRefused({"ben@example.com": (550, b"no such user")})
        return real_send(self, messages)

    monkeypatch.setattr(mail.backends.locmem.EmailBackend, "send_messages", refuse_ben)

    assert reminders.due_reminders_run() == {"created": 3, "emailed": 2}
    assert reminders.due_reminders_run() == {"created": 0, "emailed": 0}  # not retried

    assert sorted(m.to[0] for m in mailoutbox) == ["ana@example.com", "cleo@example.com"]
    refused = email_of(DueReminder.objects.get(student__username="ben"))
    assert refused.state == State.FAILED
    assert "no such user" in refused.detail


def test_an_unreachable_mail_server_ends_the_run_quietly(cohort, lab, mailoutbox, monkeypatch):
    enrol(cohort, "ana")

    def cannot_connect(self):
        raise TimeoutError("timed out")

    monkeypatch.setattr(mail.backends.locmem.EmailBackend, "open", cannot_connect)

    assert reminders.due_reminders_run() == {"created": 1, "emailed": 0}
    assert email_of(DueReminder.objects.get()).state == State.PENDING


def test_turning_reminders_back_on_before_the_due_date_brings_the_reminder_back(
    cohort, lab, mailoutbox
):
    ana = enrol(cohort, "ana")
    today = timezone.localdate()
    reminders.due_reminders_create(today=today)
    ana.enrolments.update(due_reminders=False)
    reminders.due_reminders_run(today=today)
    assert mailoutbox == []

    ana.enrolments.update(due_reminders=True)
    assert reminders.due_reminders_run(today=today) == {"created": 1, "emailed": 1}
    assert len(mailoutbox) == 1


def test_a_student_who_turned_reminders_off_gets_none(cohort, lab, mailoutbox):
    ana = enrol(cohort, "ana")
    ana.enrolments.update(due_reminders=False)

    assert reminders.due_reminders_run() == {"created": 0, "emailed": 0}
    assert mailoutbox == []


def test_turning_reminders_off_after_the_row_was_written_stops_the_email(cohort, lab, mailoutbox):
    ana = enrol(cohort, "ana")
    today = timezone.localdate()
    reminders.due_reminders_create(today=today)
    ana.enrolments.update(due_reminders=False)

    assert reminders.due_reminders_send(today=today) == 0
    assert mailoutbox == []


def test_the_email_says_how_to_turn_reminders_off(cohort, lab, mailoutbox):
    enrol(cohort, "ana")
    reminders.due_reminders_run()
    assert f"{settings.SITE_URL}/account/" in mailoutbox[0].body
