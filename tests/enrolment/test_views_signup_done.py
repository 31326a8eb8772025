"""The page after sign-up says what the person has: a held seat, a seat, a waitlist place,
an application in review, a seat offer or the interest list, and nothing it is not."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from enrolment import links
from enrolment.models import Cohort, Enrolment, Program
from enrolment.services import applications, confirmations
from tests.enrolment.factories import CohortFactory, application_data

pytestmark = pytest.mark.django_db

SIGNED_UP_AT = datetime.datetime(2027, 3, 1, 9, 30, tzinfo=datetime.UTC)


def sign_up(client, program, cohort=None, **overrides):
    """Sign up through the service (as the form does) and open the done page as that user."""
    result = applications.application_submit(
        program=program, cohort=cohort, **application_data(**overrides)
    )
    client.force_login(result.user)
    response = client.get(reverse("signup_done"))
    assert response.status_code == 200
    return result, response.content.decode()


def heading(content: str) -> str:
    return strip_tags(re.search(r"<h1>(.*?)</h1>", content, re.S).group(1)).strip()


def status_line(content: str) -> str:
    found = re.search(r'<p[^>]*data-testid="signup-status"[^>]*>(.*?)</p>', content, re.S)
    return " ".join(strip_tags(found.group(1)).split())


@pytest.fixture(autouse=True)
def signing_up_in_march(time_machine):
    """Every sign-up here happens on one day before the spring cohort starts."""
    time_machine.move_to(SIGNED_UP_AT)


@pytest.fixture
def spring(intensive):
    return CohortFactory(
        program=intensive, capacity=1, name="Intensive Spring", start_date=datetime.date(2027, 4, 5)
    )


def test_a_held_seat_says_held_until_the_email_is_confirmed(
    client, intensive, spring, settings, time_machine
):
    settings.ENROLMENT_CONFIRM_WITHIN_HOURS = 48
    time_machine.move_to(SIGNED_UP_AT, tick=False)
    enrolment, content = sign_up(client, intensive, spring)
    assert enrolment.status == Enrolment.Status.ENROLLED
    assert heading(content) == "Your seat is held: confirm your email to keep it"
    assert status_line(content) == (
        "Status: Seat held until 3 March 2027, 09:30 UTC, "
        "pending confirmation of your email address"
    )
    assert "Enrolled" not in status_line(content)


def test_a_confirmed_seat_says_enrolled(client, intensive, spring, time_machine):
    time_machine.move_to(SIGNED_UP_AT, tick=False)
    enrolment, _ = sign_up(client, intensive, spring)
    confirmations.email_confirm(token=links.confirm_token(user=enrolment.user))
    content = client.get(reverse("signup_done")).content.decode()
    assert heading(content) == "Your seat is confirmed"
    assert status_line(content) == "Status: Enrolled"
    assert "Please open the link" not in content


def test_a_waitlist_place_says_its_number(client, intensive, spring):
    Cohort.objects.filter(pk=spring.pk).update(seats_taken=1)
    applications.application_submit(
        program=intensive, cohort=spring, **application_data(email="first@example.com")
    )
    enrolment, content = sign_up(client, intensive, spring)
    assert enrolment.status == Enrolment.Status.WAITLISTED
    assert heading(content) == "You are on the waitlist"
    assert status_line(content) == "Status: Waitlisted number 2 on the waitlist"
    assert "number 2" in content and "seat is held" not in content


def test_a_reviewed_application_says_in_review(client, intensive, spring):
    Program.objects.filter(pk=intensive.pk).update(admission=Program.Admission.REVIEWED)
    intensive.refresh_from_db()
    enrolment, content = sign_up(client, intensive, spring)
    assert enrolment.status == Enrolment.Status.APPLIED
    assert heading(content) == "Your application is in"
    assert status_line(content) == "Status: Application in review"


def test_the_interest_list_says_so(client, flexible):
    interest, content = sign_up(client, flexible)
    assert heading(content) == "You are on the Flexible interest list"
    assert status_line(content) == (
        f"Status: On the interest list for the next Flexible cohort, since "
        f"{interest.created_at:%-d %B %Y}"
    )
    assert "Enrolled" not in content


def test_a_seat_offer_says_it_waits_for_an_answer(client, intensive, spring):
    enrolment, _ = sign_up(client, intensive, spring)
    Enrolment.objects.filter(pk=enrolment.pk).update(
        status=Enrolment.Status.OFFERED, seat_held_until=None
    )
    content = client.get(reverse("signup_done")).content.decode()
    assert heading(content) == "A seat is offered to you"
    assert status_line(content) == "Status: Seat offered waiting for your answer"


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (Enrolment.Status.WITHDRAWN, "Withdrawn"),
        (Enrolment.Status.REJECTED, "Not admitted"),
    ],
)
def test_a_closed_application_is_not_called_a_waitlist_place(
    client, intensive, spring, status, label
):
    enrolment, _ = sign_up(client, intensive, spring)
    Enrolment.objects.filter(pk=enrolment.pk).update(status=status, seat_held_until=None)
    content = client.get(reverse("signup_done")).content.decode()
    assert heading(content) == "Your application to Intensive Spring"
    assert status_line(content) == f"Status: {label}"
    assert "waitlist" not in heading(content) + status_line(content)
