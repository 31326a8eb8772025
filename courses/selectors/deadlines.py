"""Each student's due date per lab: the cohort's, a late joiner's, or an extension."""

import datetime
from collections.abc import Collection, Iterable

from django.db.models import Min
from django.utils import timezone

from courses import rules
from courses.models import Extension
from enrolment.models import Cohort, Enrolment, EnrolmentEvent
from labs.models import Lab


class DueDates:
    """Each student's due date per lab: the cohort's, a late joiner's, or an extension."""

    def __init__(self, cohort: Cohort, extensions: Iterable[Extension], joined: dict):
        self.cohort = cohort
        self.joined = joined  # student id -> the local date they got a seat in this cohort
        self._lab_dates: dict[int, tuple[datetime.date, datetime.date]] = {}
        self.lab_extensions: dict[tuple[int, int], Extension] = {}
        self.all_lab_extensions: dict[int, Extension] = {}
        for extension in extensions:  # newest first: the first one seen wins
            if extension.lab_id:
                self.lab_extensions.setdefault((extension.student_id, extension.lab_id), extension)
            else:
                self.all_lab_extensions.setdefault(extension.student_id, extension)
        # Students whose dates may differ from the cohort's: an extension or a late join.
        self._personal = {student_id for student_id, _ in self.lab_extensions}
        self._personal.update(self.all_lab_extensions)
        self._personal.update(student_id for student_id in joined if self.joined_late(student_id))
        self._cohort_due: dict[int, rules.PersonalDue] = {}

    def cohort_dates(self, lab: Lab) -> tuple[datetime.date, datetime.date]:
        dates = self._lab_dates.get(lab.pk)
        if dates is None:
            dates = self._lab_dates[lab.pk] = (lab.opens_on(self.cohort), lab.due_on(self.cohort))
        return dates

    def joined_late(self, student_id: int) -> datetime.date | None:
        joined = self.joined.get(student_id)
        return joined if joined and joined > self.cohort.start_date else None

    def late_joins(self) -> dict[int, datetime.date]:
        """Each late joiner's id -> the local date they got their seat."""
        return {sid: joined for sid in self.joined if (joined := self.joined_late(sid))}

    def for_student(self, student_id: int, lab: Lab) -> rules.PersonalDue:
        if student_id not in self._personal:
            # Most students keep the cohort's date: one shared PersonalDue per lab.
            due = self._cohort_due.get(lab.id)
            if due is None:
                due = self._cohort_due[lab.id] = rules.PersonalDue(self.cohort_dates(lab)[1])
            return due
        extension = self.lab_extensions.get((student_id, lab.pk))
        if extension is not None:
            return rules.PersonalDue(extension.due_on, "extension", extension.reason)
        opens_on, due_on = self.cohort_dates(lab)
        due = rules.PersonalDue(due_on)
        joined = self.joined_late(student_id)
        if joined and due_on < joined:
            # Already due when they arrived: the lab's normal length, counted from arrival.
            due = rules.PersonalDue(
                joined + (due_on - opens_on),
                "joined late",
                f"joined the cohort on {joined:%b %-d}",
            )
        extension = self.all_lab_extensions.get(student_id)
        if extension is not None:
            return rules.PersonalDue(
                due.due_on + datetime.timedelta(days=extension.extra_days),
                "extension",
                extension.reason,
            )
        return due


def seat_events(*, cohort):
    """The events that gave a student a seat in the cohort (or an OuterRef to one): the
    first of a student's is the day they joined."""
    return EnrolmentEvent.objects.filter(to_cohort=cohort, to_status=Enrolment.Status.ENROLLED)


def due_dates_for(
    *,
    cohort: Cohort,
    student_id: int | None = None,
    seated_at: dict | None = None,
    student_ids: Collection[int] | None = None,
) -> DueDates:
    """Two queries: the cohort's extensions, and when each student got their seat in it.

    A caller that read the seat with the enrolment (enrolments_with_standing) passes
    `seated_at`, student id -> the moment (one query then).
    """
    extensions = Extension.objects.filter(cohort=cohort, revoked_at=None).order_by(
        "-granted_at", "-pk"
    )
    if student_id is not None:
        extensions = extensions.filter(student_id=student_id)
    if student_ids is not None:
        extensions = extensions.filter(student_id__in=list(student_ids))
    if seated_at is None:
        events = seat_events(cohort=cohort).filter(enrolment__cohort=cohort)
        if student_id is not None:
            events = events.filter(enrolment__user_id=student_id)
        if student_ids is not None:
            events = events.filter(enrolment__user_id__in=list(student_ids))
        seated_at = dict(
            events.order_by()
            .values("enrolment__user_id")
            .annotate(first=Min("at"))
            .values_list("enrolment__user_id", "first")
        )
    joined = {user_id: timezone.localdate(first) for user_id, first in seated_at.items()}
    return DueDates(cohort, list(extensions), joined)


def personal_due_dates(*, enrolment: Enrolment, today: datetime.date | None = None):
    """(lab, PersonalDue) for the labs whose due date is this student's own."""
    dues = due_dates_for(cohort=enrolment.cohort, student_id=enrolment.user_id)
    labs = Lab.objects.filter(is_published=True).order_by("week", "title", "pk")
    found = []
    for lab in labs:
        due = dues.for_student(enrolment.user_id, lab)
        if due.is_personal:
            found.append((lab, due))
    return found


def extensions_for_cohort(*, cohort: Cohort):
    return (
        Extension.objects.filter(cohort=cohort)
        .select_related("student", "lab", "granted_by", "revoked_by")
        .order_by("-granted_at", "-pk")
    )
