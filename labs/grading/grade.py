"""Grading one predictions file: parse, score both splits, compare, explain.

The feedback is aggregate only: counts, scores, a confusion matrix, per-class
precision and recall, or an error summary. It never says which row was right, because
that would leak the hidden labels of the test set.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from labs.grading.answer_key import AnswerKey
from labs.grading.errors import SubmissionInvalid
from labs.grading.metrics import Metric, get_metric, positive_class
from labs.grading.parse import parse_predictions


@dataclass(frozen=True)
class GradeResult:
    public_score: float
    private_score: float
    passed: bool
    feedback: dict


def pass_threshold(
    reference: float | None, *, ratio: float, higher_is_better: bool
) -> float | None:
    """The score a submission needs to pass, or None without a reference.

    Higher is better: ``ratio * reference`` (for a negative reference, such as a poor R2,
    ``reference - (1 - ratio) * |reference|``, which is the same formula made monotone).
    Lower is better: ``reference / ratio``.
    """
    if reference is None or not math.isfinite(reference) or ratio <= 0:
        return None
    if higher_is_better:
        return reference - (1.0 - ratio) * abs(reference)
    return reference / ratio if reference >= 0 else reference * ratio


def passes(score: float, reference: float | None, *, ratio: float, higher_is_better: bool) -> bool:
    """Whether ``score`` is good enough compared with the reference score."""
    threshold = pass_threshold(reference, ratio=ratio, higher_is_better=higher_is_better)
    if threshold is None or score is None or not math.isfinite(score):
        return False
    # a hair of tolerance so that the reference always passes against itself
    slack = 1e-12 * max(1.0, abs(threshold))
    if higher_is_better:
        return score >= threshold - slack
    return score <= threshold + slack


def grade(
    data: bytes,
    *,
    answer_key: AnswerKey,
    metric: str,
    classes: Sequence[str] | None,
    reference_public: float | None,
    pass_ratio: float = 0.95,
    positive_label: str | None = None,
) -> GradeResult:
    """Grade a predictions file; raises ``SubmissionInvalid`` if it cannot be read."""
    m = get_metric(metric)
    classification = m.task == "classification"
    truth = (
        [str(v) for v in answer_key.labels]
        if classification
        else [float(v) for v in answer_key.labels]
    )
    if classification and not classes:
        classes = sorted(set(truth))
    positive = positive_class(classes, truth, positive_label) if m.binary else None

    predictions = parse_predictions(data, expected_ids=answer_key.ids, kind=m.kind, classes=classes)

    public_true, public_pred, private_true, private_pred = [], [], [], []
    for row_id, true in zip(answer_key.ids, truth, strict=True):
        if row_id in answer_key.public_ids:
            public_true.append(true)
            public_pred.append(predictions[row_id])
        else:
            private_true.append(true)
            private_pred.append(predictions[row_id])

    def score(y_true, y_pred):
        return m.score(y_true, y_pred, classes=classes, positive_label=positive)

    public_score = score(public_true, public_pred)
    private_score = score(private_true, private_pred) if private_true else public_score
    if not (math.isfinite(public_score) and math.isfinite(private_score)):
        # Finite but enormous predictions can overflow a metric (squaring 1e308 in RMSE).
        largest = max((abs(v) for v in predictions.values() if isinstance(v, float)), default=0)
        raise SubmissionInvalid(
            [
                f"The {m.label} of these predictions cannot be computed: the numbers are too "
                f"large (the largest is {largest:.3g}). Check that they are on the scale of the "
                "target in the training set."
            ]
        )
    passed = passes(
        public_score, reference_public, ratio=pass_ratio, higher_is_better=m.higher_is_better
    )

    feedback = {
        "metric": m.name,
        "metric_label": m.label,
        "higher_is_better": m.higher_is_better,
        "rows_checked": len(answer_key.ids),
        "rows_scored": len(public_true),
        "public_score": _num(public_score),
        "reference_score": _num(reference_public),
        "pass_ratio": pass_ratio,
        "pass_threshold": _num(
            pass_threshold(reference_public, ratio=pass_ratio, higher_is_better=m.higher_is_better)
        ),
        "passed": passed,
    }
    if m.kind == "label":
        feedback.update(_label_summary(public_true, public_pred, classes))
    elif m.kind == "probability":
        feedback.update(_probability_summary(public_true, public_pred, classes, positive))
    else:
        feedback.update(_error_summary(public_true, public_pred))
    return GradeResult(
        public_score=float(public_score),
        private_score=float(private_score),
        passed=passed,
        feedback=feedback,
    )


# ------------------------------------------------------------------ feedback parts


def _label_summary(y_true: list[str], y_pred: list[str], classes) -> dict:
    """Confusion matrix and per-class precision/recall/F1 (same numbers as sklearn's)."""
    labels = [str(c) for c in classes]
    labels += sorted(set(y_true) - set(labels))
    index = {label: i for i, label in enumerate(labels)}
    k = len(labels)
    true_codes = np.fromiter((index[v] for v in y_true), dtype=np.int64, count=len(y_true))
    pred_codes = np.fromiter((index[v] for v in y_pred), dtype=np.int64, count=len(y_pred))
    matrix = np.bincount(true_codes * k + pred_codes, minlength=k * k).reshape(k, k)
    hits = np.diag(matrix).astype(float)
    support = matrix.sum(axis=1)
    predicted = matrix.sum(axis=0)
    precision = np.divide(hits, predicted, out=np.zeros(k), where=predicted > 0)
    recall = np.divide(hits, support, out=np.zeros(k), where=support > 0)
    total = precision + recall
    f1 = np.divide(2 * precision * recall, total, out=np.zeros(k), where=total > 0)
    return {
        "accuracy": _num(hits.sum() / max(1, len(y_true))),
        "confusion_matrix": {
            "labels": labels,
            "matrix": matrix.tolist(),
            "rows": "true label",
            "columns": "predicted label",
        },
        "per_class": [
            {
                "label": label,
                "precision": _num(precision[i]),
                "recall": _num(recall[i]),
                "f1": _num(f1[i]),
                "support": int(support[i]),
            }
            for i, label in enumerate(labels)
        ],
    }


def _probability_summary(y_true: list[str], y_prob: list[float], classes, positive) -> dict:
    if classes and len(classes) == 2:
        negative = str(classes[0]) if str(classes[1]) == positive else str(classes[1])
    else:
        negative = f"not {positive}"
    prob = np.asarray(y_prob, dtype=float)
    is_positive = np.asarray([t == positive for t in y_true])
    predicted = [positive if p >= 0.5 else negative for p in prob]
    true_labels = [positive if t else negative for t in is_positive]
    summary = _label_summary(true_labels, predicted, [negative, positive])
    summary["accuracy_at_0_5"] = summary.pop("accuracy")
    summary["positive_label"] = positive
    summary["threshold"] = 0.5
    summary["mean_probability"] = {
        "positive_rows": _num(prob[is_positive].mean()) if is_positive.any() else None,
        "negative_rows": _num(prob[~is_positive].mean()) if (~is_positive).any() else None,
    }
    return summary


def _error_summary(y_true: list[float], y_pred: list[float]) -> dict:
    error = np.asarray(y_pred, dtype=float) - np.asarray(y_true, dtype=float)
    absolute = np.abs(error)
    return {
        "errors": {
            "mae": _num(absolute.mean()),
            "rmse": _num(math.sqrt(float(np.mean(error**2)))),
            "bias": _num(error.mean()),
            "median_abs_error": _num(np.median(absolute)),
            "p90_abs_error": _num(np.percentile(absolute, 90)),
            "max_abs_error": _num(absolute.max()),
        }
    }


def _num(value) -> float | None:
    """A plain JSON-safe float (None for missing or non-finite values)."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


__all__ = ["GradeResult", "Metric", "grade", "pass_threshold", "passes"]
