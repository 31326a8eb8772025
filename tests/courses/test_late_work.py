"""Late work: grace, a penalty per day and a hard cutoff, at their boundaries (time frozen),
and the student's own due dates (extensions, late joiners) moving every dependent date."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from courses import selectors, services
from enrolment.models import Enrolment, EnrolmentEvent
from labs.models import DueReminder, Submission
from labs.services import intake
from progress import reminders
from tests.factories import UserFactory
from tests.labs.dashboard_factories import SubmissionFactory
from tests.labs.factories import CohortFactory, EnrolmentFactory
from tests.support import due_moment

pytestmark = pytest.mark.django_db

UPLOAD = intake.UploadedPredictions(name="p.csv", content=b"id,prediction\n1,a\n")


def _graded_at(student, cohort, lab, sent_at, score=0.9):
    submission = SubmissionFactory(
        student=student, cohort=cohort, lab=lab, public_score=score, private_score=score
    )
    Submission.objects.filter(pk=submission.pk).update(created_at=sent_at)
    return submission


@pytest.mark.parametrize(
    ("after", "days_late", "penalty"),
    [
        ({"hours": 2}, 0, 0.0),  # the last moment of the grace period
        ({"hours": 2, "seconds": 1}, 1, 0.1),  # one second past it: a day late
        ({"days": 1}, 1, 0.1),
        ({"days": 1, "seconds": 1}, 2, 0.2),
    ],
)
def test_late_penalty_at_its_boundaries(
    student, cohort, scored_lab, policy, after, days_late, penalty
):
    _graded_at(student, cohort, scored_lab, due_moment(scored_lab, cohort, **after))
    result = selectors.lab_result_for(
        student=student, cohort=cohort, lab=scored_lab, now=due_moment(scored_lab, cohort, days=5)
    )
    assert (result.days_late, result.penalty) == (days_late, pytest.approx(penalty))
    assert result.final_score == pytest.approx(0.9 * (1 - penalty))


def test_a_late_pass_no_longer_counts_in_full(student, cohort, scored_lab, policy):
    # 0.9 passes (threshold 0.855); two days late it is 0.72 and fails.
    _graded_at(student, cohort, scored_lab, due_moment(scored_lab, cohort, days=1, hours=3))
    result = selectors.lab_result_for(
        student=student, cohort=cohort, lab=scored_lab, now=due_moment(scored_lab, cohort, days=5)
    )
    assert result.public_passed and not result.final_passed


def test_uploads_are_refused_from_the_cutoff_on(student, cohort, scored_lab, policy, clock):
    clock.set(due_moment(scored_lab, cohort, days=3, seconds=-1))
    intake.submission_create(lab=scored_lab, student=student, cohort=cohort, upload=UPLOAD)
    clock.set(due_moment(scored_lab, cohort, days=3))
    with pytest.raises(intake.SubmissionRefused, match="Uploads for this lab closed on"):
        intake.submission_create(lab=scored_lab, student=student, cohort=cohort, upload=UPLOAD)


def test_the_submission_page_says_which_penalty_applies_and_why(
    client, student, cohort, scored_lab, policy, clock
):
    submission = _graded_at(
        student, cohort, scored_lab, due_moment(scored_lab, cohort, days=1, hours=5)
    )
    clock.set(due_moment(scored_lab, cohort, days=2))
    client.force_login(student)
    body = client.get(reverse("labs:submission", args=[submission.pk])).content.decode()
    assert "2 days late: 20% off" in body
    assert "2 h grace, 10% off per day late" in body


def test_an_extension_moves_every_dependent_date(
    client, student, cohort, scored_lab, policy, instructor, clock
):
    cohort_due = scored_lab.due_on(cohort)
    new_due = cohort_due + datetime.timedelta(days=7)
    # Two days past the cohort's date: overdue, and late work at 20%.
    clock.set(due_moment(scored_lab, cohort, days=2))
    _graded_at(student, cohort, scored_lab, timezone.now())
    client.force_login(instructor)
    response = client.post(
        reverse("courses:extensions", args=[cohort.pk]),
        {
            "student": student.pk,
            "lab": scored_lab.pk,
            "due_on": new_due.isoformat(),
            "reason": "Ill",
        },
    )
    assert response.status_code == 302
    result = selectors.lab_result_for(student=student, cohort=cohort, lab=scored_lab)
    assert result.due_on == new_due and result.due.source == "extension"
    assert not result.is_due and result.penalty == 0  # the late penalty follows the new date
    # The gradebook no longer flags the lab overdue.
    gradebook = client.get(reverse("labs:gradebook", args=[cohort.pk])).content.decode()
    assert "overdue" not in gradebook.split('data-student="stella"')[1].split("</tr>")[0]
    # Uploads stay open, past the cohort's cutoff.
    clock.set(due_moment(scored_lab, cohort, days=4))
    intake.submission_create(lab=scored_lab, student=student, cohort=cohort, upload=UPLOAD)
    # The student sees the new date and the reason, on the dashboard and the lab page.
    client.force_login(student)
    for name, args in (("labs:dashboard", []), ("labs:detail", [scored_lab.slug])):
        body = client.get(reverse(name, args=args)).content.decode()
        assert 'data-testid="personal-due"' in body, name
    assert "Ill" in client.get(reverse("labs:detail", args=[scored_lab.slug])).content.decode()
    # A reminder is written for the new date, two days before it.
    Submission.objects.filter(student=student).update(passed=False)
    reminders.due_reminders_create(today=new_due - datetime.timedelta(days=2))
    assert DueReminder.objects.get(student=student).due_on == new_due


def test_an_extension_for_every_lab_adds_days(student, cohort, scored_lab, instructor):
    services.extension_grant(
        student=student, cohort=cohort, granted_by=instructor, reason="Family", extra_days=5
    )
    result = selectors.lab_result_for(student=student, cohort=cohort, lab=scored_lab)
    assert result.due_on == scored_lab.due_on(cohort) + datetime.timedelta(days=5)


def test_an_extension_needs_a_reason_and_a_later_date(student, cohort, scored_lab, instructor):
    with pytest.raises(ValidationError):
        services.extension_grant(
            student=student,
            cohort=cohort,
            granted_by=instructor,
            reason=" ",
            lab=scored_lab,
            due_on=scored_lab.due_on(cohort),
        )
    with pytest.raises(ValidationError):
        services.extension_grant(
            student=student,
            cohort=cohort,
            granted_by=instructor,
            reason="x",
            lab=scored_lab,
            due_on=scored_lab.due_on(cohort) - datetime.timedelta(days=1),
        )


def test_an_instructor_of_another_cohort_cannot_grant(client, student, cohort, scored_lab):
    stranger = UserFactory(username="olga")
    client.force_login(stranger)
    response = client.post(
        reverse("courses:extensions", args=[cohort.pk]),
        {"student": student.pk, "lab": scored_lab.pk, "due_on": "2030-01-01", "reason": "x"},
    )
    assert response.status_code == 404


def _late_joiner(cohort, joined: datetime.datetime):
    return _late_joiner_named("lena", cohort, joined)


def _late_joiner_named(username, cohort, joined: datetime.datetime):
    user = UserFactory(username=username, first_name=username.title())
    enrolment = EnrolmentFactory(user=user, cohort=cohort)
    EnrolmentEvent.objects.create(
        enrolment=enrolment,
        at=joined,
        from_status="",
        to_status=Enrolment.Status.ENROLLED,
        to_cohort=cohort,
    )
    return user, enrolment


def test_a_late_joiner_gets_own_due_dates_and_is_not_at_risk(
    client, cohort, scored_lab, instructor
):
    # The cohort is 20 days in; the week-1 lab was due a week ago.
    cohort.start_date = timezone.localdate() - datetime.timedelta(days=20)
    cohort.save()
    user, _ = _late_joiner(cohort, timezone.now() - datetime.timedelta(days=1))
    result = selectors.lab_result_for(student=user, cohort=cohort, lab=scored_lab)
    length = scored_lab.due_on(cohort) - scored_lab.opens_on(cohort)
    assert result.due_on == timezone.localdate() - datetime.timedelta(days=1) + length
    assert result.due.source == "joined late" and not result.is_due
    client.force_login(instructor)
    body = client.get(reverse("labs:gradebook", args=[cohort.pk])).content.decode()
    row = body.split('data-student="lena"')[1].split("</tr>")[0]
    assert 'data-at-risk="no"' in body.split('data-student="lena"')[1][:30]
    assert "overdue" not in row
    extensions_page = client.get(reverse("courses:extensions", args=[cohort.pk])).content.decode()
    assert 'data-student="lena"' in extensions_page


def test_the_dashboard_shows_a_late_joiners_own_due_date(cohort, scored_lab):
    # Read with the enrolment there (courses.selectors.enrolments_with_standing), not apart.
    from progress.dashboards.student import student_dashboard

    cohort.start_date = timezone.localdate() - datetime.timedelta(days=20)
    cohort.save()
    user, enrolment = _late_joiner(cohort, timezone.now() - datetime.timedelta(days=1))
    # Neither a classmate's earlier seat nor lena's own in the cohort she moved from counts.
    _late_joiner_named("omar", cohort, timezone.now() - datetime.timedelta(days=9))
    EnrolmentEvent.objects.create(
        enrolment=enrolment,
        at=timezone.now() - datetime.timedelta(days=30),
        to_status=Enrolment.Status.ENROLLED,
        to_cohort=CohortFactory(),
    )
    item = next(p for p in student_dashboard(user=user).labs if p.lab == scored_lab)
    expected = selectors.lab_result_for(student=user, cohort=cohort, lab=scored_lab)
    assert item.due_on == expected.due_on and item.result.due.source == "joined late"


def test_the_move_email_lists_the_own_due_dates(cohort, scored_lab):
    from enrolment import emails

    cohort.start_date = timezone.localdate() - datetime.timedelta(days=20)
    cohort.save()
    user, enrolment = _late_joiner(cohort, timezone.now())
    user.email = "lena@example.com"
    user.save()
    enrolment.status = Enrolment.Status.ENROLLED
    message = emails.enrolment_changed_message(enrolment=enrolment)
    assert "own due dates" in message.body and scored_lab.title in message.body
