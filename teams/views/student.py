"""The student's capstone page and what they do there: start a team, invite, answer an
invitation, leave, note who did what."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from labs import access
from teams import selectors, services
from teams.forms import ContributionForm, InviteForm, TeamProposeForm
from teams.models import MAX_TEAM_SIZE, MIN_TEAM_SIZE
from teams.overview import student_capstone
from teams.views.lookups import get_own_invitation, get_team_for_member, get_team_for_notes


def _refused(request, error: services.TeamError) -> None:
    messages.error(request, " ".join(error.messages))


@login_required
@require_GET
def home(request):
    """The capstone: milestones with the student's results, their team and its history, the
    team's submissions and notes, invitations, and the cohort's demo-day schedule."""
    cohort = access.student_cohort(user=request.user)
    if cohort is None:
        if access.can_review_labs(request.user):
            return redirect("teams:review_index")
        raise PermissionDenied("The capstone is for students of a cohort.")
    capstone = selectors.capstones().first()
    context = {"cohort": cohort, "capstone": capstone, "min": MIN_TEAM_SIZE, "max": MAX_TEAM_SIZE}
    if capstone is None:
        return render(request, "teams/home.html", context)
    overview = student_capstone(user=request.user, cohort=cohort, capstone=capstone)
    team = overview.team
    context.update(
        milestones=overview.milestones,
        team=team,
        invitations=overview.invitations,
        schedule=overview.schedule,
        submissions=overview.submissions,
        notes=overview.notes,
    )
    if team is None:
        context["propose_form"] = TeamProposeForm()
    else:
        context.update(invite_form=InviteForm(team=team), note_form=ContributionForm(team=team))
    return render(request, "teams/home.html", context)


@login_required
@require_POST
def team_propose(request):
    cohort = access.student_cohort(user=request.user)
    capstone = selectors.capstones().first()
    if cohort is None or capstone is None:
        raise PermissionDenied("The capstone is for students of a cohort.")
    form = TeamProposeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the team a name of at most 60 characters.")
        return redirect("teams:home")
    try:
        team = services.team_propose(
            student=request.user, capstone=capstone, cohort=cohort, name=form.cleaned_data["name"]
        )
    except services.TeamError as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            f"{team.name} is started. Invite {MIN_TEAM_SIZE - 1} to {MAX_TEAM_SIZE - 1} "
            "classmates; an instructor approves the team once they have joined.",
        )
    return redirect("teams:home")


@login_required
@require_POST
def member_invite(request, team_id):
    team = get_team_for_member(request, team_id)
    form = InviteForm(request.POST, team=team)
    if not form.is_valid():
        messages.error(request, "Choose a classmate who is not in a team yet.")
        return redirect("teams:home")
    try:
        invite = services.member_invite(
            team=team, invitee=form.cleaned_data["invitee"], actor=request.user
        )
    except services.TeamError as error:
        _refused(request, error)
    else:
        messages.success(request, f"{invite.user.username} is invited to {team.name}.")
    return redirect("teams:home")


@login_required
@require_POST
def invitation_answer(request, membership_id, answer):
    invitation = get_own_invitation(request, membership_id)
    try:
        if answer == "accept":
            services.invitation_accept(membership=invitation, user=request.user)
            messages.success(request, f"You joined {invitation.team.name}.")
        else:
            services.invitation_decline(membership=invitation, user=request.user)
            messages.info(request, f"You declined {invitation.team.name}'s invitation.")
    except services.TeamError as error:
        _refused(request, error)
    return redirect("teams:home")


@login_required
@require_POST
def member_leave(request, team_id):
    team = get_team_for_member(request, team_id)
    membership = team.memberships.get(user=request.user, status="active")
    try:
        services.member_leave(membership=membership)
    except services.TeamError as error:
        _refused(request, error)
    else:
        messages.info(
            request,
            f"You left {team.name}. What the team handed in while you were in it still "
            "counts for you; what it hands in from now on does not.",
        )
    return redirect("teams:home")


@login_required
@require_POST
def contribution_add(request, team_id):
    """A member's or a reviewer's note on who did what for a milestone."""
    team = get_team_for_notes(request, team_id)
    form = ContributionForm(request.POST, team=team)
    if access.cohorts_visible_to(user=request.user).filter(pk=team.cohort_id).exists():
        back = redirect("teams:review_cohort", cohort_id=team.cohort_id)
    else:
        back = redirect("teams:home")
    if not form.is_valid():
        messages.error(request, "Choose a milestone and a member, and write what they did.")
        return back
    try:
        services.contribution_note_add(
            team=team,
            milestone=form.cleaned_data["milestone"],
            member=form.cleaned_data["member"],
            note=form.cleaned_data["note"],
            author=request.user,
        )
    except services.TeamError as error:
        _refused(request, error)
    else:
        messages.success(request, "The note is saved.")
    return back
