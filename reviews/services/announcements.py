"""Announcements: an instructor or staff writes to a cohort; each student gets one copy.

announcement_create() resolves the audience once (every student with lab access, those
at risk by the gradebook's rule, or those who have not passed a lab) and writes one
AnnouncementDelivery per student with the announcement, then publishes the sending
after commit. Every delivery shows on its student's dashboard. Emails leave in batches
over one mail connection; each delivery is claimed (pending -> sending) before its email
goes to the mail server, so nobody gets it twice, whatever a redelivery, the sweeper or a
killed worker does. Email follows the reminders' opt-out: only students enrolled now,
with reminders on for the cohort (Enrolment.due_reminders) and an address.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from config.publish import publish_on_commit
from enrolment.models import Enrolment
from progress.dashboards.gradebook import cohort_gradebook
from reviews.models import Announcement, AnnouncementDelivery
from reviews.services.mail import MESSAGE_ERRORS

logger = logging.getLogger("lodestar.reviews")

# Emails per task message; the task publishes itself again for the next batch.
BATCH_SIZE = 50


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
        publish_on_commit("reviews.send_announcement", announcement.pk)
    return announcement


def _wanting_email(announcement: Announcement) -> set[int]:
    """Students who get non-essential mail from this cohort: the reminders' rule."""
    return set(
        Enrolment.objects.filter(
            cohort_id=announcement.cohort_id,
            status__in=Enrolment.RECEIVING_REMINDERS,
            due_reminders=True,
        )
        .exclude(user__email="")
        .values_list("user_id", flat=True)
    )


def announcement_send_batch(*, announcement_id: int, batch_size: int = BATCH_SIZE) -> int:
    """Email the next batch of pending deliveries; return how many are still pending."""
    announcement = (
        Announcement.objects.select_related("cohort", "author").filter(pk=announcement_id).first()
    )
    if announcement is None:
        return 0
    pending = AnnouncementDelivery.objects.filter(
        announcement=announcement, state=AnnouncementDelivery.State.PENDING
    )
    batch = list(pending.select_related("student").order_by("pk")[:batch_size])
    if not batch:
        return 0
    wanting = _wanting_email(announcement)
    sent = 0
    with get_connection() as connection:
        for delivery in batch:
            sent += _send_one(announcement, delivery, wanting=wanting, connection=connection)
    logger.info("announcement %s: %d emailed in this batch", announcement.pk, sent)
    return pending.count()


def _settle(delivery, state, detail=""):
    AnnouncementDelivery.objects.filter(pk=delivery.pk).update(
        state=state, detail=detail[:200], finished_at=timezone.now()
    )


def _send_one(announcement, delivery, *, wanting: set[int], connection) -> int:
    """Claim one delivery and email it; 1 if an email went out."""
    State = AnnouncementDelivery.State
    if not AnnouncementDelivery.objects.filter(pk=delivery.pk, state=State.PENDING).update(
        state=State.SENDING, claimed_at=timezone.now()
    ):
        return 0  # another worker took it
    if delivery.student_id not in wanting:
        _settle(delivery, State.SKIPPED, "Reminder emails off, no address, or not enrolled now.")
        return 0
    try:
        _message(announcement, delivery.student, connection=connection).send()
    except MESSAGE_ERRORS as error:
        _settle(delivery, State.FAILED, str(error))
        logger.warning("announcement delivery %s given up: %s", delivery.pk, error)
        return 0
    except BaseException:
        # The mail server is away (or the task is stopping): back to pending for a retry.
        AnnouncementDelivery.objects.filter(pk=delivery.pk, state=State.SENDING).update(
            state=State.PENDING, claimed_at=None
        )
        raise
    _settle(delivery, State.SENT)
    return 1


def _message(announcement: Announcement, student, *, connection) -> EmailMessage:
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
        connection=connection,
    )
