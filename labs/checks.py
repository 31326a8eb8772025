"""Deployment checks of the labs app (run by `manage.py check --deploy`)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}  # noqa: S104 - names, not a bind


@register(Tags.security, deploy=True)
def site_url_is_public(app_configs, **kwargs):
    """Links in reminder emails are built from SITE_URL; the laptop default is useless."""
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme == "https" and parts.hostname and parts.hostname not in LOCAL_HOSTS:
        return []
    return [
        Warning(
            f"SITE_URL is {settings.SITE_URL!r}: links in emails to students would not work.",
            hint="Set SITE_URL to the site's public https address, e.g. https://lodestar.example.com.",
            id="lodestar.W001",
        )
    ]
