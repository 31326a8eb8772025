"""Helpers that tests import: the project root, a real worker process, waiting, a browser
login. Fixtures stay in the conftest.py files; these are plain functions and classes."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


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


def wait_for(predicate, timeout: float = 60.0, interval: float = 0.1, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


def browser_login(page, username: str, password: str):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit], form input[type=submit]")
