"""Two workers at once on PostgreSQL: a claim is exclusive, so each email leaves once."""

import threading

import pytest
from django.core import mail
from django.db import connection

from outbox import services
from outbox.models import OutgoingEmail
from tests.factories import UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

EMAILS = 40


def _together(target, args_per_thread):
    start = threading.Barrier(len(args_per_thread))
    results, errors = [None] * len(args_per_thread), []

    def run(index, args):
        try:
            start.wait(timeout=30)
            results[index] = target(*args)
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, args))
        for index, args in enumerate(args_per_thread)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == [] and not any(thread.is_alive() for thread in threads)
    return results


def _rows(kind, users) -> list[int]:
    """Pending emails, written as email_queue writes them but published to no broker (a
    worker of another test could take them)."""
    emails = OutgoingEmail.objects.bulk_create(
        OutgoingEmail(kind=kind, object_id=n, user=user) for n, user in enumerate(users)
    )
    return [email.pk for email in emails]


def test_two_claimers_of_the_same_rows_never_both_win(require_postgres, note_kind):
    ids = _rows(note_kind, [UserFactory()] * EMAILS)

    def claim_all(order):
        return {pk for pk in order if services.email_claim(email_id=pk)}

    first, second = _together(claim_all, [(ids,), (list(reversed(ids)),)])

    assert first.isdisjoint(second)
    assert first | second == set(ids)
    assert OutgoingEmail.objects.filter(state=OutgoingEmail.State.SENDING).count() == EMAILS


def test_two_workers_sending_the_same_batch_send_each_email_once(require_postgres, note_kind):
    ids = _rows(note_kind, [UserFactory() for _ in range(EMAILS)])

    outcomes = _together(lambda: services.emails_send(email_ids=ids), [(), ()])

    assert sum(outcome[OutgoingEmail.State.SENT] for outcome in outcomes) == EMAILS
    assert len(mail.outbox) == EMAILS
    assert len({tuple(message.to) for message in mail.outbox}) == EMAILS
    assert not OutgoingEmail.objects.exclude(state=OutgoingEmail.State.SENT).exists()
