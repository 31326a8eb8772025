"""Writes of the syllabus: a student marks a lesson done or not; the built-in syllabus."""

from django.db import transaction

from syllabus.models import Lesson, LessonCompletion, Resource, SyllabusWeek


def lesson_mark(*, user, lesson: Lesson, done: bool, now=None) -> bool:
    """Mark `lesson` done (or not) for `user`; safe to repeat. Returns the new state."""
    if done:
        defaults = {"completed_at": now} if now else {}
        LessonCompletion.objects.get_or_create(user=user, lesson=lesson, defaults=defaults)
    else:
        LessonCompletion.objects.filter(user=user, lesson=lesson).delete()
    return done


def syllabus_install() -> int:
    """Write the built-in syllabus's weeks that do not exist yet (syllabus/content.py), with
    their lessons and a reading each; a week staff already wrote is left alone. Returns how
    many weeks it wrote."""
    from syllabus.content import SYLLABUS

    written = 0
    for spec in SYLLABUS:
        with transaction.atomic():
            week, created = SyllabusWeek.objects.get_or_create(
                number=spec.number, defaults={"title": spec.title, "summary": spec.summary}
            )
            if not created:
                continue
            for position, (title, body) in enumerate(spec.lessons):
                Lesson.objects.create(
                    week=week, title=title, body=body, position=position, minutes=20
                )
            Resource.objects.create(week=week, title=spec.reading[0], url=spec.reading[1])
            written += 1
    return written
