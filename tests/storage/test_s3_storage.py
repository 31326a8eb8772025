"""Files through Django's storage API on a real S3 endpoint: datasets, references and uploads
land in the bucket (never on the local disk), downloads stream through the views that check
who asks, and no file, least of all the hidden labels, is ever given a URL."""

import json
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from labs.models import Submission
from labs.services import datasets, worker
from labs.services.answer_keys import answer_key_for
from tests.factories import UserFactory
from tests.labs.factories import lab_on_builtin
from tests.storage.support import bucket_keys, files_under, labels_with_classes_rotated
from tests.support import python_in_project

pytestmark = pytest.mark.django_db

STORAGE_OF = """
import json, django
django.setup()
from django.conf import settings
from django.core.files.storage import storages
default = settings.STORAGES["default"]
print(json.dumps({"backend": default["BACKEND"], "options": default.get("OPTIONS", {}),
                  "class": type(storages["default"]).__name__}))
"""


@pytest.fixture
def lab(s3_storage):
    return lab_on_builtin(dataset_slug="wine", slug="lab-in-a-bucket", week=1)


@pytest.fixture
def charlie(lab):
    """A stranger: a user of the site, in no cohort."""
    return UserFactory(username="charlie")


def _read(field_file) -> bytes:
    with field_file.open("rb") as handle:
        return handle.read()


def _storage_in_a_process(**variables) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "LODESTAR_S3_"))}
    return json.loads(python_in_project(STORAGE_OF, env={**env, **variables}))


def test_files_stay_on_the_local_disk_unless_a_bucket_is_named():
    assert _storage_in_a_process() == {
        "backend": "config.storage.PrivateFileSystemStorage",
        "options": {},
        "class": "PrivateFileSystemStorage",
    }


def test_a_named_bucket_puts_every_file_in_it(s3_environment):
    storage = _storage_in_a_process(**s3_environment)
    assert storage["class"] == "PrivateS3Storage"
    assert storage["options"]["bucket_name"] == s3_environment["LODESTAR_S3_BUCKET"]
    assert storage["options"]["endpoint_url"] == s3_environment["AWS_S3_ENDPOINT_URL"]
    # A self-hosted endpoint (MinIO) serves buckets by path.
    assert storage["options"]["addressing_style"] == "path"


def test_dataset_and_reference_files_are_objects_in_the_bucket(lab, s3_endpoint, settings):
    dataset, reference = lab.dataset, lab.references.get()
    stored = {
        dataset.train_file.name,
        dataset.test_features_file.name,
        dataset.test_labels_file.name,
        reference.predictions_file.name,
    }
    assert stored <= set(bucket_keys(s3_endpoint, lab.dataset.train_file.storage.bucket_name))
    assert files_under(settings.MEDIA_ROOT) == []


def test_no_stored_file_has_a_url(lab):
    dataset = lab.dataset
    for field_file in (
        dataset.test_labels_file,
        dataset.train_file,
        dataset.test_features_file,
        lab.references.get().predictions_file,
    ):
        with pytest.raises(ValueError, match="no URL"):
            field_file.url  # noqa: B018 - the property is what is tested


def test_enrolled_student_downloads_the_training_split_streamed_from_the_bucket(
    client, lab, enrolled_alice
):
    client.force_login(enrolled_alice)
    response = client.get(reverse("labs:download", args=[lab.slug, "train"]))
    assert response.status_code == 200  # streamed here, not a redirect to the bucket
    assert b"".join(response.streaming_content) == _read(lab.dataset.train_file)


def test_stranger_gets_no_file_and_nobody_gets_the_labels(client, lab, enrolled_alice, charlie):
    client.force_login(charlie)
    # Not enrolled: the friendly 403 that says why the labs are closed, and no file.
    stranger = client.get(reverse("labs:download", args=[lab.slug, "train"]))
    assert stranger.status_code == 403
    assert not stranger.get("Content-Disposition")
    client.force_login(enrolled_alice)
    for part in ("labels", "test_labels", "test_labels_file"):
        assert client.get(reverse("labs:download", args=[lab.slug, part])).status_code == 404


def test_upload_is_stored_in_the_bucket_and_graded_from_it(
    client, lab, enrolled_alice, s3_endpoint, settings
):
    reference = lab.references.get()
    client.force_login(enrolled_alice)
    upload = SimpleUploadedFile("mine.csv", _read(reference.predictions_file))
    response = client.post(reverse("labs:submit", args=[lab.slug]), {"file": upload})
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.file.name in bucket_keys(s3_endpoint, submission.file.storage.bucket_name)

    graded = worker.submission_grade(submission_id=submission.pk)

    assert graded.status == Submission.Status.GRADED, graded.problems
    assert graded.public_score == pytest.approx(reference.public_score)
    assert files_under(settings.MEDIA_ROOT) == []


def test_replaced_labels_are_read_again_for_the_new_dataset_version(lab):
    dataset = lab.dataset
    before = answer_key_for(dataset)
    datasets.dataset_replace_files(
        dataset=dataset,
        train=_read(dataset.train_file),
        test_features=_read(dataset.test_features_file),
        labels=labels_with_classes_rotated(_read(dataset.test_labels_file)),
    )
    after = answer_key_for(dataset)
    assert dataset.version == 2
    assert after.ids == before.ids
    assert all(new != old for new, old in zip(after.labels, before.labels, strict=True))


def test_admin_shows_stored_file_names_and_no_link_to_the_bucket(
    client, lab, enrolled_alice, s3_endpoint
):
    staff = UserFactory(username="sam", is_staff=True, is_superuser=True)
    submission = Submission.objects.create(
        lab=lab,
        student=enrolled_alice,
        original_name="mine.csv",
        size_bytes=3,
        file="submissions/x.csv",
    )
    client.force_login(staff)
    pages = [
        reverse("admin:labs_submission_change", args=[submission.pk]),
        reverse("admin:labs_referencemodel_change", args=[lab.references.get().pk]),
        reverse("admin:labs_dataset_change", args=[lab.dataset.pk]),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        body = response.content.decode()
        assert s3_endpoint.url not in body
        assert "X-Amz-" not in body
    assert "submissions/x.csv" in client.get(pages[0]).content.decode()
