"""Personal token authentication for the API: the token's owner, with the web's rules,
within what the token may do (its scope) and until it expires."""

from django.utils import timezone
from django.utils.formats import date_format
from ninja.security import HttpBearer

from api.errors import ApiError
from api.selectors import token_for_secret
from api.services import token_touch

# Methods a read-only token may use; every other one changes something (a submission).
READ_METHODS = ("GET", "HEAD", "OPTIONS")

SECOND_FACTOR_NEEDED = (
    "This token was created before your account used two-factor authentication, and staff "
    "and instructors need it: log in on the site (with your code) and create a new token "
    "on your account page."
)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer lsk_...`. The session cookie is ignored, so there is no CSRF hole."""

    def __call__(self, request):
        # Read the header here rather than in HttpBearer.__call__, which with DEBUG on logs
        # a header of any other scheme ("Token lsk_...") whole, at ERROR.
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            return None
        return self.authenticate(request, token)

    def authenticate(self, request, token):
        found = token_for_secret(token.strip())
        if found is None:
            return None
        if found.has_expired():
            expired_on = date_format(timezone.localtime(found.expires_at), "j F Y")
            raise ApiError(
                401,
                "token_expired",
                f"This token (“{found.name}”) expired on {expired_on}. Create a new one on "
                "your account page and log in with it.",
                headers={"WWW-Authenticate": 'Bearer realm="lodestar", error="invalid_token"'},
            )
        # A token of staff or an instructor stands for a second factor only if it was created
        # from a session that passed one; older ones (and a student's, once they teach) do not.
        if not found.second_factor and (found.user.is_staff or found.owner_teaches):
            raise ApiError(
                401,
                "second_factor_required",
                SECOND_FACTOR_NEEDED,
                headers={"WWW-Authenticate": 'Bearer realm="lodestar"'},
            )
        if request.method not in READ_METHODS and not found.can_submit:
            raise ApiError(
                403,
                "token_read_only",
                f"This token (“{found.name}”) is read only: it cannot submit. Create a token "
                "that may “Read and submit” on your account page.",
            )
        token_touch(token=found)
        # The selectors and services the web uses read request.user: the token acts as it.
        request.user = found.user
        request.api_token = found
        return found.user
