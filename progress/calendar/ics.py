"""A person's feed as an iCalendar file (RFC 5545, built with `icalendar`).

Every event keeps its UID (its key at the site's host); when an event's dates or title
change, its SEQUENCE goes up by one. What each feed last served is kept per (person, UID)
in `CalendarEventState`: one query reads it, and one more writes only the events that are
new or changed, so a plain fetch writes nothing.
"""

import datetime
import hashlib
import zoneinfo
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone

from progress.calendar.events import FeedEvent, events_for
from progress.models import CalendarEventState

PRODID = "-//Lodestar//Calendar feed//EN"
REFRESH = datetime.timedelta(hours=1)


def uid_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "lodestar"


def _zone_name(value) -> str:
    """A named zone's key (Europe/Paris) for an event that keeps its zone; else ""."""
    zone = getattr(value, "tzinfo", None)
    return zone.key if isinstance(zone, zoneinfo.ZoneInfo) and zone.key != "UTC" else ""


def fingerprint(event: FeedEvent) -> str:
    """What, once changed, makes a new version of the event for calendar apps."""
    parts = [event.start.isoformat(), event.end.isoformat(), event.summary]
    if zone := _zone_name(event.start):
        parts.append(zone)  # the same moment moved to another zone is a change too
    text = "|".join(parts)
    return hashlib.sha256(text.encode()).hexdigest()


def event_versions(*, user, events: list[FeedEvent]) -> dict[str, CalendarEventState]:
    """Each event's state (sequence, when it last changed), raising the sequence of those
    whose fingerprint changed since the last fetch (two queries at most)."""
    now = timezone.now()
    known = {
        state.uid: state
        for state in CalendarEventState.objects.filter(
            user=user, uid__in=[event.key for event in events]
        )
    }
    versions, changed = {}, []
    for event in events:
        mark = fingerprint(event)
        state = known.get(event.key)
        if state is None:
            state = CalendarEventState(user=user, uid=event.key, fingerprint=mark, changed_at=now)
            changed.append(state)
        elif state.fingerprint != mark:
            # A new row object (no pk): the upsert below finds the old one by (user, uid).
            state = CalendarEventState(
                user=user, uid=event.key, fingerprint=mark, sequence=state.sequence + 1,
                changed_at=now,
            )  # fmt: skip
            changed.append(state)
        versions[event.key] = state
    if changed:
        # A concurrent fetch may have written the same rows: the last one wins, and the
        # sequence it wrote is no lower than the one read.
        CalendarEventState.objects.bulk_create(
            changed,
            update_conflicts=True,
            unique_fields=["user", "uid"],
            update_fields=["fingerprint", "sequence", "changed_at"],
        )
    return versions


def _utc(value):
    """A datetime in UTC, unless it is in a named zone (a live session, scheduled in its
    instructor's zone): that one keeps its zone, written with a TZID and a VTIMEZONE."""
    if isinstance(value, datetime.datetime) and not _zone_name(value):
        return value.astimezone(datetime.UTC)
    return value


def feed_ics(*, user, title: str) -> bytes:
    """The user's feed, as bytes of text/calendar."""
    events = events_for(user)
    versions = event_versions(user=user, events=events)
    host, now = uid_host(), timezone.now().astimezone(datetime.UTC)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", title)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    for event in events:
        state = versions[event.key]
        item = icalendar.Event()
        item.add("uid", f"{event.key}@{host}")
        item.add("dtstamp", now)
        item.add("last-modified", _utc(state.changed_at))
        item.add("sequence", state.sequence)
        item.add("summary", event.summary)
        item.add("dtstart", _utc(event.start))
        item.add("dtend", _utc(event.end))
        item.add("transp", "TRANSPARENT")
        if event.description:
            item.add("description", event.description)
        if event.url:
            item.add("url", event.url)
        calendar.add_component(item)
    # A VTIMEZONE for every TZID the events name (RFC 5545, 3.6.5).
    calendar.add_missing_timezones()
    return calendar.to_ical()
