"""Reads of the outbox for the apps that show what became of their emails."""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from outbox.models import OutgoingEmail


def emails_counted(*, kind: str, states, outer: str = "pk"):
    """An annotation: how many `kind` emails about the outer row are in one of `states`."""
    counted = (
        OutgoingEmail.objects.filter(kind=kind, object_id=OuterRef(outer), state__in=states)
        .order_by()
        .values("object_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted), Value(0), output_field=IntegerField())


def email_states(*, kind: str, object_ids, users=None) -> dict[tuple[int, int], OutgoingEmail]:
    """(object id, user id) -> the `kind` email about that object to that user."""
    emails = OutgoingEmail.objects.filter(kind=kind, object_id__in=list(object_ids))
    if users is not None:
        emails = emails.filter(user__in=users)
    return {(email.object_id, email.user_id): email for email in emails.order_by("pk")}
