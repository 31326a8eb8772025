"""A real Stripe-compatible server for the tests of tuition: localstripe (the dev extra),
started for the session on a free port, like moto's S3 server in tests/storage/; the
Stripe client's API base points at it. No mocked client objects: every charge, refund and
SetupIntent is an HTTP call to it. Fixtures imported by the conftest.py files that use them
(tests/tuition/, tests/hardening/)."""

import json
import os
import subprocess
import urllib.request

import pytest

from tests.support import free_port, port_answers, venv_command, wait_for
from tuition import stripe_api

# The webhook secret of the tests: events are signed with it.
WEBHOOK_SECRET = "whsec_lodestar_test"


@pytest.fixture(scope="session")
def stripe_server(tmp_path_factory):
    """The base URL of a localstripe server of this session's own."""
    server = venv_command("localstripe")
    if server is None:
        if os.environ.get("LODESTAR_REQUIRE_SERVICES") == "1":
            pytest.fail("localstripe is not installed (the dev extra): no Stripe API to test on")
        pytest.skip("needs localstripe: install the dev extra")
    port = free_port()
    folder = tmp_path_factory.mktemp("localstripe")
    with open(folder / "localstripe.log", "w") as log:
        # --from-scratch: no state from another run (it keeps a pickle in /tmp).
        process = subprocess.Popen(
            [server, "--port", str(port), "--from-scratch"],
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=folder,
        )
    try:
        wait_for(lambda: port_answers(port), timeout=30, what="localstripe to listen")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def stripe_on(settings, stripe_server):
    """Payments on, against the test server."""
    settings.STRIPE_SECRET_KEY = "sk_test_lodestar"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_lodestar"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = stripe_server
    settings.STRIPE_JS_URL = f"{stripe_server}/js.stripe.com/v3/"
    return stripe_api.client()


def webhooks_to(stripe_server: str, url: str) -> None:
    """Have the server send its own signed events to `url` (the browser journey's site)."""
    request = urllib.request.Request(  # noqa: S310 - the local test server
        f"{stripe_server}/_config/webhooks/lodestar",
        data=json.dumps({"url": url, "secret": WEBHOOK_SECRET}).encode(),
        method="POST",
    )
    urllib.request.urlopen(request, timeout=10).close()  # noqa: S310
