"""GET /api/v1/labs, /labs/{slug}, /labs/{slug}/files and the file downloads."""

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.labs.factories import lab_on_builtin
from tests.support import cutoff_moment

pytestmark = pytest.mark.django_db


@pytest.fixture
def later_lab(db):
    """A lab of week 10: locked for a cohort three weeks in."""
    return lab_on_builtin(dataset_slug="wine", slug="later-lab", week=10, train_reference=False)


def test_labs_lists_my_cohorts_labs_with_dates_and_status(
    alice_api, cohort, wine_lab_week3, later_lab
):
    body = alice_api.get("/api/v1/labs").json()
    by_slug = {lab["slug"]: lab for lab in body}
    assert by_slug["first-classifier"]["is_open"] is True
    assert by_slug["first-classifier"]["status"] == "open"
    assert by_slug["first-classifier"]["due_on"] == wine_lab_week3.due_on(cohort).isoformat()
    assert by_slug["later-lab"]["is_open"] is False
    assert by_slug["later-lab"]["status"] == "locked"
    assert by_slug["later-lab"]["opens_on"] == later_lab.opens_on(cohort).isoformat()


def test_labs_for_an_instructor_are_open_without_dates(as_user, instructor, wine_lab_week3):
    (lab,) = as_user(instructor).get("/api/v1/labs").json()
    assert lab["is_open"] is True
    assert lab["due_on"] is None


def test_labs_for_someone_not_enrolled_is_403_saying_why(as_user, stranger, wine_lab_week3):
    response = as_user(stranger).get("/api/v1/labs")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert "enrolled in a running cohort" in response.json()["detail"]


def test_lab_detail_has_the_bar_to_pass_and_attempts(alice_api, wine_lab_week3):
    body = alice_api.get(f"/api/v1/labs/{wine_lab_week3.slug}").json()
    reference = wine_lab_week3.references.get()
    assert body["reference_score"] == pytest.approx(reference.public_score)
    assert body["pass_threshold"] == pytest.approx(
        reference.public_score * wine_lab_week3.pass_ratio
    )
    assert body["attempts_left_today"] == wine_lab_week3.daily_limit
    assert [f["name"] for f in body["files"]] == ["train", "test"]
    assert body["accepts"] == [".csv", ".txt"]


def test_a_locked_lab_shows_but_offers_no_files(alice_api, later_lab):
    body = alice_api.get(f"/api/v1/labs/{later_lab.slug}").json()
    assert body["is_open"] is False
    assert body["files"] == []
    response = alice_api.get(f"/api/v1/labs/{later_lab.slug}/files")
    assert response.status_code == 404
    assert response.json()["detail"] == "This lab is not open yet."
    assert alice_api.get(f"/api/v1/labs/{later_lab.slug}/files/train").status_code == 404


def test_files_stream_the_same_bytes_as_the_dataset(alice_api, wine_lab_week3):
    files = alice_api.get(f"/api/v1/labs/{wine_lab_week3.slug}/files").json()
    for item, field in zip(files, ("train_file", "test_features_file"), strict=True):
        response = alice_api.get(item["url"])
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv"
        assert item["filename"] in response["Content-Disposition"]
        with getattr(wine_lab_week3.dataset, field).open("rb") as handle:
            assert b"".join(response.streaming_content) == handle.read()


@pytest.mark.parametrize(
    "part", ["labels", "test_labels", "private", "answers", "..%2Flabels", "..%2F..%2Flabels"]
)
def test_the_hidden_labels_have_no_route(alice_api, wine_lab_week3, part):
    response = alice_api.get(f"/api/v1/labs/{wine_lab_week3.slug}/files/{part}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found", "problems": []}


def test_test_features_file_carries_no_target(alice_api, wine_lab_week3):
    response = alice_api.get(f"/api/v1/labs/{wine_lab_week3.slug}/files/test")
    header = b"".join(response.streaming_content).splitlines()[0].decode()
    assert "target" not in header.split(",")


def _upload(api, lab, content):
    upload = SimpleUploadedFile("mine.csv", content, content_type="text/csv")
    return api.post(f"/api/v1/labs/{lab.slug}/submissions", {"file": upload})


def test_lab_detail_says_why_an_upload_would_be_refused(
    alice_api, wine_lab_week3, wine_week3_predictions
):
    assert alice_api.get(f"/api/v1/labs/{wine_lab_week3.slug}").json()["upload_refused"] is None

    wine_lab_week3.daily_limit = 1
    wine_lab_week3.save(update_fields=["daily_limit"])
    assert _upload(alice_api, wine_lab_week3, wine_week3_predictions).status_code == 201
    body = alice_api.get(f"/api/v1/labs/{wine_lab_week3.slug}").json()

    assert body["attempts_left_today"] == 0
    assert body["upload_refused"]["code"] == "daily_limit"
    refused = _upload(alice_api, wine_lab_week3, wine_week3_predictions)
    assert refused.status_code == 400
    assert body["upload_refused"]["reason"] in refused.json()["detail"]


@pytest.mark.course_rules
def test_lab_detail_of_a_lab_past_its_cutoff_says_closed(alice_api, wine_lab_week3, cohort):
    with time_machine.travel(cutoff_moment(wine_lab_week3, cohort, seconds=1), tick=False):
        body = alice_api.get(f"/api/v1/labs/{wine_lab_week3.slug}").json()
    assert body["upload_refused"]["code"] == "closed"
    assert body["upload_refused"]["hint"]
