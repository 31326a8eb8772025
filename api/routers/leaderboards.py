"""A lab's cohort leaderboard: the web page's board, as JSON, under the same rules."""

from ninja import Router

from api import domain, schemas
from api.routers import _shapes

router = Router(tags=["leaderboards"])
ERRORS = {400: schemas.Error, 401: schemas.Error, 403: schemas.Error, 404: schemas.Error}


@router.get(
    "/labs/{slug:slug}/leaderboard",
    response={200: schemas.Leaderboard, **ERRORS},
    url_name="leaderboard",
)
def leaderboard(request, slug: str, cohort: int | None = None):
    """Each student's result score, as every page shows it: the best public score until late
    work closes, the final result after, a reviewer's override when it sets a score; with
    the reference model as a row (rank null). Ties go to the earlier submission.

    Students get their own cohort's board (hidden classmates left out); instructors and
    staff may pass `cohort` (default: their newest cohort) and also see real names.
    """
    board = domain.get_leaderboard_for_user(request, slug, cohort)
    return {
        "lab": board.lab.slug,
        "cohort": _shapes.cohort(board.cohort),
        "is_enabled": board.is_enabled,
        "phase": board.phase,
        "due_on": board.due_on,
        "final_at": board.final_at,
        "metric_label": board.metric_label,
        "higher_is_better": board.higher_is_better,
        "students": board.students,
        "ranked": board.ranked,
        "hidden": board.hidden,
        "your_final_at": board.viewer_final_at,
        "rows": [
            {
                "rank": row.rank,
                "name": row.name,
                "score": row.score,
                "submitted_at": row.sent_at,
                "is_reference": row.is_reference,
                "is_you": row.is_viewer,
                "is_hidden": row.is_hidden,
                "student": row.real_name or None,
                "is_overridden": row.is_overridden,
                "entries": row.entries,
                "last_submitted_at": row.last_sent_at,
                "team": row.team or None,
            }
            for row in board.rows
        ],
    }
