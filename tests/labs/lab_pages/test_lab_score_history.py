"""The lab page charts the student's score history (progress.charts.score_history_chart),
their own submissions only, at no query per submission."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from labs.models import Submission
from tests.labs.dashboard_factories import SubmissionFactory

pytestmark = pytest.mark.django_db


def _graded(student, cohort, lab, scores, minutes_ago=100):
    for index, score in enumerate(scores):
        SubmissionFactory(
            student=student,
            cohort=cohort,
            lab=lab,
            public_score=score,
            passed=score > 0.85,
            created_at=timezone.now() - datetime.timedelta(minutes=minutes_ago - index),
        )


def _page(client, lab):
    return client.get(reverse("labs:detail", args=[lab.slug])).content.decode()


def test_the_lab_page_charts_my_graded_scores_oldest_first(
    client, enrolled_alice, enrolled_bob, cohort, wine_lab_week3
):
    _graded(enrolled_alice, cohort, wine_lab_week3, [0.61, 0.73, 0.88])
    _graded(enrolled_bob, cohort, wine_lab_week3, [0.99])
    SubmissionFactory(
        student=enrolled_alice,
        cohort=cohort,
        lab=wine_lab_week3,
        status=Submission.Status.REJECTED,
        public_score=None,
        passed=None,
    )
    client.force_login(enrolled_alice)

    html = _page(client, wine_lab_week3)

    chart = html.split('data-testid="lab-score-history"')[1].split("</figure>")[0]
    assert "3 graded attempts; best 0.8800, latest 0.8800" in chart
    table = chart.split("<tbody>")[1]  # the chart's numbers, one row per attempt
    assert table.index("0.6100") < table.index("0.7300") < table.index("0.8800")
    assert "0.9900" not in chart  # Bob's score is not in Alice's history


def test_no_chart_before_a_graded_submission(client, enrolled_alice, wine_lab_week3):
    client.force_login(enrolled_alice)
    assert 'data-testid="lab-score-history"' not in _page(client, wine_lab_week3)


def test_the_chart_costs_no_query_per_submission(client, enrolled_alice, cohort, wine_lab_week3):
    client.force_login(enrolled_alice)
    _graded(enrolled_alice, cohort, wine_lab_week3, [0.7])
    with CaptureQueriesContext(connection) as one:
        _page(client, wine_lab_week3)
    _graded(enrolled_alice, cohort, wine_lab_week3, [0.5, 0.6, 0.7, 0.8, 0.9], minutes_ago=50)
    with CaptureQueriesContext(connection) as six:
        html = _page(client, wine_lab_week3)
    assert "6 graded attempts" in html
    assert len(six) == len(one)
