"""Reminders 30, 90 and 150 days after graduating, until the graduate reports, once each."""

import datetime

import pytest
import time_machine
from django.core import mail

from enrolment.models import OutgoingEmail
from outcomes import tasks
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
    emails = OutgoingEmail.objects.filter(kind=OutgoingEmail.Kind.JOB_SEARCH_REMINDER)
    assert [(e.enrolment_id, e.message) for e in emails] == [(gina.pk, "30"), (gina.pk, "90")]
    JobRecord.objects.create(enrolment=gina, status=JobRecord.Status.SEARCHING)
    with _on_day(150):
        assert reminders.reminders_send() == 0


def test_the_reminder_task_sends_the_email_once(django_capture_on_commit_callbacks):
    cohort = f.finished_cohort()
    gina = f.graduate(cohort, on=GRADUATED)
    with _on_day(30):
        reminders.reminders_send()
    email = OutgoingEmail.objects.get(kind=OutgoingEmail.Kind.JOB_SEARCH_REMINDER)
    tasks.send_job_search_reminder(gina.pk, email_id=email.pk)
    tasks.send_job_search_reminder(gina.pk, email_id=email.pk)  # a redelivery
    assert len(mail.outbox) == 1
    assert "30 days since you graduated" in mail.outbox[0].body
    assert "/outcomes/my/" in mail.outbox[0].body
