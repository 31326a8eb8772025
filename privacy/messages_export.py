"""What the site told a person and what they marked done, in their export: the
announcements delivered to them, the due-date reminders emailed to them, and the syllabus's
lessons they marked done."""

from labs.models import DueReminder
from outbox.models import OutgoingEmail
from privacy.values import when
from reviews import selectors as review_selectors
from reviews.models import AnnouncementDelivery
from syllabus.models import LessonCompletion


def announcements(user) -> list[dict]:
    deliveries = list(
        AnnouncementDelivery.objects.filter(student=user)
        .select_related("announcement__cohort")
        .order_by("announcement__created_at", "pk")
    )
    emails = review_selectors.delivery_emails(deliveries)
    return [
        {
            "cohort": delivery.announcement.cohort.name,
            "subject": delivery.announcement.subject,
            "body": delivery.announcement.body,
            "created_at": when(delivery.announcement.created_at),
            "email": emails[delivery.pk].get_state_display() if delivery.pk in emails else "",
        }
        for delivery in deliveries
    ]


def due_reminders(user) -> list[dict]:
    """The reminders emailed to them, with when each left (the outbox's row)."""
    sent = OutgoingEmail.objects.filter(
        kind=DueReminder.EMAIL_KIND, user=user, state=OutgoingEmail.State.SENT
    )
    sent_at = dict(sent.values_list("object_id", "finished_at"))
    reminders = DueReminder.objects.filter(pk__in=list(sent_at)).select_related("lab")
    return [
        {
            "lab": reminder.lab.slug,
            "due_on": when(reminder.due_on),
            "sent_at": when(sent_at[reminder.pk]),
        }
        for reminder in sorted(reminders, key=lambda r: (sent_at[r.pk], r.pk))
    ]


def lessons_done(user) -> list[dict]:
    rows = (
        LessonCompletion.objects.filter(user=user)
        .select_related("lesson__week")
        .order_by("completed_at", "pk")
    )
    return [
        {
            "week": row.lesson.week.number,
            "lesson": row.lesson.title,
            "done_at": when(row.completed_at),
        }
        for row in rows
    ]
