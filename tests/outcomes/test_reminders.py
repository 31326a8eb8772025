"""Reminders 30, 90 and 150 days after graduating, until the graduate reports, once each."""

import datetime

import pytest
import time_machine
from django.core import mail

from outbox import services as outbox
from outbox.models import OutgoingEmail
from outcomes.emails import JOB_SEARCH_REMINDER
from outcomes.models import JobRecord
from outcomes.services import reminders
from tests.outcomes import factories as f

pytestmark = pytest.mark.django_db
GRADUATED = datetime.date(2027, 3, 29)  # the default finished cohort's day after


def _on_day(day: int):
    moment = datetime.datetime.combine(
        GRADUATED + datetime.timedelta(days=day), datetime.time(10), datetime.UTC
    )
    return time_machine.travel(moment, tick=False)


@pytest.mark.parametrize(
    "day, due", [(29, None), (30, 30), (89, 30), (90, 90), (150, 150), (179, 150), (180, None)]
)
def test_the_reminder_day_reached(day, due):
    today = GRADUATED + datetime.timedelta(days=day)
    assert reminders.reminder_day_due(graduated_on=GRADUATED, today=today) == due


def test_reminders_go_once_on_days_30_90_150_until_the_graduate_reports(
    django_capture_on_commit_callbacks,
):
    cohort = f.finished_cohort()
    gina = f.graduate(cohort, on=GRADUATED)
    hugo = f.graduate(cohort, on=GRADUATED)
    f.hire(hugo, start=GRADUATED + datetime.timedelta(days=20))  # reported: never reminded
    for day, expected in ((29, 0), (30, 1), (31, 0), (90, 1), (90, 0)):
        with _on_day(day):
            assert reminders.reminders_send() == expected, day
    emails = OutgoingEmail.objects.filter(kind=JOB_SEARCH_REMINDER).order_by("pk")
    assert [(e.object_id, e.user_id, e.message) for e in emails] == [
        (gina.pk, gina.user_id, "30"),
        (gina.pk, gina.user_id, "90"),
    ]
    JobRecord.objects.create(enrolment=gina, status=JobRecord.Status.SEARCHING)
    with _on_day(150):
        assert reminders.reminders_send() == 0


def test_the_reminder_task_sends_the_email_once(django_capture_on_commit_callbacks):
    cohort = f.finished_cohort()
    gina = f.graduate(cohort, on=GRADUATED)
    with _on_day(30):
        reminders.reminders_send()
    email = OutgoingEmail.objects.get(kind=JOB_SEARCH_REMINDER)
    outbox.emails_send(email_ids=[email.pk])
    outbox.emails_send(email_ids=[email.pk])  # a redelivery
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [gina.user.email]
    assert "30 days since you graduated" in mail.outbox[0].body
    assert "/outcomes/my/" in mail.outbox[0].body


def test_a_reminder_queued_before_the_graduate_reported_is_skipped(
    django_capture_on_commit_callbacks,
):
    cohort = f.finished_cohort()
    gina = f.graduate(cohort, on=GRADUATED)
    with _on_day(30):
        reminders.reminders_send()
    JobRecord.objects.create(enrolment=gina, status=JobRecord.Status.SEARCHING)
    email = OutgoingEmail.objects.get(kind=JOB_SEARCH_REMINDER)

    outbox.emails_send(email_ids=[email.pk])

    email.refresh_from_db()
    assert mail.outbox == []
    assert email.state == OutgoingEmail.State.SKIPPED
