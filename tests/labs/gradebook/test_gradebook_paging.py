"""A large cohort's gradebook: pages of students with a constant query count, the class's
figures loaded after the page, and a CSV that streams every student in chunks; every cell
is the course rules' LabResult, overrides and final results included."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses import selectors as course_selectors
from progress.dashboards import gradebook as gradebook_module
from progress.dashboards.gradebook import cohort_gradebook, gradebook_page
from reviews.services import overrides
from tests.factories import UserFactory
from tests.labs.dashboard_factories import SubmissionFactory, lab_with_reference
from tests.labs.factories import EnrolmentFactory
from tests.support import response_text

pytestmark = pytest.mark.django_db

PAGE = 3  # students per page in these tests
CHUNK = 2  # students per chunk of the CSV


@pytest.fixture(autouse=True)
def small_pages(monkeypatch):
    monkeypatch.setattr(gradebook_module, "PAGE_SIZE", PAGE)
    monkeypatch.setattr(gradebook_module, "CHUNK_SIZE", CHUNK)


@pytest.fixture
def cohort_start():
    # Six weeks in: week 1's lab is past its cutoff (final results), week 5's is open.
    return timezone.localdate() - datetime.timedelta(weeks=6)


@pytest.fixture
def labs():
    return [lab_with_reference(slug="early", week=1), lab_with_reference(slug="late", week=5)]


def fill(cohort, labs, count, prefix="s"):
    """`count` students with a mix of passes, fails, nothing and repeated failures."""
    students = []
    for i in range(count):
        user = UserFactory(username=f"{prefix}{i:02d}", first_name=f"Name {count - i:02d}")
        EnrolmentFactory(user=user, cohort=cohort)
        students.append(user)
        for j, lab in enumerate(labs):
            kind = (i + j) % 3
            if kind == 0:
                SubmissionFactory(student=user, cohort=cohort, lab=lab, public_score=0.95)
            elif kind == 1:
                for _ in range(3):
                    SubmissionFactory(
                        student=user, cohort=cohort, lab=lab, public_score=0.3, passed=False
                    )
    return students


def cells(row):
    return [
        (c.status, c.best_score, c.has_passed, c.is_overridden, c.attempts, c.failing)
        for c in row.cells
    ]


def pages_of(cohort, **kwargs):
    book = gradebook_page(cohort=cohort, page=1, **kwargs)
    books = [book]
    while book.page.has_next():
        book = gradebook_page(cohort=cohort, page=book.page.next_page_number(), **kwargs)
        books.append(book)
    return books


@pytest.mark.parametrize("sort", ["name", "-name", "last", "-last", "risk", "passed", "lab-late"])
def test_pages_hold_every_student_once_as_the_whole_class_computes_them(
    cohort, labs, instructor, sort
):
    students = fill(cohort, labs, 8)
    overrides.grade_override_set(
        student=students[4], lab=labs[0], cohort=cohort, actor=instructor,
        passed=True, score=0.99, reason="Marked by hand",
    )  # fmt: skip
    whole = cohort_gradebook(cohort=cohort, sort=sort)
    books = pages_of(cohort, sort=sort)
    assert [len(book.rows) for book in books] == [3, 3, 2]
    paged = [row for book in books for row in book.rows]
    # The same students in the same order, with the same cells, counts and flags.
    assert [r.student.pk for r in paged] == [r.student.pk for r in whole.rows]
    for mine, theirs in zip(paged, whole.rows, strict=True):
        assert cells(mine) == cells(theirs)
        assert (mine.passed, mine.flags) == (theirs.passed, theirs.flags)
    assert {book.student_count for book in books} == {8}
    overridden = next(r for r in paged if r.student == students[4])
    assert overridden.cells[0].is_overridden and overridden.cells[0].best_score == 0.99


def test_a_page_reads_the_course_rules_result_of_its_students(cohort, labs, instructor):
    students = fill(cohort, labs, 5)
    results = course_selectors.cohort_results(cohort=cohort, labs=labs)
    for book in pages_of(cohort):
        for row in book.rows:
            for lab, cell in zip(labs, row.cells, strict=True):
                result = results.get(row.student.pk, lab)
                assert cell.has_passed == result.has_passed
                assert cell.best_score == result.score
    assert students


def test_a_page_past_the_last_shows_the_last(cohort, labs):
    fill(cohort, labs, 5)
    book = gradebook_page(cohort=cohort, page=99)
    assert book.page.number == 2 and len(book.rows) == 2
    assert gradebook_page(cohort=cohort, page="x").page.number == 1


def test_a_page_costs_the_same_queries_whatever_the_class_size(
    client, cohort, labs, instructor, django_assert_max_num_queries
):
    counts = []
    for size, prefix in ((4, "a"), (13, "b")):
        fill(cohort, labs, size, prefix=prefix)
        client.force_login(instructor)
        for page in (1, 2):
            url = reverse("labs:gradebook", args=[cohort.pk]) + f"?page={page}"
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append(len(queries))
    assert counts[:2] == counts[2:], counts
    # (13 before rubrics: + the released rubric grades and the labs graded blind)
    # Two of them the team capstone's: the credits (courses.credits) and the team names.
    with django_assert_max_num_queries(15):
        client.get(reverse("labs:gradebook", args=[cohort.pk]))


def test_a_large_class_loads_its_figures_after_the_page(client, cohort, labs, instructor):
    fill(cohort, labs, 7)
    client.force_login(instructor)
    page = client.get(reverse("labs:gradebook", args=[cohort.pk])).content.decode()
    figures_url = reverse("labs:gradebook_figures", args=[cohort.pk])
    assert f'hx-get="{figures_url}"' in page
    assert 'data-testid="lab-stats"' not in page  # a page's own rates would mislead
    assert "Students 1–3 of 7" in page and "?sort=name&amp;page=3" in page
    figures = client.get(figures_url, HTTP_HX_REQUEST="true").content.decode()
    whole = cohort_gradebook(cohort=cohort)
    for column in whole.columns:
        assert f"{column.pass_rate}% · " in figures
    assert f"{whole.at_risk_count} of 7 at risk" in figures


def test_a_class_on_one_page_shows_its_figures_at_once(client, cohort, labs, instructor):
    fill(cohort, labs, 3)
    client.force_login(instructor)
    page = client.get(reverse("labs:gradebook", args=[cohort.pk])).content.decode()
    assert 'data-testid="lab-stats"' in page
    assert "gradebook-pages" not in page


def test_only_at_risk_pages_over_the_whole_class(client, cohort, labs, instructor):
    fill(cohort, labs, 9)
    at_risk = {r.student.username for r in cohort_gradebook(cohort=cohort).at_risk}
    assert len(at_risk) > PAGE
    seen = set()
    for book in pages_of(cohort, only_at_risk=True):
        seen |= {row.student.username for row in book.rows}
        assert book.at_risk_count == len(at_risk)
    assert seen == at_risk


def test_the_csv_streams_every_student_with_their_lab_results(cohort, labs, instructor, client):
    students = fill(cohort, labs, 5)
    overrides.grade_override_set(
        student=students[1], lab=labs[0], cohort=cohort, actor=instructor,
        passed=True, score=0.97, reason="Marked by hand",
    )  # fmt: skip
    client.force_login(instructor)
    response = client.get(reverse("labs:gradebook_export", args=[cohort.pk]))
    assert isinstance(response, StreamingHttpResponse)
    rows = list(csv.reader(io.StringIO(response_text(response))))
    header, body = rows[0], rows[1:]
    assert sorted(r[0] for r in body) == sorted(s.username for s in students)
    results = course_selectors.cohort_results(cohort=cohort, labs=labs)
    for line in body:
        student = next(s for s in students if s.username == line[0])
        passed = 0
        for lab in labs:
            result = results.get(student.pk, lab)
            best = line[header.index(f"{lab.slug} best")]
            status = line[header.index(f"{lab.slug} status")]
            assert best == (f"{result.score:.4f}" if result.score is not None else "")
            assert ("(override)" in status) == result.is_overridden
            assert (status.startswith("Passed")) == result.has_passed
            passed += result.has_passed
        assert line[header.index("labs passed")] == str(passed)
    carl = next(line for line in body if line[0] == students[1].username)
    assert carl[header.index("early best")] == "0.9700"


def test_the_csv_reads_a_chunk_at_a_time(cohort, labs, instructor, client):
    """Each chunk of students costs the same queries: the export grows by chunks, not by
    students or submissions."""
    client.force_login(instructor)
    url = reverse("labs:gradebook_export", args=[cohort.pk])
    counts = []
    for size, prefix in ((CHUNK, "a"), (CHUNK, "b"), (CHUNK, "c")):
        fill(cohort, labs, size, prefix=prefix)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            lines = response_text(response).splitlines()
        counts.append(len(queries))
        assert len(lines) == 1 + len(counts) * CHUNK
    assert counts[2] - counts[1] == counts[1] - counts[0] > 0, counts
