"""In a real browser: a student creates a token on her account page, and the API docs
render from the site's own files under the content security policy."""

import pytest
from playwright.sync_api import expect

from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.support import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_student_creates_a_token_and_sees_it_once(page):
    UserFactory(username="stella")
    browser_login(page, "stella", DEFAULT_PASSWORD)
    page.goto("/account/")
    page.fill("#api-token-name", "laptop")
    page.get_by_role("button", name="Create token").click()
    secret = page.get_by_test_id("api-token-secret").inner_text().strip()
    assert secret.startswith("lsk_")
    page.get_by_role("link", name="Back to my account").click()
    row = page.get_by_test_id("api-token")
    assert "laptop" in row.inner_text()
    assert secret not in page.content()
    row.get_by_role("button", name="Revoke").click()
    # Neither content() nor count() waits for the click's navigation; expect() does.
    expect(page.get_by_role("main")).to_contain_text("no longer works")
    expect(page.get_by_test_id("api-token")).to_have_count(0)


def test_the_api_docs_render_offline_under_the_csp(page):
    violations = []
    page.on("console", lambda message: violations.append(message.text))
    page.goto("/api/v1/docs")
    page.wait_for_selector(".swagger-ui .opblock")
    assert page.get_by_role("heading", level=1).inner_text() == "The Lodestar API"
    assert page.locator(".opblock").count() >= 12
    assert not [text for text in violations if "Content Security Policy" in text]
