"""Request getters for a lab's board, written once for the web page and the API.

The same answers as labs.lookups: 404 for a lab or a cohort that is not there or not the
asker's to see (a malformed id included); 403, with the reason, for someone who may see no
board at all (neither a student of a running cohort nor a reviewer).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404

from config.guards import parse_id
from enrolment.models import Cohort
from labs.models import Lab
from leaderboards import selectors
from rubrics.models import Rubric
from teams.models import Milestone

NO_BOARD = (
    "Leaderboards are for the students of a running cohort and its instructors, and you "
    "are neither. Your account page shows where your application stands."
)


def get_board_lab(slug: str) -> Lab:
    """A published lab, whoever asks (what they see of its board is the cohort's rule)."""
    # Whether it has a rubric or is a capstone milestone: the course rules and the board read
    # released rubric grades, team credits and team names only then (no query otherwise).
    labs = Lab.objects.select_related("dataset").annotate(
        has_rubric=Exists(Rubric.objects.filter(lab=OuterRef("pk"))),
        is_milestone=Exists(Milestone.objects.filter(lab=OuterRef("pk"))),
    )
    return get_object_or_404(labs, slug=slug, is_published=True)


def requested_cohort_id(raw) -> int | None:
    """The cohort asked for (`?cohort=`), None when not asked; a malformed one is a 404."""
    if raw in (None, ""):
        return None
    cohort_id = parse_id(raw)
    if cohort_id is None:
        raise Http404("No such cohort.")
    return cohort_id


def get_board_cohort_for_user(request, raw_cohort_id) -> tuple[Cohort, bool]:
    """The cohort whose board this user sees, and whether as a reviewer; else 404 (a cohort
    asked for that is not theirs) or 403 (NO_BOARD)."""
    cohort_id = requested_cohort_id(raw_cohort_id)
    cohort, is_reviewer = selectors.leaderboard_cohort_for(user=request.user, cohort_id=cohort_id)
    if cohort is None:
        if cohort_id is not None:
            raise Http404("No such cohort.")
        raise PermissionDenied(NO_BOARD)
    return cohort, is_reviewer
