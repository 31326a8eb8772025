"""Celery tasks for the course rules: thin, take ids, enqueued after commit."""

from celery import shared_task


@shared_task(name="courses.complete_finished_cohorts")
def complete_finished_cohorts() -> dict:
    """Beat: decide completion in finished cohorts (safe to run twice)."""
    from courses import services

    return services.completion_run()
