"""Writes of the syllabus: a student marks a lesson done or not done."""

from syllabus.models import Lesson, LessonCompletion


def lesson_mark(*, user, lesson: Lesson, done: bool, now=None) -> bool:
    """Mark `lesson` done (or not) for `user`; safe to repeat. Returns the new state."""
    if done:
        defaults = {"completed_at": now} if now else {}
        LessonCompletion.objects.get_or_create(user=user, lesson=lesson, defaults=defaults)
    else:
        LessonCompletion.objects.filter(user=user, lesson=lesson).delete()
    return done
