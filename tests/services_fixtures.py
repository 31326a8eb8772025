"""Fixtures for the services tests run against: the data migrations' rows, the shared Redis
left as it was found, PostgreSQL and Redis when a test needs them, one real worker process.

A plugin of tests/conftest.py (pytest_plugins)."""

import importlib
from pathlib import Path

import pytest
from django.conf import settings

from tests.redis_servers import SharedRedisMarker
from tests.support import WorkerProcess, services_required, using_postgres, using_redis_broker


def configured_redis_urls() -> list[str]:
    """The Redis URLs the settings name (cache and broker): usually the machine's server."""
    urls = [settings.REDIS_URL, settings.CELERY_BROKER_URL]
    return list(dict.fromkeys(url for url in urls if url.startswith(("redis://", "rediss://"))))


# The rows data migrations write, as (app, migration, function): what `migrate` leaves in
# every database before anybody logs in.
DATA_MIGRATIONS = (
    ("enrolment", "0003_seed_programs", "seed_programs"),
    ("courses", "0002_program_defaults", "create_defaults"),
    ("careers", "0002_seed_content", "seed"),
)


@pytest.fixture(scope="module", autouse=True)
def migration_data(request):
    """The programs, their course defaults and the career pages are there, as after `migrate`.

    A transactional test empties every table as it ends (Django's flush). pytest-django runs
    a file's other tests before its transactional ones, but in a parallel run the next file a
    process gets may come after another file's flush: so each file that uses the database
    starts by writing them again if they are gone (with the real models, in autocommit).
    """
    items = [item for item in request.session.items if item.module is request.module]
    if not any(_uses_database(item) for item in items):
        return
    request.getfixturevalue("django_db_setup")
    with request.getfixturevalue("django_db_blocker").unblock():
        from django.apps import apps

        from careers.models import Role
        from courses.models import CompletionRule
        from enrolment.models import Program

        if all(model.objects.exists() for model in (Program, CompletionRule, Role)):
            return
        for app, migration, function in DATA_MIGRATIONS:
            module = importlib.import_module(f"{app}.migrations.{migration}")
            getattr(module, function)(apps, None)


def _uses_database(item) -> bool:
    return bool(
        item.get_closest_marker("django_db")
        or "_django_db_helper" in getattr(item, "fixturenames", ())
    )


@pytest.fixture(scope="session", autouse=True)
def shared_redis_kept():
    """The configured Redis keeps a marker key, and its run_id, through the whole run.

    Other people's processes use that server. A test that needs Redis to fail stops a
    private one (tests/redis_servers.py); a restarted or flushed shared server fails the
    run here, at the teardown of its last test.
    """
    markers = [
        marker for url in configured_redis_urls() if (marker := SharedRedisMarker(url)).plant()
    ]
    yield
    problems = [problem for marker in markers for problem in marker.problems()]
    if problems:
        pytest.fail(
            "; ".join(problems) + ". No test may stop, flush or restart a Redis it did not start.",
            pytrace=False,
        )


@pytest.fixture
def require_postgres():
    if not using_postgres():
        if services_required():
            pytest.fail("DATABASE_URL must point at PostgreSQL for this test")
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://...")


@pytest.fixture
def require_redis():
    if not using_redis_broker():
        if services_required():
            pytest.fail("CELERY_BROKER_URL/REDIS_URL must point at Redis for this test")
        pytest.skip("needs Redis: set REDIS_URL=redis://...")


@pytest.fixture(scope="session")
def worker_process(django_db_setup, django_db_blocker, tmp_path_factory):
    """One worker process for the session; tests that use it need `transactional_db`."""
    from config.celery_app import app

    assert not app.conf.task_always_eager, "a fixture left Celery in eager mode"
    # Messages left by an earlier run name rows that no longer exist.
    if using_redis_broker():
        app.control.purge()
    else:
        _purge_filesystem_broker()
    # (A wake-up flag whose message was purged is cleared by the worker as it starts.)
    worker = WorkerProcess(tmp_path_factory.mktemp("worker") / "worker.log").start()
    yield worker
    worker.stop()
    if worker.process.returncode not in (0, -15):
        print(worker.output()[-4000:])


def _purge_filesystem_broker():
    folder = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("data_folder_in")
    if folder:
        for leftover in Path(folder).glob("*.msg"):
            leftover.unlink(missing_ok=True)
