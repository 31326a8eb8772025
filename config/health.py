"""/health/: database, broker, workers and the grading queue, as JSON for probes and people.

Public on purpose (load balancers and compose probe it without credentials), so it holds
no secret: no URL, host name, password or stack trace, only states, counts and ages.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.models import Count, Max, Min, Q
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger("lodestar.health")

# kombu's Redis transport keeps one list per priority step: "name", "name\x06\x163", ...
_REDIS_PRIORITY_STEPS = (0, 3, 6, 9)
_REDIS_PRIORITY_SEPARATOR = "\x06\x16"
AMQP_SCHEMES = ("amqp://", "amqps://", "pyamqp://")


def _database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        logger.warning("health: database unavailable (%s)", type(exc).__name__)
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True, "vendor": connection.vendor}


def _redis_queue_depth(client, queue: str) -> int:
    names = [
        queue if step == 0 else f"{queue}{_REDIS_PRIORITY_SEPARATOR}{step}"
        for step in _REDIS_PRIORITY_STEPS
    ]
    pipe = client.pipeline()
    for name in names:
        pipe.llen(name)
    return sum(pipe.execute())


def _amqp_queue_depth(url: str, queue: str) -> int:
    """Messages ready in a RabbitMQ queue (like Redis's list, not those being worked on)."""
    from amqp.exceptions import NotFound
    from kombu import Connection

    with Connection(url, connect_timeout=1) as broker:
        broker.connect()
        channel = broker.channel()
        try:
            _, depth, _ = channel.queue_declare(queue=queue, passive=True)
        except NotFound:
            return 0  # no worker has declared it yet: nothing was published to it
        return depth


def _broker() -> dict:
    url = settings.CELERY_BROKER_URL
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    if url.startswith("filesystem://"):
        folder = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"])
        if not folder.is_dir():
            return {"ok": False, "transport": "filesystem", "error": "queue folder missing"}
        # Files are named "<timestamp>_<uuid>.<queue>.msg"; other queues share the folder.
        depth = sum(1 for _ in folder.glob(f"*.{queue}.msg"))
        return {"ok": True, "transport": "filesystem", "queue": queue, "queue_depth": depth}
    if url.startswith(("redis://", "rediss://")):
        import redis

        try:
            client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
            client.ping()
            depth = _redis_queue_depth(client, queue)
        except Exception as exc:
            logger.warning("health: broker unavailable (%s)", type(exc).__name__)
            return {"ok": False, "transport": "redis", "error": type(exc).__name__}
        finally:
            try:
                client.close()
            except Exception:  # noqa: S110 - a probe never fails on cleanup
                pass
        return {"ok": True, "transport": "redis", "queue": queue, "queue_depth": depth}
    if url.startswith(AMQP_SCHEMES):
        try:
            depth = _amqp_queue_depth(url, queue)
        except Exception as exc:
            logger.warning("health: broker unavailable (%s)", type(exc).__name__)
            return {"ok": False, "transport": "amqp", "error": type(exc).__name__}
        return {"ok": True, "transport": "amqp", "queue": queue, "queue_depth": depth}
    return {"ok": True, "transport": url.split(":", 1)[0], "queue": queue, "queue_depth": None}


def _age_seconds(moment, now) -> float | None:
    return None if moment is None else round((now - moment).total_seconds(), 1)


def _work(now) -> tuple[dict, dict]:
    from labs.models import Submission, WorkerHeartbeat

    queued = Q(status=Submission.Status.QUEUED)
    try:
        beat_at = WorkerHeartbeat.objects.aggregate(last=Max("seen_at"))["last"]
        counts = Submission.objects.filter(
            status__in=[Submission.Status.QUEUED, Submission.Status.GRADING]
        ).aggregate(
            queued=Count("pk", filter=queued),
            grading=Count("pk", filter=Q(status=Submission.Status.GRADING)),
            oldest=Min("created_at", filter=queued),
        )
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}, {"ok": False}
    age = _age_seconds(beat_at, now)
    workers = {
        "ok": age is not None and age <= settings.HEALTH_HEARTBEAT_STALE_S,
        "last_heartbeat_age_s": age,
        "stale_after_s": settings.HEALTH_HEARTBEAT_STALE_S,
    }
    submissions = {
        "queued": counts["queued"],
        "grading": counts["grading"],
        "oldest_queued_age_s": _age_seconds(counts["oldest"], now),
    }
    return workers, submissions


def _sandbox() -> dict:
    from labs.sandbox import sandbox_status

    try:
        return sandbox_status()
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}


@never_cache
@require_GET
def health(request):
    """200 while the database and the broker answer (workers may lag), else 503."""
    now = timezone.now()
    database = _database()
    broker = _broker()
    workers, submissions = _work(now) if database["ok"] else ({"ok": False}, {})
    is_up = database["ok"] and broker["ok"]
    body = {
        "status": ("ok" if workers["ok"] else "degraded") if is_up else "down",
        "time": now.isoformat(timespec="seconds"),
        "database": database,
        "broker": broker,
        "workers": workers,
        "submissions": submissions,
    }
    body["sandbox"] = _sandbox()
    return JsonResponse(body, status=200 if is_up else 503)
