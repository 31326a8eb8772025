"""The outcomes pages read a fixed number of queries whatever the number of graduates,
records and reports (an N+1 fails here, not as a slow page)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outcomes import rules
from outcomes.services import reports
from tests.outcomes import factories as f
from tests.outcomes.conftest import login_verified

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _grow(cohort, n):
    for _ in range(n):
        enrolment = f.graduate(cohort)
        f.hire(enrolment, start=cohort.end_date + datetime.timedelta(days=9))


def test_the_public_page_and_the_pipeline_at_two_sizes(client, frozen, cohort, carla, staff_user):
    other_program_cohort = f.finished_cohort(start=datetime.date(2027, 2, 1))
    counts = []
    for size in (1, 6):
        _grow(cohort, size)
        _grow(other_program_cohort, size)
        reports.report_publish(
            program=cohort.program, period=rules.Period(2027, 1), actor=staff_user
        )
        client.logout()
        public = _queries(client, reverse("outcomes:public"))
        login_verified(client, carla)
        pipeline = _queries(client, reverse("outcomes:pipeline", args=[cohort.pk]))
        counts.append((public, pipeline))
    assert counts[0] == counts[1]
    # The public page: the published reports with their programs, in one query.
    assert counts[0][0] == 1
