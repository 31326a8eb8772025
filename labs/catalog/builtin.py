"""The built-in datasets. Each builder is deterministic: fixed seeds, no network.

Those scikit-learn ships are built here; those generated with fixed seeds are in
generated.py. BUILTIN_DATASETS names them all.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd
from sklearn import datasets as skdatasets

from labs.catalog.generated import (
    build_fraud,
    build_missing_values,
    build_recommendations,
    build_spam,
)
from labs.catalog.splits import DatasetSplits, make_splits


def _snake(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", name.lower()).strip("_")


def _from_bunch(bunch, *, target_names=None) -> tuple[pd.DataFrame, np.ndarray]:
    columns = [_snake(n) for n in bunch.feature_names]
    frame = pd.DataFrame(bunch.data, columns=columns)
    target = bunch.target
    if target_names is not None:
        target = np.asarray(target_names, dtype=object)[target]
    return frame, target


# ---------------------------------------------------------------- shipped with sklearn


def build_wine() -> DatasetSplits:
    bunch = skdatasets.load_wine()
    frame, target = _from_bunch(bunch, target_names=["cultivar_a", "cultivar_b", "cultivar_c"])
    return make_splits(
        slug="wine",
        prefix="wn",
        features=frame,
        target=target,
        task="classification",
        seed=11,
        title="Wine cultivars",
        description=(
            "Thirteen chemical measurements of Italian wines, each made from one of three "
            "grape cultivars. Predict the cultivar of each wine. A small, clean table: the "
            "place to practise the full loop of train, predict and submit."
        ),
        metric="accuracy",
        classes=["cultivar_a", "cultivar_b", "cultivar_c"],
        reference="logistic_regression",
    )


def build_iris() -> DatasetSplits:
    bunch = skdatasets.load_iris()
    names = [str(n) for n in bunch.target_names]
    frame, target = _from_bunch(bunch, target_names=names)
    frame.columns = [c.removesuffix("_cm") for c in frame.columns]
    return make_splits(
        slug="iris",
        prefix="ir",
        features=frame,
        target=target,
        task="classification",
        seed=12,
        title="Iris species",
        description=(
            "Petal and sepal sizes of 150 iris flowers from three species. Predict the "
            "species from the four measurements. Tiny and nearly separable: a warm-up."
        ),
        metric="accuracy",
        classes=names,
        reference="logistic_regression",
    )


def build_digits() -> DatasetSplits:
    bunch = skdatasets.load_digits()
    columns = [f"pixel_{r}_{c}" for r in range(8) for c in range(8)]
    frame = pd.DataFrame(bunch.data.astype(int), columns=columns)
    return make_splits(
        slug="digits",
        prefix="dg",
        features=frame,
        target=bunch.target,
        task="classification",
        seed=13,
        title="Handwritten digits",
        description=(
            "Scans of handwritten digits reduced to 8 by 8 pixels, each pixel an ink level "
            "from 0 to 16. Predict which digit, 0 to 9, each image shows. Image "
            "recognition in miniature: 64 numeric features per picture."
        ),
        metric="accuracy",
        classes=[str(d) for d in range(10)],
        reference="logistic_regression",
    )


def build_breast_cancer() -> DatasetSplits:
    bunch = skdatasets.load_breast_cancer()
    # sklearn codes malignant as 0 and benign as 1
    frame, target = _from_bunch(bunch, target_names=["malignant", "benign"])
    return make_splits(
        slug="breast_cancer",
        prefix="bc",
        features=frame,
        target=target,
        task="classification",
        seed=14,
        title="Breast tumour diagnosis",
        description=(
            "Thirty measurements of cell nuclei taken from images of breast tissue "
            "samples. Predict whether each tumour is benign or malignant. Missing a "
            "malignant case costs most, so the score is the F1 of the malignant class."
        ),
        metric="f1",
        classes=["benign", "malignant"],
        reference="logistic_regression",
    )


def build_diabetes() -> DatasetSplits:
    bunch = skdatasets.load_diabetes(scaled=False)
    frame, target = _from_bunch(bunch)
    return make_splits(
        slug="diabetes",
        prefix="db",
        features=frame,
        target=target,
        task="regression",
        seed=15,
        title="Diabetes progression",
        description=(
            "Age, sex, body mass index, blood pressure and six blood serum readings of 442 "
            "diabetes patients. Predict a measure of how far the disease progressed one "
            "year later. A regression scored by root mean squared error."
        ),
        metric="rmse",
        classes=None,
        reference="ridge",
    )


BUILTIN_DATASETS: dict[str, Callable[[], DatasetSplits]] = {
    "wine": build_wine,
    "iris": build_iris,
    "digits": build_digits,
    "spam": build_spam,
    "recommendations": build_recommendations,
    "fraud": build_fraud,
    "diabetes": build_diabetes,
    "missing_values": build_missing_values,
    "breast_cancer": build_breast_cancer,
}


def build_dataset(slug: str) -> DatasetSplits:
    """Build the built-in dataset ``slug`` (ValueError naming the known ones if unknown)."""
    try:
        builder = BUILTIN_DATASETS[slug]
    except KeyError:
        known = ", ".join(BUILTIN_DATASETS)
        raise ValueError(f"unknown built-in dataset {slug!r}; known: {known}") from None
    return builder()
