"""Rubric grading: marks and line comments on a submission (shown in the reviews viewer),
a lab's grading queue per cohort and its release, and regrade requests and answers.

Each POST returns to the submission page (its fragment) with a message; a refusal says why.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from labs import lookups
from rubrics import selectors
from rubrics.forms import BlindForm, RegradeAnswerForm, RegradeRequestForm, RubricGradeForm
from rubrics.lookups import get_lab_and_cohort_for_reviewer, get_regrade_for_reviewer
from rubrics.queue import grading_queue
from rubrics.services import grading, regrades

RELATED = ("lab", "student", "cohort__program")


def _back(submission, anchor: str):
    return redirect(reverse("reviews:submission", args=[submission.pk]) + anchor)


def _refused(request, submission, text: str, anchor: str):
    messages.error(request, text)
    return _back(submission, anchor)


def _form_problems(form) -> str:
    problems = [
        f"{form.fields[name].label if name in form.fields else ''}: {' '.join(errs)}"
        for name, errs in form.errors.items()
    ]
    return "Not saved. " + "; ".join(p.lstrip(": ") for p in problems)


@login_required
@require_POST
def rubric_grade(request, pk):
    submission = lookups.get_submission_for_reviewer(request, pk, related=RELATED)
    rubric = selectors.rubric_for(lab=submission.lab)
    if rubric is None:
        raise Http404("This lab has no rubric.")
    form = RubricGradeForm(request.POST, prefix="rubric", items=rubric.items.all())
    if not form.is_valid():
        return _refused(request, submission, _form_problems(form), "#rubric")
    try:
        grading.rubric_grade_set(submission=submission, grader=request.user, marks=form.marks())
    except grading.RubricRefused as refused:
        return _refused(request, submission, str(refused), "#rubric")
    messages.success(request, "The rubric grade is saved.")
    return _back(submission, "#rubric")


@login_required
@require_POST
def regrade_request(request, pk):
    """The student asks about one item of their released grade."""
    submission = lookups.get_submission_for_user(request, pk, related=RELATED)
    if submission.student_id != request.user.pk:
        raise Http404("No such submission.")
    grade = None
    if selectors.is_released(lab=submission.lab, cohort=submission.cohort):
        grade = selectors.grade_of(
            student=request.user, lab=submission.lab, cohort=submission.cohort
        )
    if grade is None:
        return _refused(
            request, submission, "There is no released rubric grade to ask about.", "#rubric"
        )
    form = RegradeRequestForm(request.POST, prefix="regrade", items=grade.lab.rubric.items.all())
    if not form.is_valid():
        return _refused(request, submission, _form_problems(form), "#rubric")
    try:
        regrades.regrade_request_create(
            grade=grade,
            item_id=form.cleaned_data["item"],
            student=request.user,
            reason=form.cleaned_data["reason"],
        )
    except grading.RubricRefused as refused:
        return _refused(request, submission, str(refused), "#rubric")
    messages.success(request, "Your regrade request was sent to your instructors.")
    return _back(submission, "#rubric")


@login_required
@require_POST
def regrade_answer(request, pk):
    regrade = get_regrade_for_reviewer(request, pk)
    submission = regrade.grade.submission
    form = RegradeAnswerForm(request.POST, prefix=f"answer{regrade.pk}")
    if not form.is_valid():
        return _refused(request, submission, _form_problems(form), "#regrades")
    data = form.cleaned_data
    try:
        regrades.regrade_answer(
            request=regrade,
            actor=request.user,
            accept=data["decision"] == "accept",
            points=data["points"],
            reason=data["reason"],
        )
    except grading.RubricRefused as refused:
        return _refused(request, submission, str(refused), "#regrades")
    messages.success(request, "Your answer is recorded and shows to the student.")
    return _back(submission, "#regrades")


@login_required
@require_GET
def queue(request, slug, cohort_id):
    """A lab's submissions to grade in one cohort: each student's latest, by name, or by
    pseudonym while graded blind; the open regrade requests; the release."""
    lab, cohort = get_lab_and_cohort_for_reviewer(request, slug, cohort_id)
    return render(request, "rubrics/queue.html", grading_queue(lab=lab, cohort=cohort))


@login_required
@require_POST
def release(request, slug, cohort_id):
    lab, cohort = get_lab_and_cohort_for_reviewer(request, slug, cohort_id)
    try:
        _release, created = grading.grades_release(lab=lab, cohort=cohort, actor=request.user)
    except grading.RubricRefused as refused:
        messages.error(request, str(refused))
    else:
        if created:
            what = "grades" if selectors.rubric_for(lab=lab) else "line comments"
            messages.success(
                request, f"The {what} of {lab.title} are released to {cohort.name}'s students."
            )
        else:
            messages.info(request, "These grades were released already.")
    return redirect("rubrics:queue", lab.slug, cohort.pk)


@login_required
@require_POST
def blind(request, slug, cohort_id):
    """An instructor of the cohort (or staff) turns blind grading of the lab on or off;
    refused once the lab's grades are released to the cohort."""
    lab, cohort = get_lab_and_cohort_for_reviewer(request, slug, cohort_id)
    form = BlindForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose to grade blind or to show names.")
        return redirect("rubrics:queue", lab.slug, cohort.pk)
    is_blind = form.cleaned_data["blind"] == "on"
    try:
        grading.blind_set(lab=lab, cohort=cohort, blind=is_blind)
    except grading.RubricRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            f"{lab.title} is graded blind: graders see pseudonyms until each cohort's release."
            if is_blind
            else f"{lab.title} is no longer graded blind: graders see students' names.",
        )
    return redirect("rubrics:queue", lab.slug, cohort.pk)
