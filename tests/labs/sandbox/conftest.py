"""Fixtures of the sandbox tests: the wine lab's two public files, and a working sandbox."""

import pytest

from labs.catalog import build_dataset
from tests.labs.sandbox_support import require_sandbox


@pytest.fixture(scope="module")
def wine_files():
    splits = build_dataset("wine")
    return splits.train_csv_bytes(), splits.test_features_csv_bytes()


@pytest.fixture
def sandbox_ready():
    require_sandbox()
