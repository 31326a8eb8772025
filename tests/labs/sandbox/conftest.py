"""Fixtures of the sandbox tests: the wine lab's two public files (a working sandbox is
tests/conftest.py's `sandbox_ready`)."""

import pytest

from labs.catalog import build_dataset


@pytest.fixture(scope="module")
def wine_files():
    splits = build_dataset("wine")
    return splits.train_csv_bytes(), splits.test_features_csv_bytes()
