"""The demo's staff and instructor log in with a code the demo prints, in DEBUG only."""

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from security import demo, twofactor
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_people(db):
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    instructor = UserFactory(username="instructor")
    return admin, instructor


def test_seeding_gives_the_demo_reviewers_an_authenticator_once(demo_people):
    assert demo.seed_second_factor_demo() == ["admin", "instructor"]
    keys = set(TOTPDevice.objects.values_list("key", flat=True))
    assert len(keys) == 2
    demo.seed_second_factor_demo()
    assert set(TOTPDevice.objects.values_list("key", flat=True)) == keys


def test_the_command_prints_the_code_the_device_accepts(demo_people, settings, capsys):
    settings.DEBUG = True
    demo.seed_second_factor_demo()
    call_command("demo_totp_code", "admin")
    code = capsys.readouterr().out.strip()
    result = twofactor.code_verify(user=demo_people[0], code=code)
    assert result.device is not None, result.problem


def test_the_command_refuses_without_debug(demo_people, settings):
    settings.DEBUG = False
    demo.seed_second_factor_demo()
    with pytest.raises(CommandError, match="only with DEBUG on"):
        call_command("demo_totp_code", "admin")


def test_the_command_refuses_other_accounts(demo_people, settings):
    settings.DEBUG = True
    sam = UserFactory(username="sam", is_staff=True)
    TOTPDevice.objects.create(user=sam, name=twofactor.DEMO_DEVICE_NAME)
    with pytest.raises(CommandError, match="not a demo account"):
        call_command("demo_totp_code", "sam")


def test_the_command_never_shows_a_device_set_up_by_hand(demo_people, settings):
    settings.DEBUG = True
    TOTPDevice.objects.create(user=demo_people[0], name=twofactor.AUTHENTICATOR_NAME)
    with pytest.raises(CommandError, match="no demo authenticator"):
        call_command("demo_totp_code", "admin")


def test_seed_demo_prints_how_to_get_the_codes(demo_people, capsys, monkeypatch):
    from demo.management.commands import seed_demo

    monkeypatch.setattr(seed_demo, "seed_enrolment_demo", lambda seed: [])
    monkeypatch.setattr(seed_demo, "seed_labs_demo", lambda seed: [])
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "manage.py demo_totp_code admin" in out
    assert "manage.py demo_totp_code instructor" in out
