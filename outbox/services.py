"""Queue an email with the change it reports; send it once; sweep what is left unsent.

email_queue() writes the row in the caller's transaction and publishes `outbox.send_emails`
after commit (config.publish). emails_send() claims each row (a conditional update: one
claimer wins), renders it with its kind's sender and sends the batch over one mail
connection. An error about one message (an address the server refuses) settles that row
"failed" and the batch goes on; a mail server that is away puts the row back with a
back-off and stops the batch. The beat task `outbox.sweep_unsent` publishes pending rows
whose time has come (a lost first message, a back-off over) for GIVE_UP_AFTER at most, and
marks rows claimed longer than LOST_AFTER "lost": an email goes out at most once.
"""

import logging
import smtplib
from collections import Counter
from datetime import timedelta

from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone

from config.publish import publish, publish_on_commit
from outbox import registry
from outbox.models import OutgoingEmail

logger = logging.getLogger("lodestar.emails")
State = OutgoingEmail.State

# The task that sends, and the beat task that sweeps (config/settings_celery.py).
SEND_TASK = "outbox.send_emails"
# Rows per send task: one mail connection each.
BATCH_SIZE = 50
# A pending email this long after its last publish: its message is presumed lost.
RESEND_AFTER = timedelta(minutes=2)
# The mail server was away: wait RETRY_AFTER, doubled at each attempt, up to RETRY_AT_MOST.
RETRY_AFTER = timedelta(minutes=1)
RETRY_AT_MOST = timedelta(hours=1)
# News this old is stale: a pending email is left alone (its row stays, unsent).
GIVE_UP_AFTER = timedelta(days=2)
# Claimed this long ago and not settled: its worker died while sending. Above the send
# task's hard time limit (outbox/tasks.py), so a slow batch is never taken for dead.
LOST_AFTER = timedelta(minutes=10)
# Errors about one message (an address the server refuses, a header it will not take):
# that email is given up and the others go on. Any other OSError: the server is away.
MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, ValueError)


def _publish_in_batches(ids: list[int], publisher) -> list[int]:
    """Publish the ids in batches; return those handed to the broker."""
    published = []
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        if publisher(SEND_TASK, batch) is False:
            break  # the broker is down: the sweeper tries again
        published.extend(batch)
    return published


def emails_queue(
    *,
    kind: str,
    rows: list[tuple[int, int]],
    once: bool = False,
    message: str = "",
    publish: bool = True,
) -> list[int]:
    """Record one email of `kind` per (object id, user id) and publish them after commit
    (unless the caller, a worker already, sends them itself: `publish=False`).

    With `once`, a row that exists already for that (kind, object, user) is not written
    again. An unknown kind fails the caller now, not in the worker."""
    registry.sender_for(kind)
    now = timezone.now()
    emails = [
        OutgoingEmail(
            kind=kind,
            object_id=object_id,
            user_id=user_id,
            once=once,
            message=message,
            created_at=now,
            next_try_at=now + RESEND_AFTER,
        )
        for object_id, user_id in rows
    ]
    with transaction.atomic():
        created = OutgoingEmail.objects.bulk_create(emails, ignore_conflicts=once)
        if once:  # ignore_conflicts returns no ids: read back those written now
            ids = list(
                OutgoingEmail.objects.filter(
                    kind=kind, once=True, created_at=now, object_id__in=[r[0] for r in rows]
                ).values_list("pk", flat=True)
            )
        else:
            ids = [email.pk for email in created]
        if publish:
            _publish_in_batches(sorted(ids), publish_on_commit)
    return ids


def email_queue(
    *, kind: str, object_id: int, user_id: int, once: bool = False, message: str = ""
) -> int | None:
    """Record one email and publish it after commit; its id (None: queued already, `once`)."""
    ids = emails_queue(kind=kind, rows=[(object_id, user_id)], once=once, message=message)
    return ids[0] if ids else None


def email_claim(*, email_id: int) -> bool:
    """Take the right to send: True for exactly one caller while the email is pending."""
    return bool(
        OutgoingEmail.objects.filter(pk=email_id, state=State.PENDING).update(
            state=State.SENDING, claimed_at=timezone.now()
        )
    )


def email_release(*, email: OutgoingEmail, error: BaseException) -> None:
    """The mail server was away: pending again, tried after a back-off (the sweeper)."""
    now = timezone.now()
    wait = min(RETRY_AFTER * 2**email.attempts, RETRY_AT_MOST)
    OutgoingEmail.objects.filter(pk=email.pk, state=State.SENDING).update(
        state=State.PENDING,
        claimed_at=None,
        attempts=email.attempts + 1,
        next_try_at=now + wait,
        detail=f"Mail server away: {error}"[:200],
    )


def _settle(email_id: int, state: str, detail: str = "") -> None:
    OutgoingEmail.objects.filter(pk=email_id).update(
        state=state, detail=str(detail)[:200], finished_at=timezone.now()
    )


def emails_send(*, email_ids: list[int]) -> Counter:
    """Send the given emails that are still pending, over one connection; count outcomes."""
    outcome = Counter()
    connection = get_connection()
    try:
        for email_id in email_ids:
            result = _send_one(email_id, connection=connection)
            outcome[result] += 1
            if result == "away":
                break  # the rest stay pending: the sweeper publishes them after the back-off
    finally:
        connection.close()
    return outcome


def _send_one(email_id: int, *, connection) -> str:
    if not email_claim(email_id=email_id):
        return "taken"  # sent already, settled, or being sent by another worker
    email = OutgoingEmail.objects.select_related("user").filter(pk=email_id).first()
    if email is None:
        return "taken"  # deleted since (the person deleted their account)
    try:
        sender = registry.sender_for(email.kind)
    except registry.UnknownKind:
        logger.error("outgoing email %s: no sender for kind %r", email_id, email.kind)
        _settle(email_id, State.FAILED, f"No sender is registered for {email.kind!r} emails.")
        return State.FAILED
    try:
        message = sender(email)
        message.connection = connection
        connection.open()  # once: an open connection stays open for the batch
        message.send()
    except registry.Skip as skip:
        _settle(email_id, State.SKIPPED, str(skip))
        return State.SKIPPED
    except MESSAGE_ERRORS as error:
        logger.warning("outgoing email %s given up: %s", email_id, error)
        _settle(email_id, State.FAILED, str(error))
        return State.FAILED
    except OSError as error:
        logger.warning("outgoing email %s: mail server away (%s)", email_id, error)
        email_release(email=email, error=error)
        return "away"
    except BaseException as error:  # the task is stopping, or a bug: try again later
        email_release(email=email, error=error)
        raise
    _settle(email_id, State.SENT)
    return State.SENT


def sweep_unsent(*, now=None) -> dict:
    """Mark dead claims lost; publish again the pending emails whose time has come."""
    now = now or timezone.now()
    lost = OutgoingEmail.objects.filter(
        state=State.SENDING, claimed_at__lte=now - LOST_AFTER
    ).update(
        state=State.LOST,
        finished_at=now,
        detail="The worker stopped while sending; not sent again.",
    )
    due = list(
        OutgoingEmail.objects.filter(
            state=State.PENDING, next_try_at__lte=now, created_at__gt=now - GIVE_UP_AFTER
        )
        .order_by("next_try_at", "pk")
        .values_list("pk", flat=True)[:500]
    )
    published = _publish_in_batches(due, publish)
    OutgoingEmail.objects.filter(pk__in=published, state=State.PENDING).update(
        next_try_at=now + RESEND_AFTER
    )
    if due or lost:
        logger.info(
            "email sweeper: %d of %d pending emails published again, %d lost",
            len(published),
            len(due),
            lost,
        )
    return {"published": len(published), "lost": lost}
