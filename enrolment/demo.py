"""Demo data for the run command, created through the enrolment services."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from enrolment.models import Cohort, Enrolment, EnrolmentEvent, Program
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


@transaction.atomic
def seed_enrolment_demo(*, seed: int) -> list[tuple[str, str, str]]:
    """Return (role, username, password) for every demo login it guarantees.

    Idempotent: running it again reuses what exists, and days passing never break it (a
    missing running or upcoming cohort is simply created again).
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
        program=intensive, start_date=today - datetime.timedelta(weeks=4), capacity=DEMO_CAPACITY
    )
    upcoming = _upcoming_cohort(flexible, today) or programs.cohort_create(
        program=flexible, start_date=today + datetime.timedelta(weeks=3), capacity=DEMO_CAPACITY
    )
    # Each program has a cohort open for sign-up, so a visitor can join either track.
    _upcoming_cohort(intensive, today) or programs.cohort_create(
        program=intensive, start_date=today + datetime.timedelta(weeks=5), capacity=DEMO_CAPACITY
    )

    instructor = User.objects.filter(username="instructor").first() or accounts.user_create(
        name="Ines Alvarez", email="instructor@example.com", password=DEMO_PASSWORD
    )
    if instructor.username != "instructor":
        instructor.username = "instructor"
        instructor.save(update_fields=["username"])
    for cohort in (running, upcoming):
        cohort.instructors.add(instructor)

    for username, name in DEMO_STUDENTS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = accounts.user_create(
                name=name, email=f"{username}@example.com", password=DEMO_PASSWORD
            )
            user.username = username  # short demo logins instead of the email
            user.save(update_fields=["username"])
        if not Enrolment.objects.filter(user=user, cohort=running).exists():
            applications.enrolment_create(
                user=user,
                cohort=running,
                actor=admin,
                note="demo data",
                background=rng.choice(Enrolment.Background.values),
                python_experience=rng.choice(Enrolment.Experience.values),
                java_experience=rng.choice(Enrolment.Experience.values),
                cpp_experience=rng.choice(Enrolment.Experience.values),
                motivation=rng.choice(MOTIVATIONS),
            )
            # They signed up before the cohort began, not today: seated "today" in a
            # running cohort, the course rules would treat each as a late joiner with
            # later due dates of their own (and no final results yet).
            signed_up = datetime.datetime.combine(
                running.start_date - datetime.timedelta(days=14),
                datetime.time(9),
                timezone.get_current_timezone(),
            )
            EnrolmentEvent.objects.filter(enrolment__user=user, enrolment__cohort=running).update(
                at=signed_up
            )

    return [
        ("staff", "admin", DEMO_PASSWORD),
        ("instructor", "instructor", DEMO_PASSWORD),
        ("student", "student", DEMO_PASSWORD),
    ]


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
