"""Shared fixtures: the personas and the data they meet, the test clock, the integration and
browser markers. Services (a real worker, PostgreSQL, Redis) are in tests/services_fixtures.py,
the browser in tests/browser_fixtures.py."""

import datetime
import os
from pathlib import Path

import factory.random
import pytest
import time_machine
from hypothesis import settings as hypothesis_settings

from tests.factories import UserFactory
from tests.labs.dashboard_factories import lab_with_reference
from tests.labs.factories import (
    CohortFactory,
    EnrolmentFactory,
    code_lab_on_builtin,
    lab_on_builtin,
    reference_predictions,
    uploaded,
)
from tests.support import CHROMIUM, ROOT, services_required

pytest_plugins = ["tests.services_fixtures", "tests.browser_fixtures"]

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
#
# One name per persona, meaning the same in every folder of tests/: a folder's conftest
# adds data of its own under names of its own, and never gives these names another meaning.
# (tests/hardening/matrix/ has its own seven personas, as strings in its table.)
#
#   alice, bob                      two students' accounts (Alice and Bob Student), enrolled nowhere
#   enrolled_alice, enrolled_bob    the same two, enrolled in `cohort`
#   enrolled_carol                  Carol Student, a third student of `cohort`
#   student                         Stella Student, enrolled in `cohort` (course rules, hardening)
#   instructor                      Ines, who teaches `cohort`
#   other_instructor                Olga, who teaches `other_cohort`: a stranger to their work
#   staff_user                      Sam, staff and superuser
#   client                          (pytest-django's) an anonymous visitor until a test logs in
#   cohort                          a running cohort; `cohort_start` says when it started
#   other_cohort                    another running cohort
#   wine_lab                        a published week-1 lab on the built-in wine dataset
#   wine_lab_week3                  the same lab in week 3, not yet due (one or the other)
#   wine_predictions                wine_lab's reference's predictions: a valid, passing file
#   graded_alice                    enrolled_alice's passing predictions for wine_lab, graded
#   wine_week3_predictions          the same for wine_lab_week3
#   code_lab                        a week-1 lab on the wine data that takes Python code
#   code_lab_in_sandbox             the same, where this machine can run code
#   scored_lab                      a week-1 lab with no data whose reference scores 0.9
#   sandbox_ready                   this machine can run students' code
#   eager_celery                    tasks run in-process as they are published


@pytest.fixture
def alice(db):
    """A student; most tests look at the site through her eyes."""
    return UserFactory(username="alice", first_name="Alice", last_name="Student")


@pytest.fixture
def bob(db):
    """Another student, who must never see Alice's work."""
    return UserFactory(username="bob", first_name="Bob", last_name="Student")


@pytest.fixture
def staff_user(db):
    return UserFactory(username="sam", first_name="Sam", is_staff=True, is_superuser=True)


@pytest.fixture
def cohort_start():
    """When `cohort` started: None, the factory's three weeks ago (labs of weeks 1-4 open).

    A folder whose tests need another calendar overrides this fixture, not `cohort`."""
    return None


@pytest.fixture
def cohort(db, cohort_start):
    if cohort_start is None:
        return CohortFactory()
    return CohortFactory(start_date=cohort_start)


@pytest.fixture
def other_cohort(db):
    return CohortFactory()


@pytest.fixture
def enrolled_alice(alice, cohort):
    return _enrolled(alice, cohort)


@pytest.fixture
def enrolled_bob(bob, cohort):
    return _enrolled(bob, cohort)


@pytest.fixture
def enrolled_carol(cohort):
    """A third student of the cohort (on the leaderboards, she often hides)."""
    return _enrolled(UserFactory(username="carol", first_name="Carol", last_name="Student"), cohort)


@pytest.fixture
def student(cohort):
    return _enrolled(
        UserFactory(username="stella", first_name="Stella", last_name="Student"), cohort
    )


def _enrolled(user, cohort):
    EnrolmentFactory(user=user, cohort=cohort)
    return user


@pytest.fixture
def instructor(cohort):
    user = UserFactory(username="ines", first_name="Ines", last_name="Teach")
    cohort.instructors.add(user)
    return user


@pytest.fixture
def other_instructor(other_cohort):
    user = UserFactory(username="olga", first_name="Olga")
    other_cohort.instructors.add(user)
    return user


@pytest.fixture
def wine_lab(db):
    return lab_on_builtin(dataset_slug="wine", slug="first-classifier", week=1)


@pytest.fixture
def wine_lab_week3(db):
    """The wine lab in week 3: open for a cohort three weeks in and not yet due (private
    scores hidden), where `wine_lab` is past its due date. Its slug is the same: a test
    uses one or the other."""
    return lab_on_builtin(dataset_slug="wine", slug="first-classifier", week=3)


@pytest.fixture
def graded_alice(enrolled_alice, cohort, wine_lab):
    """Alice's passing predictions for the wine lab, graded (the submission)."""
    return uploaded(
        lab=wine_lab,
        student=enrolled_alice,
        cohort=cohort,
        name="p.csv",
        content=reference_predictions(wine_lab),
        grade=True,
    )


@pytest.fixture
def wine_predictions(wine_lab):
    return reference_predictions(wine_lab)


@pytest.fixture
def wine_week3_predictions(wine_lab_week3):
    return reference_predictions(wine_lab_week3)


@pytest.fixture
def code_lab(db):
    return code_lab_on_builtin(week=1)


@pytest.fixture
def sandbox_ready():
    """This machine can run students' code (the sandbox); a test that needs it fails
    without it where services are required, and is skipped elsewhere."""
    from tests.labs.sandbox_support import require_sandbox

    require_sandbox()


@pytest.fixture
def code_lab_in_sandbox(sandbox_ready, code_lab):
    return code_lab


@pytest.fixture
def scored_lab(db):
    """Accuracy (higher is better); the reference scores 0.9 on both halves."""
    return lab_with_reference(slug="scored-lab", week=1, title="Scored lab", score=0.9)


@pytest.fixture
def eager_celery(settings):
    """Run tasks in-process at publish time, so mailoutbox shows what a worker would send."""
    from config.celery_app import app

    # Read the app's own value first: Celery loads its config lazily from Django's settings,
    # so reading it after changing them would "restore" eager mode for the whole session.
    previous = app.conf.task_always_eager
    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


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
    "similarity",
    "rubrics",
    "site",
    "teams",
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
