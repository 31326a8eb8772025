"""Live sessions' pages: a cohort's sessions (schedule, move), the register and its
check-in code, a student's check-in, and a person's time zone (from /account/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from labs import access
from labs.lookups import get_cohort_for_reviewer
from live import rules, selectors, services
from live.forms import STATUS_CHOICES, CheckInForm, SessionForm, TimeZoneForm
from live.middleware import remember_zone
from live.models import LiveSession


def _get_session_for_reviewer(request, pk: int) -> LiveSession:
    """The session if this user is staff or teaches its cohort; 404 for everyone else."""
    cohorts = access.cohorts_visible_to(user=request.user)
    return get_object_or_404(
        LiveSession.objects.select_related("cohort__program").filter(cohort__in=cohorts), pk=pk
    )


def _save_session(request, form, *, session=None, cohort=None) -> LiveSession | None:
    data = {key: form.cleaned_data[key] for key in SessionForm.base_fields}
    try:
        if session is None:
            return services.session_create(cohort=cohort, actor=request.user, **data)
        return services.session_update(session=session, **data)
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def cohort_sessions(request, cohort_id):
    """The cohort's sessions, and the form to schedule one."""
    cohort = get_cohort_for_reviewer(request, cohort_id)
    zone_name = request.time_zone.key if request.time_zone else ""
    form = SessionForm(request.POST or None, default_zone=zone_name)
    if request.method == "POST" and form.is_valid():
        session = _save_session(request, form, cohort=cohort)
        if session is not None:
            messages.success(request, f"“{session.title}” is scheduled.")
            return redirect("live:cohort_sessions", cohort.pk)
    now = timezone.now()
    sessions = list(selectors.cohort_sessions(cohort=cohort))
    return render(
        request,
        "live/cohort_sessions.html",
        {
            "cohort": cohort,
            "form": form,
            "upcoming": [s for s in sessions if s.ends_at > now],
            "past": [s for s in sessions if s.ends_at <= now][::-1],
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request, pk):
    """Change or move a session (the same row: its calendar event keeps its UID)."""
    session = _get_session_for_reviewer(request, pk)
    form = SessionForm(request.POST or None, initial=SessionForm.initial_for(session))
    if request.method == "POST" and form.is_valid():
        if _save_session(request, form, session=session) is not None:
            messages.success(request, f"“{session.title}” is saved.")
            return redirect("live:cohort_sessions", session.cohort_id)
    return render(
        request,
        "live/session_edit.html",
        {"session": session, "cohort": session.cohort, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_attendance(request, pk):
    """The register: each student's status, and the check-in code during the window."""
    session = _get_session_for_reviewer(request, pk)
    students = selectors.roster(cohort=session.cohort)
    if request.method == "POST":
        statuses = {}
        for student in students:
            value = request.POST.get(f"status-{student.pk}", "")
            if value:
                statuses[student.pk] = value
        changed = services.attendance_take(session=session, statuses=statuses, actor=request.user)
        messages.success(
            request, f"Attendance saved ({changed} change{'s' if changed != 1 else ''})."
        )
        return redirect("live:attendance", session.pk)
    marked = selectors.attendance_by_student(session=session)
    window = rules.check_in_window(starts_at=session.starts_at, ends_at=session.ends_at)
    return render(
        request,
        "live/attendance.html",
        {
            "session": session,
            "cohort": session.cohort,
            "rows": [(student, marked.get(student.pk)) for student in students],
            "choices": STATUS_CHOICES,
            "window": window,
            "window_state": window.state(timezone.now()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request):
    """A student types the code their instructor shows during a session."""
    cohort = access.student_cohort(user=request.user)
    if cohort is None:
        raise Http404("Only students of a cohort check in to its sessions.")
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with timezone.override(request.time_zone):
                done = services.check_in(
                    student=request.user, cohort=cohort, code=form.cleaned_data["code"]
                )
        except services.CheckInRefused as refused:
            form.add_error("code", str(refused))
        else:
            status = done.status if isinstance(done.status, str) else done.status.value
            if done.already:
                messages.info(
                    request, f"You are already marked {status} at “{done.session.title}”."
                )
            else:
                messages.success(
                    request, f"You are checked in to “{done.session.title}” ({status})."
                )
            return redirect("labs:dashboard")
    upcoming = selectors.upcoming_sessions(cohort=cohort, now=timezone.now())
    return render(
        request,
        "live/check_in.html",
        {"form": form, "cohort": cohort, "upcoming": upcoming},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def time_zone(request):
    """The account page's time-zone form."""
    form = TimeZoneForm(request.POST)
    if form.is_valid():
        services.time_zone_set(user=request.user, time_zone=form.cleaned_data["time_zone"])
        remember_zone(request, request.user)
        chosen = form.cleaned_data["time_zone"] or "the school's zone"
        messages.success(request, f"Times now show in {chosen}.")
    else:
        messages.error(request, "That is not a time zone we know: pick one from the list.")
    return redirect(reverse("account") + "#time-zone")
