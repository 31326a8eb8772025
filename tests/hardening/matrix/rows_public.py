"""The matrix's rows for public pages, signing up and enrolment, and the account page (its
tokens, the calendar feed, the client, my data, two factors)."""

from tests.hardening.matrix.probes import (
    MISSING,
    OLD_WHEEL,
    PUBLIC,
    WHEEL,
    Probe,
    every,
    members,
    owner_only,
    probe,
)

ROWS: dict[str, list[Probe]] = {
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
    # ---- the private calendar feed: no log-in (calendar apps cannot sign in), the link's
    # secret is the credential; a guessed one finds nothing. Rotating it: one's own, POST
    # only (CSRF: tests/labs/calendar/test_feed_access.py).
    "calendar:feed": [
        probe("A's link", every(200), lambda w: {"token": w.calendar_token_a}),
        probe("guessed link", every(404), lambda w: {"token": "0" * 64}),
        probe("POST", every(405), lambda w: {"token": w.calendar_token_a}, method="POST"),
    ],
    # "Add to calendar": one's own feed, as a redirect to its webcal:// link.
    "calendar:add": [probe("redirect", members(302))],
    "calendar:rotate": [
        probe("GET", members(405)),
        probe("POST", members(302), method="POST"),
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
    # the password deletes nothing (400); staff, instructors and career staff (who verify
    # graduates' evidence) are told to ask an admin (403), as the page they GET says.
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
    # New recovery codes (shown once, 200) from a verified session only (career staff's:
    # outcomes asked them for a second factor).
    "second_factor_recovery_codes": [
        probe("GET", members(405)),
        probe(
            "POST",
            members(302, other_instructor=200, instructor=200, staff=200, career_staff=200),
            method="POST",
        ),
    ],
    # Students may turn it off from a verified session; staff and instructors never (302
    # back to the account with the reason).
    "second_factor_turn_off": [
        probe("GET", members(405)),
        probe("POST", members(302), method="POST"),
    ],
}
