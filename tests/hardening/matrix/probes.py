"""The matrix's personas, and the helpers its rows use to say who gets what.

Personas: anonymous, student A and student B (same cohort), an instructor of another
cohort, the cohort's instructor, staff, and career staff (the "Career staff" group of
outcomes, not staff, no enrolment, no cohort: past the second factor, as outcomes asks).

Career staff get each helper's base answer (an outsider's: no seat, no cohort to teach),
unless a row names them: they are no reviewers (no gradebook, reviews, rubrics, similarity
or overrides). Their own pages, outcomes' pipeline and records, are probed with the same
persona in test_authorization_outcomes.py.
"""

from dataclasses import dataclass, field

PERSONAS = (
    "anonymous",
    "student_a",
    "student_b",
    "other_instructor",
    "instructor",
    "staff",
    "career_staff",
)
MISSING = 987654  # an id no object has
WHEEL, OLD_WHEEL = (f"lodestar_client-{v}-py3-none-any.whl" for v in ("9.1.0", "9.0.0"))
LOGIN = "login"  # expected: a redirect to the log-in page
# Career staff on a student's page: signed in, but no seat in a cohort (told so: 403).
NO_SEAT = 403
ADMIN_LOGIN = "admin_login"  # expected: a redirect to the admin's log-in page


def every(status, **overrides):
    """The same answer for every persona, except the ones named."""
    return {persona: overrides.get(persona, status) for persona in PERSONAS}


def members(status, **overrides):
    """Log-in required: anonymous visitors are sent to log in."""
    return every(status, anonymous=LOGIN, **overrides)


def owner_only(owner="student_a"):
    return members(404, **{owner: 200})


def reviewers(status=200, **overrides):
    """The cohort's instructor and staff; everyone else gets a 404 that says nothing."""
    return members(404, instructor=status, staff=status, **overrides)


@dataclass
class Probe:
    label: str
    method: str
    kwargs: object  # callable(world) -> dict of URL kwargs
    expected: dict
    data: dict = field(default_factory=dict)
    # "session": personas log in; "token": they send their API token (anonymous: none).
    auth: str = "session"
    # Data that names objects of the world (a cohort id in the query string or the form).
    data_fn: object = None
    # Send the data as a JSON body (the API's POSTs), not as a form.
    as_json: bool = False


def probe(label, expected, kwargs=lambda w: {}, method="GET", data=None, data_fn=None):
    return Probe(label, method, kwargs, expected, data or {}, data_fn=data_fn)


def api_probe(
    label, expected, kwargs=lambda w: {}, method="GET", data=None, data_fn=None, as_json=False
):
    return Probe(
        label, method, kwargs, expected, data or {}, auth="token", data_fn=data_fn, as_json=as_json
    )


def api(status, **overrides):
    """API routes: no token (or a session cookie alone) gets a 401."""
    return every(status, anonymous=401, **overrides)


def api_owner_or_reviewers(owner):
    return api(404, **{owner: 200}, instructor=200, staff=200)


PUBLIC = [probe("page", every(200))]
