"""``DatasetSplits``: the three tables of a lab's dataset and how they are written out."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

ID_COLUMN = "id"
TARGET_COLUMN = "target"


@dataclass
class DatasetSplits:
    """A dataset ready for a lab.

    ``train`` has the columns ``id``, the features and ``target``; ``test_features`` has
    ``id`` and the features; ``test_labels`` has ``id`` and ``target`` and must never be
    served. For classification ``classes`` lists the labels as text; for a binary task it
    is ``[negative, positive]`` and ``positive_label`` is its second item.
    """

    slug: str
    title: str
    description: str
    task: str  # "classification" | "regression"
    metric: str  # a key of labs.grading.METRICS
    classes: list[str] | None
    feature_columns: list[str]
    train: pd.DataFrame
    test_features: pd.DataFrame
    test_labels: pd.DataFrame
    reference: str  # a key of labs.grading.references.REFERENCE_PIPELINES

    @property
    def positive_label(self) -> str | None:
        if self.classes and len(self.classes) == 2:
            return self.classes[1]
        return None

    def train_csv_bytes(self) -> bytes:
        return _csv_bytes(self.train)

    def test_features_csv_bytes(self) -> bytes:
        return _csv_bytes(self.test_features)

    def test_labels_csv_bytes(self) -> bytes:
        """``id,target`` CSV, as ``AnswerKey.from_csv(id_column="id", target_column="target")``
        reads it."""
        return _csv_bytes(self.test_labels)


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV, LF line ends, no index, empty cells for missing values."""
    return frame.to_csv(index=False, lineterminator="\n", na_rep="").encode("utf-8")
