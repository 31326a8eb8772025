"""Completion when a cohort ends, staff overrides, and certificates anyone can verify."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from courses import services
from courses.emails import COMPLETED
from courses.models import Certificate, CompletionDecision, CompletionRule
from enrolment.models import Enrolment
from labs.models import Lab, Submission
from outbox import services as outbox
from outbox import tasks
from outbox.models import OutgoingEmail
from tests.factories import UserFactory
from tests.labs.dashboard_factories import SubmissionFactory, lab_with_reference
from tests.labs.factories import CohortFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished(db):
    """A cohort that ended two weeks ago (every lab closed to late work), two labs."""
    Lab.objects.update(is_published=False)
    cohort = CohortFactory(start_date=timezone.localdate() - datetime.timedelta(weeks=14))
    labs = [lab_with_reference(slug=f"c-lab-{i}", week=1 + i) for i in range(2)]
    return cohort, labs


def _student(cohort, username, passes: int, labs):
    user = UserFactory(username=username, first_name=username.title(), email=f"{username}@ex.org")
    enrolment = EnrolmentFactory(user=user, cohort=cohort)
    for lab in labs[:passes]:
        submission = SubmissionFactory(student=user, cohort=cohort, lab=lab, public_score=0.9)
        # Made on time: one day before the cohort's due date.
        Submission.objects.filter(pk=submission.pk).update(
            created_at=timezone.make_aware(
                datetime.datetime.combine(lab.due_on(cohort), datetime.time(12))
            )
        )
    return enrolment


def test_completion_follows_the_rule_and_is_safe_to_run_twice(
    finished, mailoutbox, django_capture_on_commit_callbacks, eager_celery
):
    cohort, labs = finished
    done = _student(cohort, "dora", 2, labs)
    half = _student(cohort, "hal", 1, labs)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.completion_run()
        second = services.completion_run()
    assert first == {"completed": 1, "not_completed": 1, "waiting": 0}
    assert second == {"completed": 0, "not_completed": 0, "waiting": 0}
    done.refresh_from_db(), half.refresh_from_db()
    assert done.status == Enrolment.Status.COMPLETED and half.status == Enrolment.Status.ENROLLED
    assert Certificate.objects.filter(enrolment=done, revoked_at=None).count() == 1
    assert not Certificate.objects.filter(enrolment=half).exists()
    assert [m.to for m in mailoutbox] == [["dora@ex.org"]]
    token = Certificate.objects.get(enrolment=done).token
    assert reverse("courses:certificate", args=[token]) in mailoutbox[0].body


def test_the_completion_email_survives_a_broker_outage_and_the_sweeper_sends_it_once(
    finished, mailoutbox, monkeypatch, django_capture_on_commit_callbacks, eager_celery
):
    cohort, labs = finished
    done = _student(cohort, "dora", 2, labs)

    def refuse(*args, **kwargs):
        raise OSError("connection refused")  # what publishing does while Redis is away

    with monkeypatch.context() as outage:
        outage.setattr(tasks.send_emails, "apply_async", refuse)
        with django_capture_on_commit_callbacks(execute=True):
            assert services.completion_run()["completed"] == 1
    email = OutgoingEmail.objects.get(kind=COMPLETED, object_id=done.pk)
    assert email.state == OutgoingEmail.State.PENDING and mailoutbox == []

    later = timezone.now() + outbox.RESEND_AFTER + datetime.timedelta(seconds=1)
    assert outbox.sweep_unsent(now=later)["published"] == 1
    assert [m.to for m in mailoutbox] == [["dora@ex.org"]]
    token = Certificate.objects.get(enrolment=done).token
    assert reverse("courses:certificate", args=[token]) in mailoutbox[0].body
    # Sent: the row is claimed, and the next sweeps send nothing more.
    assert OutgoingEmail.objects.get(pk=email.pk).state == OutgoingEmail.State.SENT
    assert outbox.sweep_unsent(now=later + outbox.RESEND_AFTER)["published"] == 0
    assert len(mailoutbox) == 1


def test_a_completion_email_delivered_twice_goes_out_once(
    finished, mailoutbox, django_capture_on_commit_callbacks, eager_celery
):
    cohort, labs = finished
    done = _student(cohort, "dora", 2, labs)
    with django_capture_on_commit_callbacks(execute=True):
        services.completion_run()
    email = OutgoingEmail.objects.get(kind=COMPLETED, object_id=done.pk)
    tasks.send_emails([email.pk])  # a redelivered message
    assert len(mailoutbox) == 1


def test_a_share_rule_completes_with_some_labs_passed(finished):
    cohort, labs = finished
    CompletionRule.objects.update_or_create(
        program=cohort.program, defaults={"min_share_passed": 0.5}
    )
    half = _student(cohort, "hal", 1, labs)
    services.completion_run()
    half.refresh_from_db()
    assert half.status == Enrolment.Status.COMPLETED


def test_staff_override_completes_and_uncompletes_with_a_reason(finished, staff_user):
    cohort, labs = finished
    half = _student(cohort, "hal", 1, labs)
    with pytest.raises(ValidationError):
        services.completion_override(enrolment=half, completed=True, reason="", actor=staff_user)
    services.completion_override(
        enrolment=half, completed=True, reason="Lab 2 graded by hand", actor=staff_user
    )
    half.refresh_from_db()
    assert half.status == Enrolment.Status.COMPLETED
    certificate = Certificate.objects.get(enrolment=half)
    # The beat job never undoes an override.
    services.completion_run()
    half.refresh_from_db()
    assert half.status == Enrolment.Status.COMPLETED
    services.completion_override(
        enrolment=half, completed=False, reason="Plagiarism found", actor=staff_user
    )
    half.refresh_from_db()
    certificate.refresh_from_db()
    assert half.status == Enrolment.Status.ENROLLED and not certificate.is_valid
    decisions = CompletionDecision.objects.filter(enrolment=half, kind="override")
    assert {(d.completed, d.reason, d.decided_by_id) for d in decisions} == {
        (True, "Lab 2 graded by hand", staff_user.pk),
        (False, "Plagiarism found", staff_user.pk),
    }


def test_the_certificate_verifies_logged_out_until_revoked(client, finished, staff_user):
    cohort, labs = finished
    done = _student(cohort, "dora", 2, labs)
    services.completion_run()
    certificate = Certificate.objects.get(enrolment=done)
    url = reverse("courses:certificate", args=[certificate.token])
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Dora" in body and cohort.name in body and "2 of 2" in body and "Verified" in body
    services.certificate_revoke(certificate=certificate, reason="Issued in error", actor=staff_user)
    response = client.get(url)
    assert response.status_code == 410
    assert "no longer valid" in response.content.decode()
    assert "Verified" not in response.content.decode()


def test_a_guessed_token_finds_nothing(client):
    assert client.get(reverse("courses:certificate", args=["AAAAAAAAAAAA"])).status_code == 404


def test_the_dashboard_shows_how_far_completion_is(client, finished):
    cohort, labs = finished
    cohort.start_date = timezone.localdate() - datetime.timedelta(weeks=3)
    cohort.save()
    enrolment = _student(cohort, "hal", 1, labs)
    client.force_login(enrolment.user)
    body = client.get(reverse("labs:dashboard")).content.decode()
    assert "more lab to pass for completion" in body


def test_the_dashboard_links_the_valid_certificate_only(client, finished, staff_user):
    cohort, labs = finished
    done = _student(cohort, "dora", 2, labs)
    services.completion_run()
    certificate = Certificate.objects.get(enrolment=done)
    client.force_login(done.user)
    body = client.get(reverse("labs:dashboard")).content.decode()
    assert reverse("courses:certificate", args=[certificate.token]) in body
    services.certificate_revoke(certificate=certificate, reason="Issued in error", actor=staff_user)
    body = client.get(reverse("labs:dashboard")).content.decode()
    assert 'data-testid="certificate-link"' not in body
    assert "You meet the completion rule (2 of 2 labs passed)" in body


def test_the_dashboard_reads_the_programs_share_rule(client, finished):
    cohort, labs = finished
    cohort.start_date = timezone.localdate() - datetime.timedelta(weeks=3)
    cohort.save()
    CompletionRule.objects.update_or_create(
        program=cohort.program, defaults={"min_share_passed": 0.5}
    )
    enrolment = _student(cohort, "nora", 0, labs)
    client.force_login(enrolment.user)
    body = client.get(reverse("labs:dashboard")).content.decode()
    assert "you need 1 of 2 (50%)" in body


def test_staff_revoke_in_the_admin_records_who_and_why(client, finished, staff_user):
    cohort, labs = finished
    done = _student(cohort, "dora", 2, labs)
    services.completion_run()
    certificate = Certificate.objects.get(enrolment=done)
    client.force_login(staff_user)
    url = reverse("admin:courses_certificate_change", args=[certificate.pk])
    response = client.post(url, {"revoke_reason": "Identity fraud"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_by == staff_user and certificate.revoke_reason == "Identity fraud"


def test_the_admins_certificate_page_links_to_its_public_verification_page(
    client, finished, staff_user
):
    cohort, labs = finished
    done = _student(cohort, "erin", 2, labs)
    services.completion_run()
    certificate = Certificate.objects.get(enrolment=done)
    client.force_login(staff_user)
    page = client.get(reverse("admin:courses_certificate_change", args=[certificate.pk]))
    public = reverse("courses:certificate", args=[certificate.token])
    assert f'<a href="{public}" data-testid="certificate-verification-link">'.encode() in (
        page.content
    )
    assert client.get(public).status_code == 200
