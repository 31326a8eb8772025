"""A feed costs the same number of queries whatever the class size, and a plain fetch
writes nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import Extension
from enrolment.models import Enrolment
from tests.factories import UserFactory
from tests.labs.calendar.conftest import feed_url
from tests.labs.dashboard_factories import LabFactory
from tests.labs.factories import CohortFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db


def _class(size: int, n_labs: int, instructor):
    cohort = CohortFactory()
    cohort.instructors.add(instructor)
    students = [
        EnrolmentFactory(cohort=cohort, status=Enrolment.Status.ENROLLED).user for _ in range(size)
    ]
    labs = [LabFactory(week=week) for week in range(1, n_labs + 1)]
    for student in students[::2]:  # half the class has an extension
        Extension.objects.create(
            student=student, cohort=cohort, lab=labs[0], due_on=labs[0].due_on(cohort),
            reason="Ill.", granted_by=instructor,
        )  # fmt: skip
    return students


def _queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def test_feed_queries_do_not_grow_with_the_class(client, feed_clock):
    counts = {}
    for size, n_labs in ((2, 2), (30, 6)):
        instructor = UserFactory()
        students = _class(size, n_labs, instructor)
        for who, user in (("student", students[0]), ("instructor", instructor)):
            url = feed_url(user)
            first = _queries(client, url)  # the first fetch stores each event's version
            again = _queries(client, url)
            assert not any(sql.startswith(("INSERT", "UPDATE")) for sql in again), again
            counts.setdefault(who, []).append((len(first), len(again)))
    # The token, then for a student: her enrolment, the labs, the course rules' extensions
    # and join date, her cohort's live sessions, the events' versions (+1 write on a
    # change); for an instructor: the cohorts taught, the labs, the sessions taught, the
    # versions.
    assert counts["student"][0] == counts["student"][1], counts
    assert counts["instructor"][0] == counts["instructor"][1], counts
    assert counts["student"][0][1] <= 9, counts
