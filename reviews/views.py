"""Review pages: a submission with its file, grade, comments and override; announcements."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courses.models import GradeOverride
from courses.selectors import override_for, override_history, private_scores_shown
from labs import access, lookups
from labs.models import Submission
from reviews import selectors, viewer
from reviews.forms import AnnouncementForm, CommentForm, OverrideForm
from reviews.services import announcements, comments, overrides
from rubrics import panel as rubric_panel
from rubrics.forms import LineCommentForm
from rubrics.services import grading as rubric_grading
from teams import selectors as team_selectors

# What a review page shows of a submission: its lab's dataset, student, cohort and program.
REVIEW_ROWS = ("lab__dataset", "student", "cohort__program")


def _get_submission_for_reviewer(request, pk: int) -> Submission:
    """labs.lookups' rule; an override also needs the cohort it stands in (none: 404)."""
    submission = lookups.get_submission_for_reviewer(request, pk, related=REVIEW_ROWS)
    if submission.cohort_id is None:
        raise Http404("No such submission.")
    return submission


def _get_submission_for_reader(request, pk: int) -> tuple[Submission, bool]:
    """labs.lookups' rule (its student, or a reviewer of its cohort); and a member of the
    team whose milestone work it is (teams' rule), who reads it without its private
    comments. (submission, read as a teammate); else 404."""
    try:
        return lookups.get_submission_for_user(request, pk, related=REVIEW_ROWS), False
    except Http404:
        submission = Submission.objects.select_related(*REVIEW_ROWS).filter(pk=pk).first()
        if submission is None or not team_selectors.may_read_team_work(
            user=request.user, submission=submission
        ):
            raise
        return submission, True


def _get_override_for_reviewer(request, pk: int) -> GradeOverride:
    override = get_object_or_404(GradeOverride, pk=pk)
    if not access.cohorts_visible_to(user=request.user).filter(pk=override.cohort_id).exists():
        raise Http404("No such override.")
    return override


def _submission_context(
    request,
    submission,
    *,
    comment_form=None,
    override_form=None,
    rubric_forms=None,
    is_teammate=False,
):
    is_reviewer = access.can_review_submission(request.user, submission)
    cohort = submission.cohort
    override = history = None
    if cohort is not None:
        override = override_for(student=submission.student_id, lab=submission.lab, cohort=cohort)
        if is_reviewer:
            history = list(
                override_history(student=submission.student, lab=submission.lab, cohort=cohort)
            )
    file = viewer.submission_file_view(submission)
    return {
        "submission": submission,
        "lab": submission.lab,
        "is_reviewer": is_reviewer,
        # The course rules' moment (the student's own cutoff), as on every other page.
        "show_private": submission.pk in private_scores_shown(submissions=[submission]),
        "file": file,
        # The rubric, line comments and regrades, and the name shown (blind grading).
        **rubric_panel.viewer_context(
            user=request.user,
            submission=submission,
            is_reviewer=is_reviewer,
            file=file,
            forms=rubric_forms,
            is_teammate=is_teammate,
        ),
        # A teammate reads the team's work, not the author's talk with the instructors.
        "is_teammate": is_teammate,
        "comments": [] if is_teammate else list(selectors.comments_on(submission=submission)),
        "comment_form": comment_form or CommentForm(),
        "override": override,
        "override_history": history,
        "override_form": (override_form or OverrideForm()) if is_reviewer and cohort else None,
    }


@login_required
@require_GET
def submission_review(request, pk):
    submission, is_teammate = _get_submission_for_reader(request, pk)
    if not is_teammate:
        comments.comments_mark_read(submission=submission, reader=request.user)
    context = _submission_context(request, submission, is_teammate=is_teammate)
    return render(request, "reviews/submission.html", context)


def _back_to(submission, anchor: str):
    return redirect(reverse("reviews:submission", args=[submission.pk]) + anchor)


@login_required
@require_POST
def comment_create(request, pk):
    submission = lookups.get_submission_for_user(request, pk, related=REVIEW_ROWS)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comments.comment_create(
                submission=submission, author=request.user, body=form.cleaned_data["body"]
            )
        except comments.CommentRefused as refused:
            form.add_error("body", str(refused))
        else:
            messages.success(request, "Your comment was added.")
            return _back_to(submission, "#comments")
    context = _submission_context(request, submission, comment_form=form)
    return render(request, "reviews/submission.html", context, status=400)


@login_required
@require_POST
def line_comment_create(request, pk):
    """A grader's comment on a line of the code or a cell of the notebook (rubrics)."""
    submission = lookups.get_submission_for_reviewer(request, pk, related=REVIEW_ROWS)
    form = LineCommentForm(request.POST, prefix="line")
    if form.is_valid():
        file = viewer.submission_file_view(submission)
        cell = form.cleaned_data["cell"]
        try:
            rubric_grading.line_comment_add(
                submission=submission,
                author=request.user,
                body=form.cleaned_data["body"],
                line=form.cleaned_data["line"],
                cell=None if cell is None else cell - 1,
                lines=_commentable_lines(file),
                cells=len(file.cells),
            )
        except rubric_grading.RubricRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Your comment is beside the line.")
            return _back_to(submission, "#file")
    context = _submission_context(request, submission, rubric_forms={"line": form})
    return render(request, "reviews/submission.html", context, status=400)


def _commentable_lines(file) -> int:
    """The lines a comment may sit on: the code's, or the predictions' shown (header too)."""
    if file.kind == "predictions":
        return len(file.rows) + 1 if file.header else 0
    return len(file.lines)


@login_required
@require_POST
def override_set(request, pk):
    submission = _get_submission_for_reviewer(request, pk)
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            overrides.grade_override_set(
                student=submission.student,
                lab=submission.lab,
                cohort=submission.cohort,
                actor=request.user,
                passed=form.cleaned_data["outcome"] == "pass",
                score=form.cleaned_data["score"],
                reason=form.cleaned_data["reason"],
                submission=submission,
            )
        except overrides.OverrideRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "The grade override is in force.")
            return _back_to(submission, "#grade")
    context = _submission_context(request, submission, override_form=form)
    return render(request, "reviews/submission.html", context, status=400)


@login_required
@require_POST
def override_undo(request, pk):
    override = _get_override_for_reviewer(request, pk)
    if overrides.grade_override_undo(override=override, actor=request.user):
        messages.success(request, "The override was undone; the student's own grade applies.")
    else:
        messages.info(request, "That override was no longer in force.")
    if override.submission_id:
        return redirect(reverse("reviews:submission", args=[override.submission_id]) + "#grade")
    return redirect("labs:gradebook_student", override.cohort_id, override.student_id)


@login_required
@require_http_methods(["GET", "POST"])
def announcement_list(request, cohort_id):
    cohort = lookups.get_cohort_for_reviewer(request, cohort_id)
    form = AnnouncementForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                announcement = announcements.announcement_create(
                    cohort=cohort,
                    author=request.user,
                    audience=data["audience"],
                    lab=data["lab"],
                    subject=data["subject"],
                    body=data["body"],
                )
            except announcements.AnnouncementRefused as refused:
                form.add_error(None, str(refused))
            else:
                count = announcement.deliveries.count()
                messages.success(
                    request, f"Announcement sent to {count} student{'s' if count != 1 else ''}."
                )
                return redirect("reviews:announcements", cohort.pk)
    sent = selectors.announcements_sent(cohort=cohort)
    return render(
        request,
        "reviews/announcements.html",
        {"cohort": cohort, "form": form, "announcements": sent[:50]},
        status=status,
    )
