"""The installation's dataset secret: where it comes from, and that the data follows it."""

import pytest

from labs.catalog import BUILTIN_DATASETS, build_dataset, dataset_secret
from labs.catalog.secret import DEVELOPMENT_KEY


def test_the_explicit_secret_wins_over_the_secret_key():
    environ = {"LODESTAR_DATASET_SECRET": "ours", "DJANGO_SECRET_KEY": "k" * 50}
    assert dataset_secret(environ) == b"ours"


def test_without_one_the_secret_is_derived_from_the_secret_key():
    first = dataset_secret({"DJANGO_SECRET_KEY": "a" * 50})
    assert first == dataset_secret({"DJANGO_SECRET_KEY": "a" * 50, "LODESTAR_DATASET_SECRET": ""})
    assert first != dataset_secret({"DJANGO_SECRET_KEY": "b" * 50})
    # derived, not the key itself
    assert b"a" * 50 not in first and len(first) == 32


def test_without_either_the_development_secret_is_used():
    assert dataset_secret({}) == dataset_secret({"DJANGO_SECRET_KEY": DEVELOPMENT_KEY})


def test_a_build_without_a_secret_uses_the_environment(monkeypatch):
    monkeypatch.setenv("LODESTAR_DATASET_SECRET", "from-the-environment")
    assert (
        build_dataset("iris").test_labels_csv_bytes()
        == build_dataset("iris", secret="from-the-environment").test_labels_csv_bytes()
    )


@pytest.mark.parametrize("slug", sorted(BUILTIN_DATASETS))
def test_another_secret_draws_other_rows(slug):
    one, other = build_dataset(slug, secret="one"), build_dataset(slug, secret="other")
    assert one.train_csv_bytes() != other.train_csv_bytes()
    assert one.test_features_csv_bytes() != other.test_features_csv_bytes()
    # the same shape and meaning, so a lab reads the same on every installation
    assert one.feature_columns == other.feature_columns
    assert (len(one.train), len(one.test_features)) == (len(other.train), len(other.test_features))
    assert (one.title, one.description, one.classes) == (
        other.title,
        other.description,
        other.classes,
    )
