"""Gives each pytest-xdist worker its own broker queue, Redis database and var folder.

`make test` runs the suite in parallel (`-n`) and loads this module with `-p tests.parallel`,
which imports it in every worker before Django reads its settings (pytest-django loads them
before any conftest.py), so the settings, the Celery app and every worker process a test
starts see these names. The test database is pytest-django's business: it names one per
worker (`test_lodestar_gw0`, ...).

Two workers that shared a queue would grade each other's uploads against the wrong database;
two that shared a Redis database would read each other's wake-up flags, throttles and cache.
A run without xdist (a plain `pytest`) is left exactly as configured.
"""

import os
import re

WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def _own_redis_database(url: str, number: int) -> str:
    """redis://host:port/1 -> redis://host:port/<1 + number>; Redis has databases 0-15."""
    match = re.fullmatch(r"(rediss?://[^/?#]*)(?:/(\d+))?(\?.*)?", url)
    if not match:
        return url
    base, database, query = match.groups()
    own = (int(database or 0) + number) % 16
    return f"{base}/{own}{query or ''}"


def isolate(environ, worker: str) -> None:
    number = int(worker.removeprefix("gw"))
    environ["CELERY_QUEUE"] = f"{environ.get('CELERY_QUEUE', 'lodestar')}-{worker}"
    if environ.get("CELERY_CODE_QUEUE"):
        environ["CELERY_CODE_QUEUE"] = f"{environ['CELERY_CODE_QUEUE']}-{worker}"
    for name in ("REDIS_URL", "CELERY_BROKER_URL"):
        if environ.get(name, "").startswith(("redis://", "rediss://")):
            environ[name] = _own_redis_database(environ[name], number)
    var = environ.get("LODESTAR_VAR_DIR") or os.path.join(os.path.dirname(__file__), "..", "var")
    environ["LODESTAR_VAR_DIR"] = os.path.join(os.path.abspath(var), f"xdist-{worker}")


if WORKER:
    isolate(os.environ, WORKER)
