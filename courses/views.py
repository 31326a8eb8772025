"""Course-rule pages: marking a final submission, granting and revoking extensions,
certificates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courses import selectors, services
from courses.forms import ExtensionForm
from courses.models import Certificate, Extension
from labs import access, lookups
from labs.models import Submission


def _get_own_submission(request, pk: int) -> Submission:
    """The submission if it is this user's own; everyone else (reviewers too) gets a 404."""
    return get_object_or_404(
        Submission.objects.select_related("lab__dataset", "cohort__program"),
        pk=pk,
        student=request.user,
    )


def _get_extension_for_reviewer(request, pk: int) -> Extension:
    """An extension in a cohort this user may review; 404 for everyone else."""
    return get_object_or_404(
        Extension.objects.select_related("student", "lab").filter(
            cohort__in=access.cohorts_visible_to(user=request.user)
        ),
        pk=pk,
    )


@login_required
@require_POST
def final_choice(request, pk):
    submission = _get_own_submission(request, pk)
    try:
        services.final_choice_set(student=request.user, submission=submission)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"Submission #{submission.pk} is your final one for {submission.lab.title}."
        )
    return redirect("labs:submission", pk=submission.pk)


@login_required
@require_http_methods(["GET", "POST"])
def extensions(request, cohort_id):
    cohort = lookups.get_cohort_for_reviewer(request, cohort_id)
    data = request.POST if request.method == "POST" else None
    form = ExtensionForm(data, cohort=cohort, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            extension = services.extension_grant(
                student=data["student"],
                cohort=cohort,
                granted_by=request.user,
                reason=data["reason"],
                lab=data["lab"],
                due_on=data["due_on"],
                extra_days=data["extra_days"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"Extension granted: {extension}.")
            return redirect("courses:extensions", cohort_id=cohort.pk)
    dues = selectors.due_dates_for(cohort=cohort)
    labs = selectors.published_labs()
    students = list(form.fields["student"].queryset)
    personal = [
        (student, lab, due)
        for student in students
        for lab in labs
        if (due := dues.for_student(student.pk, lab)).is_personal
    ]
    return render(
        request,
        "courses/extensions.html",
        {
            "cohort": cohort,
            "form": form,
            "extensions": selectors.extensions_for_cohort(cohort=cohort),
            "personal": personal,
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def extension_revoke(request, pk):
    """Undo an extension granted in error, with a reason; back to the cohort's extensions."""
    extension = _get_extension_for_reviewer(request, pk)
    try:
        services.extension_revoke(
            extension=extension, revoked_by=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, "Not revoked: " + " ".join(error.messages))
    else:
        messages.success(
            request,
            f"Extension revoked: {extension}. The student's dates are back to what they were.",
        )
    return redirect("courses:extensions", cohort_id=extension.cohort_id)


@require_GET
def certificate(request, token):
    """Public: anyone with the address can verify it; a revoked one says so (410)."""
    found = get_object_or_404(Certificate.objects.select_related("enrolment"), token=token)
    return render(
        request,
        "courses/certificate.html",
        {"certificate": found},
        status=200 if found.is_valid else 410,
    )
