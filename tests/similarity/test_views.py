"""The similarity pages: the cohort's instructor and staff see the pairs, side by side and
escaped; students (even the flagged ones) and other instructors get a 404 everywhere."""

import pytest
from django.urls import reverse

from similarity import services
from similarity.models import SimilarityPair, SimilarityRun
from tests.similarity import fixtures
from tests.similarity.conftest import final_code

pytestmark = pytest.mark.django_db

HOSTILE = "</code><script>alert('x')</script><b>"


@pytest.fixture
def flagged(similarity_lab, cohort, enrolled_alice, enrolled_bob):
    """Alice's file and Bob's renamed copy of it (with a hostile string), checked."""
    final_code(lab=similarity_lab, cohort=cohort, text=fixtures.ORIGINAL, student=enrolled_alice)
    copied = fixtures.RENAMED + f'\nNOTE = "{HOSTILE}"\n'
    final_code(lab=similarity_lab, cohort=cohort, text=copied, student=enrolled_bob)
    run = services.run_request(lab=similarity_lab, cohort=cohort)
    services.run_check(run_id=run.pk)
    return SimilarityPair.objects.get()


def _urls(pair):
    lab, cohort = pair.run.lab, pair.run.cohort
    return [
        ("get", reverse("similarity:index")),
        ("get", reverse("similarity:report", args=[cohort.pk, lab.slug])),
        ("post", reverse("similarity:run", args=[cohort.pk, lab.slug])),
        ("get", reverse("similarity:pair", args=[pair.pk])),
    ]


def test_the_instructor_sees_the_pair_and_its_passages_escaped(client, instructor, flagged):
    client.force_login(instructor)
    report = client.get(reverse("similarity:report", args=[flagged.run.cohort_id, "wine-in-code"]))
    assert report.status_code == 200
    assert report.content.decode().count('data-testid="similarity-pair"') == 1

    page = client.get(reverse("similarity:pair", args=[flagged.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("<mark>") >= 2  # both sides highlighted
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "Alice Student" in html and "Bob Student" in html


def test_staff_see_the_report(client, staff_user, flagged):
    client.force_login(staff_user)
    assert client.get(reverse("similarity:pair", args=[flagged.pk])).status_code == 200


@pytest.mark.parametrize("who", ["enrolled_alice", "enrolled_bob"])
def test_students_get_404_everywhere_even_the_flagged_ones(request, client, flagged, who):
    client.force_login(request.getfixturevalue(who))
    for method, url in _urls(flagged):
        assert getattr(client, method)(url).status_code == 404, url
    assert SimilarityRun.objects.count() == 1  # the refused POST queued nothing


def test_another_cohorts_instructor_sees_only_their_own_cohorts(client, other_instructor, flagged):
    client.force_login(other_instructor)
    index, *others = _urls(flagged)
    page = client.get(index[1])
    assert page.status_code == 200
    assert flagged.run.cohort.name not in page.content.decode()
    for method, url in others:
        assert getattr(client, method)(url).status_code == 404, url
    assert SimilarityRun.objects.count() == 1


def test_no_page_a_student_sees_links_to_similarity(client, enrolled_alice, flagged):
    client.force_login(enrolled_alice)
    for url in (
        reverse("labs:dashboard"),
        reverse("labs:detail", args=["wine-in-code"]),
        reverse("labs:submission", args=[flagged.submission_a_id]),
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        assert "/similarity/" not in page.content.decode(), url


def test_the_button_queues_one_check(client, instructor, similarity_lab, cohort, monkeypatch):
    published = []
    monkeypatch.setattr(
        services, "publish_on_commit", lambda name, *args: published.append((name, args))
    )
    client.force_login(instructor)
    url = reverse("similarity:run", args=[cohort.pk, similarity_lab.slug])

    first = client.post(url)
    client.post(url)  # a double click

    assert first.status_code == 302
    run = SimilarityRun.objects.get()
    assert run.requested_by == instructor
    assert published == [("similarity.run_check", (run.pk,))]


def test_an_earlier_cohorts_student_is_not_named_to_an_instructor_who_never_taught_them(
    client, instructor, similarity_lab, cohort
):
    from tests.labs.factories import CohortFactory

    earlier = CohortFactory(start_date=cohort.start_date.replace(year=cohort.start_date.year - 1))
    old = final_code(lab=similarity_lab, cohort=earlier, text=fixtures.ORIGINAL)
    final_code(lab=similarity_lab, cohort=cohort, text=fixtures.RENAMED)
    services.run_check(run_id=services.run_request(lab=similarity_lab, cohort=cohort).pk)
    client.force_login(instructor)

    page = client.get(reverse("similarity:pair", args=[SimilarityPair.objects.get().pk]))

    html = page.content.decode()
    assert f"A student of {earlier.name}" in html
    assert old.student.username not in html


def test_a_lab_graded_blind_shows_pseudonyms_until_release(
    client, instructor, flagged, similarity_lab
):
    """Blind grading reaches the similarity pages too: a pair's names and its submission
    numbers together would tell a grader who is behind each pseudonym."""
    from rubrics.models import Rubric
    from rubrics.selectors import pseudonym
    from rubrics.services import grading

    Rubric.objects.create(lab=similarity_lab, is_blind=True)
    cohort = flagged.run.cohort
    aliases = [
        pseudonym(lab_id=similarity_lab.pk, student_id=side.student_id)
        for side in (flagged.submission_a, flagged.submission_b)
    ]
    client.force_login(instructor)
    pages = [
        reverse("similarity:report", args=[cohort.pk, similarity_lab.slug]),
        reverse("similarity:pair", args=[flagged.pk]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert all(alias in html for alias in aliases), url
        assert "Alice" not in html and "Bob" not in html, url
    grading.grades_release(lab=similarity_lab, cohort=cohort, actor=instructor)
    for url in pages:
        html = client.get(url).content.decode()
        assert "Alice Student" in html and "Bob Student" in html, url
        assert not any(alias in html for alias in aliases), url
