"""Emails go out from Celery tasks, and only once the transaction has committed."""

import pytest
from django.core.exceptions import ValidationError

from enrolment.services import applications, changes
from outbox import tasks
from outbox.models import OutgoingEmail
from tests.enrolment.factories import CohortFactory, application_data
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]


def test_confirmation_email_is_sent_only_after_commit(
    intensive, mailoutbox, django_capture_on_commit_callbacks
):
    cohort = CohortFactory(program=intensive, capacity=3)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        applications.application_submit(program=intensive, cohort=cohort, **application_data())
        # Still inside the transaction: nothing has been sent.
        assert mailoutbox == []
    assert len(callbacks) == 1
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["carla@example.com"]
    assert "seat" in message.subject
    assert cohort.name in message.body


def test_failed_sign_up_sends_nothing(intensive, mailoutbox, django_capture_on_commit_callbacks):
    cohort = CohortFactory(program=intensive)
    applications.application_submit(program=intensive, cohort=cohort, **application_data())
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ValidationError),
    ):
        applications.application_submit(program=intensive, cohort=cohort, **application_data())
    assert callbacks == []
    assert mailoutbox == []


def test_waitlist_email_gives_the_position(
    intensive, mailoutbox, django_capture_on_commit_callbacks
):
    cohort = CohortFactory(program=intensive, capacity=0)
    applications.application_submit(
        program=intensive, cohort=cohort, **application_data(email="one@example.com")
    )
    with django_capture_on_commit_callbacks(execute=True):
        applications.application_submit(program=intensive, cohort=cohort, **application_data())
    assert "waitlist" in mailoutbox[0].subject
    assert "number 2 on its waitlist" in mailoutbox[0].body


def test_promoted_person_is_emailed(
    intensive, staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    cohort = CohortFactory(program=intensive, capacity=1)
    seated = applications.application_submit(
        program=intensive, cohort=cohort, **application_data(email="seated@example.com")
    )
    applications.application_submit(
        program=intensive, cohort=cohort, **application_data(email="waiting@example.com")
    )
    with django_capture_on_commit_callbacks(execute=True):
        changes.enrolment_withdraw(enrolment=seated, actor=staff_user)
    by_recipient = {message.to[0]: message for message in mailoutbox}
    assert "is yours" in by_recipient["waiting@example.com"].subject
    assert "withdrawn" in by_recipient["seated@example.com"].subject


def test_an_email_about_a_deleted_enrolment_is_skipped(mailoutbox):
    email = OutgoingEmail.objects.create(
        kind="application_received", object_id=987654, user=UserFactory()
    )
    tasks.send_emails([email.pk])
    email.refresh_from_db()
    assert email.state == OutgoingEmail.State.SKIPPED
    assert mailoutbox == []
