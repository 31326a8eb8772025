"""The matrix's rows for rubric grading (rubrics/): marks, line comments, the grading queue
and release, regrade requests and answers, on the web and in the API; and the world's
rubric rows they ask about (a released grade of A's with an open regrade request)."""

from decimal import Decimal

from tests.hardening.matrix.probes import (
    MISSING,
    NO_SEAT,
    Probe,
    api,
    api_probe,
    every,
    members,
    probe,
    reviewers,
)


def rubric_rows(world):
    """A rubric on the world's lab, A's grade released to the cohort, and her open request."""
    from rubrics.models import Rubric
    from rubrics.services import grading, regrades

    rubric = Rubric.objects.create(lab=world.lab, weight="0.5")
    item = rubric.items.create(title="Matrix item", points=5)
    instructor = world.users["instructor"]
    grade = grading.rubric_grade_set(
        submission=world.submission_a, grader=instructor, marks={item.pk: (Decimal(2), "")}
    )
    grading.grades_release(lab=world.lab, cohort=world.cohort, actor=instructor)
    return regrades.regrade_request_create(
        grade=grade, item_id=item.pk, student=world.users["student_a"], reason="Matrix."
    )


def _queue(cohort):
    return lambda w: {"slug": w.lab.slug, "cohort_id": getattr(w, cohort).pk}


ROWS: dict[str, list[Probe]] = {
    "rubrics:grade": [
        probe("GET", members(405), lambda w: {"pk": w.submission_a.pk}),
        probe(
            "POST on A's submission",
            reviewers(302),
            lambda w: {"pk": w.submission_a.pk},
            method="POST",
        ),
        probe("POST on a missing one", members(404), lambda w: {"pk": MISSING}, method="POST"),
    ],
    "reviews:line_comment_create": [
        probe("GET", members(405), lambda w: {"pk": w.submission_a.pk}),
        probe(
            "POST on line 2 of A's predictions",
            reviewers(302),
            lambda w: {"pk": w.submission_a.pk},
            method="POST",
            data={"line-line": "2", "line-body": "From the matrix."},
        ),
        probe("POST on a missing one", members(404), lambda w: {"pk": MISSING}, method="POST"),
    ],
    "rubrics:regrade_request": [
        probe("GET", members(405), lambda w: {"pk": w.submission_a.pk}),
        probe(
            "POST on A's submission",
            members(404, student_a=302),
            lambda w: {"pk": w.submission_a.pk},
            method="POST",
            data={"regrade-item": "1", "regrade-reason": "From the matrix."},
        ),
        probe("POST on a missing one", members(404), lambda w: {"pk": MISSING}, method="POST"),
    ],
    "rubrics:regrade_answer": [
        probe("GET", members(405), lambda w: {"pk": w.regrade_a.pk}),
        probe(
            "POST on A's request",
            reviewers(302),
            lambda w: {"pk": w.regrade_a.pk},
            method="POST",
        ),
        probe("POST on a missing one", members(404), lambda w: {"pk": MISSING}, method="POST"),
    ],
    "rubrics:queue": [
        probe("the cohort", reviewers(), _queue("cohort")),
        probe(
            "the other cohort",
            members(404, other_instructor=200, staff=200),
            _queue("other_cohort"),
        ),
        probe(
            "a missing cohort",
            members(404),
            lambda w: {"slug": w.lab.slug, "cohort_id": MISSING},
        ),
    ],
    "rubrics:release": [
        probe("GET", members(405), _queue("cohort")),
        probe("POST to the cohort", reviewers(302), _queue("cohort"), method="POST"),
        probe(
            "POST to the other cohort",
            members(404, other_instructor=302, staff=302),
            _queue("other_cohort"),
            method="POST",
        ),
    ],
    # Blind grading from the queue: the cohort's graders only. A's cohort is released, so
    # its instructor is refused with a message (302); the other cohort's is not.
    "rubrics:blind": [
        probe("GET", members(405), _queue("cohort")),
        probe(
            "POST to the cohort",
            reviewers(302),
            _queue("cohort"),
            method="POST",
            data={"blind": "on"},
        ),
        probe(
            "POST to the other cohort",
            members(404, other_instructor=302, staff=302),
            _queue("other_cohort"),
            method="POST",
            data={"blind": "off"},
        ),
    ],
    # ---- API: a student reads only her own released feedback; graders their cohorts'.
    "api-1:rubric_feedback": [
        api_probe(
            "the lab", api(404, student_a=200, career_staff=NO_SEAT), lambda w: {"slug": w.lab.slug}
        ),
        api_probe("a missing lab", api(404), lambda w: {"slug": "no-such-lab"}),
    ],
    "api-1:regrade_request_create": [
        api_probe("GET", every(405), lambda w: {"slug": w.lab.slug}),
        # A form body, not JSON: refused before any rule is asked.
        api_probe("POST without JSON", api(400), lambda w: {"slug": w.lab.slug}, method="POST"),
        # About the item of A's released grade: only A has a grade to ask about (hers is
        # already open for that item, so she is refused with the reason); no one else has
        # (career staff, who hold no seat, are told so, as on the feedback route).
        api_probe(
            "POST about A's item",
            api(404, student_a=400, career_staff=NO_SEAT),
            lambda w: {"slug": w.lab.slug},
            method="POST",
            data_fn=lambda w: {"item_id": w.regrade_a.item_id, "reason": "From the matrix."},
            as_json=True,
        ),
    ],
    "api-1:rubric_grades": [
        api_probe("the cohort", api(404, instructor=200, staff=200), _queue("cohort")),
        api_probe(
            "the other cohort",
            api(404, other_instructor=200, staff=200),
            _queue("other_cohort"),
        ),
    ],
    "api-1:regrade_answer": [
        api_probe("GET", every(405), lambda w: {"request_id": w.regrade_a.pk}),
        api_probe(
            "POST without JSON", api(400), lambda w: {"request_id": w.regrade_a.pk}, method="POST"
        ),
        # A's open request, declined: students and the other cohort's instructor find
        # nothing; the cohort's instructor answers it; staff, asking next, find it answered.
        api_probe(
            "POST a decline",
            api(404, instructor=200, staff=400),
            lambda w: {"request_id": w.regrade_a.pk},
            method="POST",
            data={"accept": False, "reason": "From the matrix."},
            as_json=True,
        ),
    ],
}
