"""What a token may do (read only, or read and submit) and for how long (30, 90 or 365 days)."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from api import services
from api.models import ApiToken
from labs.models import Submission
from tests.api.conftest import TokenClient

pytestmark = pytest.mark.django_db

ME = "/api/v1/me"


def submit(api, lab, content):
    upload = SimpleUploadedFile("predictions.csv", content, content_type="text/csv")
    return api.post(f"/api/v1/labs/{lab.slug}/submissions", {"file": upload})


def token_client(client, user, **options) -> TokenClient:
    return TokenClient(client, services.token_create(user=user, name="laptop", **options).secret)


# ----------------------------------------------------------------- scope


def test_a_read_only_token_refused_on_submit(
    client, enrolled_alice, wine_lab_week3, wine_week3_predictions
):
    api = token_client(client, enrolled_alice, scope=ApiToken.Scope.READ)
    response = submit(api, wine_lab_week3, wine_week3_predictions)
    assert response.status_code == 403
    body = response.json()
    assert set(body) == {"detail", "code", "problems"}
    assert body["code"] == "token_read_only"
    assert "read only" in body["detail"]
    assert "Read and submit" in body["detail"]
    assert not Submission.objects.exists()


def test_a_read_only_token_still_reads(client, enrolled_alice, wine_lab_week3):
    api = token_client(client, enrolled_alice, scope=ApiToken.Scope.READ)
    assert api.get(ME).status_code == 200
    assert api.get(f"/api/v1/labs/{wine_lab_week3.slug}").status_code == 200
    assert api.get("/api/v1/submissions").status_code == 200


def test_a_read_and_submit_token_submits(
    client, enrolled_alice, wine_lab_week3, wine_week3_predictions
):
    api = token_client(client, enrolled_alice, scope=ApiToken.Scope.READ_SUBMIT)
    assert submit(api, wine_lab_week3, wine_week3_predictions).status_code == 201
    assert Submission.objects.get().student == enrolled_alice


def test_an_unknown_scope_is_refused(alice):
    with pytest.raises(ValidationError) as refused:
        services.token_create(user=alice, name="laptop", scope="admin")
    assert "read only, or read and submit" in " ".join(refused.value.messages)


# ----------------------------------------------------------------- expiry


def test_a_new_token_lasts_ninety_days_by_default(alice):
    now = timezone.now()
    token = services.token_create(user=alice, name="laptop", now=now).token
    assert token.expires_at == now + datetime.timedelta(days=90)


@pytest.mark.parametrize("days", [30, 90, 365])
def test_a_token_works_until_its_expiry_and_is_refused_after(client, alice, days):
    start = timezone.now()
    api = token_client(client, alice, lifetime_days=days)
    expiry = start + datetime.timedelta(days=days)
    for moment in (start, expiry - datetime.timedelta(minutes=5)):
        with time_machine.travel(moment, tick=False):
            assert api.get(ME).status_code == 200
    with time_machine.travel(expiry + datetime.timedelta(seconds=1), tick=False):
        response = api.get(ME)
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "token_expired"
    assert "expired on" in body["detail"]
    assert "account page" in body["detail"]
    assert "invalid_token" in response["WWW-Authenticate"]


def test_an_expired_token_is_refused_on_submit(
    client, enrolled_alice, wine_lab_week3, wine_week3_predictions
):
    api = token_client(client, enrolled_alice, lifetime_days=30)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31), tick=False):
        response = submit(api, wine_lab_week3, wine_week3_predictions)
    assert response.status_code == 401
    assert response.json()["code"] == "token_expired"
    assert not Submission.objects.exists()


def test_an_expired_token_records_no_use(client, alice):
    api = token_client(client, alice, lifetime_days=30)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31), tick=False):
        api.get(ME)
    assert ApiToken.objects.get().last_used_at is None


@pytest.mark.parametrize("days", [0, 7, 3650])
def test_a_lifetime_not_offered_is_refused(alice, days):
    with pytest.raises(ValidationError) as refused:
        services.token_create(user=alice, name="laptop", lifetime_days=days)
    assert "30, 90, 365 days" in " ".join(refused.value.messages)


# ----------------------------------------------------------------- the account page


def test_the_form_creates_a_read_only_token_for_thirty_days(client, alice):
    client.force_login(alice)
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        response = client.post(
            "/account/tokens/", {"name": "colab", "scope": "read", "lifetime_days": "30"}
        )
    assert response.status_code == 201
    token = ApiToken.objects.get()
    assert token.scope == ApiToken.Scope.READ
    assert token.expires_at == now + datetime.timedelta(days=30)


def test_the_form_offers_the_choices_with_read_and_submit_for_ninety_days_chosen(client, alice):
    client.force_login(alice)
    page = client.get("/account/").content.decode()
    assert 'value="read_submit" checked' in page
    assert 'value="read"' in page
    for days in (30, 90, 365):
        assert f'<option value="{days}"' in page
    assert '<option value="90" selected>' in page


def test_the_form_refuses_a_lifetime_it_does_not_offer(client, alice):
    client.force_login(alice)
    response = client.post(
        "/account/tokens/", {"name": "colab", "scope": "read", "lifetime_days": "9999"}, follow=True
    )
    messages = [str(message) for message in response.context["messages"]]
    assert any(message.startswith("It expires after:") for message in messages)
    assert not ApiToken.objects.exists()


def test_the_token_table_shows_scope_and_expiry_and_marks_an_expired_one(client, alice):
    forty_days_ago = timezone.now() - datetime.timedelta(days=40)
    services.token_create(
        user=alice, name="reader", scope="read", lifetime_days=30, now=forty_days_ago
    )
    services.token_create(user=alice, name="submitter", lifetime_days=365, now=forty_days_ago)
    client.force_login(alice)
    page = client.get("/account/").content.decode()
    assert 'data-scope="read"' in page and 'data-scope="read_submit"' in page
    assert "Read only" in page and "Read and submit" in page
    assert page.count("Expired</span>") == 1
