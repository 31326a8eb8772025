"""The emails' outbox (enrolment, and course completion): queue an email with the change it
reports, send it once.

email_queue() writes an OutgoingEmail row in the caller's transaction and publishes its
task after commit (config.publish). If the broker is down then, the request still
succeeds; the beat task enrolment.sweep_unsent_emails publishes unsent rows older than
RESEND_AFTER again (for GIVE_UP_AFTER at most). A worker claims the row (sent_at) before
sending and releases it if the mail server is away, so duplicate messages from the
sweeper or a redelivery send nothing: an email goes out at most once. A worker killed
between its claim and the mail server's answer leaves the email unsent for good.
"""

import logging
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from config.publish import publish, publish_on_commit
from enrolment.models import Enrolment, Interest, OutgoingEmail

logger = logging.getLogger("lodestar.emails")

# An unsent email this old is published again; by then its first message is lost.
RESEND_AFTER = timedelta(minutes=2)
# News this old is stale: an unsent email is left alone (its row stays, unsent).
GIVE_UP_AFTER = timedelta(days=2)


# The task that sends each kind, by name (config.publish): the completion email is the
# course rules' (courses.tasks), the job-search reminder outcomes', the others enrolment's.
TASK_FOR_KIND = {
    OutgoingEmail.Kind.COMPLETED: "courses.send_completion_email",
    OutgoingEmail.Kind.JOB_SEARCH_REMINDER: "outcomes.send_job_search_reminder",
    OutgoingEmail.Kind.APPLICATION_RECEIVED: "enrolment.send_application_received",
    OutgoingEmail.Kind.SEAT_OFFERED: "enrolment.send_seat_offered",
    OutgoingEmail.Kind.ENROLMENT_CHANGED: "enrolment.send_enrolment_changed",
    OutgoingEmail.Kind.INTEREST_RECEIVED: "enrolment.send_interest_received",
    OutgoingEmail.Kind.EMAIL_CONFIRMATION: "enrolment.send_email_confirmation",
}


def email_queue(
    *,
    kind: str,
    enrolment: Enrolment | None = None,
    interest: Interest | None = None,
    user=None,
    message: str = "",
) -> OutgoingEmail:
    """Record an email about one enrolment, interest entry or account, and publish it once
    the transaction commits. The task gets that row's id."""
    email = OutgoingEmail.objects.create(
        enrolment=enrolment, interest=interest, user=user, kind=kind, message=message
    )
    publish_on_commit(TASK_FOR_KIND[kind], email.subject_id, email_id=email.pk)
    return email


def email_claim(*, email_id: int) -> bool:
    """Take the right to send: True for exactly one caller while the email is unsent."""
    return bool(
        OutgoingEmail.objects.filter(pk=email_id, sent_at__isnull=True).update(
            sent_at=timezone.now()
        )
    )


def email_release(*, email_id: int) -> None:
    """The email did not go out (mail server away): let a retry or the sweeper send it."""
    OutgoingEmail.objects.filter(pk=email_id).update(sent_at=None)


def sweep_unsent_emails(*, now=None) -> int:
    """Publish again the unsent emails whose message the broker lost; return how many."""
    now = now or timezone.now()
    due = now - RESEND_AFTER
    unsent = list(
        OutgoingEmail.objects.filter(
            sent_at__isnull=True, created_at__lte=due, created_at__gt=now - GIVE_UP_AFTER
        )
        .filter(Q(republished_at__isnull=True) | Q(republished_at__lte=due))
        .values_list("pk", "enrolment_id", "interest_id", "user_id", "kind")[:500]
    )
    published = []
    for pk, enrolment_id, interest_id, user_id, kind in unsent:
        subject_id = enrolment_id or interest_id or user_id
        if not publish(TASK_FOR_KIND[kind], subject_id, email_id=pk):
            break  # the broker is still down: the next run tries again
        published.append(pk)
    OutgoingEmail.objects.filter(pk__in=published).update(republished_at=now)
    if unsent:
        logger.info(
            "email sweeper: %d of %d unsent emails published again", len(published), len(unsent)
        )
    return len(published)
