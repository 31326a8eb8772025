"""The second-factor wall over every route of the authorization matrix, and the one
action without a URL of its own (resetting someone's two factors)."""

from urllib.parse import quote

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from labs.models import Submission
from reviews.models import Announcement
from security.models import SecondFactorReset
from tests.hardening.matrix.probes import ADMIN_LOGIN, MISSING, PERSONAS
from tests.hardening.matrix.runner import admin_object_id, check_status, client_for
from tests.hardening.matrix.table import probes_for, walk

pytestmark = pytest.mark.django_db

# What a password-only session of staff or an instructor may still open (security/middleware.py).
OPEN_TO_PASSWORD_ONLY = {
    "login",
    "logout",
    "admin:logout",
    "second_factor_setup",
    "second_factor_verify",
}


@pytest.mark.second_factor_wall
@pytest.mark.parametrize("admin_routes", [False, True], ids=["site", "admin"])
def test_second_factor_wall_covers_every_route(client, matrix_world, admin_routes):
    """Every route, asked by staff (no authenticator yet: sent to set one up) and by the
    cohort's instructor (an authenticator, not used in this session: sent to verify) with
    a password-only session, answers with a redirect to the second factor and nothing
    else, so the gradebook, the viewer, announcements, extensions, overrides and the
    admin are out of reach. The API takes tokens, never the session (tested in tests/api/)."""
    TOTPDevice.objects.create(user=matrix_world.users["instructor"], name="ivan's phone")
    expected = {
        "staff": reverse("second_factor_setup"),
        "instructor": reverse("second_factor_verify"),
    }
    wrong, asked = [], 0
    for _, name, _ in walk():
        if name is None or name.startswith("admin:") != admin_routes:
            continue
        if name in OPEN_TO_PASSWORD_ONLY:
            continue
        for item in probes_for(name) or []:
            if item.auth == "token":
                continue
            if matrix_world.code_lab is None and "code_lab" in item.kwargs.__code__.co_names:
                continue
            kwargs = item.kwargs(matrix_world)
            if kwargs.get("object_id") == "EXISTING":
                kwargs["object_id"] = admin_object_id(matrix_world, name) or str(MISSING)
            url = reverse(name, kwargs=kwargs)
            if url.startswith("/api/") or url.startswith("/health/"):
                continue
            for persona, target in expected.items():
                client.logout()
                client.force_login(matrix_world.users[persona])
                call = client.post if item.method == "POST" else client.get
                data = item.data_fn(matrix_world) if item.data_fn else item.data
                response = call(url, data)
                asked += 1
                location = response.get("Location", "")
                if response.status_code != 302 or not location.startswith(target):
                    wrong.append(
                        f"{item.method} {url} ({name}) as {persona}: got "
                        f"{response.status_code} {location}, expected a redirect to {target}"
                    )
    assert wrong == [], "\n".join(["", *wrong])
    assert asked > (100 if not admin_routes else 300)
    # Nothing was written on the way: no probe got past the wall.
    assert Submission.objects.count() == 2
    assert not Announcement.objects.exists()


@pytest.mark.second_factor_wall
def test_a_wall_redirect_comes_back_to_the_page_asked_for(client, matrix_world):
    client.force_login(matrix_world.users["staff"])
    gradebook = reverse("labs:gradebook", kwargs={"cohort_id": matrix_world.cohort.pk})
    response = client.get(gradebook, {"student": "anna"})
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("second_factor_setup") + "?next=" + quote(f"{gradebook}?student=anna", safe="")
    )


def test_only_staff_reset_someones_two_factors(client, matrix_world):
    """The reset is an action on the admin's users list (no URL of its own): asked by every
    persona, only staff get it done, and each reset is on the record."""
    target = matrix_world.users["instructor"]
    TOTPDevice.objects.create(user=target, name="ivan's phone")
    data = {
        "action": "second_factor_reset",
        ACTION_CHECKBOX_NAME: [target.pk],
        "apply": "Reset",
        "reason": "Matrix.",
    }
    for persona in PERSONAS:
        before = SecondFactorReset.objects.count()  # each persona's own (staff is not last)
        client.logout()
        client_for(client, matrix_world, persona)
        response = client.post(reverse("admin:auth_user_changelist"), data)
        expected = 302 if persona == "staff" else ADMIN_LOGIN
        assert check_status(response, expected), (persona, response.status_code)
        done = SecondFactorReset.objects.count() - before
        assert done == (1 if persona == "staff" else 0), persona
    assert not TOTPDevice.objects.filter(user=target, name="ivan's phone").exists()
