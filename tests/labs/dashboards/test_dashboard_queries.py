"""The dashboard and the gradebook cost the same number of queries at any size."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.labs.dashboard_factories import SubmissionFactory, lab_with_reference
from tests.labs.factories import CohortFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db

SMALL = (2, 3)  # labs, students
LARGE = (8, 20)


def build(n_labs, n_students, *, cohort, instructor, prefix):
    labs = [lab_with_reference(slug=f"{prefix}-lab-{i}", week=1 + i % 4) for i in range(n_labs)]
    students = []
    for i in range(n_students):
        user = UserFactory(username=f"{prefix}-student-{i}")
        EnrolmentFactory(user=user, cohort=cohort)
        students.append(user)
        for j, lab in enumerate(labs):
            # A mix: passed, failing, pending and nothing at all.
            kind = (i + j) % 4
            if kind == 0:
                SubmissionFactory(student=user, cohort=cohort, lab=lab, passed=True)
            elif kind == 1:
                for _ in range(3):
                    SubmissionFactory(
                        student=user, cohort=cohort, lab=lab, passed=False, public_score=0.2
                    )
            elif kind == 2:
                SubmissionFactory(
                    student=user,
                    cohort=cohort,
                    lab=lab,
                    status="grading",
                    passed=None,
                    public_score=None,
                )
    cohort.instructors.add(instructor)
    return students


def panels(cohort, count):
    """The dashboard's panels with something in them: `count` lessons this week (syllabus)
    and `count` upcoming live sessions (live), so their reads are among those counted."""
    from live import services as live_services
    from syllabus.weeks import this_week
    from tests.syllabus.factories import LessonFactory, WeekFactory

    today = timezone.localdate()
    week = WeekFactory(number=this_week(cohort=cohort, today=today).curriculum_week)
    tomorrow = datetime.datetime.combine(today, datetime.time(18)) + datetime.timedelta(days=1)
    for i in range(count):
        LessonFactory(week=week, title=f"Lesson {cohort.pk}.{i}")
        live_services.session_create(
            cohort=cohort,
            kind="lecture",
            title=f"Session {cohort.pk}.{i}",
            local_start=tomorrow + datetime.timedelta(days=i),
            time_zone="Europe/Paris",
            duration_minutes=60,
            meeting_url="https://meet.example.org/x",
            actor=None,
        )


@pytest.fixture
def unassigned_instructor():
    """Ines before she teaches anything: each test gives her the cohorts it builds."""
    return UserFactory(username="ines")


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _cohort(prefix):
    # One start date per size (a program runs one cohort per start date).
    days = {"s": 17, "l": 18}[prefix]
    return CohortFactory(start_date=timezone.localdate() - datetime.timedelta(days=days))


def test_student_dashboard_queries_do_not_grow(client, django_assert_max_num_queries):
    counts = []
    for prefix, (n_labs, n_students) in (("s", SMALL), ("l", LARGE)):
        cohort = _cohort(prefix)
        students = build(n_labs, n_students, cohort=cohort, instructor=UserFactory(), prefix=prefix)
        panels(cohort, count=n_labs)
        client.force_login(students[-1])
        # session, the user with "must this account pass a second factor?" and the
        # navbar's "teaches a cohort?" (security.backends), enrolment+cohort+program (with the
        # completion rule, the valid certificate and the join date: courses.selectors.
        # enrolments_with_standing), labs+datasets+reference scores with the student's own
        # uploads counted per lab, their grade overrides, unread comments, announcements; then the
        # course rules (courses.selectors): late policies, extensions, counted submissions;
        # the panels: this week's lessons (syllabus), the next live sessions (live). Released
        # rubric grades, the capstone's credits and the team's name only when a lab has a
        # rubric or is a milestone (tests/rubrics, tests/teams count those).
        with django_assert_max_num_queries(12):
            page = client.get(reverse("labs:dashboard")).content.decode()
        assert f"Lesson {cohort.pk}.0" in page and f"Session {cohort.pk}.0" in page
        counts.append(_count(client, reverse("labs:dashboard")))
        counts.append(_count(client, reverse("labs:dashboard_live")))
    assert counts[0] == counts[2] and counts[1] == counts[3], counts


def test_lab_history_queries_do_not_grow(client):
    counts = []
    for prefix, (n_labs, n_students) in (("s", SMALL), ("l", LARGE)):
        students = build(
            n_labs, n_students, cohort=_cohort(prefix), instructor=UserFactory(), prefix=prefix
        )
        client.force_login(students[1])
        lab = f"{prefix}-lab-1"
        counts.append(_count(client, reverse("labs:dashboard_lab", args=[lab])))
    assert counts[0] == counts[1], counts


def test_gradebook_queries_do_not_grow(
    client, unassigned_instructor, django_assert_max_num_queries
):
    counts = []
    for prefix, (n_labs, n_students) in (("s", SMALL), ("l", LARGE)):
        cohort = _cohort(prefix)
        build(n_labs, n_students, cohort=cohort, instructor=unassigned_instructor, prefix=prefix)
        client.force_login(unassigned_instructor)
        # session, the user with its roles (security.backends), the session's second-factor
        # device (django-otp), the cohort (if taught),
        # labs+datasets+reference scores, enrolled students, per-(student, lab) aggregates,
        # grade overrides in force; then the course rules (courses.selectors): late
        # policies, extensions, join dates, counted submission per (student, lab), released
        # rubric grades; the labs graded blind (rubrics: their cells are hidden); live
        # sessions whose attendance was taken, and the students' attendance at them
        # (the capstone's credits and team names only when a milestone is among the labs)
        with django_assert_max_num_queries(15):
            client.get(reverse("labs:gradebook", args=[cohort.pk]))
        for name in ("labs:gradebook", "labs:gradebook_export"):
            counts.append(_count(client, reverse(name, args=[cohort.pk])))
        counts.append(
            _count(client, reverse("labs:gradebook_lab", args=[cohort.pk, f"{prefix}-lab-0"]))
        )
    assert counts[:3] == counts[3:], counts


def test_gradebook_index_queries_do_not_grow(client, unassigned_instructor):
    counts = []
    for prefix, (n_labs, n_students) in (("s", SMALL), ("l", LARGE)):
        build(
            n_labs,
            n_students,
            cohort=_cohort(prefix),
            instructor=unassigned_instructor,
            prefix=prefix,
        )
        client.force_login(unassigned_instructor)
        counts.append(_count(client, reverse("labs:gradebook_index")))
    assert counts[0] == counts[1], counts


def test_student_submissions_page_queries_do_not_grow(client, unassigned_instructor):
    counts = []
    for prefix, (n_labs, n_students) in (("s", SMALL), ("l", LARGE)):
        cohort = _cohort(prefix)
        students = build(
            n_labs, n_students, cohort=cohort, instructor=unassigned_instructor, prefix=prefix
        )
        client.force_login(unassigned_instructor)
        url = reverse("labs:gradebook_student", args=[cohort.pk, students[1].pk])
        counts.append(_count(client, url))
    assert counts[0] == counts[1], counts
