"""The public outcomes page, staff's live report with publishing, and the auditor's CSV."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from enrolment.models import Program
from outcomes import exports, presentation, rules, selectors
from outcomes.forms import PublishForm
from outcomes.services import reports
from outcomes.views._access import staff_required


def _shown(report) -> dict:
    return {
        "report": report,
        "rows": presentation.report_rows(report.figures),
        "bars": presentation.chart_bars(report.figures),
        "salaries": presentation.salary_lines(report.figures),
    }


def public_reports(request):
    """Published reports only (the newest version of each), for anyone."""
    context = {
        "reports": [_shown(report) for report in selectors.published_reports_latest()],
        "threshold": rules.SUPPRESS_BELOW,
        "window": rules.HIRED_WITHIN_DAYS,
    }
    return render(request, "outcomes/public.html", context)


def _period(label: str) -> rules.Period:
    try:
        return rules.Period.parse(label)
    except ValueError:
        raise Http404("No such period.") from None


@staff_required
def report_index(request):
    programs = [
        (program, selectors.periods_with_cohorts(program=program))
        for program in Program.objects.all()
    ]
    return render(request, "outcomes/report_index.html", {"programs": programs})


@staff_required
def report_live(request, program_id, period):
    """Today's figures from the records, before publishing (suppression shown as published)."""
    program = get_object_or_404(Program, pk=program_id)
    period = _period(period)
    figures = selectors.report_compute(program=program, period=period)
    published = program.outcome_reports.filter(year=period.year, half=period.half)
    context = {
        "program": program,
        "period": period,
        "figures": figures,
        "rows": presentation.report_rows(figures),
        "salary": presentation.salary_display(figures),
        "published": published.select_related("published_by"),
        "form": PublishForm(),
    }
    return render(request, "outcomes/report_live.html", context)


@staff_required
@require_POST
def report_publish(request, program_id, period):
    program = get_object_or_404(Program, pk=program_id)
    period = _period(period)
    form = PublishForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    report = reports.report_publish(program=program, period=period, actor=request.user, note=note)
    messages.success(request, f"Published {report} on /outcomes/.")
    return redirect("outcomes:report", program_id=program.pk, period=period.slug)


@staff_required
def audit_csv(request, program_id, period):
    program = get_object_or_404(Program, pk=program_id)
    return exports.audit_csv(program=program, period=_period(period))
