"""The instructors' capstone pages: a cohort's teams with their history, forming a team,
approving a proposed one, adding and taking out members, the demo-day schedule."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from labs import access, lookups
from teams import selectors, services
from teams.forms import ContributionForm, DemoSlotForm, MemberAddForm, TeamFormForm
from teams.models import MAX_TEAM_SIZE, MIN_TEAM_SIZE, ContributionNote
from teams.views.lookups import get_membership_for_reviewer, get_team_for_reviewer


def _refused(request, error: services.TeamError) -> None:
    messages.error(request, " ".join(error.messages))


def _capstone():
    capstone = selectors.capstones().first()
    if capstone is None:
        raise PermissionDenied("No capstone is set up yet (add one in the admin).")
    return capstone


@login_required
@require_GET
def review_index(request):
    if not access.can_review_labs(request.user):
        raise PermissionDenied("For instructors and staff.")
    cohorts = access.cohorts_visible_to(user=request.user).select_related("program")
    return render(
        request,
        "teams/review_index.html",
        {
            "cohorts": cohorts.order_by("-start_date", "pk"),
            "capstone": selectors.capstones().first(),
        },
    )


@login_required
@require_GET
def review_cohort(request, cohort_id):
    cohort = lookups.get_cohort_for_reviewer(request, cohort_id)
    capstone = _capstone()
    teams = selectors.cohort_teams(capstone=capstone, cohort=cohort)
    notes = ContributionNote.objects.filter(team__cohort=cohort).select_related(
        "member", "written_by", "milestone", "team"
    )
    by_team = {}
    for note in notes:
        by_team.setdefault(note.team_id, []).append(note)
    panels = [
        {
            "team": team,
            "notes": by_team.get(team.pk, []),
            "add_form": MemberAddForm(team=team, auto_id=f"team{team.pk}-add-%s"),
            "demo_form": DemoSlotForm(auto_id=f"team{team.pk}-demo-%s"),
            "note_form": ContributionForm(team=team, auto_id=f"team{team.pk}-note-%s"),
        }
        for team in teams
    ]
    return render(
        request,
        "teams/review_cohort.html",
        {
            "cohort": cohort,
            "capstone": capstone,
            "panels": panels,
            "form": TeamFormForm(cohort=cohort, capstone=capstone),
            "schedule": selectors.demo_schedule(cohort=cohort),
            "min": MIN_TEAM_SIZE,
            "max": MAX_TEAM_SIZE,
        },
    )


@login_required
@require_POST
def team_form(request, cohort_id):
    cohort = lookups.get_cohort_for_reviewer(request, cohort_id)
    capstone = _capstone()
    form = TeamFormForm(request.POST, cohort=cohort, capstone=capstone)
    if not form.is_valid():
        messages.error(
            request,
            f"Name the team and choose {MIN_TEAM_SIZE} to {MAX_TEAM_SIZE} students "
            "who are not in a team yet.",
        )
        return redirect("teams:review_cohort", cohort_id=cohort.pk)
    try:
        team = services.team_form(
            capstone=capstone,
            cohort=cohort,
            name=form.cleaned_data["name"],
            members=list(form.cleaned_data["members"]),
            actor=request.user,
        )
    except services.TeamError as error:
        _refused(request, error)
    else:
        messages.success(request, f"{team.name} is formed and approved.")
    return redirect("teams:review_cohort", cohort_id=cohort.pk)


@login_required
@require_POST
def team_approve(request, team_id):
    team = get_team_for_reviewer(request, team_id)
    try:
        services.team_approve(team=team, actor=request.user)
    except services.TeamError as error:
        _refused(request, error)
    else:
        messages.success(request, f"{team.name} is approved: its milestones count for each member.")
    return redirect("teams:review_cohort", cohort_id=team.cohort_id)


@login_required
@require_POST
def member_add(request, team_id):
    team = get_team_for_reviewer(request, team_id)
    form = MemberAddForm(request.POST, team=team)
    if not form.is_valid():
        messages.error(request, "Choose a student of the cohort who is not in a team yet.")
        return redirect("teams:review_cohort", cohort_id=team.cohort_id)
    try:
        services.member_add(team=team, user=form.cleaned_data["student"], actor=request.user)
    except services.TeamError as error:
        _refused(request, error)
    else:
        messages.success(request, f"{form.cleaned_data['student'].username} joined {team.name}.")
    return redirect("teams:review_cohort", cohort_id=team.cohort_id)


@login_required
@require_POST
def member_remove(request, membership_id):
    membership = get_membership_for_reviewer(request, membership_id)
    try:
        services.member_leave(membership=membership)
    except services.TeamError as error:
        _refused(request, error)
    else:
        messages.info(request, f"{membership.user.username} left {membership.team.name}.")
    return redirect("teams:review_cohort", cohort_id=membership.team.cohort_id)


@login_required
@require_POST
def demo_slot(request, team_id):
    team = get_team_for_reviewer(request, team_id)
    form = DemoSlotForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give a start time and a length of 5 to 120 minutes.")
        return redirect("teams:review_cohort", cohort_id=team.cohort_id)
    data = form.cleaned_data
    starts_at = data["starts_at"]
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    try:
        services.demo_slot_set(
            team=team, starts_at=starts_at, minutes=data["minutes"], room=data["room"]
        )
    except services.TeamError as error:
        _refused(request, error)
    else:
        messages.success(request, f"{team.name} demos at {starts_at:%b %d, %H:%M}.")
    return redirect("teams:review_cohort", cohort_id=team.cohort_id)
