"""The visitor's journey in a real browser: programs -> sign up -> confirmation -> account."""

import pytest

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

    page.get_by_role("button", name="Log out").click()
    page.get_by_role("link", name="Log in").wait_for()
    browser_login(page, "grace@example.com", PASSWORD)
    page.wait_for_url("**/account/")
    card = page.locator(".enrolment-card").first
    assert "Intensive Spring" in card.inner_text()
    assert "Enrolled" in card.inner_text()
    assert len(mailoutbox) == 1

    # The new student does not want reminder emails: one click on the account page.
    card.get_by_role("button", name="Turn off").click()
    page.get_by_text("No more reminders before due dates in Intensive Spring").wait_for()
    assert "Reminder emails before due dates: off" in page.locator(".enrolment-card").inner_text()
    enrolment = cohort.enrolments.get()
    assert enrolment.due_reminders is False
