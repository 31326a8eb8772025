"""At 390 px (a phone) pages fit the screen: nothing scrolls the page sideways and the
controls people need, such as a token's Revoke button, are on screen. (The accessibility
walk checks every page of the demo at this width; these pin the pages that once did not
fit, with the rows that made them too wide.)"""

import datetime

import pytest
from django.utils import timezone

from api.models import ApiToken
from api.services import token_create
from labs.models import Submission
from live.models import TimeZonePreference
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.labs.dashboard_factories import SubmissionFactory, lab_with_reference
from tests.labs.factories import CohortFactory, EnrolmentFactory
from tests.support import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def page_width(tab) -> int:
    return tab.evaluate("document.documentElement.scrollWidth")


def test_the_api_token_table_fits_a_phone_with_revoke_on_screen(phone):
    stella = UserFactory(username="stella")
    # A long name without a space and a used token: the widest rows the table shows.
    token_create(user=stella, name="the-laptop_in_the_library_on_the_third_floor_by_the_door")
    used = token_create(user=stella, name="colab").token
    ApiToken.objects.filter(pk=used.pk).update(
        last_used_at=timezone.now() - datetime.timedelta(days=12, hours=5)
    )
    browser_login(phone, "stella", DEFAULT_PASSWORD)
    phone.goto("/account/")
    assert page_width(phone) <= PHONE["width"]
    revokes = phone.get_by_test_id("api-token").get_by_role("button", name="Revoke")
    assert revokes.count() == 2
    for index in range(2):
        box = revokes.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    # Each cell still says what it is: the column's name is shown beside the value.
    assert "Last used" in phone.get_by_test_id("api-token").first.inner_text()


def test_gradebook_tables_with_submissions_scroll_inside_their_region(phone):
    """A visually hidden column header is placed absolutely: unless its scroll region
    contains it, it sits past the table's right edge and widens the whole page."""
    cohort = CohortFactory()
    cohort.instructors.add(UserFactory(username="ines"))
    student = UserFactory(username="learner")
    EnrolmentFactory(cohort=cohort, user=student)
    # The demo's longest title: both tables are wider than the phone, and scroll.
    lab = lab_with_reference(slug="wide-lab", title="Image recognition: handwritten digits")
    SubmissionFactory(student=student, cohort=cohort, lab=lab, public_score=0.8765)
    browser_login(phone, "ines", DEFAULT_PASSWORD)
    for path in (
        f"/labs/gradebook/{cohort.pk}/students/{student.pk}/",
        f"/labs/gradebook/{cohort.pk}/labs/{lab.slug}/",
    ):
        phone.goto(path)
        assert phone.get_by_role("region").count() >= 1, path
        assert page_width(phone) <= PHONE["width"], path


def test_the_leaderboard_shows_every_column_at_phone_width(phone):
    """Its "Submitted" column was cut off at the right edge: each row's date is on screen,
    without scrolling, for a student and for an instructor (who sees one more column)."""
    cohort = CohortFactory(start_date=timezone.localdate() - datetime.timedelta(days=10))
    ines = UserFactory(username="ines")
    cohort.instructors.add(ines)
    lab = lab_with_reference(slug="board-lab", week=1, title="Image recognition: digits")
    for index, name in enumerate(("Maximiliana-Alexandra", "Bartholomew", "Stella")):
        student = UserFactory(username=f"student{index}", first_name=name, last_name="Student")
        EnrolmentFactory(user=student, cohort=cohort)
        submission = SubmissionFactory(
            student=student, cohort=cohort, lab=lab, public_score=0.9 - index / 100, passed=True
        )
        Submission.objects.filter(pk=submission.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=index, hours=3)
        )
    for username in ("student2", "ines"):
        phone.context.clear_cookies()
        browser_login(phone, username, DEFAULT_PASSWORD)
        phone.goto(f"/labs/{lab.slug}/leaderboard/?cohort={cohort.pk}")
        assert page_width(phone) <= PHONE["width"], username
        region = phone.get_by_role("region", name=f"Leaderboard of {lab.title}")
        assert region.evaluate("el => el.scrollWidth <= el.clientWidth"), username
        header = phone.get_by_role("columnheader", name="Submitted")
        cells = phone.get_by_test_id("leaderboard-row").locator("td:last-child")
        assert cells.count() == 3
        for box in [header.bounding_box()] + [
            cells.nth(index).bounding_box() for index in range(3)
        ]:
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (username, box)


def test_a_due_date_read_in_another_zone_fits_a_phone(phone):
    """The moment a due date passes on the student's clock (courses.due_zones) sits beside
    the school's date on the dashboard, the lab pages and the lab list, and wraps there."""
    cohort = CohortFactory(start_date=timezone.localdate() - datetime.timedelta(days=10))
    lab = lab_with_reference(slug="zone-lab", week=1, title="Image recognition: digits")
    student = UserFactory(username="kenji")
    EnrolmentFactory(user=student, cohort=cohort)
    # A long zone name, so a wide line.
    TimeZonePreference.objects.create(user=student, time_zone="America/Argentina/Buenos_Aires")
    browser_login(phone, "kenji", DEFAULT_PASSWORD)
    for path in (
        "/labs/dashboard/",
        f"/labs/dashboard/{lab.slug}/",
        f"/labs/{lab.slug}/",
        "/labs/",
    ):
        phone.goto(path)
        assert page_width(phone) <= PHONE["width"], path
        shown = phone.get_by_test_id("due-local")
        assert shown.count() >= 1, path
        for index in range(shown.count()):
            box = shown.nth(index).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (path, box)
