"""Each person reads times in the zone they chose on /account/.

`request.time_zone` is their zone (a ZoneInfo) or None (the site's). It is kept in the
session (set at log-in and when they change it), so a request costs no query for it. Pages
render in it: base.html wraps its content in `{% timezone request.time_zone %}`, and
panels rendered on their own do the same. It is NOT activated for the whole request on
purpose: the course rules (due moments, "today", a lab's opening) are the school's, in the
site's zone, whoever is looking.
"""

import zoneinfo

from live import selectors

SESSION_KEY = "live_time_zone"


def zone_from_name(name: str):
    try:
        return zoneinfo.ZoneInfo(name) if name else None
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        return None


def remember_zone(request, user) -> None:
    """Put the user's zone in their session (at log-in, and after they change it)."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = selectors.preferred_zone_name(user=user)


def on_login(sender, request, user, **kwargs) -> None:
    remember_zone(request, user)


class UserTimeZone:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.time_zone = None
        session = getattr(request, "session", None)
        if session is not None and request.user.is_authenticated:
            name = session.get(SESSION_KEY)
            if name is None:  # a session from before this was kept: read it once
                remember_zone(request, request.user)
                name = session[SESSION_KEY]
            request.time_zone = zone_from_name(name)
        return self.get_response(request)
