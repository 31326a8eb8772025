"""The team capstone: the student's milestones with their own results, their team and its
history, invitations (answered here too) and the cohort's demo-day schedule; the web's
capstone page, as JSON, under the same rules (teams.overview, teams.services)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Router, Schema

from api import domain, schemas
from api.routers import _shapes

router = Router(tags=["capstone"])
ERRORS = {400: schemas.Error, 401: schemas.Error, 403: schemas.Error, 404: schemas.Error}


class MilestoneOut(Schema):
    kind: str = Field(description="proposal, checkpoint or final")
    lab: str = Field(description="The milestone's lab: upload to it as to any lab.")
    title: str
    due_on: datetime.date = Field(description="Your own due date for it.")
    has_passed: bool = Field(description="Your result, a teammate's work credited to you.")
    score: float | None
    is_overridden: bool = Field(description="Graded by an instructor (for the whole team).")


class MemberOut(Schema):
    username: str
    name: str
    status: str = Field(description="invited, active, declined or left: the team's history")
    joined_at: datetime.datetime | None
    left_at: datetime.datetime | None


class TeamOut(Schema):
    id: int
    name: str
    status: str = Field(description="proposed (waiting for approval), approved or disbanded")
    members: list[MemberOut]


class InvitationOut(Schema):
    id: int
    team: str
    invited_by: str | None


class DemoSlotOut(Schema):
    team: str
    starts_at: datetime.datetime
    minutes: int
    room: str


class CapstoneOut(Schema):
    title: str
    cohort: schemas.Cohort
    milestones: list[MilestoneOut]
    team: TeamOut | None
    invitations: list[InvitationOut]
    demo_day: list[DemoSlotOut]


def _capstone_for(request):
    cohort = domain.student_cohort(user=request.user)
    if cohort is None:
        raise PermissionDenied("The capstone is for students of a cohort.")
    capstone = domain.team_selectors.capstones().first()
    if capstone is None:
        raise Http404("No capstone is set up yet.")
    return cohort, capstone


def _name(user) -> str:
    return user.get_full_name() or user.username


@router.get("/capstone", response={200: CapstoneOut, **ERRORS}, url_name="capstone")
def capstone(request):
    """My capstone: each milestone with my result (a teammate's upload counts for me while
    we are both in the team), my team and its history, my invitations, the demo-day slots."""
    cohort, capstone = _capstone_for(request)
    overview = domain.student_capstone(user=request.user, cohort=cohort, capstone=capstone)
    team = overview.team
    return {
        "title": capstone.title,
        "cohort": _shapes.cohort(cohort),
        "milestones": [
            {
                "kind": milestone.kind,
                "lab": milestone.lab.slug,
                "title": milestone.lab.title,
                "due_on": result.due_on,
                "has_passed": result.has_passed,
                "score": result.score,
                "is_overridden": result.is_overridden,
            }
            for milestone, result in overview.milestones
        ],
        "team": None
        if team is None
        else {
            "id": team.pk,
            "name": team.name,
            "status": team.status,
            "members": [
                {
                    "username": m.user.username,
                    "name": _name(m.user),
                    "status": m.status,
                    "joined_at": m.joined_at,
                    "left_at": m.left_at,
                }
                for m in team.memberships.all()
            ],
        },
        "invitations": [
            {
                "id": i.pk,
                "team": i.team.name,
                "invited_by": _name(i.invited_by) if i.invited_by else None,
            }
            for i in overview.invitations
        ],
        "demo_day": [
            {"team": s.team.name, "starts_at": s.starts_at, "minutes": s.minutes, "room": s.room}
            for s in overview.schedule
        ],
    }


def _answer(request, invitation_id: int, accept: bool):
    if not domain.id_in_range(invitation_id):
        raise Http404("No such invitation.")
    invitation = domain.team_selectors.open_invitation(user=request.user, pk=invitation_id)
    if invitation is None:
        raise Http404("No such invitation.")
    try:
        if accept:
            domain.team_services.invitation_accept(membership=invitation, user=request.user)
        else:
            domain.team_services.invitation_decline(membership=invitation, user=request.user)
    except domain.team_services.TeamError as error:
        return 400, {"detail": " ".join(error.messages), "code": "team_refused", "problems": []}
    return capstone(request)


@router.post(
    "/capstone/invitations/{invitation_id}/accept",
    response={200: CapstoneOut, **ERRORS},
    url_name="capstone_invitation_accept",
)
def capstone_invitation_accept(request, invitation_id: int):
    """Join the team that invited me (my other invitations for the capstone lapse)."""
    return _answer(request, invitation_id, accept=True)


@router.post(
    "/capstone/invitations/{invitation_id}/decline",
    response={200: CapstoneOut, **ERRORS},
    url_name="capstone_invitation_decline",
)
def capstone_invitation_decline(request, invitation_id: int):
    return _answer(request, invitation_id, accept=False)
