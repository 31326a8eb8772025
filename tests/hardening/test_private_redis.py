"""The tests' own Redis: a fault test stops a server it started, and the run's marker notices
when a server it did not start was restarted or flushed (tests/redis_servers.py)."""

import os
import uuid

import pytest
import redis

from tests.redis_servers import PrivateRedis, SharedRedisMarker, redis_server_available
from tests.support import services_required

pytestmark = pytest.mark.integration


@pytest.fixture
def server(tmp_path):
    """A private Redis standing in for the shared one."""
    if not redis_server_available():
        if services_required():
            pytest.fail("redis-server must be on PATH")
        pytest.skip("needs redis-server on PATH")
    started = PrivateRedis(tmp_path / "redis").start()
    yield started
    started.stop()


def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)


def test_an_outage_stops_the_private_redis_and_brings_it_back_empty_on_its_port(server):
    port = server.port
    _client(server.url).set("kept", "no")

    with server.outage():
        assert not server.is_up()
        with pytest.raises(redis.ConnectionError):
            _client(server.url).ping()

    assert server.is_up()
    assert server.port == port
    assert _client(server.url).get("kept") is None  # no persistence: it comes back empty
    server.stop()
    assert not server.is_up()


def test_the_marker_is_quiet_and_leaves_nothing_when_the_server_kept_everything(server):
    marker = SharedRedisMarker(server.url)
    assert marker.plant()
    assert _client(server.url).ttl(marker.key) > 0  # an interrupted run leaves it to expire

    assert marker.problems() == []
    assert _client(server.url).exists(marker.key) == 0


def test_the_marker_reports_a_restarted_server(server):
    marker = SharedRedisMarker(server.url)
    assert marker.plant()

    with server.outage():
        pass

    assert marker.problems() == [
        f"the Redis at 127.0.0.1:{server.port}/0 was restarted during the run",
        f"the Redis at 127.0.0.1:{server.port}/0 lost the test run's marker key {marker.key}",
    ]


def test_the_marker_reports_a_flushed_database(server):
    marker = SharedRedisMarker(f"redis://127.0.0.1:{server.port}/3")
    assert marker.plant()

    _client(marker.url).flushdb()

    assert marker.problems() == [
        f"the Redis at 127.0.0.1:{server.port}/3 lost the test run's marker key {marker.key}"
    ]


def test_the_marker_reports_a_server_that_stopped(server):
    marker = SharedRedisMarker(server.url)
    assert marker.plant()

    server.stop()

    [problem] = marker.problems()
    assert problem.startswith(f"the Redis at 127.0.0.1:{server.port}/0 no longer answers")


def test_nothing_to_guard_where_no_redis_answers(server):
    url = server.url
    server.stop()
    assert SharedRedisMarker(url).plant() is False


def test_a_fault_test_publishes_and_caches_on_its_private_redis_only(private_redis, settings):
    """What the `private_redis` fixture promises: this process's Celery app and cache, and
    the environment that the workers and web servers it starts inherit, name its server."""
    from django.core.cache import cache

    from config.celery_app import app
    from config.tasks import worker_heartbeat

    assert private_redis.replaces != private_redis.url
    assert os.environ["CELERY_BROKER_URL"] == private_redis.url
    assert os.environ.get("REDIS_URL", private_redis.url) == private_redis.url
    assert settings.CELERY_BROKER_URL == app.conf.broker_url == private_redis.url
    queue = f"{settings.CELERY_TASK_DEFAULT_QUEUE}-private-{uuid.uuid4().hex[:8]}"
    key = f"private-{uuid.uuid4().hex}"

    worker_heartbeat.apply_async(args=["private"], queue=queue)
    cache.set(key, "here", timeout=60)

    private, shared = _client(private_redis.url), _client(private_redis.replaces)
    assert private.llen(queue) == 1
    assert shared.llen(queue) == 0
    if settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        assert private.keys(f"*{key}")
        assert not shared.keys(f"*{key}")
