"""/health/: what an operator and a load balancer read, and nothing secret."""

import datetime
import sys
import types
import uuid

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone

from labs.models import Submission, WorkerHeartbeat
from tests.factories import UserFactory
from tests.labs.factories import lab_on_builtin

pytestmark = pytest.mark.django_db


def test_health_reports_every_part_as_json_without_login(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    body = response.json()
    assert set(body) >= {"status", "database", "broker", "workers", "submissions"}
    assert body["database"]["ok"] is True
    assert body["broker"]["ok"] is True
    assert isinstance(body["broker"]["queue_depth"], int)
    assert body["broker"]["queue"] == settings.CELERY_TASK_DEFAULT_QUEUE


def test_without_a_recent_heartbeat_workers_are_reported_stale_but_the_site_is_up(client):
    WorkerHeartbeat.objects.create(seen_at=timezone.now() - datetime.timedelta(minutes=10))
    response = client.get(reverse("health"))
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["workers"]["ok"] is False
    assert 590 <= body["workers"]["last_heartbeat_age_s"] <= 610


def test_recent_heartbeat_and_oldest_queued_submission_age(client):
    WorkerHeartbeat.objects.create(seen_at=timezone.now() - datetime.timedelta(seconds=5))
    lab = lab_on_builtin(dataset_slug="wine", slug="health-lab", train_reference=False)
    student = UserFactory()
    for minutes in (7, 2):
        submission = Submission.objects.create(
            lab=lab, student=student, file="x.csv", original_name="x.csv", size_bytes=1
        )
        Submission.objects.filter(pk=submission.pk).update(
            created_at=timezone.now() - datetime.timedelta(minutes=minutes)
        )
    body = client.get(reverse("health")).json()
    assert body["status"] == "ok"
    assert body["workers"]["ok"] is True
    assert body["submissions"]["queued"] == 2
    assert 415 <= body["submissions"]["oldest_queued_age_s"] <= 425


def test_database_down_answers_503(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["status"] == "down"
    assert response.json()["database"] == {"ok": False, "error": "OperationalError"}


def test_broker_down_answers_503_quickly_without_naming_the_host(client, settings):
    # Nothing listens on port 1: a refused connection, as when Redis is stopped.
    settings.CELERY_BROKER_URL = "redis://:hunter2-secret@127.0.0.1:1/0"
    response = client.get(reverse("health"))
    assert response.status_code == 503
    body = response.content.decode()
    assert response.json()["broker"]["ok"] is False
    assert "hunter2" not in body
    assert "127.0.0.1" not in body


def test_health_never_shows_secrets(client):
    body = client.get(reverse("health")).content.decode()
    assert settings.SECRET_KEY not in body
    assert str(settings.DATABASES["default"]["NAME"]) not in body
    assert settings.CELERY_BROKER_URL not in body


def test_sandbox_status_is_included_when_the_sandbox_module_offers_it(client, monkeypatch):
    fake = types.ModuleType("labs.sandbox")
    fake.sandbox_status = lambda: {"available": False, "reason": "no bwrap"}
    monkeypatch.setitem(sys.modules, "labs.sandbox", fake)
    body = client.get(reverse("health")).json()
    assert body["sandbox"] == {"available": False, "reason": "no bwrap"}


@pytest.mark.integration
def test_redis_queue_depth_counts_waiting_messages(client, settings, require_redis):
    from config.tasks import worker_heartbeat

    queue = f"q-hard-depth-{uuid.uuid4().hex[:8]}"
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    for _ in range(3):
        worker_heartbeat.apply_async(args=["depth"], queue=queue)
    try:
        body = client.get(reverse("health")).json()
        assert body["broker"]["transport"] == "redis"
        assert body["broker"]["queue_depth"] == 3
    finally:
        import redis

        redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(queue, f"_kombu.binding.{queue}")


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_worker_reports_alive_as_it_becomes_ready_without_waiting_for_beat(
    client, start_worker, purged_queue
):
    """/health/ says ok as soon as a worker consumes (make run, a deploy), not up to the
    30 s of beat's first heartbeat later."""
    from tests.support import wait_for

    start_worker("ready")
    wait_for(
        lambda: WorkerHeartbeat.objects.filter(token="ready").exists(),
        timeout=60,
        what="the worker's first heartbeat",
    )
    assert client.get(reverse("health")).json()["workers"]["ok"] is True
