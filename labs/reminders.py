"""Reminders before due dates: one email per student, lab and due date, for labs not passed.

The beat task `labs.send_due_reminders` runs every hour. A reminder row is written first
(a unique constraint makes it once only), the email goes out from its own task after
commit, and rows whose email never left (the broker was away) are published again.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from enrolment.models import Cohort, Enrolment
from labs.models import DueReminder, Lab, Submission
from labs.services import publish_task

logger = logging.getLogger("lodestar.reminders")

# A reminder still unsent after this long lost its email task; the next run sends it.
UNSENT_AFTER = datetime.timedelta(minutes=30)


def reminders_due(*, today: datetime.date) -> list[tuple[Enrolment, Lab, datetime.date]]:
    """(enrolment, lab, due date) for every reminder that should exist and does not yet.

    A lab qualifies in a running cohort when it is open and due within
    LABS_DUE_REMINDER_DAYS (today included); a student qualifies when enrolled, with an
    email address, and without a passing submission for it in that cohort.
    """
    days = settings.LABS_DUE_REMINDER_DAYS
    if days <= 0:
        return []
    horizon = today + datetime.timedelta(days=days)
    labs = list(Lab.objects.filter(is_published=True).order_by("week", "title"))
    due = []
    running = Cohort.objects.with_status(Cohort.Status.RUNNING, today).select_related("program")
    for cohort in running:
        due_labs = [
            (lab, lab.due_on(cohort))
            for lab in labs
            if lab.opens_on(cohort) <= today and today <= lab.due_on(cohort) <= horizon
        ]
        if not due_labs:
            continue
        lab_ids = [lab.pk for lab, _ in due_labs]
        passed = set(
            Submission.objects.filter(
                cohort=cohort, lab_id__in=lab_ids, status=Submission.Status.GRADED, passed=True
            ).values_list("student_id", "lab_id")
        )
        reminded = set(
            DueReminder.objects.filter(cohort=cohort, lab_id__in=lab_ids).values_list(
                "student_id", "lab_id", "due_on"
            )
        )
        enrolments = (
            Enrolment.objects.filter(cohort=cohort, status=Enrolment.Status.ENROLLED)
            .exclude(user__email="")
            .select_related("user", "cohort__program")
            .order_by("user__username")
        )
        for enrolment in enrolments:
            for lab, due_on in due_labs:
                if (enrolment.user_id, lab.pk) in passed:
                    continue
                if (enrolment.user_id, lab.pk, due_on) in reminded:
                    continue
                due.append((enrolment, lab, due_on))
    return due


def due_reminders_create(*, today: datetime.date | None = None) -> int:
    """Write the reminders that are due and publish their emails; return how many are new."""
    from labs.tasks import send_due_reminder

    today = today or timezone.localdate()
    created_count = 0
    for enrolment, lab, due_on in reminders_due(today=today):
        with transaction.atomic():
            reminder, created = DueReminder.objects.get_or_create(
                student_id=enrolment.user_id, lab=lab, cohort_id=enrolment.cohort_id, due_on=due_on
            )
            if created:
                created_count += 1
                transaction.on_commit(lambda pk=reminder.pk: publish_task(send_due_reminder, pk))
    # Emails whose task was lost (the broker was down when it was published).
    # Until the due date passes: after it, the reminder has no point any more.
    stale = DueReminder.objects.filter(
        sent_at__isnull=True, created_at__lt=timezone.now() - UNSENT_AFTER, due_on__gte=today
    ).values_list("pk", flat=True)
    for pk in stale:
        publish_task(send_due_reminder, pk)
    if created_count:
        logger.info("due-date reminders: %d new", created_count)
    return created_count


def due_reminder_send(*, reminder_id: int) -> bool:
    """Send one reminder's email, unless it was sent already or the lab is passed by now."""
    reminder = (
        DueReminder.objects.select_related("student", "lab", "cohort__program")
        .filter(pk=reminder_id, sent_at__isnull=True)
        .first()
    )
    if reminder is None:
        return False
    attempts = Submission.objects.filter(
        student=reminder.student, lab=reminder.lab, cohort=reminder.cohort
    ).aggregate(
        sent=Count("pk"),
        passed=Count("pk", filter=Q(status=Submission.Status.GRADED, passed=True)),
    )
    if not attempts["passed"]:
        student = reminder.student
        context = {
            "name": student.first_name or student.get_username(),
            "lab": reminder.lab,
            "cohort": reminder.cohort,
            "due_on": reminder.due_on,
            "days_left": (reminder.due_on - timezone.localdate()).days,
            "files_sent": attempts["sent"],
            "lab_url": settings.SITE_URL + reverse("labs:detail", args=[reminder.lab.slug]),
            "dashboard_url": settings.SITE_URL + reverse("labs:dashboard"),
        }
        body = render_to_string("labs/email/due_reminder.txt", context)
        subject = f"{reminder.lab.title} is due on {date_format(reminder.due_on, 'l j F')}"
        send_mail(subject, body, None, [student.email])
    # Marked only once the mail server took it (or it was not needed): a failure retries.
    DueReminder.objects.filter(pk=reminder.pk, sent_at__isnull=True).update(sent_at=timezone.now())
    return not attempts["passed"]
