"""Grading claims: which worker process may grade which submission row, one or a batch.

A claim is a conditional update of the row (status "grading", this process in
`claimed_by`); only the holder of a claim stores a result. A worker takes its own
submission and, in the same transaction, up to `LABS_GRADING_BATCH_SIZE - 1` other queued
prediction files (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so two workers never take the
same row), grades them together and stores them in one statement. A claim that is never
finished (a killed process) goes stale, and the sweeper queues the row again.
"""

import functools
import logging
import os
import socket

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, Q
from django.utils import timezone

from labs.models import Lab, Submission
from labs.services import grading_queue

logger = logging.getLogger("lodestar.grading")


@functools.cache
def _this_host() -> str:
    """This machine and pid namespace: process ids can be checked only within one.

    Two containers may share a host name (host networking) yet not their processes;
    the namespace (from /proc; empty elsewhere) tells them apart. Neither changes for the
    life of a process (a forked pool child shares both), so it is read once.
    """
    try:
        namespace = os.readlink("/proc/self/ns/pid").removeprefix("pid:")
    except OSError:
        namespace = ""
    return f"{socket.gethostname()}/{namespace}"


def claimant() -> str:
    """This worker process, as stored in Submission.claimed_by: "host/namespace:pid"."""
    return f"{_this_host()}:{os.getpid()}"[:120]


def _claimant_is_gone(claimed_by: str) -> bool:
    """True if the claim was made by a process on this host that no longer exists.

    A pool child killed mid-grade leaves its rows in "grading"; Celery hands its message
    to another child on the same host right away, and this lets that child take over
    instead of waiting for the rows to go stale. Claims from other hosts wait for the
    sweeper, since their processes cannot be checked from here.
    """
    host, _, pid = claimed_by.rpartition(":")
    if host != _this_host() or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, owned by someone else
        return False
    return False


def _claim_fields(now) -> dict:
    return {
        "status": Submission.Status.GRADING,
        "started_at": now,
        "attempts": F("attempts") + 1,
        "claimed_by": claimant(),
    }


def claim_batch(*, submission_id: int, size: int | None = None) -> tuple[bool, list[int]]:
    """Claim this submission and up to `size - 1` other queued prediction files.

    Returns (whether `submission_id` itself was claimed, the ids claimed, it first).
    Others are taken only along with a claimed submission of a predictions lab: a code
    lab's run takes seconds in the sandbox and is graded alone. Rows released after an
    internal error (they carry its reason) are left to their own message, so a file that
    breaks the grader fails alone.
    """
    size = settings.LABS_GRADING_BATCH_SIZE if size is None else size
    now = timezone.now()
    rows = Submission.objects.filter(pk=submission_id)
    # Most deliveries of a busy queue find their row taken by a batch already: one read
    # tells them so, without a transaction.
    current = rows.values_list("status", "started_at", "claimed_by").first()
    if current is None:
        return False, []
    status, started_at, claimed_by = current
    stale_since = now - grading_queue.STALE_GRADING_AFTER
    if status == Submission.Status.GRADING and started_at and started_at >= stale_since:
        return _take_over_from_the_dead(submission_id=submission_id, claimed_by=claimed_by, now=now)
    if status not in Submission.PENDING:
        return False, []
    claim = _claim_fields(now)
    others = []
    with transaction.atomic():
        # The read above may be out of date: the update is conditional, one caller wins.
        is_own = bool(
            rows.filter(
                Q(status=Submission.Status.QUEUED)
                | Q(status=Submission.Status.GRADING, started_at__lt=stale_since)
            ).update(**claim)
        )
        if is_own and size > 1:
            # Selected first, then updated: as a LIMIT subquery inside the UPDATE,
            # PostgreSQL may run the selection again and claim more than `size` rows.
            others = _lock_queued_predictions(
                size - 1,
                Exists(
                    rows.filter(lab__submission_kind=Lab.SubmissionKind.PREDICTIONS).values("pk")
                ),
            )
            if others:
                Submission.objects.filter(pk__in=others, status=Submission.Status.QUEUED).update(
                    **claim
                )
    if not is_own:
        return False, []
    # The rows were locked by this transaction, so the update took every one of them.
    return True, [submission_id, *sorted(others)]


def _lock_queued_predictions(limit: int, *conditions) -> list[int]:
    """Lock up to `limit` queued prediction files, oldest first, in the caller's transaction.

    Rows released after an internal error (they carry its reason) are left to their own
    message. Selected first, then updated by the caller: as a LIMIT subquery inside the
    UPDATE, PostgreSQL may run the selection again and claim more than `limit` rows.
    """
    return list(
        Submission.objects.filter(
            status=Submission.Status.QUEUED,
            problems=[],
            lab__submission_kind=Lab.SubmissionKind.PREDICTIONS,
        )
        .filter(*conditions)
        .order_by("queued_at", "pk")
        # Rows another worker is claiming right now are skipped, not waited for.
        .select_for_update(skip_locked=True, of=("self",))
        .values_list("pk", flat=True)[:limit]
    )


def claim_queued(*, size: int | None = None) -> list[int]:
    """Claim up to `size` queued prediction files, oldest first: a wake-up's batch.

    First, the rows of graders on this host that died mid-batch go back to the queue,
    each with its own message (as when a redelivered submission finds its grader gone):
    the wake-up that was in flight when a pool child was killed comes back to a sibling.
    """
    size = settings.LABS_GRADING_BATCH_SIZE if size is None else size
    now = timezone.now()
    _release_dead_claims_on_this_host(now)
    with transaction.atomic():
        claimed = _lock_queued_predictions(size)
        if claimed:
            Submission.objects.filter(pk__in=claimed, status=Submission.Status.QUEUED).update(
                **_claim_fields(now)
            )
    return sorted(claimed)


def _release_dead_claims_on_this_host(now) -> None:
    """Queue again the rows still "grading" for processes on this host that are gone.

    Rows claimed elsewhere wait for the sweeper: other hosts' processes cannot be checked.
    """
    holders = set(
        Submission.objects.filter(
            status=Submission.Status.GRADING,
            started_at__gte=now - grading_queue.STALE_GRADING_AFTER,
            claimed_by__startswith=f"{_this_host()}:",
        )
        .values_list("claimed_by", flat=True)
        .distinct()
    )
    for holder in holders:
        if _claimant_is_gone(holder):
            logger.info("its grader %s is gone; its files are queued again", holder)
            _release_everything_held_by(holder)


def _take_over_from_the_dead(*, submission_id: int, claimed_by: str, now) -> tuple[bool, list[int]]:
    """The row is being graded: by a process on this host that died, or leave it alone."""
    if not claimed_by or not _claimant_is_gone(claimed_by):
        return False, []
    previous = claimed_by
    logger.info("submission=%s: its grader %s is gone; grading it again", submission_id, previous)
    rows = Submission.objects.filter(pk=submission_id, status=Submission.Status.GRADING)
    # Conditional on the same dead claimant: of two takers, one wins.
    if not rows.filter(claimed_by=previous).update(**_claim_fields(now)):
        return False, []
    _release_everything_held_by(previous)
    return True, [submission_id]


def _release_everything_held_by(holder: str) -> None:
    """A dead process's rows go back to the queue, each to be graded by its own message:
    if one of those files killed the process, it does so alone."""
    release(
        submission_ids=Submission.objects.filter(
            status=Submission.Status.GRADING, claimed_by=holder
        ).values_list("pk", flat=True),
        reason="The worker grading this file stopped; it is queued again.",
        claimed_by=holder,
    )


def release(*, submission_ids, reason: str, claimed_by: str | None = None) -> list[int]:
    """Queue claimed rows again, with the reason, and publish each (the sweeper otherwise).

    Only rows still held by `claimed_by` (this process by default) are released.
    """
    holder = claimed_by or claimant()
    rows = Submission.objects.filter(
        pk__in=list(submission_ids), status=Submission.Status.GRADING, claimed_by=holder
    )
    released = sorted(rows.values_list("pk", flat=True))
    if not released:
        return []
    rows.filter(pk__in=released).update(
        status=Submission.Status.QUEUED, queued_at=timezone.now(), problems=[reason[:500]]
    )
    for pk in released:
        grading_queue.enqueue_grading(pk)  # code or predictions: it reads which
    return released
