"""The private calendar feed: a student's own due dates and cohort dates, changes with
stable UIDs and rising sequences, a late joiner's dates, and an instructor's feed."""

import datetime

import pytest
from django.utils import timezone

from courses.models import Extension
from enrolment.models import Enrolment, EnrolmentEvent
from labs.models import Lab
from tests.factories import UserFactory
from tests.labs.calendar.conftest import START, events_by_uid, feed_url, fetch
from tests.labs.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db

HOST = "127.0.0.1"  # SITE_URL's host in the test settings


def _due_start(due_on: datetime.date) -> datetime.datetime:
    """The last minute of the due date in the site's zone, in UTC."""
    local = datetime.datetime.combine(
        due_on, datetime.time(23, 59), timezone.get_default_timezone()
    )
    return local.astimezone(datetime.UTC)


def _uid(lab, cohort, user):
    return f"lab-{lab.pk}-cohort-{cohort.pk}-user-{user.pk}@{HOST}"


def test_a_students_feed_has_her_due_dates_and_her_cohort(client, alice, cohort, labs, settings):
    assert settings.SITE_URL.split("://")[1].split(":")[0] == HOST
    EnrolmentFactory(user=alice, cohort=cohort, status=Enrolment.Status.ENROLLED)
    Lab.objects.create(  # unpublished: not in anyone's feed
        slug="draft", title="Draft", week=2, dataset=labs[0].dataset, is_published=False
    )
    calendar = fetch(client, feed_url(alice))
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    events = events_by_uid(calendar)
    assert set(events) == {
        _uid(labs[0], cohort, alice),
        _uid(labs[1], cohort, alice),
        f"cohort-{cohort.pk}-start@{HOST}",
        f"cohort-{cohort.pk}-end@{HOST}",
    }
    first = events[_uid(labs[0], cohort, alice)]
    assert first.decoded("DTSTART") == _due_start(labs[0].due_on(cohort))
    assert first.decoded("DTEND") == _due_start(labs[0].due_on(cohort)) + datetime.timedelta(
        minutes=1
    )
    assert str(first["SUMMARY"]) == f"Due: {labs[0].title}"
    assert f"/labs/{labs[0].slug}/" in str(first["DESCRIPTION"])
    assert first["SEQUENCE"] == 0 and first.decoded("DTSTAMP").tzinfo is not None
    start = events[f"cohort-{cohort.pk}-start@{HOST}"]
    assert start.decoded("DTSTART") == START  # an all-day event (a date, no time)
    assert start.decoded("DTEND") == START + datetime.timedelta(days=1)
    end = events[f"cohort-{cohort.pk}-end@{HOST}"]
    assert end.decoded("DTSTART") == cohort.end_date


def test_an_extension_moves_the_event_and_raises_its_sequence(
    client, alice, cohort, labs, staff_user, feed_clock
):
    EnrolmentFactory(user=alice, cohort=cohort, status=Enrolment.Status.ENROLLED)
    url = feed_url(alice)
    uid = _uid(labs[0], cohort, alice)
    before = events_by_uid(fetch(client, url))
    assert before[uid]["SEQUENCE"] == 0
    # A plain fetch again changes nothing.
    assert events_by_uid(fetch(client, url))[uid]["SEQUENCE"] == 0
    new_due = labs[0].due_on(cohort) + datetime.timedelta(days=5)
    feed_clock.shift(datetime.timedelta(hours=2))
    extension = Extension.objects.create(
        student=alice, cohort=cohort, lab=labs[0], due_on=new_due, reason="Ill.",
        granted_by=staff_user,
    )  # fmt: skip
    after = events_by_uid(fetch(client, url))
    assert set(after) == set(before)  # the same UIDs
    assert after[uid].decoded("DTSTART") == _due_start(new_due)
    assert after[uid]["SEQUENCE"] == 1
    assert "extended" in str(after[uid]["DESCRIPTION"])
    assert after[uid].decoded("LAST-MODIFIED") > before[uid].decoded("LAST-MODIFIED")
    assert after[_uid(labs[1], cohort, alice)]["SEQUENCE"] == 0  # the other lab did not move
    # Revoked: back to the cohort's date, as a newer version still.
    extension.revoked_at, extension.revoked_by = timezone.now(), staff_user
    extension.revoke_reason = "Granted in error."
    extension.save()
    again = events_by_uid(fetch(client, url))
    assert again[uid].decoded("DTSTART") == _due_start(labs[0].due_on(cohort))
    assert again[uid]["SEQUENCE"] == 2


def test_a_late_joiner_gets_her_own_dates(client, alice, bob, cohort, labs):
    EnrolmentFactory(user=bob, cohort=cohort, status=Enrolment.Status.ENROLLED)
    enrolment = EnrolmentFactory(user=alice, cohort=cohort, status=Enrolment.Status.ENROLLED)
    joined = timezone.now() - datetime.timedelta(days=1)
    EnrolmentEvent.objects.create(
        enrolment=enrolment, at=joined, from_status="", to_status=Enrolment.Status.ENROLLED,
        to_cohort=cohort,
    )  # fmt: skip
    lab = labs[0]  # due before she joined: its normal length from her arrival
    own_due = joined.date() + (lab.due_on(cohort) - lab.opens_on(cohort))
    assert own_due != lab.due_on(cohort)
    hers = events_by_uid(fetch(client, feed_url(alice)))[_uid(lab, cohort, alice)]
    assert hers.decoded("DTSTART") == _due_start(own_due)
    assert "joined late" in str(hers["DESCRIPTION"])
    his = events_by_uid(fetch(client, feed_url(bob)))[_uid(lab, cohort, bob)]
    assert his.decoded("DTSTART") == _due_start(lab.due_on(cohort))


def test_an_instructors_feed_has_one_event_per_lab_of_each_cohort_taught(
    client, alice, cohort, labs
):
    from tests.labs.factories import CohortFactory

    instructor = UserFactory(username="ines")
    cohort.instructors.add(instructor)
    not_hers = CohortFactory(start_date=START + datetime.timedelta(days=7))
    EnrolmentFactory(user=alice, cohort=cohort, status=Enrolment.Status.ENROLLED)
    Extension.objects.create(
        student=alice, cohort=cohort, lab=labs[0], reason="Ill.", granted_by=instructor,
        due_on=labs[0].due_on(cohort) + datetime.timedelta(days=3),
    )  # fmt: skip
    events = events_by_uid(fetch(client, feed_url(instructor)))
    assert set(events) == {
        f"lab-{labs[0].pk}-cohort-{cohort.pk}@{HOST}",
        f"lab-{labs[1].pk}-cohort-{cohort.pk}@{HOST}",
        f"cohort-{cohort.pk}-start@{HOST}",
        f"cohort-{cohort.pk}-end@{HOST}",
    }
    assert f"cohort-{not_hers.pk}-start@{HOST}" not in events
    # The cohort's date, not one student's extension.
    event = events[f"lab-{labs[0].pk}-cohort-{cohort.pk}@{HOST}"]
    assert event.decoded("DTSTART") == _due_start(labs[0].due_on(cohort))


def test_someone_without_a_cohort_gets_an_empty_calendar(client, bob, cohort, labs):
    EnrolmentFactory(user=bob, cohort=cohort, status=Enrolment.Status.APPLIED)
    calendar = fetch(client, feed_url(bob))
    assert calendar.walk("VEVENT") == []


def test_due_dates_follow_the_sites_zone_and_are_written_in_utc(
    client, alice, cohort, labs, settings
):
    settings.TIME_ZONE = "America/New_York"
    EnrolmentFactory(user=alice, cohort=cohort, status=Enrolment.Status.ENROLLED)
    response = client.get(feed_url(alice))
    event = events_by_uid(fetch(client, feed_url(alice)))[_uid(labs[0], cohort, alice)]
    due_on = labs[0].due_on(cohort)
    # 23:59 in New York (summer time, UTC-4) is 03:59 the next day in UTC.
    expected = datetime.datetime.combine(
        due_on + datetime.timedelta(days=1), datetime.time(3, 59), datetime.UTC
    )
    assert event.decoded("DTSTART") == expected
    assert f"DTSTART:{expected:%Y%m%dT%H%M%SZ}".encode() in response.content


def test_a_moved_cohort_moves_every_event_with_the_same_uids(client, alice, cohort, labs):
    EnrolmentFactory(user=alice, cohort=cohort, status=Enrolment.Status.ENROLLED)
    url = feed_url(alice)
    before = events_by_uid(fetch(client, url))
    cohort.start_date = START + datetime.timedelta(days=7)
    cohort.save()
    after = events_by_uid(fetch(client, url))
    assert set(after) == set(before)
    assert all(event["SEQUENCE"] == 1 for event in after.values())
    start = after[f"cohort-{cohort.pk}-start@{HOST}"]
    assert start.decoded("DTSTART") == START + datetime.timedelta(days=7)
    lab_event = after[_uid(labs[0], cohort, alice)]
    assert lab_event.decoded("DTSTART") == _due_start(labs[0].due_on(cohort))
