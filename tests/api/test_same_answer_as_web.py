"""The web page and the API answer the same rule the same way (labs.lookups,
leaderboards.lookups): 404 for what is missing or someone else's, 403 with the reason for a
published lab (or its board) when the asker is not enrolled."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.labs.dashboard_factories import SubmissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alices_submission(enrolled_alice, cohort, wine_lab_week3):
    return SubmissionFactory(student=enrolled_alice, cohort=cohort, lab=wine_lab_week3)


def _web(user):
    client = Client()
    client.force_login(user)
    return client


# (rule, persona, web page and what it takes, API path, the status at both doors)
LAB, SUBMISSION, COHORT = "lab", "submission", "cohort"
CASES = [
    ("lab for a student", "stranger", ("labs:detail", LAB), "labs/{lab}", 403),
    ("lab for a student", "enrolled_alice", ("labs:detail", LAB), "labs/{lab}", 200),
    ("lab for a student", "enrolled_alice", ("labs:detail", None), "labs/no-such-lab", 404),
    (
        "submission for a user",
        "enrolled_bob",
        ("labs:submission", SUBMISSION),
        "submissions/{submission}",
        404,
    ),
    (
        "submission for a user",
        "other_instructor",
        ("reviews:submission", SUBMISSION),
        "submissions/{submission}",
        404,
    ),
    (
        "submission for a user",
        "instructor",
        ("reviews:submission", SUBMISSION),
        "submissions/{submission}",
        200,
    ),
    (
        "cohort for a reviewer",
        "other_instructor",
        ("labs:gradebook", COHORT),
        "cohorts/{cohort}/gradebook",
        404,
    ),
    (
        "cohort for a reviewer",
        "instructor",
        ("labs:gradebook", COHORT),
        "cohorts/{cohort}/gradebook",
        200,
    ),
    (
        "board for a user",
        "stranger",
        ("leaderboards:leaderboard", LAB),
        "labs/{lab}/leaderboard",
        403,
    ),
]


@pytest.mark.parametrize(
    ("rule", "persona", "web", "api_path", "status"),
    CASES,
    ids=[f"{rule}-{persona}-{status}" for rule, persona, _, _, status in CASES],
)
def test_web_and_api_give_the_same_answer(
    request,
    as_user,
    alices_submission,
    cohort,
    wine_lab_week3,
    rule,
    persona,
    web,
    api_path,
    status,
):
    user = request.getfixturevalue(persona)
    keys = {LAB: wine_lab_week3.slug, SUBMISSION: alices_submission.pk, COHORT: cohort.pk}
    name, takes = web
    web_url = reverse(name, args=[keys[takes] if takes else "no-such-lab"])
    api_url = "/api/v1/" + api_path.format(**keys)
    web_answer = _web(user).get(web_url)
    api_answer = as_user(user).get(api_url)
    assert (web_answer.status_code, api_answer.status_code) == (status, status), rule
    if status == 403:
        # The same reason, in the same words, at both doors.
        assert api_answer.json()["detail"] in web_answer.content.decode()
