"""No credential reaches a log: not an API token in an Authorization header of any scheme,
valid or not, with DEBUG on or off, in the plain or the JSON format, nor when a request
raises. The requests run in a fresh process with the project's own logging, and every
byte it writes is read."""

import logging
import os
import runpy
import subprocess
import sys

import pytest
from django.test import RequestFactory
from django.views.debug import ExceptionReporter

from api import services as token_services
from config.logging import RedactCredentials, redact
from tests.factories import UserFactory
from tests.support import ROOT, database_url

# The child process: the project's settings and logging as a server has them, Django's
# test client, and each kind of request; it prints nothing itself, so what it writes is
# the logs' output and nothing else.
REQUESTS = r"""
import os
from unittest import mock

import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()

valid, invalid = os.environ["TEST_VALID_SECRET"], os.environ["TEST_INVALID_SECRET"]
client = Client(raise_request_exception=False)
for secret in (valid, invalid):
    for scheme in ("Bearer", "Token", "bearer", "Basic"):
        header = {"Authorization": f"{scheme} {secret}"}
        client.get("/api/v1/me", headers=header)
        client.get("/api/v1/submissions", {"limit": "abc"}, headers=header)
        client.post("/api/v1/labs/no-such-lab/submissions", headers=header)
        client.get("/no-such-page/", {"token": secret}, headers=header)
    client.get("/api/v1/me", {"token": secret})
    client.get("/labs/", headers={"Cookie": f"sessionid={secret}"})
    # Requests that raise, with the header in the exception's text as a careless library
    # might put it: in the API (its own error handler) and on a page (Django's).
    header = {"Authorization": f"Bearer {secret}"}
    failure = RuntimeError(f"could not use {header}")
    with mock.patch("api.routers.account.domain.student_cohort", side_effect=failure):
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {valid}"})
    with mock.patch("careers.views.selectors.role_list", side_effect=failure):
        client.get("/", headers=header)
"""


@pytest.fixture
def secrets(transactional_db):
    """A valid token of an active user, and one that looks valid but is not."""
    valid = token_services.token_create(user=UserFactory(), name="laptop").secret
    return valid, "lsk_" + "NotARealOne-" * 4


def run_requests(secrets, *, debug: bool, log_format: str) -> str:
    valid, invalid = secrets
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url(),
        "DJANGO_DEBUG": "1" if debug else "0",
        "LOG_FORMAT": log_format,
        "LOG_LEVEL": "DEBUG",
        "TEST_VALID_SECRET": valid,
        "TEST_INVALID_SECRET": invalid,
    }
    result = subprocess.run(
        [sys.executable, "-c", REQUESTS],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout
    return result.stdout


@pytest.mark.parametrize("log_format", ["plain", "json"])
@pytest.mark.parametrize("debug", [True, False], ids=["debug", "no-debug"])
def test_no_log_line_holds_a_token(secrets, debug, log_format):
    output = run_requests(secrets, debug=debug, log_format=log_format)
    # The logs did speak: the refusals, the bad parameter, the failures and their traces.
    for expected in (
        "Unauthorized: /api/v1/me",
        "Bad Request: /api/v1/submissions",
        "Not Found: /no-such-page/",
        "API error on GET /api/v1/me",
        "Internal Server Error: /",
        "RuntimeError: could not use",
    ):
        assert expected in output, f"{expected!r} not logged:\n{output[-3000:]}"
    if log_format == "json":
        assert '"logger": "django.request"' in output
    for secret in secrets:
        # Nor any long piece of one (a token cut at a quote or a line end still leaks).
        pieces = {secret[start : start + 12] for start in range(4, len(secret) - 12)}
        leaked = [piece for piece in pieces if piece in output]
        assert not leaked, f"a token reached the log:\n{output}"


def test_the_error_report_hides_the_authorization_header_and_cookies(settings):
    """What Django puts in a 500's report (the debug page, mails to ADMINS) leaves out the
    header's value, whichever scheme it uses."""
    settings.DEBUG = False
    request = RequestFactory().get(
        "/api/v1/me",
        headers={"Authorization": "Token lsk_secretvalue123", "Cookie": "sessionid=abc123def"},
    )
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        report = ExceptionReporter(request, *sys.exc_info()).get_traceback_text()
    assert "HTTP_AUTHORIZATION" in report
    assert "lsk_secretvalue123" not in report
    assert "abc123def" not in report


@pytest.mark.parametrize(
    ("line", "clean"),
    [
        ("Unexpected auth - 'Token lsk_abcDEF123-_x'", "Unexpected auth - 'Token [redacted]'"),
        ("Authorization: Bearer a.b.c", "Authorization: Bearer [redacted]"),
        ("{'HTTP_COOKIE': 'sessionid=abc; csrftoken=def'}", "{'HTTP_COOKIE': '[redacted]'}"),
        (
            "<WSGIRequest: GET '/a?token=x1&limit=3'>",
            "<WSGIRequest: GET '/a?token=[redacted]&limit=3'>",
        ),
        ("Not Found: /offers/eyJvIjo1fQ:1tXyZa:AbC/", "Not Found: /offers/[redacted]/"),
        (
            "GET /email/confirm/eyJ1IjoxfQ:1t:Zz/ HTTP/1.1",
            "GET /email/confirm/[redacted]/ HTTP/1.1",
        ),
        ("auth: Basic dXNlcjpwYXNz", "auth: Basic [redacted]"),
        ("DIGEST username=ab", "DIGEST [redacted]"),
        ("header Token abcdefgh12", "header Token [redacted]"),
        ("cookie= x1", "cookie= [redacted]"),
        ("GET /a?API_KEY=k9&x=1", "GET /a?API_KEY=[redacted]&x=1"),
        ("client_secret=s3cr3t;", "client_secret=[redacted];"),
        ("/password-reset/MQ/set-password/ ok", "/password-reset/MQ/[redacted]/ ok"),
        ("The token “laptop” is revoked", "The token “laptop” is revoked"),
        ("graded submission=5 outcome=graded", "graded submission=5 outcome=graded"),
    ],
)
def test_redact_takes_out_credentials_and_leaves_the_rest(line, clean):
    assert redact(line) == clean


def test_gunicorn_lines_are_scrubbed_too(caplog):
    """gunicorn's access log writes the request line, query string included."""
    config = runpy.run_path(str(ROOT / "config" / "gunicorn.conf.py"))
    loggers = [logging.getLogger(name) for name in ("gunicorn.access", "gunicorn.error")]
    before = [list(logger.filters) for logger in loggers]
    try:
        config["on_starting"](None)
        with caplog.at_level(logging.INFO, logger="gunicorn.access"):
            loggers[0].info(
                "%(r)s %(s)s", {"r": "GET /api/v1/me?token=lsk_abc HTTP/1.1", "s": "401"}
            )
        assert caplog.messages == ["GET /api/v1/me?token=[redacted] HTTP/1.1 401"]
        assert any(isinstance(f, RedactCredentials) for f in loggers[1].filters)
    finally:
        for logger, filters in zip(loggers, before, strict=True):
            logger.filters[:] = filters
