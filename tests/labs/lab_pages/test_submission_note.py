"""A note on a submission from the lab page's form: stored, shown escaped on the student's
list and submission page, bounded in length."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from labs.models import NOTE_MAX_LENGTH, Submission
from labs.services import intake

pytestmark = pytest.mark.django_db

HOSTILE = "<img src=x onerror=alert(1)> tuned C"


def _post(client, lab, content, note):
    upload = SimpleUploadedFile("predictions.csv", content, content_type="text/csv")
    return client.post(reverse("labs:submit", args=[lab.slug]), {"file": upload, "note": note})


def test_the_form_offers_a_note(client, enrolled_alice, wine_lab_week3):
    client.force_login(enrolled_alice)
    page = client.get(reverse("labs:detail", args=[wine_lab_week3.slug]))
    assert 'name="note"' in page.content.decode()
    assert f'maxlength="{NOTE_MAX_LENGTH}"' in page.content.decode()


def test_the_note_is_stored_and_shown_escaped(
    client, enrolled_alice, wine_lab_week3, wine_week3_predictions
):
    client.force_login(enrolled_alice)

    response = _post(client, wine_lab_week3, wine_week3_predictions, HOSTILE)

    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.note == HOSTILE
    for url in (
        reverse("labs:detail", args=[wine_lab_week3.slug]),
        reverse("labs:submission", args=[submission.pk]),
    ):
        html = client.get(url).content.decode()
        assert "&lt;img src=x onerror=alert(1)&gt; tuned C" in html, url
        assert "<img src=x" not in html, url


def test_a_note_too_long_is_refused_with_a_message(
    client, enrolled_alice, wine_lab_week3, wine_week3_predictions
):
    client.force_login(enrolled_alice)

    response = _post(client, wine_lab_week3, wine_week3_predictions, "x" * (NOTE_MAX_LENGTH + 1))

    assert response.status_code == 400
    assert "at most 200 characters" in response.content.decode()
    assert not Submission.objects.exists()


def test_the_service_refuses_a_long_note_from_any_caller(
    enrolled_alice, cohort, wine_lab_week3, wine_week3_predictions
):
    with pytest.raises(intake.SubmissionRefused, match="keep it to 200"):
        intake.submission_create(
            lab=wine_lab_week3,
            student=enrolled_alice,
            cohort=cohort,
            upload=intake.UploadedPredictions(name="p.csv", content=wine_week3_predictions),
            note="x" * (NOTE_MAX_LENGTH + 1),
        )
