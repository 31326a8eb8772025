"""Who can read a feed: only its link's holder; rotating the link; the pages that show it."""

import datetime

import pytest
from django.urls import reverse

from enrolment.models import Enrolment
from progress.calendar import tokens
from progress.models import CalendarFeed
from tests.labs.calendar.conftest import START, events_by_uid, feed_url, fetch
from tests.labs.factories import CohortFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db


def test_feed_headers_and_no_log_in(client, alice, cohort, labs):
    EnrolmentFactory(user=alice, cohort=cohort, status=Enrolment.Status.ENROLLED)
    response = client.get(feed_url(alice))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"].startswith("private")
    assert response.content.startswith(b"BEGIN:VCALENDAR\r\n")
    head = client.head(feed_url(alice))
    assert head.status_code == 200 and head.content == b""
    assert client.post(feed_url(alice)).status_code == 405


@pytest.mark.parametrize(
    "token", ["nope", "0" * 64, "x" * 101, "a" * 43 + "%2F..", "a.b"], ids=repr
)
def test_an_unknown_token_is_a_bare_404(client, alice, token):
    tokens.feed_token(user=alice)
    response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 404
    assert b"BEGIN:VCALENDAR" not in response.content


def test_the_table_holds_no_working_link(alice):
    token = tokens.feed_token(user=alice)
    feed = CalendarFeed.objects.get(user=alice)
    assert token not in (feed.nonce, feed.key_hash)
    assert tokens.feed_token(user=alice) == token  # shown again, unchanged
    assert tokens.feed_owner(token) == alice
    assert tokens.feed_owner(feed.key_hash) is None and tokens.feed_owner(feed.nonce) is None


def test_rotating_makes_the_old_link_404_and_the_new_one_work(client, alice, cohort, labs):
    EnrolmentFactory(user=alice, cohort=cohort, status=Enrolment.Status.ENROLLED)
    old = feed_url(alice)
    assert client.get(old).status_code == 200
    client.force_login(alice)
    account = client.get(reverse("account")).content.decode()
    assert old in account and 'data-testid="calendar-rotate"' in account
    response = client.post(reverse("calendar:rotate"))
    assert response.status_code == 302
    assert response["Location"] == reverse("account") + "#calendar-feed"
    new = feed_url(alice)
    assert new != old
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    client.force_login(alice)
    assert new in client.get(reverse("account")).content.decode()


def test_the_account_page_makes_the_first_link_on_request(client, alice):
    client.force_login(alice)
    body = client.get(reverse("account")).content.decode()
    assert 'data-testid="calendar-make"' in body and ".ics" not in body
    assert not CalendarFeed.objects.filter(user=alice).exists()  # a page view writes nothing
    client.post(reverse("calendar:rotate"))
    body = client.get(reverse("account")).content.decode()
    assert tokens.links_for(tokens.feed_token(user=alice)).https in body
    assert CalendarFeed.objects.filter(user=alice).count() == 1


def test_rotating_needs_a_post_with_csrf(alice):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(alice)
    before = tokens.feed_token(user=alice)
    assert csrf_client.get(reverse("calendar:rotate")).status_code == 405
    assert csrf_client.post(reverse("calendar:rotate")).status_code == 403
    assert tokens.feed_token(user=alice) == before


def test_a_token_shows_only_its_owners_data(client, alice, bob, cohort, labs):
    # Its own start date: the factory's would fall on the fixture's one day in seven.
    other = CohortFactory(name="Other cohort", start_date=START + datetime.timedelta(days=14))
    EnrolmentFactory(user=alice, cohort=cohort, status=Enrolment.Status.ENROLLED)
    EnrolmentFactory(user=bob, cohort=other, status=Enrolment.Status.ENROLLED)
    alices = events_by_uid(fetch(client, feed_url(alice)))
    bobs = events_by_uid(fetch(client, feed_url(bob)))
    assert not set(alices) & set(bobs)
    assert all(f"-user-{bob.pk}@" not in uid for uid in alices)
    assert all(f"cohort-{cohort.pk}-" not in uid for uid in bobs)


def test_a_deactivated_account_has_no_feed(client, alice, cohort, labs):
    url = feed_url(alice)
    alice.is_active = False
    alice.save()
    assert client.get(url).status_code == 404


def test_the_dashboard_has_add_to_calendar(client, alice, cohort, labs):
    EnrolmentFactory(user=alice, cohort=cohort, status=Enrolment.Status.ENROLLED)
    client.force_login(alice)
    body = client.get(reverse("labs:dashboard")).content.decode()
    assert f'href="{reverse("calendar:add")}"' in body and "Add to calendar" in body
    assert f'href="{reverse("account")}#calendar-feed"' in body
    response = client.get(reverse("calendar:add"))
    links = tokens.links_for(tokens.feed_token(user=alice))
    assert response.status_code == 302 and response["Location"] == links.webcal
    assert links.webcal == "webcal://" + links.https.split("://", 1)[1]
    client.logout()
    assert client.get(links.https).status_code == 200
    assert client.get(reverse("calendar:add")).status_code == 302  # to log in
    assert not client.get(reverse("calendar:add"))["Location"].startswith("webcal")


def test_an_instructors_gradebook_has_add_to_calendar(client, instructor, cohort):
    """An instructor lands on the gradebook, not the dashboard: the button is there."""
    client.force_login(instructor)
    body = client.get(reverse("labs:gradebook_index")).content.decode()
    assert f'href="{reverse("calendar:add")}"' in body and "Add to calendar" in body
    response = client.get(reverse("calendar:add"))
    assert response["Location"] == tokens.links_for(tokens.feed_token(user=instructor)).webcal


def test_deleting_the_account_ends_the_link(client, alice, cohort, labs):
    from privacy import services as privacy_services
    from progress.models import CalendarEventState

    EnrolmentFactory(user=alice, cohort=cohort, status=Enrolment.Status.ENROLLED)
    url = feed_url(alice)
    assert client.get(url).status_code == 200
    assert CalendarEventState.objects.filter(user=alice).exists()
    privacy_services.account_delete(user=alice)
    assert client.get(url).status_code == 404
    assert not CalendarEventState.objects.filter(user=alice).exists()


def test_my_data_says_when_the_link_was_made_never_the_link(alice):
    import json

    from privacy import selectors as privacy_selectors

    assert privacy_selectors.personal_export(user=alice).data["calendar_link"] is None
    token = tokens.feed_token(user=alice)
    tokens.feed_rotate(user=alice)
    feed = CalendarFeed.objects.get(user=alice)
    data = privacy_selectors.personal_export(user=alice).data
    assert data["calendar_link"] == {
        "created_at": feed.created_at.isoformat(),
        "rotated_at": feed.rotated_at.isoformat(),
    }
    text = json.dumps(data)
    assert token not in text and tokens.feed_token(user=alice) not in text
    assert feed.nonce not in text and feed.key_hash not in text
