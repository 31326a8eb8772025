"""A server error reaches the people in DJANGO_ADMINS by email, with no credential in it."""

import pytest
from django.core import mail
from django.test import Client, override_settings

pytestmark = [pytest.mark.urls("tests.config.error_urls")]

ADMINS = [("Ops", "ops@lodestar.test")]


def _fail():
    client = Client(raise_request_exception=False, HTTP_AUTHORIZATION="Bearer lsk_abcdef123456")
    return client.get("/email/confirm/sEcReT-LiNk-123/?api_key=hunter2-key")


@override_settings(ADMINS=ADMINS, DEBUG=False)
def test_a_server_error_is_mailed_to_the_admins_without_credentials():
    response = _fail()

    assert response.status_code == 500
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["ops@lodestar.test"]
    assert "ERROR" in sent.subject
    assert "the dataset server went away" in sent.body
    assert not sent.alternatives  # no HTML page with every frame's local variables
    for credential in ("sEcReT-LiNk-123", "hunter2-key", "lsk_abcdef123456"):
        assert credential not in sent.subject
        assert credential not in sent.body


@override_settings(ADMINS=[], DEBUG=False)
def test_without_admins_nothing_is_mailed():
    assert _fail().status_code == 500
    assert mail.outbox == []
