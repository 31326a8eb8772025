"""The matrix's rows for the admin (/admin/): staff only; refused adds and deletes."""

from tests.hardening.matrix.probes import ADMIN_LOGIN, MISSING, every, probe

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
    # Every email is written by the services that send it (outbox.services).
    "outbox_outgoingemail_",
    "privacy_accountdeletion_",
    "reviews_",
    # Releases and regrade requests are made on the grading pages (rubrics.services).
    "rubrics_graderelease_",
    "rubrics_regraderequest_",
    # Similarity checks are asked for on the instructors' pages, by beat, or by "Check
    # again" on the admin's list.
    "similarity_similarityrun_",
    # Outcomes: records the graduates, career staff and publishing write (in-field roles
    # are edited here).
    "outcomes_intent",
    "outcomes_jobrecord_",
    "outcomes_publishedreport_",
    # Tuition: accounts open when a seat is kept; payments, refunds and Stripe's events are
    # written by the services and webhooks.
    "tuition_tuitionaccount_",
    "tuition_payment_",
    "tuition_refund_",
    "tuition_stripeevent_",
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
    # Money records: payments, refunds and Stripe's events are kept.
    "tuition_payment_",
    "tuition_refund_",
    "tuition_stripeevent_",
    # A team and its membership history stay (a team is disbanded, never deleted).
    "teams_team_",
    # A check run stays with its pairs: what an instructor was shown, and when.
    "similarity_similarityrun_",
)


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


ADMIN_MODEL_SUFFIXES = ("changelist", "add", "change", "history", "delete")


def admin_probes_for(short):
    """The probes of an admin route, by its name without "admin:"; None when it has none."""
    if short in ADMIN_RULES:
        return ADMIN_RULES[short]
    for suffix in ADMIN_MODEL_SUFFIXES:
        if short.endswith(f"_{suffix}"):
            return _admin_model_probes(short, suffix)
    return None
