"""Comments on a submission: write one, email the other side once, mark them read."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from outbox import services as outbox
from outbox.registry import Skip
from reviews.models import COMMENT_EMAIL, SubmissionComment
from rubrics import selectors as rubric_selectors


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
        outbox.email_queue(kind=COMMENT_EMAIL, object_id=comment.pk, user_id=author.pk, once=True)
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


def comment_message(email) -> EmailMessage:
    """The outbox's sender for COMMENT_EMAIL: the comment, to the other side."""
    comment = (
        SubmissionComment.objects.select_related(
            "author", "submission__student", "submission__lab", "submission__cohort"
        )
        .filter(pk=email.object_id)
        .first()
    )
    recipients = _recipients(comment) if comment else []
    if not recipients:
        raise Skip("Nobody to write to (no address, or the comment is gone).")
    submission = comment.submission
    author_name = comment.author.get_full_name() or comment.author.get_username()
    if not comment.by_reviewer and rubric_selectors.hides_names(
        lab=submission.lab, cohort=submission.cohort
    ):
        # Blind grading: the graders read the student's pseudonym here too (rubrics).
        author_name = rubric_selectors.pseudonym(
            lab_id=submission.lab_id, student_id=submission.student_id
        )
    context = {
        "comment": comment,
        "author_name": author_name,
        "lab": submission.lab,
        "submission": submission,
        "url": settings.SITE_URL + reverse("reviews:submission", args=[submission.pk]),
    }
    return EmailMessage(
        subject=f"New comment on {submission.lab.title} (submission #{submission.pk})",
        body=render_to_string("reviews/email/comment.txt", context),
        to=recipients,
    )
