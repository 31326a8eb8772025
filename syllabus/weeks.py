"""Where a cohort is in the syllabus: "this week", and the program weeks of each syllabus week.

The syllabus is written for the 12-week curriculum; a longer program stretches it with the
labs' own mapping (labs.models.curriculum_week_opens), never one of its own.
"""

import datetime
from dataclasses import dataclass

from labs.models import CURRICULUM_WEEKS, curriculum_week_at, curriculum_week_opens


@dataclass(frozen=True)
class ThisWeek:
    """Where `cohort` stands on `today`: before it starts, running (in which week), or over."""

    phase: str  # "before" | "running" | "finished"
    program_week: int | None  # 1..program weeks while running
    program_weeks: int
    curriculum_week: int  # the syllabus week to show: the first before, the last after
    starts_on: datetime.date
    ends_on: datetime.date

    @property
    def is_running(self) -> bool:
        return self.phase == "running"


def this_week(*, cohort, today: datetime.date) -> ThisWeek:
    program_weeks = cohort.program.weeks
    if today < cohort.start_date:
        phase, program_week, week = "before", None, 1
    elif today > cohort.end_date:
        phase, program_week, week = "finished", None, CURRICULUM_WEEKS
    else:
        program_week = cohort.week_on(today)
        phase, week = "running", curriculum_week_at(program_week, program_weeks)
    return ThisWeek(
        phase=phase,
        program_week=program_week,
        program_weeks=program_weeks,
        curriculum_week=week,
        starts_on=cohort.start_date,
        ends_on=cohort.end_date,
    )


def program_weeks_of(week: int, program_weeks: int) -> tuple[int, int]:
    """The first and last program week that syllabus week `week` spans."""
    first = curriculum_week_opens(week, program_weeks)
    if week == CURRICULUM_WEEKS:
        return first, program_weeks
    return first, curriculum_week_opens(week + 1, program_weeks) - 1


def program_weeks_label(week: int, program_weeks: int) -> str:
    first, last = program_weeks_of(week, program_weeks)
    return f"Week {first}" if first == last else f"Weeks {first}\u2013{last}"
