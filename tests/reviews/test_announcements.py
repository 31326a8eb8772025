"""Announcements: the audience, the dashboard, batches by email, once each, opt-out kept."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from enrolment.models import Enrolment
from outbox import services as outbox
from outbox.models import OutgoingEmail
from reviews.models import ANNOUNCEMENT_EMAIL, Announcement
from reviews.services import announcements
from tests.factories import UserFactory
from tests.labs.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db
State = OutgoingEmail.State


def _emails(announcement):
    """Its emails in the outbox, one per student, in the order they were written."""
    return OutgoingEmail.objects.filter(kind=ANNOUNCEMENT_EMAIL, object_id=announcement.pk)


def _send(announcement, limit=None):
    ids = list(_emails(announcement).order_by("pk").values_list("pk", flat=True))
    return outbox.emails_send(email_ids=ids[:limit])


@pytest.fixture
def carla(cohort):
    """A third student who turned reminder emails off."""
    user = UserFactory(username="carla")
    EnrolmentFactory(user=user, cohort=cohort, due_reminders=False)
    return user


def _create(cohort, author, audience="all", lab=None):
    return announcements.announcement_create(
        cohort=cohort,
        author=author,
        audience=audience,
        lab=lab,
        subject="Room change",
        body="We meet in <room 2>\nfrom Monday.",
    )


def test_audiences(instructor, cohort, wine_lab, graded_alice, enrolled_bob, carla):
    everyone = announcements.audience_student_ids(cohort=cohort, audience="all")
    assert everyone == sorted([graded_alice.student_id, enrolled_bob.pk, carla.pk])
    not_passed = announcements.audience_student_ids(
        cohort=cohort, audience="not_passed", lab=wine_lab
    )
    assert not_passed == sorted([enrolled_bob.pk, carla.pk])
    at_risk = announcements.audience_student_ids(cohort=cohort, audience="at_risk")
    assert graded_alice.student_id not in at_risk  # she submitted and passed


def test_students_see_it_on_their_dashboard_escaped(
    client, instructor, cohort, enrolled_bob, carla
):
    _create(cohort, instructor)
    for student in (enrolled_bob, carla):  # opted out of email, still shown
        client.force_login(student)
        page = client.get(reverse("labs:dashboard")).content.decode()
        assert "Room change" in page
        assert "We meet in &lt;room 2&gt;<br>from Monday." in page


def test_emails_go_in_batches_once_each_and_respect_the_opt_out(
    instructor, cohort, enrolled_alice, enrolled_bob, carla
):
    dave = UserFactory(username="dave")
    EnrolmentFactory(user=dave, cohort=cohort)
    announcement = _create(cohort, instructor)
    assert announcement.deliveries.count() == 4 == _emails(announcement).count()
    assert _send(announcement, limit=2)[State.SENT] == 2 and len(mail.outbox) == 2
    assert _send(announcement) == {"taken": 2, State.SENT: 1, State.SKIPPED: 1}
    assert _send(announcement) == {"taken": 4}  # every one settled: nothing twice
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([enrolled_alice.email, enrolled_bob.email, dave.email])
    skipped = _emails(announcement).get(user=carla)
    assert skipped.state == State.SKIPPED


def test_a_student_who_left_is_not_emailed(instructor, cohort, enrolled_alice, enrolled_bob):
    announcement = _create(cohort, instructor)
    Enrolment.objects.filter(user=enrolled_bob).update(status=Enrolment.Status.WITHDRAWN)
    _send(announcement)
    assert [m.to for m in mail.outbox] == [[enrolled_alice.email]]


def test_a_mail_server_away_puts_the_delivery_back(instructor, cohort, enrolled_alice, monkeypatch):
    announcement = _create(cohort, instructor)

    def away(self, messages):
        raise ConnectionRefusedError("away")

    monkeypatch.setattr(mail.backends.locmem.EmailBackend, "send_messages", away)
    assert _send(announcement) == {"away": 1}
    assert _emails(announcement).get().state == State.PENDING


def test_the_sweeper_publishes_pending_ones_and_marks_lost_sends(
    instructor, cohort, enrolled_alice, enrolled_bob, monkeypatch
):
    announcement = _create(cohort, instructor)
    claimed, pending = _emails(announcement).order_by("pk")
    OutgoingEmail.objects.filter(pk=claimed.pk).update(
        state=State.SENDING, claimed_at=timezone.now()
    )
    published = []
    monkeypatch.setattr(outbox, "publish", lambda task, ids: published.append(ids) or True)
    later = timezone.now() + datetime.timedelta(minutes=11)
    assert outbox.sweep_unsent(now=later) == {"published": 1, "lost": 1}
    assert published == [[pending.pk]]
    claimed.refresh_from_db()
    assert claimed.state == State.LOST  # never sent a second time


def test_the_page_sends_one_and_lists_it(client, instructor, cohort, enrolled_alice):
    client.force_login(instructor)
    url = reverse("reviews:announcements", args=[cohort.pk])
    response = client.post(url, {"audience": "all", "subject": "Hi", "body": "Welcome"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert 'data-testid="announcement"' in page and "1 student," in page


def test_not_passed_needs_a_lab(client, instructor, cohort, enrolled_alice):
    client.force_login(instructor)
    url = reverse("reviews:announcements", args=[cohort.pk])
    response = client.post(url, {"audience": "not_passed", "subject": "Hi", "body": "x"})
    assert response.status_code == 400
    assert not Announcement.objects.exists()


def test_other_instructors_and_students_cannot_announce(
    client, other_instructor, enrolled_alice, cohort
):
    url = reverse("reviews:announcements", args=[cohort.pk])
    for user in (other_instructor, enrolled_alice):
        client.force_login(user)
        assert client.post(url, {"audience": "all", "subject": "x", "body": "y"}).status_code == 404
    assert not Announcement.objects.exists()


def test_the_send_log_is_in_the_admin(client, staff_user, instructor, cohort, enrolled_alice):
    announcement = _create(cohort, instructor)
    client.force_login(staff_user)
    page = client.get(reverse("admin:reviews_announcement_change", args=[announcement.pk]))
    assert page.status_code == 200
    assert enrolled_alice.username in page.content.decode()
