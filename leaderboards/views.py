"""Leaderboard pages: a lab's board in a cohort, its on/off switch, and the account's
display-name settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from labs import access
from labs.lookups import get_cohort_for_reviewer
from leaderboards import lookups, selectors, services
from leaderboards.aliases import alias_for
from leaderboards.forms import LeaderboardProfileForm


def _board_url(lab, cohort, is_reviewer) -> str:
    url = reverse("leaderboards:leaderboard", args=[lab.slug])
    return f"{url}?cohort={cohort.pk}" if is_reviewer else url


_YOU = mark_safe(' <span class="badge text-bg-primary">you</span>')  # noqa: S308 - constant
_VIEWER_CLASS = mark_safe(' class="table-primary"')  # noqa: S308 - constant


def _sent_at_text(sent_at) -> str:
    """ "Dec 6, 14:05", which may break between the date and the time (on a phone)."""
    if not sent_at:
        return ""
    local = timezone.localtime(sent_at)
    return format_html(
        '<span class="text-nowrap">{},</span> <span class="text-nowrap">{}</span>',
        local.strftime("%b %-d"),
        local.strftime("%H:%M"),
    )


def _hidden_badge(row) -> str:
    if not row.is_hidden:
        return ""
    text = "hidden: only you see this row" if row.is_viewer else "hidden from students"
    return format_html(
        ' <span class="badge text-bg-light border" data-testid="hidden-badge">{}</span>', text
    )


def _override_badge(row) -> str:
    if not row.is_overridden:
        return ""
    text = "score set by your instructor" if row.is_viewer else "score set by a reviewer"
    return format_html(
        ' <span class="badge text-bg-info" data-testid="override-badge">{}</span>', text
    )


def _team_badge(row) -> str:
    if not row.team:
        return ""
    return format_html(
        ' <span class="badge text-bg-light border" data-testid="team-badge">team {}</span>',
        row.team,
    )


def _row_html(row, *, is_reviewer: bool) -> str:
    """Speed trick: one row of the board as HTML, built here rather than in a template,
    where a dozen tags and filters per row made a large board slow (docs/benchmarks.md,
    "Speed tricks and what they bought").
    Names are user text and go through format_html's escaping.
    """
    score = f"{row.score:.4f}"
    if row.is_reference:
        return format_html(
            '<tr class="table-secondary" data-testid="reference-row"><td class="text-end">–</td>'
            '<td colspan="{}" class="leaderboard-name"><em>{}</em></td>'
            '<td class="text-end font-monospace">{}</td>'
            "<td></td></tr>",
            2 if is_reviewer else 1,
            row.name,
            score,
        )
    you = _YOU if row.is_viewer else ""
    student = (
        format_html('<td class="small leaderboard-name">{}</td>', row.real_name)
        if is_reviewer
        else ""
    )
    return format_html(
        '<tr{} data-testid="leaderboard-row" data-rank="{}">'
        '<td class="text-end fw-semibold">{}</td><td class="leaderboard-name">{}{}{}{}{}</td>{}'
        '<td class="text-end font-monospace">{}</td><td class="small">{}<br>'
        '<span class="text-body-secondary"><span data-testid="entries">{}</span> in all, '
        "last {}</span></td></tr>",
        _VIEWER_CLASS if row.is_viewer else "",
        row.rank,
        row.rank,
        row.name,
        you,
        _hidden_badge(row),
        _override_badge(row),
        _team_badge(row),
        student,
        score,
        _sent_at_text(row.sent_at),
        row.entries,
        _sent_at_text(row.last_sent_at),
    )


@login_required
@require_GET
def leaderboard(request, slug):
    lab = lookups.get_board_lab(slug)
    cohort, is_reviewer = lookups.get_board_cohort_for_user(request, request.GET.get("cohort"))
    board = selectors.cohort_leaderboard(
        cohort=cohort, lab=lab, viewer=request.user, is_reviewer=is_reviewer
    )
    return render(
        request,
        "leaderboards/leaderboard.html",
        {
            "board": board,
            "rows_html": format_html_join(
                "\n", "{}", ((_row_html(row, is_reviewer=is_reviewer),) for row in board.rows)
            ),
            "lab": lab,
            "cohort": cohort,
            "is_open": access.is_lab_open(lab=lab, cohort=cohort),
            "opens_on": lab.opens_on(cohort),
            "cohorts": selectors.reviewer_cohorts(user=request.user) if is_reviewer else None,
        },
    )


@login_required
@require_POST
def leaderboard_switch(request, slug):
    """Turn the board on or off for one cohort: its instructors and staff only."""
    lab = lookups.get_board_lab(slug)
    cohort_id = lookups.requested_cohort_id(request.POST.get("cohort"))
    if cohort_id is None:
        raise Http404("No such cohort.")
    cohort = get_cohort_for_reviewer(request, cohort_id, related=())
    is_enabled = request.POST.get("is_enabled") == "on"
    services.leaderboard_switch(cohort=cohort, lab=lab, is_enabled=is_enabled, actor=request.user)
    if is_enabled:
        messages.success(request, f"The leaderboard of {lab.title} is on for {cohort.name}.")
    else:
        messages.success(
            request,
            f"The leaderboard of {lab.title} is off for {cohort.name}: its students no "
            "longer see it. You still do.",
        )
    return redirect(_board_url(lab, cohort, is_reviewer=True))


@login_required
@require_POST
def leaderboard_profile(request):
    """The account page's form: a display name (empty: the alias) and "hide me"."""
    profile = selectors.profile_for(user=request.user)
    form = LeaderboardProfileForm(request.POST, instance=profile)
    if not form.is_valid():
        problems = [message for errors in form.errors.values() for message in errors]
        messages.error(request, " ".join(problems))
        return redirect(f"{reverse('account')}#leaderboards")
    profile = services.leaderboard_profile_set(
        user=request.user,
        display_name=form.cleaned_data["display_name"],
        is_hidden=form.cleaned_data["is_hidden"],
    )
    name = profile.display_name or f"your alias, {alias_for(request.user.pk)}"
    if profile.is_hidden:
        messages.success(
            request, f"You are hidden from other students on the leaderboards (as {name})."
        )
    else:
        messages.success(request, f"You appear on the leaderboards as {name}.")
    return redirect(f"{reverse('account')}#leaderboards")
