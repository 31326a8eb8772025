"""The log-in throttle (django-axes) as an authentication backend."""

from axes.backends import AxesStandaloneBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    """Checks lockouts for web log-ins; code that authenticates without a request passes.

    A call without a request (a management command, a script, a test) is not a log-in
    attempt anyone can repeat from outside, so there is nothing to throttle.
    """

    def authenticate(self, request=None, *args, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)
