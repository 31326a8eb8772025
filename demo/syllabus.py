"""Demo data for the syllabus and the programs page: the built-in syllabus, a few lessons
done by the demo student, prices, and application deadlines (a week before each upcoming
cohort starts, so any day shows open and, now and then, closed ones)."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from enrolment.models import Cohort, Program
from syllabus.models import Lesson
from syllabus.services import lesson_mark, syllabus_install

PRICES = {
    "intensive": (
        1250000,
        "EUR",
        ("Twelve graded labs with reference models", "Daily instructor review",
         "Live lectures and office hours", "A certificate on completion"),
    ),
    "flexible": (
        980000,
        "EUR",
        ("The same twelve labs over thirty weeks", "Weekly instructor review",
         "Evening office hours", "A certificate on completion"),
    ),
}  # fmt: skip
DEADLINE_BEFORE_START = datetime.timedelta(days=7)


def seed_syllabus_demo() -> None:
    syllabus_install()
    for slug, (minor, currency, covers) in PRICES.items():
        Program.objects.filter(slug=slug, price_minor__isnull=True).update(
            price_minor=minor, currency=currency, covers="\n".join(covers)
        )
    today = timezone.localdate()
    for cohort in Cohort.objects.filter(start_date__gt=today, application_deadline__isnull=True):
        cohort.application_deadline = cohort.start_date - DEADLINE_BEFORE_START
        cohort.save(update_fields=["application_deadline"])
    student = get_user_model().objects.filter(username="student").first()
    if student is not None:
        for lesson in Lesson.objects.filter(week__number=1):
            lesson_mark(user=student, lesson=lesson, done=True)
