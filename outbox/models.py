"""One row per email to send (outbox/services.py sends it, at most once)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class OutgoingEmail(models.Model):
    """An email a service decided to send, written in the transaction of the change it reports.

    `kind` names the sender that renders it (outbox.registry: the owning app registers it)
    and `object_id` the row it is about, in that kind's terms (an enrolment, a comment, a due
    reminder...). A worker claims it (pending -> sending) before the mail server sees it;
    a mail server that is away puts it back (pending, with a later next_try_at); the sweeper
    publishes pending rows whose next_try_at has come, and marks a claim whose worker died
    "lost" instead of sending it twice.
    """

    class State(models.TextChoices):
        PENDING = "pending", "Waiting to be emailed"
        SENDING = "sending", "Being emailed"
        SENT = "sent", "Emailed"
        SKIPPED = "skipped", "Not emailed (nothing to say, turned off, no address, or left)"
        FAILED = "failed", "Refused by the mail server, or no sender for its kind"
        LOST = "lost", "Unknown: the worker stopped while sending"

    kind = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()
    # The person it goes to or is about: deleting their account deletes their mail.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # At most one row per (kind, object, user): a second queueing is a no-op.
    once = models.BooleanField(default=False)
    # A message from staff to include (the reason for a decision), if any.
    message = models.TextField(max_length=2000, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    # When the sweeper may publish it (again): its first message is presumed lost by then,
    # or the mail server's back-off is over.
    next_try_at = models.DateTimeField(default=timezone.now)
    # How often the mail server was away when it was tried.
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["state", "next_try_at"]),
            models.Index(fields=["kind", "object_id"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "user"],
                condition=Q(once=True),
                name="outgoing_email_once",
            )
        ]

    def __str__(self):
        return f"{self.kind} #{self.object_id} to {self.user_id} ({self.get_state_display()})"
