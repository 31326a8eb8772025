"""What the syllabus adds to other apps' pages: the dashboard's "this week" panel and the
programs page's summary of each program's weeks. Registered in SyllabusConfig.ready."""

from django.utils import timezone

from syllabus import selectors
from syllabus.weeks import program_weeks_label, this_week


def this_week_panel(request, *, cohort) -> dict:
    """This week's lessons (done or not) and lessons done overall: one query."""
    now = this_week(cohort=cohort, today=timezone.localdate())
    lessons = list(selectors.lessons_with_done(user=request.user))
    current = [lesson for lesson in lessons if lesson.week.number == now.curriculum_week]
    return {
        "now": now,
        "week": current[0].week if current else None,
        "lessons": current,
        "lesson_progress": selectors.lesson_progress_of(lessons),
        "week_label": program_weeks_label(now.curriculum_week, now.program_weeks),
    }


def program_summaries(request, *, programs) -> dict[int, dict]:
    """Each program's weeks as titles on its own calendar (one query for all programs)."""
    titles = selectors.week_titles()
    return {
        program.pk: {
            "program": program,
            "weeks": [
                (program_weeks_label(number, program.weeks), title)
                for number, title in sorted(titles.items())
            ],
        }
        for program in programs
    }
