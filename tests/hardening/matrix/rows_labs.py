"""The matrix's rows for labs: pages, downloads, submitting, a student's progress, the gradebook."""

from tests.hardening.matrix.probes import MISSING, NO_SEAT, Probe, members, probe, reviewers

ROWS: dict[str, list[Probe]] = {
    "labs:list": [probe("page", members(200, other_instructor=200))],
    "labs:detail": [
        probe("open lab", members(200, career_staff=NO_SEAT), lambda w: {"slug": w.lab.slug}),
        probe("unpublished lab", members(404), lambda w: {"slug": w.hidden_lab.slug}),
        probe("missing lab", members(404), lambda w: {"slug": "no-such-lab"}),
    ],
    "labs:download": [
        probe(
            "training set",
            members(200, career_staff=NO_SEAT),
            lambda w: {"slug": w.lab.slug, "part": "train"},
        ),
        probe(
            "test features",
            members(200, career_staff=NO_SEAT),
            lambda w: {"slug": w.lab.slug, "part": "test"},
        ),
        *[
            probe(
                f"hidden labels as {part!r}",
                members(404, career_staff=NO_SEAT),
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
            "predictions lab has none",
            members(404, career_staff=NO_SEAT),
            lambda w: {"slug": w.lab.slug, "kind": "py"},
        ),
        probe(
            "code lab",
            members(200, career_staff=NO_SEAT),
            lambda w: {"slug": w.code_lab.slug, "kind": "py"},
        ),
        probe(
            "code lab, odd kind",
            members(404, career_staff=NO_SEAT),
            lambda w: {"slug": w.code_lab.slug, "kind": "sh"},
        ),
    ],
    "labs:submit": [
        probe("GET", members(405), lambda w: {"slug": w.lab.slug}),
        # No file: the form answers 400; nothing is stored (checked below).
        probe(
            "POST without file",
            members(400, career_staff=NO_SEAT),
            lambda w: {"slug": w.lab.slug},
            method="POST",
        ),
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
            "open lab",
            members(404, student_a=200, student_b=200, career_staff=NO_SEAT),
            lambda w: {"slug": w.lab.slug},
        ),
        probe("missing lab", members(404), lambda w: {"slug": "no-such-lab"}),
    ],
    "labs:dashboard_lab_live": [
        probe(
            "open lab",
            members(404, student_a=200, student_b=200, career_staff=NO_SEAT),
            lambda w: {"slug": w.lab.slug},
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
    "labs:gradebook_figures": [
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
}
