"""Reminders before due dates: one email per student, lab and due date, for labs not passed.

The beat task `labs.send_due_reminders` runs every hour. It writes the reminders that are
due (a unique constraint makes each one once only, whatever runs at the same time), then
sends the unsent ones over one mail connection, outside the grading work. Each row is
claimed before its email goes out and released if the mail server is away, so an email
is sent at most once and tried again an hour later, until the due date; an address the
server refuses is given up (DueReminder.failure) without holding up the others.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from courses import selectors as course_selectors
from enrolment.models import Cohort, Enrolment
from labs.access import is_lab_open
from labs.models import DueReminder, Lab, Submission

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
    """Write the reminders that are due; return how many are new."""
    created_count = 0
    for enrolment, lab, due_on in reminders_due(today=today):
        _, created = DueReminder.objects.get_or_create(
            student_id=enrolment.user_id, lab=lab, cohort_id=enrolment.cohort_id, due_on=due_on
        )
        created_count += created
    return created_count


def _pending(today: datetime.date):
    """Unsent reminders whose due date has not passed, with what the email needs to know."""
    same_work = {
        "student": OuterRef("student"),
        "lab": OuterRef("lab"),
        "cohort": OuterRef("cohort"),
    }
    files = (
        Submission.objects.filter(**same_work)
        .order_by()
        .values("student")
        .annotate(count=Count("pk"))
        .values("count")
    )
    enrolled = Enrolment.objects.filter(
        user=OuterRef("student"),
        cohort=OuterRef("cohort"),
        status__in=Enrolment.RECEIVING_REMINDERS,
        due_reminders=True,
    )
    return (
        DueReminder.objects.filter(sent_at__isnull=True, due_on__gte=today)
        .select_related("student", "lab__dataset", "cohort__program")
        .annotate(
            wants_reminder=Exists(enrolled),
            files_sent=Coalesce(Subquery(files), Value(0), output_field=IntegerField()),
        )
        .order_by("pk")
    )


def _message(reminder: DueReminder, *, today: datetime.date, connection) -> EmailMessage:
    student = reminder.student
    context = {
        "name": student.first_name or student.get_username(),
        "lab": reminder.lab,
        "cohort": reminder.cohort,
        "due_on": reminder.due_on,
        "days_left": (reminder.due_on - today).days,
        "files_sent": reminder.files_sent,
        "lab_url": settings.SITE_URL + reverse("labs:detail", args=[reminder.lab.slug]),
        "dashboard_url": settings.SITE_URL + reverse("labs:dashboard"),
        "account_url": settings.SITE_URL + reverse("account"),
    }
    return EmailMessage(
        subject=f"{reminder.lab.title} is due on {date_format(reminder.due_on, 'l j F')}",
        body=render_to_string("labs/email/due_reminder.txt", context),
        to=[student.email],
        connection=connection,
    )


# Errors about one message (an address the server refuses, a header it will not take):
# that reminder is given up and the run goes on. Any other OSError means the mail server
# itself is away or refuses us: the run stops and the next hour tries again.
MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, ValueError)


def due_reminders_send(*, today: datetime.date) -> int:
    """Email the unsent reminders over one connection; return how many went out."""
    pending = list(_pending(today))
    if not pending:
        return 0
    sent = 0
    try:
        with get_connection() as connection:
            for reminder in pending:
                sent += _send_one(reminder, today=today, connection=connection)
    except OSError as error:
        logger.warning(
            "due-date reminders: mail server unavailable (%s); %d sent, the rest next hour",
            error,
            sent,
        )
    return sent


def _send_one(reminder: DueReminder, *, today: datetime.date, connection) -> int:
    """Settle one reminder: 1 if its email went out, else 0."""
    lab, cohort = reminder.lab, reminder.cohort
    # The student's LabResult (courses): their own due date, and whether they passed (a
    # reviewer's override in force included).
    result = course_selectors.lab_result_for(student=reminder.student, cohort=cohort, lab=lab)
    still_applies = lab.is_published and result.due_on == reminder.due_on
    if not still_applies or not reminder.wants_reminder:
        # The lab moved or was withdrawn, or the student left or turned reminders off:
        # forget it. If it applies again (reminders back on), the next run writes it anew.
        DueReminder.objects.filter(pk=reminder.pk, sent_at__isnull=True).delete()
        return 0
    if not DueReminder.objects.filter(pk=reminder.pk, sent_at__isnull=True).update(
        sent_at=timezone.now()
    ):
        return 0  # another run took it
    if result.has_passed:
        return 0  # passed since it was written: settled, nothing to say
    try:
        _message(reminder, today=today, connection=connection).send()
    except MESSAGE_ERRORS as error:
        DueReminder.objects.filter(pk=reminder.pk).update(failure=str(error)[:200])
        logger.warning("due-date reminder %s given up: %s", reminder.pk, error)
        return 0
    except BaseException:
        DueReminder.objects.filter(pk=reminder.pk).update(sent_at=None)  # for the next run
        raise
    DueReminder.objects.filter(pk=reminder.pk).update(emailed=True)
    return 1


def due_reminders_run(*, today: datetime.date | None = None) -> dict:
    """The hourly job: write what is due, then send what is unsent."""
    today = today or timezone.localdate()
    created = due_reminders_create(today=today)
    sent = due_reminders_send(today=today)
    if created or sent:
        logger.info("due-date reminders: %d new, %d emailed", created, sent)
    return {"created": created, "emailed": sent}
