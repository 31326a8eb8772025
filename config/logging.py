"""Log formatting and hygiene: a JSON formatter for production, and the filter that keeps
credentials out of every log line in either format."""

import json
import logging
import re
from datetime import UTC, datetime

from django.utils.log import AdminEmailHandler

# Attributes every LogRecord has; anything else on a record came from `extra=`.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}

REDACTED = "[redacted]"
# What a credential looks like wherever it may turn up in a line: an Authorization header
# (its scheme kept, so a reader still sees which one was sent), an API token by its prefix
# (api.services.TOKEN_PREFIX), a cookie or a secret in a query string, and the signed
# links of emails (email confirmation, seat offers, password reset) in a path.
_CREDENTIALS = [
    (re.compile(r"(?i)\b(bearer|basic|digest)(\s+)[^\s'\",;]+"), rf"\1\2{REDACTED}"),
    (re.compile(r"\b(Token)(\s+)[\w.~+/=-]{8,}"), rf"\1\2{REDACTED}"),
    (re.compile(r"\blsk_[\w-]+"), f"lsk_{REDACTED}"),
    (
        re.compile(
            r"(?i)((?:authorization|cookie)['\"]?\s*[:=]\s*['\"]?)"
            r"(?![\s'\"]*(?:bearer|basic|digest|token)\s+\[redacted\])[^'\"\n]+"
        ),
        rf"\1{REDACTED}",
    ),
    (
        re.compile(r"(?i)([\w-]*(?:token|secret|password|sessionid|api_?key))=[^&;\s'\"]+"),
        rf"\1={REDACTED}",
    ),
    (
        re.compile(r"(/(?:email/confirm|offers|password-reset/[\w-]+)/)[^/?#\s'\"]+"),
        rf"\1{REDACTED}",
    ),
]


# A word that each pattern above needs to match (case aside): a text with none of them holds
# no credential, and most lines (a graded submission's, a request's) are such texts. One
# search instead of six substitutions; tests/config/test_log_credentials.py holds every
# pattern's examples redacted.
_NEEDS_A_LOOK = re.compile(
    r"(?i)bearer|basic|digest|token|lsk_|authorization|cookie|secret|password|sessionid"
    r"|api_?key|email/confirm|offers"
)


def redact(text: str) -> str:
    """The text with every credential in it replaced by [redacted]."""
    if not _NEEDS_A_LOOK.search(text):
        return text
    for pattern, replacement in _CREDENTIALS:
        text = pattern.sub(replacement, text)
    return text


def _scrubbed(value):
    """An extra of a record, its credentials redacted; an object whose text holds none is
    kept as it is (AdminEmailHandler reads record.request)."""
    if isinstance(value, str):
        return redact(value)
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, dict):
        return {key: _scrubbed(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_scrubbed(item) for item in value]
    text = str(value)
    clean = redact(text)
    return value if clean == text else clean


class RedactCredentials(logging.Filter):
    """Scrubs credentials from a record before a handler writes it (on every handler of
    config/settings.py LOGGING, on a Celery worker's and on gunicorn's loggers).

    It rewrites the message with its arguments, the traceback text and the extras (the
    `request` that django.request attaches prints its path and query string), so both the
    plain and the JSON format receive clean records. It never drops a record.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_credentials_redacted", False):
            return True  # one record reaches several handlers: scrub it once
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is for logging to report
            return True
        record.msg, record.args = redact(message), ()
        if record.exc_info and not record.exc_text:
            # Formatters reuse exc_text rather than format exc_info again.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        for name, value in list(vars(record).items()):
            if name not in _STANDARD and not name.startswith("_"):
                setattr(record, name, _scrubbed(value))
        record._credentials_redacted = True
        return True


class JsonFormatter(logging.Formatter):
    """Formats a record as JSON: time, level, logger, message, the extras, and any traceback."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name, value in vars(record).items():
            if name not in _STANDARD and not name.startswith("_"):
                entry[name] = value
        if record.exc_info:
            entry["exception"] = record.exc_text or self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class AdminEmailRedacted(AdminEmailHandler):
    """A server error mailed to ADMINS, as scrubbed as a log line: plain text only (Django's
    HTML page would carry every frame's local variables), with credentials redacted from the
    subject and the report (the request's URL, its headers and the traceback)."""

    def send_mail(self, subject, message, *args, **kwargs):
        kwargs.pop("html_message", None)
        super().send_mail(redact(subject), redact(message), *args, **kwargs)
