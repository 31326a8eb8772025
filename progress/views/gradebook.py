"""The instructor gradebook: cohorts, the table, one lab, one student, regrade, CSV."""

import csv

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from courses.selectors import override_for, student_overrides
from enrolment.exports import csv_cell
from enrolment.models import Cohort
from labs import access, selectors
from labs.lookups import get_cohort_for_reviewer, get_submission_for_reviewer
from labs.services import intake
from progress import charts
from progress.dashboards import gradebook as dashboards
from rubrics.selectors import blind_lab_ids, pseudonym
from security.audit import regrade_record


def _require_reviewer(user):
    if not access.can_review_labs(user):
        raise Http404("Only instructors and staff have a gradebook.")


def _get_student_in_cohort(*, cohort: Cohort, student_id: int):
    """A person with an enrolment in this cohort, or 404 (guessed ids see nothing)."""
    User = get_user_model()
    return get_object_or_404(
        User.objects.filter(enrolments__cohort=cohort).distinct(), pk=student_id
    )


@login_required
@require_GET
def gradebook_index(request):
    _require_reviewer(request.user)
    cohorts = list(dashboards.cohorts_for_reviewer(request.user))
    return render(
        request, "labs/gradebook_index.html", {"cohorts": cohorts, "today": timezone.localdate()}
    )


@login_required
@require_GET
def gradebook(request, cohort_id):
    """One page of the cohort's students (progress.dashboards.gradebook.gradebook_page)."""
    cohort = get_cohort_for_reviewer(request, cohort_id)
    only_at_risk = request.GET.get("risk") == "1"
    book = dashboards.gradebook_page(
        cohort=cohort,
        sort=request.GET.get("sort", "name"),
        page=request.GET.get("page"),
        only_at_risk=only_at_risk,
    )
    rows = book.rows
    student_url = _student_urls(cohort)
    day_labels, flag_badges = {}, {}
    return render(
        request,
        "labs/gradebook.html",
        {
            "book": book,
            "cohort": cohort,
            "rows": [
                _row_html(row, student_url(row.student.pk), day_labels, flag_badges) for row in rows
            ],
            "only_at_risk": only_at_risk,
            "week": cohort.week_on(book.today),
            "sort_links": _sort_links(book),
        },
    )


# The opening tag of a gradebook cell for each status, escaped once. Kept as plain str, not
# the SafeString format_html returns: an f-string calls SafeString.__str__, a Python method,
# and a page formats 15,000 cells. _cells_html marks the whole row safe instead.
_CELL_OPEN = {
    status: str(
        format_html('<td class="text-end {}" title="{}">', css, dashboards.STATUS_LABELS[status])
    )
    for status, css in dashboards.STATUS_CELLS.items()
}


def _cells_html(cells) -> str:
    """The score cells of one gradebook row as HTML.

    A cell holds no user text: its tag comes from _CELL_OPEN and its content is a fixed
    symbol and a formatted float, so no escaping is needed per cell.
    """
    return mark_safe(  # noqa: S308 - see the docstring
        "".join([f"{_CELL_OPEN[cell.status]}{cell.text}</td>" for cell in cells])
    )


_NO_FLAG = mark_safe('<span class="text-body-tertiary">–</span>')  # noqa: S308 - constant


def _student_urls(cohort):
    """student id -> that student's gradebook page in this cohort, with a single reverse().

    A reverse() per student was measurable on a large cohort's page (docs/benchmarks.md,
    "Speed tricks and what they bought").
    """
    marker = "987654321"
    url = reverse("labs:gradebook_student", args=[cohort.pk, int(marker)])
    head, tail = url.rsplit(marker, 1)
    return lambda student_id: f"{head}{int(student_id)}{tail}"


_FLAG_BADGE = '<span class="badge text-bg-danger me-1" data-testid="risk-flag">{}</span>'


def _team_badge(team: str) -> str:
    if not team:
        return ""
    return format_html(
        ' <span class="badge text-bg-light border fw-normal" data-testid="team-badge">{}</span>',
        team,
    )


def _row_html(row, student_url: str, day_labels: dict, flag_badges: dict) -> str:
    """Speed trick: one gradebook row (student, flags, counts, cells) as HTML, built here
    rather than in a template, which renders each of a large cohort's thousands of cells
    tag by tag (docs/benchmarks.md, "Speed tricks and what they bought"). User text
    (names, flags) goes through format_html.
    `day_labels` and `flag_badges` are the page's: many students share a day or a flag
    ("3 labs overdue"), so each is formatted once.
    """
    flags = _NO_FLAG
    if row.flags:
        badges = []
        for flag in row.flags:
            badge = flag_badges.get(flag)
            if badge is None:
                badge = flag_badges[flag] = format_html(_FLAG_BADGE, flag)
            badges.append(badge)
        flags = mark_safe("".join(badges))  # noqa: S308 - each badge went through format_html
    last = "never"
    if row.last_submission_at:
        day = timezone.localdate(row.last_submission_at)
        last = day_labels.get(day) or day_labels.setdefault(day, date_format(day, "M j"))
    return format_html(
        '<tr data-testid="student-row" data-student="{}" data-at-risk="{}">'
        '<th scope="row"><a href="{}">{}</a>{}</th><td>{}</td>'
        '<td class="text-end">{}</td><td class="small">{}</td>'
        '<td class="text-end small" data-testid="attendance">{}</td>{}</tr>',
        row.student.username,
        "yes" if row.is_at_risk else "no",
        student_url,
        row.name,
        _team_badge(row.team),
        flags,
        row.passed,
        last,
        row.attendance.text,
        _cells_html(row.cells),
    )


def _sort_links(book):
    """For each sortable column, the sort value its header link applies (toggles)."""
    keys = [*dashboards.SORT_KEYS, *(f"lab-{c.lab.slug}" for c in book.columns)]
    links = {}
    for key in keys:
        if book.sort == key:
            links[key] = f"-{key}"
        else:
            links[key] = key
    return links


@login_required
@require_GET
def gradebook_figures(request, cohort_id):
    """The whole class's pass rates, attempts and at-risk count: the row a page of a large
    cohort's gradebook loads after the page itself (every student's LabResult)."""
    cohort = get_cohort_for_reviewer(request, cohort_id)
    book = dashboards.cohort_gradebook(cohort=cohort)
    return render(request, "labs/_gradebook_figures.html", {"book": book, "whole_class": True})


@login_required
@require_GET
def gradebook_lab(request, cohort_id, slug):
    cohort = get_cohort_for_reviewer(request, cohort_id)
    book = dashboards.cohort_gradebook(cohort=cohort, sort=f"lab-{slug}")
    column = next((c for c in book.columns if c.lab.slug == slug), None)
    if column is None:
        raise Http404("No such lab.")
    index = book.columns.index(column)
    histogram = charts.histogram_chart(
        values=column.best_scores,
        reference=column.reference_score,
        metric_label=column.metric_label,
    )
    latest = selectors.latest_submission_ids(cohort=cohort, lab=column.lab)
    student_url = _student_urls(cohort)
    # (name, the student's page or None, cell, latest submission). Blind grading: a
    # pseudonym, no link to the named page, and in the pseudonyms' order (rubrics).
    students = [
        (
            pseudonym(lab_id=column.lab.pk, student_id=row.student.pk)
            if column.is_blind
            else row.name,
            None if column.is_blind else student_url(row.student.pk),
            row.cells[index],
            latest.get(row.student.pk),
        )
        for row in book.rows
    ]
    if column.is_blind:
        students.sort(key=lambda student: student[0])
    return render(
        request,
        "labs/gradebook_lab.html",
        {
            "cohort": cohort,
            "column": column,
            "histogram": histogram,
            "students": students,
        },
    )


@login_required
@require_GET
def gradebook_student(request, cohort_id, student_id):
    cohort = get_cohort_for_reviewer(request, cohort_id)
    student = _get_student_in_cohort(cohort=cohort, student_id=student_id)
    submissions = selectors.student_submissions_in_cohort(cohort=cohort, student=student)
    # Blind grading: a named page lists none of a blind lab's submissions before release.
    blind = blind_lab_ids(cohort=cohort)
    hidden = [s for s in submissions if s.lab_id in blind]
    submissions = [s for s in submissions if s.lab_id not in blind]
    return render(
        request,
        "labs/gradebook_student.html",
        {
            "cohort": cohort,
            "student": student,
            "submissions": submissions,
            "hidden_blind": len(hidden),
            "overrides": student_overrides(cohort=cohort, student=student),
        },
    )


@login_required
@require_POST
def gradebook_regrade(request, pk):
    submission = get_submission_for_reviewer(request, pk)
    if not submission.file:
        messages.info(
            request,
            f"Submission #{submission.pk} has no file any more (its student deleted their "
            "account): it keeps its grade.",
        )
    elif intake.submission_regrade(submission=submission):
        # Submissions are not audited row by row (every grade changes them); a person's
        # regrade is, with who asked it and the grade it had.
        regrade_record(submission=submission)
        messages.success(request, f"Submission #{submission.pk} is queued for grading again.")
    else:
        messages.info(request, f"Submission #{submission.pk} is already waiting for a grade.")
    if submission.cohort_id and override_for(
        student=submission.student_id, lab=submission.lab, cohort=submission.cohort
    ):
        messages.warning(
            request,
            f"The grade override of {submission.lab.title} is still in force: the regrade "
            "does not change it. Undo it on the submission's page if it should go.",
        )
    if submission.cohort_id:
        return redirect("labs:gradebook_student", submission.cohort_id, submission.student_id)
    return redirect("labs:gradebook_index")


# ----------------------------------------------------------------- CSV export


@login_required
@require_GET
def gradebook_export(request, cohort_id):
    """The whole class as CSV, streamed: rows are computed and sent a chunk of students at a
    time (progress.dashboards.gradebook.gradebook_chunks), so memory stays that of one chunk."""
    cohort = get_cohort_for_reviewer(request, cohort_id)
    today = timezone.localdate()
    columns, chunks = dashboards.gradebook_chunks(
        cohort=cohort, sort=request.GET.get("sort", "name"), today=today
    )
    response = StreamingHttpResponse(
        _csv_lines(columns, chunks), content_type="text/csv; charset=utf-8"
    )
    filename = f"gradebook-{slugify(cohort.name) or cohort.pk}-{today:%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class _Line:
    """What csv.writer writes to: hands back the line it was given."""

    def write(self, line: str) -> str:
        return line


def _csv_lines(columns, chunks):
    writer = csv.writer(_Line())
    # "team": the capstone team, as on the page and in the API (read with each chunk's
    # rows, no query of its own; empty for a student in none).
    header = ["username", "name", "email", "team", "labs passed", "last submission", "at risk"]
    # Live sessions whose attendance was taken: attended (present or late), excused, missed.
    header += ["sessions taken", "sessions attended", "sessions excused", "sessions missed"]
    for column in columns:
        header += [f"{column.lab.slug} best", f"{column.lab.slug} status"]
    # Each student's own due dates (extensions, late joiners), read with the rows.
    header += [f"{column.lab.slug} due" for column in columns]
    yield writer.writerow([csv_cell(h, keep_numbers=True) for h in header])
    for rows, due_dates in chunks:
        lines = []
        for row in rows:
            student = row.student
            cells = [
                student.username,
                row.name,
                student.email,
                row.team,
                row.passed,
                row.last_submission_at.isoformat() if row.last_submission_at else "",
                "; ".join(row.flags),
                row.attendance.taken,
                row.attendance.attended,
                row.attendance.excused,
                row.attendance.missed,
            ]
            for cell in row.cells:
                cells += [
                    f"{cell.best_score:.4f}" if cell.best_score is not None else "",
                    cell.status_label,
                ]
            cells += [
                due_dates.for_student(student.pk, column.lab).due_on.isoformat()
                for column in columns
            ]
            lines.append(writer.writerow([csv_cell(c, keep_numbers=True) for c in cells]))
        yield "".join(lines)
