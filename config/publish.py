"""Publishing Celery tasks: after commit, and never failing the caller when the broker is down.

This is the one way the apps hand work to the workers. Nothing here remembers a failed
publish: the caller keeps a row that says the work is still to do (a queued Submission,
an unsent OutgoingEmail), and a beat task publishes such rows again once the broker is
back. Tasks are written so that a second message for the same row changes nothing.
"""

import functools
import logging

from django.db import transaction

logger = logging.getLogger("lodestar.publish")


def publish(task, *args, **kwargs) -> bool:
    """Publish a task now; if the broker is down, log it and leave the row for the sweeper."""
    try:
        task.apply_async(args=args, kwargs=kwargs or None, retry=False)
    except Exception:
        logger.warning("broker unavailable; %s%s left for the sweeper", task.name, args)
        return False
    return True


def publish_on_commit(task, *args, **kwargs) -> None:
    """Publish once the current transaction commits (at once outside one); never raises."""
    transaction.on_commit(functools.partial(publish, task, *args, **kwargs))
