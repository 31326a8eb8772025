"""The student dashboard pages: what a student sees, live fragments, and who gets a 404."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.labs.dashboard_factories import SubmissionFactory, lab_with_reference

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort_start():
    """`cohort` (tests/conftest.py) started 17 days ago."""
    return timezone.localdate() - datetime.timedelta(days=17)


@pytest.fixture
def lab():
    return lab_with_reference(slug="first", week=1, title="First lab", score=0.9123)


def test_dashboard_url():
    assert reverse("labs:dashboard") == "/labs/dashboard/"


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("labs:dashboard"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_user_without_enrolment_is_told_how_to_enrol(client, bob):
    client.force_login(bob)
    response = client.get(reverse("labs:dashboard"))
    assert response.status_code == 200
    assert "Go to my account" in response.content.decode()


def test_instructor_without_enrolment_goes_to_the_gradebook(client, bob, cohort):
    cohort.instructors.add(bob)
    client.force_login(bob)
    response = client.get(reverse("labs:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("labs:gradebook_index")


def test_dashboard_shows_week_progress_scores_and_a_chart(client, enrolled_alice, cohort, lab):
    lab_with_reference(slug="later", week=11, title="A later lab")
    # The lab is due, but late work is still accepted (these tests' lenient late policy):
    # the dashboard shows the best public score, never the private one before the cutoff.
    SubmissionFactory(
        student=enrolled_alice,
        cohort=cohort,
        lab=lab,
        public_score=0.8765,
        private_score=0.8012,
        passed=False,
    )
    client.force_login(enrolled_alice)
    response = client.get(reverse("labs:dashboard"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "week 3 of 12" in body
    assert "<strong>0</strong> of <strong>1</strong> open labs passed" in body
    assert "0.8765" in body and "0.8012" not in body and "0.9123" in body
    assert "Overdue" in body
    assert "Locked" in body
    assert 'role="img"' in body and "<title" in body and "<desc" in body
    assert "Next up:" in body
    assert reverse("labs:detail", args=[lab.slug]) in body


def test_dashboard_polls_only_while_a_grade_is_pending(client, enrolled_alice, cohort, lab):
    client.force_login(enrolled_alice)
    live = reverse("labs:dashboard_live")
    assert live not in client.get(reverse("labs:dashboard")).content.decode()
    SubmissionFactory(
        student=enrolled_alice,
        cohort=cohort,
        lab=lab,
        status="queued",
        passed=None,
        public_score=None,
    )
    body = client.get(reverse("labs:dashboard")).content.decode()
    assert f'hx-get="{live}"' in body
    assert 'hx-trigger="every 1s"' in body


def test_live_fragment_is_only_the_dashboard_body(client, enrolled_alice, lab):
    client.force_login(enrolled_alice)
    response = client.get(reverse("labs:dashboard_live"), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="dashboard-body"')
    assert "<html" not in body


def test_live_fragment_404s_for_a_user_without_enrolment(client, bob):
    client.force_login(bob)
    assert client.get(reverse("labs:dashboard_live")).status_code == 404


def test_lab_history_lists_own_attempts_with_a_chart_and_table(client, enrolled_alice, cohort, lab):
    for score in (0.5, 0.7, 0.95):
        SubmissionFactory(
            student=enrolled_alice, cohort=cohort, lab=lab, public_score=score, passed=score > 0.9
        )
    client.force_login(enrolled_alice)
    response = client.get(reverse("labs:dashboard_lab", args=[lab.slug]))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('data-testid="history-row"') == 3
    assert 'data-series="reference"' in body
    assert "<td>#3</td><td>0.9500</td><td>passed</td>" in body


def test_lab_history_never_shows_another_students_attempts(
    client, enrolled_alice, bob, cohort, lab
):
    mine = SubmissionFactory(student=enrolled_alice, cohort=cohort, lab=lab, public_score=0.61)
    theirs = SubmissionFactory(student=bob, cohort=cohort, lab=lab, public_score=0.42)
    client.force_login(enrolled_alice)
    body = client.get(reverse("labs:dashboard_lab", args=[lab.slug])).content.decode()
    assert reverse("labs:submission", args=[mine.pk]) in body
    assert reverse("labs:submission", args=[theirs.pk]) not in body
    assert "0.4200" not in body


def test_lab_history_404s_for_unknown_lab_and_403s_for_users_without_cohort(
    client, enrolled_alice, bob, lab
):
    client.force_login(enrolled_alice)
    assert client.get(reverse("labs:dashboard_lab", args=["no-such-lab"])).status_code == 404
    client.force_login(bob)
    response = client.get(reverse("labs:dashboard_lab", args=[lab.slug]))
    # The lab page's answer (labs.lookups): the lab exists, and the page says why not.
    assert response.status_code == 403
    assert "enrolled in a running cohort" in response.content.decode()


def test_lab_history_fragment_polls_while_pending(client, enrolled_alice, cohort, lab):
    SubmissionFactory(
        student=enrolled_alice,
        cohort=cohort,
        lab=lab,
        status="grading",
        passed=None,
        public_score=None,
    )
    client.force_login(enrolled_alice)
    body = client.get(reverse("labs:dashboard_lab_live", args=[lab.slug])).content.decode()
    assert body.lstrip().startswith('<div id="dashboard-history"')
    assert 'hx-trigger="every 1s"' in body


def test_lab_titles_are_escaped(client, enrolled_alice):
    lab_with_reference(slug="xss", week=1, title="<script>alert(1)</script>")
    client.force_login(enrolled_alice)
    body = client.get(reverse("labs:dashboard")).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body
