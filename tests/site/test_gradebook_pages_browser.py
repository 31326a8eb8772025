"""A large cohort's gradebook in a browser: the class's figures arrive after the page, and
the page links lead through every student."""

import datetime

import pytest
from django.utils import timezone

from progress.dashboards import gradebook as gradebook_module
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.labs.dashboard_factories import SubmissionFactory, lab_with_reference
from tests.labs.factories import CohortFactory, EnrolmentFactory
from tests.support import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_and_the_class_figures_that_load_after_them(page, monkeypatch):
    monkeypatch.setattr(gradebook_module, "PAGE_SIZE", 2)
    cohort = CohortFactory(start_date=timezone.localdate() - datetime.timedelta(days=17))
    cohort.instructors.add(UserFactory(username="ines", first_name="Ines"))
    lab = lab_with_reference(slug="wine-lab", week=1, title="Wine lab")
    for number, score in enumerate((0.95, 0.3, 0.95)):
        user = UserFactory(username=f"learner{number}", first_name=f"Learner {number}")
        EnrolmentFactory(user=user, cohort=cohort)
        SubmissionFactory(
            student=user, cohort=cohort, lab=lab, public_score=score, passed=score > 0.5
        )

    browser_login(page, "ines", DEFAULT_PASSWORD)
    page.goto(f"/labs/gradebook/{cohort.pk}/")
    rows = page.get_by_test_id("student-row")
    assert [rows.nth(i).get_attribute("data-student") for i in range(rows.count())] == [
        "learner0",
        "learner1",
    ]
    # Two of the three passed: the whole class's rate, not the page's 50%.
    stats = page.get_by_test_id("lab-stats").first
    stats.wait_for()
    assert stats.inner_text().startswith("67% · 1")
    # learner1 has not passed the week-1 lab, overdue by now.
    assert page.get_by_test_id("class-at-risk").inner_text() == "1 of 3 at risk"

    page.get_by_test_id("gradebook-pages").get_by_role("link", name="2").click()
    assert page.get_by_test_id("student-row").get_attribute("data-student") == "learner2"
