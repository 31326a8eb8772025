"""Log in (email in any case, or a username), log out and password reset."""

import pytest
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dana(db):
    return UserFactory(username="dana@example.com", email="dana@example.com")


def test_login_with_email_in_any_case(client, dana):
    response = client.post(
        reverse("login"), {"username": "DANA@example.com", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("account")


def test_login_with_a_username_whose_email_differs(client, alice):
    response = client.post(
        reverse("login"), {"username": "alice@example.com", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    response = client.post(reverse("login"), {"username": "alice", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302


def test_wrong_password_is_refused(client, dana):
    response = client.post(reverse("login"), {"username": "dana@example.com", "password": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_logout_is_a_post(client, dana):
    client.force_login(dana)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_login_page_extends_the_site_layout(client):
    content = client.get(reverse("login")).content.decode()
    assert "Lodestar" in content and reverse("password_reset") in content


def test_password_reset_sends_a_working_link(client, dana, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "dana@example.com"})
    assert response.url == reverse("password_reset_done")
    assert len(mailoutbox) == 1
    link = next(line for line in mailoutbox[0].body.splitlines() if "/password-reset/" in line)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    assert response.context["validlink"]
    new_password = "a-brand-new-passphrase-7"
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert response.url == reverse("password_reset_complete")
    dana.refresh_from_db()
    assert dana.check_password(new_password)


def test_password_change_requires_login_and_works(client, dana):
    assert client.get(reverse("password_change")).status_code == 302
    client.force_login(dana)
    new_password = "another-fine-passphrase-3"
    response = client.post(
        reverse("password_change"),
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": new_password,
            "new_password2": new_password,
        },
    )
    assert response.url == reverse("password_change_done")
    dana.refresh_from_db()
    assert dana.check_password(new_password)
