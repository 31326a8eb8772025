"""The built-in datasets. Each builder is deterministic for a secret: no network.

Those modelled on data scikit-learn ships (wine, iris, digits, breast cancer, diabetes) are
built here: their rows are drawn afresh (labs/catalog/sampling.py), since the shipped rows
and their labels are on every student's laptop and inside the code sandbox. Those made up
from scratch are in generated.py and later_weeks.py. BUILTIN_DATASETS names them all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import numpy as np
import pandas as pd
from sklearn import datasets as skdatasets

from labs.catalog.generated import (
    build_fraud,
    build_missing_values,
    build_recommendations,
    build_spam,
)
from labs.catalog.later_weeks import build_bike_demand, build_house_prices, build_loans
from labs.catalog.sampling import Likeness, fresh_rows, fresh_target
from labs.catalog.secret import dataset_rng, split_seed
from labs.catalog.splits import DatasetSplits, make_splits

Secret = bytes | str | None


def _snake(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", name.lower()).strip("_")


@cache
def _shipped(name: str, **options):
    """A dataset scikit-learn ships, read once per process and never changed."""
    bunch = getattr(skdatasets, f"load_{name}")(**options)
    bunch.data.setflags(write=False)
    bunch.target.setflags(write=False)
    return bunch


def _drawn_like(
    bunch, slug: str, secret: Secret, likeness: Likeness, *, target_names=None
) -> tuple[pd.DataFrame, np.ndarray]:
    """New rows in the likeness of a shipped classification table, with their classes."""
    rows, classes = fresh_rows(dataset_rng(secret, slug), bunch.data, bunch.target, likeness)
    frame = pd.DataFrame(rows, columns=[_snake(n) for n in bunch.feature_names])
    if target_names is not None:
        classes = np.asarray(target_names, dtype=object)[classes]
    return frame, classes


# ------------------------------------------------------ modelled on data sklearn ships


def build_wine(*, secret: Secret = None) -> DatasetSplits:
    names = ["cultivar_a", "cultivar_b", "cultivar_c"]
    frame, target = _drawn_like(_shipped("wine"), "wine", secret, Likeness(), target_names=names)
    return make_splits(
        slug="wine",
        prefix="wn",
        features=frame,
        target=target,
        task="classification",
        seed=split_seed(secret, "wine"),
        title="Wine cultivars",
        description=(
            "Thirteen chemical measurements of wines, each made from one of three grape "
            "cultivars, generated for this course from a model of the classic UCI wine "
            "study. Predict the cultivar of each wine. A small, clean table: the place to "
            "practise the full loop of train, predict and submit."
        ),
        metric="accuracy",
        classes=names,
        reference="logistic_regression",
    )


def build_iris(*, secret: Secret = None) -> DatasetSplits:
    bunch = _shipped("iris")
    names = [str(n) for n in bunch.target_names]
    frame, target = _drawn_like(bunch, "iris", secret, Likeness(), target_names=names)
    frame.columns = [c.removesuffix("_cm") for c in frame.columns]
    return make_splits(
        slug="iris",
        prefix="ir",
        features=frame,
        target=target,
        task="classification",
        seed=split_seed(secret, "iris"),
        title="Iris species",
        description=(
            "Petal and sepal sizes in centimetres of 150 iris flowers from three species, "
            "generated for this course from a model of Fisher's classic measurements. "
            "Predict the species from the four measurements. Tiny and nearly separable: "
            "a warm-up."
        ),
        metric="accuracy",
        classes=names,
        reference="logistic_regression",
    )


# Pixels modelled as they are, with a wider spread than the scans: drawn digits come out
# a little rougher, which keeps the reference near its score on the real scans.
DIGITS_LIKENESS = Likeness(shrinkage=0.2, widen=1.5, log_space=False)


def build_digits(*, secret: Secret = None) -> DatasetSplits:
    bunch = _shipped("digits")
    frame, target = _drawn_like(bunch, "digits", secret, DIGITS_LIKENESS)
    frame = frame.astype(int)
    frame.columns = [f"pixel_{r}_{c}" for r in range(8) for c in range(8)]
    return make_splits(
        slug="digits",
        prefix="dg",
        features=frame,
        target=target,
        task="classification",
        seed=split_seed(secret, "digits"),
        title="Handwritten digits",
        description=(
            "Images of handwritten digits, 8 by 8 pixels, each pixel an ink level from 0 to "
            "16, generated for this course from a model of the UCI handwriting scans (a "
            "little rougher than real ones). Predict which digit, 0 to 9, each image shows. "
            "Image recognition in miniature: 64 numeric features per picture."
        ),
        metric="accuracy",
        classes=[str(d) for d in range(10)],
        reference="logistic_regression",
    )


def build_breast_cancer(*, secret: Secret = None) -> DatasetSplits:
    # sklearn codes malignant as 0 and benign as 1
    frame, target = _drawn_like(
        _shipped("breast_cancer"),
        "breast_cancer",
        secret,
        Likeness(),
        target_names=["malignant", "benign"],
    )
    return make_splits(
        slug="breast_cancer",
        prefix="bc",
        features=frame,
        target=target,
        task="classification",
        seed=split_seed(secret, "breast_cancer"),
        title="Breast tumour diagnosis",
        description=(
            "Thirty measurements of cell nuclei as taken from images of breast tissue "
            "samples, generated for this course from a model of the Wisconsin diagnostic "
            "data. Predict whether each tumour is benign or malignant. Missing a malignant "
            "case costs most, so the score is the F1 of the malignant class."
        ),
        metric="f1",
        classes=["benign", "malignant"],
        reference="logistic_regression",
    )


def build_diabetes(*, secret: Secret = None) -> DatasetSplits:
    bunch = _shipped("diabetes", scaled=False)
    rng = dataset_rng(secret, "diabetes")
    sex = list(bunch.feature_names).index("sex")
    # Drawn per sex (a column of two values), the rest modelled within each.
    others, sexes = fresh_rows(
        rng, np.delete(bunch.data, sex, axis=1), bunch.data[:, sex], Likeness()
    )
    rows = np.insert(others, sex, sexes, axis=1)
    target = fresh_target(rng, bunch.data, bunch.target, rows)
    frame = pd.DataFrame(rows, columns=[_snake(n) for n in bunch.feature_names])
    return make_splits(
        slug="diabetes",
        prefix="db",
        features=frame,
        target=target,
        task="regression",
        seed=split_seed(secret, "diabetes"),
        title="Diabetes progression",
        description=(
            "Age, sex, body mass index, blood pressure and six blood serum readings of 442 "
            "patients, generated for this course from a model of a published diabetes "
            "study. Predict a measure of how far the disease progressed one year later. A "
            "regression scored by root mean squared error."
        ),
        metric="rmse",
        classes=None,
        reference="ridge",
    )


BUILTIN_DATASETS: dict[str, Callable[..., DatasetSplits]] = {
    "wine": build_wine,
    "iris": build_iris,
    "digits": build_digits,
    "spam": build_spam,
    "recommendations": build_recommendations,
    "fraud": build_fraud,
    "diabetes": build_diabetes,
    "missing_values": build_missing_values,
    "breast_cancer": build_breast_cancer,
    "loans": build_loans,
    "bike_demand": build_bike_demand,
    "house_prices": build_house_prices,
}


def build_dataset(slug: str, *, secret: Secret = None) -> DatasetSplits:
    """Build the built-in dataset ``slug`` (ValueError naming the known ones if unknown).

    ``secret`` defaults to the installation's (labs.catalog.secret.dataset_secret).
    """
    try:
        builder = BUILTIN_DATASETS[slug]
    except KeyError:
        known = ", ".join(BUILTIN_DATASETS)
        raise ValueError(f"unknown built-in dataset {slug!r}; known: {known}") from None
    return builder(secret=secret)
