"""The lookup cheat, played against every built-in dataset.

Five datasets are modelled on data scikit-learn ships, and that data is on every student's
laptop and inside the code sandbox. A submission that looks each test row up in it (its
nearest shipped row, after standardising) must score no better than the reference model,
and no row of ours may be a shipped row, also with its values reordered or rescaled. No
dataset's labels may follow from another build: the code is no secret, the secret is.
"""

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import sklearn.datasets
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor

from labs.catalog import BUILTIN_DATASETS, build_dataset, dataset_secret
from labs.catalog.splits import make_splits
from labs.curriculum import CURRICULUM
from labs.grading import METRICS, AnswerKey, grade
from labs.grading.references import fit_reference, predict_for_submission
from tests.labs.catalog.test_catalog import SENSIBLE

# Fixed secrets, so every machine plays the same games; several, because a test split of
# 38 rows moves by 2.6 points a row and one draw would prove little. Digits has 450.
SECRETS = [f"lookup-cheat-{n}" for n in range(6)]
DIGITS_SECRETS = SECRETS[:2]
# How far the cheat may come out ahead: 0.02 of a 0-1 metric, 2% of an error.
MARGIN = 0.02

# The labels each shipped class number stands for in our datasets.
CLASS_NAMES = {
    "wine": ["cultivar_a", "cultivar_b", "cultivar_c"],
    "iris": ["setosa", "versicolor", "virginica"],
    "digits": [str(d) for d in range(10)],
    "breast_cancer": ["malignant", "benign"],
    "diabetes": None,
}
MODELLED = sorted(CLASS_NAMES)
# The data files scikit-learn's loaders read: copies a student could open directly.
DATA = Path(sklearn.datasets.__file__).parent / "data"
RAW_FILES = {
    "wine": "wine_data.csv",
    "iris": "iris.csv",
    "digits": "digits.csv.gz",
    "breast_cancer": "breast_cancer.csv",
}
# How these datasets were built before: the shipped rows, split under these ids and seeds.
COPIED = {"wine": ("wn", 11), "iris": ("ir", 12), "digits": ("dg", 13)}
COPIED |= {"breast_cancer": ("bc", 14), "diabetes": ("db", 15)}


@cache
def shipped_copies(slug: str) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """(features, labels as our dataset writes them) of every form scikit-learn ships."""
    load = getattr(sklearn.datasets, f"load_{slug}")
    variants = [{"scaled": False}, {"scaled": True}] if slug == "diabetes" else [{}]
    copies = []
    for options in variants:
        bunch = load(**options)
        copies.append((bunch.data, bunch.target))
        copies.append(load(return_X_y=True, **options))
        frame = load(as_frame=True, **options)
        copies.append((frame.data.to_numpy(), frame.target.to_numpy()))
    if slug == "diabetes":
        raw = np.loadtxt(DATA / "diabetes_data_raw.csv.gz")
        copies.append((raw, np.loadtxt(DATA / "diabetes_target.csv.gz")))
    else:
        table = np.loadtxt(DATA / RAW_FILES[slug], delimiter=",", skiprows=int(slug != "digits"))
        copies.append((table[:, :-1], table[:, -1].astype(int)))
    names = CLASS_NAMES[slug]
    return tuple(
        (np.asarray(x, dtype=float), np.asarray(names, dtype=object)[np.asarray(y, dtype=int)])
        if names
        else (np.asarray(x, dtype=float), np.asarray(y, dtype=float))
        for x, y in copies
    )


def copied_dataset(slug: str):
    """The dataset as built before: the shipped rows themselves."""
    x, y = shipped_copies(slug)[0]
    prefix, seed = COPIED[slug]
    splits = build_dataset(slug, secret="any")
    return make_splits(
        slug=slug,
        prefix=prefix,
        features=pd.DataFrame(x, columns=splits.feature_columns),
        target=y,
        task=splits.task,
        seed=seed,
        title=splits.title,
        description=splits.description,
        metric=splits.metric,
        classes=splits.classes,
        reference=splits.reference,
    )


def _standardised(x: np.ndarray, like: np.ndarray) -> np.ndarray:
    scale = like.std(axis=0)
    return (x - like.mean(axis=0)) / np.where(scale > 0, scale, 1.0)


def lookup_predictions(splits, copies) -> np.ndarray:
    """The cheat: each test row takes the label of its nearest row among every shipped copy
    and the training split, each standardised by its own columns' mean and spread."""
    train = splits.train[splits.feature_columns].to_numpy(dtype=float)
    test = splits.test_features[splits.feature_columns].to_numpy(dtype=float)
    pool = [_standardised(x, x) for x, _ in copies] + [_standardised(train, train)]
    labels = [y for _, y in copies] + [splits.train["target"].to_numpy()]
    nearest = KNeighborsClassifier if splits.task == "classification" else KNeighborsRegressor
    model = nearest(n_neighbors=1).fit(np.vstack(pool), np.concatenate(labels))
    return model.predict(_standardised(test, train))


def _predictions_csv(ids, values) -> bytes:
    return (
        "id,prediction\n" + "".join(f"{i},{v}\n" for i, v in zip(ids, values, strict=True))
    ).encode()


def scores(splits, predictions: bytes) -> tuple[float, float]:
    """(public, private) score of a predictions file, from the grading core."""
    key = AnswerKey.from_csv(
        splits.test_labels_csv_bytes(), id_column="id", target_column="target", task=splits.task
    )
    result = grade(
        predictions,
        answer_key=key,
        metric=splits.metric,
        classes=splits.classes,
        reference_public=None,
    )
    return result.public_score, result.private_score


def reference_scores(splits) -> tuple[float, float]:
    model = fit_reference(splits.reference, splits)
    return scores(
        splits,
        predict_for_submission(
            model, splits.test_features, metric=splits.metric, classes=splits.classes
        ),
    )


def cheat_scores(splits) -> tuple[float, float]:
    predictions = lookup_predictions(splits, shipped_copies(splits.slug))
    return scores(splits, _predictions_csv(splits.test_features["id"], predictions))


def advantage(slug: str, cheat: float, reference: float) -> float:
    """How far the cheat is ahead of the reference, as a share of the metric's range
    (of the reference's error, for an error)."""
    if METRICS[build_dataset(slug, secret="any").metric].higher_is_better:
        return cheat - reference
    return (reference - cheat) / reference


def _signatures(rows: np.ndarray) -> set[bytes]:
    """Each row as it is, with its values sorted, and sorted after scaling by its largest."""
    rows = np.asarray(rows, dtype=float)
    largest = np.abs(rows).max(axis=1, keepdims=True)
    forms = [rows, np.sort(rows, axis=1), np.sort(rows / np.where(largest > 0, largest, 1), 1)]
    return {
        bytes([n]) + row.tobytes()
        for n, form in enumerate(forms)
        for row in np.round(form, 6) + 0.0
    }


# ---------------------------------------------------------------------------- the tests


def test_every_lab_dataset_is_modelled_or_made_up_here():
    modelled_on_shipped = set(MODELLED)
    made_up = {"spam", "recommendations", "fraud", "missing_values"}
    made_up |= {"loans", "bike_demand", "house_prices"}
    assert {spec.dataset for spec in CURRICULUM} <= modelled_on_shipped | made_up
    assert set(BUILTIN_DATASETS) == modelled_on_shipped | made_up


@pytest.mark.parametrize("slug", MODELLED)
def test_the_shipped_copies_are_one_table(slug):
    """The loaders' forms and the raw files are the same rows (diabetes scaled aside)."""
    copies = [c for c in shipped_copies(slug) if np.abs(c[0]).max() > 1 or slug != "diabetes"]
    first_x, first_y = copies[0]
    assert len(copies) >= 4
    for x, y in copies[1:]:
        np.testing.assert_allclose(x, first_x)
        assert list(y) == list(first_y)


def test_the_cheat_reads_every_label_of_a_dataset_that_copies_the_shipped_rows():
    """What the issue saw: built from load_digits() itself, the lookup scores 1.0."""
    leaky = copied_dataset("digits")
    cheat, reference = cheat_scores(leaky), reference_scores(leaky)
    assert cheat == (1.0, 1.0)
    assert advantage("digits", np.mean(cheat), np.mean(reference)) > MARGIN
    test = leaky.test_features[leaky.feature_columns].to_numpy(dtype=float)
    assert _signatures(test) & _signatures(shipped_copies("digits")[0][0])


@pytest.mark.parametrize("slug", MODELLED)
def test_looking_up_the_shipped_rows_does_not_beat_the_reference(slug):
    cheats, references = [], []
    for secret in DIGITS_SECRETS if slug == "digits" else SECRETS:
        splits = build_dataset(slug, secret=secret)
        cheats += cheat_scores(splits)
        references += reference_scores(splits)
    assert advantage(slug, np.mean(cheats), np.mean(references)) <= MARGIN
    # and the reference still learns the drawn data
    reference = np.mean(references)
    if METRICS[splits.metric].higher_is_better:
        assert reference >= SENSIBLE[slug]
    else:
        assert reference <= SENSIBLE[slug]


@pytest.mark.parametrize("slug", MODELLED)
def test_no_row_is_a_shipped_row_even_reordered_or_rescaled(slug):
    shipped = set().union(*(_signatures(x) for x, _ in shipped_copies(slug)))
    for secret in SECRETS:
        splits = build_dataset(slug, secret=secret)
        for table in (splits.train, splits.test_features):
            assert not _signatures(table[splits.feature_columns].to_numpy(dtype=float)) & shipped


@pytest.mark.parametrize("slug", sorted(BUILTIN_DATASETS))
def test_another_build_tells_nothing_about_the_labels(slug):
    """Labels copied by id from a build with another secret, with the development one, or
    from the shipped rows as they were split before, score far below any sensible model."""
    splits = build_dataset(slug, secret=SECRETS[0])
    others = [
        build_dataset(slug, secret=SECRETS[1]),
        build_dataset(slug, secret=dataset_secret({})),
    ]
    if slug in COPIED:
        others.append(copied_dataset(slug))
    metric = METRICS[splits.metric]
    ids = splits.test_features["id"]
    for other in others:
        known = pd.concat([other.train[["id", "target"]], other.test_labels])
        labels = known.set_index("id")["target"].loc[ids]
        if metric.kind == "probability":
            labels = (labels == splits.positive_label).astype(float)
        copied = np.mean(scores(splits, _predictions_csv(ids, labels)))
        if metric.higher_is_better:
            assert copied < SENSIBLE[slug] - 0.15
        else:
            assert copied > SENSIBLE[slug] * 1.2
