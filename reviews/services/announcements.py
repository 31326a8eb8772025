"""Announcements: an instructor or staff writes to a cohort; each student gets one copy.

announcement_create() resolves the audience once (every student with lab access, those
at risk by the gradebook's rule, or those who have not passed a lab) and writes one
AnnouncementDelivery per student with the announcement, and one email per student in the
outbox (at most once each; sent in batches over one mail connection after commit). Every
delivery shows on its student's dashboard. Email follows the reminders' opt-out: only
students enrolled now, with reminders on for the cohort (Enrolment.due_reminders) and an
address, when the email leaves.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from enrolment.models import Enrolment
from outbox import services as outbox
from outbox.registry import Skip
from progress.dashboards.gradebook import cohort_gradebook
from reviews.models import ANNOUNCEMENT_EMAIL, Announcement, AnnouncementDelivery


class AnnouncementRefused(Exception):
    """The announcement is not stored; the message is meant for its author."""


def audience_student_ids(*, cohort, audience: str, lab=None) -> list[int]:
    """The students an announcement to this audience reaches, by the gradebook's reading."""
    book = cohort_gradebook(cohort=cohort)
    if audience == Announcement.Audience.ALL:
        rows = book.rows
    elif audience == Announcement.Audience.AT_RISK:
        rows = book.at_risk
    elif audience == Announcement.Audience.NOT_PASSED:
        index = next(
            (i for i, c in enumerate(book.columns) if c.lab.pk == getattr(lab, "pk", None)), None
        )
        if index is None:
            raise AnnouncementRefused("Choose a published lab for this audience.")
        rows = [row for row in book.rows if not row.cells[index].has_passed]
    else:
        raise AnnouncementRefused("Choose who the announcement is for.")
    return sorted(row.student.pk for row in rows)


def announcement_create(
    *, cohort, author, audience: str, subject: str, body: str, lab=None
) -> Announcement:
    """Write the announcement and one delivery per student of its audience; send after commit."""
    subject = (subject or "").strip()
    body = (body or "").replace("\r\n", "\n").strip()
    if not subject or not body:
        raise AnnouncementRefused("Write a subject and a message.")
    if audience != Announcement.Audience.NOT_PASSED:
        lab = None
    student_ids = audience_student_ids(cohort=cohort, audience=audience, lab=lab)
    if not student_ids:
        raise AnnouncementRefused("Nobody is in this audience now; nothing was sent.")
    with transaction.atomic():
        announcement = Announcement.objects.create(
            cohort=cohort, author=author, audience=audience, lab=lab, subject=subject, body=body
        )
        AnnouncementDelivery.objects.bulk_create(
            AnnouncementDelivery(announcement=announcement, student_id=student_id)
            for student_id in student_ids
        )
        outbox.emails_queue(
            kind=ANNOUNCEMENT_EMAIL,
            rows=[(announcement.pk, student_id) for student_id in student_ids],
            once=True,
        )
    return announcement


def _wants_email(announcement: Announcement, student) -> bool:
    """Whether the student gets non-essential mail from this cohort: the reminders' rule."""
    return bool(student.email) and (
        Enrolment.objects.filter(
            cohort_id=announcement.cohort_id,
            user=student,
            status__in=Enrolment.RECEIVING_REMINDERS,
            due_reminders=True,
        ).exists()
    )


def announcement_message(email) -> EmailMessage:
    """The outbox's sender for ANNOUNCEMENT_EMAIL: one student's copy."""
    announcement = (
        Announcement.objects.select_related("cohort", "author").filter(pk=email.object_id).first()
    )
    student = email.user
    if announcement is None or not _wants_email(announcement, student):
        raise Skip("Reminder emails off, no address, or not enrolled now.")
    author = announcement.author
    context = {
        "announcement": announcement,
        "name": student.first_name or student.get_username(),
        "author_name": (author.get_full_name() or author.get_username()) if author else "Lodestar",
        "cohort": announcement.cohort,
        "dashboard_url": settings.SITE_URL + reverse("labs:dashboard"),
        "account_url": settings.SITE_URL + reverse("account"),
    }
    return EmailMessage(
        subject=f"[{announcement.cohort.name}] {announcement.subject}",
        body=render_to_string("reviews/email/announcement.txt", context),
        to=[student.email],
    )
