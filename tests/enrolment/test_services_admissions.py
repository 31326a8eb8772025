"""Offers, their deadline, the interest list, email confirmation and reviewed programs."""

import datetime

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone

from enrolment import links
from enrolment.models import Cohort, Enrolment, Interest, Offer, Program
from enrolment.services import applications, changes, confirmations, offers, programs
from tests.enrolment.factories import CohortFactory, application_data

pytestmark = pytest.mark.django_db
Status = Enrolment.Status


def sign_up(program, cohort, email):
    return applications.application_submit(
        program=program, cohort=cohort, **application_data(email=email)
    )


def reload(row):
    return type(row).objects.get(pk=row.pk)


@pytest.fixture
def offered(intensive, staff_user):
    """One seat: 'seated' withdrew, so 'first' holds an offer and 'second' waits."""
    cohort = CohortFactory(program=intensive, capacity=1)
    people = {
        n: sign_up(intensive, cohort, f"{n}@example.com") for n in ("seated", "first", "second")
    }
    changes.enrolment_withdraw(enrolment=people["seated"], actor=staff_user)
    return cohort, people, Offer.objects.get(enrolment=people["first"])


def seats(cohort):
    return Cohort.objects.get(pk=cohort.pk).seats_taken


def test_a_promotion_is_an_offer_holding_the_seat_until_the_program_deadline(offered, intensive):
    cohort, people, offer = offered
    assert reload(people["first"]).status == Status.OFFERED
    assert offer.status == Offer.Status.PENDING
    hours = (offer.expires_at - offer.created_at).total_seconds() / 3600
    assert hours == pytest.approx(intensive.offer_hours)
    assert seats(cohort) == 1


def test_accepting_enrols_and_confirms_the_email(offered):
    cohort, people, offer = offered
    enrolment = offers.offer_accept(offer_id=offer.pk)
    assert enrolment.status == Status.ENROLLED
    assert reload(offer).status == Offer.Status.ACCEPTED
    assert confirmations.is_confirmed(user=enrolment.user)
    assert seats(cohort) == 1
    with pytest.raises(ValidationError, match="already closed"):
        offers.offer_accept(offer_id=offer.pk)


def test_declining_passes_the_seat_to_the_next_person(offered):
    cohort, people, offer = offered
    offers.offer_decline(offer_id=offer.pk)
    assert reload(people["first"]).status == Status.WITHDRAWN
    assert reload(people["second"]).status == Status.OFFERED
    assert seats(cohort) == 1


def test_an_expired_offer_passes_on_and_cannot_be_accepted(offered):
    cohort, people, offer = offered
    Offer.objects.filter(pk=offer.pk).update(expires_at=timezone.now() - datetime.timedelta(1))
    with pytest.raises(ValidationError, match="expired"):
        offers.offer_accept(offer_id=offer.pk)
    assert offers.offers_expire() == 1
    assert offers.offers_expire() == 0  # a second run (or a second beat) changes nothing
    assert reload(offer).status == Offer.Status.EXPIRED
    assert reload(people["first"]).status == Status.WITHDRAWN
    assert reload(people["second"]).status == Status.OFFERED
    assert seats(cohort) == 1


def test_an_extended_offer_is_not_expired(offered):
    _, _, offer = offered
    Offer.objects.filter(pk=offer.pk).update(expires_at=timezone.now() + datetime.timedelta(1))
    assert offers.offers_expire(now=timezone.now()) == 0


def test_withdrawing_with_a_pending_offer_frees_the_seat_and_cancels_it(offered, staff_user):
    cohort, people, offer = offered
    changes.enrolment_withdraw(enrolment=people["first"], actor=staff_user)
    assert reload(offer).status == Offer.Status.CANCELLED
    assert reload(people["second"]).status == Status.OFFERED
    assert seats(cohort) == 1


def test_offer_links_are_signed(offered, settings):
    _, _, offer = offered
    token = links.offer_token(offer=offer)
    assert links.offer_token_read(token) == offer.pk
    signed, signature = token.rsplit(":", 1)
    # One character of the signature changed (to a character it is not).
    tampered = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    # Another offer's id under this offer's signature, as someone editing the link would try.
    other = signing.dumps({"o": offer.pk + 1, "e": offer.enrolment_id}, salt=links.OFFER_SALT)
    forged = [
        f"{signed}:{tampered}",
        f"{other.rsplit(':', 1)[0]}:{signature}",
        # The same content signed with another key, or for another purpose.
        signing.dumps({"o": offer.pk, "e": offer.enrolment_id}, salt=links.OFFER_SALT, key="x"),
        signing.dumps({"o": offer.pk, "e": offer.enrolment_id}, salt=links.CONFIRM_SALT),
    ]
    for token_forged in forged:
        with pytest.raises(links.LinkInvalid):
            links.offer_token_read(token_forged)
    # The link is worth its id only under the site's key.
    settings.SECRET_KEY = "another-site-" + "k" * 50
    with pytest.raises(links.LinkInvalid):
        links.offer_token_read(token)


# ---- email confirmation


def test_a_new_account_holds_its_seat_until_the_deadline(intensive, settings):
    cohort = CohortFactory(program=intensive, capacity=5)
    enrolment = sign_up(intensive, cohort, "new@example.com")
    assert enrolment.status == Status.ENROLLED
    held = enrolment.seat_held_until - timezone.now()
    assert held.total_seconds() == pytest.approx(
        settings.ENROLMENT_CONFIRM_WITHIN_HOURS * 3600, abs=60
    )
    assert not confirmations.is_confirmed(user=enrolment.user)


def test_confirming_keeps_the_seat(intensive):
    cohort = CohortFactory(program=intensive, capacity=5)
    enrolment = sign_up(intensive, cohort, "new@example.com")
    user = confirmations.email_confirm(token=links.confirm_token(user=enrolment.user))
    assert user == enrolment.user
    assert reload(enrolment).seat_held_until is None
    later = timezone.now() + datetime.timedelta(days=30)
    assert confirmations.unconfirmed_seats_release(now=later) == 0
    assert reload(enrolment).status == Status.ENROLLED


def test_an_unconfirmed_seat_goes_to_the_waitlist_after_the_deadline(intensive):
    cohort = CohortFactory(program=intensive, capacity=1)
    first = sign_up(intensive, cohort, "first@example.com")
    second = sign_up(intensive, cohort, "second@example.com")
    later = timezone.now() + datetime.timedelta(days=3)
    assert confirmations.unconfirmed_seats_release(now=later) == 1
    assert confirmations.unconfirmed_seats_release(now=later) == 0
    assert reload(first).status == Status.WAITLISTED
    assert reload(second).status == Status.OFFERED
    assert seats(cohort) == 1


def test_an_expired_or_forged_confirmation_link_is_refused(intensive, settings):
    enrolment = sign_up(intensive, CohortFactory(program=intensive), "new@example.com")
    token = links.confirm_token(user=enrolment.user)
    settings.ENROLMENT_CONFIRM_WITHIN_HOURS = 0
    with pytest.raises(links.LinkExpired):
        confirmations.email_confirm(token=token)
    with pytest.raises(links.LinkInvalid):
        confirmations.email_confirm(token="1:forged")


# ---- the interest list


def test_opening_a_cohort_places_the_interest_list_in_sign_up_order(intensive):
    people = [sign_up(intensive, None, f"p{n}@example.com") for n in range(3)]
    assert all(isinstance(person, Interest) for person in people)
    cohort = programs.cohort_create(
        program=intensive, start_date=timezone.localdate() + datetime.timedelta(30), capacity=2
    )
    placed = {i.user.email: i.enrolment for i in Interest.objects.select_related("enrolment")}
    assert [placed[f"p{n}@example.com"].status for n in range(3)] == [
        Status.OFFERED,
        Status.OFFERED,
        Status.WAITLISTED,
    ]
    assert seats(cohort) == 2
    assert not Interest.objects.filter(status=Interest.Status.WAITING).exists()


# ---- reviewed programs


@pytest.fixture
def reviewed(intensive):
    Program.objects.filter(pk=intensive.pk).update(admission=Program.Admission.REVIEWED)
    intensive.refresh_from_db()
    return intensive


def test_a_reviewed_program_takes_applications_without_a_seat(reviewed):
    cohort = CohortFactory(program=reviewed, capacity=1)
    enrolment = sign_up(reviewed, cohort, "a@example.com")
    assert enrolment.status == Status.APPLIED
    assert seats(cohort) == 0


def test_accepting_an_application_offers_a_seat_then_the_waitlist(reviewed, staff_user):
    cohort = CohortFactory(program=reviewed, capacity=1)
    first = sign_up(reviewed, cohort, "a@example.com")
    second = sign_up(reviewed, cohort, "b@example.com")
    changes.enrolment_approve(enrolment=first, actor=staff_user)
    changes.enrolment_approve(enrolment=second, actor=staff_user)
    assert reload(first).status == Status.OFFERED
    assert reload(second).status == Status.WAITLISTED
    assert seats(cohort) == 1


def test_rejecting_emails_the_message(
    reviewed, staff_user, eager_celery, mailoutbox, django_capture_on_commit_callbacks
):
    cohort = CohortFactory(program=reviewed, capacity=1)
    enrolment = sign_up(reviewed, cohort, "a@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        changes.enrolment_reject(
            enrolment=enrolment, actor=staff_user, message="Apply again in May."
        )
    assert reload(enrolment).status == Status.REJECTED
    assert "Apply again in May." in mailoutbox[-1].body
    with pytest.raises(ValidationError):
        changes.enrolment_approve(enrolment=enrolment, actor=staff_user)
