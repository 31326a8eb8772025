"""The private calendar feeds: one secret link per person, and what each feed last served."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class CalendarFeed(models.Model):
    """A person's private iCalendar link.

    The link's token is an HMAC of `nonce` with the site's secret key
    (progress.calendar.tokens), so the table alone gives nobody a working link; the feed is
    found by `key_hash`, the SHA-256 of the token. Rotating draws a new nonce: the old link
    then finds nothing (404).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    nonce = models.CharField(max_length=64)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    rotated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Calendar feed of user {self.user_id}"


class CalendarEventState(models.Model):
    """What a person's feed last said about one event (by its UID): a change of its
    fingerprint (dates, title) raises its SEQUENCE, so calendar apps take the new version
    (RFC 5545, 3.8.7.4). Written only when something changed, never on a plain fetch."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    uid = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    sequence = models.PositiveIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "uid"], name="calendar_event_state_unique")
        ]

    def __str__(self):
        return f"{self.uid} #{self.sequence}"
