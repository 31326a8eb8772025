"""Reminders to report the job search: 30, 90 and 150 days after graduating, until the
graduate records something. Each goes once (a JobRecordReminder row per day), through the
enrolment outbox (written with the row, sent by a worker after commit)."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from courses.models import CompletionDecision
from enrolment import outbox
from enrolment.models import Enrolment, OutgoingEmail
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
        .values_list("enrolment_id", "decided_at")
    )
    graduated = {}
    for enrolment_id, decided_at in decisions:
        graduated.setdefault(enrolment_id, timezone.localdate(decided_at))
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
                    kind=OutgoingEmail.Kind.JOB_SEARCH_REMINDER,
                    enrolment=Enrolment.objects.get(pk=enrolment_id),
                    message=str(day),
                )
        except IntegrityError:
            continue  # another run queued it a moment ago
        queued += 1
    return queued
