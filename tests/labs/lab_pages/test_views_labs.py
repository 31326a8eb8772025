"""Lab pages: who may open, download and submit; what they see."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from labs.models import Submission
from tests.labs.factories import lab_on_builtin

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_log_in(client, wine_lab):
    response = client.get(reverse("labs:detail", args=[wine_lab.slug]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_user_without_enrolment_is_told_why_a_lab_is_closed(client, alice, wine_lab):
    client.force_login(alice)
    response = client.get(reverse("labs:detail", args=[wine_lab.slug]))
    assert response.status_code == 403


def test_enrolled_student_sees_lab_with_reference_score(client, enrolled_alice, wine_lab):
    client.force_login(enrolled_alice)
    response = client.get(reverse("labs:detail", args=[wine_lab.slug]))
    assert response.status_code == 200
    reference = wine_lab.references.get()
    assert f"{reference.public_score:.4f}" in response.content.decode()
    assert "Download training set" in response.content.decode()


def test_lab_list_marks_future_labs_locked(client, enrolled_alice, wine_lab):
    later = lab_on_builtin(dataset_slug="wine", slug="later-lab", week=12, train_reference=False)
    client.force_login(enrolled_alice)
    response = client.get(reverse("labs:list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Locked" in body
    assert reverse("labs:detail", args=[later.slug]) not in body
    assert reverse("labs:detail", args=[wine_lab.slug]) in body


def test_training_download_has_labels_and_test_download_has_none(client, enrolled_alice, wine_lab):
    client.force_login(enrolled_alice)
    train = client.get(reverse("labs:download", args=[wine_lab.slug, "train"]))
    test = client.get(reverse("labs:download", args=[wine_lab.slug, "test"]))
    train_header = b"".join(train.streaming_content).split(b"\n")[0].decode()
    test_header = b"".join(test.streaming_content).split(b"\n")[0].decode()
    assert "target" in train_header.split(",")
    assert "target" not in test_header.split(",")
    assert test_header.split(",")[0] == "id"


@pytest.mark.parametrize("part", ["labels", "test_labels", "../labels", "answers"])
def test_hidden_labels_have_no_url(client, enrolled_alice, wine_lab, part):
    client.force_login(enrolled_alice)
    response = client.get(f"/labs/{wine_lab.slug}/download/{part}.csv")
    assert response.status_code == 404


def test_locked_lab_cannot_be_downloaded_or_submitted(client, enrolled_alice):
    locked = lab_on_builtin(dataset_slug="wine", slug="locked-lab", week=12, train_reference=False)
    client.force_login(enrolled_alice)
    assert client.get(reverse("labs:download", args=[locked.slug, "train"])).status_code == 404
    upload = SimpleUploadedFile("p.csv", b"id,prediction\n")
    response = client.post(reverse("labs:submit", args=[locked.slug]), {"file": upload})
    assert response.status_code == 404


def test_upload_creates_a_queued_submission_and_redirects(
    client, enrolled_alice, wine_lab, wine_predictions, django_capture_on_commit_callbacks
):
    client.force_login(enrolled_alice)
    upload = SimpleUploadedFile("mine.csv", wine_predictions, content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("labs:submit", args=[wine_lab.slug]), {"file": upload})
    submission = Submission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("labs:submission", args=[submission.pk])
    assert submission.original_name == "mine.csv"
    assert submission.status == Submission.Status.QUEUED


def test_upload_over_the_cap_is_refused_and_not_stored(client, enrolled_alice, wine_lab, settings):
    settings.LABS_MAX_UPLOAD_BYTES = 1000
    client.force_login(enrolled_alice)
    upload = SimpleUploadedFile("big.csv", b"id,prediction\n" + b"x,1\n" * 2000)
    response = client.post(reverse("labs:submit", args=[wine_lab.slug]), {"file": upload})
    assert response.status_code == 400
    body = response.content.decode()
    assert "larger than the 1000\xa0bytes limit, so it was not stored" in body
    assert "Predictions for this lab are far smaller." in body
    assert ".py file or notebook" not in body
    assert not Submission.objects.exists()


def test_upload_without_csrf_token_is_refused(enrolled_alice, wine_lab, wine_predictions):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(enrolled_alice)
    upload = SimpleUploadedFile("mine.csv", wine_predictions)
    response = csrf_client.post(reverse("labs:submit", args=[wine_lab.slug]), {"file": upload})
    assert response.status_code == 403
    assert not Submission.objects.exists()


def test_submission_page_of_another_student_is_404(
    client, enrolled_alice, enrolled_bob, wine_lab, wine_predictions
):
    from labs.services import intake

    submission = intake.submission_create(
        lab=wine_lab,
        student=enrolled_alice,
        cohort=None,
        upload=intake.UploadedPredictions(name="a.csv", content=wine_predictions),
    )
    client.force_login(enrolled_bob)
    assert client.get(reverse("labs:submission", args=[submission.pk])).status_code == 404
    assert client.get(reverse("labs:submission_status", args=[submission.pk])).status_code == 404


def test_pending_status_fragment_polls_and_graded_one_stops(
    client, enrolled_alice, wine_lab, wine_predictions
):
    from labs.services import intake, worker

    submission = intake.submission_create(
        lab=wine_lab,
        student=enrolled_alice,
        cohort=None,
        upload=intake.UploadedPredictions(name="a.csv", content=wine_predictions),
    )
    client.force_login(enrolled_alice)
    url = reverse("labs:submission_status", args=[submission.pk])
    pending = client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in pending

    worker.submission_grade(submission_id=submission.pk)
    graded = client.get(url).content.decode()
    assert "hx-trigger" not in graded
    assert "Passed" in graded


def test_lab_page_states_the_pass_threshold_in_the_metrics_direction(client, enrolled_alice):
    lab = lab_on_builtin(dataset_slug="diabetes", slug="regression-lab", week=1)
    reference = lab.references.get()
    client.force_login(enrolled_alice)

    body = client.get(reverse("labs:detail", args=[lab.slug])).content.decode()

    # RMSE: lower is better, so the bar is the reference divided by the ratio.
    assert "at most" in body
    assert f"{reference.public_score / lab.pass_ratio:.4f}" in body


def test_a_graded_regression_submission_shows_its_error_summary(client, enrolled_alice):
    from labs.services import intake, worker

    lab = lab_on_builtin(dataset_slug="diabetes", slug="regression-lab", week=1)
    with lab.references.get().predictions_file.open("rb") as handle:
        predictions = handle.read()
    submission = intake.submission_create(
        lab=lab,
        student=enrolled_alice,
        cohort=None,
        upload=intake.UploadedPredictions(name="predictions.csv", content=predictions),
    )
    graded = worker.submission_grade(submission_id=submission.pk)
    assert graded.status == Submission.Status.GRADED
    client.force_login(enrolled_alice)

    body = client.get(reverse("labs:submission", args=[submission.pk])).content.decode()

    assert "Error summary (public rows)" in body
    assert "Median absolute error" in body
    assert f"{graded.feedback['errors']['mae']:.4f}" in body


def test_a_graded_classification_submission_shows_precision_and_recall_per_class(
    client, enrolled_alice, wine_lab, wine_predictions
):
    from labs.services import intake, worker

    submission = intake.submission_create(
        lab=wine_lab,
        student=enrolled_alice,
        cohort=None,
        upload=intake.UploadedPredictions(name="predictions.csv", content=wine_predictions),
    )
    graded = worker.submission_grade(submission_id=submission.pk)
    client.force_login(enrolled_alice)

    body = client.get(reverse("labs:submission", args=[submission.pk])).content.decode()

    assert "Per class" in body
    for row in graded.feedback["per_class"]:
        assert f"<td>{row['label']}</td>" in body
