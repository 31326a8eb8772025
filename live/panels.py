"""What live adds to other apps' pages: the student dashboard's upcoming sessions
(progress.dashboard_panels), the account page's time zone (enrolment.account_panels), each
track's weekly schedule on /programs/ (enrolment.program_sections) and the sessions in each
person's calendar feed (progress.calendar.events)."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from enrolment.models import Cohort
from live import rules, selectors
from live.forms import TimeZoneForm
from live.middleware import zone_from_name
from live.models import LiveSession, WeeklySlot
from progress.calendar.events import FeedEvent, FeedRequest


def dashboard_context(request, *, cohort) -> dict:
    """The student's next sessions (one query), with whether check-in is open now."""
    now = timezone.now()
    sessions = selectors.upcoming_sessions(cohort=cohort, now=now) if cohort else []
    rows = []
    for session in sessions:
        window = rules.check_in_window(starts_at=session.starts_at, ends_at=session.ends_at)
        rows.append({"session": session, "check_in_open": window.state(now) == "open"})
    return {"live_sessions": rows, "now": now}


def account_context(request) -> dict:
    zone = getattr(request, "time_zone", None)
    form = TimeZoneForm(initial={"time_zone": zone.key if zone else ""})
    return {"time_zone_form": form, "site_zone": settings.TIME_ZONE}


def person_zone(user):
    """The ZoneInfo `user` chose on /account/, or None (the site's): for emails, where no
    request carries it (courses.due_zones)."""
    return zone_from_name(selectors.preferred_zone_name(user=user))


def _event(session: LiveSession, *, key: str, note: str) -> FeedEvent:
    zone = session.zone
    url = settings.SITE_URL + reverse("labs:dashboard")
    lines = [f"{session.get_kind_display()} · {note}", f"Join: {session.meeting_url}"]
    return FeedEvent(
        key=key,
        summary=f"{session.get_kind_display()}: {session.title}",
        start=session.starts_at.astimezone(zone),
        end=session.ends_at.astimezone(zone),
        description="\n".join(lines),
        url=session.meeting_url or url,
    )


def student_sessions(feed: FeedRequest) -> list[FeedEvent]:
    """The sessions of the student's cohort (one query: the enrolment is the feed's)."""
    if feed.enrolment is None:
        return []
    cohort = feed.enrolment.cohort
    return [
        _event(session, key=f"live-session-{session.pk}", note=cohort.name)
        for session in selectors.cohort_sessions(cohort=cohort)
    ]


def teaching_sessions(feed: FeedRequest) -> list[FeedEvent]:
    """The sessions of every cohort the instructor teaches (one query)."""
    sessions = LiveSession.objects.filter(
        cohort__in=Cohort.objects.filter(instructors=feed.user)
    ).select_related("cohort")
    return [
        # Another key than a student's: a person who studies and teaches gets both.
        _event(session, key=f"live-session-{session.pk}-teaching", note=session.cohort.name)
        for session in sessions.order_by("starts_at", "pk")
    ]


def _in_zone(slot: WeeklySlot, zone, today: datetime.date) -> str:
    """The slot's next occurrence shown in another zone (weekday and time may differ)."""
    days_ahead = (slot.weekday - today.weekday()) % 7
    day = today + datetime.timedelta(days=days_ahead)
    start = datetime.datetime.combine(day, slot.start_time, slot.slot_zone)
    there = start.astimezone(zone)
    return f"{there:%A %H:%M} ({there.tzname()})"


def program_schedules(request, *, programs) -> dict[int, dict]:
    """Each program's weekly live sessions (WeeklySlot, edited in the admin) for its card on
    /programs/, in the track's zone and, for someone who chose another, in theirs: one
    query for every program. A program without slots gets no section."""
    zone = getattr(request, "time_zone", None)
    today = timezone.localdate()
    by_program: dict[int, list] = {}
    slots = WeeklySlot.objects.filter(program__in=[program.pk for program in programs])
    for slot in slots.order_by("weekday", "start_time", "pk"):
        yours = ""
        if zone is not None and zone.key != slot.time_zone:
            yours = _in_zone(slot, zone, today)
        by_program.setdefault(slot.program_id, []).append({"slot": slot, "yours": yours})
    return {
        program.pk: {"program": program, "slots": by_program[program.pk]}
        for program in programs
        if program.pk in by_program
    }
