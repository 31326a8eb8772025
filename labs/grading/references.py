"""Reference models: named scikit-learn pipelines that set the bar for each lab.

A worker fits the lab's reference once on the training split, writes its predictions
for the test split with ``predict_for_submission`` (exactly the file a student would
upload), and grades that file with ``labs.grading.grade`` like any submission. That way
the reference score and student scores come from the same code path.

Everything is deterministic: fixed ``random_state``, ``n_jobs=1``. No Django here.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import sklearn
from sklearn.compose import ColumnTransformer, make_column_selector
from sklearn.ensemble import (
    HistGradientBoostingClassifier,
    HistGradientBoostingRegressor,
    RandomForestClassifier,
    RandomForestRegressor,
)
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler
from threadpoolctl import threadpool_limits

from labs.grading.metrics import get_metric, positive_class

# Bump the local revision whenever a pipeline below changes, so stored references that
# were fitted with an older definition can be told apart and refitted.
REFERENCE_REVISION = 1
REFERENCE_VERSION = f"sklearn-{sklearn.__version__}+lodestar.{REFERENCE_REVISION}"
SEED = 0


@dataclass(frozen=True)
class ReferenceSpec:
    name: str
    label: str
    description: str
    task: str  # "classification" | "regression"
    build: Callable[[list[str]], Pipeline]


# ------------------------------------------------------------------ building blocks

_numeric = make_column_selector(dtype_include="number")
_other = make_column_selector(dtype_exclude="number")


def _scaled_tabular() -> ColumnTransformer:
    """Numbers: fill gaps with the median, then scale. Text columns: one-hot."""
    return ColumnTransformer(
        [
            ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), _numeric),
            (
                "cat",
                make_pipeline(
                    SimpleImputer(strategy="most_frequent"),
                    OneHotEncoder(handle_unknown="ignore"),
                ),
                _other,
            ),
        ]
    )


def _tree_tabular(*, impute: bool) -> ColumnTransformer:
    """Numbers as they are (optionally median-filled); text columns as ordinal codes."""
    numeric = SimpleImputer(strategy="median") if impute else "passthrough"
    return ColumnTransformer(
        [
            ("num", numeric, _numeric),
            (
                "cat",
                OrdinalEncoder(
                    handle_unknown="use_encoded_value",
                    unknown_value=-1,
                    encoded_missing_value=-1,
                ),
                _other,
            ),
        ]
    )


def _text_column(feature_columns: list[str]) -> str:
    if "text" in feature_columns:
        return "text"
    if len(feature_columns) == 1:
        return feature_columns[0]
    raise ValueError("tfidf_naive_bayes needs a single text column (or one named 'text')")


def _logistic_regression(feature_columns: list[str]) -> Pipeline:
    return Pipeline(
        [
            ("prepare", _scaled_tabular()),
            ("model", LogisticRegression(max_iter=2000, random_state=SEED)),
        ]
    )


def _tfidf_naive_bayes(feature_columns: list[str]) -> Pipeline:
    column = _text_column(feature_columns)
    return Pipeline(
        [
            (
                "prepare",
                ColumnTransformer(
                    [("tfidf", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True), column)]
                ),
            ),
            ("model", MultinomialNB(alpha=0.1)),
        ]
    )


def _ridge(feature_columns: list[str]) -> Pipeline:
    return Pipeline([("prepare", _scaled_tabular()), ("model", Ridge(alpha=1.0))])


def _random_forest_classifier(feature_columns: list[str]) -> Pipeline:
    model = RandomForestClassifier(
        n_estimators=200, min_samples_leaf=1, random_state=SEED, n_jobs=1
    )
    return Pipeline([("prepare", _tree_tabular(impute=True)), ("model", model)])


def _random_forest_regressor(feature_columns: list[str]) -> Pipeline:
    model = RandomForestRegressor(
        n_estimators=200, min_samples_leaf=3, max_features=0.5, random_state=SEED, n_jobs=1
    )
    return Pipeline([("prepare", _tree_tabular(impute=True)), ("model", model)])


def _impute_gradient_boosting(feature_columns: list[str]) -> Pipeline:
    model = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, random_state=SEED)
    return Pipeline([("prepare", _tree_tabular(impute=False)), ("model", model)])


def _impute_gradient_boosting_regressor(feature_columns: list[str]) -> Pipeline:
    model = HistGradientBoostingRegressor(max_iter=200, learning_rate=0.05, random_state=SEED)
    return Pipeline([("prepare", _tree_tabular(impute=False)), ("model", model)])


REFERENCE_PIPELINES: dict[str, ReferenceSpec] = {
    spec.name: spec
    for spec in (
        ReferenceSpec(
            "logistic_regression",
            "Logistic regression",
            "Median-fills gaps, scales the numbers, one-hot encodes text columns, then fits "
            "a logistic regression: the classic linear baseline.",
            "classification",
            _logistic_regression,
        ),
        ReferenceSpec(
            "tfidf_naive_bayes",
            "TF-IDF + naive Bayes",
            "Turns the text column into TF-IDF weights of words and word pairs, then fits a "
            "multinomial naive Bayes classifier.",
            "classification",
            _tfidf_naive_bayes,
        ),
        ReferenceSpec(
            "ridge",
            "Ridge regression",
            "Median-fills gaps, scales the numbers, one-hot encodes text columns, then fits "
            "a linear regression with an L2 penalty.",
            "regression",
            _ridge,
        ),
        ReferenceSpec(
            "random_forest_classifier",
            "Random forest (classification)",
            "200 decision trees on bootstrap samples, voting on the class.",
            "classification",
            _random_forest_classifier,
        ),
        ReferenceSpec(
            "random_forest_regressor",
            "Random forest (regression)",
            "200 decision trees on bootstrap samples, averaging their predictions.",
            "regression",
            _random_forest_regressor,
        ),
        ReferenceSpec(
            "impute_gradient_boosting",
            "Gradient boosting with native gaps",
            "Histogram gradient boosting, which routes missing values down the tree "
            "instead of filling them.",
            "classification",
            _impute_gradient_boosting,
        ),
        ReferenceSpec(
            "impute_gradient_boosting_regressor",
            "Gradient boosting with native gaps (regression)",
            "Histogram gradient boosting for a numeric target; missing values need no filling.",
            "regression",
            _impute_gradient_boosting_regressor,
        ),
    )
}


# ------------------------------------------------------------------ using them


def read_csv_bytes(
    data: bytes,
    *,
    id_column: str = "id",
    target_column: str | None = "target",
    task: str | None = None,
) -> pd.DataFrame:
    """Read a dataset CSV the way the references expect it.

    Ids stay text ("0007" stays "0007"); empty cells become NaN; a classification
    target stays text (so the digit "3" is the label "3", not the number 3).
    """
    dtype = {id_column: str}
    if target_column and task == "classification":
        dtype[target_column] = str
    frame = pd.read_csv(io.BytesIO(data), dtype=dtype, encoding="utf-8-sig")
    return frame


def _features(frame: pd.DataFrame, feature_columns: list[str]) -> pd.DataFrame:
    """The feature columns, with text columns as plain objects and gaps as NaN."""
    features = frame[list(feature_columns)].copy()
    for column in features.columns:
        if not pd.api.types.is_numeric_dtype(features[column]):
            values = features[column].astype(object)
            features[column] = values.where(values.notna(), np.nan)
    return features


def fit_reference(
    name: str,
    data,
    feature_columns: list[str] | None = None,
    *,
    target_column: str = "target",
    task: str | None = None,
):
    """Fit the reference pipeline ``name``.

    ``data`` is either a ``DatasetSplits`` (its train table, feature columns and task are
    used) or a training DataFrame, then with ``feature_columns`` (and ``target_column``).
    """
    try:
        spec = REFERENCE_PIPELINES[name]
    except KeyError:
        known = ", ".join(REFERENCE_PIPELINES)
        raise ValueError(f"unknown reference pipeline {name!r}; known: {known}") from None
    if isinstance(data, pd.DataFrame):
        train = data
        if feature_columns is None:
            raise ValueError("feature_columns are needed with a DataFrame")
    else:
        train = data.train
        feature_columns = feature_columns or data.feature_columns
        task = task or data.task
    task = task or spec.task
    target = train[target_column]
    if task == "classification":
        target = target.astype(str).to_numpy(dtype=object)
    else:
        target = target.astype(float).to_numpy()
    model = spec.build(list(feature_columns))
    with threadpool_limits(limits=1):  # one thread: deterministic, and no oversubscription
        model.fit(_features(train, feature_columns), target)
    model.lodestar_feature_columns_ = list(feature_columns)
    return model


def predict_for_submission(
    model,
    test_features: pd.DataFrame,
    *,
    metric: str,
    classes: list[str] | None = None,
    positive_label: str | None = None,
    id_column: str = "id",
) -> bytes:
    """Predictions for ``test_features`` as an ``id,prediction`` CSV that grading accepts.

    For a probability metric (roc_auc, log_loss) the prediction is the probability of the
    positive class (``positive_label``, else ``classes[1]``, else the second of the sorted
    classes the model knows).
    """
    m = get_metric(metric)
    columns = getattr(model, "lodestar_feature_columns_", None) or list(model.feature_names_in_)
    features = _features(test_features, columns)
    with threadpool_limits(limits=1):
        return _prediction_csv(
            model, features, test_features[id_column], m, classes, positive_label
        )


def _prediction_csv(model, features, ids, m, classes, positive_label) -> bytes:
    if m.kind == "probability":
        known = [str(c) for c in model.classes_]
        positive = positive_class(classes, sorted(known), positive_label)
        probabilities = model.predict_proba(features)[:, known.index(positive)]
        values = [repr(float(min(1.0, max(0.0, p)))) for p in probabilities]
    elif m.kind == "number":
        values = [repr(float(v)) for v in model.predict(features)]
    else:
        values = [str(v) for v in model.predict(features)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "prediction"])
    writer.writerows(zip(ids.astype(str), values, strict=True))
    return out.getvalue().encode("utf-8")
