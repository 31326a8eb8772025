"""A person's live-session data in their export: the time zone they chose and their
attendance at each session (live)."""

from live.models import Attendance, TimeZonePreference


def live_sessions(user) -> dict:
    preference = TimeZonePreference.objects.filter(user=user).first()
    rows = (
        Attendance.objects.filter(student=user)
        .select_related("session__cohort")
        .order_by("session__starts_at", "pk")
    )
    return {
        "time_zone": preference.time_zone if preference else None,
        "attendance": [
            {
                "cohort": row.session.cohort.name,
                "session": row.session.title,
                "kind": row.session.get_kind_display(),
                "starts_at": row.session.starts_at.isoformat(),
                "status": row.status,
                "recorded": row.get_source_display(),
                "recorded_at": row.recorded_at.isoformat(),
            }
            for row in rows
        ],
    }
