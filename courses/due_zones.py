"""A due date as the moment it passes, read in another time zone.

Due dates are the school's: a lab due on 12 June is on time until the end of 12 June in the
site's zone (settings.TIME_ZONE), whoever is looking (courses.rules.due_moment, the moment
the rules judge lateness and the overdue flags against). A student who chose another zone
on /account/ (live: `request.time_zone`) reads that moment in theirs beside the date: west
of the school it comes hours before the date suggests, east of it on the next day.

The site's zone is Django's default zone, not the current one: pages render inside
`{% timezone request.time_zone %}`, where the current zone is the reader's.
"""

import datetime

from django.utils import dateformat, timezone

from courses import rules


def school_due_moment(due_on: datetime.date) -> datetime.datetime:
    """The aware moment work due on `due_on` becomes late: the end of that day in the
    site's zone, exactly as the course rules compute it (rules.due_moment)."""
    return rules.due_moment(due_on, timezone.get_default_timezone())


def due_moment_for_reader(due_on: datetime.date, reader_zone) -> datetime.datetime | None:
    """The due moment on the reader's clock, or None when the school's date says it all:
    no zone of their own, or one whose clock reads the school's at that moment."""
    if reader_zone is None:
        return None
    moment = school_due_moment(due_on)
    theirs = moment.astimezone(reader_zone)
    if theirs.utcoffset() == moment.utcoffset():
        return None
    return theirs


def clock_text(moment: datetime.datetime) -> str:
    """'Thu 10 Jun, 15:00': the weekday too, since it can differ from the school's date."""
    return dateformat.format(moment, "D j M, H:i")


# How the zone a person chose is read where there is no request (emails): registered by
# live (their TimeZonePreference), which sits above courses. None: the site's zone.
_zone_reader = None


def zone_reader_register(reader) -> None:
    global _zone_reader
    _zone_reader = reader


def person_zone(user):
    """The ZoneInfo `user` chose, or None (the site's); one query, for emails."""
    return _zone_reader(user) if _zone_reader is not None else None
