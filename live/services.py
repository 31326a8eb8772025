"""Everything that writes live sessions: schedule and move a session, take attendance, a
student's check-in, a person's time zone."""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from enrolment.models import Cohort, Enrolment
from live import rules
from live.models import Attendance, CheckInAttempt, LiveSession, TimeZonePreference


class CheckInRefused(Exception):
    """A check-in that is not accepted; its text says why, for the student."""


def aware_start(*, local_start: datetime.datetime, time_zone: str) -> datetime.datetime:
    """A wall-clock time in the named zone as an aware datetime. A time that does not exist
    (the hour skipped when clocks go forward) is refused rather than moved silently."""
    zone = zoneinfo.ZoneInfo(time_zone)
    start = local_start.replace(tzinfo=zone)
    there_and_back = start.astimezone(datetime.UTC).astimezone(zone)
    if there_and_back.replace(tzinfo=None) != local_start.replace(tzinfo=None):
        raise ValidationError(
            {"local_start": f"{local_start:%H:%M} does not exist on that day in {time_zone} "
             "(the clocks go forward): pick another time."}
        )  # fmt: skip
    return start


def session_create(
    *,
    cohort: Cohort,
    kind: str,
    title: str,
    local_start: datetime.datetime,
    time_zone: str,
    duration_minutes: int,
    meeting_url: str,
    actor,
) -> LiveSession:
    session = LiveSession(
        cohort=cohort,
        kind=kind,
        title=title,
        starts_at=aware_start(local_start=local_start, time_zone=time_zone),
        time_zone=time_zone,
        duration_minutes=duration_minutes,
        meeting_url=meeting_url,
        checkin_code=rules.new_code(),
        created_by=actor,
    )
    session.full_clean()
    session.save()
    return session


def session_update(
    *,
    session: LiveSession,
    kind: str,
    title: str,
    local_start: datetime.datetime,
    time_zone: str,
    duration_minutes: int,
    meeting_url: str,
) -> LiveSession:
    """Change or move a session: the same row, so its calendar event keeps its UID and the
    feed raises its SEQUENCE (progress.calendar.ics)."""
    session.kind = kind
    session.title = title
    session.starts_at = aware_start(local_start=local_start, time_zone=time_zone)
    session.time_zone = time_zone
    session.duration_minutes = duration_minutes
    session.meeting_url = meeting_url
    session.full_clean()
    session.save()
    return session


def attendance_take(*, session: LiveSession, statuses: dict[int, str], actor) -> int:
    """The instructor's register: each student's status (students not in the cohort are
    ignored). Returns how many rows changed; each change is saved (and audited) alone."""
    allowed = set(
        Enrolment.objects.filter(
            cohort_id=session.cohort_id, status__in=Enrolment.WITH_LAB_ACCESS
        ).values_list("user_id", flat=True)
    )
    known = {row.student_id: row for row in session.attendance.all()}
    changed = 0
    now = timezone.now()
    with transaction.atomic():
        for student_id, status in statuses.items():
            if student_id not in allowed or status not in Attendance.Status.values:
                continue
            row = known.get(student_id)
            if row is not None and row.status == status:
                continue
            if row is None:
                row = Attendance(session=session, student_id=student_id)
            row.status = status
            row.source = Attendance.Source.INSTRUCTOR
            row.recorded_by = actor
            row.recorded_at = now
            row.save()
            changed += 1
    return changed


@dataclass(frozen=True)
class CheckIn:
    session: LiveSession
    status: str
    already: bool


LATE_AFTER = datetime.timedelta(minutes=10)  # a check-in after start + this is "late"


def check_in(*, student, cohort: Cohort, code: str, now: datetime.datetime | None = None):
    """A student's check-in with the code their instructor shows: accepted only inside the
    session's window (live.rules.check_in_window), at most CHECK_IN_TRIES wrong codes per
    CHECK_IN_TRIES_WINDOW. Present until 10 minutes after the start, late after."""
    now = now or timezone.now()
    code = rules.normalise_code(code)
    if not code:
        raise CheckInRefused("Type the code your instructor shows.")
    with transaction.atomic():
        # Serialise one student's tries so the limit holds under parallel requests.
        get_user_model().objects.select_for_update().filter(pk=student.pk).exists()
        since = now - rules.CHECK_IN_TRIES_WINDOW
        wrong = CheckInAttempt.objects.filter(student=student, at__gt=since, at__lte=now).count()
        if wrong >= rules.CHECK_IN_TRIES:
            minutes = int(rules.CHECK_IN_TRIES_WINDOW.total_seconds() // 60)
            raise CheckInRefused(f"Too many wrong codes: wait {minutes} minutes, then try again.")
        session = LiveSession.objects.filter(cohort=cohort, checkin_code=code).first()
        if session is None:
            # Stored before the refusal leaves the block (an exception would roll it back).
            CheckInAttempt.objects.create(student=student, at=now)
    if session is None:
        left = rules.CHECK_IN_TRIES - wrong - 1
        raise CheckInRefused(
            f"That code matches no session of your cohort. Check it and try again "
            f"({left} tr{'y' if left == 1 else 'ies'} left)."
        )
    window = rules.check_in_window(starts_at=session.starts_at, ends_at=session.ends_at)
    state = window.state(now)
    if state != "open":
        raise CheckInRefused(_closed_message(session, window, state))
    on_time = now <= session.starts_at + LATE_AFTER
    # get_or_create: a double click (or the instructor's mark first) keeps the first row.
    row, made = Attendance.objects.get_or_create(
        session=session,
        student=student,
        defaults={
            "status": Attendance.Status.PRESENT if on_time else Attendance.Status.LATE,
            "source": Attendance.Source.CHECK_IN,
            "recorded_by": student,
            "recorded_at": now,
        },
    )
    return CheckIn(session, row.status, already=not made)


def _closed_message(session: LiveSession, window: rules.Window, state: str) -> str:
    zone = timezone.get_current_timezone()
    if state == "early":
        opens = timezone.localtime(window.opens, zone)
        return (
            f"Check-in for “{session.title}” opens at {opens:%H:%M} on {opens:%A %-d %B} "
            f"({opens.tzname()}), {int(rules.CHECK_IN_OPENS_BEFORE.total_seconds() // 60)} "
            "minutes before it starts."
        )
    closes = timezone.localtime(window.closes, zone)
    return (
        f"Check-in for “{session.title}” closed at {closes:%H:%M} on {closes:%A %-d %B} "
        f"({closes.tzname()}), when the session ended. Ask your instructor to mark you."
    )


def time_zone_set(*, user, time_zone: str) -> None:
    """The user's zone for reading times ("" goes back to the site's)."""
    if not time_zone:
        TimeZonePreference.objects.filter(user=user).delete()
        return
    preference = TimeZonePreference(user=user, time_zone=time_zone)
    preference.full_clean(validate_unique=False)
    TimeZonePreference.objects.update_or_create(user=user, defaults={"time_zone": time_zone})
