"""In a real browser: staff write a lesson in the admin and preview it; the student finds it
under This week on the dashboard and in the syllabus, marks it done, and the progress says so."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from enrolment.demo import DEMO_PASSWORD, seed_enrolment_demo
from enrolment.models import Cohort
from syllabus.weeks import this_week
from tests.support import browser_login
from tests.syllabus.factories import WeekFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_add_a_lesson_and_the_student_marks_it_done(page):
    seed_enrolment_demo(seed=7)
    running = Cohort.objects.get(enrolments__user__username="student")
    number = this_week(cohort=running, today=timezone.localdate()).curriculum_week
    week = WeekFactory(number=number, title="Feature pipelines")

    # 1. Staff write the lesson in the admin and see the rendered preview.
    browser_login(page, "admin", DEMO_PASSWORD)
    page.goto("/admin/syllabus/lesson/add/")
    page.select_option("select[name=week]", str(week.pk))
    page.fill("input[name=title]", "Pipelines without leaks")
    page.fill(
        "textarea[name=body]",
        "Fit the scaler **inside** the pipeline.\n\n<script>alert('x')</script>",
    )
    page.get_by_role("button", name="Save and continue editing").first.click()
    preview = page.locator(".lesson-preview")
    expect(preview.locator("strong")).to_have_text("inside")
    expect(preview.locator("script")).to_have_count(0)
    # A new lesson is a draft until staff publish it.
    page.check("input[name=is_published]")
    page.get_by_role("button", name="Save and continue editing").first.click()
    page.get_by_role("button", name="Log out").click()

    # 2. The student sees it under This week, opens it and marks it done.
    browser_login(page, "student", DEMO_PASSWORD)
    page.goto("/labs/dashboard/")
    panel = page.get_by_test_id("this-week")
    expect(panel).to_contain_text("Feature pipelines")
    expect(panel.get_by_test_id("lesson-progress")).to_contain_text("0 of 1")
    panel.get_by_role("link", name="Pipelines without leaks").click()
    expect(page.get_by_test_id("lesson-body").locator("strong")).to_have_text("inside")
    page.get_by_role("button", name="Mark this lesson done").click()
    expect(page.get_by_test_id("lesson-done")).to_be_visible()

    # 3. The progress shows it, on the syllabus page and on the dashboard.
    page.get_by_role("link", name="Syllabus", exact=True).first.click()
    expect(page.get_by_test_id("lessons-done")).to_have_text("1 of 1")
    page.goto("/labs/dashboard/")
    expect(page.get_by_test_id("lesson-progress")).to_contain_text("1 of 1")
    expect(page.get_by_test_id("this-week-lesson")).to_contain_text("Done")
