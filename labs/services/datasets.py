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
    train, test_features, labels = _builtin_files(splits)
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
    _store_dataset_files(dataset, train=train, test_features=test_features, labels=labels)
    dataset.full_clean()
    dataset.save()
    return dataset


def _builtin_files(splits) -> tuple[bytes, bytes, bytes]:
    """A catalog dataset's three files as stored: train, test features, hidden labels."""
    key = grading.AnswerKey.from_csv(
        splits.test_labels_csv_bytes(), id_column="id", target_column="target"
    )
    return splits.train_csv_bytes(), splits.test_features_csv_bytes(), key.to_csv_bytes()


def builtin_datasets_stale() -> list[Dataset]:
    """The built-in datasets whose stored files are not what the catalog draws today.

    An installation from before the catalog drew its data with the installation's secret
    still holds scikit-learn's own rows, whose hidden labels anyone can look up; so does
    one whose LODESTAR_DATASET_SECRET changed. Staff datasets are never stale.
    """
    return [dataset for dataset, _ in _stale_builtin_datasets()]


def _stale_builtin_datasets():
    """(dataset, what the catalog draws for it now) for each stale built-in dataset."""
    from labs.catalog import build_dataset

    for dataset in Dataset.objects.exclude(builtin="").order_by("slug"):
        splits = build_dataset(dataset.builtin)
        stored = (dataset.train_file, dataset.test_features_file, dataset.test_labels_file)
        expected = _builtin_files(splits)
        if any(_stored_bytes(f) != data for f, data in zip(stored, expected, strict=True)):
            yield dataset, splits


def _stored_bytes(field_file) -> bytes | None:
    if not field_file:
        return None
    try:
        with field_file.open("rb") as handle:
            return handle.read()
    except OSError:  # a file lost from storage is stale too
        return None


def builtin_datasets_refresh() -> list[Dataset]:
    """Draw the stale built-in datasets anew and retrain the references of their labs.

    Each dataset's version goes up, so grading waits for its new reference; submissions
    graded before keep their scores (they were graded against the data of their time).
    """
    refreshed = []
    for stale, splits in list(_stale_builtin_datasets()):
        with transaction.atomic():
            dataset = dataset_create_builtin(slug=stale.slug, splits=splits)
            for lab in dataset.labs.all():
                references.reference_request(lab=lab)
        refreshed.append(dataset)
    return refreshed


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
