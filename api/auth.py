"""Personal token authentication for the API: the token's owner, with the web's rules."""

from ninja.security import HttpBearer

from api.selectors import token_active_for_secret
from api.services import token_touch


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
        found = token_active_for_secret(token.strip())
        if found is None:
            return None
        token_touch(token=found)
        # The selectors and services the web uses read request.user: the token acts as it.
        request.user = found.user
        return found.user
