"""Reminders before due dates: who gets one, once, and what it says."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from labs import reminders
from labs.models import DueReminder, Submission
from labs.tasks import send_due_reminder
from tests.factories import UserFactory
from tests.labs.dashboard_factories import SubmissionFactory, lab_with_reference
from tests.labs.factories import CohortFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort():
    # Twelve days in: a week-1 lab of a 12-week program is due tomorrow.
    return CohortFactory(start_date=timezone.localdate() - datetime.timedelta(days=12))


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


def reminded() -> set[tuple[str, str]]:
    return set(DueReminder.objects.values_list("student__username", "lab__slug"))


def test_a_student_who_has_not_passed_gets_one_email_with_links(
    cohort, lab, eager_celery, mailoutbox, django_capture_on_commit_callbacks
):
    enrol(cohort, "ana", first_name="Ana")

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.due_reminders_create() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.due_reminders_create() == 0  # the next hourly run

    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["ana@example.com"]
    assert email.subject.startswith("Due soon is due on ")
    assert "Hello Ana," in email.body
    assert "tomorrow" in email.body
    assert "You have not sent a file for it yet" in email.body
    assert f"{settings.SITE_URL}/labs/due-soon/" in email.body
    assert f"{settings.SITE_URL}/labs/dashboard/" in email.body
    assert DueReminder.objects.get().sent_at is not None


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
    lab_with_reference(slug="not-open", week=3)  # opens in two days
    lab_with_reference(slug="week-two", week=2)  # open, but due in eight days
    lab_with_reference(slug="hidden", week=1, is_published=False)
    started_long_ago = CohortFactory(start_date=timezone.localdate() - datetime.timedelta(days=20))
    # There the week-1 lab is overdue (too late to remind) and week two is due today.
    enrol(started_long_ago, "gus")

    reminders.due_reminders_create()

    assert reminded() == {
        ("ana", "due-soon"),
        ("ben", "due-soon"),
        ("dan", "due-soon"),
        ("gus", "week-two"),
    }


def test_the_email_counts_the_files_already_sent(
    cohort, lab, eager_celery, mailoutbox, django_capture_on_commit_callbacks
):
    ben = enrol(cohort, "ben")
    for _ in range(2):
        SubmissionFactory(student=ben, cohort=cohort, lab=lab, passed=False, public_score=0.2)

    with django_capture_on_commit_callbacks(execute=True):
        reminders.due_reminders_create()

    assert "You have sent 2 files for it so far, and none has passed yet" in mailoutbox[0].body


def test_no_reminders_when_switched_off(cohort, lab, settings):
    settings.LABS_DUE_REMINDER_DAYS = 0
    enrol(cohort, "ana")
    assert reminders.due_reminders_create() == 0
    assert not DueReminder.objects.exists()


def test_a_lab_passed_after_the_reminder_was_written_sends_nothing(cohort, lab, mailoutbox):
    ana = enrol(cohort, "ana")
    reminders.due_reminders_create()
    SubmissionFactory(student=ana, cohort=cohort, lab=lab, passed=True)

    assert reminders.due_reminder_send(reminder_id=DueReminder.objects.get().pk) is False

    assert mailoutbox == []
    assert DueReminder.objects.get().sent_at is not None  # settled: never tried again


def test_an_email_lost_with_the_broker_is_sent_by_a_later_run(
    cohort, lab, eager_celery, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    enrol(cohort, "ana")

    def broker_down(*args, **kwargs):
        raise OSError("connection refused")

    with monkeypatch.context() as broken:
        broken.setattr(send_due_reminder, "apply_async", broker_down)
        with django_capture_on_commit_callbacks(execute=True):
            assert reminders.due_reminders_create() == 1
    assert mailoutbox == []
    reminder = DueReminder.objects.get()
    assert reminder.sent_at is None

    # Too fresh to count as lost: the task may still be on its way.
    reminders.due_reminders_create()
    assert mailoutbox == []

    DueReminder.objects.update(created_at=timezone.now() - datetime.timedelta(hours=1))
    # Once the due date has passed, a lost reminder is dropped, not sent late.
    reminders.due_reminders_create(today=reminder.due_on + datetime.timedelta(days=1))
    assert mailoutbox == []
    reminders.due_reminders_create()
    assert len(mailoutbox) == 1
    reminder.refresh_from_db()
    assert reminder.sent_at is not None


def test_a_mail_server_failure_leaves_the_reminder_unsent(cohort, lab, monkeypatch):
    enrol(cohort, "ana")
    reminders.due_reminders_create()

    def server_away(*args, **kwargs):
        raise ConnectionRefusedError("mail server away")

    monkeypatch.setattr(reminders, "send_mail", server_away)
    with pytest.raises(OSError):
        reminders.due_reminder_send(reminder_id=DueReminder.objects.get().pk)
    assert DueReminder.objects.get().sent_at is None
    assert OSError in send_due_reminder.autoretry_for


def test_beat_runs_the_reminders_every_hour():
    entry = next(
        e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "labs.send_due_reminders"
    )
    assert entry["schedule"] == 3600.0


def test_a_graded_submission_counts_only_when_it_passed(cohort, lab):
    ana = enrol(cohort, "ana")
    SubmissionFactory(
        student=ana, cohort=cohort, lab=lab, status=Submission.Status.QUEUED, passed=None
    )
    reminders.due_reminders_create()
    assert reminded() == {("ana", "due-soon")}
