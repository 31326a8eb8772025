"""The second factor through the log-in: set up, verify, recovery codes, turning it off.

Every test logs in with the password (the log-in form), as a person does: never with
force_login, which tests/conftest.py makes pass the second factor.
"""

import time

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from security import twofactor
from tests.factories import DEFAULT_PASSWORD
from tests.support import authenticator_code, code_for_secret

pytestmark = pytest.mark.django_db

SETUP = reverse("second_factor_setup")
VERIFY = reverse("second_factor_verify")
ADMIN = reverse("admin:index")


def log_in(client, username, next_url=""):
    data = {"username": username, "password": DEFAULT_PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data)


def set_up(client, next_url=ADMIN):
    """Open the setup page, add its secret to a 'phone', confirm; return the codes page."""
    page = client.get(SETUP, {"next": next_url})
    assert page.status_code == 200
    return client.post(SETUP, {"code": code_for_secret(page.context["secret"]), "next": next_url})


def test_staff_are_sent_to_set_up_an_authenticator_after_the_password(client, staff_user):
    response = log_in(client, "sam", ADMIN)
    assert response["Location"] == ADMIN
    response = client.get(ADMIN)
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fadmin%2F"


def test_setting_up_shows_the_secret_as_text_uri_and_qr_code(client, staff_user):
    log_in(client, "sam")
    page = client.get(SETUP)
    secret = page.context["secret"]
    assert len(secret) == 32  # 20 bytes in base32
    uri = page.context["otpauth_uri"]
    assert uri.startswith("otpauth://totp/Lodestar%3Asam?secret=" + secret)
    assert "issuer=Lodestar" in uri
    assert page.context["qr_code"].startswith("data:image/svg+xml;base64,")
    # Opening the page writes nothing; reloading it keeps the same secret.
    assert not TOTPDevice.objects.exists()
    assert client.get(SETUP).context["secret"] == secret


def test_a_confirmed_authenticator_gives_ten_recovery_codes_and_opens_the_admin(client, staff_user):
    log_in(client, "sam", ADMIN)
    response = set_up(client)
    assert response.status_code == 201
    codes = response.context["codes"]
    assert len(codes) == len(set(codes)) == 10
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(codes)
    assert TOTPDevice.objects.get(user=staff_user).confirmed
    assert client.get(ADMIN).status_code == 200


def test_a_wrong_setup_code_is_refused_and_saves_nothing(client, staff_user):
    log_in(client, "sam")
    client.get(SETUP)
    response = client.post(SETUP, {"code": "12 34"})
    assert response.status_code == 400
    assert "Type the 6 digits" in response.content.decode()
    assert not TOTPDevice.objects.exists()
    assert client.get(ADMIN).status_code == 302


def test_the_next_log_in_asks_for_a_code_and_a_recovery_code_works_once(client, staff_user):
    log_in(client, "sam", ADMIN)
    codes = set_up(client).context["codes"]
    client.post(reverse("logout"))

    log_in(client, "sam", ADMIN)
    response = client.get(ADMIN)
    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    response = client.post(VERIFY, {"code": codes[0].upper(), "next": ADMIN})
    assert response["Location"] == ADMIN
    assert client.get(ADMIN).status_code == 200
    client.post(reverse("logout"))

    log_in(client, "sam", ADMIN)
    response = client.post(VERIFY, {"code": codes[0], "next": ADMIN})
    assert response.status_code == 400
    assert "used already" in response.content.decode()
    assert client.get(ADMIN).status_code == 302
    assert twofactor.recovery_codes_left(staff_user) == 9


def test_the_authenticator_code_verifies_and_cannot_be_replayed(client, staff_user):
    log_in(client, "sam")
    set_up(client)
    client.post(reverse("logout"))
    log_in(client, "sam")
    code = authenticator_code("sam")
    assert client.post(VERIFY, {"code": code})["Location"] == reverse("account")
    client.post(reverse("logout"))
    log_in(client, "sam")
    response = client.post(VERIFY, {"code": code})
    assert response.status_code == 400


def test_wrong_codes_are_slowed_down(client, staff_user):
    log_in(client, "sam")
    set_up(client)
    client.post(reverse("logout"))
    log_in(client, "sam")
    client.post(VERIFY, {"code": "000000" if authenticator_code("sam") != "000000" else "111111"})
    response = client.post(VERIFY, {"code": authenticator_code("sam")})
    assert response.status_code == 400
    assert "Too many wrong codes: wait" in response.content.decode()


def test_a_session_that_passed_the_password_only_cannot_replace_the_authenticator(
    client, staff_user
):
    log_in(client, "sam")
    set_up(client)
    client.post(reverse("logout"))
    log_in(client, "sam")
    response = client.get(SETUP)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    response = client.post(SETUP, {"code": "123456"})
    assert response["Location"].startswith(VERIFY)


def test_instructors_need_the_second_factor_for_the_gradebook(client, instructor, cohort):
    gradebook = reverse("labs:gradebook", kwargs={"cohort_id": cohort.pk})
    log_in(client, "ines")
    assert client.get(gradebook)["Location"].startswith(SETUP)
    set_up(client, next_url=gradebook)
    assert client.get(gradebook).status_code == 200


def test_students_are_not_asked_unless_they_turn_it_on(client, enrolled_alice):
    log_in(client, "alice")
    assert client.get(reverse("labs:dashboard")).status_code == 200
    assert "Turn on" in client.get(reverse("account")).content.decode()

    set_up(client, next_url=reverse("account"))
    client.post(reverse("logout"))
    log_in(client, "alice")
    assert client.get(reverse("labs:dashboard"))["Location"].startswith(VERIFY)
    client.post(VERIFY, {"code": authenticator_code("alice")})
    response = client.post(reverse("second_factor_turn_off"))
    assert response["Location"] == reverse("account")
    assert not twofactor.has_second_factor(enrolled_alice)


def test_staff_and_instructors_cannot_turn_it_off(client, instructor):
    log_in(client, "ines")
    set_up(client)
    response = client.post(reverse("second_factor_turn_off"), follow=True)
    assert "Staff and instructors must use two factors" in response.content.decode()
    assert twofactor.has_second_factor(instructor)


def test_new_recovery_codes_replace_the_old_ones(client, staff_user):
    log_in(client, "sam")
    old = set(set_up(client).context["codes"])
    response = client.post(reverse("second_factor_recovery_codes"))
    new = set(response.context["codes"])
    assert len(new) == 10 and not old & new
    assert set(StaticToken.objects.values_list("token", flat=True)) == new


def test_new_codes_keep_a_session_verified_with_a_recovery_code(client, staff_user):
    log_in(client, "sam")
    codes = set_up(client).context["codes"]
    client.post(reverse("logout"))
    log_in(client, "sam")
    client.post(VERIFY, {"code": codes[3]})
    assert client.post(reverse("second_factor_recovery_codes")).status_code == 200
    assert client.get(ADMIN).status_code == 200


def test_the_account_page_says_how_many_recovery_codes_are_left(client, staff_user):
    log_in(client, "sam")
    set_up(client)
    panel = client.get(reverse("account")).content.decode()
    assert 'data-testid="recovery-codes-left">10<' in panel
    assert "Turn off" not in panel  # staff cannot


def test_verify_goes_only_to_addresses_of_this_site(client, staff_user):
    log_in(client, "sam")
    set_up(client)
    client.post(reverse("logout"))
    log_in(client, "sam")
    response = client.post(
        VERIFY, {"code": authenticator_code("sam"), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("account")
    # Verified: the page sends on at once, and a bare word is not taken for a view name.
    for wanted in ("//evil.example/x", "account", "18446744073709551616"):
        assert client.get(VERIFY, {"next": wanted})["Location"] == reverse("account")


def test_verifying_gives_the_session_a_new_key(client, staff_user):
    log_in(client, "sam")
    set_up(client)
    client.post(reverse("logout"))
    log_in(client, "sam")
    before = client.cookies["sessionid"].value
    client.post(VERIFY, {"code": authenticator_code("sam")})
    assert client.cookies["sessionid"].value != before


def test_htmx_requests_are_told_where_to_go(client, instructor, cohort):
    log_in(client, "ines")
    response = client.get(reverse("labs:gradebook_index"), headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(SETUP)


def test_a_code_typed_with_spaces_is_accepted(client, staff_user):
    log_in(client, "sam")
    page = client.get(SETUP)
    code = code_for_secret(page.context["secret"], at=time.time())
    response = client.post(SETUP, {"code": f"{code[:3]} {code[3:]}"})
    assert response.status_code == 201
