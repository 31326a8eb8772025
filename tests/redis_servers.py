"""Redis for the tests: a private server that a fault test may stop, and a marker that proves
the configured (shared) server was neither restarted nor flushed by the run.

The Redis that REDIS_URL names is usually the machine's, and other people's processes keep
their data there. Tests stop only a server they started themselves (PrivateRedis); the
session-wide marker (tests/conftest.py) fails the run if the shared one lost its data.
Plain classes; the fixtures that use them are in the conftest.py files.
"""

import shutil
import subprocess
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import redis

from tests.support import free_port, wait_for

HOST = "127.0.0.1"


def redis_server_available() -> bool:
    return shutil.which("redis-server") is not None


class PrivateRedis:
    """A `redis-server` child process on a free port, without persistence, for one test.

    `outage()` stops it and starts it again on the same port, empty, as a Redis without
    persistence comes back after a restart.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = 0
        self.replaces = ""  # the configured Redis URL it stands in for, if any
        self.process: subprocess.Popen | None = None
        self._log = None

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def start(self):
        """Start on a new free port; another free port if one is taken before Redis binds it."""
        for _ in range(5):
            self.port = free_port()
            if self._launch():
                return self
        raise AssertionError(f"redis-server did not start:\n{self.output()[-2000:]}")

    def _launch(self) -> bool:
        self._log = open(self.folder / "redis.log", "a")  # noqa: SIM115 - closed in _halt()
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                HOST,
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.is_up():
                return True
            if self.process.poll() is not None:  # the port was taken meanwhile
                self._halt()
                return False
            time.sleep(0.05)
        self._halt()
        return False

    def is_up(self) -> bool:
        if self.process is None or self.process.poll() is not None:
            return False
        client = redis.Redis(host=HOST, port=self.port, socket_connect_timeout=1, socket_timeout=1)
        try:
            return bool(client.ping())
        except redis.RedisError:
            return False
        finally:
            client.close()

    def _halt(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # SIGTERM: Redis closes every connection and exits
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._log is not None:
            self._log.close()

    def stop(self):
        self._halt()

    @contextmanager
    def outage(self, limit_s: float = 30):
        """Stopped for the body only; started again on the same port, even on failure."""
        self._halt()
        started = time.monotonic()
        try:
            yield
        finally:
            if not self._launch():
                raise AssertionError(f"redis-server did not restart:\n{self.output()[-2000:]}")
            wait_for(self.is_up, timeout=15, what="the private Redis to come back")
            assert time.monotonic() - started < limit_s, "the Redis outage lasted too long"

    def output(self) -> str:
        log = self.folder / "redis.log"
        return log.read_text(errors="replace") if log.exists() else ""


class SharedRedisMarker:
    """A key of its own on a Redis this run did not start, and that server's run_id.

    Read again at the end of the run: a missing key means someone flushed the database
    (or the whole server), a new run_id that the server was restarted.
    """

    TTL_S = 24 * 3600  # an interrupted run leaves nothing behind for long

    def __init__(self, url: str):
        self.url = url
        self.key = f"lodestar-tests:marker:{uuid.uuid4().hex}"
        self.value = uuid.uuid4().hex
        self.run_id = ""

    @property
    def where(self) -> str:
        parts = urlsplit(self.url)
        return f"{parts.hostname}:{parts.port or 6379}{parts.path or '/0'}"

    def _client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, socket_connect_timeout=2, socket_timeout=5)

    def plant(self) -> bool:
        """Set the marker; False (nothing to guard) when the server does not answer."""
        client = self._client()
        try:
            self.run_id = client.info("server")["run_id"]
            client.set(self.key, self.value, ex=self.TTL_S)
        except redis.RedisError:
            return False
        finally:
            client.close()
        return True

    def problems(self) -> list[str]:
        """What happened to the server since plant(), in words; empty if it kept everything."""
        client = self._client()
        try:
            run_id = client.info("server")["run_id"]
            value = client.get(self.key)
            client.delete(self.key)
        except redis.RedisError as exc:
            return [f"the Redis at {self.where} no longer answers ({type(exc).__name__})"]
        finally:
            client.close()
        found = []
        if run_id != self.run_id:
            found.append(f"the Redis at {self.where} was restarted during the run")
        if value is None or value.decode() != self.value:
            found.append(f"the Redis at {self.where} lost the test run's marker key {self.key}")
        return found
