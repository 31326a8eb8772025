"""/account/delete/ meets the second factor and the audit trail: a student who turned two
factors on can still delete her account, her authenticator goes with it, and the trail keeps
what happened without what named her."""

import json

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from security import twofactor
from security.audit import REMOVED_VALUE
from security.models import SecondFactorReset
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

URL = "/account/delete/"


def give_two_factors(user):
    TOTPDevice.objects.create(user=user, name=twofactor.AUTHENTICATOR_NAME, confirmed=True)
    twofactor.recovery_codes_replace(user=user)


def test_a_student_with_two_factors_deletes_her_account_and_her_devices_go(client, classroom):
    alice = classroom.students["alice"]
    give_two_factors(alice)
    give_two_factors(classroom.students["bob"])
    client.force_login(alice)  # past her second factor (tests/conftest.py)

    assert client.get(URL).status_code == 200
    response = client.post(URL, {"password": DEFAULT_PASSWORD})

    assert response["Location"] == "/"
    alice.refresh_from_db()
    assert not alice.is_active
    assert not TOTPDevice.objects.filter(user=alice).exists()
    assert not StaticDevice.objects.filter(user=alice).exists()
    assert not StaticToken.objects.filter(device__user=alice).exists()
    # A classmate's authenticator is hers to keep.
    assert TOTPDevice.objects.filter(user=classroom.students["bob"]).count() == 1


@pytest.mark.second_factor_wall
def test_without_her_second_factor_the_deletion_is_out_of_reach(client, classroom):
    alice = classroom.students["alice"]
    give_two_factors(alice)
    client.force_login(alice)  # the password only (the marker)

    response = client.post(URL, {"password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second_factor_verify"))
    alice.refresh_from_db()
    assert alice.is_active and TOTPDevice.objects.filter(user=alice).exists()


def test_the_audit_trail_keeps_what_happened_but_not_who(client, classroom):
    alice = classroom.students["alice"]
    sam = UserFactory(username="sam", is_staff=True)
    give_two_factors(alice)
    twofactor.second_factor_reset(user=alice, actor=sam, reason="Lost phone.")
    give_two_factors(alice)
    client.force_login(alice)
    client.post(
        reverse("api_token_create"),
        {"name": "laptop", "scope": "read", "lifetime_days": 30},
        REMOTE_ADDR="203.0.113.9",
    )
    about_her = LogEntry.objects.get_for_object(alice).count()
    assert LogEntry.objects.filter(actor=alice, remote_addr="203.0.113.9").exists()
    names = {alice.username, alice.first_name, alice.email}

    client.post(URL, {"password": DEFAULT_PASSWORD}, REMOTE_ADDR="203.0.113.9")

    alice.refresh_from_db()
    assert not alice.is_active
    # The entries stay, one more for the deletion itself...
    assert LogEntry.objects.get_for_object(alice).count() == about_her + 1
    assert LogEntry.objects.get_for_object(alice).first().object_repr == alice.username
    # ...but nothing in the whole trail names her, nor says where she was.
    trail = json.dumps(
        list(LogEntry.objects.values("object_repr", "changes", "actor_email", "remote_addr")),
        default=str,
    ).lower()
    assert not [name for name in names if name and name.lower() in trail]
    assert REMOVED_VALUE in trail
    assert not LogEntry.objects.filter(actor=alice, remote_addr__isnull=False).exists()
    assert SecondFactorReset.objects.get().username == alice.username
