"""A worker killed in the middle of an announcement's batch: nobody gets it twice.

The killed worker's mail server is slow (tests/hardening/slow_mail.py), so the kill lands
between two emails. The email it had claimed is never sent again (marked lost by the
outbox's sweeper); the sweeper publishes the others again and another worker sends them.
"""

import datetime
from pathlib import Path

import pytest

from outbox import services as outbox
from outbox.models import OutgoingEmail
from reviews.models import ANNOUNCEMENT_EMAIL
from reviews.services import announcements
from tests.factories import UserFactory
from tests.labs.factories import EnrolmentFactory
from tests.support import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
State = OutgoingEmail.State
STUDENTS = 6


@pytest.fixture(autouse=True)
def _services(require_postgres, require_redis, purged_queue, monkeypatch):
    # The sweeper runs in this process, with short patience.
    monkeypatch.setattr(outbox, "RESEND_AFTER", datetime.timedelta(seconds=0))
    monkeypatch.setattr(outbox, "LOST_AFTER", datetime.timedelta(seconds=4))


def _sent(log: Path) -> list[str]:
    return log.read_text().split() if log.exists() else []


def test_killed_worker_mid_batch_then_the_rest_is_sent_once_each(cohort, start_worker, tmp_path):
    instructor = UserFactory(username="ines")
    cohort.instructors.add(instructor)
    students = [UserFactory(username=f"student{n}") for n in range(STUDENTS)]
    for student in students:
        EnrolmentFactory(user=student, cohort=cohort)
    log = tmp_path / "mail.log"
    backend = {"DJANGO_EMAIL_BACKEND": "tests.hardening.slow_mail.EmailBackend"}
    first = start_worker("slow", SLOW_MAIL_LOG=log, SLOW_MAIL_DELAY_S=1.5, **backend)

    announcement = announcements.announcement_create(
        cohort=cohort, author=instructor, audience="all", subject="Exam", body="Friday."
    )
    wait_for(lambda: len(_sent(log)) >= 2, timeout=60, what="two emails to leave")
    first.kill_all()
    assert len(_sent(log)) < STUDENTS

    second = start_worker("fast", SLOW_MAIL_LOG=log, SLOW_MAIL_DELAY_S=0, **backend)

    emails = OutgoingEmail.objects.filter(kind=ANNOUNCEMENT_EMAIL, object_id=announcement.pk)

    def settled():
        outbox.sweep_unsent()
        return not emails.filter(state__in=[State.PENDING, State.SENDING]).exists()

    try:
        wait_for(settled, timeout=90, interval=0.5, what="the sweeper and the second worker")
    except AssertionError:
        print(first.output()[-3000:], second.output()[-3000:])
        raise
    sent = _sent(log)
    assert len(sent) == len(set(sent)), f"someone got it twice: {sent}"
    states = dict(emails.values_list("user__email", "state"))
    lost = [email for email, state in states.items() if state == State.LOST]
    assert len(lost) <= 1  # at most the one in the mail server's hands at the kill
    assert {e for e, s in states.items() if s == State.SENT} <= set(sent)
    assert set(sent) | set(lost) == {s.email for s in students}
    assert second.process.poll() is None
