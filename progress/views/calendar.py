"""The private calendar feed (no log-in: calendar apps cannot sign in; the link's secret is
the credential) and rotating that secret from the account page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST, require_safe

from progress.calendar import tokens
from progress.calendar.ics import feed_ics


@require_safe  # GET, and HEAD for the calendar apps that ask first
def calendar_feed(request, token: str):
    user = tokens.feed_owner(token)
    if user is None:
        raise Http404()  # no hint whether the link ever existed
    body = feed_ics(user=user, title="Lodestar")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=0, must-revalidate"
    response["Content-Disposition"] = 'inline; filename="lodestar.ics"'
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


class _CalendarAppRedirect(HttpResponseRedirect):
    allowed_schemes = ["webcal", "https", "http"]


@login_required
@require_GET
def calendar_add(request):
    """The dashboard's "Add to calendar": to the user's feed as webcal://, which opens their
    calendar app (the feed's row is made here the first time, not by every dashboard view)."""
    return _CalendarAppRedirect(tokens.links_for(tokens.feed_token(user=request.user)).webcal)


@login_required
@require_POST
def calendar_rotate(request):
    had_one = tokens.current_token(user=request.user) is not None
    tokens.feed_rotate(user=request.user)
    if had_one:
        messages.success(
            request, "Your calendar link is new: the old one no longer works. Add the new one."
        )
    else:
        messages.success(request, "Your calendar link is ready: add it to your calendar app.")
    return redirect(reverse("account") + "#calendar-feed")
