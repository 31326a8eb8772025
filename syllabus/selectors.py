"""Reads of the syllabus: its weeks with their lessons, resources and labs; lessons done."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch

from labs.models import Lab, curriculum_week_opens_on
from syllabus.access import is_week_open
from syllabus.models import Lesson, LessonCompletion, SyllabusWeek
from syllabus.weeks import program_weeks_label


@dataclass
class WeekView:
    """One syllabus week as a reader sees it in a program's calendar."""

    week: SyllabusWeek
    label: str  # "Week 3", or "Weeks 6-7" on a longer program
    opens_on: datetime.date | None  # in the reader's cohort; None without one
    is_open: bool  # lesson bodies and resources readable by this reader
    lessons: list[Lesson]
    resources: list = field(default_factory=list)
    labs: list = field(default_factory=list)  # Lab, or the dashboard's LabProgress


@dataclass(frozen=True)
class LessonProgress:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def published_lessons():
    return Lesson.objects.filter(is_published=True)


def lessons_with_done(*, user):
    """Published lessons and their weeks, each with `is_done` for `user` (one query)."""
    done = LessonCompletion.objects.filter(user=user, lesson=OuterRef("pk"))
    return published_lessons().select_related("week").annotate(is_done=Exists(done))


def lesson_progress_of(lessons) -> LessonProgress:
    lessons = list(lessons)
    return LessonProgress(done=sum(1 for lesson in lessons if lesson.is_done), total=len(lessons))


def syllabus_weeks(
    *, program_weeks: int, user=None, cohort=None, today=None, can_read=False, labs=None
) -> list[WeekView]:
    """Every week with its published lessons (and `is_done` for `user`), its resources for
    a reader, and its published labs (or `labs`, the caller's own rows with a `.lab`)."""
    lessons = lessons_with_done(user=user) if user else published_lessons().select_related("week")
    weeks = SyllabusWeek.objects.prefetch_related(
        Prefetch("lessons", queryset=lessons.order_by("position", "pk"), to_attr="published"),
        "resources",
    )
    by_week = defaultdict(list)
    if labs is None:
        for lab in Lab.objects.filter(is_published=True).order_by("week", "title"):
            by_week[lab.week].append(lab)
    else:
        for row in labs:
            by_week[row.lab.week].append(row)
    views = []
    for week in weeks:
        is_open = can_read and is_week_open(week=week.number, cohort=cohort, today=today)
        views.append(
            WeekView(
                week=week,
                label=program_weeks_label(week.number, program_weeks),
                opens_on=curriculum_week_opens_on(week.number, cohort) if cohort else None,
                is_open=is_open,
                lessons=week.published,
                resources=list(week.resources.all()) if is_open else [],
                labs=by_week.get(week.number, []),
            )
        )
    return views


def week_titles() -> dict[int, str]:
    return dict(SyllabusWeek.objects.values_list("number", "title"))
