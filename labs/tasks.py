"""Celery tasks for labs: thin wrappers that take ids and call the services."""

from celery import shared_task

from labs.services import grading_queue, references, worker


@shared_task(
    name="labs.grade_submission",
    bind=True,
    max_retries=3,
    soft_time_limit=60,
    time_limit=90,
)
def grade_submission(self, submission_id: int) -> str | None:
    return _grade(self, submission_id)


# The same work for a code lab's file, routed to the code queue (CELERY_TASK_ROUTES).
@shared_task(
    name="labs.grade_code_submission",
    bind=True,
    max_retries=3,
    soft_time_limit=60,
    time_limit=90,
)
def grade_code_submission(self, submission_id: int) -> str | None:
    return _grade(self, submission_id)


def _grade(self, submission_id: int) -> str | None:
    try:
        submission = worker.submission_grade(submission_id=submission_id)
    except Exception as exc:  # SoftTimeLimitExceeded included
        # Put the row back in the queue: a retry or the sweeper grades it; never stuck.
        worker.submission_mark_error(
            submission_id=submission_id, reason=f"{type(exc).__name__} while grading"
        )
        raise self.retry(exc=exc, countdown=2**self.request.retries) from exc
    return submission.status if submission else None


@shared_task(name="labs.grade_queued", soft_time_limit=60, time_limit=90)
def grade_queued() -> int:
    """Uploads woke the graders: grade a batch of queued prediction files (how many).

    Nothing to retry: a file that fails is queued again with a message of its own.
    """
    return len(worker.queued_grade())


@shared_task(name="labs.train_reference", soft_time_limit=600, time_limit=660)
def train_reference(reference_id: int) -> str | None:
    reference = references.reference_train(reference_id=reference_id)
    return reference.status if reference else None


@shared_task(name="labs.sweep_stuck_submissions")
def sweep_stuck_submissions() -> int:
    return grading_queue.sweep_stuck_submissions()
