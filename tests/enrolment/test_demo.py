"""The demo data: idempotent, made through the services, with the promised logins."""

import pytest
from django.contrib.auth import authenticate

from enrolment.demo import DEMO_PASSWORD, seed_enrolment_demo
from enrolment.models import Cohort, Enrolment

pytestmark = pytest.mark.django_db


def test_demo_creates_logins_cohorts_and_enrolments():
    logins = seed_enrolment_demo(seed=7)
    assert {(role, username) for role, username, _ in logins} >= {
        ("staff", "admin"),
        ("instructor", "instructor"),
        ("student", "student"),
    }
    for _, username, password in logins:
        assert authenticate(username=username, password=password) is not None
    running = Cohort.objects.with_status(Cohort.Status.RUNNING).get()
    assert running.program.slug == "intensive"
    # A visitor can sign up for either track on a fresh demo.
    open_programs = Cohort.objects.with_status(Cohort.Status.OPEN).values_list(
        "program__slug", flat=True
    )
    assert sorted(open_programs) == ["flexible", "intensive"]
    assert running.instructors.filter(username="instructor").exists()
    student = Enrolment.objects.get(user__username="student")
    assert (student.cohort, student.status) == (running, Enrolment.Status.ENROLLED)
    assert running.enrolments.filter(status=Enrolment.Status.ENROLLED).count() == 6
    assert running.seats_taken == 6
    # Made through the services: each enrolment has its history.
    assert student.events.exists()


def test_demo_is_idempotent():
    seed_enrolment_demo(seed=7)
    counts = (Cohort.objects.count(), Enrolment.objects.count())
    seed_enrolment_demo(seed=7)
    assert (Cohort.objects.count(), Enrolment.objects.count()) == counts
    assert authenticate(username="student", password=DEMO_PASSWORD) is not None
