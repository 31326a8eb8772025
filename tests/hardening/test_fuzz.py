"""Hostile values on every URL pattern and every form, as every persona: never a 5xx.

Property-based (hypothesis), on PostgreSQL, because SQLite hides what matters here: it
stores NUL bytes and integers of any size, while PostgreSQL refuses both. Each example
picks a persona and a route, fills the route's parameters and its query string with
hostile values (control characters, ids beyond 2^63, negative and non-numeric ids, long
strings, broken percent-encodings, deeply nested JSON, empty and repeated parameters), and
for POST the fields of the page's own form. Afterwards nothing may be half-written.
"""

import re
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enrolment.models import Cohort, Enrolment
from labs.models import Submission
from tests.hardening.matrix.probes import PERSONAS
from tests.hardening.matrix.table import walk

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

FIXED = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x07\x1b[31mred",
    "\u200b\u200b",
    "\ufeff",
    "\u202eevil",
    "%",
    "%zz",
    "%00",
    "%ff%fe",
    "%c0%af",
    "-1",
    "0",
    "00000000000000000000001",
    str(2**31),
    str(2**63),
    str(2**64),
    "9" * 40,
    "-" + "9" * 30,
    "1e309",
    "NaN",
    "0x1f",
    "\u0661\u0662",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "[" * 3000 + "]" * 3000,
    '{"a":' * 3000 + "1" + "}" * 3000,
    "x" * 5000,
]
hostile = st.one_of(
    st.sampled_from(FIXED),
    st.text(max_size=30),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
# Keys the project's pages read, plus whatever else.
KEYS = ["program", "cohort", "sort", "page", "p", "o", "q", "next", "lab", "status", "week"]
key = st.one_of(st.sampled_from(KEYS), hostile)
PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")
ROUTES = sorted(
    (route, name) for route, name, _ in walk() if name is not None or not route.startswith("admin/")
)
PROBE_SETTINGS = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def raw(value: str) -> str:
    """Percent-encode, except values that are themselves (broken) encodings: send as is."""
    return value if value.startswith("%") else quote(value, safe="")


def fill(route: str, values: list[str]) -> str:
    parts = iter(values)
    return "/" + PARAMETER.sub(lambda _: raw(next(parts, "1")), route)


@st.composite
def requests(draw, with_query=True):
    persona = draw(st.sampled_from(PERSONAS))
    route, name = draw(st.sampled_from(ROUTES))
    values = [draw(hostile) for _ in PARAMETER.findall(route)]
    path = fill(route, values)
    if with_query:
        pairs = draw(st.lists(st.tuples(key, hostile), max_size=4))
        if pairs and draw(st.booleans()):
            pairs.append(pairs[0])  # a repeated parameter
        path += "?" + "&".join(f"{raw(k)}={raw(v)}" for k, v in pairs)
    return persona, name, path


def ask(client, world, persona, method, path, data=None):
    client.logout()
    headers = {}
    if persona != "anonymous":
        client.force_login(world.users[persona])
        if path.startswith("/api/"):  # the API ignores sessions: its door is the token
            headers["Authorization"] = f"Bearer {world.tokens[persona]}"
    call = client.post if method == "POST" else client.get
    try:
        response = call(path, data or {}, headers=headers)
    except Exception as error:  # the test client re-raises what would have been a 500
        pytest.fail(f"{method} {path!r} as {persona} raised {type(error).__name__}: {error}")
    assert response.status_code < 500, f"{method} {path!r} as {persona}: {response.status_code}"
    return response


def assert_nothing_half_written(world):
    """Sign-ups are whole (an account has its application); seats are never overbooked;
    every stored submission has its file."""
    known = [user.pk for user in world.users.values()]
    orphans = (
        get_user_model()
        .objects.exclude(pk__in=known)
        .filter(is_staff=False)
        .annotate(applications=Count("enrolments"))
        .filter(applications=0)
    )
    assert list(orphans) == []
    overbooked = Cohort.objects.annotate(
        taken=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.ENROLLED))
    ).filter(taken__gt=F("capacity"))
    assert list(overbooked) == []
    assert not Submission.objects.filter(Q(file="") | Q(file__isnull=True)).exists()


@pytest.fixture
def fuzz_world(require_postgres, matrix_world, settings):
    settings.AXES_ENABLED = False  # the fuzzer fails log-ins on purpose, thousands of times
    return matrix_world


def test_every_route_and_persona_with_hostile_path_values(client, fuzz_world):
    """The walk: every route as every persona, each time with one of a few hostile values
    in every parameter and every query key a page reads (the value turns with the
    persona)."""
    values = ("\x00\x1b", str(2**64), "%zz" + "[" * 3000)
    for number, (route, _) in enumerate(ROUTES):
        for turn, persona in enumerate(PERSONAS):
            value = values[(number + turn) % len(values)]
            path = fill(route, [value] * len(PARAMETER.findall(route)))
            query = "&".join(f"{name}={raw(value)}" for name in KEYS) + "&cohort="
            ask(client, fuzz_world, persona, "GET", f"{path}?{query}")
    assert_nothing_half_written(fuzz_world)


@PROBE_SETTINGS
@given(request=requests())
def test_hostile_get_requests_never_fail(client, fuzz_world, request):
    persona, _, path = request
    ask(client, fuzz_world, persona, "GET", path)


FIELD = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"')


@PROBE_SETTINGS
@given(request=requests(with_query=False), data=st.data())
def test_hostile_form_posts_never_fail_or_half_write(client, fuzz_world, request, data):
    persona, _, path = request
    page = ask(client, fuzz_world, persona, "GET", path)
    names = set(FIELD.findall(page.content.decode("utf-8", "replace"))) - {"csrfmiddlewaretoken"}
    names |= set(data.draw(st.lists(key, max_size=2)))
    form = {name: data.draw(st.one_of(hostile, st.lists(hostile, max_size=3))) for name in names}
    ask(client, fuzz_world, persona, "POST", path, form)
    assert_nothing_half_written(fuzz_world)
