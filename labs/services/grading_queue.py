"""The grading queue: publish a submission, and publish again what the broker lost.

The submission row is the source of truth: when the broker is down at publish time the
row stays queued, and the beat task labs.sweep_stuck_submissions publishes it later.

Uploaded prediction files share their messages. A worker grades them in batches
(labs.services.claims), so one message per upload mostly told workers what a batch had
already done, and each cost the broker, the worker's parent and a database read. An
upload instead wakes the graders: it publishes `labs.grade_queued` only if no wake-up is
pending (a flag in the shared cache, set with add()), and a worker clears the flag before
it claims, so any upload that found the flag set is committed before that claim looks.
A worker whose claim filled a whole batch wakes the graders again before grading, so
other processes take the next batch meanwhile. The flag expires (LABS_GRADING_WAKE_TTL_S)
in case its message is lost; the sweeper publishes rows that still wait after that.
Code files, regrades, released rows and the sweeper keep one message per row.
"""

import logging
import threading
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from config.publish import publish, publish_on_commit
from labs.models import Lab, Submission

logger = logging.getLogger("lodestar.grading")

# A grading attempt that has not finished after this long lost its worker.
STALE_GRADING_AFTER = timedelta(seconds=settings.LABS_STALE_GRADING_AFTER_S)
# A queued submission nobody picked up after this long is published again.
STALE_QUEUED_AFTER = timedelta(seconds=settings.LABS_STALE_QUEUED_AFTER_S)


def _grading_task(*, takes_code: bool) -> str:
    """Code files go to the code queue (settings.LABS_CODE_QUEUE), prediction files stay."""
    return "labs.grade_code_submission" if takes_code else "labs.grade_submission"


def _takes_code(submission_ids) -> dict[int, bool]:
    rows = Submission.objects.filter(pk__in=list(submission_ids)).values_list(
        "pk", "lab__submission_kind"
    )
    return {pk: kind == Lab.SubmissionKind.CODE for pk, kind in rows}


def enqueue_grading(submission_id: int, *, takes_code: bool | None = None) -> bool:
    """Publish the submission's grading now (the sweeper); False if the broker is down."""
    if takes_code is None:
        takes_code = _takes_code([submission_id]).get(submission_id, False)
    return publish(_grading_task(takes_code=takes_code), submission_id)


def enqueue_grading_on_commit(submission_id: int, *, takes_code: bool) -> None:
    """Publish the grading once the caller's transaction commits (uploads, regrades)."""
    publish_on_commit(_grading_task(takes_code=takes_code), submission_id)


# Caches whose entries other processes cannot see: a flag there would silence uploads
# that no worker ever wakes up for.
_PRIVATE_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


def wake_ups_are_shared() -> bool:
    """Uploads share wake-up messages only where every process reads the same cache."""
    backend = settings.CACHES["default"]["BACKEND"]
    return settings.LABS_GRADING_WAKE_TTL_S > 0 and backend not in _PRIVATE_CACHES


def _wake_key() -> str:
    """One flag per queue the wake-ups go to: side-by-side installs and test runs, which
    each use a queue of their own, never silence each other."""
    return f"lodestar:grading-wake:{current_app.conf.task_default_queue}"


def wake_graders() -> bool:
    """Publish `labs.grade_queued` unless a wake-up is pending; False if nothing was sent.

    If the cache cannot be reached, publish anyway: an extra message costs a read, a
    missing one costs a student minutes.
    """
    try:
        is_first = cache.add(_wake_key(), 1, timeout=settings.LABS_GRADING_WAKE_TTL_S)
    except Exception:
        logger.warning("cache unavailable; waking the graders without the shared flag")
        is_first = True
    if not is_first:
        return False
    if publish("labs.grade_queued"):
        return True
    # The broker is down: a flag without its message would silence the next uploads.
    clear_wake_up()
    return False


def clear_wake_up() -> None:
    """Clear the pending wake-up flag: a worker does before it claims (see the module's
    notes), and a worker starting up does, for a flag whose message was purged or lost.

    Clearing is always safe: at worst the next upload publishes a message of its own.
    """
    try:
        cache.delete(_wake_key())
    except Exception:
        # The flag expires on its own; until then uploads rely on this worker's claim.
        logger.warning("cache unavailable; the wake-up flag expires on its own")


def enqueue_upload_on_commit(submission: Submission) -> None:
    """Publish an upload's grading once the transaction commits: a shared wake-up for a
    prediction file, the submission's own message for code (graded alone, in a sandbox)."""
    if submission.lab.takes_code or not wake_ups_are_shared():
        enqueue_grading_on_commit(submission.pk, takes_code=submission.lab.takes_code)
        return
    wake_graders_once_on_commit()


_pending = threading.local()


def wake_graders_once_on_commit() -> None:
    """Speed trick: one wake-up for all the prediction files a transaction stores.

    Every file of the transaction is committed before its callbacks run, so the first
    wake-up's claim sees them all, and a full batch wakes the next grader itself: more
    wake-ups would each cost a cache round trip and find their flag set: a burst of 2,000
    uploads committed together (bench/grading.py) spent 2,000 round trips on them.
    A wake-up still waiting in this transaction is reused only while it is waiting: once
    it ran (at commit, or executed by a test) or was dropped with a rolled-back savepoint,
    the next upload registers its own. Savepoints nest, so a rollback that drops it also
    drops every upload that reused it (they were stored inside that savepoint).
    """
    connection = transaction.get_connection()
    waiting = getattr(_pending, "wake_up", None)
    if (
        waiting is not None
        and connection.in_atomic_block
        and any(callback is waiting for _, callback, _ in connection.run_on_commit)
    ):
        return

    def wake_up() -> None:
        _pending.wake_up = None
        wake_graders()

    _pending.wake_up = wake_up
    transaction.on_commit(wake_up)


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
    kinds = _takes_code(stuck)
    for pk in stuck:
        if enqueue_grading(pk, takes_code=kinds.get(pk, False)):
            Submission.objects.filter(pk=pk, status=Submission.Status.QUEUED).update(queued_at=now)
    if stuck:
        logger.info("sweeper re-enqueued %d submissions", len(stuck))
    return len(stuck)
