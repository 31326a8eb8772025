"""A kind of email that only the outbox's tests send, and a sweeper whose publishing runs the
send task in this process."""

import pytest
from django.core.mail import EmailMessage

from outbox import registry, services

NOTE = "test_note"


def note_message(email) -> EmailMessage:
    if email.message == "skip me":
        raise registry.Skip("Nothing to say.")
    return EmailMessage(f"Note {email.object_id}", email.message, to=[email.user.email])


@pytest.fixture
def note_kind(monkeypatch):
    """The `test_note` kind, registered for one test (about a user, to that user)."""
    monkeypatch.setitem(registry._senders, NOTE, note_message)
    return NOTE


@pytest.fixture
def published(monkeypatch):
    """What the outbox publishes, by task name and ids; the send task runs at once."""
    calls = []

    def publish(task_name, ids):
        calls.append((task_name, list(ids)))
        services.emails_send(email_ids=ids)
        return True

    monkeypatch.setattr(services, "publish", publish)
    return calls
