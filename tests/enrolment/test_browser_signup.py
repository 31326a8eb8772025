"""The visitor's journey in a real browser: programs -> sign up -> confirmation -> account."""

import pytest

from enrolment.models import Cohort, Enrolment, Interest
from tests.enrolment.factories import CohortFactory
from tests.support import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "stars-over-the-harbour-9"


def test_sign_up_journey(page, intensive, eager_celery, mailoutbox):
    cohort = CohortFactory(program=intensive, capacity=12, name="Intensive Spring")

    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Programs").click()
    page.wait_for_url("**/programs/")
    assert page.locator("#program-intensive").is_visible()
    assert page.locator("#program-flexible").is_visible()
    page.locator(f"a[href*='cohort={cohort.pk}']").click()

    page.wait_for_url("**/signup/**")
    page.fill("input[name=name]", "Grace Hopper")
    page.fill("input[name=email]", "Grace@Example.com")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    assert page.locator(f"input[name=program][value='{intensive.pk}']").is_checked()
    assert page.locator("select[name=cohort]").input_value() == str(cohort.pk)
    page.select_option("select[name=background]", "software_engineer")
    page.check("input[name=python_experience][value=confident]")
    page.check("input[name=java_experience][value=some]")
    page.check("input[name=cpp_experience][value=none]")
    page.fill("textarea[name=motivation]", "I want to put compilers and models together.")
    page.check("input[name=consent]")
    page.click("#signup-form [type=submit]")

    page.wait_for_url("**/signup/done/")
    assert "Your seat is held" in page.content()
    assert "Intensive Spring" in page.content()
    status = page.get_by_test_id("signup-status").inner_text()
    assert "Seat held until" in status and "Enrolled" not in status

    page.get_by_role("button", name="Log out").click()
    page.get_by_role("link", name="Log in").wait_for()
    browser_login(page, "grace@example.com", PASSWORD)
    page.wait_for_url("**/account/")
    card = page.locator(".enrolment-card").first
    assert "Intensive Spring" in card.inner_text()
    # The account page says what the done page said: held, not yet enrolled.
    assert "Seat held" in card.inner_text() and "Enrolled" not in card.inner_text()
    assert len(mailoutbox) == 1

    # The new student does not want reminder emails: one click on the account page.
    card.get_by_role("button", name="Turn off").click()
    page.get_by_text("No more reminders before due dates in Intensive Spring").wait_for()
    assert "Reminder emails before due dates: off" in page.locator(".enrolment-card").inner_text()
    enrolment = cohort.enrolments.get()
    assert enrolment.due_reminders is False


def test_every_cohort_full_the_form_offers_the_waitlist(page, intensive, flexible, eager_celery):
    """The issue's day: /programs/ says "Full, waitlist open" and the form says the same
    after the program is picked (htmx reloads the cohort choice)."""
    CohortFactory(program=intensive, capacity=5, name="Intensive Spring")
    autumn = CohortFactory(program=flexible, capacity=1, name="Flexible Autumn")
    winter = CohortFactory(program=flexible, capacity=1, name="Flexible Winter")
    Cohort.objects.filter(pk__in=[autumn.pk, winter.pk]).update(seats_taken=1)

    page.goto("/programs/")
    flexible_card = page.locator("#program-flexible")
    assert flexible_card.get_by_text("Full, waitlist open").count() == 2
    page.goto("/signup/")
    page.check(f"input[name=program][value='{flexible.pk}']")
    cohort_field = page.locator("#div_id_cohort")
    cohort_field.get_by_text("Every Flexible cohort is full").wait_for()
    options = page.locator("select[name=cohort] option").all_inner_texts()
    assert options[0] == "Next available cohort (waitlist)"
    assert [text.split(":")[0] for text in options[1:]] == ["Flexible Autumn", "Flexible Winter"]
    assert all(text.endswith("full: a place on the waitlist") for text in options[1:])
    assert "interest list" not in cohort_field.inner_text()

    page.fill("input[name=name]", "Ada Lovelace")
    page.fill("input[name=email]", "ada@example.com")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.select_option("select[name=background]", "data_scientist")
    page.check("input[name=python_experience][value=some]")
    page.check("input[name=java_experience][value=none]")
    page.check("input[name=cpp_experience][value=none]")
    page.fill("textarea[name=motivation]", "Evening study while I keep my job.")
    page.check("input[name=consent]")
    page.click("#signup-form [type=submit]")

    page.wait_for_url("**/signup/done/")
    assert page.get_by_role("heading", level=1).inner_text() == "You are on the waitlist"
    assert "number 1" in page.content()
    enrolment = autumn.enrolments.get()
    assert enrolment.status == Enrolment.Status.WAITLISTED
    assert not Interest.objects.exists()
