"""Shared fixtures: personas, the integration and browser markers, a real worker process."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("LODESTAR_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "var" / "test-artifacts"

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made
# by the test itself are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _services_required() -> bool:
    """In CI every marked test must run: a missing service is a failure, not a skip."""
    return os.environ.get("LODESTAR_REQUIRE_SERVICES") == "1"


def pytest_collection_modifyitems(config, items):
    skip_browser = None
    if not Path(CHROMIUM).exists() and not _services_required():
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
def late_penalty_off(request, monkeypatch):
    """No late penalty and no cutoff, except in tests/courses/, which tests those rules.

    The other tests were written before late work had a price: their factories upload
    "now" to labs of a cohort three weeks in, long past those labs' due dates.
    """
    if "courses" in request.node.path.parts:
        return
    from courses import rules, selectors

    lenient = rules.Policy(grace_hours=0, penalty_per_day=0.0, cutoff_days=3650)
    # The policies are still read (query counts stay as in production), then ignored.
    monkeypatch.setattr(selectors.Policies, "for_lab", lambda self, lab_id: lenient)


# ---------------------------------------------------------------- services


def using_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def using_redis_broker() -> bool:
    return settings.CELERY_BROKER_URL.startswith("redis")


@pytest.fixture
def require_postgres():
    if not using_postgres():
        if _services_required():
            pytest.fail("DATABASE_URL must point at PostgreSQL for this test")
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://...")


@pytest.fixture
def require_redis():
    if not using_redis_broker():
        if _services_required():
            pytest.fail("CELERY_BROKER_URL/REDIS_URL must point at Redis for this test")
        pytest.skip("needs Redis: set REDIS_URL=redis://...")


def python_in_project(script: str, *, env: dict | None = None, timeout: float = 120) -> str:
    """Run `python -c script` from the project root in a fresh process; return its stdout.

    For what must not touch the test process: settings read from a changed environment,
    or a process-wide switch such as gc.freeze().
    """
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _database_url() -> str:
    """The test database as a URL, so that a worker process writes where the test reads."""
    from django.db import connection

    params = connection.settings_dict
    if params["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{params['NAME']}"
    user = params.get("USER") or ""
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    host = params.get("HOST") or "localhost"
    port = f":{params['PORT']}" if params.get("PORT") else ""
    return f"postgres://{auth}{host}{port}/{params['NAME']}"


class WorkerProcess:
    """A real `celery worker` process on the configured broker and the test database."""

    def __init__(
        self,
        log_path: Path,
        concurrency: int = 1,
        *,
        extra_env: dict | None = None,
        extra_args: tuple[str, ...] = (),
        name: str = "test",
        own_session: bool = False,
    ):
        self.log_path = log_path
        self.concurrency = concurrency
        self.extra_env = extra_env or {}
        self.extra_args = extra_args
        self.name = name
        # In its own process group, a test can SIGKILL the worker whole.
        self.own_session = own_session
        self.process: subprocess.Popen | None = None

    def start(self):
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "PYTHONUNBUFFERED": "1",
            **self.extra_env,
        }
        env.pop("CELERY_TASK_ALWAYS_EAGER", None)
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--loglevel=INFO",
                "--pool=prefork",
                f"--concurrency={self.concurrency}",
                f"--hostname={self.name}-{uuid.uuid4().hex[:8]}@%h",
                "--without-gossip",
                "--without-mingle",
                *self.extra_args,
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=self.own_session,
        )
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")


def wait_for(predicate, timeout: float = 60.0, interval: float = 0.1, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


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


def browser_login(page, username: str, password: str):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit], form input[type=submit]")


__all__ = ["WorkerProcess", "browser_login", "wait_for"]
