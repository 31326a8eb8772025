"""The account page's tokens: create (the secret shown once), list, revoke."""

import pytest

from api.models import ApiToken
from api.services import token_create

pytestmark = pytest.mark.django_db


def test_account_page_lists_my_active_tokens_only(client, alice, bob):
    token_create(user=alice, name="laptop")
    token_create(user=bob, name="bobs-colab")
    client.force_login(alice)
    page = client.get("/account/").content.decode()
    assert "laptop" in page
    assert "bobs-colab" not in page


def test_creating_shows_the_secret_once_and_stores_its_hash(client, alice):
    client.force_login(alice)
    response = client.post("/account/tokens/", {"name": "laptop"})
    assert response.status_code == 201
    assert "no-store" in response["Cache-Control"]
    secret = response.context["created"].secret
    assert secret in response.content.decode()
    assert secret not in client.get("/account/").content.decode()
    assert ApiToken.objects.get().name == "laptop"


def test_a_duplicate_or_empty_name_is_refused_with_a_message(client, alice):
    client.force_login(alice)
    client.post("/account/tokens/", {"name": "laptop"})
    for name in ("laptop", "  "):
        response = client.post("/account/tokens/", {"name": name}, follow=True)
        assert response.status_code == 200
        assert list(response.context["messages"])
    assert ApiToken.objects.count() == 1


def test_revoking_stops_the_token_and_hides_it(client, alice):
    created = token_create(user=alice, name="laptop")
    client.force_login(alice)
    response = client.post(f"/account/tokens/{created.token.pk}/revoke/")
    assert response.status_code == 302
    created.token.refresh_from_db()
    assert created.token.revoked_at is not None
    headers = {"Authorization": f"Bearer {created.secret}"}
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_bob_cannot_revoke_alices_token(client, alice, bob):
    created = token_create(user=alice, name="laptop")
    client.force_login(bob)
    assert client.post(f"/account/tokens/{created.token.pk}/revoke/").status_code == 404
    created.token.refresh_from_db()
    assert created.token.revoked_at is None


def test_a_revoked_name_can_be_used_again(alice):
    from api.services import token_revoke

    first = token_create(user=alice, name="laptop")
    token_revoke(token=first.token)
    assert token_create(user=alice, name="laptop").token.pk != first.token.pk


def test_staff_revoke_a_token_in_the_admin_and_never_see_its_hash(client, staff_user, alice):
    created = token_create(user=alice, name="leaked")
    client.force_login(staff_user)
    page = client.get(f"/admin/api/apitoken/{created.token.pk}/change/").content.decode()
    assert created.token.key_hash not in page
    response = client.post(
        "/admin/api/apitoken/",
        {"action": "revoke", "_selected_action": [created.token.pk]},
    )
    assert response.status_code == 302
    created.token.refresh_from_db()
    assert created.token.revoked_at is not None


@pytest.mark.parametrize("name", ["lap\x00top", "\u200b", "a\x1b[31m", "\u202eevil"])
def test_token_names_with_control_or_invisible_characters_are_refused(alice, name):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        token_create(user=alice, name=name)


def test_revoking_an_id_beyond_any_table_is_404(client, alice):
    client.force_login(alice)
    assert client.post(f"/account/tokens/{2**63}/revoke/").status_code == 404
