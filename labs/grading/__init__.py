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


def import_scoring_libraries() -> None:
    """Import what parsing and scoring load lazily (pandas, scikit-learn's metrics).

    Lazy for the web processes, which never grade. A worker calls this in its main
    process before the pool forks (config.celery_app), so that no pool child spends half
    a second or more importing them while its first submissions wait.
    """
    import pandas  # noqa: F401
    import sklearn.metrics  # noqa: F401


__all__ = [
    "METRICS",
    "AnswerKey",
    "DatasetInvalid",
    "GradeResult",
    "Metric",
    "SubmissionInvalid",
    "get_metric",
    "grade",
    "import_scoring_libraries",
    "parse_predictions",
    "pass_threshold",
    "passes",
    "positive_class",
]
