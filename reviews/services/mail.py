"""What the review emails share: the mail errors about one message, and the beat sweeper.

Comments and announcements are written with their rows and published after commit
(config.publish). When the broker is down then, the sweeper (the beat task
reviews.sweep_unsent_mail) publishes them again; a worker claims each email before
sending it, so a second message sends nothing.
"""

import logging
import smtplib
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from config.publish import publish
from reviews.models import Announcement, AnnouncementDelivery, SubmissionComment

logger = logging.getLogger("lodestar.reviews")

# Errors about one message (an address the server refuses): that email is given up and
# the others go on. Any other OSError means the mail server is away: try again later.
MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, ValueError)

# Unsent this long after it was written (or last published), its message is lost.
RESEND_AFTER = timedelta(minutes=2)
# Older news is left unsent.
GIVE_UP_AFTER = timedelta(days=2)
# A delivery claimed this long ago and not settled: its worker died while sending. Above
# the send task's time limit, so a slow batch still running is never taken for dead.
LOST_AFTER = timedelta(minutes=10)


def sweep_unsent_mail(*, now=None) -> dict:
    """Publish again the comment emails and announcements still unsent; mark lost sends."""
    now = now or timezone.now()
    due = now - RESEND_AFTER
    fresh = Q(created_at__gt=now - GIVE_UP_AFTER, created_at__lte=due) & (
        Q(republished_at__isnull=True) | Q(republished_at__lte=due)
    )
    lost = AnnouncementDelivery.objects.filter(
        state=AnnouncementDelivery.State.SENDING, claimed_at__lte=now - LOST_AFTER
    ).update(
        state=AnnouncementDelivery.State.LOST,
        finished_at=now,
        detail="The worker stopped while sending; not sent again.",
    )
    comments = list(
        SubmissionComment.objects.filter(fresh, emailed_at__isnull=True).values_list(
            "pk", flat=True
        )[:500]
    )
    announcements = list(
        Announcement.objects.filter(fresh, deliveries__state=AnnouncementDelivery.State.PENDING)
        .distinct()
        .values_list("pk", flat=True)[:100]
    )
    published = {"comments": 0, "announcements": 0, "lost": lost}
    for kind, task, ids, model in (
        ("comments", "reviews.send_comment_email", comments, SubmissionComment),
        ("announcements", "reviews.send_announcement", announcements, Announcement),
    ):
        done = []
        for pk in ids:
            if not publish(task, pk):
                break  # the broker is still down: the next run tries again
            done.append(pk)
        model.objects.filter(pk__in=done).update(republished_at=now)
        published[kind] = len(done)
    if any(published.values()):
        logger.info("review mail sweeper: %s", published)
    return published
