"""The grading queue: publish a submission, and publish again what the broker lost.

The submission row is the source of truth: when the broker is down at publish time the
row stays queued, and the beat task labs.sweep_stuck_submissions publishes it later.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from config.publish import publish, publish_on_commit
from labs.models import Submission

logger = logging.getLogger("lodestar.grading")

# A grading attempt that has not finished after this long lost its worker.
STALE_GRADING_AFTER = timedelta(seconds=settings.LABS_STALE_GRADING_AFTER_S)
# A queued submission nobody picked up after this long is published again.
STALE_QUEUED_AFTER = timedelta(seconds=settings.LABS_STALE_QUEUED_AFTER_S)


def enqueue_grading(submission_id: int) -> bool:
    """Publish the submission's grading now (the sweeper); False if the broker is down."""
    from labs.tasks import grade_submission  # labs.tasks imports the services

    return publish(grade_submission, submission_id)


def enqueue_grading_on_commit(submission_id: int) -> None:
    """Publish the grading once the caller's transaction commits (uploads, regrades)."""
    from labs.tasks import grade_submission

    publish_on_commit(grade_submission, submission_id)


def sweep_stuck_submissions(*, now=None) -> int:
    """Publish again what the broker lost: old queued rows and grading rows gone silent."""
    now = now or timezone.now()
    stale_grading = Submission.objects.filter(
        status=Submission.Status.GRADING, started_at__lt=now - STALE_GRADING_AFTER
    )
    stale_grading.update(status=Submission.Status.QUEUED, queued_at=now - STALE_QUEUED_AFTER)
    stuck = list(
        Submission.objects.filter(
            status=Submission.Status.QUEUED, queued_at__lte=now - STALE_QUEUED_AFTER
        ).values_list("pk", flat=True)[:500]
    )
    for pk in stuck:
        if enqueue_grading(pk):
            Submission.objects.filter(pk=pk, status=Submission.Status.QUEUED).update(queued_at=now)
    if stuck:
        logger.info("sweeper re-enqueued %d submissions", len(stuck))
    return len(stuck)
