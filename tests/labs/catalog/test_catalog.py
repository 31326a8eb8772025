"""Built-in datasets: deterministic, well-formed, and graded sensibly by their references."""

import json

import pandas as pd
import pytest

from labs.catalog import BUILTIN_DATASETS, DatasetSplits, build_dataset
from labs.grading import METRICS, AnswerKey, grade, parse_predictions
from labs.grading.references import (
    REFERENCE_PIPELINES,
    REFERENCE_VERSION,
    fit_reference,
    predict_for_submission,
    read_csv_bytes,
)

SLUGS = sorted(BUILTIN_DATASETS)

# minimum public score of each dataset's reference (or maximum, when lower is better)
SENSIBLE = {
    "wine": 0.9,
    "iris": 0.85,
    "digits": 0.9,
    "spam": 0.85,
    "recommendations": 0.95,  # rmse on ratings 1-5; predicting the mean gives about 1.1
    "fraud": 0.8,
    "diabetes": 65.0,  # rmse; predicting the mean gives about 77
    "missing_values": 0.8,
    "breast_cancer": 0.9,
    "loans": 0.65,  # f1 of the default class; one loan in five defaults
    "bike_demand": 32.0,  # mae; predicting the mean gives about 60
    "house_prices": 45.0,  # rmse in thousands; predicting the mean gives about 98
}


@pytest.fixture(scope="module")
def built():
    return {slug: build_dataset(slug) for slug in SLUGS}


def test_the_curriculum_datasets_are_all_there():
    required = {
        "digits",
        "spam",
        "recommendations",
        "fraud",
        "diabetes",
        "missing_values",
        "breast_cancer",
    }
    assert required <= set(SLUGS)
    assert {"wine", "iris"} & set(SLUGS)
    assert set(SENSIBLE) == set(SLUGS)


@pytest.mark.parametrize("slug", SLUGS)
def test_dataset_builds_the_same_bytes_twice(slug, built):
    again = BUILTIN_DATASETS[slug]()
    first = built[slug]
    assert first.train_csv_bytes() == again.train_csv_bytes()
    assert first.test_features_csv_bytes() == again.test_features_csv_bytes()
    assert first.test_labels_csv_bytes() == again.test_labels_csv_bytes()


@pytest.mark.parametrize("slug", SLUGS)
def test_dataset_is_well_formed(slug, built):
    splits: DatasetSplits = built[slug]
    assert splits.slug == slug
    assert splits.metric in METRICS and METRICS[splits.metric].task == splits.task
    assert splits.reference in REFERENCE_PIPELINES
    assert REFERENCE_PIPELINES[splits.reference].task == splits.task
    assert 2 <= splits.description.count(".") <= 5
    assert list(splits.train.columns) == ["id", *splits.feature_columns, "target"]
    assert list(splits.test_features.columns) == ["id", *splits.feature_columns]
    assert list(splits.test_labels.columns) == ["id", "target"]
    train_ids, test_ids = set(splits.train["id"]), set(splits.test_features["id"])
    assert len(train_ids) == len(splits.train) and len(test_ids) == len(splits.test_features)
    assert not train_ids & test_ids
    assert list(splits.test_labels["id"]) == list(splits.test_features["id"])
    assert all(isinstance(i, str) for i in train_ids | test_ids)
    share = len(test_ids) / (len(train_ids) + len(test_ids))
    assert 0.2 <= share <= 0.31
    if splits.task == "classification":
        assert set(splits.train["target"]) == set(splits.classes)
        assert set(splits.test_labels["target"]) <= set(splits.classes)
        if METRICS[splits.metric].kind == "probability" or splits.metric == "f1":
            assert len(splits.classes) == 2 and splits.positive_label == splits.classes[1]
    else:
        assert splits.classes is None
        assert pd.api.types.is_float_dtype(splits.train["target"])
    # the labels CSV is what AnswerKey reads
    key = AnswerKey.from_csv(
        splits.test_labels_csv_bytes(), id_column="id", target_column="target", task=splits.task
    )
    assert set(key.ids) == test_ids and 0 < len(key.public_ids) < len(key.ids)


def test_the_spam_emails_look_like_mail(built):
    train = built["spam"].train
    spam_text = " ".join(train.loc[train["target"] == "spam", "text"]).lower()
    ham_text = " ".join(train.loc[train["target"] == "ham", "text"]).lower()
    assert "http://bit.example/" in spam_text and "free" in spam_text and "winner" in spam_text
    assert "http://bit.example/" not in ham_text and "meeting" in ham_text


def test_missing_values_keeps_empty_cells_in_the_train_csv(built):
    splits = built["missing_values"]
    assert splits.train[splits.feature_columns].isna().sum().gt(0).sum() >= 3
    assert b",," in splits.train_csv_bytes()
    again = read_csv_bytes(splits.train_csv_bytes(), task="classification")
    assert (
        again[splits.feature_columns].isna().sum().sum()
        == splits.train[splits.feature_columns].isna().sum().sum()
    )


def test_fraud_is_imbalanced(built):
    share = (built["fraud"].train["target"] == "fraud").mean()
    assert 0.02 <= share <= 0.05


def test_recommendations_have_users_items_and_ratings(built):
    train = built["recommendations"].train
    assert {"user_id", "item_id"} <= set(train.columns)
    assert set(train["target"].unique()) <= {1.0, 2.0, 3.0, 4.0, 5.0}


def test_unknown_slug_names_the_known_ones():
    with pytest.raises(ValueError, match="digits"):
        build_dataset("nope")


@pytest.mark.parametrize("slug", SLUGS)
def test_reference_is_graded_sensibly_and_passes_against_itself(slug, built):
    splits = built[slug]
    model = fit_reference(splits.reference, splits)
    submission = predict_for_submission(
        model, splits.test_features, metric=splits.metric, classes=splits.classes
    )
    metric = METRICS[splits.metric]
    # exactly the format students must upload
    parsed = parse_predictions(
        submission,
        expected_ids=list(splits.test_features["id"]),
        kind=metric.kind,
        classes=splits.classes,
    )
    assert len(parsed) == len(splits.test_features)
    key = AnswerKey.from_csv(
        splits.test_labels_csv_bytes(), id_column="id", target_column="target", task=splits.task
    )
    first = grade(
        submission,
        answer_key=key,
        metric=splits.metric,
        classes=splits.classes,
        reference_public=None,
    )
    if metric.higher_is_better:
        assert first.public_score >= SENSIBLE[slug]
    else:
        assert first.public_score <= SENSIBLE[slug]
    against_itself = grade(
        submission,
        answer_key=key,
        metric=splits.metric,
        classes=splits.classes,
        reference_public=first.public_score,
    )
    assert against_itself.passed
    assert not [i for i in key.ids if i in json.dumps(against_itself.feedback)]
    # deterministic: fitting again gives the same predictions file
    again = predict_for_submission(
        fit_reference(splits.reference, splits),
        splits.test_features,
        metric=splits.metric,
        classes=splits.classes,
    )
    assert again == submission


def test_reference_trained_from_csv_bytes_matches_the_one_from_frames(built):
    splits = built["digits"]
    train = read_csv_bytes(splits.train_csv_bytes(), task="classification")
    test = read_csv_bytes(splits.test_features_csv_bytes(), target_column=None)
    model = fit_reference(
        "logistic_regression", train, splits.feature_columns, task="classification"
    )
    from_bytes = predict_for_submission(model, test, metric="accuracy")
    from_frames = predict_for_submission(
        fit_reference("logistic_regression", splits), splits.test_features, metric="accuracy"
    )
    assert from_bytes == from_frames


def test_reference_version_names_sklearn():
    import sklearn

    assert REFERENCE_VERSION.startswith(f"sklearn-{sklearn.__version__}+")


@pytest.mark.parametrize("slug", ["wine", "iris", "digits", "breast_cancer", "diabetes"])
def test_a_dataset_modelled_on_published_data_says_it_is_generated(slug, built):
    assert "generated for this course from a model of" in " ".join(built[slug].description.split())


def test_every_week_of_the_twelve_has_a_lab():
    from labs.curriculum import CURRICULUM

    assert {spec.week for spec in CURRICULUM} == set(range(1, 13))
    assert {spec.dataset for spec in CURRICULUM} <= set(SLUGS)
