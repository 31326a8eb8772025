"""Every URL pattern of the project, asked by six personas with real and guessed ids.

Personas: anonymous, student A and student B (same cohort), an instructor of another
cohort, the cohort's instructor, and staff. A new URL pattern without an expectation
here fails `test_every_url_pattern_has_an_expectation`: add one when you add a route.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from api import services as token_services
from courses.models import Certificate, Extension
from enrolment import links
from enrolment.models import Offer
from labs.models import DueReminder, Lab, Submission
from labs.services import intake, worker
from leaderboards.models import LeaderboardProfile, LeaderboardSetting
from privacy import services as privacy_services
from reviews.models import Announcement
from reviews.services import overrides
from security import twofactor
from tests.factories import UserFactory
from tests.labs.factories import CohortFactory, EnrolmentFactory, lab_on_builtin

pytestmark = pytest.mark.django_db

PERSONAS = ("anonymous", "student_a", "student_b", "other_instructor", "instructor", "staff")
MISSING = 987654  # an id no object has
WHEEL, OLD_WHEEL = (f"lodestar_client-{v}-py3-none-any.whl" for v in ("9.1.0", "9.0.0"))
LOGIN = "login"  # expected: a redirect to the log-in page
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


def probe(label, expected, kwargs=lambda w: {}, method="GET", data=None, data_fn=None):
    return Probe(label, method, kwargs, expected, data or {}, data_fn=data_fn)


def api_probe(label, expected, kwargs=lambda w: {}, method="GET", data=None, data_fn=None):
    return Probe(label, method, kwargs, expected, data or {}, auth="token", data_fn=data_fn)


def api(status, **overrides):
    """API routes: no token (or a session cookie alone) gets a 401."""
    return every(status, anonymous=401, **overrides)


def api_owner_or_reviewers(owner):
    return api(404, **{owner: 200}, instructor=200, staff=200)


# ----------------------------------------------------------------- the matrix

PUBLIC = [probe("page", every(200))]
MATRIX: dict[str, list[Probe]] = {
    "home": PUBLIC,
    "careers:what": PUBLIC,
    "careers:salaries": PUBLIC,
    "careers:skills": PUBLIC,
    "careers:applications": PUBLIC,
    "careers:paths": PUBLIC,
    "careers:faq": PUBLIC,
    "programs": PUBLIC,
    "health": PUBLIC,
    # A permanent redirect to the SVG icon among the static files, for anyone.
    "favicon": [probe("favicon", every(301))],
    "login": PUBLIC,
    "password_reset": PUBLIC,
    "password_reset_done": PUBLIC,
    "password_reset_complete": PUBLIC,
    "password_reset_confirm": [
        probe("guessed token", every(200), lambda w: {"uidb64": "MQ", "token": "set-password"}),
    ],
    # Logging out takes a POST (CSRF-protected); a link or an <img> cannot do it.
    "logout": [probe("GET", every(405))],
    "signup": [probe("form", every(302, anonymous=200))],
    # The sign-up form's cohort field for a program (htmx): public, like the form.
    "signup_cohorts": [probe("fragment", every(200))],
    # Signed links from emails: the token is the credential, a forged one finds nothing.
    "email_confirm": [
        probe("forged token", every(404), lambda w: {"token": "1:forged"}),
        probe("A's link", every(200, student_a=302), lambda w: {"token": w.confirm_token_a}),
    ],
    "email_confirm_resend": [
        probe("GET", members(405)),
        probe("POST", members(302), method="POST"),
    ],
    "offer": [
        probe("forged token", every(404), lambda w: {"token": "1:forged"}),
        probe("A's offer", every(200), lambda w: {"token": w.offer_token_a}),
        probe("POST forged", every(404), lambda w: {"token": "1:forged"}, method="POST"),
    ],
    # Only people with an application see the confirmation; others go to their account.
    "signup_done": [probe("page", members(302, student_a=200, student_b=200))],
    "account": [probe("page", members(200))],
    "password_change": [probe("form", members(200))],
    "password_change_done": [probe("page", members(200))],
    "enrolment_withdraw": [
        probe("A's enrolment", owner_only(), lambda w: {"pk": w.enrolment_a.pk}),
        probe("missing", members(404), lambda w: {"pk": MISSING}),
        probe(
            "POST on A's enrolment",
            members(404, student_a=302),
            lambda w: {"pk": w.enrolment_a.pk},
            method="POST",
        ),
    ],
    "enrolment_defer": [
        probe("A's enrolment", owner_only(), lambda w: {"pk": w.enrolment_a.pk}),
        probe("missing", members(404), lambda w: {"pk": MISSING}),
    ],
    # A switch on the account page: POST only, and only on one's own enrolment.
    "enrolment_reminders": [
        probe("GET", members(405), lambda w: {"pk": w.enrolment_a.pk}),
        probe(
            "POST on A's enrolment",
            members(404, student_a=302),
            lambda w: {"pk": w.enrolment_a.pk},
            method="POST",
            data={"due_reminders": "on"},
        ),
        probe("POST missing", members(404), lambda w: {"pk": MISSING}, method="POST"),
    ],
    # ---- labs
    "labs:list": [probe("page", members(200, other_instructor=200))],
    "labs:detail": [
        probe("open lab", members(200), lambda w: {"slug": w.lab.slug}),
        probe("unpublished lab", members(404), lambda w: {"slug": w.hidden_lab.slug}),
        probe("missing lab", members(404), lambda w: {"slug": "no-such-lab"}),
    ],
    "labs:download": [
        probe("training set", members(200), lambda w: {"slug": w.lab.slug, "part": "train"}),
        probe("test features", members(200), lambda w: {"slug": w.lab.slug, "part": "test"}),
        *[
            probe(
                f"hidden labels as {part!r}",
                members(404),
                lambda w, p=part: {"slug": w.lab.slug, "part": p},
            )
            for part in ("labels", "test_labels", "answers", "private", "..%2Flabels")
        ],
        probe(
            "unpublished lab", members(404), lambda w: {"slug": w.hidden_lab.slug, "part": "train"}
        ),
    ],
    "labs:starter": [
        probe(
            "predictions lab has none", members(404), lambda w: {"slug": w.lab.slug, "kind": "py"}
        ),
        probe("code lab", members(200), lambda w: {"slug": w.code_lab.slug, "kind": "py"}),
        probe(
            "code lab, odd kind", members(404), lambda w: {"slug": w.code_lab.slug, "kind": "sh"}
        ),
    ],
    "labs:submit": [
        probe("GET", members(405), lambda w: {"slug": w.lab.slug}),
        # No file: the form answers 400; nothing is stored (checked below).
        probe("POST without file", members(400), lambda w: {"slug": w.lab.slug}, method="POST"),
        probe(
            "POST to unpublished lab",
            members(404),
            lambda w: {"slug": w.hidden_lab.slug},
            method="POST",
        ),
    ],
    "labs:submission": [
        probe("A's submission", reviewers(student_a=200), lambda w: {"pk": w.submission_a.pk}),
        probe("B's submission", reviewers(student_b=200), lambda w: {"pk": w.submission_b.pk}),
        probe("missing", members(404), lambda w: {"pk": MISSING}),
    ],
    "labs:submission_status": [
        probe("A's submission", reviewers(student_a=200), lambda w: {"pk": w.submission_a.pk}),
        probe("missing", members(404), lambda w: {"pk": MISSING}),
    ],
    # Students see their own progress; people without a cohort are sent to the gradebook.
    "labs:dashboard": [
        probe("page", members(200, other_instructor=302, instructor=302, staff=302)),
    ],
    "labs:dashboard_live": [probe("fragment", members(404, student_a=200, student_b=200))],
    "labs:dashboard_lab": [
        probe(
            "open lab", members(404, student_a=200, student_b=200), lambda w: {"slug": w.lab.slug}
        ),
        probe("missing lab", members(404), lambda w: {"slug": "no-such-lab"}),
    ],
    "labs:dashboard_lab_live": [
        probe(
            "open lab", members(404, student_a=200, student_b=200), lambda w: {"slug": w.lab.slug}
        ),
    ],
    "labs:gradebook_index": [probe("page", reviewers(other_instructor=200))],
    "labs:gradebook": [
        probe("the cohort", reviewers(), lambda w: {"cohort_id": w.cohort.pk}),
        probe(
            "the other cohort",
            members(404, other_instructor=200, staff=200),
            lambda w: {"cohort_id": w.other_cohort.pk},
        ),
        probe("missing cohort", members(404), lambda w: {"cohort_id": MISSING}),
    ],
    "labs:gradebook_export": [
        probe("the cohort", reviewers(), lambda w: {"cohort_id": w.cohort.pk}),
        probe("missing cohort", members(404), lambda w: {"cohort_id": MISSING}),
    ],
    "labs:gradebook_lab": [
        probe("the cohort", reviewers(), lambda w: {"cohort_id": w.cohort.pk, "slug": w.lab.slug}),
        probe("missing lab", members(404), lambda w: {"cohort_id": w.cohort.pk, "slug": "nope"}),
    ],
    "labs:gradebook_student": [
        probe(
            "A in her cohort",
            reviewers(),
            lambda w: {"cohort_id": w.cohort.pk, "student_id": w.users["student_a"].pk},
        ),
        probe(
            "A under the other cohort",
            members(404, staff=404),
            lambda w: {"cohort_id": w.other_cohort.pk, "student_id": w.users["student_a"].pk},
        ),
        probe(
            "missing student",
            members(404),
            lambda w: {"cohort_id": w.cohort.pk, "student_id": MISSING},
        ),
    ],
    "labs:gradebook_regrade": [
        probe("GET", members(405), lambda w: {"pk": w.submission_a.pk}),
        probe(
            "POST on A's submission",
            reviewers(302),
            lambda w: {"pk": w.submission_a.pk},
            method="POST",
        ),
        probe("POST on a missing one", members(404), lambda w: {"pk": MISSING}, method="POST"),
    ],
    # ---- review: the submission viewer, comments, grade overrides, announcements
    "reviews:submission": [
        probe("A's submission", reviewers(student_a=200), lambda w: {"pk": w.submission_a.pk}),
        probe("B's submission", reviewers(student_b=200), lambda w: {"pk": w.submission_b.pk}),
        probe("missing", members(404), lambda w: {"pk": MISSING}),
    ],
    "reviews:comment_create": [
        probe("GET", members(405), lambda w: {"pk": w.submission_a.pk}),
        probe(
            "POST on A's submission",
            reviewers(302, student_a=302),
            lambda w: {"pk": w.submission_a.pk},
            method="POST",
            data={"body": "From the matrix."},
        ),
        probe("POST on a missing one", members(404), lambda w: {"pk": MISSING}, method="POST"),
    ],
    "reviews:override_set": [
        probe("GET", members(405), lambda w: {"pk": w.submission_a.pk}),
        probe(
            "POST on A's submission",
            reviewers(302),
            lambda w: {"pk": w.submission_a.pk},
            method="POST",
            data={"outcome": "pass", "reason": "From the matrix."},
        ),
        probe("POST on a missing one", members(404), lambda w: {"pk": MISSING}, method="POST"),
    ],
    "reviews:override_undo": [
        probe("GET", members(405), lambda w: {"pk": w.override_b.pk}),
        probe(
            "POST on B's override",
            reviewers(302),
            lambda w: {"pk": w.override_b.pk},
            method="POST",
        ),
        probe("POST on a missing one", members(404), lambda w: {"pk": MISSING}, method="POST"),
    ],
    "reviews:announcements": [
        probe("the cohort", reviewers(), lambda w: {"cohort_id": w.cohort.pk}),
        probe(
            "the other cohort",
            members(404, other_instructor=200, staff=200),
            lambda w: {"cohort_id": w.other_cohort.pk},
        ),
        probe("missing cohort", members(404), lambda w: {"cohort_id": MISSING}),
        probe(
            "POST to the cohort",
            reviewers(302),
            lambda w: {"cohort_id": w.cohort.pk},
            method="POST",
            data={"audience": "all", "subject": "Matrix", "body": "From the matrix."},
        ),
    ],
    # ---- course rules (courses/): the final choice is the owner's alone; extensions are
    # for the cohort's instructor and staff; a certificate's address is public.
    "courses:final_choice": [
        probe("GET", members(405), lambda w: {"pk": w.submission_a.pk}),
        probe(
            "POST on A's submission",
            members(404, student_a=302),
            lambda w: {"pk": w.submission_a.pk},
            method="POST",
        ),
        probe("POST on a missing one", members(404), lambda w: {"pk": MISSING}, method="POST"),
    ],
    "courses:extensions": [
        probe("the cohort", reviewers(), lambda w: {"cohort_id": w.cohort.pk}),
        probe(
            "the other cohort",
            members(404, other_instructor=200, staff=200),
            lambda w: {"cohort_id": w.other_cohort.pk},
        ),
        probe("missing cohort", members(404), lambda w: {"cohort_id": MISSING}),
        # An empty form: the reviewers get it back with its errors; nothing is stored.
        probe("POST empty", reviewers(400), lambda w: {"cohort_id": w.cohort.pk}, method="POST"),
    ],
    # Revoking one: the cohort's instructor revokes it (302 back to the list); staff after
    # him find it revoked already (302 with a message); a reason is required (302, the
    # message says why, nothing changes).
    "courses:extension_revoke": [
        probe("GET", members(405), lambda w: {"pk": w.extension_a.pk}),
        probe(
            "POST without a reason",
            reviewers(302),
            lambda w: {"pk": w.extension_a.pk},
            method="POST",
        ),
        probe(
            "POST",
            reviewers(302),
            lambda w: {"pk": w.extension_a.pk},
            method="POST",
            data={"reason": "Granted in error (matrix)."},
        ),
        probe(
            "POST in the other cohort",
            members(404, other_instructor=302, staff=302),
            lambda w: {"pk": w.other_extension.pk},
            method="POST",
            data={"reason": "Granted in error (matrix)."},
        ),
        probe("POST on a missing one", members(404), lambda w: {"pk": MISSING}, method="POST"),
    ],
    "courses:certificate": [
        probe("valid", every(200), lambda w: {"token": w.certificate.token}),
        probe("revoked", every(410), lambda w: {"token": w.revoked_certificate.token}),
        probe("guessed", every(404), lambda w: {"token": "not-a-real-token"}),
    ],
    # ---- leaderboards: the cohort's students and reviewers; others are told why (403)
    "leaderboards:leaderboard": [
        probe("open lab", members(200), lambda w: {"slug": w.lab.slug}),
        probe(
            "the cohort",
            members(200, other_instructor=404),
            lambda w: {"slug": w.lab.slug},
            data_fn=lambda w: {"cohort": w.cohort.pk},
        ),
        probe(
            "the other cohort",
            members(404, other_instructor=200, staff=200),
            lambda w: {"slug": w.lab.slug},
            data_fn=lambda w: {"cohort": w.other_cohort.pk},
        ),
        probe(
            "a malformed cohort", members(404), lambda w: {"slug": w.lab.slug}, data={"cohort": "x"}
        ),
        probe("unpublished lab", members(404), lambda w: {"slug": w.hidden_lab.slug}),
        probe("missing lab", members(404), lambda w: {"slug": "no-such-lab"}),
    ],
    "leaderboards:leaderboard_switch": [
        probe("GET", members(405), lambda w: {"slug": w.lab.slug}),
        probe(
            "POST for the cohort",
            reviewers(302),
            lambda w: {"slug": w.lab.slug},
            method="POST",
            data_fn=lambda w: {"cohort": w.cohort.pk, "is_enabled": "on"},
        ),
        probe("POST without a cohort", members(404), lambda w: {"slug": w.lab.slug}, "POST"),
    ],
    # A form on the account page: one's own settings only.
    "leaderboards:profile": [
        probe("GET", members(405)),
        probe("POST", members(302), method="POST", data={"display_name": ""}),
    ],
    # ---- API tokens on the account page
    "api_token_create": [
        probe("GET", members(405)),
        probe("POST", members(201), method="POST", data={"name": "from the matrix"}),
    ],
    "api_token_revoke": [
        probe("GET", members(405), lambda w: {"pk": w.spare_token_a.pk}),
        probe(
            "POST on A's token",
            members(404, student_a=302),
            lambda w: {"pk": w.spare_token_a.pk},
            method="POST",
        ),
        probe("POST missing", members(404), lambda w: {"pk": MISSING}, method="POST"),
    ],
    # ---- the lodestar client (/client/): its page for people signed in; its wheel for
    # anyone (no secret in it), by its exact name only: nothing else in the build folder.
    "client_install": [probe("page", members(200))],
    "client_wheel": [
        probe("the wheel", every(200), lambda w: {"filename": WHEEL}),
        probe("an older wheel", every(404), lambda w: {"filename": OLD_WHEEL}),
        probe("the build stamp", every(404), lambda w: {"filename": ".built-stamp"}),
        probe("out of the folder", every(404), lambda w: {"filename": "..%2Fsecret.txt"}),
        probe("POST", every(405), lambda w: {"filename": WHEEL}, method="POST"),
    ],
    # ---- my data (privacy/): one's own export (POST, CSRF) and deletion. A post without
    # the password deletes nothing (400); staff and instructors are told to ask an admin
    # (403), as the page they GET says.
    "privacy:data_export": [
        probe("GET", members(405)),
        probe("POST", members(200), method="POST"),
    ],
    "privacy:account_delete": [
        probe("page", members(200)),
        probe(
            "POST without the password",
            members(403, student_a=400, student_b=400),
            method="POST",
        ),
        probe(
            "POST with a wrong password",
            members(403, student_a=400, student_b=400),
            method="POST",
            data={"password": "not-the-password"},
        ),
    ],
    # ---- two factors (security/): everyone's own. Staff and instructors are verified here
    # (tests/conftest.py); test_second_factor_wall_* below asks as password-only sessions.
    # Setting up: a student's choice, or a verified reviewer's new phone; a wrong code is 400.
    "second_factor_setup": [
        probe("page", members(200)),
        probe("POST a malformed code", members(400), method="POST", data={"code": "abc"}),
    ],
    # Nothing to verify: a verified session goes on, a student without one to the account.
    "second_factor_verify": [
        probe("page", members(302)),
        probe("POST", members(302), method="POST", data={"code": "123456"}),
    ],
    # New recovery codes (shown once, 200) from a verified session only.
    "second_factor_recovery_codes": [
        probe("GET", members(405)),
        probe(
            "POST",
            members(302, other_instructor=200, instructor=200, staff=200),
            method="POST",
        ),
    ],
    # Students may turn it off from a verified session; staff and instructors never (302
    # back to the account with the reason).
    "second_factor_turn_off": [
        probe("GET", members(405)),
        probe("POST", members(302), method="POST"),
    ],
    # ---- the API (/api/v1/): personal tokens only; the schema and docs are public
    "api-1:openapi-json": PUBLIC,
    "api-1:openapi-view": PUBLIC,
    "api-1:api-root": [probe("root", every(404))],
    # Any other address under /api/ answers a JSON 404, whoever asks.
    "api_not_found": [probe("unknown", every(404)), probe("POST", every(404), method="POST")],
    "api-1:me": [
        api_probe("token", api(200)),
        # Logged in on the web, but no token: the API ignores the session.
        probe("session only", every(401)),
    ],
    "api-1:enrolments": [api_probe("token", api(200))],
    "api-1:labs": [api_probe("token", api(200))],
    "api-1:lab_detail": [
        api_probe("open lab", api(200), lambda w: {"slug": w.lab.slug}),
        api_probe("unpublished lab", api(404), lambda w: {"slug": w.hidden_lab.slug}),
        api_probe("missing lab", api(404), lambda w: {"slug": "no-such-lab"}),
    ],
    "api-1:lab_files": [
        api_probe("open lab", api(200), lambda w: {"slug": w.lab.slug}),
        api_probe("unpublished lab", api(404), lambda w: {"slug": w.hidden_lab.slug}),
    ],
    "api-1:lab_file": [
        api_probe("training set", api(200), lambda w: {"slug": w.lab.slug, "part": "train"}),
        api_probe("test features", api(200), lambda w: {"slug": w.lab.slug, "part": "test"}),
        *[
            api_probe(
                f"hidden labels as {part!r}",
                api(404),
                lambda w, p=part: {"slug": w.lab.slug, "part": p},
            )
            # A slug converter: "..%2Flabels" has no route at all (tests/api/test_labs.py).
            for part in ("labels", "test_labels", "answers", "private")
        ],
        api_probe(
            "unpublished lab", api(404), lambda w: {"slug": w.hidden_lab.slug, "part": "train"}
        ),
    ],
    "api-1:lab_submit": [
        api_probe("GET", every(405), lambda w: {"slug": w.lab.slug}),
        api_probe("POST without file", api(400), lambda w: {"slug": w.lab.slug}, method="POST"),
        api_probe(
            "POST to unpublished lab",
            api(404),
            lambda w: {"slug": w.hidden_lab.slug},
            method="POST",
        ),
        probe("POST with a session only", every(401), lambda w: {"slug": w.lab.slug}, "POST"),
    ],
    "api-1:submission_detail": [
        api_probe(
            "A's submission",
            api_owner_or_reviewers("student_a"),
            lambda w: {"pk": w.submission_a.pk},
        ),
        api_probe(
            "B's submission",
            api_owner_or_reviewers("student_b"),
            lambda w: {"pk": w.submission_b.pk},
        ),
        api_probe("missing", api(404), lambda w: {"pk": MISSING}),
    ],
    "api-1:submissions": [api_probe("mine", api(200))],
    "api-1:results": [api_probe("mine", api(404, student_a=200, student_b=200))],
    "api-1:leaderboard": [
        api_probe("open lab", api(200), lambda w: {"slug": w.lab.slug}),
        api_probe(
            "the cohort",
            api(200, other_instructor=404),
            lambda w: {"slug": w.lab.slug},
            data_fn=lambda w: {"cohort": w.cohort.pk},
        ),
        api_probe(
            "the other cohort",
            api(404, other_instructor=200, staff=200),
            lambda w: {"slug": w.lab.slug},
            data_fn=lambda w: {"cohort": w.other_cohort.pk},
        ),
        api_probe("unpublished lab", api(404), lambda w: {"slug": w.hidden_lab.slug}),
    ],
    "api-1:cohorts": [
        api_probe("reviewers", api(404, other_instructor=200, instructor=200, staff=200))
    ],
    "api-1:gradebook": [
        api_probe(
            "the cohort", api(404, instructor=200, staff=200), lambda w: {"cohort_id": w.cohort.pk}
        ),
        api_probe(
            "the other cohort",
            api(404, other_instructor=200, staff=200),
            lambda w: {"cohort_id": w.other_cohort.pk},
        ),
        api_probe("missing cohort", api(404), lambda w: {"cohort_id": MISSING}),
    ],
}

# The admin: staff only; everyone else is sent to the admin's own log-in page.
STAFF_ONLY = every(ADMIN_LOGIN, staff=200)
ADMIN_RULES = {
    "index": [probe("index", STAFF_ONLY)],
    "app_list": [probe("app index", STAFF_ONLY, lambda w: {"app_label": "labs"})],
    "login": [probe("form", every(200, staff=302))],
    # Logging out takes a POST; a GET from anyone else is sent to the admin index.
    "logout": [probe("GET", every("/admin/", staff=405))],
    "password_change": [probe("form", STAFF_ONLY)],
    "auth_user_password_change": [
        probe("A's password", STAFF_ONLY, lambda w: {"id": w.users["student_a"].pk}),
        probe("missing user", every(ADMIN_LOGIN, staff=404), lambda w: {"id": MISSING}),
    ],
    "password_change_done": [probe("page", STAFF_ONLY)],
    "jsi18n": [probe("script", STAFF_ONLY)],
    # Without its query parameters the autocomplete view refuses; never data for others.
    "autocomplete": [probe("no params", every(ADMIN_LOGIN, staff=403))],
    # The audit trail as CSV, following the changelist's filters.
    "auditlog_logentry_export": [
        probe("all", STAFF_ONLY),
        probe("filtered", STAFF_ONLY, data={"action__exact": "1"}),
    ],
    "view_on_site": [
        probe(
            "guessed",
            every(ADMIN_LOGIN, staff=404),
            lambda w: {"content_type_id": MISSING, "object_id": MISSING},
        )
    ],
}


# Rows nobody adds by hand in the admin: log-in records (django-axes), and enrolments,
# reference runs, submissions and API tokens, which only the services create.
ADD_REFUSED_ADMIN_MODELS = (
    "api_apitoken_",
    # The audit trail and the record of two-factor resets: append-only (a reset is an
    # action on the users' list).
    "auditlog_logentry_",
    "security_secondfactorreset_",
    "courses_certificate_",
    "courses_finalchoice_",
    # Overrides are set from the gradebook (reviews.services.overrides), never added here.
    "courses_gradeoverride_",
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
    "enrolment_enrolment_",
    "enrolment_interest_",
    "enrolment_offer_",
    "labs_duereminder_",
    "labs_referencemodel_",
    "labs_submission_",
    "privacy_accountdeletion_",
    "reviews_",
    # Outcomes: records the graduates, career staff and publishing write (in-field roles
    # are edited here).
    "outcomes_intent",
    "outcomes_jobrecord_",
    "outcomes_publishedreport_",
)


# Decisions about people (courses: extensions, completion, certificates, final choices),
# the audit trail and two-factor resets are records: nobody deletes one, staff included.
DELETE_REFUSED_ADMIN_MODELS = (
    "auditlog_logentry_",
    "security_secondfactorreset_",
    "courses_certificate_",
    "courses_completiondecision_",
    "courses_extension_",
    "courses_finalchoice_",
    "privacy_accountdeletion_",
    "outcomes_intent",
    "outcomes_jobrecord_",
    "outcomes_publishedreport_",
)

# Career outcomes' routes are probed in test_authorization_outcomes.py, with career staff
# among the personas (and their own second-factor wall test there).
PROBED_ELSEWHERE = ("outcomes:", "api-1:job_records")


def _admin_model_probes(short, suffix):
    if suffix == "add" and short.startswith(ADD_REFUSED_ADMIN_MODELS):
        return [probe(suffix, every(ADMIN_LOGIN, staff=403))]
    if suffix == "delete" and short.startswith(DELETE_REFUSED_ADMIN_MODELS):
        refused = every(ADMIN_LOGIN, staff=403)
        return [
            probe(f"{suffix} existing", refused, lambda w: {"object_id": "EXISTING"}),
            probe(f"{suffix} missing", refused, lambda w: {"object_id": str(MISSING)}),
        ]
    if suffix in ("changelist", "add"):
        return [probe(suffix, STAFF_ONLY)]
    return [
        probe(f"{suffix} existing", STAFF_ONLY, lambda w: {"object_id": "EXISTING"}),
        # A guessed id: staff are sent back to the admin index with a message.
        probe(
            f"{suffix} missing",
            every(ADMIN_LOGIN, staff=302),
            lambda w: {"object_id": str(MISSING)},
        ),
    ]


# ----------------------------------------------------------------- the URL walk


def walk(patterns=None, prefix="", namespace=""):
    """(route, full name, pattern) for every pattern of the project, nested ones included."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace or "") if part)
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield prefix + str(pattern.pattern), name, pattern


ADMIN_MODEL_SUFFIXES = ("changelist", "add", "change", "history", "delete")


def probes_for(name):
    if name in MATRIX:
        return MATRIX[name]
    if name and name.startswith(PROBED_ELSEWHERE):
        return []
    if name and name.startswith("admin:"):
        short = name.split(":", 1)[1]
        if short in ADMIN_RULES:
            return ADMIN_RULES[short]
        for suffix in ADMIN_MODEL_SUFFIXES:
            if short.endswith(f"_{suffix}"):
                return _admin_model_probes(short, suffix)
    return None


def test_every_url_pattern_has_an_expectation():
    missing = []
    for route, name, _ in walk():
        if name is None and route.startswith("admin/"):
            continue  # the admin's catch-all, probed in test_admin_catch_all_reveals_nothing
        if probes_for(name) is None:
            missing.append(f"{route} (name={name!r})")
    assert missing == [], "URL patterns without an expectation in the matrix: " + ", ".join(missing)


def test_the_walk_sees_nested_and_new_routes():
    names = {name for _, name, _ in walk()}
    assert {"home", "labs:submission", "admin:labs_submission_change", "health"} <= names
    assert len(names) > 60


# ----------------------------------------------------------------- the world


@dataclass
class World:
    users: dict
    cohort: object
    other_cohort: object
    lab: Lab
    hidden_lab: Lab
    code_lab: Lab | None
    enrolment_a: object
    submission_a: Submission
    submission_b: Submission
    secret_rows: list = field(default_factory=list)
    certificate: object = None
    revoked_certificate: object = None
    tokens: dict = field(default_factory=dict)  # persona -> API token secret
    spare_token_a: object = None  # a second token of A's, for the revoke probe
    confirm_token_a: str = ""  # A's email confirmation link
    offer_token_a: str = ""  # the link of an (expired) seat offer to A
    override_b: object = None  # a grade override in force on B's lab, for the undo probe
    extension_a: object = None  # an extension of A's, for the revoke probe
    other_extension: object = None  # one in the other cohort


@pytest.fixture
def world(db, settings, tmp_path):
    # The client's build folder: this wheel, an older one, the stamp; a secret beside it.
    settings.LODESTAR_CLIENT_DIR = tmp_path / "build" / "client"
    settings.LODESTAR_CLIENT_DIR.mkdir(parents=True)
    for name in (WHEEL, OLD_WHEEL, ".built-stamp"):
        (settings.LODESTAR_CLIENT_DIR / name).write_bytes(b"PK wheel")
    (tmp_path / "build" / "secret.txt").write_text("not for anyone")
    users = {
        "student_a": UserFactory(username="anna"),
        "student_b": UserFactory(username="bert"),
        "other_instructor": UserFactory(username="olga"),
        "instructor": UserFactory(username="ivan"),
        "staff": UserFactory(username="sam", is_staff=True, is_superuser=True),
    }
    cohort, other_cohort = CohortFactory(), CohortFactory()
    cohort.instructors.add(users["instructor"])
    other_cohort.instructors.add(users["other_instructor"])
    enrolment_a = EnrolmentFactory(user=users["student_a"], cohort=cohort)
    EnrolmentFactory(user=users["student_b"], cohort=cohort)
    lab = lab_on_builtin(dataset_slug="wine", slug="matrix-lab", week=1)
    hidden_lab = lab_on_builtin(
        dataset_slug="wine", slug="matrix-hidden", week=1, train_reference=False, is_published=False
    )
    code_lab = None
    if hasattr(Lab, "SubmissionKind"):
        code_lab = lab_on_builtin(
            dataset_slug="wine",
            slug="matrix-code",
            week=1,
            train_reference=False,
            submission_kind=Lab.SubmissionKind.CODE,
        )
    predictions = lab.references.get().predictions_file.open("rb").read()
    submissions = {}
    for persona in ("student_a", "student_b"):
        submissions[persona] = intake.submission_create(
            lab=lab,
            student=users[persona],
            cohort=cohort,
            upload=intake.UploadedPredictions(name=f"{persona}.csv", content=predictions),
        )
        worker.submission_grade(submission_id=submissions[persona].pk)
    # A due-date reminder, so its admin pages have an existing row to probe.
    DueReminder.objects.create(
        student=users["student_a"], lab=lab, cohort=cohort, due_on=lab.due_on(cohort)
    )
    # Leaderboard rows, so their admin pages have an existing row to probe.
    LeaderboardSetting.objects.create(cohort=cohort, lab=lab, changed_by=users["instructor"])
    LeaderboardProfile.objects.create(user=users["student_b"], display_name="Matrix B")
    offer_a = Offer.objects.create(
        enrolment=enrolment_a, status=Offer.Status.EXPIRED, expires_at=timezone.now()
    )
    override_b = overrides.grade_override_set(
        student=users["student_b"],
        lab=lab,
        cohort=cohort,
        actor=users["instructor"],
        passed=True,
        score=None,
        reason="Matrix override.",
        submission=submissions["student_b"],
    )
    labels = lab.dataset.test_labels_file.open("rb").read().decode().splitlines()
    # Certificates of past students (one revoked), for the public certificate address.
    certificates = [
        Certificate.objects.create(
            enrolment=EnrolmentFactory(cohort=other_cohort),
            student_name="Past Student",
            program_name="Intensive",
            cohort_name=other_cohort.name,
            start_date=other_cohort.start_date,
            end_date=other_cohort.end_date,
            labs_passed=1,
            labs_total=1,
            **revoked,
        )
        for revoked in ({}, {"revoked_at": timezone.now(), "revoke_reason": "matrix"})
    ]
    other_student = UserFactory(username="otto")
    EnrolmentFactory(user=other_student, cohort=other_cohort)
    # A student of the other cohort who deleted her account: the record's admin pages.
    EnrolmentFactory(user=UserFactory(username="dora"), cohort=other_cohort)
    privacy_services.account_delete(user=get_user_model().objects.get(username="dora"))
    extensions = [
        Extension.objects.create(
            student=student,
            cohort=in_cohort,
            lab=lab,
            due_on=lab.due_on(in_cohort) + datetime.timedelta(days=7),
            reason="Matrix extension.",
            granted_by=granted_by,
        )
        for student, in_cohort, granted_by in (
            (users["student_a"], cohort, users["instructor"]),
            (other_student, other_cohort, users["other_instructor"]),
        )
    ]
    # A two-factor reset, so its admin pages have an existing row to probe.
    twofactor.second_factor_reset(user=other_student, actor=users["staff"], reason="Matrix.")
    return World(
        extension_a=extensions[0],
        other_extension=extensions[1],
        certificate=certificates[0],
        revoked_certificate=certificates[1],
        users=users,
        cohort=cohort,
        other_cohort=other_cohort,
        lab=lab,
        hidden_lab=hidden_lab,
        code_lab=code_lab,
        enrolment_a=enrolment_a,
        submission_a=submissions["student_a"],
        submission_b=submissions["student_b"],
        secret_rows=labels[1:6],
        tokens={
            persona: token_services.token_create(
                user=user, name="matrix", second_factor=True
            ).secret
            for persona, user in users.items()
        },
        spare_token_a=token_services.token_create(user=users["student_a"], name="spare").token,
        confirm_token_a=links.confirm_token(user=users["student_a"]),
        offer_token_a=links.offer_token(offer=offer_a),
        override_b=override_b,
    )


def _client_for(client, world, persona):
    if persona != "anonymous":
        client.force_login(world.users[persona])
    return client


def _admin_object_id(world, name):
    app_label, model_name = name.split(":", 1)[1].rsplit("_", 1)[0].split("_", 1)
    for model in admin.site._registry:
        if model._meta.app_label == app_label and model._meta.model_name == model_name:
            obj = model._default_manager.order_by("pk").first()
            return str(obj.pk) if obj else None
    raise AssertionError(f"no admin model for {name}")


def _check_status(response, expected) -> bool:
    if isinstance(expected, str) and expected.startswith("/"):
        return response.status_code == 302 and response["Location"] == expected
    if expected == LOGIN:
        return response.status_code == 302 and response["Location"].startswith(reverse("login"))
    if expected == ADMIN_LOGIN:
        return response.status_code == 302 and response["Location"].startswith(
            reverse("admin:login")
        )
    return response.status_code == expected


def _run_matrix(client, world, admin_routes: bool) -> list[str]:
    """Ask every probe as every persona; return one line per wrong answer."""
    probes = []
    for _, name, _ in walk():
        if name is None or name.startswith("admin:") != admin_routes:
            continue
        for item in probes_for(name) or []:
            probes.append((name, item))
    # Reads first; writes last, so that they cannot change what the reads see.
    probes.sort(key=lambda pair: (pair[1].method == "POST", pair[0] == "enrolment_withdraw"))
    wrong = []
    for name, item in probes:
        if world.code_lab is None and "code_lab" in item.kwargs.__code__.co_names:
            continue
        kwargs = item.kwargs(world)
        if kwargs.get("object_id") == "EXISTING":
            kwargs["object_id"] = _admin_object_id(world, name)
            if kwargs["object_id"] is None:
                continue
        url = reverse(name, kwargs=kwargs)
        for persona in PERSONAS:
            client.logout()
            headers = {}
            if item.auth == "token":
                if persona != "anonymous":
                    headers["Authorization"] = f"Bearer {world.tokens[persona]}"
            else:
                _client_for(client, world, persona)
            call = client.post if item.method == "POST" else client.get
            data = item.data_fn(world) if item.data_fn else item.data
            response = call(url, data, headers=headers)
            if not _check_status(response, item.expected[persona]):
                wrong.append(
                    f"{item.method} {url} ({name}: {item.label}) as {persona}: "
                    f"got {response.status_code} {response.get('Location', '')}, "
                    f"expected {item.expected[persona]}"
                )
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if any(row.encode() in body for row in world.secret_rows):
                wrong.append(f"{item.method} {url} as {persona}: HIDDEN LABELS IN THE RESPONSE")
    return wrong


def test_matrix_of_site_routes(client, world):
    wrong = _run_matrix(client, world, admin_routes=False)
    assert wrong == [], "\n".join(["", *wrong])
    # No probe stored a submission; the regrade probes only re-queued A's.
    assert Submission.objects.count() == 2
    world.submission_b.refresh_from_db()
    assert world.submission_b.status == Submission.Status.GRADED


def test_matrix_of_admin_routes(client, world):
    wrong = _run_matrix(client, world, admin_routes=True)
    assert wrong == [], "\n".join(["", *wrong])


def test_stored_files_have_no_url_of_their_own(client, world):
    """Uploads and the hidden labels live outside the web root: no path reaches them."""
    client.force_login(world.users["staff"])
    for stored in (world.lab.dataset.test_labels_file, world.submission_b.file):
        for url in (f"/{stored.name}", f"/media/{stored.name}", f"/static/../{stored.name}"):
            assert client.get(url).status_code == 404, url


def test_admin_catch_all_reveals_nothing(client, world):
    for persona in PERSONAS:
        client.logout()
        _client_for(client, world, persona)
        response = client.get("/admin/labs/no-such-page/")
        expected = 404 if persona == "staff" else 302
        assert response.status_code == expected, persona


# ----------------------------------------------------------------- the second-factor wall

# What a password-only session of staff or an instructor may still open (security/middleware.py).
OPEN_TO_PASSWORD_ONLY = {
    "login",
    "logout",
    "admin:logout",
    "second_factor_setup",
    "second_factor_verify",
}


@pytest.mark.second_factor_wall
@pytest.mark.parametrize("admin_routes", [False, True], ids=["site", "admin"])
def test_second_factor_wall_covers_every_route(client, world, admin_routes):
    """Every route, asked by staff (no authenticator yet: sent to set one up) and by the
    cohort's instructor (an authenticator, not used in this session: sent to verify) with
    a password-only session, answers with a redirect to the second factor and nothing
    else, so the gradebook, the viewer, announcements, extensions, overrides and the
    admin are out of reach. The API takes tokens, never the session (tested in tests/api/)."""
    TOTPDevice.objects.create(user=world.users["instructor"], name="ivan's phone")
    expected = {
        "staff": reverse("second_factor_setup"),
        "instructor": reverse("second_factor_verify"),
    }
    wrong, asked = [], 0
    for _, name, _ in walk():
        if name is None or name.startswith("admin:") != admin_routes:
            continue
        if name in OPEN_TO_PASSWORD_ONLY:
            continue
        for item in probes_for(name) or []:
            if item.auth == "token":
                continue
            if world.code_lab is None and "code_lab" in item.kwargs.__code__.co_names:
                continue
            kwargs = item.kwargs(world)
            if kwargs.get("object_id") == "EXISTING":
                kwargs["object_id"] = _admin_object_id(world, name) or str(MISSING)
            url = reverse(name, kwargs=kwargs)
            if url.startswith("/api/") or url.startswith("/health/"):
                continue
            for persona, target in expected.items():
                client.logout()
                client.force_login(world.users[persona])
                call = client.post if item.method == "POST" else client.get
                data = item.data_fn(world) if item.data_fn else item.data
                response = call(url, data)
                asked += 1
                location = response.get("Location", "")
                if response.status_code != 302 or not location.startswith(target):
                    wrong.append(
                        f"{item.method} {url} ({name}) as {persona}: got "
                        f"{response.status_code} {location}, expected a redirect to {target}"
                    )
    assert wrong == [], "\n".join(["", *wrong])
    assert asked > (100 if not admin_routes else 300)
    # Nothing was written on the way: no probe got past the wall.
    assert Submission.objects.count() == 2
    assert not Announcement.objects.exists()


@pytest.mark.second_factor_wall
def test_a_wall_redirect_comes_back_to_the_page_asked_for(client, world):
    client.force_login(world.users["staff"])
    gradebook = reverse("labs:gradebook", kwargs={"cohort_id": world.cohort.pk})
    response = client.get(gradebook, {"student": "anna"})
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("second_factor_setup") + "?next=" + quote(f"{gradebook}?student=anna", safe="")
    )


def test_only_staff_reset_someones_two_factors(client, world):
    """The reset is an action on the admin's users list (no URL of its own): asked by every
    persona, only staff get it done, and each reset is on the record."""
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

    from security.models import SecondFactorReset

    target = world.users["instructor"]
    TOTPDevice.objects.create(user=target, name="ivan's phone")
    before = SecondFactorReset.objects.count()
    data = {
        "action": "second_factor_reset",
        ACTION_CHECKBOX_NAME: [target.pk],
        "apply": "Reset",
        "reason": "Matrix.",
    }
    for persona in PERSONAS:
        client.logout()
        _client_for(client, world, persona)
        response = client.post(reverse("admin:auth_user_changelist"), data)
        expected = 302 if persona == "staff" else ADMIN_LOGIN
        assert _check_status(response, expected), (persona, response.status_code)
        done = SecondFactorReset.objects.count() - before
        assert done == (1 if persona == "staff" else 0), persona
    assert not TOTPDevice.objects.filter(user=target, name="ivan's phone").exists()
