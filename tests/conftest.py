"""Shared fixtures: personas, the test clock, the integration and browser markers, a real
worker process."""

import datetime
import importlib
import os
from pathlib import Path

import factory.random
import pytest
import time_machine
from django.conf import settings
from hypothesis import settings as hypothesis_settings

from tests.factories import UserFactory
from tests.redis_servers import SharedRedisMarker
from tests.support import (
    ARTIFACTS,
    CHROMIUM,
    ROOT,
    WorkerProcess,
    services_required,
    using_postgres,
    using_redis_broker,
    wait_for,
)

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made
# by the test itself are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# The built-in datasets are drawn with the installation's secret: the tests fix theirs, so
# every machine builds the same data whatever its .env says (labs/catalog/secret.py).
os.environ["LODESTAR_DATASET_SECRET"] = "lodestar-tests"

# Property tests draw the same examples on every run (seeded from each test's name), so a
# red build is never a roll of the dice; `pytest --hypothesis-profile=explore` draws anew.
hypothesis_settings.register_profile("lodestar", derandomize=True, database=None)
hypothesis_settings.register_profile("explore")
hypothesis_settings.load_profile("lodestar")


def pytest_configure(config):
    # The test database (SQLite) and the filesystem broker need their folders, as manage.py
    # and the Celery app make them for the processes they start.
    from config.state_folders import ensure_state_folders

    ensure_state_folders()


def pytest_collection_modifyitems(config, items):
    skip_browser = None
    if not Path(CHROMIUM).exists() and not services_required():
        skip_browser = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}")
    for item in items:
        if skip_browser and "browser" in item.keywords:
            item.add_marker(skip_browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


# ---------------------------------------------------------------- personas


@pytest.fixture
def alice(db):
    """A student; most tests look at the site through her eyes."""
    return UserFactory(username="alice", first_name="Alice")


@pytest.fixture
def bob(db):
    """Another student, who must never see Alice's work."""
    return UserFactory(username="bob", first_name="Bob")


@pytest.fixture
def staff_user(db):
    return UserFactory(username="sam", first_name="Sam", is_staff=True, is_superuser=True)


@pytest.fixture(autouse=True)
def second_factor_passed_on_force_login(request, monkeypatch):
    """`client.force_login(user)` of staff or an instructor also passes the second factor
    (tests/support.py: verified_session), as a person who typed their code would have:
    every test of a grading or admin page stands behind the wall, as in production.

    Tests of the wall itself are marked `second_factor_wall`: there force_login is
    Django's own, a password-only session.
    """
    if request.node.get_closest_marker("second_factor_wall"):
        return
    from django.test.client import ClientMixin

    from tests.support import verified_session

    password_only_login = ClientMixin.force_login

    def force_login(self, user, backend=None):
        password_only_login(self, user, backend)
        verified_session(self, user)

    monkeypatch.setattr(ClientMixin, "force_login", force_login)


@pytest.fixture(autouse=True)
def no_pending_wake_up():
    """Each test starts without a grading wake-up flag (labs.services.grading_queue).

    In production the flag stands for a message waiting in the queue. Here an earlier
    test's flag may name a message that is gone (purged, or taken by a worker of another
    test), and a test in eager mode would then never grade its upload. Clearing it is
    always safe: at worst one extra message.
    """
    from labs.services import grading_queue

    grading_queue.clear_wake_up()


@pytest.fixture(autouse=True)
def late_penalty_off(request, monkeypatch):
    """No late penalty and no cutoff, except in tests/courses/, which tests those rules,
    tests/leaderboards/, whose boards turn final at the cutoff, and tests marked
    `course_rules` (the demo's calendar, the upload form at the cutoff).

    The other tests were written before late work had a price: their factories upload
    "now" to labs of a cohort three weeks in, long past those labs' due dates.
    """
    if {"courses", "leaderboards"} & set(request.node.path.parts):
        return
    if request.node.get_closest_marker("course_rules"):
        return
    from courses import rules, selectors

    lenient = rules.Policy(grace_hours=0, penalty_per_day=0.0, cutoff_days=3650)
    # The policies are still read (query counts stay as in production), then ignored.
    monkeypatch.setattr(selectors.Policies, "for_lab", lambda self, lab_id: lenient)


@pytest.fixture(autouse=True)
def quick_password_hashing(request, settings):
    """Passwords are hashed with MD5 in tests, except in tests marked `password_hashing`.

    The site's own hasher costs about a quarter of a second of CPU per hash on purpose, and
    every user a factory makes gets a password: across the suite that was minutes. No test
    hands a password to another process (workers and gunicorn get tokens or sessions), so
    the hashes only ever meet this process's settings.
    """
    if request.node.get_closest_marker("password_hashing"):
        return
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def same_fake_names():
    """The factories' made-up names (Faker) are the same in every run of a test."""
    factory.random.reseed_random(7)


# Where the tests that build cohorts, due dates and deadlines from "today" run, whatever
# the day: a Wednesday morning far from midnight, a month's end and any clock change (the
# dated tests look back 200 days and ahead 60 at most).
TEST_NOW = datetime.datetime(2027, 6, 16, 10, 0, tzinfo=datetime.UTC)
DATED = {
    "api",
    "courses",
    "enrolment",
    "hardening",
    "labs",
    "leaderboards",
    "outcomes",
    "reviews",
    "site",
}
# ...except where the test and other processes or the file system must agree on the time.
REAL_TIME = ("labs/sandbox/",)


@pytest.fixture(autouse=True)
def dated_clock(request):
    """Tests in the folders of tests/ named in DATED start at TEST_NOW, and the clock runs
    on from there: a cohort made "ten days ago" and the due date a service reads are on
    the same calendar whenever the suite runs, even across midnight. (The sandbox tests
    keep the real time: they compare it with the times of files and processes.)

    LODESTAR_TEST_NOW=2028-02-29T12:00:00+00:00 starts every test there instead (in every
    folder but the sandbox's), to look for the tests that pass only on some days; at
    23:59:59.8 it shows the tests that read the date twice (why DATED folders are pinned).
    Browser and integration tests keep the real time: Chromium and worker processes
    cannot travel with them; so do tests marked `real_clock` (the demo seeded today).
    """
    if {"browser", "integration", "real_clock"} & set(request.keywords):
        yield None
        return
    where = request.node.path.relative_to(ROOT / "tests").as_posix()
    if where.startswith(REAL_TIME):
        yield None
        return
    start = os.environ.get("LODESTAR_TEST_NOW")
    if start:
        moment = datetime.datetime.fromisoformat(start)
    elif where.split("/", 1)[0] in DATED:
        moment = TEST_NOW
    else:
        yield None
        return
    with time_machine.travel(moment, tick=True):
        yield moment


@pytest.fixture
def clock(monkeypatch):
    """Freeze django.utils.timezone.now (and so localdate) at a chosen moment."""
    from django.utils import timezone

    class Clock:
        def set(self, when):
            monkeypatch.setattr(timezone, "now", lambda: when)
            return when

    return Clock()


# ---------------------------------------------------------------- services


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


# ---------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(request, browser, live_server):
    """A fresh browser tab; on failure a full-page screenshot lands in var/test-artifacts/."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        target = ARTIFACTS / f"{request.node.name}.png"
        tab.screenshot(path=str(target), full_page=True)
        print(f"screenshot saved to {target}")
    context.close()


# Re-exported for tests/hardening/conftest.py, which still imports them from here.
__all__ = ["WorkerProcess", "wait_for"]
