"""The demo's live sessions, seeded against the real clock: the running cohort's last two
lectures (attendance taken: one student missed both, so she is flagged at risk), one under
way now (its check-in code shows on the instructor's register), and the next few days';
each program's weekly schedule; one student who reads times in New York's zone.

Idempotent: a cohort that has sessions, or a program that has a schedule, is left alone.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from enrolment.models import Program
from labs.access import student_cohort
from live import services
from live.models import LiveSession, TimeZonePreference, WeeklySlot

MEETING = "https://meet.example.org/lodestar-{}"
# (days from today, hour in the school's zone or None: started 20 minutes ago, kind, title)
SESSIONS = [
    (-7, 16, "lecture", "Model evaluation beyond accuracy"),
    (-2, 16, "lecture", "Feature pipelines"),
    (0, None, "office_hours", "Office hours: this week's lab"),
    (1, 16, "lecture", "Regularisation in practice"),
    (3, 15, "review", "Week review and Q&A"),
]
ABSENT_TWICE = "student3"  # missed both past lectures: at risk on the gradebook
SCHEDULES = {
    "intensive": [
        ("lecture", 0, 10), ("lecture", 2, 10), ("office_hours", 3, 16), ("review", 4, 15)
    ],
    "flexible": [("lecture", 1, 19), ("office_hours", 5, 10), ("review", 3, 19)],
}  # fmt: skip


def seed_live_demo() -> None:
    User = get_user_model()
    zone = timezone.get_default_timezone()
    for slug, slots in SCHEDULES.items():
        program = Program.objects.filter(slug=slug).first()
        if program is None or WeeklySlot.objects.filter(program=program).exists():
            continue
        WeeklySlot.objects.bulk_create(
            WeeklySlot(program=program, kind=kind, weekday=day, start_time=datetime.time(hour),
                       duration_minutes=90, time_zone=settings.TIME_ZONE)
            for kind, day, hour in slots
        )  # fmt: skip
    student = User.objects.filter(username="student").first()
    instructor = User.objects.filter(username="instructor").first()
    cohort = student_cohort(user=student) if student else None
    if cohort is None or LiveSession.objects.filter(cohort=cohort).exists():
        return
    now = timezone.localtime(timezone.now(), zone).replace(second=0, microsecond=0)
    for index, (days, hour, kind, title) in enumerate(SESSIONS):
        if hour is None:
            start = now - datetime.timedelta(minutes=20)
        else:
            start = (now + datetime.timedelta(days=days)).replace(hour=hour, minute=0)
        session = services.session_create(
            cohort=cohort, kind=kind, title=title, local_start=start.replace(tzinfo=None),
            time_zone=settings.TIME_ZONE, duration_minutes=90,
            meeting_url=MEETING.format(index + 1), actor=instructor,
        )  # fmt: skip
        if days < 0:
            students = User.objects.filter(enrolments__cohort=cohort).distinct()
            statuses = {
                user.pk: "absent" if user.username == ABSENT_TWICE else "present"
                for user in students
            }
            services.attendance_take(session=session, statuses=statuses, actor=instructor)
    reader = User.objects.filter(username="student2").first()
    if reader is not None:
        TimeZonePreference.objects.get_or_create(
            user=reader, defaults={"time_zone": "America/New_York"}
        )
