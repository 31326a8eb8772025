"""Gradebook pages: instructors see their cohorts, staff all, everyone else a 404."""

import csv
import datetime
import io
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from labs.models import Submission
from labs.tasks import grade_submission
from tests.factories import UserFactory
from tests.labs.dashboard_factories import SubmissionFactory, lab_with_reference
from tests.labs.factories import EnrolmentFactory
from tests.support import response_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort_start():
    """`cohort` (tests/conftest.py) started seventeen days ago."""
    return timezone.localdate() - datetime.timedelta(days=17)


@pytest.fixture
def lab():
    return lab_with_reference(slug="first", week=1, title="First lab")


@pytest.fixture
def submission(enrolled_alice, cohort, lab):
    return SubmissionFactory(student=enrolled_alice, cohort=cohort, lab=lab, public_score=0.876)


def urls(cohort, student, lab, submission):
    return [
        reverse("labs:gradebook", args=[cohort.pk]),
        reverse("labs:gradebook_export", args=[cohort.pk]),
        reverse("labs:gradebook_lab", args=[cohort.pk, lab.slug]),
        reverse("labs:gradebook_student", args=[cohort.pk, student.pk]),
    ]


# ----------------------------------------------------------------- access


def test_gradebook_index_404s_for_students(client, enrolled_alice):
    client.force_login(enrolled_alice)
    assert client.get(reverse("labs:gradebook_index")).status_code == 404


def test_gradebook_index_lists_only_cohorts_taught(client, instructor, cohort, other_cohort):
    client.force_login(instructor)
    body = client.get(reverse("labs:gradebook_index")).content.decode()
    assert reverse("labs:gradebook", args=[cohort.pk]) in body
    assert reverse("labs:gradebook", args=[other_cohort.pk]) not in body


def test_staff_index_lists_every_cohort(client, staff_user, cohort, other_cohort, enrolled_alice):
    client.force_login(staff_user)
    body = client.get(reverse("labs:gradebook_index")).content.decode()
    assert reverse("labs:gradebook", args=[cohort.pk]) in body
    assert reverse("labs:gradebook", args=[other_cohort.pk]) in body
    assert "1 student" in body


def test_instructor_opens_every_page_of_their_cohort(
    client, instructor, cohort, enrolled_alice, lab, submission
):
    client.force_login(instructor)
    for url in urls(cohort, enrolled_alice, lab, submission):
        assert client.get(url).status_code == 200, url


def test_staff_opens_every_page_of_any_cohort(
    client, staff_user, cohort, enrolled_alice, lab, submission
):
    client.force_login(staff_user)
    for url in urls(cohort, enrolled_alice, lab, submission):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["enrolled_alice", "other_instructor", "stranger"])
def test_everyone_else_gets_404_on_every_page(
    client, who, request, cohort, enrolled_alice, lab, submission
):
    user = UserFactory(username="stranger") if who == "stranger" else request.getfixturevalue(who)
    client.force_login(user)
    for url in urls(cohort, enrolled_alice, lab, submission):
        assert client.get(url).status_code == 404, url


def test_anonymous_visitor_is_sent_to_log_in(client, cohort):
    response = client.get(reverse("labs:gradebook", args=[cohort.pk]))
    assert response.status_code == 302


def test_guessed_ids_find_nothing(client, instructor, cohort, other_cohort, lab, bob):
    EnrolmentFactory(user=bob, cohort=other_cohort)
    client.force_login(instructor)
    # a cohort that does not exist, a cohort not taught, a student of another cohort
    assert client.get(reverse("labs:gradebook", args=[99999])).status_code == 404
    assert client.get(reverse("labs:gradebook", args=[other_cohort.pk])).status_code == 404
    student_page = reverse("labs:gradebook_student", args=[cohort.pk, bob.pk])
    assert client.get(student_page).status_code == 404
    assert client.get(reverse("labs:gradebook_student", args=[cohort.pk, 99999])).status_code == 404
    assert client.get(reverse("labs:gradebook_lab", args=[cohort.pk, "nope"])).status_code == 404


# ----------------------------------------------------------------- content


def test_gradebook_shows_scores_colours_stats_and_links(
    client, instructor, cohort, enrolled_alice, lab, submission
):
    client.force_login(instructor)
    body = client.get(reverse("labs:gradebook", args=[cohort.pk])).content.decode()
    assert "✓ 0.876" in body
    assert "table-success" in body
    assert "100% · 1 · 0.900" in body
    assert reverse("labs:gradebook_student", args=[cohort.pk, enrolled_alice.pk]) in body
    assert reverse("labs:gradebook_lab", args=[cohort.pk, lab.slug]) in body


def test_gradebook_sorts_through_the_query_string(client, instructor, cohort, lab):
    for name, score in (("amy", 0.3), ("zed", 0.95)):
        user = UserFactory(username=name, first_name=name.title(), last_name="X")
        EnrolmentFactory(user=user, cohort=cohort)
        SubmissionFactory(student=user, cohort=cohort, lab=lab, public_score=score)
    client.force_login(instructor)
    by_name = client.get(reverse("labs:gradebook", args=[cohort.pk]) + "?sort=name")
    by_score = client.get(reverse("labs:gradebook", args=[cohort.pk]) + "?sort=lab-first")
    name_body, score_body = by_name.content.decode(), by_score.content.decode()
    assert name_body.index('data-student="amy"') < name_body.index('data-student="zed"')
    assert score_body.index('data-student="zed"') < score_body.index('data-student="amy"')
    assert "?sort=-lab-first" in score_body  # clicking again reverses


def test_only_at_risk_filter_hides_students_doing_fine(
    client, instructor, cohort, lab, enrolled_alice, submission
):
    stuck = UserFactory(username="stuck")
    EnrolmentFactory(user=stuck, cohort=cohort)
    client.force_login(instructor)
    body = client.get(reverse("labs:gradebook", args=[cohort.pk]) + "?risk=1").content.decode()
    assert 'data-student="stuck"' in body
    assert 'data-student="alice"' not in body
    assert "No submission for 7 days" in body


def test_lab_stats_page_has_histogram_with_text_table(
    client, instructor, cohort, lab, enrolled_alice, submission
):
    client.force_login(instructor)
    body = client.get(reverse("labs:gradebook_lab", args=[cohort.pk, lab.slug])).content.decode()
    assert 'data-testid="pass-rate">100%' in body
    assert 'data-testid="median-attempts">1<' in body
    assert 'data-testid="chart-table"' in body
    assert "Distribution of best Accuracy" in body


def test_student_page_lists_submissions_of_that_cohort_only(
    client, instructor, cohort, other_cohort, enrolled_alice, lab, submission
):
    elsewhere = SubmissionFactory(student=enrolled_alice, cohort=other_cohort, lab=lab)
    client.force_login(instructor)
    url = reverse("labs:gradebook_student", args=[cohort.pk, enrolled_alice.pk])
    body = client.get(url).content.decode()
    assert reverse("labs:submission", args=[submission.pk]) in body
    assert reverse("labs:submission", args=[elsewhere.pk]) not in body
    assert reverse("labs:gradebook_regrade", args=[submission.pk]) in body


# ----------------------------------------------------------------- regrade


def test_instructor_regrade_queues_the_submission_again(
    client, instructor, submission, django_capture_on_commit_callbacks
):
    client.force_login(instructor)
    with mock.patch.object(grade_submission, "apply_async") as publish:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("labs:gradebook_regrade", args=[submission.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "labs:gradebook_student", args=[submission.cohort_id, submission.student_id]
    )
    submission.refresh_from_db()
    assert submission.status == Submission.Status.QUEUED
    publish.assert_called_once_with(args=(submission.pk,), kwargs=None, retry=False)


def test_regrade_needs_post(client, instructor, submission):
    client.force_login(instructor)
    assert client.get(reverse("labs:gradebook_regrade", args=[submission.pk])).status_code == 405


def test_regrade_needs_a_csrf_token(instructor, submission):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(instructor)
    assert strict.post(reverse("labs:gradebook_regrade", args=[submission.pk])).status_code == 403
    submission.refresh_from_db()
    assert submission.status == Submission.Status.GRADED


@pytest.mark.parametrize("who", ["enrolled_alice", "other_instructor", "bob"])
def test_owner_and_strangers_cannot_request_a_regrade(client, who, request, submission):
    client.force_login(request.getfixturevalue(who))
    response = client.post(reverse("labs:gradebook_regrade", args=[submission.pk]))
    assert response.status_code == 404
    submission.refresh_from_db()
    assert submission.status == Submission.Status.GRADED


def test_regrade_of_a_guessed_id_is_404(client, instructor):
    client.force_login(instructor)
    assert client.post(reverse("labs:gradebook_regrade", args=[424242])).status_code == 404


# ----------------------------------------------------------------- CSV


def test_csv_export_has_a_row_per_student_and_escapes_formulas(
    client, instructor, cohort, lab, submission
):
    evil = UserFactory(
        username="evil", first_name='=HYPERLINK("x")', last_name="", email="@evil@example.com"
    )
    EnrolmentFactory(user=evil, cohort=cohort)
    cohort.name = "Spring intensive"
    cohort.save(update_fields=["name"])
    client.force_login(instructor)
    response = client.get(reverse("labs:gradebook_export", args=[cohort.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'attachment; filename="gradebook-spring-intensive-' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response_text(response))))
    assert rows[0][:3] == ["username", "name", "email"]
    assert "first best" in rows[0]
    by_user = {row[0]: row for row in rows[1:]}
    assert by_user["alice"][rows[0].index("first best")] == "0.8760"
    assert by_user["evil"][1] == '\'=HYPERLINK("x")'
    assert by_user["evil"][2] == "'@evil@example.com"
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell


def test_student_names_and_usernames_are_escaped(client, instructor, cohort, lab):
    sneaky = UserFactory(username="sneaky", first_name="<img src=x onerror=alert(1)>")
    EnrolmentFactory(user=sneaky, cohort=cohort)
    client.force_login(instructor)
    body = client.get(reverse("labs:gradebook", args=[cohort.pk])).content.decode()
    assert "<img src=x" not in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body
