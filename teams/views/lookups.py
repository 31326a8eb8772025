"""The capstone's getters: an object if this user may act on it, else 404 (a student never
learns that another team, or someone else's invitation, exists)."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from labs import access
from teams.models import Membership, Team


def get_team_for_member(request, team_id: int) -> Team:
    """A team the user is an active member of."""
    return get_object_or_404(
        Team.objects.select_related("capstone", "cohort"),
        pk=team_id,
        memberships__user=request.user,
        memberships__status=Membership.Status.ACTIVE,
    )


def get_team_for_reviewer(request, team_id: int) -> Team:
    """A team of a cohort this user may review."""
    return get_object_or_404(
        Team.objects.select_related("capstone", "cohort").filter(
            cohort__in=access.cohorts_visible_to(user=request.user)
        ),
        pk=team_id,
    )


def get_team_for_notes(request, team_id: int) -> Team:
    """A team whose contribution notes this user may write: its members and its reviewers."""
    visible = Team.objects.filter(
        Q(cohort__in=access.cohorts_visible_to(user=request.user))
        | Q(memberships__user=request.user, memberships__status=Membership.Status.ACTIVE)
    ).distinct()
    return get_object_or_404(visible.select_related("capstone", "cohort"), pk=team_id)


def get_own_invitation(request, membership_id: int) -> Membership:
    """An invitation addressed to this user."""
    return get_object_or_404(
        Membership.objects.select_related("team"),
        pk=membership_id,
        user=request.user,
        status=Membership.Status.INVITED,
    )


def get_membership_for_reviewer(request, membership_id: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("team").filter(
            team__cohort__in=access.cohorts_visible_to(user=request.user)
        ),
        pk=membership_id,
    )
