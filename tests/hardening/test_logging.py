"""Grading logs are structured: in JSON mode each line is an object with the grading facts."""

import json
import logging

import pytest

from config.logging import JsonFormatter
from labs.models import Submission
from labs.services import intake, worker
from tests.factories import UserFactory


def test_json_formatter_keeps_message_and_extra_fields():
    record = logging.makeLogRecord(
        {
            "name": "lodestar.grading",
            "levelno": logging.INFO,
            "levelname": "INFO",
            "msg": "graded submission=%s",
            "args": (7,),
            "submission": 7,
            "lab": "first-classifier",
            "duration_ms": 12.5,
            "outcome": "graded",
        }
    )
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "graded submission=7"
    assert entry["level"] == "INFO"
    assert entry["logger"] == "lodestar.grading"
    assert entry["submission"] == 7
    assert entry["lab"] == "first-classifier"
    assert entry["duration_ms"] == 12.5
    assert entry["outcome"] == "graded"
    assert "args" not in entry and "msg" not in entry


def test_json_formatter_includes_the_traceback():
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = logging.makeLogRecord({"msg": "failed", "exc_info": sys.exc_info()})
    entry = json.loads(JsonFormatter().format(record))
    assert "ValueError: boom" in entry["exception"]


@pytest.mark.django_db
def test_grading_log_record_carries_submission_lab_duration_and_outcome(caplog, predictions, lab):
    submission = intake.submission_create(
        lab=lab,
        student=UserFactory(),
        cohort=None,
        upload=intake.UploadedPredictions(name="p.csv", content=predictions),
    )
    with caplog.at_level(logging.INFO, logger="lodestar.grading"):
        worker.submission_grade(submission_id=submission.pk)
    record = next(r for r in caplog.records if r.getMessage().startswith("graded "))
    assert record.submission == submission.pk
    assert record.lab == lab.slug
    assert record.outcome == Submission.Status.GRADED
    assert record.duration_ms >= 0
    assert record.stored is True
    line = json.loads(JsonFormatter().format(record))
    assert {"submission", "lab", "duration_ms", "outcome"} <= set(line)
