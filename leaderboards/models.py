"""How students appear on the cohort leaderboards, and which leaderboards are turned off."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

DISPLAY_NAME_MAX_LENGTH = 40


class LeaderboardProfile(models.Model):
    """A student's name on the leaderboards (empty: their alias), or hidden from others.

    Most students never open the form, so most have no row: no row means the alias and
    visible.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="leaderboard_profile"
    )
    display_name = models.CharField(
        max_length=DISPLAY_NAME_MAX_LENGTH,
        blank=True,
        help_text="Empty: the alias the site gave them.",
    )
    is_hidden = models.BooleanField(
        default=False, help_text="Hidden students do not appear to other students."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            # Two students under one name would let one pass for the other.
            models.UniqueConstraint(
                Lower("display_name"),
                condition=~Q(display_name=""),
                name="leaderboard_display_name_unique",
                violation_error_message=(
                    "Another student already uses this display name: choose another one."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.display_name or 'alias'}{' (hidden)' if self.is_hidden else ''}"


class LeaderboardSetting(models.Model):
    """A lab's leaderboard turned off (or on again) in one cohort, and who did it when.

    Per cohort and lab because instructors decide for the cohorts they teach, and both
    programs teach the same labs. No row means on.
    """

    cohort = models.ForeignKey("enrolment.Cohort", on_delete=models.CASCADE, related_name="+")
    lab = models.ForeignKey("labs.Lab", on_delete=models.CASCADE, related_name="+")
    is_enabled = models.BooleanField(default=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    changed_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "lab"], name="leaderboard_setting_once"),
        ]

    def __str__(self):
        state = "on" if self.is_enabled else "off"
        return f"Leaderboard of {self.lab} in {self.cohort}: {state}"
