"""The outcomes journey in a browser: a graduate records an accepted offer with its letter,
career staff verify it, staff publish the period, and a visitor sees the figure on
/outcomes/ and on the salary page. Real time (Chromium cannot travel): the cohort ended
about two months before today."""

import datetime

import pytest
from django.utils import timezone

from outcomes import access, rules
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.outcomes import factories as f
from tests.support import browser_login, pass_second_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def finished(transactional_db):
    today = timezone.localdate()
    cohort = f.finished_cohort(start=today - datetime.timedelta(weeks=20))
    graduated = cohort.end_date + datetime.timedelta(days=1)
    for salary in (80_000, 90_000, 110_000, 120_000):
        f.hire(f.graduate(cohort, on=graduated), start=graduated, salary=salary * 100)
    f.graduate(cohort, on=graduated, username="gina")
    f.ml_engineer(cohort.program)
    UserFactory(username="carla").groups.add(access.career_staff_group())
    UserFactory(username="sam", is_staff=True, is_superuser=True)
    return cohort


def test_offer_verified_published_and_seen_by_a_visitor(page, browser, live_server, finished):
    start = (finished.end_date + datetime.timedelta(days=20)).isoformat()
    browser_login(page, "gina", DEFAULT_PASSWORD)
    page.goto("/account/")
    page.get_by_test_id("my-job-search").click()
    page.get_by_role("link", name="Add a record").click()
    page.select_option("#id_status", "hired")
    page.fill("#id_employer", "Acme AI")
    page.fill("#id_role_title", "Machine-learning engineer")
    page.select_option("#id_in_field_role", label="ML engineer")
    page.select_option("#id_kind", "full_time")
    page.fill("#id_start_date", start)
    page.fill("#id_base_salary", "100000")
    page.fill("#id_salary_currency", "USD")
    page.set_input_files(
        "#id_evidence_file",
        {"name": "offer.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 offer"},
    )
    page.get_by_role("button", name="Save the record").click()
    records = page.get_by_test_id("my-records")
    assert "offer.pdf" in records.inner_text() and "not verified yet" in records.inner_text()
    page.context.clear_cookies()

    page.goto("/accounts/login/")
    browser_login(page, "carla", DEFAULT_PASSWORD)
    page.goto(f"/outcomes/pipeline/{finished.pk}/")
    pass_second_factor(page, "carla")  # career staff set up their second factor first
    page.goto(f"/outcomes/pipeline/{finished.pk}/")
    page.get_by_test_id("pipeline-row-gina").get_by_role("link", name="Verify").click()
    page.get_by_label("Verified: the evidence confirms the record").check()
    page.get_by_role("button", name="Record the verdict").click()
    assert "(verified)" in page.get_by_test_id("pipeline-row-gina").inner_text()
    page.context.clear_cookies()

    browser_login(page, "sam", DEFAULT_PASSWORD)
    period = rules.Period.containing(finished.end_date)
    page.goto(f"/outcomes/report/{finished.program_id}/{period.slug}/")
    page.get_by_test_id("publish-form").get_by_role("button").click()
    page.context.clear_cookies()

    visitor = browser.new_context(base_url=live_server.url).new_page()
    visitor.goto("/outcomes/")
    assert visitor.get_by_test_id("outcomes-median").inner_text() == "USD 100,000"
    assert "fewer than 5" in visitor.get_by_test_id("suppression-note").inner_text()
    visitor.goto("/careers/salaries/")
    figure = visitor.get_by_test_id("graduate-salaries").inner_text()
    assert "USD 100,000" in figure and period.label in figure and "5 salaries" in figure
    visitor.context.close()
