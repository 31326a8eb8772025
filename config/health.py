"""/health/: database, broker, workers and the grading queue, as JSON for probes and people.

Public on purpose (load balancers and compose probe it without credentials), so it holds
no secret: no URL, host name, password or stack trace, only states, counts and ages.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger("lodestar.health")

# kombu's Redis transport keeps one list per priority step: "name", "name\x06\x163", ...
_REDIS_PRIORITY_STEPS = (0, 3, 6, 9)
_REDIS_PRIORITY_SEPARATOR = "\x06\x16"


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
    return {"ok": True, "transport": url.split(":", 1)[0], "queue": queue, "queue_depth": None}


def _age_seconds(moment, now) -> float | None:
    return None if moment is None else round((now - moment).total_seconds(), 1)


def _work(now) -> tuple[dict, dict]:
    from labs.models import Submission, WorkerHeartbeat

    try:
        last_beat = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True)
        beat_at = last_beat.first()
        oldest = (
            Submission.objects.filter(status=Submission.Status.QUEUED)
            .order_by("created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        queued = Submission.objects.filter(status=Submission.Status.QUEUED).count()
        grading = Submission.objects.filter(status=Submission.Status.GRADING).count()
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}, {"ok": False}
    age = _age_seconds(beat_at, now)
    workers = {
        "ok": age is not None and age <= settings.HEALTH_HEARTBEAT_STALE_S,
        "last_heartbeat_age_s": age,
        "stale_after_s": settings.HEALTH_HEARTBEAT_STALE_S,
    }
    submissions = {
        "queued": queued,
        "grading": grading,
        "oldest_queued_age_s": _age_seconds(oldest, now),
    }
    return workers, submissions


def _sandbox() -> dict | None:
    try:
        from labs.sandbox import sandbox_status
    except ImportError:
        return None
    try:
        status = sandbox_status()
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}
    if isinstance(status, dict):
        return status
    return {"ok": bool(getattr(status, "ok", status)), "detail": str(status)}


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
    sandbox = _sandbox()
    if sandbox is not None:
        body["sandbox"] = sandbox
    return JsonResponse(body, status=200 if is_up else 503)
