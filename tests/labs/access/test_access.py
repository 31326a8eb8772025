"""The access rules, from both sides: Ivy teaches one cohort, Sam is staff, Alice studies
in Ivy's cohort, Bob in another, and Carl has no cohort at all."""

import datetime

import pytest
from django.urls import reverse

from enrolment.models import Enrolment
from labs import access
from tests.factories import UserFactory
from tests.labs.dashboard_factories import LabFactory, SubmissionFactory
from tests.labs.factories import CohortFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ivys_cohort():
    return CohortFactory()


@pytest.fixture
def ivy(ivys_cohort):
    user = UserFactory(username="ivy")
    ivys_cohort.instructors.add(user)
    return user


@pytest.fixture
def carl():
    return UserFactory(username="carl")


def test_staff_see_every_cohort(staff_user, ivys_cohort, other_cohort):
    visible = set(access.cohorts_visible_to(user=staff_user))
    assert visible == {ivys_cohort, other_cohort}


def test_instructor_sees_only_the_cohorts_they_teach(ivy, ivys_cohort, other_cohort):
    assert list(access.cohorts_visible_to(user=ivy)) == [ivys_cohort]


def test_student_and_stranger_see_no_cohort(alice, carl, ivys_cohort):
    EnrolmentFactory(user=alice, cohort=ivys_cohort)
    assert not access.cohorts_visible_to(user=alice).exists()
    assert not access.cohorts_visible_to(user=carl).exists()


def test_student_cohort_is_the_newest_with_lab_access(alice, ivys_cohort, other_cohort):
    older, newer = sorted([ivys_cohort, other_cohort], key=lambda c: c.start_date)
    EnrolmentFactory(user=alice, cohort=older, status=Enrolment.Status.COMPLETED)
    EnrolmentFactory(user=alice, cohort=newer, status=Enrolment.Status.WITHDRAWN)
    assert access.student_cohort(user=alice) == older


def test_only_students_and_reviewers_open_labs(alice, ivy, staff_user, carl, ivys_cohort):
    EnrolmentFactory(user=alice, cohort=ivys_cohort)
    assert access.can_open_labs(alice, cohort=access.student_cohort(user=alice))
    assert access.can_open_labs(ivy, cohort=None)
    assert access.can_open_labs(staff_user, cohort=None)
    assert not access.can_open_labs(carl, cohort=None)


def test_lab_opens_in_its_week_of_the_cohort(ivys_cohort):
    lab = LabFactory(week=1)
    opens_on = lab.opens_on(ivys_cohort)
    day_before = opens_on - datetime.timedelta(days=1)
    assert access.is_lab_open(lab=lab, cohort=ivys_cohort, today=opens_on)
    assert not access.is_lab_open(lab=lab, cohort=ivys_cohort, today=day_before)


def test_reviewer_without_a_cohort_finds_every_published_lab_open():
    far_ahead = LabFactory(week=12)
    assert access.is_lab_open(lab=far_ahead, cohort=None)
    unpublished = LabFactory(is_published=False)
    assert not access.is_lab_open(lab=unpublished, cohort=None)


def test_unpublished_lab_is_closed_for_students(ivys_cohort):
    lab = LabFactory(week=1, is_published=False)
    assert not access.is_lab_open(lab=lab, cohort=ivys_cohort)


def test_submission_is_seen_by_its_owner_its_instructor_and_staff(
    alice, bob, ivy, staff_user, ivys_cohort, other_cohort
):
    submission = SubmissionFactory(student=alice, cohort=ivys_cohort)
    elsewhere = SubmissionFactory(student=bob, cohort=other_cohort)
    assert access.can_see_submission(alice, submission)
    assert access.can_see_submission(ivy, submission)
    assert access.can_see_submission(staff_user, submission)
    assert not access.can_see_submission(bob, submission)
    assert not access.can_see_submission(ivy, elsewhere)
    assert not access.can_review_submission(alice, submission)


def test_submission_outside_any_cohort_is_reviewed_by_staff_only(alice, ivy, staff_user):
    submission = SubmissionFactory(student=alice, cohort=None)
    assert access.can_review_submission(staff_user, submission)
    assert not access.can_review_submission(ivy, submission)


def test_navbar_offers_the_gradebook_to_reviewers_only(client, alice, ivy, ivys_cohort):
    EnrolmentFactory(user=alice, cohort=ivys_cohort)
    gradebook_link = f'href="{reverse("labs:gradebook_index")}"'
    client.force_login(ivy)
    assert gradebook_link in client.get(reverse("programs")).content.decode()
    client.force_login(alice)
    assert gradebook_link not in client.get(reverse("programs")).content.decode()
