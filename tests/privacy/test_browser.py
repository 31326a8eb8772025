"""In a real browser: a student downloads her data, then deletes her account."""

import json
import zipfile

import pytest

from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.labs.factories import EnrolmentFactory
from tests.support import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_student_downloads_her_data_then_deletes_her_account(page, tmp_path):
    stella = UserFactory(username="stella", email="stella@example.com", first_name="Stella")
    EnrolmentFactory(user=stella)
    browser_login(page, "stella@example.com", DEFAULT_PASSWORD)
    page.goto("/account/")

    with page.expect_download() as download:
        page.get_by_role("button", name="Download my data").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    me = json.loads(zipfile.ZipFile(saved).read("me.json"))
    assert me["profile"]["email"] == "stella@example.com"

    page.get_by_role("link", name="Delete my account").click()
    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Delete my account for good").click()
    assert "That is not your password" in page.content()
    page.get_by_label("Your password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Delete my account for good").click()
    page.wait_for_url(lambda url: url.endswith("/"))
    assert "Your account is deleted" in page.content()

    browser_login(page, "stella@example.com", DEFAULT_PASSWORD)
    page.wait_for_load_state()
    assert "/accounts/login/" in page.url
    assert page.locator(".alert-danger, .errorlist").count() > 0  # the log-in was refused
