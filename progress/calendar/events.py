"""What a person's calendar feed carries, as plain events: their own due dates (courses'
rules: extensions and late joins applied), their cohort's first and last day, and for an
instructor every lab's due date in the cohorts they teach (one event per lab).

Other kinds (live sessions) join by registering a source in their AppConfig.ready:
`calendar_source_register(fn)`, where `fn(feed: FeedRequest) -> Iterable[FeedEvent]` reads
a fixed number of queries whatever the class size. An event's `key` must stay the same
across changes (it becomes the UID): a moved session keeps its key and the feed raises its
SEQUENCE (progress.calendar.ics).
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from courses import rules
from courses.selectors.deadlines import due_dates_for
from enrolment.models import Cohort
from labs import access
from labs.models import Lab


@dataclass(frozen=True)
class FeedEvent:
    key: str  # stable across changes, unique in the feed: the UID's left-hand side
    summary: str
    start: datetime.date | datetime.datetime  # a date: an all-day event
    end: datetime.date | datetime.datetime  # exclusive (RFC 5545 DTEND)
    description: str = ""
    url: str = ""


class FeedRequest:
    """The person whose feed is built, and the rows several sources share (read once)."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def enrolment(self):
        """The enrolment whose cohort the user studies in (labs.access), or None."""
        return access.student_enrolment(user=self.user)

    @cached_property
    def labs(self) -> list[Lab]:
        return list(Lab.objects.filter(is_published=True).order_by("week", "title", "pk"))


Source = Callable[[FeedRequest], Iterable[FeedEvent]]
_sources: dict[str, Source] = {}


def calendar_source_register(name: str, source: Source) -> None:
    """Add a kind of event to everyone's feed (again on a second ready() replaces it)."""
    _sources[name] = source


def events_for(user) -> list[FeedEvent]:
    """Every event of the user's feed, each key once, in date order."""
    feed = FeedRequest(user)
    events: dict[str, FeedEvent] = {}
    for source in _sources.values():
        for event in source(feed):
            events.setdefault(event.key, event)
    return sorted(events.values(), key=lambda event: (_as_moment(event.start), event.key))


def _as_moment(value) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value
    return datetime.datetime.combine(value, datetime.time(), timezone.get_default_timezone())


def _lab_url(lab: Lab) -> str:
    return settings.SITE_URL + reverse("labs:detail", args=[lab.slug])


def _due_event(*, key: str, lab: Lab, due_on: datetime.date, note: str) -> FeedEvent:
    """A due date as the last minute of its day in the site's zone, in UTC (work is on time
    until the end of the due date: courses.rules.due_moment)."""
    tz = timezone.get_default_timezone()
    ends = rules.due_moment(due_on, tz).astimezone(datetime.UTC)
    url = _lab_url(lab)
    lines = [f"Due by the end of {due_on:%A %-d %B %Y} ({tz}).", note, url]
    return FeedEvent(
        key=key,
        summary=f"Due: {lab.title}",
        start=ends - datetime.timedelta(minutes=1),
        end=ends,
        description="\n".join(line for line in lines if line),
        url=url,
    )


def _cohort_events(cohort: Cohort) -> list[FeedEvent]:
    one_day = datetime.timedelta(days=1)
    name = cohort.name
    return [
        FeedEvent(f"cohort-{cohort.pk}-start", f"{name} starts", cohort.start_date,
                  cohort.start_date + one_day),
        FeedEvent(f"cohort-{cohort.pk}-end", f"{name} ends", cohort.end_date,
                  cohort.end_date + one_day),
    ]  # fmt: skip


_NOTES = {"extension": "Your extended date.", "joined late": "Your own date: you joined late."}


def student_events(feed: FeedRequest) -> list[FeedEvent]:
    """The student's own due dates and their cohort's dates (three queries)."""
    enrolment = feed.enrolment
    if enrolment is None:
        return []
    cohort, user_id = enrolment.cohort, feed.user.pk
    dues = due_dates_for(cohort=cohort, student_id=user_id)
    events = _cohort_events(cohort)
    for lab in feed.labs:
        due = dues.for_student(user_id, lab)
        events.append(
            _due_event(
                key=f"lab-{lab.pk}-cohort-{cohort.pk}-user-{user_id}",
                lab=lab,
                due_on=due.due_on,
                note=_NOTES.get(due.source, ""),
            )
        )
    return events


def teaching_events(feed: FeedRequest) -> list[FeedEvent]:
    """For an instructor: each lab's cohort due date and the dates of every cohort they
    teach (one query, and the labs)."""
    cohorts = Cohort.objects.filter(instructors=feed.user).select_related("program")
    events = []
    for cohort in cohorts.order_by("start_date", "pk"):
        events += _cohort_events(cohort)
        for lab in feed.labs:
            events.append(
                _due_event(
                    key=f"lab-{lab.pk}-cohort-{cohort.pk}",
                    lab=lab,
                    due_on=lab.due_on(cohort),
                    note=f"{cohort.name} (the cohort's date; extensions are in the gradebook).",
                )
            )
    return events


calendar_source_register("progress.student", student_events)
calendar_source_register("progress.teaching", teaching_events)
