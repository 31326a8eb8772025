"""Platform-wide tasks that belong to no single app."""

from celery import shared_task
from django.utils import timezone


@shared_task(name="config.worker_heartbeat")
def worker_heartbeat(token: str = "") -> str:
    """Record that a worker is alive and consuming; the health check and tests read it."""
    from labs.models import WorkerHeartbeat

    WorkerHeartbeat.objects.create(token=token, seen_at=timezone.now())
    return token
