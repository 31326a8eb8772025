"""Attendance at live sessions, as the gradebook reads it: a column, and a reason to flag a
student at risk (gradebook_cells._RiskRule).

Progress knows what attendance is, not who keeps it: the live app registers its reader in
its AppConfig.ready (`attendance_reader_register`). Without one the gradebook has no
attendance to show and flags nobody for it.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class AttendanceSummary:
    """One student's attendance at the sessions of their cohort whose attendance was taken
    (`taken`): attended (present or late), excused; the rest were missed."""

    taken: int
    attended: int
    excused: int

    @property
    def missed(self) -> int:
        return max(0, self.taken - self.attended - self.excused)

    @property
    def text(self) -> str:
        if not self.taken:
            return "–"
        return f"{self.attended}/{self.taken}"


NO_SESSIONS = AttendanceSummary(0, 0, 0)


@dataclass(frozen=True)
class AttendanceBook:
    """The summaries of a set of students; a student without one has `default` (a student
    with no attendance row at all missed every session that was taken)."""

    summaries: dict[int, AttendanceSummary] = field(default_factory=dict)
    default: AttendanceSummary = NO_SESSIONS

    def of(self, student_id: int) -> AttendanceSummary:
        return self.summaries.get(student_id, self.default)


# reader(cohort=, student_ids=, now=, joined_late=) -> AttendanceBook, in at most two
# queries whatever the class size; student_ids None: the whole cohort; joined_late: a late
# joiner's id -> the local date of their seat (sessions before it are not theirs).
Reader = Callable[..., AttendanceBook]
_readers: list[Reader] = []


def attendance_reader_register(reader: Reader) -> None:
    """The one reader of attendance (again on a second ready() replaces it)."""
    _readers[:] = [reader]


def attendance_for(
    *, cohort, student_ids, now: datetime.datetime, joined_late=None
) -> AttendanceBook:
    """The students' summaries (without a reader: nobody has any)."""
    if not _readers:
        return AttendanceBook()
    return _readers[0](cohort=cohort, student_ids=student_ids, now=now, joined_late=joined_late)
