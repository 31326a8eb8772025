"""Staff reset someone's two factors in the admin, with a reason, on the record."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from security import twofactor
from security.models import SecondFactorReset

pytestmark = pytest.mark.django_db

USERS = reverse("admin:auth_user_changelist")
RESETS = reverse("admin:security_secondfactorreset_changelist")


@pytest.fixture
def instructor_with_phone(instructor):
    TOTPDevice.objects.create(user=instructor, name="phone")
    twofactor.recovery_codes_replace(user=instructor)
    return instructor


def reset(client, people, *, follow=False, **extra):
    data = {"action": "second_factor_reset", ACTION_CHECKBOX_NAME: [p.pk for p in people]}
    return client.post(USERS, {**data, **extra}, follow=follow)


def test_the_action_asks_for_a_reason_first(client, staff_user, instructor_with_phone):
    client.force_login(staff_user)
    page = reset(client, [instructor_with_phone])
    assert page.status_code == 200
    assert "Reset two-factor authentication" in page.content.decode()
    empty = reset(client, [instructor_with_phone], apply="Reset", reason="  ")
    assert empty.status_code == 200  # the form again, with its error
    assert twofactor.has_second_factor(instructor_with_phone)
    assert not SecondFactorReset.objects.exists()


def test_a_reset_removes_the_devices_and_is_recorded(client, staff_user, instructor_with_phone):
    client.force_login(staff_user)
    response = reset(
        client, [instructor_with_phone], apply="Reset", reason="Lost phone, called her."
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=instructor_with_phone).exists()
    assert not StaticDevice.objects.filter(user=instructor_with_phone).exists()
    record = SecondFactorReset.objects.get()
    assert (record.user, record.reset_by, record.reason, record.devices_removed) == (
        instructor_with_phone,
        staff_user,
        "Lost phone, called her.",
        2,
    )
    listing = client.get(RESETS).content.decode()
    assert "Lost phone, called her." in listing and "ines" in listing


def test_the_record_cannot_be_changed_or_deleted(client, staff_user, instructor_with_phone):
    client.force_login(staff_user)
    reset(client, [instructor_with_phone], apply="Reset", reason="Lost phone.")
    record = SecondFactorReset.objects.get()
    change = reverse("admin:security_secondfactorreset_change", args=[record.pk])
    assert client.post(change, {"reason": "nothing"}).status_code == 403
    delete = reverse("admin:security_secondfactorreset_delete", args=[record.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    record.refresh_from_db()
    assert record.reason == "Lost phone."


def test_nobody_resets_their_own(client, staff_user):
    TOTPDevice.objects.create(user=staff_user, name="phone")
    client.force_login(staff_user)
    response = reset(client, [staff_user], apply="Reset", reason="Mine.", follow=True)
    assert "Ask another staff member" in response.content.decode()
    assert twofactor.has_second_factor(staff_user)


def test_a_reset_ends_the_verified_sessions_of_that_person(
    client, staff_user, instructor_with_phone, cohort
):
    client.force_login(instructor_with_phone)
    gradebook = reverse("labs:gradebook", kwargs={"cohort_id": cohort.pk})
    assert client.get(gradebook).status_code == 200
    twofactor.second_factor_reset(
        user=instructor_with_phone, actor=staff_user, reason="Stolen phone."
    )
    response = client.get(gradebook)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second_factor_setup"))


def test_the_user_list_shows_who_has_two_factors(client, staff_user, instructor_with_phone):
    client.force_login(staff_user)
    response = client.get(USERS)
    rows = {user.username: user.second_factor_on for user in response.context["cl"].result_list}
    assert rows["ines"] is True


def test_device_pages_of_django_otp_are_not_in_the_admin(client, staff_user):
    from django.contrib import admin

    assert not admin.site.is_registered(TOTPDevice)
    assert not admin.site.is_registered(StaticDevice)
