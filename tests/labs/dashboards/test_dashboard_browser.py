"""Browser journeys: a student's dashboard changes as a grade arrives; an instructor
spots an at-risk student in the gradebook and exports it."""

import csv
import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.labs.dashboard_factories import SubmissionFactory, lab_with_reference
from tests.labs.factories import CohortFactory, EnrolmentFactory
from tests.support import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_student_submits_watches_the_grade_and_sees_the_dashboard_change(
    page, worker_process, enrolled_alice, wine_lab, wine_predictions, tmp_path
):
    browser_login(page, "alice", DEFAULT_PASSWORD)
    page.goto("/labs/dashboard/")
    row = page.locator(f'[data-testid="lab-row"][data-lab="{wine_lab.slug}"]')
    assert row.get_attribute("data-status") in ("open", "overdue")
    assert row.get_by_test_id("best-score").inner_text() == "–"
    assert page.get_by_test_id("next-lab").is_visible()

    row.get_by_role("link", name="Submit predictions").click()
    predictions = tmp_path / "predictions.csv"
    predictions.write_bytes(wine_predictions)
    page.set_input_files("input[name=file]", str(predictions))
    page.get_by_role("button", name="Submit predictions").click()
    result = page.get_by_test_id("result")
    result.wait_for(timeout=60_000)  # the status fragment polls until the worker is done
    assert "Passed" in result.inner_text()
    score = page.get_by_test_id("public-score").inner_text()

    page.goto("/labs/dashboard/")
    passed_row = page.locator(
        f'[data-testid="lab-row"][data-lab="{wine_lab.slug}"][data-status="passed"]'
    )
    passed_row.wait_for(timeout=30_000)
    assert passed_row.get_by_test_id("best-score").inner_text() == score
    assert "1 of 1" in page.get_by_test_id("progress-summary").inner_text().replace("\n", " ")
    # The history page draws the attempt and lists its number as text.
    passed_row.get_by_role("link", name="History").click()
    # count() does not wait for the click's navigation; waiting for the chart does.
    page.locator("svg[role=img] title").first.wait_for(state="attached")
    page.get_by_text("the numbers").click()
    assert score in page.get_by_test_id("chart-table").inner_text()


def test_instructor_spots_an_at_risk_student_and_exports_csv(page, tmp_path):
    cohort = CohortFactory(
        name="Autumn intensive", start_date=timezone.localdate() - datetime.timedelta(days=17)
    )
    instructor = UserFactory(username="ines", first_name="Ines")
    cohort.instructors.add(instructor)
    lab = lab_with_reference(slug="wine-lab", week=3, title="Wine lab")
    doing_fine = UserFactory(username="fiona", first_name="Fiona", last_name="Fine")
    struggling = UserFactory(username="sam", first_name="Sam", last_name="Stuck")
    for user in (doing_fine, struggling):
        EnrolmentFactory(user=user, cohort=cohort)
    SubmissionFactory(student=doing_fine, cohort=cohort, lab=lab, public_score=0.93)
    for _ in range(3):
        SubmissionFactory(
            student=struggling, cohort=cohort, lab=lab, passed=False, public_score=0.41
        )

    browser_login(page, "ines", DEFAULT_PASSWORD)
    page.get_by_role("link", name="Gradebook").first.click()
    page.get_by_test_id("cohort-link").filter(has_text="Autumn intensive").click()
    page.get_by_test_id("sort-risk").click()
    first = page.get_by_test_id("student-row").first
    assert first.get_attribute("data-student") == "sam"
    assert first.get_attribute("data-at-risk") == "yes"
    assert "failing attempts: Wine lab" in first.get_by_test_id("risk-flag").first.inner_text()
    fine_row = page.locator('[data-testid="student-row"][data-student="fiona"]')
    assert fine_row.get_attribute("data-at-risk") == "no"

    with page.expect_download() as download:
        page.get_by_test_id("export-csv").click()
    assert download.value.suggested_filename.startswith("gradebook-autumn-intensive-")
    target = tmp_path / "gradebook.csv"
    download.value.save_as(target)
    with target.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_user = {row["username"]: row for row in rows}
    assert by_user["sam"]["at risk"].startswith("3+ failing attempts")
    assert by_user["sam"]["wine-lab best"] == "0.4100"
    assert by_user["fiona"]["wine-lab status"] == "Passed"

    first.get_by_role("link", name="Sam Stuck").click()
    # count() does not wait for the click's navigation: wait until the rows are there.
    expect(page.get_by_test_id("student-submissions").locator("tbody tr")).to_have_count(3)
