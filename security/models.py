"""A record of each second-factor reset: who reset whose devices, when, and why."""

from django.conf import settings
from django.db import models


class SecondFactorReset(models.Model):
    """Staff removed a person's authenticator and recovery codes (a lost phone, say).

    The names are kept as text too, so the record still says who it was about after an
    account is deleted.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="second_factor_resets",
    )
    username = models.CharField(max_length=150)
    reset_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="second_factor_resets_made",
    )
    reset_by_username = models.CharField(max_length=150)
    reason = models.TextField(max_length=500)
    devices_removed = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "two-factor reset"

    def __str__(self):
        return f"{self.username}'s two factors reset by {self.reset_by_username}"
