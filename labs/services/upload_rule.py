"""Whether an upload would be accepted now: the one rule intake, the lab page, the student
dashboard and the API share, so a page offers the upload form exactly when intake takes it.

Three things refuse an upload: the lab is not open yet (or not published), the student's own
cutoff has passed (courses.rules: due date, extension or late join, plus the late policy),
or the lab's daily limit is used up. The per-minute limit is not part of it: it is a burst
guard, over in a minute, that intake alone applies.

The cutoff is the course rules' (a student's LabResult), and courses sits above labs: it
registers its reader here in CoursesConfig.ready (lab_result_reader_register), as the apps
that add to the account page register their panels, so labs never imports courses.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.formats import date_format

from enrolment.models import Cohort
from labs import access
from labs.models import Lab
from labs.selectors import start_of_today, submissions_charged_today

EXTENSION_HINT = "If something kept you from it, ask your instructor for an extension."

# reader(student=, cohort=, lab=, now=) -> the student's LabResult, or None outside a cohort.
_readers: dict[str, Callable] = {}


def lab_result_reader_register(reader: Callable) -> None:
    """The course rules hand over how to read a student's result (again on a second
    ready() replaces it)."""
    _readers["lab_result"] = reader


def _lab_result_for(**kwargs):
    if "lab_result" not in _readers:
        # Never guess a cutoff: without the course rules no upload would ever close.
        raise ImproperlyConfigured("courses registers the lab result reader in its ready().")
    return _readers["lab_result"](**kwargs)


@dataclass(frozen=True)
class UploadRefusal:
    """Why an upload is refused now, and what the student can do about it."""

    code: str  # "not_open", "closed" or "daily_limit"
    reason: str
    hint: str

    def __str__(self) -> str:
        return f"{self.reason} {self.hint}"


def upload_refusal(
    *, lab: Lab, student, cohort: Cohort | None, now: datetime.datetime | None = None
) -> UploadRefusal | None:
    """Why `student` cannot upload to `lab` at `now`, or None if the upload would be accepted.

    Reads the student's result for the lab and today's charged uploads (five queries); a page
    that has read them already calls refusal_for with them instead.
    """
    now = now or timezone.now()
    return refusal_for(
        lab=lab,
        cohort=cohort,
        result=_lab_result_for(student=student, cohort=cohort, lab=lab, now=now),
        charged_today=submissions_charged_today(lab=lab, student=student, now=now),
        now=now,
    )


def refusal_for(
    *, lab: Lab, cohort: Cohort | None, result, charged_today: int, now: datetime.datetime
) -> UploadRefusal | None:
    """The rule itself, on facts already read: `result` is the student's courses.rules.
    LabResult for the lab at `now` (None outside a cohort), `charged_today` the uploads that
    count against today's limit. No query."""
    if not access.is_lab_open(lab=lab, cohort=cohort, today=timezone.localdate(now)):
        if cohort is None or not lab.is_published:  # no calendar for a reviewer
            return UploadRefusal(
                "not_open",
                "This lab is not published.",
                "Its page and upload form appear once staff publish it.",
            )
        return UploadRefusal(
            "not_open",
            f"This lab opens on {_day(lab.opens_on(cohort))}.",
            "Its data and the upload form appear on that day.",
        )
    if result is not None and result.is_closed:
        return UploadRefusal(
            "closed",
            f"Uploads for this lab closed on {_moment(result.closes_at)}: it was due on "
            f"{_day(result.due_on)} and late work was accepted until then.",
            EXTENSION_HINT,
        )
    if charged_today >= lab.daily_limit:
        reason = f"You have used all {lab.daily_limit} submissions for this lab today."
        if result is not None and result.closes_at <= _start_of_tomorrow(now):
            # "Try again tomorrow" would send the student to a closed lab.
            return UploadRefusal(
                "daily_limit",
                reason,
                f"Uploads for this lab close on {_moment(result.closes_at)}, so today was "
                f"the last day. {EXTENSION_HINT}",
            )
        return UploadRefusal(
            "daily_limit", reason, "Rejected files do not count; try again tomorrow."
        )
    return None


def _start_of_tomorrow(now: datetime.datetime) -> datetime.datetime:
    tomorrow = start_of_today(now).date() + datetime.timedelta(days=1)
    # Midnight built from the date (not +24 h), so a daylight-saving day stays one day.
    return datetime.datetime.combine(tomorrow, datetime.time(), timezone.get_current_timezone())


def _day(day: datetime.date) -> str:
    return date_format(day, "l j F")


def _moment(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "l j F, H:i")
