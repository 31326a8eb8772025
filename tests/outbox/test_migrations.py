"""Moving every kind of email into the outbox loses none and doubles none: what was sent
stays sent, what was waiting waits in the outbox (and the sweeper sends it)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.factories import UserFactory
from tests.labs.dashboard_factories import lab_with_reference

BEFORE = [
    ("enrolment", "0007_outgoingemail_completed"),
    ("labs", "0007_submission_clock_parameter"),
    ("reviews", "0002_gradeoverride_to_courses"),
    ("outbox", "0001_initial"),
]


@pytest.fixture
def executor(transactional_db):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(BEFORE)
    yield executor
    # Back to the whole project's latest state for the tests that follow.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def _old_rows(old, ana, bea):
    """One of each old way of keeping an email, in each state it could be in."""
    now = timezone.now()
    # The seats and the submission through that state's models: the factories' models have
    # columns added since (a program's price, a submission's note).
    start = timezone.localdate() - datetime.timedelta(weeks=3)
    cohort = old.get_model("enrolment", "Cohort").objects.create(
        program=old.get_model("enrolment", "Program").objects.get(slug="intensive"),
        name="Old cohort",
        start_date=start,
        end_date=start + datetime.timedelta(weeks=12),
        capacity=30,
    )
    Enrolment = old.get_model("enrolment", "Enrolment")
    details = {
        "background": "other",
        "python_experience": "none",
        "java_experience": "none",
        "cpp_experience": "none",
        "motivation": "m",
        "status": "enrolled",
    }
    seat = Enrolment.objects.create(cohort=cohort, user_id=ana.pk, **details)
    Enrolment.objects.create(cohort=cohort, user_id=bea.pk, **details)
    Email = old.get_model("enrolment", "OutgoingEmail")
    Email.objects.create(enrolment_id=seat.pk, kind="application_received", sent_at=now)
    Email.objects.create(user_id=bea.pk, kind="email_confirmation", message="hi")
    lab = lab_with_reference(slug="old-lab", week=1)
    submission = old.get_model("labs", "Submission").objects.create(
        lab_id=lab.pk,
        student_id=ana.pk,
        cohort_id=cohort.pk,
        file="submissions/x.csv",
        original_name="predictions.csv",
        size_bytes=100,
        status="graded",
        passed=True,
        public_score=0.9,
    )
    Comment = old.get_model("reviews", "SubmissionComment")
    Comment.objects.create(
        submission_id=submission.pk, author_id=ana.pk, by_reviewer=False, body="a", emailed_at=now
    )
    Comment.objects.create(
        submission_id=submission.pk, author_id=ana.pk, by_reviewer=False, body="b"
    )
    note = old.get_model("reviews", "Announcement").objects.create(
        cohort_id=cohort.pk, subject="S", body="B"
    )
    Delivery = old.get_model("reviews", "AnnouncementDelivery")
    Delivery.objects.create(announcement=note, student_id=ana.pk, state="lost", detail="died")
    Delivery.objects.create(announcement=note, student_id=bea.pk)
    Reminder = old.get_model("labs", "DueReminder")
    today = timezone.localdate()
    for student, due_on, sent_at, emailed, failure in (
        (ana, today, now, True, ""),
        (bea, today, now, False, "550 no such user"),
        (ana, today - datetime.timedelta(days=1), now, False, ""),
        (bea, today - datetime.timedelta(days=1), None, False, ""),
    ):
        Reminder.objects.create(
            student_id=student.pk,
            lab_id=lab.pk,
            cohort_id=cohort.pk,
            due_on=due_on,
            sent_at=sent_at,
            emailed=emailed,
            failure=failure,
        )
    return seat, note


def test_every_old_email_becomes_one_outbox_row_in_the_state_it_reached(executor):
    ana, bea = UserFactory(username="ana"), UserFactory(username="bea")
    seat, note = _old_rows(executor.loader.project_state(BEFORE).apps, ana, bea)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    from outbox.models import OutgoingEmail

    rows = sorted(
        (e.kind, e.user_id, e.state, e.detail, e.message)
        for e in OutgoingEmail.objects.exclude(kind="due_reminder")
    )
    assert rows == [
        ("announcement", ana.pk, "lost", "died", ""),
        ("announcement", bea.pk, "pending", "", ""),
        ("application_received", ana.pk, "sent", "", ""),
        ("comment", ana.pk, "pending", "", ""),
        ("comment", ana.pk, "sent", "", ""),
        ("email_confirmation", bea.pk, "pending", "", "hi"),
    ]
    assert OutgoingEmail.objects.get(kind="application_received").object_id == seat.pk
    assert {e.object_id for e in OutgoingEmail.objects.filter(kind="announcement")} == {note.pk}
    reminders = sorted(
        (e.user_id, e.state, e.detail) for e in OutgoingEmail.objects.filter(kind="due_reminder")
    )
    assert reminders == sorted(
        [
            (ana.pk, "sent", ""),
            (bea.pk, "failed", "550 no such user"),
            (ana.pk, "skipped", "Passed since it was written."),
            (bea.pk, "pending", ""),
        ]
    )
    # Each reminder, comment and student's copy once: a second queueing adds nothing.
    assert OutgoingEmail.objects.filter(once=True).count() == 8
