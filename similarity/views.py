"""Similarity reports for the cohort's instructors and staff. Everyone else, students
above all, gets the same 404 as for a page that does not exist."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from labs import access
from labs.lookups import get_cohort_for_reviewer
from rubrics import selectors as rubric_selectors
from similarity import fingerprints, reading, selectors, services
from similarity.models import SimilarityPair


def _reviewers_only(view):
    """Staff and instructors; anyone else gets a 404 before the method is even looked at,
    so a student learns nothing, not even that the address exists (no 405 either)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not access.can_review_labs(request.user):
            raise Http404("No such page.")
        return view(request, *args, **kwargs)

    return wrapper


def _get_code_lab(slug):
    return get_object_or_404(selectors.code_labs().select_related("dataset"), slug=slug)


def _get_pair_for_reviewer(request, pk) -> SimilarityPair:
    """A pair whose run's cohort this user teaches (staff: any); 404 for everyone else."""
    pair = get_object_or_404(
        SimilarityPair.objects.select_related(
            "run__lab",
            "run__cohort",
            "submission_a__student",
            "submission_b__student",
            "submission_b__cohort",
        ),
        pk=pk,
    )
    visible = access.cohorts_visible_to(user=request.user)
    if not visible.filter(pk=pair.run.cohort_id).exists():
        raise Http404("No such page.")
    return pair


@login_required
@_reviewers_only
@require_GET
def index(request):
    cohorts = list(access.cohorts_visible_to(user=request.user).select_related("program"))
    labs = list(selectors.code_labs())
    latest = selectors.latest_runs(cohorts=cohorts, labs=labs)
    rows = [
        {"cohort": cohort, "labs": [(lab, latest.get((cohort.pk, lab.pk))) for lab in labs]}
        for cohort in cohorts
    ]
    return render(request, "similarity/index.html", {"rows": rows, "labs": labs})


@login_required
@_reviewers_only
@require_GET
def report(request, cohort_id, slug):
    cohort = get_cohort_for_reviewer(request, cohort_id)
    lab = _get_code_lab(slug)
    runs = list(selectors.runs_for(lab=lab, cohort=cohort)[:10])
    shown = next((run for run in runs if run.status == run.Status.DONE), None)
    pairs = list(selectors.run_pairs(run=shown)) if shown else []
    name = _grader_names(lab)
    for pair in pairs:
        pair.name_a = name(pair.submission_a)
        # Another cohort's student stays "a student of" that cohort on this page.
        same_cohort = pair.submission_b.cohort_id == cohort.pk
        pair.name_b = name(pair.submission_b) if same_cohort else None
    return render(
        request,
        "similarity/report.html",
        {
            "cohort": cohort,
            "lab": lab,
            "runs": runs,
            "shown": shown,
            "pairs": pairs,
            "is_pending": any(run.is_pending for run in runs),
            "threshold": fingerprints.THRESHOLD,
        },
    )


@login_required
@_reviewers_only
@require_POST
def run_request(request, cohort_id, slug):
    cohort = get_cohort_for_reviewer(request, cohort_id)
    lab = _get_code_lab(slug)
    services.run_request(lab=lab, cohort=cohort, requested_by=request.user)
    messages.success(request, "The check is queued; this page shows its pairs when it is done.")
    return redirect("similarity:report", cohort_id=cohort.pk, slug=lab.slug)


def _grader_names(lab):
    """How a grader reads the student of each submission of `lab`: the full name, or the
    pseudonym while the lab is graded blind in that submission's cohort (rubrics), as the
    viewer and the gradebook show it. One blind check per cohort met."""
    blind: dict[int | None, bool] = {}

    def name(submission) -> str:
        cohort_id = submission.cohort_id
        if cohort_id not in blind:
            blind[cohort_id] = rubric_selectors.hides_names(lab=lab, cohort=submission.cohort)
        if blind[cohort_id]:
            return rubric_selectors.pseudonym(lab_id=lab.pk, student_id=submission.student_id)
        student = submission.student
        return student.get_full_name() or student.username

    return name


def _side(submission, passages, *, name: str | None) -> dict:
    try:
        text = reading.submission_code(submission)
        problem = ""
    except reading.Unreadable as why:
        text, problem = "", f"This file cannot be shown: {why}."
    return {
        "submission": submission,
        # Another cohort's student, whom this instructor does not teach, stays unnamed (None).
        "name": name,
        "segments": fingerprints.segments(reading.printable(text), passages),
        "problem": problem,
    }


@login_required
@_reviewers_only
@require_GET
def pair_detail(request, pk):
    pair = _get_pair_for_reviewer(request, pk)
    visible = access.cohorts_visible_to(user=request.user)
    b_cohort = pair.submission_b.cohort_id
    may_name_b = b_cohort is not None and visible.filter(pk=b_cohort).exists()
    name = _grader_names(pair.submission_a.lab)
    return render(
        request,
        "similarity/pair.html",
        {
            "pair": pair,
            "run": pair.run,
            "side_a": _side(pair.submission_a, pair.passages_a, name=name(pair.submission_a)),
            "side_b": _side(
                pair.submission_b,
                pair.passages_b,
                name=name(pair.submission_b) if may_name_b else None,
            ),
        },
    )
