"""Browser journey: the instructor schedules a session on her page; the student sees it on
the dashboard; the instructor takes attendance (absent); the at-risk flag follows on the
gradebook (a second missed session)."""

import datetime

import pytest
from django.utils import timezone

from live import services
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.labs.factories import CohortFactory, EnrolmentFactory
from tests.live.conftest import make_session
from tests.support import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_schedule_see_take_attendance_and_the_flag_follows(page):
    # Begun two days ago: nobody is idle long enough to be flagged for that.
    cohort = CohortFactory(
        name="Autumn intensive", start_date=timezone.localdate() - datetime.timedelta(days=2)
    )
    instructor = UserFactory(username="ines", first_name="Ines")
    cohort.instructors.add(instructor)
    student = UserFactory(username="stella", first_name="Stella", last_name="Student")
    EnrolmentFactory(user=student, cohort=cohort)
    # Yesterday's lecture: she was absent (one missed session: not yet at risk).
    yesterday = timezone.now().astimezone(datetime.UTC) - datetime.timedelta(days=1)
    past = make_session(cohort, title="Yesterday", local_start=yesterday.replace(tzinfo=None),
                        time_zone="UTC")  # fmt: skip
    services.attendance_take(session=past, statuses={student.pk: "absent"}, actor=instructor)

    browser_login(page, "ines", DEFAULT_PASSWORD)
    page.goto(f"/labs/gradebook/{cohort.pk}/")
    row = page.locator('[data-testid="student-row"][data-student="stella"]')
    assert row.get_attribute("data-at-risk") == "no"
    page.get_by_test_id("live-sessions-link").click()
    page.wait_for_url(f"**/live/cohorts/{cohort.pk}/")
    started = timezone.now().astimezone(datetime.UTC) - datetime.timedelta(minutes=5)
    form = page.get_by_test_id("session-form")
    form.locator("select[name=kind]").select_option("lecture")
    form.locator("input[name=title]").fill("Gradient boosting")
    form.locator("input[name=local_start]").fill(started.strftime("%Y-%m-%dT%H:%M"))
    form.locator("select[name=time_zone]").select_option("UTC")
    form.locator("input[name=duration_minutes]").fill("60")
    form.locator("input[name=meeting_url]").fill("https://meet.example.org/gb")
    form.get_by_role("button", name="Schedule").click()
    rows = page.get_by_test_id("session-row").filter(has_text="Gradient boosting")
    rows.first.wait_for()

    student_tab = page.context.browser.new_context(base_url=page.url.split("/live/")[0])
    student_page = student_tab.new_page()
    browser_login(student_page, "stella", DEFAULT_PASSWORD)
    student_page.goto("/labs/dashboard/")
    panel = student_page.get_by_test_id("live-sessions")
    assert "Gradient boosting" in panel.inner_text()
    assert "Check in now" in panel.inner_text()  # it is under way
    student_tab.close()

    rows.first.get_by_role("link", name="Attendance").click()
    page.get_by_test_id("check-in-code").wait_for()  # shown during the session
    page.locator(f"#status-{student.pk}-absent").check()
    page.get_by_test_id("attendance-save").click()
    page.get_by_text("Attendance saved (1 change)").wait_for()
    assert page.locator(f"#status-{student.pk}-absent").is_checked()

    page.goto(f"/labs/gradebook/{cohort.pk}/")
    row = page.locator('[data-testid="student-row"][data-student="stella"]')
    assert row.get_attribute("data-at-risk") == "yes"
    assert "Missed 2 live sessions" in row.get_by_test_id("risk-flag").all_inner_texts()
    assert row.get_by_test_id("attendance").inner_text() == "0/2"
