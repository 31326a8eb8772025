"""The grading core: plain Python, no Django.

Parse a predictions file, check it against the test set, score it with a metric, and
compare the score with the reference model's. Django models and Celery tasks call this
package; it never imports them. Reference pipelines live in ``labs.grading.references``
(it imports scikit-learn estimators, so it is not imported here).
"""

from labs.grading.answer_key import AnswerKey
from labs.grading.errors import DatasetInvalid, SubmissionInvalid
from labs.grading.grade import GradeResult, grade, pass_threshold, passes
from labs.grading.metrics import METRICS, Metric, get_metric, positive_class
from labs.grading.parse import parse_predictions

__all__ = [
    "METRICS",
    "AnswerKey",
    "DatasetInvalid",
    "GradeResult",
    "Metric",
    "SubmissionInvalid",
    "get_metric",
    "grade",
    "parse_predictions",
    "pass_threshold",
    "passes",
    "positive_class",
]
