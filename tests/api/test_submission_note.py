"""A note on a submission through the API: stored, returned, bounded, and checked as the
web form checks it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from labs.models import NOTE_MAX_LENGTH, Submission

pytestmark = pytest.mark.django_db


def _submit(api, lab, content, **data):
    upload = SimpleUploadedFile("predictions.csv", content, content_type="text/csv")
    return api.post(f"/api/v1/labs/{lab.slug}/submissions", {"file": upload, **data})


def test_a_note_is_stored_and_returned(alice_api, wine_lab_week3, wine_week3_predictions):
    response = _submit(alice_api, wine_lab_week3, wine_week3_predictions, note="  depth 8  ")

    assert response.status_code == 201
    assert response.json()["note"] == "depth 8"
    assert Submission.objects.get().note == "depth 8"
    assert alice_api.get(response.json()["url"]).json()["note"] == "depth 8"


def test_without_a_note_the_note_is_empty(alice_api, wine_lab_week3, wine_week3_predictions):
    response = _submit(alice_api, wine_lab_week3, wine_week3_predictions)
    assert response.status_code == 201
    assert response.json()["note"] == ""


@pytest.mark.parametrize(
    ("note", "says"),
    [("x" * (NOTE_MAX_LENGTH + 1), "at most 200 characters"), ("bell\x07", "control character")],
)
def test_a_bad_note_is_400_and_stores_nothing(
    alice_api, wine_lab_week3, wine_week3_predictions, note, says
):
    response = _submit(alice_api, wine_lab_week3, wine_week3_predictions, note=note)

    assert response.status_code == 400
    assert says in response.json()["detail"]
    assert not Submission.objects.exists()
