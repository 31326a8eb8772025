"""Whose submissions count for whom: the "credited submissions" hook of the course rules.

A student's result for a lab is built from their own submissions, and from the submissions
another app credits them with: a team capstone (teams) credits every member with what a
teammate handed in while both were members. Courses sits below that app, so the app
registers its reader here in its AppConfig.ready, and courses never imports it.

Without a reader, nobody is credited and no query runs.
"""

import datetime
from collections.abc import Callable, Collection
from dataclasses import dataclass


@dataclass(frozen=True)
class Credit:
    """Submissions `author_id` sent for `lab_id` in [since, until) count for `student_id`."""

    student_id: int
    author_id: int
    lab_id: int
    since: datetime.datetime
    until: datetime.datetime | None = None

    def covers(self, sent_at: datetime.datetime) -> bool:
        return sent_at >= self.since and (self.until is None or sent_at < self.until)


# reader(cohort=, lab_ids=, student_ids=) -> list[Credit]; student_ids None: the whole cohort.
_readers: dict[str, Callable] = {}


def credits_reader_register(name: str, reader: Callable) -> None:
    """Register a reader of credits (again under the same name replaces it). Each reader
    reads in one query what it credits the students of a cohort with."""
    _readers[name] = reader


def credits_for(
    *, cohort, lab_ids: Collection[int], student_ids: Collection[int] | None
) -> list[Credit]:
    """Every registered reader's credits for these students (None: the cohort's) and labs,
    never a student's credit on their own work (that counts anyway)."""
    if not lab_ids:
        return []
    found = []
    for reader in _readers.values():
        for credit in reader(cohort=cohort, lab_ids=set(lab_ids), student_ids=student_ids):
            if credit.author_id != credit.student_id:
                found.append(credit)
    return found
