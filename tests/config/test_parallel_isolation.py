"""Each process of a parallel test run gets its own queue, Redis database and var folder."""

import os

from django.conf import settings

from tests.parallel import WORKER, isolate


def test_two_workers_share_no_queue_redis_database_or_var_folder():
    base = {
        "CELERY_QUEUE": "lodestar-ci",
        "REDIS_URL": "redis://127.0.0.1:6379/1",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/1?socket_timeout=1",
        "LODESTAR_VAR_DIR": "/srv/var",
    }
    first, second = dict(base), dict(base)
    isolate(first, "gw0")
    isolate(second, "gw2")
    assert (first["CELERY_QUEUE"], second["CELERY_QUEUE"]) == ("lodestar-ci-gw0", "lodestar-ci-gw2")
    assert first["REDIS_URL"] == "redis://127.0.0.1:6379/1"
    assert second["REDIS_URL"] == "redis://127.0.0.1:6379/3"
    assert second["CELERY_BROKER_URL"] == "redis://127.0.0.1:6379/3?socket_timeout=1"
    assert first["LODESTAR_VAR_DIR"] != second["LODESTAR_VAR_DIR"]
    assert second["LODESTAR_VAR_DIR"].startswith("/srv/var/")


def test_a_url_without_a_database_and_a_broker_that_is_not_redis():
    environ = {"REDIS_URL": "redis://cache:6379", "CELERY_BROKER_URL": "amqp://guest@mq//"}
    isolate(environ, "gw1")
    assert environ["REDIS_URL"] == "redis://cache:6379/1"
    assert environ["CELERY_BROKER_URL"] == "amqp://guest@mq//"
    assert environ["CELERY_QUEUE"] == "lodestar-gw1"


def test_this_run_uses_the_names_of_its_own_process():
    """In `make test` this process's settings carry its worker's names; alone, the configured
    ones."""
    queue = os.environ.get("CELERY_QUEUE", "lodestar")
    assert settings.CELERY_TASK_DEFAULT_QUEUE == queue
    assert queue.endswith(f"-{WORKER}") if WORKER else "-gw" not in queue
