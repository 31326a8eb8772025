"""Browser journey of the team capstone (Debian's Chromium through Playwright): two
students form a team by invitation, and their instructor approves it."""

import pytest
from playwright.sync_api import expect

from tests.factories import DEFAULT_PASSWORD
from tests.support import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_students_form_a_team_by_invitation_and_the_instructor_approves(
    page, capstone, cohort, enrolled_alice, enrolled_bob, instructor
):
    browser_login(page, "alice", DEFAULT_PASSWORD)
    page.goto("/capstone/")
    propose = page.get_by_test_id("propose-form")
    propose.locator("input[name=name]").fill("Overfitters")
    propose.get_by_role("button", name="Start a team").click()
    expect(page.get_by_test_id("team-name")).to_have_text("Overfitters")
    invite = page.get_by_test_id("invite-form")
    invite.locator("select[name=invitee]").select_option(label="Bob Student")
    invite.get_by_role("button", name="Invite").click()
    expect(page.locator('[data-testid="membership"][data-status="invited"]')).to_contain_text(
        "Bob Student"
    )

    page.context.clear_cookies()
    browser_login(page, "bob", DEFAULT_PASSWORD)
    page.goto("/capstone/")
    page.get_by_test_id("invitation").get_by_role("button", name="Accept").click()
    expect(page.get_by_test_id("team-name")).to_have_text("Overfitters")
    expect(page.get_by_test_id("waiting-approval")).to_be_visible()

    page.context.clear_cookies()
    browser_login(page, "ines", DEFAULT_PASSWORD)
    page.goto(f"/review/capstone/cohorts/{cohort.pk}/")
    page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("team-card")).to_have_attribute("data-status", "approved")

    page.context.clear_cookies()
    browser_login(page, "alice", DEFAULT_PASSWORD)
    page.goto("/capstone/")
    expect(page.get_by_test_id("waiting-approval")).to_have_count(0)
    expect(page.locator('[data-testid="membership"][data-status="active"]')).to_have_count(2)
