"""Who renders each kind of email: the owning app registers a sender in AppConfig.ready.

A sender takes the OutgoingEmail row and returns the EmailMessage to send (subject, body,
recipients), or raises Skip with the reason there is nothing to send any more (the offer
was answered, the student passed, the row is gone). The outbox never imports the apps
that send mail; they register here.
"""

from collections.abc import Callable

from django.core.mail import EmailMessage

Sender = Callable[..., EmailMessage]

_senders: dict[str, Sender] = {}


class Skip(Exception):
    """Nothing to send for this row; the message says why (kept on the row)."""


class UnknownKind(KeyError):
    """No sender is registered under this kind."""


def sender_register(kind: str, sender: Sender) -> None:
    """Render `kind` emails with `sender(email)`; a kind has one sender."""
    known = _senders.setdefault(kind, sender)
    if known is not sender:
        raise ValueError(f"the {kind!r} emails already have a sender: {known!r}")


def sender_for(kind: str) -> Sender:
    try:
        return _senders[kind]
    except KeyError:
        raise UnknownKind(kind) from None


def kinds() -> set[str]:
    return set(_senders)
