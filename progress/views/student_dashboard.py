"""The student dashboard: progress over all labs, one lab's history, their live parts."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from courses import selectors as course_selectors
from enrolment.models import Cohort
from labs import access
from labs.lookups import get_lab_for_student
from labs.models import Lab
from labs.selectors import start_of_today
from labs.services.upload_rule import refusal_for
from progress import charts
from progress.dashboard_panels import dashboard_panels_render
from progress.dashboards import student as dashboards


def _get_dashboard_lab(request, slug: str) -> tuple[Lab, Cohort]:
    """A lab of the student's own cohort (labs.lookups' rule); a reviewer, who studies in
    no cohort, has no progress to show: 404."""
    lab, cohort = get_lab_for_student(request, slug)
    if cohort is None:
        raise Http404("You are not enrolled in a cohort.")
    return lab, cohort


# The pages each lab of the dashboard links to.
_LAB_URL_NAMES = {
    "history": "labs:dashboard_lab",
    "detail": "labs:detail",
    "leaderboard": "leaderboards:leaderboard",
}
_SLUG_MARKER = "lab-slug-marker"


def _lab_url_parts() -> dict[str, tuple[str, str]]:
    """Speed trick: each lab page's address as (head, tail) around the lab's slug, from one
    reverse() per page, where the template reversed four per lab (docs/benchmarks.md,
    "Speed tricks and what they bought"). Slugs need no quoting in a path."""
    parts = {}
    for key, name in _LAB_URL_NAMES.items():
        head, tail = reverse(name, args=[_SLUG_MARKER]).rsplit(_SLUG_MARKER, 1)
        parts[key] = (head, tail)
    return parts


def _dashboard_context(request):
    dashboard = dashboards.student_dashboard(user=request.user)
    if dashboard is None:
        return None
    return {
        "dashboard": dashboard,
        "lab_urls": _lab_url_parts(),
        "progress_chart": charts.progress_chart(
            passed=dashboard.passed,
            open_not_passed=dashboard.open_not_passed,
            locked=dashboard.locked,
        ),
    }


@login_required
@require_GET
def dashboard(request):
    context = _dashboard_context(request)
    if context is None:
        if access.can_review_labs(request.user):
            return redirect("labs:gradebook_index")
        return render(request, "labs/not_enrolled.html")
    # Not in the polled fragment: read once per page view.
    # Other apps' panels (reviews: announcements, unread comments).
    context["panels"] = dashboard_panels_render(request, cohort=context["dashboard"].cohort)
    return render(request, "labs/dashboard.html", context)


@login_required
@require_GET
def dashboard_live(request):
    """The part of the dashboard htmx polls while a grade is pending."""
    context = _dashboard_context(request)
    if context is None:
        raise Http404("You are not enrolled in a cohort.")
    return render(request, "labs/_dashboard_body.html", context)


def _history_context(request, slug):
    lab, cohort = _get_dashboard_lab(request, slug)
    now = timezone.now()
    # The student's own due date and result (courses).
    result = course_selectors.lab_result_for(student=request.user, cohort=cohort, lab=lab, now=now)
    history = dashboards.lab_history(lab=lab, student=request.user, result=result)
    return {
        "history": history,
        "lab": lab,
        "cohort": cohort,
        "result": result,
        "due_on": result.due_on,
        "chart": _history_chart(history),
        # The "Submit" button shows only when intake would take an upload now.
        "upload_refusal": refusal_for(
            lab=lab,
            cohort=cohort,
            result=result,
            charged_today=history.charged_since(start_of_today(now)),
            now=now,
        ),
    }


def _history_chart(history):
    return charts.score_history_chart(
        points=[
            (f"#{n}", s.public_score, bool(s.passed)) for n, s in enumerate(history.graded, start=1)
        ],
        reference=history.reference_score,
        threshold=history.threshold,
        metric_label=history.metric_label,
        higher_is_better=history.higher_is_better,
    )


@login_required
@require_GET
def dashboard_lab(request, slug):
    return render(request, "labs/dashboard_lab.html", _history_context(request, slug))


@login_required
@require_GET
def dashboard_lab_live(request, slug):
    return render(request, "labs/_dashboard_history.html", _history_context(request, slug))
