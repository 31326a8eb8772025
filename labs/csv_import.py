"""Checks staff-uploaded dataset CSVs and rewrites them into the platform's shape.

The stored files always use the columns `id` and `target`, whatever the upload called them.
"""

import io
from dataclasses import dataclass

import numpy as np
import pandas as pd

from labs.grading import DatasetInvalid


@dataclass(frozen=True)
class ImportedDataset:
    train: bytes
    test_features: bytes
    test_labels: bytes
    feature_columns: list[str]
    classes: list[str]
    train_rows: int
    test_rows: int


def _read(name: str, data: bytes, problems: list[str]) -> pd.DataFrame | None:
    if not data.strip():
        problems.append(f"{name}: the file is empty.")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(f"{name}: the file is not UTF-8 text (byte {exc.start}).")
        return None
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        problems.append(f"{name}: not a readable CSV ({str(exc).strip()[:200]}).")
        return None


def import_dataset_files(
    *,
    train: bytes,
    test_features: bytes,
    test_labels: bytes,
    id_column: str,
    target_column: str,
    task: str,
) -> ImportedDataset:
    problems: list[str] = []
    frames = {
        "training file": _read("training file", train, problems),
        "test features file": _read("test features file", test_features, problems),
        "test labels file": _read("test labels file", test_labels, problems),
    }
    if problems:
        raise DatasetInvalid(problems)
    train_df, test_df, labels_df = frames.values()
    for name, frame, required in (
        ("training file", train_df, [id_column, target_column]),
        ("test features file", test_df, [id_column]),
        ("test labels file", labels_df, [id_column, target_column]),
    ):
        missing = [column for column in required if column not in frame.columns]
        if missing:
            problems.append(f"{name}: missing column(s) {', '.join(missing)}.")
        elif frame[id_column].duplicated().any():
            dupes = frame.loc[frame[id_column].duplicated(), id_column].head(3).tolist()
            problems.append(f"{name}: duplicate ids, e.g. {', '.join(dupes)}.")
        elif (frame[id_column].str.strip() == "").any():
            problems.append(f"{name}: some rows have an empty id.")
    if problems:
        raise DatasetInvalid(problems)
    if target_column in test_df.columns:
        problems.append("test features file: it must not contain the target column.")
    features = [c for c in train_df.columns if c not in (id_column, target_column)]
    if not features:
        problems.append("training file: there are no feature columns besides id and target.")
    missing_features = [c for c in features if c not in test_df.columns]
    if missing_features:
        problems.append(
            f"test features file: missing feature column(s) {', '.join(missing_features[:5])}."
        )
    if set(test_df[id_column]) != set(labels_df[id_column]):
        problems.append("test features and test labels must have exactly the same ids.")
    if set(train_df[id_column]) & set(test_df[id_column]):
        problems.append("training and test files share ids; ids must be unique across both.")
    if len(labels_df) < 10:
        problems.append("test labels file: at least 10 rows are needed to score fairly.")
    classes: list[str] = []
    if task == "regression":
        for name, frame in (("training file", train_df), ("test labels file", labels_df)):
            values = pd.to_numeric(frame[target_column], errors="coerce")
            if values.isna().any() or not np.isfinite(values).all():
                problems.append(f"{name}: every target must be a finite number for regression.")
    else:
        classes = sorted(set(train_df[target_column].str.strip()))
        unknown = set(labels_df[target_column].str.strip()) - set(classes)
        if len(classes) < 2:
            problems.append("training file: a classification target needs at least two classes.")
        if unknown:
            problems.append(
                f"test labels file: classes not seen in training: {', '.join(sorted(unknown)[:5])}."
            )
    if problems:
        raise DatasetInvalid(problems)

    def to_bytes(frame: pd.DataFrame) -> bytes:
        renamed = frame.rename(columns={id_column: "id", target_column: "target"})
        return renamed.to_csv(index=False).encode("utf-8")

    return ImportedDataset(
        train=to_bytes(train_df[[id_column, *features, target_column]]),
        test_features=to_bytes(test_df[[id_column, *features]]),
        test_labels=to_bytes(labels_df[[id_column, target_column]]),
        feature_columns=features,
        classes=classes,
        train_rows=len(train_df),
        test_rows=len(test_df),
    )
