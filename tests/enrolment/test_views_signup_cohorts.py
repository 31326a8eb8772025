"""The sign-up form's cohort choice follows the rule /programs/ follows, on any day: a full
cohort is a waitlist place, and the interest list only when no cohort takes applications."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from enrolment.models import Cohort, Enrolment, Interest, Program
from tests.enrolment.factories import CohortFactory, application_data

pytestmark = pytest.mark.django_db

WAITLIST_PLACE = "full: a place on the waitlist"


def form_data(target: Cohort, **overrides) -> dict:
    """A complete sign-up for the cohort's program, naming the cohort."""
    data = application_data()
    password = data.pop("password")
    data.update(
        password1=password,
        password2=password,
        program=target.program_id,
        cohort=target.pk,
        consent="on",
    )
    data.update(overrides)
    return data


def full(cohort: Cohort) -> Cohort:
    Cohort.objects.filter(pk=cohort.pk).update(seats_taken=cohort.capacity)
    cohort.refresh_from_db()
    return cohort


@pytest.fixture
def flexible_all_full(flexible):
    """The issue's day: every Flexible cohort is full, their waitlists open."""
    return [
        full(CohortFactory(program=flexible, capacity=2, name="Flexible Autumn")),
        full(CohortFactory(program=flexible, capacity=3, name="Flexible Winter")),
    ]


def test_every_cohort_full_offers_waitlist_places_not_the_interest_list(
    client, flexible, flexible_all_full
):
    content = client.get(reverse("signup"), {"program": "flexible"}).content.decode()
    assert content.count(WAITLIST_PLACE) == 2
    assert "Flexible Autumn" in content and "Flexible Winter" in content
    assert "Every Flexible cohort is full" in content
    assert "Next available cohort (waitlist)" in content
    assert "No Flexible cohort is open" not in content
    assert "Join the Flexible interest list" not in content
    # /programs/ says the same about the same cohorts.
    programs = client.get(reverse("programs")).content.decode()
    assert programs.count("Full, waitlist open") == 2
    assert "Join the Flexible interest list" not in programs


def test_choosing_the_program_swaps_in_the_same_cohort_choice(client, flexible, flexible_all_full):
    """The fragment htmx loads when the program radio changes."""
    response = client.get(reverse("signup_cohorts"), {"program": flexible.pk})
    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="cohort"' in content
    assert content.count(WAITLIST_PLACE) == 2
    assert "No Flexible cohort is open" not in content


def test_next_available_with_every_cohort_full_is_the_earliest_waitlist(
    client, flexible, flexible_all_full
):
    autumn = flexible_all_full[0]
    response = client.post(reverse("signup"), form_data(autumn, cohort=""), follow=True)
    assert response.redirect_chain[-1][0] == reverse("signup_done")
    enrolment = Enrolment.objects.get()
    assert enrolment.cohort == autumn and enrolment.status == Enrolment.Status.WAITLISTED
    assert not Interest.objects.exists()
    content = response.content.decode()
    assert "You are on the waitlist" in content and "number 1" in content


def test_a_chosen_full_cohort_is_a_waitlist_place(client, flexible, flexible_all_full):
    winter = flexible_all_full[1]
    client.post(reverse("signup"), form_data(winter))
    enrolment = Enrolment.objects.get()
    assert enrolment.cohort == winter and enrolment.status == Enrolment.Status.WAITLISTED


def test_a_reviewed_program_with_every_cohort_full_takes_applications(
    client, flexible, flexible_all_full
):
    Program.objects.filter(pk=flexible.pk).update(admission=Program.Admission.REVIEWED)
    content = client.get(reverse("signup"), {"program": "flexible"}).content.decode()
    assert content.count(WAITLIST_PLACE) == 2
    assert "Join the Flexible interest list" not in content
    client.post(reverse("signup"), form_data(flexible_all_full[0], cohort=""))
    assert Enrolment.objects.get().status == Enrolment.Status.APPLIED


def test_the_interest_list_only_when_no_cohort_takes_applications(client, flexible):
    CohortFactory(
        program=flexible,
        name="Flexible Started",
        start_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    content = client.get(reverse("signup"), {"program": "flexible"}).content.decode()
    assert "Join the Flexible interest list" in content
    assert "No Flexible cohort is open for sign-up right now" in content
    assert "Flexible Started" not in content


ANCHOR = datetime.date(2027, 3, 1)


@pytest.mark.parametrize("offset", [-40, -1, 0, 1, 29, 30, 59, 60, 61, 400])
def test_the_form_and_programs_agree_on_any_day(client, flexible, time_machine, offset):
    """Spring (full) starts on the anchor, Summer (one seat) 60 days later."""
    spring = full(
        CohortFactory(program=flexible, capacity=1, name="Flexible Spring", start_date=ANCHOR)
    )
    summer = CohortFactory(
        program=flexible,
        capacity=1,
        name="Flexible Summer",
        start_date=ANCHOR + datetime.timedelta(days=60),
    )
    day = ANCHOR + datetime.timedelta(days=offset)
    time_machine.move_to(datetime.datetime.combine(day, datetime.time(12), datetime.UTC))
    assert timezone.localdate() == day

    programs = client.get(reverse("programs"))
    (listed,) = [p.upcoming_cohorts for p in programs.context["programs"] if p == flexible]
    form = client.get(reverse("signup"), {"program": "flexible"}).context["form"]
    offered = list(form.fields["cohort"].queryset)
    assert offered == listed
    expected = [c for c in (spring, summer) if day < c.start_date]
    assert [c.pk for c in offered] == [c.pk for c in expected]

    labels = dict(form.fields["cohort"].choices)
    field_html = str(form["cohort"])
    if spring in expected:
        assert f"Flexible Spring: 1 Mar 2027 to 26 Sep 2027, {WAITLIST_PLACE}" in field_html
    if summer in expected:
        assert "Flexible Summer: 30 Apr 2027 to 25 Nov 2027, 1 seat left" in field_html
    interest_offered = "Join the Flexible interest list"
    assert (interest_offered in labels.values()) == (not expected)
    assert (interest_offered in programs.content.decode()) == (not expected)
