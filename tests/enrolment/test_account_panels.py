"""The account page's panels from other apps (enrolment.account_panels): the apps register
them, the page renders them in order, and the leaderboard name only for someone enrolled."""

from django.urls import reverse

from enrolment.account_panels import account_panels
from tests.enrolment.factories import EnrolmentFactory

PANEL_IDS = [
    'id="leaderboards"',
    'id="time-zone"',
    'id="calendar-feed"',
    'id="api-tokens"',
    'id="two-factor"',
    'id="my-data"',
]


def test_each_app_registers_its_panel_once_in_page_order():
    assert [panel.template for panel in account_panels()] == [
        "tuition/_account_panel.html",
        "leaderboards/_profile.html",
        "outcomes/_account_panel.html",
        "live/_account_time_zone.html",
        "progress/_calendar_panel.html",
        "api/_tokens.html",
        "security/_account_panel.html",
        "privacy/_panel.html",
    ]


def test_an_enrolled_student_sees_every_panel_in_order(client, alice):
    EnrolmentFactory(user=alice)
    client.force_login(alice)
    body = client.get(reverse("account")).content.decode()
    positions = [body.index(panel) for panel in PANEL_IDS]
    assert positions == sorted(positions)
    assert 'data-testid="api-token-form"' in body and 'data-testid="two-factor-panel"' in body


def test_someone_without_an_enrolment_gets_no_leaderboard_panel(client, alice):
    client.force_login(alice)
    body = client.get(reverse("account")).content.decode()
    assert PANEL_IDS[0] not in body
    assert all(panel in body for panel in PANEL_IDS[1:])
