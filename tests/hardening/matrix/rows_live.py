"""The matrix's rows for live sessions: a cohort's sessions and a session's pages are its
instructor's and staff's (everyone else, a student of the cohort included, gets a 404 that
says nothing); check-in is for students of a cohort; one's own time zone."""

import datetime

from live import services
from tests.hardening.matrix.probes import MISSING, Probe, members, probe, reviewers

SESSION_FORM = {
    "kind": "lecture",
    "title": "Matrix lecture",
    "local_start": "2030-01-07T10:00",
    "time_zone": "Europe/Paris",
    "duration_minutes": 60,
    "meeting_url": "https://meet.example.org/matrix",
}


def _session(world, cohort_name: str):
    """A session of the world's cohort or other cohort, made the first time it is asked."""
    made = getattr(world, "live_sessions", None)
    if made is None:
        made = world.live_sessions = {}
    if cohort_name not in made:
        made[cohort_name] = services.session_create(
            cohort=getattr(world, cohort_name),
            kind="lecture",
            title=f"Matrix {cohort_name}",
            local_start=datetime.datetime(2030, 1, 7, 10, 0),  # noqa: DTZ001 - a wall clock
            time_zone="Europe/Paris",
            duration_minutes=60,
            meeting_url="https://meet.example.org/matrix",
            actor=None,
        )
    return made[cohort_name]


def _ours(world):
    return {"pk": _session(world, "cohort").pk}


def _theirs(world):
    return {"pk": _session(world, "other_cohort").pk}


# The other cohort's instructor and staff may; its students (none of our personas) and
# ours may not.
OTHERS = members(404, other_instructor=200, staff=200)

ROWS: dict[str, list[Probe]] = {
    "live:cohort_sessions": [
        probe("the cohort", reviewers(), lambda w: {"cohort_id": w.cohort.pk}),
        probe("the other cohort", OTHERS, lambda w: {"cohort_id": w.other_cohort.pk}),
        probe("missing cohort", members(404), lambda w: {"cohort_id": MISSING}),
        probe(
            "POST a session to the cohort",
            reviewers(302),
            lambda w: {"cohort_id": w.cohort.pk},
            method="POST",
            data=SESSION_FORM,
        ),
    ],
    "live:session_edit": [
        probe("our session", reviewers(), _ours),
        probe("the other cohort's session", OTHERS, _theirs),
        probe("missing", members(404), lambda w: {"pk": MISSING}),
        probe("POST (move) our session", reviewers(302), _ours, method="POST", data=SESSION_FORM),
    ],
    "live:attendance": [
        probe("our session's register", reviewers(), _ours),
        probe("the other cohort's register", OTHERS, _theirs),
        probe("missing", members(404), lambda w: {"pk": MISSING}),
        # A student cannot take attendance, not even her own.
        probe(
            "POST the register",
            reviewers(302),
            _ours,
            method="POST",
            data_fn=lambda w: {f"status-{w.users['student_a'].pk}": "present"},
        ),
    ],
    # Check-in: students of a cohort; a wrong code is a 400 with its message.
    "live:check_in": [
        probe("page", members(404, student_a=200, student_b=200)),
        probe(
            "POST a wrong code",
            members(404, student_a=400, student_b=400),
            method="POST",
            data={"code": "ZZZZZZ"},
        ),
    ],
    "live:time_zone": [
        probe("GET", members(405)),
        probe("POST", members(302), method="POST", data={"time_zone": "Asia/Tokyo"}),
    ],
}
