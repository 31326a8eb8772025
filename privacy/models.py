"""A person's own data: the exports they downloaded, and the record of an account deleted.

Neither holds personal data: a deleted account is named by its anonymous username only.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class DataExport(models.Model):
    """One download of "everything about me"; counted to limit how often it runs."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self):
        return f"export by {self.user} at {self.created_at:%Y-%m-%d %H:%M}"


class AccountDeletion(models.Model):
    """An account its owner deleted: which one (by its anonymous name) and when.

    The person's uploads are removed from storage after the deletion commits; the names of
    any the storage could not remove then stay in files_left (storage names, never a
    person's file name), for staff to remove again from the admin.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="account_deletion",
    )
    account = models.CharField(max_length=150, help_text="The anonymous username it was given.")
    deleted_at = models.DateTimeField(default=timezone.now, db_index=True)
    files_total = models.PositiveIntegerField(default=0)
    files_left = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-deleted_at", "-pk"]

    def __str__(self):
        return f"{self.account}, deleted {self.deleted_at:%Y-%m-%d %H:%M}"
