"""The gradebook at 1,280 px: this week's labs on screen, the student column fixed, lab
titles whole; a student's page in the gradebook fits a phone."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.labs.factories import CohortFactory, EnrolmentFactory, lab_on_builtin
from tests.support import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_TITLE = "Image recognition: handwritten digits"


@pytest.fixture
def cohort_in_week_seven(transactional_db):
    cohort = CohortFactory(start_date=timezone.localdate() - datetime.timedelta(weeks=6, days=1))
    cohort.instructors.add(UserFactory(username="ines", first_name="Ines"))
    for week in range(1, 10):
        lab_on_builtin(
            slug=f"lab-week-{week}", week=week, title=f"{LONG_TITLE} {week}", train_reference=False
        )
    for number in range(4):
        EnrolmentFactory(cohort=cohort, user=UserFactory(username=f"learner{number}"))
    return cohort


def test_gradebook_opens_on_this_weeks_labs_beside_a_fixed_student_column(
    page, cohort_in_week_seven
):
    browser_login(page, "ines", DEFAULT_PASSWORD)
    page.goto(f"/labs/gradebook/{cohort_in_week_seven.pk}/")
    region = page.get_by_role("region", name="Gradebook")
    box = region.bounding_box()
    current = page.locator("th[data-current-week]")
    assert current.count() == 1
    lab = current.bounding_box()
    # This week's lab is fully on screen inside the table's region...
    assert box["x"] <= lab["x"] and lab["x"] + lab["width"] <= box["x"] + box["width"] + 1
    # ...and the student column stays at the left edge while the labs scroll beside it.
    student = page.locator("tbody th[scope=row]").first.bounding_box()
    assert abs(student["x"] - box["x"]) <= 2
    assert region.evaluate("r => r.scrollLeft") > 0
    # Lab titles are whole, not cut with an ellipsis.
    assert current.inner_text().replace("\n", " ").endswith(f"{LONG_TITLE} 7")


def test_a_students_gradebook_page_fits_a_phone(browser, live_server, cohort_in_week_seven):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    try:
        phone = context.new_page()
        browser_login(phone, "ines", DEFAULT_PASSWORD)
        student = cohort_in_week_seven.enrolments.first().user
        phone.goto(f"/labs/gradebook/{cohort_in_week_seven.pk}/students/{student.pk}/")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
