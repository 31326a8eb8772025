"""The matrix's rows for the syllabus: the public and own pages, a lesson, marking it done,
a week's file; and the lessons and files the world holds for them (`syllabus_world`)."""

from types import SimpleNamespace

from django.core.files.base import ContentFile

from tests.hardening.matrix.probes import MISSING, NO_SEAT, every, members, probe
from tests.syllabus.factories import LessonFactory, ResourceFactory, WeekFactory

# Career staff have no seat: the syllabus's own pages refuse them (its public page does not).
READERS = members(200, career_staff=NO_SEAT)
# The world's cohort is in its fourth week: week 12 is still closed to its students.
NOT_YET_FOR_STUDENTS = members(200, student_a=404, student_b=404, career_staff=NO_SEAT)
NOT_OURS = members(404, career_staff=NO_SEAT)  # refused before the lesson is looked up

ROWS = {
    "syllabus:public": [
        probe("a program", every(200), lambda w: {"slug": w.cohort.program.slug}),
        probe("missing program", every(404), lambda w: {"slug": "no-such-program"}),
    ],
    # Without a seat: sent to the programs to choose one.
    "syllabus:mine": [probe("page", members(200, career_staff="/programs/"))],
    "syllabus:lesson": [
        probe("open week", READERS, lambda w: {"pk": w.syllabus.lesson.pk}),
        probe("later week", NOT_YET_FOR_STUDENTS, lambda w: {"pk": w.syllabus.later.pk}),
        probe("unpublished", NOT_OURS, lambda w: {"pk": w.syllabus.draft.pk}),
        probe("missing", NOT_OURS, lambda w: {"pk": MISSING}),
    ],
    "syllabus:lesson_done": [
        probe("GET", members(405), lambda w: {"pk": w.syllabus.lesson.pk}),
        # Students mark their own; reviewers have no lessons to mark.
        probe(
            "POST",
            members(403, student_a=302, student_b=302),
            lambda w: {"pk": w.syllabus.lesson.pk},
            method="POST",
            data={"done": "1"},
        ),
        probe(
            "POST, later week",
            members(403, student_a=404, student_b=404),
            lambda w: {"pk": w.syllabus.later.pk},
            method="POST",
            data={"done": "1"},
        ),
    ],
    "syllabus:resource_file": [
        probe("a file", READERS, lambda w: {"pk": w.syllabus.file.pk}),
        probe(
            "a later week's file", NOT_YET_FOR_STUDENTS, lambda w: {"pk": w.syllabus.later_file.pk}
        ),
        probe("a link has no file", NOT_OURS, lambda w: {"pk": w.syllabus.link.pk}),
        probe("missing", NOT_OURS, lambda w: {"pk": MISSING}),
    ],
}


def syllabus_world():
    week1, week12 = WeekFactory(number=1), WeekFactory(number=12)
    return SimpleNamespace(
        lesson=LessonFactory(week=week1),
        later=LessonFactory(week=week12),
        draft=LessonFactory(week=week1, is_published=False),
        file=ResourceFactory(week=week1, url="", file=ContentFile(b"notes", name="notes.txt")),
        later_file=ResourceFactory(
            week=week12, url="", file=ContentFile(b"later", name="later.txt")
        ),
        link=ResourceFactory(week=week1),
    )
