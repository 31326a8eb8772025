"""Reminders to report the job search: 30, 90 and 150 days after graduating, until the
graduate records something. Each goes once (a JobRecordReminder row per day), through the
outbox (written with the row, sent by a worker after commit; outcomes.emails renders it)."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from courses.models import CompletionDecision
from enrolment.models import Enrolment
from outbox import services as outbox
from outcomes.emails import JOB_SEARCH_REMINDER
from outcomes.models import JobRecord, JobRecordReminder

REMINDER_DAYS = (30, 90, 150)


def reminder_day_due(*, graduated_on: datetime.date, today: datetime.date) -> int | None:
    """The latest reminder day reached (a beat that missed a day catches up with one
    email, never several); None before day 30 and from day 180, when the window closes."""
    days = (today - graduated_on).days
    if days >= 180:
        return None
    reached = [day for day in REMINDER_DAYS if days >= day]
    return reached[-1] if reached else None


def reminders_send(*, now=None) -> int:
    """The beat job: queue each due reminder once; return how many were queued."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    oldest = today - datetime.timedelta(days=180)
    decisions = (
        CompletionDecision.objects.filter(
            completed=True,
            enrolment__status=Enrolment.Status.COMPLETED,
            decided_at__gte=now - datetime.timedelta(days=181),
        )
        .annotate(reported=Exists(JobRecord.objects.filter(enrolment=OuterRef("enrolment_id"))))
        .filter(reported=False)
        .order_by("enrolment_id", "-decided_at")
        .values_list("enrolment_id", "enrolment__user_id", "decided_at")
    )
    graduated = {}
    graduate_user = {}
    for enrolment_id, user_id, decided_at in decisions:
        graduated.setdefault(enrolment_id, timezone.localdate(decided_at))
        graduate_user[enrolment_id] = user_id
    sent = set(
        JobRecordReminder.objects.filter(enrolment_id__in=graduated).values_list(
            "enrolment_id", "day"
        )
    )
    queued = 0
    for enrolment_id, graduated_on in graduated.items():
        if graduated_on < oldest:
            continue
        day = reminder_day_due(graduated_on=graduated_on, today=today)
        if day is None or (enrolment_id, day) in sent:
            continue
        try:
            with transaction.atomic():
                JobRecordReminder.objects.create(enrolment_id=enrolment_id, day=day, sent_at=now)
                outbox.email_queue(
                    kind=JOB_SEARCH_REMINDER,
                    object_id=enrolment_id,
                    user_id=graduate_user[enrolment_id],
                    message=str(day),
                )
        except IntegrityError:
            continue  # another run queued it a moment ago
        queued += 1
    return queued
