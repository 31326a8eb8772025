"""The second-factor wall, and who and from where for the audit trail."""

from urllib.parse import urlencode

from auditlog.middleware import AuditlogMiddleware
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from config.client_ip import client_ip
from security import twofactor

# What a session that passed the password but not the second factor may still open: the
# second-factor pages, logging in (as someone else) and out. The API takes tokens, never
# the session (api/auth.py decides about tokens); /health/ is for probes.
OPEN_URL_NAMES = {
    "second_factor_setup",
    "second_factor_verify",
    "login",
    "logout",
    "admin:logout",
}
OPEN_PREFIXES = ("/api/", "/health/", "/static/")


class SecondFactorRequired:
    """Staff, instructors and students who turned two factors on reach nothing else until
    this session is verified: every other address answers with a redirect to the verify
    page (the setup page for an account without an authenticator yet), which comes back
    to the address asked for. Blocking everything, rather than a list of grading pages,
    means a new page cannot be forgotten; the authorization matrix checks every route.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not self._is_open(request.path_info)
            and twofactor.second_factor_required(user, remember=True)
        ):
            return self._to_second_factor(request, user)
        return self.get_response(request)

    @staticmethod
    def _is_open(path: str) -> bool:
        if path.startswith(OPEN_PREFIXES):
            return True
        try:
            match = resolve(path)
        except Resolver404:
            return False
        return match.view_name in OPEN_URL_NAMES

    @staticmethod
    def _to_second_factor(request, user):
        has_one = twofactor.has_second_factor(user)
        target = reverse("second_factor_verify" if has_one else "second_factor_setup")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        if request.headers.get("HX-Request"):
            # An htmx fragment would swap the verify page into a corner of the page.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)


class AuditContext(AuditlogMiddleware):
    """django-auditlog's middleware (the actor of every audited change), with the address
    read as log-in throttling reads it: X-Forwarded-For counts only through the
    TRUSTED_PROXY_COUNT proxies in front, so a forged header cannot hide who it was."""

    @staticmethod
    def _get_remote_addr(request):
        return client_ip(request)

    @staticmethod
    def _get_remote_port(request):
        return None  # X-Forwarded-Port is the client's to write; not worth keeping
