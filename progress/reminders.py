"""Reminders before due dates: one email per student, lab and due date, for labs not passed.

The beat task `labs.send_due_reminders` runs every hour. It writes the reminders that are
due (a unique constraint makes each one once only, whatever runs at the same time), each
with its email in the outbox, then sends the pending ones over one mail connection,
outside the grading work. The outbox claims each before it goes out and puts it back if
the mail server is away (the sweeper or the next run tries again, until the due date); an
address the server refuses is given up without holding up the others.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from courses import due_zones
from courses import selectors as course_selectors
from enrolment.models import Cohort, Enrolment
from labs.access import is_lab_open
from labs.models import DueReminder, Lab, Submission
from outbox import services as outbox
from outbox.models import OutgoingEmail
from outbox.registry import Skip

logger = logging.getLogger("lodestar.reminders")


def reminders_due(*, today: datetime.date) -> list[tuple[Enrolment, Lab, datetime.date]]:
    """(enrolment, lab, due date) for every reminder that should exist and does not yet.

    A lab qualifies in a running cohort when it is open and due within
    LABS_DUE_REMINDER_DAYS (today included); a student qualifies when enrolled, with an
    email address, reminders not turned off (Enrolment.due_reminders), and without a
    passing submission for it in that cohort.
    """
    days = settings.LABS_DUE_REMINDER_DAYS
    if days <= 0:
        return []
    horizon = today + datetime.timedelta(days=days)
    labs = list(Lab.objects.filter(is_published=True).order_by("week", "title"))
    due = []
    running = Cohort.objects.with_status(Cohort.Status.RUNNING, today).select_related("program")
    for cohort in running:
        # Each student's own due date (courses: extensions, late joiners).
        dues = course_selectors.due_dates_for(cohort=cohort)
        due_labs = [lab for lab in labs if is_lab_open(lab=lab, cohort=cohort, today=today)]
        if not due_labs:
            continue
        lab_ids = [lab.pk for lab in due_labs]
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
            Enrolment.objects.filter(
                cohort=cohort, status__in=Enrolment.RECEIVING_REMINDERS, due_reminders=True
            )
            .exclude(user__email="")
            .order_by("user__username")
        )
        for enrolment in enrolments:
            for lab in due_labs:
                due_on = dues.for_student(enrolment.user_id, lab).due_on
                if not today <= due_on <= horizon:
                    continue
                if (enrolment.user_id, lab.pk) in passed:
                    continue
                if (enrolment.user_id, lab.pk, due_on) in reminded:
                    continue
                due.append((enrolment, lab, due_on))
    return due


def due_reminders_create(*, today: datetime.date) -> int:
    """Write the reminders that are due, each with its email; return how many are new."""
    new = []
    with transaction.atomic():
        for enrolment, lab, due_on in reminders_due(today=today):
            reminder, created = DueReminder.objects.get_or_create(
                student_id=enrolment.user_id, lab=lab, cohort_id=enrolment.cohort_id, due_on=due_on
            )
            if created:
                new.append((reminder.pk, reminder.student_id))
        # Sent by this run (due_reminders_send), or by the outbox's sweeper if it stops.
        outbox.emails_queue(kind=DueReminder.EMAIL_KIND, rows=new, once=True, publish=False)
    return len(new)


def _pending(today: datetime.date) -> list[int]:
    """The reminder emails still to send whose due date has not passed."""
    current = DueReminder.objects.filter(due_on__gte=today).values("pk")
    return list(
        OutgoingEmail.objects.filter(
            kind=DueReminder.EMAIL_KIND, state=OutgoingEmail.State.PENDING, object_id__in=current
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def due_reminder_message(email) -> EmailMessage:
    """The outbox's sender for a reminder, if it still applies and the student has not passed.

    A reminder that no longer applies (the lab moved or was withdrawn, the student left or
    turned reminders off) is forgotten: if it applies again, the next run writes it anew."""
    today = timezone.localdate()
    reminder = (
        DueReminder.objects.select_related("student", "lab__dataset", "cohort__program")
        .filter(pk=email.object_id)
        .first()
    )
    if reminder is None or reminder.due_on < today:
        raise Skip("Gone, or its due date has passed.")
    lab, cohort, student = reminder.lab, reminder.cohort, reminder.student
    # The student's LabResult (courses): their own due date, and whether they passed (a
    # reviewer's override in force included).
    result = course_selectors.lab_result_for(student=student, cohort=cohort, lab=lab)
    wants_reminder = Enrolment.objects.filter(
        user=student, cohort=cohort, status__in=Enrolment.RECEIVING_REMINDERS, due_reminders=True
    ).exists()
    if not (lab.is_published and result.due_on == reminder.due_on and wants_reminder):
        reminder.delete()
        raise Skip("No longer applies: the lab moved, or the student left or opted out.")
    if result.has_passed:
        raise Skip("Passed since it was written.")
    files_sent = Submission.objects.filter(student=student, lab=lab, cohort=cohort).count()
    # When the student reads another zone than the school's, the moment the date passes on
    # their clock (courses.due_zones), as the pages show it beside the date.
    theirs = due_zones.due_moment_for_reader(reminder.due_on, due_zones.person_zone(student))
    context = {
        "due_local": due_zones.clock_text(theirs) if theirs else "",
        "due_zone": str(theirs.tzinfo) if theirs else "",
        "name": student.first_name or student.get_username(),
        "lab": lab,
        "cohort": cohort,
        "due_on": reminder.due_on,
        "days_left": (reminder.due_on - today).days,
        "files_sent": files_sent,
        "lab_url": settings.SITE_URL + reverse("labs:detail", args=[lab.slug]),
        "dashboard_url": settings.SITE_URL + reverse("labs:dashboard"),
        "account_url": settings.SITE_URL + reverse("account"),
    }
    return EmailMessage(
        subject=f"{lab.title} is due on {date_format(reminder.due_on, 'l j F')}",
        body=render_to_string("labs/email/due_reminder.txt", context),
        to=[student.email],
    )


def due_reminders_send(*, today: datetime.date) -> int:
    """Email the pending reminders over one connection; return how many went out."""
    outcome = outbox.emails_send(email_ids=_pending(today))
    return outcome[OutgoingEmail.State.SENT]


def due_reminders_run(*, today: datetime.date | None = None) -> dict:
    """The hourly job: write what is due, then send what is unsent."""
    today = today or timezone.localdate()
    created = due_reminders_create(today=today)
    sent = due_reminders_send(today=today)
    if created or sent:
        logger.info("due-date reminders: %d new, %d emailed", created, sent)
    return {"created": created, "emailed": sent}
