"""Comments on a submission: both sides, in order, escaped, emailed once to the other side."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from outbox import services as outbox
from outbox.models import OutgoingEmail
from reviews.models import COMMENT_EMAIL, SubmissionComment
from reviews.services import comments

pytestmark = pytest.mark.django_db


def _send(comment) -> bool:
    """What the outbox's worker does with the comment's email: True if it went out."""
    email = OutgoingEmail.objects.get(kind=COMMENT_EMAIL, object_id=comment.pk)
    return outbox.emails_send(email_ids=[email.pk])[OutgoingEmail.State.SENT] == 1


def _post(client, user, submission, body):
    client.force_login(user)
    return client.post(reverse("reviews:comment_create", args=[submission.pk]), {"body": body})


def test_instructor_and_student_comment_in_order_with_escaped_text(
    client, instructor, graded_alice
):
    assert (
        _post(client, instructor, graded_alice, "Look at <b>line 3</b>\nand 4").status_code == 302
    )
    assert _post(client, graded_alice.student, graded_alice, "Thanks!").status_code == 302
    page = client.get(reverse("reviews:submission", args=[graded_alice.pk])).content.decode()
    first, second = page.index("Look at"), page.index("Thanks!")
    assert first < second
    assert "&lt;b&gt;line 3&lt;/b&gt;<br>and 4" in page
    by = list(SubmissionComment.objects.values_list("by_reviewer", flat=True))
    assert by == [True, False]


def test_an_empty_or_control_character_comment_is_refused(client, instructor, graded_alice):
    assert _post(client, instructor, graded_alice, "   ").status_code == 400
    response = _post(client, instructor, graded_alice, "bell \x07")
    assert response.status_code == 400
    assert "control character" in response.content.decode()
    assert not SubmissionComment.objects.exists()


def test_the_email_is_published_after_commit_and_sent_once_to_the_student(
    instructor, graded_alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        comment = comments.comment_create(
            submission=graded_alice, author=instructor, body="Nice work"
        )
    assert len(callbacks) == 1
    assert _send(comment)
    assert not _send(comment)  # a duplicate message
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [graded_alice.student.email]
    assert "Nice work" in mail.outbox[0].body


def test_a_student_comment_goes_to_the_cohorts_instructors(instructor, graded_alice):
    comment = comments.comment_create(
        submission=graded_alice, author=graded_alice.student, body="Why did it fail?"
    )
    _send(comment)
    assert mail.outbox[0].to == [instructor.email]


def test_a_mail_server_away_releases_the_email_and_the_sweeper_publishes_it(
    instructor, graded_alice, monkeypatch
):
    comment = comments.comment_create(submission=graded_alice, author=instructor, body="Hi")

    def away(self, messages):
        raise ConnectionRefusedError("mail server away")

    monkeypatch.setattr(mail.backends.locmem.EmailBackend, "send_messages", away)
    assert not _send(comment)
    email = OutgoingEmail.objects.get(kind=COMMENT_EMAIL, object_id=comment.pk)
    assert email.state == OutgoingEmail.State.PENDING
    published = []
    monkeypatch.setattr(outbox, "publish", lambda task, ids: published.append(ids) or True)
    later = timezone.now() + datetime.timedelta(minutes=3)
    assert outbox.sweep_unsent(now=later)["published"] == 1
    assert published == [[email.pk]]
    # Published once per RESEND_AFTER, not at every run.
    assert outbox.sweep_unsent(now=later)["published"] == 0


def test_the_dashboard_shows_unread_comments_until_the_student_opens_them(
    client, instructor, graded_alice
):
    comments.comment_create(submission=graded_alice, author=instructor, body="See line <3>")
    client.force_login(graded_alice.student)
    dashboard = client.get(reverse("labs:dashboard")).content.decode()
    assert 'data-testid="unread-comment"' in dashboard
    assert "See line &lt;3&gt;" in dashboard
    client.get(reverse("reviews:submission", args=[graded_alice.pk]))
    dashboard = client.get(reverse("labs:dashboard")).content.decode()
    assert 'data-testid="unread-comment"' not in dashboard


def test_the_instructor_reading_does_not_mark_instructor_comments_read(instructor, graded_alice):
    comment = comments.comment_create(submission=graded_alice, author=instructor, body="Hi")
    comments.comments_mark_read(submission=graded_alice, reader=instructor)
    comment.refresh_from_db()
    assert comment.read_at is None


def test_bob_cannot_comment_on_alices_submission(client, enrolled_bob, graded_alice):
    assert _post(client, enrolled_bob, graded_alice, "hello").status_code == 404
    assert not SubmissionComment.objects.exists()
