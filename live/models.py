"""Live sessions of a cohort (lectures, office hours, reviews), their attendance, the
check-in attempts that throttle guessing, each person's time zone, and the weekly
schedule of live sessions the programs page shows."""

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from enrolment.models import Cohort, Program


def validate_time_zone(name: str) -> None:
    """A named IANA zone (Europe/Paris), as the calendar feed's TZID carries it."""
    if name not in zone_names():
        raise ValidationError(f"“{name}” is not a time zone we know. Pick one from the list.")


_ZONES: set[str] = set()


def zone_names() -> set[str]:
    if not _ZONES:
        _ZONES.update(zoneinfo.available_timezones() - {"localtime", "Factory"})
    return _ZONES


class SessionKind(models.TextChoices):
    LECTURE = "lecture", "Lecture"
    OFFICE_HOURS = "office_hours", "Office hours"
    REVIEW = "review", "Review"


class LiveSession(models.Model):
    """One live session of a cohort. Moving it changes this row (its calendar event keeps
    its UID, and the feed raises its SEQUENCE); it is never a new session."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="live_sessions")
    kind = models.CharField(max_length=16, choices=SessionKind.choices)
    title = models.CharField(max_length=120)
    starts_at = models.DateTimeField(db_index=True)
    # The zone the instructor scheduled it in: the feed's TZID, the page's "local" time.
    time_zone = models.CharField(max_length=64, validators=[validate_time_zone])
    duration_minutes = models.PositiveSmallIntegerField()
    meeting_url = models.URLField(max_length=500)
    # The short code students type to check in during the session (live.rules.new_code).
    checkin_code = models.CharField(max_length=12, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["cohort", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=5, duration_minutes__lte=600),
                name="live_session_duration_range",
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.get_kind_display()}, {self.cohort})"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)

    @property
    def local_start(self) -> datetime.datetime:
        return self.starts_at.astimezone(self.zone)


class Attendance(models.Model):
    """A student's attendance at one session: taken by the instructor, or a check-in."""

    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        LATE = "late", "Late"
        EXCUSED = "excused", "Excused"
        ABSENT = "absent", "Absent"

    ATTENDED = (Status.PRESENT, Status.LATE)

    class Source(models.TextChoices):
        INSTRUCTOR = "instructor", "Taken by the instructor"
        CHECK_IN = "check_in", "Student's check-in"

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="attendance")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="live_attendance"
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    source = models.CharField(max_length=12, choices=Source.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "student"], name="live_attendance_unique")
        ]
        indexes = [models.Index(fields=["student", "session"])]

    def __str__(self):
        return f"{self.student_id} at {self.session_id}: {self.status}"


class CheckInAttempt(models.Model):
    """A wrong check-in code: counted per student over a window to throttle guessing
    (as uploads are throttled by counting recent rows, labs.services.intake)."""

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["student", "at"])]

    def __str__(self):
        return f"Wrong check-in code by {self.student_id} at {self.at:%Y-%m-%d %H:%M}"


class TimeZonePreference(models.Model):
    """The zone a person reads times in (chosen on /account/); none: the site's zone."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="time_zone_preference"
    )
    time_zone = models.CharField(max_length=64, validators=[validate_time_zone])

    def __str__(self):
        return f"{self.user_id}: {self.time_zone}"


class WeeklySlot(models.Model):
    """A recurring weekly live session of a program (a track), for the programs page."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="weekly_slots")
    kind = models.CharField(max_length=16, choices=SessionKind.choices)
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start_time = models.TimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=90)
    time_zone = models.CharField(max_length=64, validators=[validate_time_zone])

    class Meta:
        ordering = ["program", "weekday", "start_time", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=5, duration_minutes__lte=600),
                name="live_slot_duration_range",
            )
        ]

    def __str__(self):
        return f"{self.program}: {self.get_kind_display()} {self.get_weekday_display()}"

    @property
    def slot_zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def end_time(self) -> datetime.time:
        start = datetime.datetime.combine(datetime.date(2000, 1, 3), self.start_time)
        return (start + datetime.timedelta(minutes=self.duration_minutes)).time()
