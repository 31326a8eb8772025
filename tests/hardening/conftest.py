"""Fixtures for the hardening tests: the authorization matrix's world, killable workers, a
private Redis to stop. The personas and the wine lab are tests/conftest.py's.

The outage helpers are in tests/redis_servers.py (a Redis of the test's own) and
tests/support.py (our own database sessions)."""

import os
import signal
import time
import uuid
from pathlib import Path

import pytest

from tests.hardening.matrix.world import build_world
from tests.redis_servers import PrivateRedis, redis_server_available
from tests.support import WorkerProcess, services_required, use_broker, wait_for

# ---------------------------------------------------------------- the matrix


@pytest.fixture
def matrix_world(db, settings, tmp_path):
    """The authorization matrix's world: its seven personas (six in two cohorts, career staff
    in none), labs, submissions (tests/hardening/matrix/world.py)."""
    return build_world(settings, tmp_path)


# ---------------------------------------------------------------- workers


class KillableWorker(WorkerProcess):
    """A worker in its own process group, so a test can SIGKILL it whole or one pool child."""

    def __init__(
        self,
        log_path: Path,
        extra_env: dict | None = None,
        *,
        concurrency: int = 1,
        queues: str | None = None,
    ):
        super().__init__(
            log_path,
            concurrency=concurrency,
            extra_env=extra_env,
            extra_args=("--without-heartbeat", *(("-Q", queues) if queues else ())),
            name="hard",
            own_session=True,
        )

    def wait_until_consuming(self, timeout: float = 90):
        """Publish heartbeats until this worker has run one.

        A worker declares its queue's bindings when it starts; if Redis lost them (it
        was restarted without persistence, as the Redis fault test does), anything
        published before that is dropped. The sweeper recovers such rows in production;
        a test simply waits for the worker first.
        """
        from config.tasks import worker_heartbeat
        from labs.models import WorkerHeartbeat

        token = uuid.uuid4().hex
        deadline = time.monotonic() + timeout
        next_publish = 0.0
        while time.monotonic() < deadline:
            if WorkerHeartbeat.objects.filter(token=token).exists():
                return self
            assert self.process.poll() is None, self.output()[-3000:]
            if time.monotonic() >= next_publish:
                worker_heartbeat.delay(token)
                next_publish = time.monotonic() + 3
            time.sleep(0.1)
        raise AssertionError("the worker never ran a heartbeat:\n" + self.output()[-3000:])

    def wait_until_ready(self, timeout: float = 90):
        wait_for(lambda: " ready." in self.output(), timeout=timeout, what="the ready line")
        return self

    def descendants(self) -> list[int]:
        """Every process below the worker: pool children and what they started."""
        found, pending = [], [self.process.pid]
        while pending:
            pid = pending.pop()
            try:
                children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            except OSError:
                continue
            found += [int(child) for child in children]
            pending += [int(child) for child in children]
        return found

    def runs_sandbox(self) -> bool:
        """True while one of the worker's processes is a bubblewrap sandbox."""
        for pid in self.descendants():
            try:
                if Path(f"/proc/{pid}/comm").read_text().strip() == "bwrap":
                    return True
            except OSError:
                continue
        return False

    def pool_children(self) -> list[int]:
        pid = self.process.pid
        try:
            text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
        except OSError:
            return []
        return [int(part) for part in text.split()]

    def kill_child(self) -> int:
        children = self.pool_children()
        assert children, "the worker has no pool child to kill"
        os.kill(children[0], signal.SIGKILL)
        return children[0]

    def kill_all(self):
        """SIGKILL the parent and every pool child at once: nothing gets to clean up."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            super().stop()
        if self.process:
            # Pool children left behind by a killed parent must not outlive the test.
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if not self.log.closed:
            self.log.close()


@pytest.fixture
def private_queue(require_redis):
    """A queue of this test's own: the session's shared worker must not take its tasks."""
    from django.conf import settings

    from config.celery_app import app

    name = f"{settings.CELERY_TASK_DEFAULT_QUEUE}-{uuid.uuid4().hex[:8]}"
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = name  # read by Celery's router at every publish
    yield name
    app.conf.task_default_queue = previous
    import redis

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete(name, f"_kombu.binding.{name}", f"{name}.code", f"_kombu.binding.{name}.code")
    client.close()


@pytest.fixture
def start_worker(tmp_path, private_queue):
    """Start workers on the test's own queue; every one is stopped when the test ends."""
    started: list[KillableWorker] = []

    def start(name="worker", *, concurrency=1, queues: str = "", **extra_env):
        """`queues`: "code" or "predictions" for one kind of worker; both by default."""
        env = {"CELERY_QUEUE": private_queue, **{k: str(v) for k, v in extra_env.items()}}
        only = {"code": f"{private_queue}.code", "predictions": private_queue}.get(queues)
        worker = KillableWorker(tmp_path / f"{name}.log", env, concurrency=concurrency, queues=only)
        started.append(worker.start())
        if queues == "code":  # heartbeats go to the default queue, which it does not serve
            return worker.wait_until_ready()
        return worker.wait_until_consuming()

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture
def purged_queue(require_redis):
    """An empty queue: messages from an earlier run name rows that no longer exist.

    Only the queue tasks go to now (the test's own, with `private_queue`): Celery's
    app.control.purge() declares every queue this process ever published to, and on the
    shared RabbitMQ the earlier tests' queues, deleted by then, would be left behind again.
    """
    from config.celery_app import app
    from labs.services import grading_queue

    with app.connection_for_write() as connection:
        queue = app.amqp.queues[app.conf.task_default_queue]
        app.amqp.TaskConsumer(connection, queues=[queue]).purge()
    # A wake-up flag whose message was just purged would keep uploads silent.
    grading_queue.clear_wake_up()


# ---------------------------------------------------------------- a Redis to break


@pytest.fixture
def private_redis(tmp_path, require_redis, settings):
    """A redis-server of this test's own, which the test may stop (`private_redis.outage()`).

    Everything the test starts uses it in place of the configured (shared) Redis: this
    process's Celery app and cache, /health/, and the workers and web servers it starts
    (through CELERY_BROKER_URL and REDIS_URL in the environment). Request it before
    `start_worker` is called. It is stopped when the test ends; `.replaces` is the
    configured broker URL it stands in for.
    """
    from config.celery_app import app

    if not redis_server_available():
        if services_required():
            pytest.fail("redis-server must be on PATH to start a private Redis")
        pytest.skip("needs redis-server on PATH to start a private Redis")
    server = PrivateRedis(tmp_path / "private-redis").start()
    server.replaces = settings.CELERY_BROKER_URL
    previous = (app.conf.broker_url, app.conf.broker_transport_options, app.conf.broker_transport)
    environment = pytest.MonkeyPatch()
    # Celery reads CELERY_BROKER_URL from the environment before its own settings.
    environment.setenv("CELERY_BROKER_URL", server.url)
    settings.CELERY_BROKER_URL = server.url
    if settings.REDIS_URL:
        environment.setenv("REDIS_URL", server.url)
        settings.REDIS_URL = server.url
    cache = settings.CACHES["default"]
    if cache["BACKEND"].endswith("RedisCache"):
        settings.CACHES = {"default": {**cache, "LOCATION": server.url}}
    use_broker(app, server.url, previous[1], previous[2])
    try:
        yield server
    finally:
        environment.undo()
        use_broker(app, *previous)
        server.stop()
