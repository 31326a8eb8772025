"""Career staff's pages: the cohorts' pipelines, records on a graduate's behalf, verifying
evidence, and changing a locked intent with a reason."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from enrolment.models import Cohort, Enrolment
from outcomes import selectors
from outcomes.forms import IntentChangeForm, VerifyForm
from outcomes.models import IntentSurvey
from outcomes.services import intent, records
from outcomes.views._access import career_staff_required, get_record_for_user
from outcomes.views.graduate import capped, record_form_page


@career_staff_required
def pipeline_index(request):
    cohorts = (
        Cohort.objects.filter(enrolments__status=Enrolment.Status.COMPLETED)
        .select_related("program")
        .distinct()
        .order_by("-end_date")
    )
    return render(request, "outcomes/pipeline_index.html", {"cohorts": cohorts})


@career_staff_required
def pipeline(request, cohort_id):
    cohort = get_object_or_404(Cohort.objects.select_related("program"), pk=cohort_id)
    rows = selectors.cohort_pipeline(cohort=cohort)
    summary = {
        "graduates": len(rows),
        "searching": sum(1 for r in rows if not r["hired"]),
        "stale": sum(1 for r in rows if r["is_stale"] and not r["hired"]),
        "hired": sum(1 for r in rows if r["hired"]),
        "unverified": sum(1 for r in rows if r["is_unverified"]),
    }
    context = {"cohort": cohort, "rows": rows, "summary": summary}
    return render(request, "outcomes/pipeline.html", context)


def _graduate(enrolment_id) -> Enrolment:
    return get_object_or_404(
        Enrolment.objects.select_related("user", "cohort__program"),
        pk=enrolment_id,
        status=Enrolment.Status.COMPLETED,
    )


@capped
@career_staff_required
def record_create_for(request, enrolment_id, handler=None):
    enrolment = _graduate(enrolment_id)
    back = reverse("outcomes:pipeline", args=[enrolment.cohort_id])
    return record_form_page(request, enrolment=enrolment, handler=handler, back=back)


@career_staff_required
def record_verify(request, pk):
    record = get_record_for_user(request, pk)
    if not record.evidence:
        raise Http404("No evidence to verify.")
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            records.record_verify(
                record=record,
                actor=request.user,
                verified=form.cleaned_data["verdict"] == "verified",
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, "The verdict is recorded.")
            return redirect("outcomes:pipeline", cohort_id=record.enrolment.cohort_id)
    return render(request, "outcomes/verify.html", {"record": record, "form": form})


@career_staff_required
def intent_change(request, enrolment_id):
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("user", "cohort__program"), pk=enrolment_id
    )
    survey = IntentSurvey.objects.filter(enrolment=enrolment).first()
    form = IntentChangeForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        try:
            intent.intent_change(
                enrolment=enrolment,
                answers=form.cleaned_data,
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, "The intent is changed; the reason is on the record.")
            return redirect("outcomes:pipeline", cohort_id=enrolment.cohort_id)
    changes = survey.changes.select_related("changed_by") if survey else []
    context = {"enrolment": enrolment, "form": form, "changes": changes}
    return render(request, "outcomes/intent_change.html", context)
