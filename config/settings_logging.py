"""Logging settings: one console handler that scrubs credentials, plain or JSON lines.
Part of config.settings (which imports all of it)."""

from config.env import env

# LOG_FORMAT=json writes one JSON object per line (with fields such as submission, lab,
# duration_ms and outcome) for a log collector; "plain" is for people.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "config.logging.JsonFormatter"},
    },
    # No credential reaches a log line: every handler scrubs Authorization headers, API
    # tokens, cookies and signed links from what it writes (config.logging).
    "filters": {
        "redact_credentials": {"()": "config.logging.RedactCredentials"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["redact_credentials"],
        },
        # A server error (500) is also mailed to ADMINS (DJANGO_ADMINS), outside DEBUG;
        # with no ADMINS it sends nothing.
        "mail_admins": {
            "level": "ERROR",
            "class": "config.logging.AdminEmailRedacted",
            "filters": ["require_debug_false", "redact_credentials"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's defaults give these loggers handlers of their own (a second copy of each
        # line on stderr while DEBUG is on, and runserver's request lines) that would write
        # unscrubbed: naming them here replaces those with the console above.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
        "django.request": {"handlers": ["mail_admins"], "level": "INFO", "propagate": True},
        "django.db.backends": {"level": "WARNING"},
        # axes logs every log-in at INFO; lockouts still show at WARNING.
        "axes": {"level": "WARNING"},
        # Celery's own "received" and "succeeded" lines for every task; the grading log
        # (lodestar.grading) already records each grade. WARNING keeps failures only.
        "celery.app.trace": {"level": env.str("CELERY_TASK_LOG_LEVEL", default="INFO")},
        "celery.worker.strategy": {"level": env.str("CELERY_TASK_LOG_LEVEL", default="INFO")},
    },
}
