"""Request getters and the career-staff wall, shared by the outcomes views."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404

from outcomes import access
from outcomes.models import JobRecord
from security.middleware import SecondFactorRequired


def career_staff_required(view):
    """Career staff and staff only (others: a 404 that says nothing), in a session that
    passed the second factor: career staff see salaries and offer letters."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not access.is_career_staff(request.user):
            raise Http404("No such page.")
        if not request.user.is_verified():
            return SecondFactorRequired._to_second_factor(request, request.user)
        return view(request, *args, **kwargs)

    return wrapper


def staff_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_staff:
            raise Http404("No such page.")
        return view(request, *args, **kwargs)

    return wrapper


def get_record_for_user(request, pk: int) -> JobRecord:
    """The record if this user may see it (its graduate, career staff, staff), else 404."""
    record = get_object_or_404(
        JobRecord.objects.select_related("enrolment__user", "enrolment__cohort__program"), pk=pk
    )
    if not access.can_see_record(request.user, record):
        raise Http404("No such record.")
    if access.is_career_staff(request.user) and not request.user.is_verified():
        if record.enrolment.user_id != request.user.pk:
            raise Http404("No such record.")
    return record
