"""The account page and its withdraw/defer actions, from the owner's and a stranger's side."""

import datetime

import pytest
from django.urls import reverse

from enrolment.models import Cohort, Enrolment
from enrolment.services import applications
from tests.enrolment.factories import CohortFactory, application_data

pytestmark = pytest.mark.django_db
Status = Enrolment.Status


@pytest.fixture
def one_seat_cohort(intensive):
    return CohortFactory(program=intensive, capacity=1, name="Intensive Spring")


@pytest.fixture
def seated(one_seat_cohort):
    return applications.application_submit(
        program=one_seat_cohort.program,
        cohort=one_seat_cohort,
        **application_data(email="dana@example.com"),
    )


@pytest.fixture
def waiting(one_seat_cohort, seated):
    return applications.application_submit(
        program=one_seat_cohort.program,
        cohort=one_seat_cohort,
        **application_data(email="fox@example.com"),
    )


def test_account_requires_login(client):
    response = client.get(reverse("account"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_account_shows_status_dates_and_actions(client, seated, one_seat_cohort):
    client.force_login(seated.user)
    response = client.get(reverse("account"))
    content = response.content.decode()
    assert "Intensive Spring" in content
    assert "Seat held" in content  # until the email is confirmed (the next test)
    assert f"{one_seat_cohort.start_date:%B %Y}" in content
    assert reverse("enrolment_withdraw", args=[seated.pk]) in content
    # No later cohort yet: no defer button.
    assert reverse("enrolment_defer", args=[seated.pk]) not in content


def test_account_shows_the_waitlist_position(client, waiting):
    client.force_login(waiting.user)
    content = client.get(reverse("account")).content.decode()
    assert "Waitlisted" in content
    assert "number 1 on the waitlist" in content


def test_withdraw_asks_for_confirmation_before_acting(client, seated):
    client.force_login(seated.user)
    response = client.get(reverse("enrolment_withdraw", args=[seated.pk]))
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert Enrolment.objects.get(pk=seated.pk).status == Status.ENROLLED


def test_withdraw_post_frees_the_seat_for_the_waitlist(client, seated, waiting):
    client.force_login(seated.user)
    response = client.post(reverse("enrolment_withdraw", args=[seated.pk]), follow=True)
    assert "You have withdrawn" in response.content.decode()
    assert Enrolment.objects.get(pk=seated.pk).status == Status.WITHDRAWN
    assert Enrolment.objects.get(pk=waiting.pk).status == Status.OFFERED
    event = Enrolment.objects.get(pk=seated.pk).events.latest("at", "pk")
    assert event.actor == seated.user


def test_withdraw_requires_csrf(seated):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(seated.user)
    response = client.post(reverse("enrolment_withdraw", args=[seated.pk]))
    assert response.status_code == 403
    assert Enrolment.objects.get(pk=seated.pk).status == Status.ENROLLED


def test_someone_else_cannot_withdraw_or_defer_my_enrolment(client, seated, bob):
    client.force_login(bob)
    for name in ("enrolment_withdraw", "enrolment_defer"):
        assert client.get(reverse(name, args=[seated.pk])).status_code == 404
        assert client.post(reverse(name, args=[seated.pk])).status_code == 404
    assert Enrolment.objects.get(pk=seated.pk).status == Status.ENROLLED


def test_defer_moves_me_to_the_later_cohort(client, seated, waiting, one_seat_cohort):
    later = CohortFactory(
        program=one_seat_cohort.program,
        capacity=5,
        start_date=one_seat_cohort.start_date + datetime.timedelta(70),
    )
    client.force_login(seated.user)
    assert (
        reverse("enrolment_defer", args=[seated.pk])
        in client.get(reverse("account")).content.decode()
    )
    page = client.get(reverse("enrolment_defer", args=[seated.pk]))
    assert later.name in page.content.decode()
    response = client.post(
        reverse("enrolment_defer", args=[seated.pk]), {"cohort": later.pk}, follow=True
    )
    assert f"You moved to {later.name}" in response.content.decode()
    moved = Enrolment.objects.get(pk=seated.pk)
    assert (moved.cohort, moved.status) == (later, Status.ENROLLED)
    assert Enrolment.objects.get(pk=waiting.pk).status == Status.OFFERED


def test_defer_to_a_cohort_not_offered_is_a_form_error(client, seated, flexible):
    other = CohortFactory(program=flexible)
    client.force_login(seated.user)
    response = client.post(reverse("enrolment_defer", args=[seated.pk]), {"cohort": other.pk})
    assert "cohort" in response.context["form"].errors
    assert Enrolment.objects.get(pk=seated.pk).cohort_id != other.pk


def test_account_query_count_does_not_grow_with_enrolments(
    client, seated, one_seat_cohort, django_assert_num_queries
):
    details = application_data()
    details = {key: details[key] for key in applications.DETAIL_FIELDS + ("motivation",)}
    for offset in (70, 140):
        later = CohortFactory(
            program=one_seat_cohort.program,
            start_date=one_seat_cohort.start_date + datetime.timedelta(offset),
        )
        applications.enrolment_create(user=seated.user, cohort=later, **details)
    client.force_login(seated.user)
    # 1 session, 2 the user with the roles the navbar and "must this account pass a second
    # factor?" read (security.backends), 3 enrolments with cohort, program and
    # waitlist place, 4 their pending offers, 5 upcoming cohorts (for the defer buttons),
    # 6 the email confirmation, 7 the leaderboard display name and visibility, 8 the
    # calendar link (none yet: the panel offers to make one), 9 the API tokens, 10 the
    # authenticator (none: the two-factor panel offers to turn it on), 11 the interest list,
    # 12 the outcomes panel (student, graduate, career staff?).
    with django_assert_num_queries(12):
        response = client.get(reverse("account"))
    assert response.content.decode().count("enrolment-card") == 3
    assert Cohort.objects.count() == 3


def test_a_student_turns_due_date_reminders_off_and_on_from_the_account(client, seated):
    client.force_login(seated.user)
    url = reverse("enrolment_reminders", args=[seated.pk])
    page = client.get(reverse("account")).content.decode()
    assert "Reminder emails before due dates: <strong>on</strong>" in page
    assert url in page

    response = client.post(url, {"due_reminders": "off"}, follow=True)

    assert "No more reminders before due dates in Intensive Spring" in response.content.decode()
    assert "Reminder emails before due dates: <strong>off</strong>" in response.content.decode()
    seated.refresh_from_db()
    assert seated.due_reminders is False

    client.post(url, {"due_reminders": "on"})
    seated.refresh_from_db()
    assert seated.due_reminders is True


def test_reminder_settings_of_someone_elses_enrolment_are_out_of_reach(client, seated, waiting):
    client.force_login(waiting.user)
    url = reverse("enrolment_reminders", args=[seated.pk])

    assert client.post(url, {"due_reminders": "off"}).status_code == 404
    assert client.get(url).status_code == 405
    seated.refresh_from_db()
    assert seated.due_reminders is True


def test_the_reminder_switch_needs_the_csrf_token(seated):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(seated.user)
    response = strict.post(
        reverse("enrolment_reminders", args=[seated.pk]), {"due_reminders": "off"}
    )
    assert response.status_code == 403
    seated.refresh_from_db()
    assert seated.due_reminders is True


def test_a_seat_held_until_the_email_is_confirmed_says_so_not_enrolled(client, seated):
    assert seated.seat_held_until is not None  # a sign-up holds its seat until confirmed
    client.force_login(seated.user)
    content = client.get(reverse("account")).content.decode()
    assert "Seat held" in content
    assert "pending confirmation of your email address" in content
    assert '<span class="badge text-bg-success">Enrolled</span>' not in content

    Enrolment.objects.filter(pk=seated.pk).update(seat_held_until=None)  # as confirming does
    content = client.get(reverse("account")).content.decode()
    assert '<span class="badge text-bg-success">Enrolled</span>' in content
    assert "Seat held" not in content
