"""Browser journey: staff must set up and then use a second factor to reach the admin."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.support import code_for_secret

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in_with_password(page, username):
    page.goto("/accounts/login/?next=/admin/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_staff_set_up_totp_then_log_in_with_a_recovery_code_used_once(page):
    UserFactory(username="sam", first_name="Sam", is_staff=True, is_superuser=True)

    # The password alone leads to the setup page, not to the admin.
    log_in_with_password(page, "sam")
    assert re.search(r"/account/two-factor/setup/\?next=%2Fadmin%2F$", page.url)
    page.goto("/admin/")
    assert "/account/two-factor/setup/" in page.url

    # The phone: the secret shown as text gives the code the app would show.
    secret = page.get_by_test_id("totp-secret").inner_text()
    assert page.get_by_test_id("totp-qr").is_visible()
    assert page.get_by_test_id("totp-uri").text_content().startswith("otpauth://totp/")
    page.get_by_label("Code").fill(code_for_secret(secret))
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    codes = page.get_by_test_id("recovery-code").all_inner_texts()
    assert len(codes) == 10 and len(set(codes)) == 10
    page.get_by_test_id("recovery-codes-continue").click()
    page.wait_for_url("**/admin/")
    assert page.get_by_role("heading", name="Site administration").is_visible()

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(lambda url: "/admin/" not in url or "logout" in url)

    # Next log-in: asked for a code; a recovery code (the phone is "lost") opens the admin.
    log_in_with_password(page, "sam")
    assert "/account/two-factor/verify/" in page.url
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/admin/")
    assert page.get_by_role("heading", name="Site administration").is_visible()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(lambda url: "/admin/" not in url or "logout" in url)

    # The same recovery code a second time: refused, and the admin stays closed.
    log_in_with_password(page, "sam")
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("main")).to_contain_text("not valid, or it was used already")
    page.goto("/admin/")
    assert "/account/two-factor/verify/" in page.url

    # Another recovery code still works, once the pause after a wrong one (1 s) is over.
    time.sleep(1.5)
    page.get_by_label("Code").fill(codes[1])
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/admin/")
    assert page.get_by_role("heading", name="Site administration").is_visible()
