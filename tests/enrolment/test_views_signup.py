"""The sign-up form: a valid application logs in and confirms; bad input creates nothing."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from enrolment.models import Cohort, Enrolment
from tests.enrolment.factories import CohortFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def two_seat_cohort(intensive):
    return CohortFactory(program=intensive, capacity=2, name="Intensive Spring")


def form_data(target, **overrides):
    data = {
        "name": "Dana Scully",
        "email": "Dana@Example.com",
        "password1": "truth-is-out-there-42",
        "password2": "truth-is-out-there-42",
        "program": target.program.pk,
        "cohort": target.pk,
        "background": Enrolment.Background.SOFTWARE_ENGINEER,
        "python_experience": Enrolment.Experience.SOME,
        "java_experience": Enrolment.Experience.CONFIDENT,
        "cpp_experience": Enrolment.Experience.NONE,
        "motivation": "I want to build recommendation systems.",
        "consent": "on",
    }
    data.update(overrides)
    return data


def assert_nothing_created():
    assert not User.objects.exists()
    assert not Enrolment.objects.exists()


def test_form_lists_the_cohorts_that_take_applications(client, intensive, two_seat_cohort):
    CohortFactory(program=intensive, capacity=0, name="Already Full")
    CohortFactory(program=intensive, start_date=timezone.localdate(), name="Started Today")
    response = client.get(reverse("signup"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Intensive Spring" in content and "2 seats left" in content
    assert "Already Full" in content and "full: a place on the waitlist" in content
    assert "Started Today" not in content
    assert "Next available cohort" in content


def test_call_to_action_preselects_program_and_cohort(client, two_seat_cohort):
    response = client.get(reverse("signup"), {"program": "intensive", "cohort": two_seat_cohort.pk})
    form = response.context["form"]
    assert form.initial["program"] == two_seat_cohort.program
    assert form.initial["cohort"] == two_seat_cohort.pk


def test_valid_sign_up_logs_in_and_shows_the_seat(client, two_seat_cohort):
    response = client.post(reverse("signup"), form_data(two_seat_cohort), follow=True)
    assert response.redirect_chain[-1][0] == reverse("signup_done")
    assert response.context["user"].username == "dana@example.com"
    assert "Your seat is held" in response.content.decode()
    enrolment = Enrolment.objects.get()
    assert enrolment.status == Enrolment.Status.ENROLLED
    assert enrolment.java_experience == Enrolment.Experience.CONFIDENT


def test_confirmation_shows_the_waitlist_position(client, two_seat_cohort):
    Cohort.objects.filter(pk=two_seat_cohort.pk).update(seats_taken=2)  # full between GET and POST
    response = client.post(reverse("signup"), form_data(two_seat_cohort, cohort=""), follow=True)
    content = response.content.decode()
    assert "You are on the waitlist" in content
    assert "number 1" in content


def test_duplicate_email_is_a_form_error(client, two_seat_cohort):
    UserFactory(username="dana@example.com", email="dana@example.com")
    response = client.post(reverse("signup"), form_data(two_seat_cohort))
    assert response.status_code == 200
    assert "already exists" in response.context["form"].errors["email"][0]
    assert not Enrolment.objects.exists()


def test_tampered_cohort_id_is_a_form_error(client, two_seat_cohort):
    response = client.post(reverse("signup"), form_data(two_seat_cohort, cohort="999999"))
    assert "not open for sign-up" in response.context["form"].errors["cohort"][0]
    assert_nothing_created()


def test_started_cohort_is_a_form_error(client, intensive):
    started = CohortFactory(
        program=intensive, start_date=timezone.localdate() - datetime.timedelta(days=2)
    )
    response = client.post(reverse("signup"), form_data(started))
    assert "cohort" in response.context["form"].errors
    assert_nothing_created()


def test_full_cohort_puts_the_applicant_on_its_waitlist(client, two_seat_cohort):
    Cohort.objects.filter(pk=two_seat_cohort.pk).update(seats_taken=2)
    response = client.post(reverse("signup"), form_data(two_seat_cohort), follow=True)
    assert response.redirect_chain[-1][0] == reverse("signup_done")
    enrolment = Enrolment.objects.get()
    assert enrolment.cohort == two_seat_cohort and enrolment.status == Enrolment.Status.WAITLISTED
    assert "number 1" in response.content.decode()


def test_cohort_of_the_other_program_is_a_form_error(client, two_seat_cohort, flexible):
    # Once a program is chosen, only its cohorts are choices.
    response = client.post(reverse("signup"), form_data(two_seat_cohort, program=flexible.pk))
    assert "not open for sign-up" in response.context["form"].errors["cohort"][0]
    assert_nothing_created()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "x" * 151),
        ("email", "a" * 140 + "@example.com"),
        ("motivation", "x" * 2001),
        ("motivation", ""),
        ("consent", ""),
        ("background", "astronaut"),
        ("python_experience", ""),
    ],
)
def test_missing_or_bad_fields_are_form_errors(client, two_seat_cohort, field, value):
    response = client.post(reverse("signup"), form_data(two_seat_cohort, **{field: value}))
    assert field in response.context["form"].errors
    assert_nothing_created()


def test_weak_or_mismatched_password_is_a_form_error(client, two_seat_cohort):
    response = client.post(
        reverse("signup"), form_data(two_seat_cohort, password1="123", password2="123")
    )
    assert "password1" in response.context["form"].errors
    response = client.post(
        reverse("signup"), form_data(two_seat_cohort, password2="something-else-9")
    )
    assert "password2" in response.context["form"].errors
    assert_nothing_created()


def test_service_error_after_validation_lands_on_the_form(client, two_seat_cohort, monkeypatch):
    """A cohort that starts between validation and submit: a form error, nothing half-made."""
    from enrolment.services import applications

    real_submit = applications.application_submit

    def submit_after_start(**kwargs):
        Cohort.objects.filter(pk=two_seat_cohort.pk).update(start_date=timezone.localdate())
        return real_submit(**kwargs)

    monkeypatch.setattr(applications, "application_submit", submit_after_start)
    response = client.post(reverse("signup"), form_data(two_seat_cohort))
    assert "already started" in response.context["form"].errors["cohort"][0]
    assert_nothing_created()


def test_logged_in_user_is_sent_to_the_account_page(client, alice):
    client.force_login(alice)
    response = client.get(reverse("signup"))
    assert response.url == reverse("account")
