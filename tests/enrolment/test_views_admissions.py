"""The sign-up form's program/cohort pair, the interest list, email links and offer pages."""

import re

import pytest
from django.urls import reverse

from enrolment import links
from enrolment.models import Enrolment, Interest, Offer
from enrolment.services import applications, changes
from tests.enrolment.factories import CohortFactory, application_data

pytestmark = pytest.mark.django_db


def form_data(program, cohort=None, **overrides):
    data = application_data(email="new@example.com")
    data.update(
        password1=data.pop("password"),
        password2="a-long-enough-passphrase",
        program=program.pk,
        cohort=cohort.pk if cohort else "",
        consent="on",
    )
    data.update(overrides)
    return data


def test_the_form_lists_only_the_chosen_programs_cohorts(client, intensive, flexible):
    mine = CohortFactory(program=intensive, name="Intensive Autumn")
    CohortFactory(program=flexible, name="Flexible Autumn")
    page = client.get(reverse("signup"), {"program": "intensive"}).content.decode()
    assert "Intensive Autumn" in page and "Flexible Autumn" not in page
    fragment = client.get(reverse("signup_cohorts"), {"program": flexible.pk}).content.decode()
    assert "Flexible Autumn" in fragment and "Intensive Autumn" not in fragment
    assert 'id="div_id_cohort"' in fragment
    assert f'value="{mine.pk}"' not in fragment


def test_a_program_without_an_open_cohort_offers_its_interest_list(client, intensive):
    page = client.get(reverse("signup"), {"program": "intensive"}).content.decode()
    assert "Join the Intensive interest list" in page


def test_signing_up_with_no_open_cohort_joins_the_interest_list(
    client, intensive, eager_celery, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("signup"), form_data(intensive))
    assert response.status_code == 302
    interest = Interest.objects.get()
    assert interest.program == intensive
    page = client.get(reverse("signup_done")).content.decode()
    assert "You are on the Intensive interest list" in page
    assert "interest list" in mailoutbox[0].subject
    assert "/email/confirm/" in mailoutbox[0].body


def test_after_an_error_everything_but_the_passwords_is_kept_and_it_says_so(client, intensive):
    cohort = CohortFactory(program=intensive)
    response = client.post(
        reverse("signup"), form_data(intensive, cohort, password2="something-else-entirely")
    )
    page = response.content.decode()
    assert "except the two passwords" in page
    assert 'value="Carla Reyes"' in page and 'value="new@example.com"' in page
    assert "a-long-enough-passphrase" not in page


def test_the_confirmation_link_confirms_and_an_expired_one_explains(client, intensive, settings):
    enrolment = applications.application_submit(
        program=intensive, cohort=CohortFactory(program=intensive), **application_data()
    )
    url = reverse("email_confirm", kwargs={"token": links.confirm_token(user=enrolment.user)})
    settings.ENROLMENT_CONFIRM_WITHIN_HOURS = 0
    response = client.get(url)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    settings.ENROLMENT_CONFIRM_WITHIN_HOURS = 48
    client.force_login(enrolment.user)
    assert client.get(url)["Location"] == reverse("account")
    assert Enrolment.objects.get(pk=enrolment.pk).seat_held_until is None


def test_the_account_page_resends_the_link(
    client, intensive, eager_celery, mailoutbox, django_capture_on_commit_callbacks
):
    enrolment = applications.application_submit(
        program=intensive, cohort=CohortFactory(program=intensive), **application_data()
    )
    client.force_login(enrolment.user)
    assert "Send me a new link" in client.get(reverse("account")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("email_confirm_resend"))
    assert mailoutbox[-1].subject == "Confirm your email address for Lodestar"
    assert re.search(r"/email/confirm/[^/\s]+/", mailoutbox[-1].body)


def test_the_offer_page_accepts_with_a_post_only(client, intensive, staff_user):
    cohort = CohortFactory(program=intensive, capacity=1)
    seated, waiting = (
        applications.application_submit(
            program=intensive, cohort=cohort, **application_data(email=f"{n}@example.com")
        )
        for n in ("a", "b")
    )
    changes.enrolment_withdraw(enrolment=seated, actor=staff_user)
    offer = Offer.objects.get(enrolment=waiting)
    url = reverse("offer", kwargs={"token": links.offer_token(offer=offer)})
    assert "Accept the seat" in client.get(url).content.decode()
    assert Enrolment.objects.get(pk=waiting.pk).status == Enrolment.Status.OFFERED
    client.post(url, {"answer": "accept"})
    assert Enrolment.objects.get(pk=waiting.pk).status == Enrolment.Status.ENROLLED
    assert "You accepted this seat" in client.get(url).content.decode()
