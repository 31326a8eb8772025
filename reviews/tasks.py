"""Celery tasks for review: thin, take ids, published after commit by the services."""

from celery import shared_task

from config.publish import publish
from reviews.services import announcements, comments, mail

# A mail server that is briefly away should not cost anyone their email.
EMAIL_TASK_OPTIONS = {"autoretry_for": (OSError,), "retry_backoff": True, "max_retries": 5}


@shared_task(name="reviews.send_comment_email", **EMAIL_TASK_OPTIONS)
def send_comment_email(comment_id: int) -> bool:
    return comments.comment_email_send(comment_id=comment_id)


# One batch per message; under the sweeper's LOST_AFTER so a live batch is never "lost".
@shared_task(
    name="reviews.send_announcement", soft_time_limit=240, time_limit=300, **EMAIL_TASK_OPTIONS
)
def send_announcement(announcement_id: int) -> int:
    remaining = announcements.announcement_send_batch(announcement_id=announcement_id)
    if remaining:
        publish("reviews.send_announcement", announcement_id)  # the next batch; the sweeper if lost
    return remaining


@shared_task(name="reviews.sweep_unsent_mail")
def sweep_unsent_mail() -> dict:
    return mail.sweep_unsent_mail()
