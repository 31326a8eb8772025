"""Who am I, and my enrolments (with dates, status and waitlist place)."""

from ninja import Router

from api import domain, schemas
from api.routers import _shapes

router = Router(tags=["account"])
ERRORS = {400: schemas.Error, 401: schemas.Error}


@router.get("/me", response={200: schemas.Me, **ERRORS}, url_name="me")
def me(request):
    """The token's owner, and the cohort whose labs they work on."""
    user = request.user
    cohort = domain.student_cohort(user=user)
    return {
        "username": user.username,
        "name": user.get_full_name() or user.username,
        "email": user.email,
        "is_staff": user.is_staff,
        "is_reviewer": domain.can_review_labs(user),
        "cohort": _shapes.cohort(cohort) if cohort else None,
    }


@router.get("/enrolments", response={200: list[schemas.Enrolment], **ERRORS}, url_name="enrolments")
def enrolments(request):
    """My applications and enrolments, newest first."""
    return [
        {
            "id": enrolment.pk,
            "status": enrolment.status,
            "cohort": _shapes.cohort(enrolment.cohort),
            "waitlist_position": domain.waitlist_position(enrolment=enrolment),
            "created_at": enrolment.created_at,
        }
        for enrolment in domain.enrolment_list_for_user(user=request.user)
    ]
