"""Grading logs are structured: in JSON mode each line is an object with the grading facts."""

import json
import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from config.logging import JsonFormatter
from labs.models import Submission
from labs.services import intake, worker
from tests.factories import UserFactory
from tests.support import wait_for

GRADE_FIELDS = {"submission", "lab", "student", "outcome", "passed", "duration_ms", "attempt"}


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
def test_grading_log_record_carries_submission_lab_duration_and_outcome(
    caplog, wine_predictions, wine_lab
):
    submission = intake.submission_create(
        lab=wine_lab,
        student=UserFactory(),
        cohort=None,
        upload=intake.UploadedPredictions(name="p.csv", content=wine_predictions),
    )
    with caplog.at_level(logging.INFO, logger="lodestar.grading"):
        worker.submission_grade(submission_id=submission.pk)
    record = next(r for r in caplog.records if r.getMessage().startswith("graded "))
    assert record.submission == submission.pk
    assert record.lab == wine_lab.slug
    assert record.outcome == Submission.Status.GRADED
    assert record.duration_ms >= 0
    assert record.stored is True
    line = json.loads(JsonFormatter().format(record))
    assert {"submission", "lab", "duration_ms", "outcome"} <= set(line)


def _json_lines(text: str) -> list[dict]:
    """Every non-blank line parsed; a line that is not a JSON object fails with its text."""
    entries = []
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            pytest.fail(f"not a JSON line in the worker log: {line!r}\n{text[-3000:]}")
        assert isinstance(entry, dict), line
        entries.append(entry)
    return entries


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_json_worker_writes_every_line_as_json_with_the_grade_facts(
    client, student, wine_lab, wine_predictions, start_worker, purged_queue
):
    worker = start_worker("json", LOG_FORMAT="json")
    client.force_login(student)
    upload = SimpleUploadedFile("predictions.csv", wine_predictions, content_type="text/csv")
    response = client.post(reverse("labs:submit", args=[wine_lab.slug]), {"file": upload})
    assert response.status_code == 302
    submission = Submission.objects.get()

    def graded():
        submission.refresh_from_db()
        return submission.status not in Submission.PENDING

    wait_for(graded, timeout=90, what="the worker to grade the upload")
    # The grade line is written after the row is stored; give it a moment to reach the file.
    wait_for(lambda: "graded submission=" in worker.output(), timeout=10, what="the grade line")
    entries = _json_lines(worker.output())

    grade = next(e for e in entries if e["message"].startswith("graded "))
    assert grade["logger"] == "lodestar.grading"
    assert grade["level"] == "INFO"
    assert GRADE_FIELDS | {"stored"} <= set(grade)
    assert grade["submission"] == submission.pk
    assert grade["lab"] == wine_lab.slug
    assert grade["student"] == student.pk
    assert grade["outcome"] == Submission.Status.GRADED == submission.status
    assert grade["passed"] is True
    assert grade["attempt"] == 1
    assert grade["stored"] is True
    assert grade["duration_ms"] >= 0
    # Celery's own lines are JSON as well: readiness, and each task received and done.
    messages = [(e["logger"], e["message"]) for e in entries]
    assert any(m.endswith(" ready.") for _, m in messages), messages
    assert any(
        name == "celery.worker.strategy" and "labs.grade_queued" in m and "received" in m
        for name, m in messages
    ), messages
    assert any(
        name == "celery.app.trace" and "labs.grade_queued" in m and "succeeded" in m
        for name, m in messages
    ), messages

    # Stopping adds Celery's shutdown notice, which it writes straight to the terminal
    # rather than logging it: as JSON too, and nothing may be plain text.
    worker.stop()
    plain = [line for line in worker.output().splitlines() if not line.startswith("{")]
    assert plain == []


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_worker_logs_stay_plain_by_default(start_worker, purged_queue):
    worker = start_worker("plain")
    wait_for(lambda: " ready." in worker.output(), timeout=30, what="the ready line")
    ready = next(line for line in worker.output().splitlines() if line.endswith(" ready."))
    assert not ready.startswith("{")
    assert "INFO/MainProcess" in ready


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_json_worker_log_is_json_from_start_to_stop_also_when_a_pool_process_dies(
    start_worker, purged_queue
):
    """Billiard's "Process ... exited with signal 9", Celery's "Warm shutdown" and the blank
    lines around them are written past logging; in JSON mode they are JSON too."""
    worker = start_worker("json-kill", concurrency=2, LOG_FORMAT="json")
    killed = worker.kill_child()
    wait_for(
        lambda: str(killed) in worker.output() and len(worker.pool_children()) == 2,
        timeout=30,
        what="the pool to replace its killed process",
    )
    worker.stop()
    lines = worker.output().splitlines()
    assert lines
    entries = [json.loads(line) for line in lines]  # every line, blank ones included
    assert all(isinstance(entry, dict) for entry in entries)
    messages = [entry["message"] for entry in entries]
    assert any(str(killed) in message and "signal 9" in message for message in messages)
    assert any("Warm shutdown" in message for message in messages)
