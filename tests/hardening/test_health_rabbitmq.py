"""/health/ with RabbitMQ as the broker: its queue depth, and a 503 when it does not answer."""

import socket
import time
import uuid

import pytest
from kombu import Connection, Queue

from tests.rabbitmq import delete_queues, require_rabbitmq

pytestmark = pytest.mark.django_db


@pytest.fixture
def rabbitmq(settings):
    url = require_rabbitmq()
    queue = f"{settings.CELERY_TASK_DEFAULT_QUEUE}-health-{uuid.uuid4().hex[:8]}"
    settings.CELERY_BROKER_URL = url
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    yield url, queue
    delete_queues(url, queue)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_health_reports_the_depth_of_the_rabbitmq_queue(client, rabbitmq):
    url, queue = rabbitmq
    assert client.get("/health/").json()["broker"] == {
        "ok": True,
        "transport": "amqp",
        "queue": queue,
        "queue_depth": 0,
    }
    # Publisher confirms: each publish returns once RabbitMQ has taken the message. Even so
    # the queue's count can trail its confirms by a moment, so the depth is read until it
    # shows all three (and fails if it never does, or ever shows more).
    with Connection(url, transport_options={"confirm_publish": True}) as broker:
        producer = broker.Producer()
        for number in range(3):
            producer.publish({"n": number}, routing_key=queue, declare=[Queue(queue)])
    depths = []
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        response = client.get("/health/")
        assert response.status_code == 200
        depths.append(response.json()["broker"]["queue_depth"])
        if depths[-1] >= 3:
            break
        time.sleep(0.1)
    assert depths[-1] == 3, depths
    assert max(depths) == 3


def test_health_is_503_when_rabbitmq_does_not_answer(client, settings):
    settings.CELERY_BROKER_URL = f"amqp://guest:guest@127.0.0.1:{_closed_port()}//"
    response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["broker"]["ok"] is False
    assert body["broker"]["transport"] == "amqp"
    assert "guest" not in response.content.decode()  # no URL or password leaks
