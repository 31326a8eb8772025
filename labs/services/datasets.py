"""Datasets: the built-in catalog's files, and new files uploaded by staff."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F

from labs import grading
from labs.models import Dataset
from labs.services import references


def _store_dataset_files(dataset: Dataset, *, train: bytes, test_features: bytes, labels: bytes):
    dataset.train_file.save("train.csv", ContentFile(train), save=False)
    dataset.test_features_file.save("test_features.csv", ContentFile(test_features), save=False)
    dataset.test_labels_file.save("test_labels.csv", ContentFile(labels), save=False)


@transaction.atomic
def dataset_create_builtin(*, slug: str, splits=None) -> Dataset:
    """Store a catalog dataset's three files (built here unless the caller already did)."""
    from labs.catalog import build_dataset

    splits = splits or build_dataset(slug)
    key = grading.AnswerKey.from_csv(
        splits.test_labels_csv_bytes(), id_column="id", target_column="target"
    )
    dataset = Dataset.objects.filter(slug=slug).first() or Dataset(slug=slug)
    if dataset.pk:
        dataset.version += 1
    dataset.title = splits.title
    dataset.description = splits.description
    dataset.task = splits.task
    dataset.metric = splits.metric
    dataset.classes = list(splits.classes or [])
    dataset.feature_columns = list(splits.feature_columns)
    dataset.builtin = slug
    dataset.train_rows = len(splits.train)
    dataset.test_rows = len(splits.test_features)
    _store_dataset_files(
        dataset,
        train=splits.train_csv_bytes(),
        test_features=splits.test_features_csv_bytes(),
        labels=key.to_csv_bytes(),
    )
    dataset.full_clean()
    dataset.save()
    return dataset


@transaction.atomic
def dataset_replace_files(
    *, dataset: Dataset, train: bytes, test_features: bytes, labels: bytes
) -> Dataset:
    """Store new files for an uploaded dataset and retrain the references of its labs."""
    if dataset.pk:
        dataset.version = F("version") + 1
    _store_dataset_files(dataset, train=train, test_features=test_features, labels=labels)
    dataset.save()
    dataset.refresh_from_db()
    for lab in dataset.labs.all():
        references.reference_request(lab=lab)
    return dataset
