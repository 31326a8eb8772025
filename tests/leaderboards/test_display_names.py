"""A display name may not pass for someone or something else: the reference row, a role of
the site, a classmate, an instructor or a staff member, however it is cased, accented or
spaced. Ordinary names, and the student's own, still go through."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from leaderboards import names, services
from leaderboards.models import LeaderboardProfile
from tests.factories import UserFactory
from tests.labs.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db


def refusal(user, name) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        services.display_name_check(user=user, display_name=name)
    return caught.value


@pytest.fixture
def dora_in_other_cohort(other_cohort):
    """A student of another cohort: not alice's classmate."""
    user = UserFactory(username="dora", first_name="Dora", last_name="Elsewhere")
    EnrolmentFactory(user=user, cohort=other_cohort)
    return user


@pytest.mark.parametrize(
    "name",
    [
        "Reference model",
        "reference MODEL (logistic_regression)",
        "Référence  Model (gradient_boosting)",
        names.reference_row_label("random_forest"),
    ],
)
def test_the_reference_rows_label_is_refused(enrolled_alice, name):
    error = refusal(enrolled_alice, name)
    assert error.code == "reference_label"
    assert "label of the reference model's row" in error.messages[0]


@pytest.mark.parametrize(
    "name",
    [
        "Instructor",
        "  STAFF ",
        "Admin",
        "Reference",
        "Lodestar",
        "The Instructor",
        "Lodestar-Staff",
        "instructors",
        "Ínstrüctor",
        "ｉｎｓｔｒｕｃｔｏｒ",  # full-width letters
        "Instruc\u200btor",  # a zero-width space inside
        "In Struc Tor",
        "Site Administrator",
    ],
)
def test_role_words_are_refused(enrolled_alice, name):
    error = refusal(enrolled_alice, name)
    assert error.code == "role_name"
    assert "reads as a role on Lodestar" in error.messages[0]


@pytest.mark.parametrize(
    "name",
    [
        "Bob Student",
        "bob student",
        "  BOB   STUDENT ",
        "Böb Stüdent",
        "Student, Bob",
        "BobStudent",
        "bob",  # his username
        "Bob@Example.com",  # his email
    ],
)
def test_a_classmates_name_is_refused(enrolled_alice, enrolled_bob, name):
    error = refusal(enrolled_alice, name)
    assert error.code == "someone_elses_name"
    assert error.messages[0].startswith("That is the name of a classmate in your cohort")


def test_an_instructors_name_is_refused_whichever_cohort_they_teach(
    enrolled_alice, instructor, other_instructor
):
    for person in (instructor, other_instructor):
        for name in (f"{person.first_name} {person.last_name}", person.username):
            error = refusal(enrolled_alice, name.upper())
            assert error.messages[0].startswith("That is the name of an instructor"), name


def test_a_staff_members_name_is_refused(enrolled_alice, staff_user):
    for name in (
        f"{staff_user.first_name} {staff_user.last_name}",
        f"{staff_user.last_name} {staff_user.first_name}",
        "Sam",
    ):
        error = refusal(enrolled_alice, name)
        assert error.messages[0].startswith("That is the name of a member of the Lodestar staff")


def test_the_staff_are_known_to_a_form_without_a_user(staff_user):
    assert refusal(None, "sam").code == "someone_elses_name"


@pytest.mark.parametrize(
    "name",
    ["Gradient Gal", "Stafford Lee", "Reference Desk", "Model Citizen", "Bobby Student", "Zoë"],
)
def test_an_ordinary_name_is_accepted(enrolled_alice, enrolled_bob, instructor, staff_user, name):
    services.display_name_check(user=enrolled_alice, display_name=name)
    profile = services.leaderboard_profile_set(
        user=enrolled_alice, display_name=name, is_hidden=False
    )
    assert profile.display_name == name


def test_a_student_of_another_cohort_is_not_a_classmate(enrolled_alice, dora_in_other_cohort):
    profile = services.leaderboard_profile_set(
        user=enrolled_alice, display_name="Dora Elsewhere", is_hidden=False
    )
    assert profile.display_name == "Dora Elsewhere"
    services.display_name_check(user=dora_in_other_cohort, display_name="Alice Student")


def test_ones_own_name_is_accepted(enrolled_alice, enrolled_bob):
    profile = services.leaderboard_profile_set(
        user=enrolled_alice, display_name="alice student", is_hidden=False
    )
    assert profile.display_name == "alice student"


def test_the_check_costs_one_query(
    enrolled_alice, enrolled_bob, instructor, staff_user, django_assert_num_queries
):
    # The staff, the instructors and alice's classmates, with their names.
    with django_assert_num_queries(1):
        services.display_name_check(user=enrolled_alice, display_name="Gradient Gal")


def test_the_service_refuses_what_the_form_refuses(enrolled_alice, enrolled_bob):
    with pytest.raises(ValidationError):
        services.leaderboard_profile_set(
            user=enrolled_alice, display_name="Bob Student", is_hidden=False
        )
    assert not LeaderboardProfile.objects.filter(user=enrolled_alice).exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Reference model (logistic_regression)", "label of the reference model&#x27;s row"),
        ("Instructor", "reads as a role on Lodestar"),
        ("Bob Student", "That is the name of a classmate in your cohort"),
        ("ines", "That is the name of an instructor"),
        ("sam", "That is the name of a member of the Lodestar staff"),
    ],
)
def test_the_account_page_says_why_a_name_is_refused(
    client, enrolled_alice, enrolled_bob, instructor, staff_user, name, message
):
    client.force_login(enrolled_alice)
    response = client.post(reverse("leaderboards:profile"), {"display_name": name}, follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not LeaderboardProfile.objects.filter(user=enrolled_alice).exists()


def test_the_account_page_still_saves_an_ordinary_name(
    client, enrolled_alice, enrolled_bob, instructor, staff_user
):
    client.force_login(enrolled_alice)
    response = client.post(reverse("leaderboards:profile"), {"display_name": "Gradient Gal"})
    assert response.status_code == 302
    assert LeaderboardProfile.objects.get(user=enrolled_alice).display_name == "Gradient Gal"
