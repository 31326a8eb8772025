"""Log-in lockout (django-axes) and the short-window upload throttle."""

import datetime
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from config.client_ip import client_ip
from labs.models import Submission
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.support import python_in_project

pytestmark = pytest.mark.django_db


def _log_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_repeated_wrong_passwords_lock_the_account_for_that_address(client, settings):
    UserFactory(username="dora")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _log_in(client, "dora", "wrong-guess").status_code == 200

    locked = _log_in(client, "dora", "wrong-guess")
    assert locked.status_code == 429
    assert "Log-in paused" in locked.content.decode()
    assert "15 minutes" in locked.content.decode()
    # Now even the right password is refused until the cool-off ends.
    again = _log_in(client, "dora", DEFAULT_PASSWORD)
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lockout_of_one_username_does_not_block_another(client, settings):
    UserFactory(username="dora")
    UserFactory(username="emil")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _log_in(client, "dora", "wrong-guess")
    response = _log_in(client, "emil", DEFAULT_PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_a_successful_log_in_resets_the_failure_count(client, settings):
    UserFactory(username="dora")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _log_in(client, "dora", "wrong-guess")
    assert _log_in(client, "dora", DEFAULT_PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _log_in(client, "dora", "wrong-guess").status_code == 200


def _log_in_from(client, address, username, password, *, proxy="10.0.0.2", sent_header=""):
    """A log-in through one reverse proxy that appends the address it saw."""
    forwarded = f"{sent_header}, {address}" if sent_header else address
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_behind_a_proxy_a_strangers_failures_do_not_lock_the_student_out(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="dora")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _log_in_from(client, "198.51.100.7", "dora", "wrong-guess")
    assert _log_in_from(client, "198.51.100.7", "dora", DEFAULT_PASSWORD).status_code == 429

    # Dora, at home, through the same proxy: her address, not the proxy's, is checked.
    assert _log_in_from(client, "203.0.113.20", "dora", DEFAULT_PASSWORD).status_code == 302


@pytest.mark.parametrize(
    "forged",
    [
        "192.0.2.{n}",
        '192.0.2.{n}, "',  # a stray quote once hid the proxy's own entry
        '"192.0.2.{n}',
        "192.0.2.{n}, 192.0.2.{n}",
        "not-an-address-{n}",
        "192.0.2.{n};for=192.0.2.99",
    ],
)
def test_behind_a_proxy_a_forged_header_does_not_escape_the_lockout(client, settings, forged):
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="dora")
    for n in range(settings.AXES_FAILURE_LIMIT):
        _log_in_from(client, "198.51.100.7", "dora", "wrong-guess", sent_header=forged.format(n=n))
    last = _log_in_from(
        client, "198.51.100.7", "dora", DEFAULT_PASSWORD, sent_header=forged.format(n=200)
    )
    assert last.status_code == 429


def test_without_trusted_proxies_the_header_is_ignored(client, settings):
    UserFactory(username="dora")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _log_in_from(client, f"192.0.2.{attempt}", "dora", "wrong-guess", proxy="198.51.100.7")
    # Rotating X-Forwarded-For changes nothing: the lockout is on the connecting address.
    locked = _log_in_from(client, "192.0.2.99", "dora", DEFAULT_PASSWORD, proxy="198.51.100.7")
    assert locked.status_code == 429


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.5", "10.0.0.2"),
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "192.0.2.1, 203.0.113.5", "203.0.113.5"),
        (2, "192.0.2.1, 203.0.113.5, 10.0.0.9", "203.0.113.5"),
        (2, "203.0.113.5", "10.0.0.2"),  # fewer entries than proxies: only the connection
        (1, "", "10.0.0.2"),
        (1, "garbage", "10.0.0.2"),
        (1, "2001:db8::1", "2001:db8::1"),
        (1, "203.0.113.5:51234", "203.0.113.5"),
        (1, "[2001:db8::1]:443", "2001:db8::1"),
        (1, "[2001:db8::1]", "2001:db8::1"),
        (1, "::ffff:203.0.113.5", "203.0.113.5"),
        (1, "[2001:db8::1", "10.0.0.2"),
        (1, "203.0.113.5, ", "10.0.0.2"),  # an empty last entry is not an address
    ],
)
def test_the_client_address_is_read_at_the_trusted_position(
    rf, settings, count, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = count
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_trusted_proxy_count_comes_from_the_environment():
    script = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.TRUSTED_PROXY_COUNT, s.AXES_CLIENT_IP_CALLABLE)"
    )
    env = {**os.environ, "TRUSTED_PROXY_COUNT": "2", "DJANGO_SETTINGS_MODULE": "config.settings"}
    assert python_in_project(script, env=env).split() == ["2", "config.client_ip.client_ip"]


def test_lockout_applies_to_the_email_log_in_too(client, settings):
    UserFactory(username="dora", email="dora@example.com")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _log_in(client, "dora@example.com", "wrong-guess")
    assert _log_in(client, "dora@example.com", DEFAULT_PASSWORD).status_code == 429


def test_admin_log_in_is_throttled_as_well(client, settings):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    url = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "root", "password": "nope"})
    response = client.post(url, {"username": "root", "password": DEFAULT_PASSWORD})
    assert response.status_code == 429


def test_force_login_is_unaffected(client):
    user = UserFactory(username="dora")
    client.force_login(user)
    assert client.get(reverse("account")).status_code == 200


# ---------------------------------------------------------------- uploads


@pytest.fixture
def enrolled(db):
    from tests.labs.factories import EnrolmentFactory

    user = UserFactory(username="uma")
    EnrolmentFactory(user=user)
    return user


def _upload(client, lab, content=b"id,prediction\nnope,1\n"):
    upload = SimpleUploadedFile("p.csv", content, content_type="text/csv")
    return client.post(reverse("labs:submit", args=[lab.slug]), {"file": upload})


def test_uploads_beyond_the_per_minute_limit_get_429_with_a_clear_message(
    client, enrolled, settings, django_capture_on_commit_callbacks
):
    from tests.labs.factories import lab_on_builtin

    lab = lab_on_builtin(dataset_slug="wine", slug="throttled", train_reference=False)
    settings.LABS_UPLOADS_PER_MINUTE = 2
    client.force_login(enrolled)
    with django_capture_on_commit_callbacks(execute=False):
        assert _upload(client, lab).status_code == 302
        assert _upload(client, lab).status_code == 302
        refused = _upload(client, lab)
    assert refused.status_code == 429
    assert "You uploaded 2 files in the last minute" in refused.content.decode()
    assert Submission.objects.count() == 2

    # A minute later the student may upload again.
    Submission.objects.update(created_at=timezone.now() - datetime.timedelta(seconds=61))
    with django_capture_on_commit_callbacks(execute=False):
        assert _upload(client, lab).status_code == 302
