"""The matrix's rows for reviewing (the viewer, comments, overrides, announcements), the
course rules (final choices, extensions, certificates) and leaderboards."""

from tests.hardening.matrix.probes import MISSING, NO_SEAT, Probe, every, members, probe, reviewers

ROWS: dict[str, list[Probe]] = {
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
        probe("open lab", members(200, career_staff=NO_SEAT), lambda w: {"slug": w.lab.slug}),
        probe(
            "the cohort",
            members(200, other_instructor=404, career_staff=404),
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
}
