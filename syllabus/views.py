"""The syllabus pages: the public one per program, a student's own, a lesson, its files."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from enrolment.models import Program
from labs.models import CURRICULUM_WEEKS
from progress.dashboards.student import student_dashboard
from syllabus import selectors, services
from syllabus.access import is_week_open, reader_cohort
from syllabus.models import Lesson, Resource
from syllabus.rendering import lesson_html
from syllabus.weeks import program_weeks_label, this_week


def _get_week_item_for_reader(request, model, pk: int):
    """A published lesson (or a resource) whose week the user may read now: 403 for someone
    who reads only the public syllabus, 404 if missing or its week has not begun."""
    can_read, cohort = reader_cohort(user=request.user)
    if not can_read:
        raise PermissionDenied("Lessons are for enrolled students.")
    queryset = model.objects.select_related("week")
    if model is Lesson:
        queryset = queryset.filter(is_published=True)
    item = get_object_or_404(queryset, pk=pk)
    if not is_week_open(week=item.week.number, cohort=cohort, today=timezone.localdate()):
        raise Http404("This week has not begun yet.")
    return item, cohort


@require_GET
def syllabus_public(request, slug: str):
    """What each week covers, for anyone: no lesson bodies, no resources."""
    program = get_object_or_404(Program, slug=slug)
    weeks = selectors.syllabus_weeks(program_weeks=program.weeks)
    return render(
        request,
        "syllabus/public.html",
        {"program": program, "weeks": weeks, "programs": Program.objects.all()},
    )


@login_required
@require_GET
def syllabus_mine(request):
    """The whole syllabus on the student's calendar, with lessons done and labs' status."""
    can_read, cohort = reader_cohort(user=request.user)
    if not can_read:
        return redirect("programs")
    today = timezone.localdate()
    dashboard = student_dashboard(user=request.user) if cohort else None
    program = cohort.program if cohort else Program.objects.first()
    if program is None:  # a reviewer on a site with no program yet
        return redirect("programs")
    weeks = selectors.syllabus_weeks(
        program_weeks=program.weeks,
        user=request.user,
        cohort=cohort,
        today=today,
        can_read=True,
        labs=dashboard.labs if dashboard else None,
    )
    lessons = [lesson for week in weeks for lesson in week.lessons]
    return render(
        request,
        "syllabus/mine.html",
        {
            "program": program,
            "cohort": cohort,
            "weeks": weeks,
            "dashboard": dashboard,
            "now": this_week(cohort=cohort, today=today) if cohort else None,
            "lesson_progress": selectors.lesson_progress_of(lessons),
        },
    )


@login_required
@require_GET
def lesson_detail(request, pk: int):
    lesson, cohort = _get_week_item_for_reader(request, Lesson, pk)
    # A reviewer, on no cohort's calendar, sees the curriculum's own weeks.
    program_weeks = cohort.program.weeks if cohort else CURRICULUM_WEEKS
    return render(
        request,
        "syllabus/lesson.html",
        {
            "lesson": lesson,
            "body": lesson_html(lesson.body),
            "week_label": program_weeks_label(lesson.week.number, program_weeks),
            "is_done": lesson.completions.filter(user=request.user).exists(),
            "is_student": cohort is not None,
        },
    )


@login_required
@require_POST
def lesson_done(request, pk: int):
    """Mark a lesson done (done=1) or not (done=0), then back to where the form was."""
    lesson, cohort = _get_week_item_for_reader(request, Lesson, pk)
    if cohort is None:
        raise PermissionDenied("Only students mark lessons done.")
    services.lesson_mark(user=request.user, lesson=lesson, done=request.POST.get("done") != "0")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "syllabus:lesson"
        return redirect(target, pk=lesson.pk)
    return redirect(target)


@login_required
@require_GET
def resource_file(request, pk: int):
    """A week's file, read through the storage API (never a public URL)."""
    resource, _ = _get_week_item_for_reader(request, Resource, pk)
    if not resource.file:
        raise Http404("This resource is a link, not a file.")
    name = resource.file.name.rsplit("/", 1)[-1].split("-", 1)[-1]
    return FileResponse(resource.file.open("rb"), as_attachment=True, filename=name)
