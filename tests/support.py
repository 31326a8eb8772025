"""Helpers that tests import: the project root, a real worker process, waiting, a browser
login, a lab's due moment. Fixtures stay in the conftest.py files; these are plain
functions and classes."""

import datetime
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("LODESTAR_CHROMIUM", "/usr/bin/chromium")
# How the browser tests start it: headless, quiet, without a sandbox of its own.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
ARTIFACTS = ROOT / "var" / "test-artifacts"


def services_required() -> bool:
    """In CI every marked test must run: a missing service is a failure, not a skip."""
    return os.environ.get("LODESTAR_REQUIRE_SERVICES") == "1"


def using_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def using_redis_broker() -> bool:
    return settings.CELERY_BROKER_URL.startswith("redis")


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


def database_url() -> str:
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
            "DATABASE_URL": database_url(),
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


def port_answers(port: int) -> bool:
    """Does something listen on this local port?"""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def venv_command(name: str) -> str | None:
    """A registry package's command: beside this Python (the venv), else on PATH."""
    beside_python = Path(sys.executable).parent / name
    return str(beside_python) if beside_python.exists() else shutil.which(name)


def wait_for(predicate, timeout: float = 60.0, interval: float = 0.1, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


def browser_login(page, username: str, password: str):
    """Log in; for staff and instructors also pass the second factor the site asks for."""
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    # Either way (logged in, or the log-in page again with its error) the form navigates.
    with page.expect_navigation():
        page.click("form button[type=submit], form input[type=submit]")
    pass_second_factor(page, username)


# ---------------------------------------------------------------- the second factor

SETUP_PATH = "/account/two-factor/setup/"
VERIFY_PATH = "/account/two-factor/verify/"


def pass_second_factor(page, username: str):
    """On the setup page: add the authenticator it shows (computing its code from the
    secret on the page, as a phone would) and go past the recovery codes. On the verify
    page: type the current code of the user's authenticator. Elsewhere: nothing."""
    path = urlsplit(page.url).path
    if path == SETUP_PATH:
        secret = page.get_by_test_id("totp-secret").inner_text()
        page.fill("input[name=code]", code_for_secret(secret))
        page.get_by_role("button", name="Turn on two-factor authentication").click()
        page.get_by_test_id("recovery-codes-continue").click()
    elif path == VERIFY_PATH:
        page.fill("input[name=code]", authenticator_code(username))
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url(lambda url: VERIFY_PATH not in url)


def code_for_secret(secret_base32: str, *, at: float | None = None) -> str:
    """The code an authenticator app shows for this secret (now, or at a Unix time)."""
    import base64

    from django_otp.oath import TOTP

    totp = TOTP(base64.b32decode(secret_base32.strip()))
    if at is not None:
        totp.time = at
    return f"{totp.token():06d}"


def authenticator_code(username: str) -> str:
    """A code of the user's authenticator that it has not accepted yet. A code is good
    once: a second log-in within the same 30 seconds types the next step's code, which the
    device accepts as a phone whose clock runs a little ahead (its `tolerance`)."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    while totp.t() + device.tolerance <= device.last_t:
        time.sleep(0.5)  # more log-ins than steps in the window: wait for the next step
    ahead = max(0, device.last_t + 1 - totp.t())
    totp.time = time.time() + ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def verified_session(client, user) -> None:
    """Mark the test client's session of staff or an instructor as past the second factor,
    with an authenticator made for them if they have none; others are left as they are."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from security import twofactor

    if not twofactor.second_factor_required(user):
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test authenticator")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def response_text(response) -> str:
    """A response's body as text, read to the end when it streams (the gradebook's CSV)."""
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def due_moment(lab, cohort, **after) -> datetime.datetime:
    """The end of the lab's due date for the cohort, plus `after` (timedelta keywords)."""
    from django.utils import timezone

    from courses import rules

    tz = timezone.get_current_timezone()
    return rules.due_moment(lab.due_on(cohort), tz) + datetime.timedelta(**after)


def cutoff_moment(lab, cohort, policy=None, **after) -> datetime.datetime:
    """When late work for the lab closes for the cohort (`policy`: a LatePolicy row, else
    the built-in default), plus `after`: from then on, private scores show."""
    from django.utils import timezone

    from courses import rules

    rule = rules.DEFAULT_POLICY
    if policy is not None:
        rule = rules.Policy(policy.grace_hours, policy.penalty_per_day, policy.cutoff_days)
    tz = timezone.get_current_timezone()
    return rules.cutoff_moment(lab.due_on(cohort), rule, tz) + datetime.timedelta(**after)


# ---------------------------------------------------------------- broker switch


def use_broker(app, url: str, transport_options: dict, transport=None):
    """Point this process's Celery app at another broker (a private Redis, RabbitMQ)."""
    app.conf.broker_url = url
    app.conf.broker_transport_options = transport_options
    # Redis brokers use the project's transport class (config/broker.py); amqp its own.
    app.conf.broker_transport = transport
    # Celery keeps its connection and producer pools: a new broker needs new ones.
    app._pool = None
    app.amqp._producer_pool = None


# ---------------------------------------------------------------- database sessions


def terminate_other_sessions() -> int:
    """Drop every connection to the test database but our own, as a PostgreSQL failover does."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


# ---------------------------------------------------------------- a real web server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_gunicorn(
    log_path: Path, *, ready_path: str = "/health/", timeout: float = 30, **extra_env
):
    """gunicorn with config/gunicorn.conf.py (one worker) on the test database and a free
    port; yields (base URL, process) once `ready_path` answers (within `timeout` seconds),
    and stops it afterwards."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        **extra_env,
    }
    base = f"http://127.0.0.1:{port}"

    def answering():
        try:
            with urllib.request.urlopen(f"{base}{ready_path}", timeout=5):  # noqa: S310
                return True
        except urllib.error.HTTPError:
            return True  # it answered (a 503 from /health/ while the broker is away)
        except OSError:
            return False

    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for(answering, timeout=timeout, what="gunicorn to answer")
            yield base, process
        finally:
            process.terminate()
            process.wait(timeout=20)
            print(log_path.read_text()[-3000:])
