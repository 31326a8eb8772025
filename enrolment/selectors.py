"""Reads for the enrolment pages, the admin and other apps: querysets, no writes."""

import datetime

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from enrolment.models import Cohort, Enrolment, Interest, Offer, Program


def is_staff_or_instructor(user) -> bool:
    """Staff, or someone who teaches a cohort: who reviews labs (labs.access.can_review_labs)
    and who must use two factors (security.twofactor.required_by_role)."""
    return user.is_authenticated and (user.is_staff or user.cohorts_taught.exists())


def cohort_list_upcoming(*, program: Program | None = None, day: datetime.date | None = None):
    """Cohorts still taking applications (a seat or the waitlist), soonest first.

    The one rule for what sign-up offers: /programs/ lists these, the sign-up form's
    cohort choice lists these (a full one as a waitlist place), and application_submit
    places "next available" in one of them; a program with none has its interest list.
    """
    cohorts = Cohort.objects.accepting_applications(day).select_related("program")
    if program is not None:
        cohorts = cohorts.filter(program=program)
    return cohorts.order_by("start_date", "program__ordering", "pk")


def cohort_list_for_signup(*, program: Program | None = None, day: datetime.date | None = None):
    """cohort_list_upcoming's, less those whose application deadline has passed: what a
    newcomer may pick on the sign-up form and where application_submit places them."""
    cohorts = Cohort.objects.open_for_signup(day).select_related("program")
    if program is not None:
        cohorts = cohorts.filter(program=program)
    return cohorts.order_by("start_date", "program__ordering", "pk")


def program_list_with_upcoming_cohorts(*, day: datetime.date | None = None):
    """The programs, each with `upcoming_cohorts` (cohort_list_upcoming's, two queries)."""
    upcoming = cohort_list_upcoming(day=day)
    return Program.objects.prefetch_related(
        Prefetch("cohorts", queryset=upcoming, to_attr="upcoming_cohorts")
    )


def cohort_list_with_counts():
    """Cohorts annotated with enrolled_count and waitlisted_count (for the admin)."""
    return Cohort.objects.select_related("program").annotate(
        enrolled_count=Count(
            "enrolments", filter=Q(enrolments__status=Enrolment.Status.ENROLLED), distinct=True
        ),
        waitlisted_count=Count(
            "enrolments", filter=Q(enrolments__status=Enrolment.Status.WAITLISTED), distinct=True
        ),
    )


def _waitlisted_ahead():
    """A correlated subquery: how many waitlisted enrolments are ahead in the same cohort."""
    return Subquery(
        Enrolment.objects.filter(cohort=OuterRef("cohort"), status=Enrolment.Status.WAITLISTED)
        .filter(
            Q(created_at__lt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("cohort")
        .annotate(ahead=Count("pk"))
        .values("ahead"),
        output_field=IntegerField(),
    )


def enrolment_list_with_positions(queryset=None):
    """Enrolments annotated with `ahead`; see waitlist_position_of for the 1-based place."""
    queryset = Enrolment.objects.all() if queryset is None else queryset
    return queryset.annotate(ahead=Coalesce(_waitlisted_ahead(), Value(0)))


def waitlist_position(*, enrolment: Enrolment) -> int | None:
    """1-based place in the cohort's waitlist, or None when not waitlisted."""
    if enrolment.status != Enrolment.Status.WAITLISTED:
        return None
    ahead = getattr(enrolment, "ahead", None)
    if ahead is None:
        ahead = (
            Enrolment.objects.filter(
                cohort_id=enrolment.cohort_id, status=Enrolment.Status.WAITLISTED
            )
            .filter(
                Q(created_at__lt=enrolment.created_at)
                | Q(created_at=enrolment.created_at, pk__lt=enrolment.pk)
            )
            .count()
        )
    return ahead + 1


def waitlist_head(*, cohort: Cohort, exclude_pk: int | None = None) -> Enrolment | None:
    waiting = Enrolment.objects.filter(cohort=cohort, status=Enrolment.Status.WAITLISTED)
    if exclude_pk is not None:
        waiting = waiting.exclude(pk=exclude_pk)
    return waiting.order_by("created_at", "pk").first()


def enrolment_list_for_user(*, user):
    """The user's enrolments, newest first, with cohort, program and waitlist place."""
    return enrolment_list_with_positions(
        Enrolment.objects.filter(user=user)
        .select_related("cohort__program")
        .order_by("-created_at", "-pk")
    )


def account_enrolments(*, user) -> list[Enrolment]:
    """The user's enrolments with position, can_withdraw, can_defer and pending_offer set
    (three queries)."""
    enrolments = list(
        enrolment_list_for_user(user=user).prefetch_related(
            Prefetch(
                "offers",
                queryset=Offer.objects.filter(status=Offer.Status.PENDING),
                to_attr="pending_offers",
            )
        )
    )
    upcoming = list(cohort_list_upcoming()) if enrolments else []
    today = timezone.localdate()
    for enrolment in enrolments:
        cohort = enrolment.cohort
        enrolment.position = waitlist_position(enrolment=enrolment)
        enrolment.pending_offer = next(iter(enrolment.pending_offers), None)
        enrolment.can_withdraw = can_withdraw(enrolment)
        enrolment.can_defer = enrolment.can_withdraw and any(
            later.program_id == cohort.program_id
            and later.start_date > max(cohort.start_date, today)
            for later in upcoming
        )
    return enrolments


def cohort_list_for_deferral(*, enrolment: Enrolment):
    """Later cohorts of the same program that still take applications."""
    return cohort_list_upcoming(program=enrolment.cohort.program).filter(
        start_date__gt=max(enrolment.cohort.start_date, timezone.localdate())
    )


def can_withdraw(enrolment: Enrolment) -> bool:
    return (
        enrolment.status in Enrolment.HOLDING_A_PLACE
        and enrolment.cohort.status != Cohort.Status.FINISHED
    )


def interest_list_for_user(*, user):
    """The user's interest-list entries, newest first."""
    return Interest.objects.filter(user=user).select_related("program").order_by("-created_at")


def interest_list_waiting(*, program: Program | None = None):
    """Who waits for a cohort, in sign-up order (the order they will be placed in)."""
    waiting = Interest.objects.filter(status=Interest.Status.WAITING)
    if program is not None:
        waiting = waiting.filter(program=program)
    return waiting.select_related("user", "program").order_by("created_at", "pk")


def offer_for_link(*, offer_id: int) -> Offer | None:
    return (
        Offer.objects.select_related("enrolment__user", "enrolment__cohort__program")
        .filter(pk=offer_id)
        .first()
    )
