"""Career outcomes' routes, asked by seven personas: the six of the main matrix
(test_authorization_matrix.py) and career staff. Every `outcomes:` route and the API's
`job_records` must have an expectation here (the main matrix leaves them to this file).

Personas: anonymous; student A, a graduate who owns the probed record; student B, her
classmate; an instructor of another cohort; the cohort's instructor; staff; career staff
(a member of the "Career staff" group, not staff).
"""

import datetime
import io
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from api import services as token_services
from outcomes import access, rules
from outcomes.models import JobRecord, PublishedReport
from outcomes.services import reports
from tests.factories import UserFactory
from tests.hardening.matrix.probes import LOGIN, MISSING, PERSONAS, every, members
from tests.hardening.matrix.table import walk
from tests.outcomes import factories as f
from tests.outcomes.conftest import login_verified

pytestmark = pytest.mark.django_db

PERIOD = "2027-H1"


GRADUATES = members(404, student_a=200, student_b=200)
OWNER_AND_CAREER = members(404, student_a=200, staff=200, career_staff=200)
CAREER = members(404, staff=200, career_staff=200)
STAFF = members(404, staff=200)


@dataclass
class Probe:
    label: str
    expected: dict
    kwargs: object = lambda w: {}
    method: str = "GET"
    data: dict | None = None
    auth: str = "session"


MATRIX = {
    "outcomes:public": [Probe("page", every(200))],
    "outcomes:intent": [Probe("survey", GRADUATES)],
    "outcomes:mine": [Probe("my records", GRADUATES)],
    "outcomes:record_create": [Probe("form", GRADUATES)],
    "outcomes:record_edit": [
        Probe("A's record", OWNER_AND_CAREER, lambda w: {"pk": w.record_a.pk}),
        Probe("missing", members(404), lambda w: {"pk": MISSING}),
    ],
    # POST only; the deleting itself is tested in tests/outcomes/.
    "outcomes:record_delete": [
        Probe("GET", members(405), lambda w: {"pk": w.record_a.pk}),
        Probe("missing", members(404), lambda w: {"pk": MISSING}, method="POST"),
    ],
    "outcomes:evidence": [
        Probe("A's evidence", OWNER_AND_CAREER, lambda w: {"pk": w.record_a.pk}),
        Probe("missing", members(404), lambda w: {"pk": MISSING}),
    ],
    "outcomes:record_verify": [
        Probe("A's record", CAREER, lambda w: {"pk": w.record_a.pk}),
        Probe("missing", members(404), lambda w: {"pk": MISSING}),
    ],
    "outcomes:pipeline_index": [Probe("cohorts", CAREER)],
    "outcomes:pipeline": [
        Probe("the cohort", CAREER, lambda w: {"cohort_id": w.cohort.pk}),
        Probe("missing", members(404), lambda w: {"cohort_id": MISSING}),
    ],
    "outcomes:record_create_for": [
        Probe("for A", CAREER, lambda w: {"enrolment_id": w.record_a.enrolment_id}),
        Probe("missing", members(404), lambda w: {"enrolment_id": MISSING}),
    ],
    "outcomes:intent_change": [
        Probe("A's intent", CAREER, lambda w: {"enrolment_id": w.record_a.enrolment_id}),
        Probe("missing", members(404), lambda w: {"enrolment_id": MISSING}),
    ],
    "outcomes:report_index": [Probe("periods", STAFF)],
    "outcomes:report": [
        Probe("live", STAFF, lambda w: {"program_id": w.cohort.program_id, "period": PERIOD}),
        Probe(
            "bad period",
            members(404),
            lambda w: {"program_id": w.cohort.program_id, "period": "2027-H3"},
        ),
    ],
    "outcomes:publish": [
        Probe(
            "GET",
            members(404, staff=405),
            lambda w: {"program_id": w.cohort.program_id, "period": PERIOD},
        ),
        Probe(
            "POST",
            members(404, staff=302),
            lambda w: {"program_id": w.cohort.program_id, "period": PERIOD},
            method="POST",
        ),
    ],
    "outcomes:audit_csv": [
        Probe("CSV", STAFF, lambda w: {"program_id": w.cohort.program_id, "period": PERIOD}),
    ],
    "api-1:job_records": [Probe("own records", every(200, anonymous=401), auth="token")],
}


@dataclass
class World:
    users: dict
    cohort: object
    record_a: JobRecord
    tokens: dict


@pytest.fixture
def world(db):
    cohort = f.finished_cohort(start=datetime.date(2027, 1, 4))
    a = f.graduate(cohort, username="anna")
    f.graduate(cohort, username="bert")
    other = f.finished_cohort(start=datetime.date(2027, 1, 11))
    users = {
        "student_a": a.user,
        "student_b": cohort.enrolments.get(user__username="bert").user,
        "other_instructor": UserFactory(username="olga"),
        "instructor": UserFactory(username="ivan"),
        "staff": UserFactory(username="sam", is_staff=True, is_superuser=True),
        "career_staff": UserFactory(username="carla"),
    }
    users["career_staff"].groups.add(access.career_staff_group())
    cohort.instructors.add(users["instructor"])
    other.instructors.add(users["other_instructor"])
    record = f.hire(a, start=datetime.date(2027, 5, 3))
    record.evidence.save("evidence", io.BytesIO(b"%PDF offer"), save=False)
    record.evidence_state = JobRecord.Evidence.UNVERIFIED
    record.evidence_name = "offer.pdf"
    record.save()
    reports.report_publish(
        program=cohort.program, period=rules.Period(2027, 1), actor=users["staff"]
    )
    tokens = {
        persona: token_services.token_create(user=user, name="matrix", second_factor=True).secret
        for persona, user in users.items()
    }
    return World(users=users, cohort=cohort, record_a=record, tokens=tokens)


def _check(response, expected) -> bool:
    if expected == LOGIN:
        return response.status_code == 302 and response["Location"].startswith(reverse("login"))
    return response.status_code == expected


def test_every_outcomes_route_has_an_expectation():
    names = {name for _, name, _ in walk() if name and name.startswith(("outcomes:", "api-1:job"))}
    assert names == set(MATRIX), names ^ set(MATRIX)


def test_matrix_of_outcomes_routes(client, world):
    wrong = []
    probes = sorted(
        ((name, probe) for name, items in MATRIX.items() for probe in items),
        key=lambda pair: pair[1].method == "POST",
    )
    for name, probe in probes:
        url = reverse(name, kwargs=probe.kwargs(world))
        for persona in PERSONAS:
            client.logout()
            headers = {}
            if probe.auth == "token":
                if persona != "anonymous":
                    headers["Authorization"] = f"Bearer {world.tokens[persona]}"
            elif persona == "career_staff":
                login_verified(client, world.users[persona])
            elif persona != "anonymous":
                client.force_login(world.users[persona])
            call = client.post if probe.method == "POST" else client.get
            response = call(url, probe.data or {}, headers=headers)
            if not _check(response, probe.expected[persona]):
                wrong.append(
                    f"{probe.method} {url} ({name}: {probe.label}) as {persona}: got "
                    f"{response.status_code} {response.get('Location', '')}, expected "
                    f"{probe.expected[persona]}"
                )
    assert wrong == [], "\n".join(["", *wrong])
    # Only staff's POST published (a second version); nobody's probe deleted the record.
    assert PublishedReport.objects.count() == 2
    assert JobRecord.objects.filter(pk=world.record_a.pk).exists()


@pytest.mark.second_factor_wall
def test_second_factor_wall_covers_every_outcomes_route(client, world):
    """Password-only sessions: staff (no authenticator yet) are sent to set one up on every
    route; career staff too on theirs (the outcomes views ask, as the middleware does for
    staff); career staff with an authenticator they did not use are sent to verify."""
    wrong, asked = [], 0
    career_routes = {name for name, items in MATRIX.items() if items[0].expected is CAREER}
    for name, items in MATRIX.items():
        probe = items[0]
        if probe.auth == "token":
            continue
        url = reverse(name, kwargs=probe.kwargs(world))
        askers = [("staff", "second_factor_setup")]
        if name in career_routes:
            askers.append(("career_staff", "second_factor_setup"))
        for persona, target in askers:
            client.logout()
            client.force_login(world.users[persona])
            response = (client.post if probe.method == "POST" else client.get)(url)
            asked += 1
            if response.status_code != 302 or not response["Location"].startswith(reverse(target)):
                wrong.append(f"{name} as {persona}: {response.status_code}")
    TOTPDevice.objects.create(user=world.users["career_staff"], name="carla's phone")
    client.logout()
    client.force_login(world.users["career_staff"])
    response = client.get(reverse("outcomes:pipeline_index"))
    assert response["Location"].startswith(reverse("second_factor_verify"))
    assert wrong == [], "\n".join(["", *wrong])
    assert asked >= 20
