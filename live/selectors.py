"""Reads of live sessions: a cohort's sessions, the roster, what a student sees next, and
attendance summaries (the gradebook's column and at-risk reason)."""

import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from enrolment.models import Cohort, Enrolment
from live.models import Attendance, LiveSession, TimeZonePreference
from progress.dashboards.attendance import NO_SESSIONS, AttendanceBook, AttendanceSummary

LONGEST_SESSION = datetime.timedelta(minutes=600)  # the duration's upper bound (models)


def cohort_sessions(*, cohort: Cohort) -> QuerySet[LiveSession]:
    return LiveSession.objects.filter(cohort=cohort).order_by("starts_at", "pk")


def upcoming_sessions(*, cohort: Cohort, now: datetime.datetime, limit: int = 5) -> list:
    """Sessions not over yet (the one under way first), soonest first: one query."""
    candidates = LiveSession.objects.filter(
        cohort=cohort, starts_at__gt=now - LONGEST_SESSION
    ).order_by("starts_at", "pk")
    return [session for session in candidates[: limit + 10] if session.ends_at > now][:limit]


def roster(*, cohort: Cohort) -> list:
    """The students who take part in the cohort's sessions, by name."""
    enrolments = (
        Enrolment.objects.filter(cohort=cohort, status__in=Enrolment.WITH_LAB_ACCESS)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__username")
    )
    return [enrolment.user for enrolment in enrolments]


def attendance_by_student(*, session: LiveSession) -> dict[int, Attendance]:
    return {row.student_id: row for row in session.attendance.all()}


def attendance_summaries(
    *, cohort: Cohort, student_ids, now: datetime.datetime, joined_late=None
) -> AttendanceBook:
    """Each student's attendance at the sessions of the cohort that have started and whose
    attendance was taken (at least one row): two queries whatever the class size.

    `joined_late` maps a late joiner's id to the local date they got their seat: sessions
    before that day are not theirs to miss (as their due dates move, courses.selectors).
    """
    taken = list(
        LiveSession.objects.filter(cohort=cohort, starts_at__lte=now, attendance__isnull=False)
        .distinct()
        .values_list("pk", "starts_at")
    )
    if not taken:
        return AttendanceBook()
    rows = Attendance.objects.filter(session_id__in=[pk for pk, _ in taken])
    if student_ids is not None:
        rows = rows.filter(student_id__in=student_ids)
    per_student = (
        rows.order_by()
        .values("student_id")
        .annotate(
            attended=Count("pk", filter=Q(status__in=Attendance.ATTENDED)),
            excused=Count("pk", filter=Q(status=Attendance.Status.EXCUSED)),
        )
        .values_list("student_id", "attended", "excused")
    )
    summaries = {
        student_id: AttendanceSummary(len(taken), attended, excused)
        for student_id, attended, excused in per_student
    }
    for student_id, joined_on in (joined_late or {}).items():
        theirs = sum(1 for _, starts_at in taken if timezone.localdate(starts_at) >= joined_on)
        known = summaries.get(student_id, NO_SESSIONS)
        attended = min(known.attended, theirs)
        summaries[student_id] = AttendanceSummary(
            theirs, attended, min(known.excused, theirs - attended)
        )
    # A student with no row at all missed every one of them.
    return AttendanceBook(summaries, default=AttendanceSummary(len(taken), 0, 0))


def preferred_zone_name(*, user) -> str:
    """The zone the user chose on /account/, or "" (the site's zone)."""
    if not user.is_authenticated:
        return ""
    found = TimeZonePreference.objects.filter(user=user).values_list("time_zone", flat=True)
    return found.first() or ""
