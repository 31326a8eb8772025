"""Demo data for the run command, created through the enrolment services."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from enrolment.models import Cohort, Enrolment, Program
from enrolment.services import accounts, applications, programs

DEMO_PASSWORD = "lodestar-demo"  # noqa: S105 - printed by the run command on purpose
DEMO_CAPACITY = 20

# username, full name; "student" is the one the run command prints.
DEMO_STUDENTS = [
    ("student", "Sofia Marin"),
    ("student2", "Tomás Okafor"),
    ("student3", "Priya Raman"),
    ("student4", "Jonas Lindqvist"),
    ("student5", "Amara Mensah"),
    ("student6", "Kenji Watanabe"),
]
MOTIVATIONS = [
    "I build backend services and want to ship the models my team keeps asking about.",
    "I analyse data all day and want to take my models from notebooks to production.",
    "I write embedded C++ and want to understand how on-device models are trained.",
    "I want to move from web development into a machine-learning engineering role.",
]


GRADUATES = [
    ("graduate", "Lena Fischer"),
    ("graduate2", "Omar Haddad"),
    ("graduate3", "Chloé Martin"),
    ("graduate4", "Ravi Patel"),
]
# How long before its first day each demo person signed up.
SIGNED_UP_BEFORE = datetime.timedelta(days=14)


def monday_on_or_before(day: datetime.date) -> datetime.date:
    """Cohorts start on a Monday, so the demo's place in the calendar moves with the weekday."""
    return day - datetime.timedelta(days=day.weekday())


@transaction.atomic
def seed_enrolment_demo(*, seed: int) -> list[tuple[str, str, str]]:
    """Return (role, username, password) for every demo login it guarantees.

    Idempotent: running it again reuses what exists, and days passing never break it (a
    missing running, finished or upcoming cohort is simply created again). The demo tells
    one story on any day: a running Intensive cohort in its fifth week, a finished one with
    graduates, and a cohort of each program open for sign-up.
    """
    rng = random.Random(seed)
    User = get_user_model()
    admin, created = User.objects.get_or_create(
        username="admin",
        defaults={"is_staff": True, "is_superuser": True, "email": "admin@example.com"},
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()

    programs.programs_ensure_defaults()
    intensive = Program.objects.get(slug="intensive")
    flexible = Program.objects.get(slug="flexible")
    today = timezone.localdate()
    running = _running_cohort(intensive, today) or programs.cohort_create(
        program=intensive,
        start_date=monday_on_or_before(today - datetime.timedelta(weeks=4)),
        capacity=DEMO_CAPACITY,
    )
    finished = _finished_demo_cohort(intensive, today) or programs.cohort_create(
        program=intensive,
        start_date=monday_on_or_before(today - datetime.timedelta(weeks=20)),
        capacity=DEMO_CAPACITY,
    )
    upcoming = _upcoming_cohort(flexible, today) or programs.cohort_create(
        program=flexible,
        start_date=monday_on_or_before(today + datetime.timedelta(weeks=3)),
        capacity=DEMO_CAPACITY,
    )
    # Each program has a cohort open for sign-up, so a visitor can join either track.
    _upcoming_cohort(intensive, today) or programs.cohort_create(
        program=intensive,
        start_date=monday_on_or_before(today + datetime.timedelta(weeks=5)),
        capacity=DEMO_CAPACITY,
    )

    instructor = User.objects.filter(username="instructor").first() or accounts.user_create(
        name="Ines Alvarez", email="instructor@example.com", password=DEMO_PASSWORD
    )
    if instructor.username != "instructor":
        instructor.username = "instructor"
        instructor.save(update_fields=["username"])
    for cohort in (running, finished, upcoming):
        cohort.instructors.add(instructor)

    for cohort, people in ((running, DEMO_STUDENTS), (finished, GRADUATES)):
        for username, name in people:
            _demo_enrol(user=_demo_user(username, name), cohort=cohort, actor=admin, rng=rng)

    return [
        ("staff", "admin", DEMO_PASSWORD),
        ("instructor", "instructor", DEMO_PASSWORD),
        ("student", "student", DEMO_PASSWORD),
        ("graduate", "graduate", DEMO_PASSWORD),
    ]


def _demo_user(username: str, name: str):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = accounts.user_create(
            name=name, email=f"{username}@example.com", password=DEMO_PASSWORD
        )
        user.username = username  # short demo logins instead of the email
        user.save(update_fields=["username"])
    return user


def _demo_enrol(*, user, cohort: Cohort, actor, rng: random.Random) -> None:
    if Enrolment.objects.filter(user=user, cohort=cohort).exists():
        return
    # They signed up before the cohort began, not today: seated "today" in a running
    # cohort, the course rules would treat each as a late joiner with later due dates of
    # their own (and no final results yet); and a finished cohort takes nobody today.
    signed_up = datetime.datetime.combine(
        cohort.start_date - SIGNED_UP_BEFORE, datetime.time(9), timezone.get_current_timezone()
    )
    applications.enrolment_create(
        user=user,
        cohort=cohort,
        actor=actor,
        note="demo data",
        now=signed_up,
        background=rng.choice(Enrolment.Background.values),
        python_experience=rng.choice(Enrolment.Experience.values),
        java_experience=rng.choice(Enrolment.Experience.values),
        cpp_experience=rng.choice(Enrolment.Experience.values),
        motivation=rng.choice(MOTIVATIONS),
    )


def demo_finished_cohort() -> Cohort | None:
    """The finished cohort the demo's graduates took (None before the demo is seeded)."""
    return _finished_demo_cohort(
        Program.objects.filter(slug="intensive").first(), timezone.localdate()
    )


def _finished_demo_cohort(program: Program | None, today: datetime.date) -> Cohort | None:
    if program is None:
        return None
    return (
        Cohort.objects.filter(program=program, enrolments__user__username=GRADUATES[0][0])
        .with_status(Cohort.Status.FINISHED, today)
        .order_by("-start_date")
        .first()
    )


def _running_cohort(program: Program, today: datetime.date) -> Cohort | None:
    return (
        Cohort.objects.filter(program=program)
        .with_status(Cohort.Status.RUNNING, today)
        .order_by("start_date")
        .first()
    )


def _upcoming_cohort(program: Program, today: datetime.date) -> Cohort | None:
    return (
        Cohort.objects.filter(program=program)
        .accepting_applications(today)
        .order_by("start_date")
        .first()
    )
