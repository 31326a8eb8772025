"""Labs, datasets, reference models and submissions."""

from django.db import models


class WorkerHeartbeat(models.Model):
    """A row written by a Celery worker each time it runs the heartbeat task."""

    token = models.CharField(max_length=64, blank=True)
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-seen_at"]

    def __str__(self):
        return f"heartbeat {self.token or '-'} at {self.seen_at:%Y-%m-%d %H:%M:%S}"
