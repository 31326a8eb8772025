"""Rubric grading through the API: a student's released feedback for a lab and their
regrade requests; for a lab's graders, its rubric grades in a cohort (pseudonyms while
graded blind) and answers to regrade requests. The web's services and rules, unchanged."""

from django.http import Http404
from ninja import Router, Status

from api import domain, rubric_schemas, schemas
from api.errors import ApiError

router = Router(tags=["rubrics"])
ERRORS = {400: schemas.Error, 401: schemas.Error, 403: schemas.Error, 404: schemas.Error}


def _name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def _regrade(r) -> dict:
    decision = getattr(r, "decision", None)
    return {
        "id": r.pk,
        "item_id": r.item_id,
        "item": r.item.title,
        "reason": r.reason,
        "status": r.status,
        "created_at": r.created_at,
        "decision": None
        if decision is None
        else {
            "accepted": decision.accepted,
            "points_before": decision.points_before,
            "points_after": decision.points_after,
            "reason": decision.reason,
            "decided_by": _name(decision.decided_by),
            "decided_at": decision.decided_at,
        },
    }


def _released_grade(request, slug: str, *, team_work: bool = False):
    """The student's own grade for the lab once released to their cohort; else 404. With
    `team_work`, a member with no grade of their own reads the grade of their team's work
    on the milestone (teams.selectors.team_rubric_grade: never another team's)."""
    lab, cohort = domain.get_lab_for_student(request, slug)
    release = domain.rubric_selectors.release_of(lab=lab, cohort=cohort) if cohort else None
    grade = None
    if release is not None:
        grade = domain.rubric_selectors.grade_of(student=request.user, lab=lab, cohort=cohort)
        if grade is None and team_work:
            grade = domain.team_selectors.team_rubric_grade(
                user=request.user, lab=lab, cohort=cohort
            )
    if grade is None:
        raise ApiError(
            404, "not_released", "No rubric grade of yours for this lab has been released."
        )
    return lab, grade, release


@router.get(
    "/labs/{slug:slug}/rubric-feedback",
    response={200: rubric_schemas.RubricFeedback, **ERRORS},
    url_name="rubric_feedback",
)
def rubric_feedback(request, slug: str):
    """My rubric marks, feedback and line comments for a lab, once my instructors released
    them (404 `not_released` before: nothing of them shows until then). On a team
    milestone with no grade of my own, my team's: `submission_id` is the teammate's
    submission it was given on, and its regrade requests stay the teammate's."""
    lab, grade, release = _released_grade(request, slug, team_work=True)
    own = grade.student_id == request.user.pk
    items = list(lab.rubric.items.all())
    marks = {m.item_id: m for m in grade.marks.all()}
    comments = domain.rubric_selectors.line_comments_on(submission=grade.submission)
    return {
        "lab": lab.slug,
        "submission_id": grade.submission_id,
        "released_at": release.released_at,
        "points": sum((m.points for m in marks.values()), 0),
        "max_points": sum(item.points for item in items),
        "weight": lab.rubric.weight,
        "marks": [
            {
                "item_id": item.pk,
                "title": item.title,
                "description": item.description,
                "max_points": item.points,
                "points": marks[item.pk].points if item.pk in marks else 0,
                "comment": marks[item.pk].comment if item.pk in marks else "",
            }
            for item in items
        ],
        "line_comments": [
            {
                "line": c.line,
                "cell": None if c.cell is None else c.cell + 1,
                "body": c.body,
                "author": _name(c.author),
                "created_at": c.created_at,
            }
            for c in comments
        ],
        "regrade_requests": (
            [_regrade(r) for r in domain.rubric_selectors.regrades_of(grade=grade)] if own else []
        ),
    }


@router.post(
    "/labs/{slug:slug}/regrade-requests",
    response={201: rubric_schemas.RegradeRequest, **ERRORS},
    url_name="regrade_request_create",
)
def regrade_request_create(request, slug: str, body: rubric_schemas.RegradeRequestIn):
    """Ask about one item of my released rubric grade, with a reason."""
    _lab, grade, _release = _released_grade(request, slug)
    try:
        regrade = domain.rubric_regrades.regrade_request_create(
            grade=grade, item_id=body.item_id, student=request.user, reason=body.reason
        )
    except domain.RubricRefused as refused:
        raise ApiError(400, "refused", str(refused), problems=[str(refused)]) from None
    return Status(201, _regrade(regrade))


@router.get(
    "/cohorts/{int:cohort_id}/labs/{slug:slug}/rubric-grades",
    response={200: rubric_schemas.RubricGrades, **ERRORS},
    url_name="rubric_grades",
)
def rubric_grades(request, cohort_id: int, slug: str):
    """For the cohort's instructors and staff: each student's rubric points for the lab, by
    pseudonym (and no id) while the lab is graded blind, and the open regrade requests."""
    if not domain.id_in_range(cohort_id):
        raise Http404
    lab, cohort = domain.get_lab_and_cohort_for_reviewer(request, slug, cohort_id)
    queue = domain.grading_queue(lab=lab, cohort=cohort)
    return {
        "lab": lab.slug,
        "cohort_id": cohort.pk,
        "is_blind": queue["is_blind"],
        "released_at": queue["release"].released_at if queue["release"] else None,
        "max_points": queue["rubric_total"],
        "students": [
            {
                "student": row.label,
                "student_id": row.student_id,
                "submission_id": row.submission_id,
                "points": row.points,
            }
            for row in queue["rows"]
        ],
        "open_regrade_requests": [_regrade(r) for r in queue["regrades"]],
    }


@router.post(
    "/regrade-requests/{int:request_id}/answer",
    response={200: rubric_schemas.RegradeRequest, **ERRORS},
    url_name="regrade_answer",
)
def regrade_answer(request, request_id: int, body: rubric_schemas.RegradeAnswerIn):
    """For the cohort's instructors and staff: accept (with new points) or decline."""
    if not domain.id_in_range(request_id):
        raise Http404
    regrade = domain.get_regrade_for_reviewer(request, request_id)
    try:
        domain.rubric_regrades.regrade_answer(
            request=regrade,
            actor=request.user,
            accept=body.accept,
            points=body.points,
            reason=body.reason,
        )
    except domain.RubricRefused as refused:
        raise ApiError(400, "refused", str(refused), problems=[str(refused)]) from None
    regrade.refresh_from_db()
    return _regrade(regrade)
