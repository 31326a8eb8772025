"""The second-factor wall shares its one query with the navbar and never keeps the answer
beyond the request: what changes in another session counts at the very next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from security import twofactor
from tests.factories import DEFAULT_PASSWORD
from tests.support import code_for_secret

pytestmark = pytest.mark.django_db

ACCOUNT = reverse("account")


def log_in(client, username):
    client.post(reverse("login"), {"username": username, "password": DEFAULT_PASSWORD})


def roles_queries(client, url) -> int:
    """How many queries of a page ask the account's roles (the wall's and the navbar's)."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum(
        1
        for query in queries
        if "enrolment_cohort_instructors" in query["sql"] and '"auth_user"' in query["sql"]
    )


def test_the_wall_and_the_navbar_ask_once(client, student):
    log_in(client, "stella")
    # The navbar shows a student's dashboard link: it read the roles the wall read.
    assert roles_queries(client, ACCOUNT) == 1
    assert reverse("labs:dashboard") in client.get(ACCOUNT).content.decode()


def test_an_authenticator_added_elsewhere_counts_at_the_next_request(client, student):
    log_in(client, "stella")
    assert client.get(ACCOUNT).status_code == 200
    # Set up from another browser (a second session of the same person).
    other = client.__class__()
    log_in(other, "stella")
    page = other.get(reverse("second_factor_setup"))
    other.post(reverse("second_factor_setup"), {"code": code_for_secret(page.context["secret"])})
    assert twofactor.has_second_factor(student)
    # The first session passed the password only: from now on it must verify.
    assert client.get(ACCOUNT)["Location"].startswith(reverse("second_factor_verify"))


def test_a_new_teaching_role_counts_at_the_next_request(client, student, cohort):
    log_in(client, "stella")
    assert client.get(ACCOUNT).status_code == 200
    cohort.instructors.add(student)
    assert client.get(ACCOUNT)["Location"].startswith(reverse("second_factor_setup"))


def test_the_answer_is_kept_only_when_asked_to(student, cohort):
    assert not twofactor.second_factor_required(student)
    cohort.instructors.add(student)
    assert twofactor.second_factor_required(student)  # read again, not remembered
    twofactor.second_factor_required(student, remember=True)
    assert twofactor.account_roles(student)["teaches"]
