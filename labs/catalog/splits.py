"""``DatasetSplits``: the three tables of a lab's dataset, how they are made and written out."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

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


TEST_SIZE = 0.25


def make_splits(
    *,
    slug: str,
    prefix: str,
    features: pd.DataFrame,
    target: pd.Series | np.ndarray,
    task: str,
    seed: int,
    test_size: float = TEST_SIZE,
    **info,
) -> DatasetSplits:
    """Shuffle rows, give them ids that say nothing about the target, split train/test."""
    features = features.reset_index(drop=True)
    target = pd.Series(np.asarray(target)).reset_index(drop=True)
    if task == "classification":
        target = target.astype(str).astype(object)
    else:
        target = target.astype(float)
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(features))
    features = features.iloc[order].reset_index(drop=True)
    target = target.iloc[order].reset_index(drop=True)
    width = max(4, len(str(len(features))))
    ids = pd.Series([f"{prefix}-{i + 1:0{width}d}" for i in range(len(features))], dtype=object)
    train_idx, test_idx = train_test_split(
        np.arange(len(features)),
        test_size=test_size,
        random_state=seed,
        stratify=target if task == "classification" else None,
    )
    train_idx, test_idx = np.sort(train_idx), np.sort(test_idx)
    feature_columns = list(features.columns)
    table = features.copy()
    table.insert(0, ID_COLUMN, ids)
    table[TARGET_COLUMN] = target
    train = table.iloc[train_idx].reset_index(drop=True)
    test = table.iloc[test_idx].reset_index(drop=True)
    return DatasetSplits(
        slug=slug,
        task=task,
        feature_columns=feature_columns,
        train=train,
        test_features=test[[ID_COLUMN, *feature_columns]].copy(),
        test_labels=test[[ID_COLUMN, TARGET_COLUMN]].copy(),
        **info,
    )
