"""Staff tools in the admin: datasets from CSV files, references and regrades."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from labs.models import Dataset, Lab, ReferenceModel, Submission
from labs.services import intake, references, worker

pytestmark = pytest.mark.django_db


def _csv(name, text):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def _files(rows=12, leak_target=False, bad_class=False):
    train = "key,size,colour,kind\n" + "".join(
        f"t{i},{i},{'red' if i % 2 else 'blue'},{'apple' if i % 2 else 'plum'}\n" for i in range(30)
    )
    extra = ",kind" if leak_target else ""
    test = f"key,size,colour{extra}\n" + "".join(
        f"s{i},{i},red{',apple' if leak_target else ''}\n" for i in range(rows)
    )
    label = "pear" if bad_class else "apple"
    labels = "key,kind\n" + "".join(
        f"s{i},{label if i == 0 else 'apple' if i % 2 else 'plum'}\n" for i in range(rows)
    )
    return {
        "train_upload": _csv("train.csv", train),
        "test_features_upload": _csv("test.csv", test),
        "test_labels_upload": _csv("labels.csv", labels),
    }


def _post_dataset(admin_client, files, **fields):
    data = {
        "slug": "fruit",
        "title": "Fruit",
        "description": "Apples and plums.",
        "task": "classification",
        "metric": "accuracy",
        "id_column": "key",
        "target_column": "kind",
        **fields,
        **files,
    }
    return admin_client.post(reverse("admin:labs_dataset_add"), data)


def test_staff_creates_a_dataset_from_their_own_csv_files(admin_client):
    response = _post_dataset(admin_client, _files())

    assert response.status_code == 302, response.content.decode()[:2000]
    dataset = Dataset.objects.get(slug="fruit")
    assert dataset.feature_columns == ["size", "colour"]
    assert dataset.classes == ["apple", "plum"]
    assert dataset.test_rows == 12
    header = dataset.train_file.open("rb").read().decode().splitlines()[0]
    assert header == "id,size,colour,target"
    labels = dataset.test_labels_file.open("rb").read().decode().splitlines()[0]
    assert labels == "id,target,split"


@pytest.mark.parametrize(
    ("files", "fields", "message"),
    [
        (_files(leak_target=True), {}, "must not contain the target column"),
        (_files(bad_class=True), {}, "classes not seen in training: pear"),
        (_files(rows=5), {}, "at least 10 rows"),
        (_files(), {"id_column": "identifier"}, "missing column(s) identifier"),
        (_files(), {"metric": "rmse"}, "is a regression metric"),
    ],
)
def test_bad_dataset_files_get_a_clear_error_and_nothing_is_stored(
    admin_client, files, fields, message
):
    response = _post_dataset(admin_client, files, **fields)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Dataset.objects.exists()


def test_saving_a_lab_queues_reference_training_once(
    admin_client, wine_lab, django_capture_on_commit_callbacks
):
    data = {
        "slug": "wine-two",
        "title": "Wine again",
        "summary": "s",
        "instructions": "i",
        "week": 2,
        "dataset": wine_lab.dataset.pk,
        "reference_name": "random_forest_classifier",
        "pass_ratio": 0.9,
        "daily_limit": 3,
        "is_published": "on",
        # the read-only inline of reference runs still sends its management form
        "references-TOTAL_FORMS": 0,
        "references-INITIAL_FORMS": 0,
    }
    with django_capture_on_commit_callbacks(execute=False):
        response = admin_client.post(reverse("admin:labs_lab_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    lab = Lab.objects.get(slug="wine-two")
    assert lab.references.filter(status=ReferenceModel.Status.PENDING).count() == 1

    # Saving again without a change of pipeline or data trains nothing new.
    references.reference_train(reference_id=lab.references.get().pk)
    data["references-TOTAL_FORMS"] = data["references-INITIAL_FORMS"] = 1
    data["references-0-id"] = lab.references.get().pk
    data["references-0-lab"] = lab.pk
    with django_capture_on_commit_callbacks(execute=False):
        response = admin_client.post(reverse("admin:labs_lab_change", args=[lab.pk]), data)
    assert response.status_code == 302
    assert lab.references.count() == 1


def test_regrade_action_requeues_selected_submissions(
    admin_client, enrolled_alice, wine_lab, wine_predictions, django_capture_on_commit_callbacks
):
    submission = intake.submission_create(
        lab=wine_lab,
        student=enrolled_alice,
        cohort=None,
        upload=intake.UploadedPredictions(name="a.csv", content=wine_predictions),
    )
    worker.submission_grade(submission_id=submission.pk)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        admin_client.post(
            reverse("admin:labs_submission_changelist"),
            {"action": "regrade", "_selected_action": [submission.pk]},
        )
    submission.refresh_from_db()
    assert submission.status == Submission.Status.QUEUED
    assert len(callbacks) == 1


def test_regrade_all_action_on_a_lab(admin_client, enrolled_alice, wine_lab, wine_predictions):
    for _ in range(2):
        s = intake.submission_create(
            lab=wine_lab,
            student=enrolled_alice,
            cohort=None,
            upload=intake.UploadedPredictions(name="a.csv", content=wine_predictions),
        )
        worker.submission_grade(submission_id=s.pk)

    admin_client.post(
        reverse("admin:labs_lab_changelist"),
        {"action": "regrade_all", "_selected_action": [wine_lab.pk]},
    )
    assert Submission.objects.filter(status=Submission.Status.QUEUED).count() == 2


@pytest.mark.parametrize("model", ["dataset", "lab", "referencemodel", "submission"])
def test_lab_admin_pages_load_for_staff_and_refuse_students(
    admin_client, client, alice, model, wine_lab
):
    url = reverse(f"admin:labs_{model}_changelist")
    assert admin_client.get(url).status_code == 200
    client.force_login(alice)
    response = client.get(url)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
