"""Admissions in a real browser on a fresh demo: sign up and confirm the email; join a
full cohort's waitlist, accept the offered seat from the email; an unanswered offer
passes on."""

import re

import pytest
from django.db.models import F

from enrolment import tasks
from enrolment.demo import seed_enrolment_demo
from enrolment.models import Cohort, Enrolment, Offer
from enrolment.services import applications, changes
from tests.enrolment.factories import application_data
from tests.support import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "stars-over-the-harbour-9"


def link_in(email, kind: str) -> str:
    """The path of the first link of this kind (email/confirm or offers) in the email."""
    match = re.search(rf"https?://[^/\s]+(/{kind}/[^\s]+/)", email.body)
    assert match, email.body
    return match.group(1)


def sign_up_in_browser(page, name: str, email: str):
    page.goto("/programs/")
    page.locator("#program-intensive").get_by_role("link", name="Sign up for Intensive").click()
    page.wait_for_url("**/signup/**")
    page.fill("input[name=name]", name)
    page.fill("input[name=email]", email)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.select_option("select[name=background]", "software_engineer")
    page.check("input[name=python_experience][value=confident]")
    page.check("input[name=java_experience][value=some]")
    page.check("input[name=cpp_experience][value=none]")
    page.fill("textarea[name=motivation]", "I want to ship models that people use.")
    page.check("input[name=consent]")
    page.click("#signup-form [type=submit]")
    page.wait_for_url("**/signup/done/")


def log_out(page):
    page.get_by_role("button", name="Log out").click()
    page.get_by_role("link", name="Log in").wait_for()


def test_sign_up_confirm_waitlist_offer_and_expiry(page, eager_celery, mailoutbox):
    seed_enrolment_demo(seed=7)
    cohort = Cohort.objects.get(program__slug="intensive", start_date__gt=F("created_at__date"))

    # 1. A visitor signs up for the 12-week track and confirms the email from the mail.
    sign_up_in_browser(page, "Grace Hopper", "grace@example.com")
    assert "Your seat is held" in page.content()
    confirm = mailoutbox[-1]
    assert confirm.to == ["grace@example.com"]
    page.goto(link_in(confirm, "email/confirm"))
    page.wait_for_url("**/account/")
    card = page.locator(".enrolment-card").first
    assert cohort.name in card.inner_text() and "Enrolled" in card.inner_text()
    assert page.get_by_test_id("confirm-email").count() == 0
    log_out(page)

    # 2. The cohort is full; a second visitor joins its waitlist, then a third.
    Cohort.objects.filter(pk=cohort.pk).update(capacity=F("seats_taken"))
    sign_up_in_browser(page, "Alan Turing", "alan@example.com")
    assert "You are on the waitlist" in page.content()
    log_out(page)
    applications.application_submit(
        program=cohort.program, cohort=cohort, **application_data(email="third@example.com")
    )

    # 3. Grace withdraws; the seat is offered to Alan, who accepts from the email link.
    browser_login(page, "grace@example.com", PASSWORD)
    page.wait_for_url("**/account/")
    page.locator(".enrolment-card").first.get_by_role("link", name="Withdraw").click()
    page.get_by_role("button", name="Yes, withdraw").click()
    page.wait_for_url("**/account/")
    log_out(page)
    offer_email = next(
        m for m in mailoutbox if m.to == ["alan@example.com"] and "seat" in m.subject
    )
    assert "is yours if you want it" in offer_email.subject
    page.goto(link_in(offer_email, "offers"))
    page.get_by_role("button", name="Accept the seat").click()
    page.get_by_text("You accepted this seat").wait_for()
    alan = Enrolment.objects.get(user__email="alan@example.com")
    assert alan.status == Enrolment.Status.ENROLLED
    browser_login(page, "alan@example.com", PASSWORD)
    page.wait_for_url("**/account/")
    assert "Enrolled" in page.locator(".enrolment-card").first.inner_text()

    # 4. Another seat frees; the third person lets the offer expire and it passes on.
    applications.application_submit(
        program=cohort.program, cohort=cohort, **application_data(email="fourth@example.com")
    )
    Cohort.objects.filter(pk=cohort.pk).update(capacity=F("capacity") + 1)
    changes.waitlist_promote(cohort=cohort)  # as the admin does when capacity grows
    third = Enrolment.objects.get(user__email="third@example.com")
    assert third.status == Enrolment.Status.OFFERED
    Offer.objects.filter(enrolment=third).update(expires_at=F("created_at"))
    assert tasks.expire_offers() == 1
    third.refresh_from_db()
    assert third.status == Enrolment.Status.WITHDRAWN
    fourth = Enrolment.objects.get(user__email="fourth@example.com")
    assert fourth.status == Enrolment.Status.OFFERED
    # The expired link explains itself.
    expired_email = next(
        m for m in mailoutbox if m.to == ["third@example.com"] and "offers" in m.body
    )
    page.goto(link_in(expired_email, "offers"))
    assert "This offer expired" in page.content()
    cohort.refresh_from_db()
    assert cohort.seats_taken <= cohort.capacity
