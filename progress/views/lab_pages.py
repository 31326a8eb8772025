"""Lab pages that show the student's result: a lab (with its upload form), uploads and a
submission with its live status. The list and the files are labs.views."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from courses import selectors as course_selectors
from labs import access, grading, selectors
from labs.forms import upload_form_for
from labs.lookups import get_lab_for_student, get_submission_for_user
from labs.services import code_labs, intake, upload_rule
from labs.uploads import SizeCappedUploadHandler, max_upload_bytes
from progress import charts
from rubrics import selectors as rubric_selectors


def _lab_context(request, lab, cohort, form=None):
    now = timezone.now()  # one moment for the dates, the daily limit and the upload rule
    reference = selectors.current_reference(lab=lab)
    is_open = access.is_lab_open(lab=lab, cohort=cohort, today=timezone.localdate(now))
    used = selectors.submissions_charged_today(lab=lab, student=request.user, now=now)
    # The student's own due date and result (courses: extensions, late joiners, final).
    result = course_selectors.lab_result_for(student=request.user, cohort=cohort, lab=lab, now=now)
    submissions = list(selectors.student_submissions(lab=lab, student=request.user)[:20])
    return {
        "lab": lab,
        "higher_is_better": lab.dataset.higher_is_better,
        "pass_threshold": grading.pass_threshold(
            reference.public_score if reference else None,
            ratio=lab.pass_ratio,
            higher_is_better=lab.dataset.higher_is_better,
        ),
        "cohort": cohort,
        "is_open": is_open,
        "opens_on": lab.opens_on(cohort) if cohort else None,
        "result": result,
        "due_on": result.due_on if result else None,
        "reference": reference,
        "form": form or upload_form_for(lab),
        # The form shows only when intake would take the upload (the same rule, same facts).
        "upload_refusal": upload_rule.refusal_for(
            lab=lab, cohort=cohort, result=result, charged_today=used, now=now
        ),
        "attempts_left": max(lab.daily_limit - used, 0),
        "submissions": submissions,
        "score_chart": _score_chart(lab, reference, submissions),
        "max_upload": max_upload_bytes(),
        "code_contract": code_labs.code_contract(lab=lab) if lab.takes_code else None,
    }


def _score_chart(lab, reference, submissions):
    """The student's score history on the lab page: the graded ones among the 20 newest
    shown below it (no query of its own), oldest first, against the reference."""
    graded = [s for s in reversed(submissions) if s.public_score is not None]
    if not graded:
        return None
    higher = lab.dataset.higher_is_better
    reference_score = reference.public_score if reference else None
    return charts.score_history_chart(
        points=[(f"#{s.pk}", s.public_score, bool(s.passed)) for s in graded],
        reference=reference_score,
        threshold=grading.pass_threshold(
            reference_score, ratio=lab.pass_ratio, higher_is_better=higher
        ),
        metric_label=lab.dataset.metric_label,
        higher_is_better=higher,
    )


@login_required
@require_GET
def lab_detail(request, slug):
    lab, cohort = get_lab_for_student(request, slug)
    return render(request, "labs/lab_detail.html", _lab_context(request, lab, cohort))


@csrf_exempt
@login_required
@require_POST
def submission_create(request, slug):
    # The size cap must be in place before Django reads the body (hence csrf_exempt here,
    # with CSRF still enforced by the inner view once the handler is installed).
    capped = SizeCappedUploadHandler(request)
    request.upload_handlers.insert(0, capped)
    return _submission_create(request, slug, capped)


@csrf_protect
def _submission_create(request, slug, capped):
    lab, cohort = get_lab_for_student(request, slug)
    if not access.is_lab_open(lab=lab, cohort=cohort):
        raise Http404("This lab is not open yet.")
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    form = upload_form_for(lab, request.POST, request.FILES)
    too_large = capped.exceeded or declared > max_upload_bytes() + 64 * 1024
    if too_large:
        form = upload_form_for(lab, request.POST, {})
        form.is_valid()
        expected = (
            "A .py file or notebook for this lab is"
            if lab.takes_code
            else "Predictions for this lab are"
        )
        form.errors["file"] = form.error_class(
            [
                f"The file is larger than the {filesizeformat(max_upload_bytes())} limit, "
                f"so it was not stored. {expected} far smaller."
            ]
        )
    elif form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            submission = intake.submission_create(
                lab=lab,
                student=request.user,
                cohort=cohort,
                upload=intake.UploadedPredictions(name=upload.name, content=upload.read()),
                note=form.cleaned_data.get("note", ""),
            )
        except intake.SubmissionRefused as refused:
            form.add_error("file", str(refused))
            if isinstance(refused, intake.SubmissionThrottled):
                context = _lab_context(request, lab, cohort, form=form)
                return render(request, "labs/lab_detail.html", context, status=429)
        else:
            if lab.takes_code:
                messages.success(request, "Your code was received; it runs in the sandbox now.")
            else:
                messages.success(request, "Your predictions were received and are being graded.")
            return redirect("labs:submission", pk=submission.pk)
    context = _lab_context(request, lab, cohort, form=form)
    return render(request, "labs/lab_detail.html", context, status=400)


@login_required
@require_GET
def submission_detail(request, pk):
    submission = get_submission_for_user(request, pk)
    return render(
        request, "labs/submission_detail.html", _submission_context(submission, request.user)
    )


@login_required
@require_GET
def submission_status(request, pk):
    """The live part of the submission page; htmx polls it while the grade is pending."""
    submission = get_submission_for_user(request, pk)
    return render(
        request, "labs/_submission_status.html", _submission_context(submission, request.user)
    )


def _submission_context(submission, user):
    lab = submission.lab
    # Private scores show after the student's own due date (courses.selectors).
    standing = course_selectors.submission_standing(submission=submission, user=user)
    show_private = bool(standing and standing["show_private"])
    context = {
        "submission": submission,
        "lab": lab,
        "show_private": show_private,
        "standing": standing,
    }
    # A grader of a lab graded blind reads the pseudonym here too, as in the viewer.
    if user.pk != submission.student_id and rubric_selectors.hides_names(
        lab=lab, cohort=submission.cohort
    ):
        context["is_blind"] = True
        context["student_label"] = rubric_selectors.pseudonym(
            lab_id=lab.pk, student_id=submission.student_id
        )
    return context
