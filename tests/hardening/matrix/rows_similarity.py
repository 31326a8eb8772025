"""The matrix's rows for similarity checks: the cohort's instructor and staff only; a
student, flagged or not, gets the 404 of a page that does not exist."""

from tests.hardening.matrix.probes import MISSING, members, probe, reviewers


def _pair(world):
    """A flagged pair of A's and B's submissions in the cohort (made once, on first use)."""
    from similarity.models import SimilarityPair, SimilarityRun

    run, _ = SimilarityRun.objects.get_or_create(
        lab=world.code_lab,
        cohort=world.cohort,
        defaults={"status": SimilarityRun.Status.DONE, "threshold": 0.5},
    )
    pair, _ = SimilarityPair.objects.get_or_create(
        run=run,
        submission_a=world.submission_a,
        submission_b=world.submission_b,
        defaults={"score": 1.0, "similarity_a": 1.0, "similarity_b": 1.0, "overlap": 10},
    )
    return pair


ROWS = {
    "similarity:index": [
        probe("the list", members(404, other_instructor=200, instructor=200, staff=200)),
    ],
    "similarity:report": [
        probe(
            "the cohort's code lab",
            reviewers(),
            lambda w: {"cohort_id": w.cohort.pk, "slug": w.code_lab.slug},
        ),
        probe(
            "the other cohort",
            members(404, other_instructor=200, staff=200),
            lambda w: {"cohort_id": w.other_cohort.pk, "slug": w.code_lab.slug},
        ),
        probe(
            "a predictions lab",
            members(404),
            lambda w: {"cohort_id": w.cohort.pk, "slug": w.lab.slug},
        ),
        probe(
            "missing cohort",
            members(404),
            lambda w: {"cohort_id": MISSING, "slug": w.code_lab.slug},
        ),
    ],
    "similarity:run": [
        probe(
            "GET",
            members(
                404, instructor=405, staff=405, other_instructor=405
            ),  # never a 405 to students
            lambda w: {"cohort_id": w.cohort.pk, "slug": w.code_lab.slug},
        ),
        probe(
            "POST for the cohort",
            reviewers(302),
            lambda w: {"cohort_id": w.cohort.pk, "slug": w.code_lab.slug},
            method="POST",
        ),
        probe(
            "POST for a missing cohort",
            members(404),
            lambda w: {"cohort_id": MISSING, "slug": w.code_lab.slug},
            method="POST",
        ),
    ],
    "similarity:pair": [
        probe("A and B's pair", reviewers(), lambda w: {"pk": _pair(w).pk}),
        probe("missing", members(404), lambda w: {"pk": MISSING}),
    ],
}
