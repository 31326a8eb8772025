"""Errors as JSON of one shape ({detail, code, problems}), never an HTML page or a 500 trace."""

import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from ninja.errors import AuthenticationError, HttpError, ValidationError

logger = logging.getLogger("lodestar.api")

# 404 messages about the asker's own situation, safe to repeat. Every other 404 says only
# "Not found.", so that an object someone else owns cannot be told from one that does not
# exist.
SAYABLE_404 = {"You are not enrolled in a cohort.", "This lab is not open yet."}

UNAUTHORIZED = (
    "A valid API token is required: send the header “Authorization: Bearer <token>”. "
    "Create a token on your account page; a revoked or expired token no longer works."
)


def _scheme_problems(request) -> list[str]:
    """A token sent under another scheme ("Token lsk_...", a habit from other APIs) is
    refused like any other; the answer says which word to use."""
    scheme, _, rest = request.headers.get("Authorization", "").partition(" ")
    if rest and scheme.isalpha() and len(scheme) <= 20 and scheme.lower() != "bearer":
        return [f"The Authorization header says “{scheme}”; it must say “Bearer <token>”."]
    return []


class ApiError(Exception):
    """An answer other than success, raised by an endpoint; the message is for the student."""

    def __init__(self, status, code, detail, *, problems=(), headers=None):
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.problems = list(problems)
        self.headers = headers or {}


def body(detail: str, code: str, problems=()) -> dict:
    return {"detail": detail, "code": code, "problems": list(problems)}


# Where django-ninja found a value it could not read, as the README and the docs name it.
_WHERE = {"query": "query parameter", "path": "path parameter", "header": "header"}


def validation_problem(error: dict) -> str:
    """One pydantic error as a sentence: "query parameter “limit”: Input should be ..."."""
    location, *names = [str(part) for part in error.get("loc", ())] or [""]
    message = error.get("msg", "not valid")
    name = ".".join(names)
    if location in _WHERE and name:
        return f"{_WHERE[location]} “{name}”: {message}"
    if name:  # the body or a form field
        return f"“{name}”: {message}"
    return message


def install(api) -> None:
    """Replace django-ninja's default handlers with ones that keep to the Error schema."""

    def respond(request, status, data, headers=None):
        response = api.create_response(request, data, status=status)
        for name, value in (headers or {}).items():
            response[name] = value
        return response

    @api.exception_handler(ApiError)
    def api_error(request, exc: ApiError):
        return respond(request, exc.status, body(exc.detail, exc.code, exc.problems), exc.headers)

    @api.exception_handler(AuthenticationError)
    def unauthorized(request, exc):
        return respond(
            request,
            401,
            body(UNAUTHORIZED, "unauthorized", _scheme_problems(request)),
            {"WWW-Authenticate": 'Bearer realm="lodestar"'},
        )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        message = str(exc)
        return respond(
            request, 404, body(message if message in SAYABLE_404 else "Not found.", "not_found")
        )

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        # The request getters' 403 (labs.lookups): the thing is no secret and the reason is
        # the asker's own standing, so the message is the web page's, word for word.
        return respond(request, 403, body(str(exc) or "Not allowed.", "forbidden"))

    @api.exception_handler(ValidationError)
    def invalid(request, exc: ValidationError):
        # A 400 like every other bad request (the README's promise), not django-ninja's 422.
        problems = [validation_problem(error) for error in exc.errors]
        detail = f"The request is not valid: {problems[0]}"
        return respond(request, 400, body(detail, "invalid_request", problems))

    @api.exception_handler(MultiPartParserError)
    def unreadable_body(request, exc):
        # A malformed multipart body (broken boundary, headers over Django's limits) is the
        # client's mistake, as Django's own views answer it: 400, not a 500.
        detail = f"The request's multipart body could not be read: {exc}"
        return respond(request, 400, body(detail, "invalid_request", [str(exc)]))

    @api.exception_handler(SuspiciousOperation)
    def refused_body(request, exc):
        if isinstance(exc, RequestDataTooBig):
            return respond(request, 413, body("The request body is too large.", "too_large"))
        return respond(request, 400, body("The request was refused as malformed.", "bad_request"))

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        return respond(request, exc.status_code, body(str(exc), "error"))

    @api.exception_handler(Exception)
    def server_error(request, exc):
        logger.exception("API error on %s %s", request.method, request.path)
        return respond(
            request,
            500,
            body("Something went wrong on our side; the team has been told.", "server_error"),
        )
