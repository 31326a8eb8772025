"""Live sessions' fixtures: a session of `cohort` at a fixed moment, and helpers."""

import datetime

import pytest

from live import services

# A Wednesday in a week with no clock change anywhere near (Europe/Paris is UTC+2).
# 14:00 on the wall clock in Paris (a naive time, as the form sends it) = 12:00 UTC.
SESSION_LOCAL_START = datetime.datetime(2027, 6, 16, 14, 0)  # noqa: DTZ001
SESSION_ZONE = "Europe/Paris"
SESSION_START_UTC = datetime.datetime(2027, 6, 16, 12, 0, tzinfo=datetime.UTC)


def make_session(cohort, *, actor=None, title="Intro to trees", minutes=90, **overrides):
    data = {
        "cohort": cohort,
        "kind": "lecture",
        "title": title,
        "local_start": SESSION_LOCAL_START,
        "time_zone": SESSION_ZONE,
        "duration_minutes": minutes,
        "meeting_url": "https://meet.example.org/trees",
        "actor": actor,
    }
    data.update(overrides)
    return services.session_create(**data)


@pytest.fixture
def lecture(cohort, instructor):
    """A 90-minute lecture of `cohort`, 14:00-15:30 Paris time on 16 June 2027."""
    return make_session(cohort, actor=instructor)
