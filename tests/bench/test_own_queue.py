"""A benchmark publishes to a broker queue of its own and deletes it afterwards: it never
purges, or steals from, the configured queue (bench/servers.py)."""

import pytest
import redis
from django.conf import settings

from bench import servers
from config.celery_app import app
from config.publish import publish

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("require_redis")]


def test_the_benchmarks_queue_takes_its_messages_and_is_gone_afterwards():
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    configured = app.conf.task_default_queue
    waiting_before = broker.llen(configured)
    with servers.own_queue("test") as queue:
        assert queue.startswith(f"{configured}.bench-test-")
        assert publish("outbox.send_emails", [1])
        assert broker.llen(queue) == 1
        assert broker.llen(configured) == waiting_before
    assert app.conf.task_default_queue == configured
    assert broker.llen(configured) == waiting_before
    assert list(broker.scan_iter(f"*{queue}*")) == []
