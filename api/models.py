"""Personal API tokens: a student names one, picks what it may do and for how long, uses it
from a terminal, revokes it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ApiToken(models.Model):
    """One personal token. Only a SHA-256 of the secret is stored; the secret is shown once."""

    class Scope(models.TextChoices):
        READ = "read", "Read only"
        READ_SUBMIT = "read_submit", "Read and submit"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=60)
    # The first characters of the secret, shown on the account page to tell tokens apart.
    prefix = models.CharField(max_length=16)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    # Read only: every GET; read and submit: uploads too (any method that changes something).
    scope = models.CharField(max_length=16, choices=Scope.choices, default=Scope.READ_SUBMIT)
    created_at = models.DateTimeField(auto_now_add=True)
    # From this moment the token is refused (401, saying it expired); its owner makes another.
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Created in a session that had passed the second factor. Staff and instructors' tokens
    # work only with it (api/auth.py): a password alone never yields one that grades.
    second_factor = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name"],
                condition=Q(revoked_at__isnull=True),
                name="api_token_active_name_unique",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…) of {self.user}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def has_expired(self, now=None) -> bool:
        return (now or timezone.now()) >= self.expires_at

    @property
    def is_expired(self) -> bool:
        """For templates: has_expired() now."""
        return self.has_expired()

    @property
    def can_submit(self) -> bool:
        return self.scope == self.Scope.READ_SUBMIT
