"""Celery tasks for similarity checks: thin wrappers that take ids and call the services."""

from celery import shared_task

from similarity import services


@shared_task(name="similarity.run_check", soft_time_limit=900, time_limit=960)
def run_check(run_id: int) -> str | None:
    run = services.run_check(run_id=run_id)
    return run.status if run else None


@shared_task(name="similarity.start_due_checks", soft_time_limit=300, time_limit=360)
def start_due_checks() -> int:
    return len(services.due_runs_start())
