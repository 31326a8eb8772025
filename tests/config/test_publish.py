"""Tasks are published by name (config.publish): every name the code publishes is a task the
workers know, and a name that is not fails the caller at once."""

import ast
import pathlib

import pytest
from celery import current_app
from django.db import transaction

from config.publish import publish, publish_on_commit
from outbox import registry

ROOT = pathlib.Path(__file__).resolve().parents[2]
APPS = [
    "api",
    "careers",
    "config",
    "courses",
    "demo",
    "enrolment",
    "labs",
    "leaderboards",
    "outbox",
    "privacy",
    "reviews",
    "security",
    "similarity",
]


def _published_names() -> dict[str, str]:
    """Each task name written as a string in the code, with the file that names it: the
    first argument of publish()/publish_on_commit(), a name picked by a conditional or a
    table (the grading task, the outbox's kinds), anything that reads like a task name."""
    names = {}
    prefixes = tuple(f"{app}." for app in APPS)
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(), filename=str(path))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", getattr(node.func, "attr", None))
                if name in ("publish", "publish_on_commit") and node.args:
                    # A string, or a name picked from strings (a table, a conditional, a loop
                    # over pairs); never `tasks.send_x`, an import of another module's task.
                    assert not isinstance(node.args[0], ast.Attribute), (
                        f"{path.relative_to(ROOT)}:{node.lineno} publishes a task object; "
                        "name the task instead"
                    )
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and node.value.startswith(prefixes)
                    and node.value.count(".") == 1
                    and node.value.split(".")[1].isidentifier()
                    and _looks_like_task(node.value)
                ):
                    names[node.value] = str(path.relative_to(ROOT))
    return names


def _looks_like_task(value: str) -> bool:
    verb = value.split(".")[1].split("_")[0]
    return verb in {"send", "sweep", "grade", "train", "complete", "expire", "release", "worker"}


def test_every_published_name_is_a_registered_task():
    names = _published_names()
    # The scan finds the names it must: one per way the code names a task.
    assert {
        "labs.grade_submission",
        "labs.grade_code_submission",
        "labs.grade_queued",
        "labs.train_reference",
        "outbox.send_emails",
        "outbox.sweep_unsent",
        "config.worker_heartbeat",
    } <= set(names)
    current_app.loader.import_default_modules()
    missing = {name: path for name, path in names.items() if name not in current_app.tasks}
    assert missing == {}


def test_every_kind_of_email_has_its_sender_registered_by_its_app():
    # One per kind the apps queue: enrolment, courses, reviews, progress (the due-date
    # reminder), outcomes and tuition (AppConfig.ready).
    assert registry.kinds() == {
        "application_received",
        "seat_offered",
        "enrolment_changed",
        "interest_received",
        "email_confirmation",
        "completed",
        "comment",
        "announcement",
        "due_reminder",
        "job_search_reminder",
        "tuition_receipt",
        "tuition_payment_failed",
    }


def test_an_unknown_name_fails_the_caller_at_once(db):
    with pytest.raises(KeyError):
        publish("labs.no_such_task", 1)
    with pytest.raises(KeyError), transaction.atomic():
        publish_on_commit("courses.no_such_task", 1)
