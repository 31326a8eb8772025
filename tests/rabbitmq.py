"""RabbitMQ for the tests that run on both brokers: where it is, whether it answers, and
a clean-up for the queues a test declared there. Plain functions; fixtures use them."""

import os
import socket
from urllib.parse import urlsplit

import pytest


def rabbitmq_url() -> str:
    """LODESTAR_TEST_AMQP_URL, or the machine's RabbitMQ with its default guest account."""
    return os.environ.get("LODESTAR_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")


def require_rabbitmq() -> str:
    """The broker URL; skips (fails in CI, LODESTAR_REQUIRE_SERVICES=1) when nothing answers."""
    url = rabbitmq_url()
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 5672), timeout=2):
            pass
    except OSError:
        if os.environ.get("LODESTAR_REQUIRE_SERVICES") == "1":
            pytest.fail(f"RabbitMQ does not answer at {parts.hostname}:{parts.port or 5672}")
        pytest.skip("needs RabbitMQ: start it, or set LODESTAR_TEST_AMQP_URL=amqp://...")
    return url


def delete_queues(url: str, *names: str) -> None:
    """Remove queues a test declared on the shared RabbitMQ (durable ones outlive it), and
    the exchange of the same name that Celery declares for a queue it publishes to."""
    from kombu import Connection

    with Connection(url, connect_timeout=2) as broker:
        channel = broker.channel()
        for name in names:
            channel.queue_delete(queue=name)
            channel.exchange_delete(exchange=name)
