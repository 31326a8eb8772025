"""Admission rows beside the enrolment: seat offers, the interest list, email confirmation."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from enrolment.models import ApplicationDetails, Enrolment, Program


class Offer(models.Model):
    """A seat held for one person until they accept, decline or the deadline passes.

    While pending, the enrolment's status is `offered` and the seat counts in the cohort's
    seats_taken; nobody is enrolled until they accept.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for an answer"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        EXPIRED = "expired", "Expired (passed on)"
        CANCELLED = "cancelled", "Cancelled"

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="offers")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(
        help_text="The deadline to accept; staff may extend it while the offer is pending."
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=Q(status="pending"),
                name="offer_one_pending_per_enrolment",
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self):
        return f"Offer to {self.enrolment.user} in {self.enrolment.cohort} ({self.status})"

    @property
    def has_expired(self) -> bool:
        return timezone.now() >= self.expires_at


class Interest(ApplicationDetails):
    """A sign-up for a program with no cohort open: placed in its next cohort, in order."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for a cohort"
        PLACED = "placed", "Placed in a cohort"
        WITHDRAWN = "withdrawn", "Withdrawn"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interests"
    )
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="interests")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.WAITING)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.SET_NULL, null=True, blank=True, related_name="interest"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "interest list"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "program"],
                condition=Q(status="waiting"),
                name="interest_one_waiting_per_program",
            ),
        ]

    def __str__(self):
        return f"{self.user} for {self.program.name} ({self.get_status_display()})"


class EmailConfirmation(models.Model):
    """Whether a self-registered account proved it owns its email address.

    Accounts made by staff or the demo have no row and count as confirmed.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_confirmation"
    )
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.user} ({'confirmed' if self.confirmed_at else 'not confirmed'})"
