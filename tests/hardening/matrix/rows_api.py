"""The matrix's rows for the API (/api/v1/): personal tokens only; schema and docs are public."""

from tests.hardening.matrix.probes import (
    MISSING,
    NO_SEAT,
    PUBLIC,
    Probe,
    api,
    api_owner_or_reviewers,
    api_probe,
    every,
    probe,
)

ROWS: dict[str, list[Probe]] = {
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
    "api-1:labs": [api_probe("token", api(200, career_staff=NO_SEAT))],
    "api-1:lab_detail": [
        api_probe("open lab", api(200, career_staff=NO_SEAT), lambda w: {"slug": w.lab.slug}),
        api_probe("unpublished lab", api(404), lambda w: {"slug": w.hidden_lab.slug}),
        api_probe("missing lab", api(404), lambda w: {"slug": "no-such-lab"}),
    ],
    "api-1:lab_files": [
        api_probe("open lab", api(200, career_staff=NO_SEAT), lambda w: {"slug": w.lab.slug}),
        api_probe("unpublished lab", api(404), lambda w: {"slug": w.hidden_lab.slug}),
    ],
    "api-1:lab_file": [
        api_probe(
            "training set",
            api(200, career_staff=NO_SEAT),
            lambda w: {"slug": w.lab.slug, "part": "train"},
        ),
        api_probe(
            "test features",
            api(200, career_staff=NO_SEAT),
            lambda w: {"slug": w.lab.slug, "part": "test"},
        ),
        *[
            api_probe(
                f"hidden labels as {part!r}",
                api(404, career_staff=NO_SEAT),
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
        api_probe(
            "POST without file",
            api(400, career_staff=NO_SEAT),
            lambda w: {"slug": w.lab.slug},
            method="POST",
        ),
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
        api_probe("open lab", api(200, career_staff=NO_SEAT), lambda w: {"slug": w.lab.slug}),
        api_probe(
            "the cohort",
            api(200, other_instructor=404, career_staff=404),
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
