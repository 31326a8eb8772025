"""Comments on a submission: write one, email the other side once, mark them read."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from config.publish import publish_on_commit
from reviews.models import SubmissionComment
from reviews.services.mail import MESSAGE_ERRORS

logger = logging.getLogger("lodestar.reviews")


class CommentRefused(Exception):
    """The comment is not stored; the message is meant for its author."""


def _normalised(body: str) -> str:
    return body.replace("\r\n", "\n").replace("\r", "\n").strip()


def comment_create(*, submission, author, body: str) -> SubmissionComment:
    """Store a comment by the submission's student or a reviewer; email the other side.

    The caller has checked that `author` may see the submission (labs.access); anyone
    but its student writes as a reviewer.
    """
    body = _normalised(body)
    if not body:
        raise CommentRefused("Write something first: the comment is empty.")
    with transaction.atomic():
        comment = SubmissionComment.objects.create(
            submission=submission,
            author=author,
            by_reviewer=author.pk != submission.student_id,
            body=body,
        )
        publish_on_commit("reviews.send_comment_email", comment.pk)
    return comment


def comments_mark_read(*, submission, reader) -> int:
    """The reader opened the submission: the other side's comments are read now."""
    from_other_side = reader.pk == submission.student_id  # the student reads reviewers'
    return submission.comments.filter(by_reviewer=from_other_side, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def _recipients(comment: SubmissionComment) -> list[str]:
    submission = comment.submission
    if comment.by_reviewer:
        people = [submission.student]
    elif submission.cohort is not None:
        people = list(submission.cohort.instructors.exclude(pk=comment.author_id))
    else:
        people = []
    return sorted({person.email for person in people if person.email})


def comment_email_send(*, comment_id: int) -> bool:
    """Email the other side about one comment, at most once; True if an email went out.

    The row is claimed (emailed_at) first; a mail server that is away releases it for
    the task's retry or the sweeper. An address the server refuses is given up.
    """
    if not SubmissionComment.objects.filter(pk=comment_id, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    ):
        return False  # sent already, or being sent by another worker
    try:
        comment = (
            SubmissionComment.objects.select_related(
                "author", "submission__student", "submission__lab", "submission__cohort"
            )
            .filter(pk=comment_id)
            .first()
        )
        recipients = _recipients(comment) if comment else []
        if not recipients:
            return False
        submission = comment.submission
        context = {
            "comment": comment,
            "author_name": comment.author.get_full_name() or comment.author.get_username(),
            "lab": submission.lab,
            "submission": submission,
            "url": settings.SITE_URL + reverse("reviews:submission", args=[submission.pk]),
        }
        EmailMessage(
            subject=f"New comment on {submission.lab.title} (submission #{submission.pk})",
            body=render_to_string("reviews/email/comment.txt", context),
            to=recipients,
        ).send()
    except MESSAGE_ERRORS as error:
        logger.warning("comment email %s given up: %s", comment_id, error)
        return False
    except BaseException:
        SubmissionComment.objects.filter(pk=comment_id).update(emailed_at=None)
        raise
    return True
