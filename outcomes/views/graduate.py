"""A student's intent survey, and a graduate's own job search with its evidence."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render, resolve_url
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from enrolment.models import Enrolment
from labs.uploads import SizeCappedUploadHandler
from outcomes import access, selectors
from outcomes.forms import IntentForm, JobRecordForm
from outcomes.models import IntentSurvey
from outcomes.services import intent, records
from outcomes.views._access import get_record_for_user


def _intent_enrolment(user) -> Enrolment | None:
    """The enrolment the survey is about: the newest seated or completed one."""
    return (
        Enrolment.objects.filter(
            user=user, status__in=(Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED)
        )
        .select_related("cohort__program")
        .order_by("-cohort__start_date")
        .first()
    )


@login_required
def intent_survey(request):
    enrolment = _intent_enrolment(request.user)
    if enrolment is None:
        raise Http404("The intent survey is for enrolled students.")
    survey = IntentSurvey.objects.filter(enrolment=enrolment).first()
    locked = intent.is_intent_locked(enrolment=enrolment)
    form = IntentForm(request.POST or None, instance=survey)
    if request.method == "POST" and not locked and form.is_valid():
        try:
            intent.intent_answer(enrolment=enrolment, answers=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, "Your answers are saved.")
            return redirect("outcomes:intent")
    context = {"enrolment": enrolment, "survey": survey, "locked": locked, "form": form}
    return render(request, "outcomes/intent.html", context)


@login_required
def my_records(request):
    enrolment = selectors.graduate_enrolment(user=request.user)
    if enrolment is None:
        raise Http404("Job-search records are for graduates.")
    context = {"enrolment": enrolment, "records": selectors.records_of(enrolment=enrolment)}
    return render(request, "outcomes/my_records.html", context)


def capped(view):
    """Install the evidence size cap before the body is read (CSRF checked after it)."""
    inner = csrf_protect(view)

    @csrf_exempt
    @login_required
    def wrapper(request, *args, **kwargs):
        handler = SizeCappedUploadHandler(request, max_bytes=records.max_evidence_bytes())
        request.upload_handlers.insert(0, handler)
        return inner(request, *args, handler=handler, **kwargs)

    return wrapper


def record_form_page(request, *, enrolment, record=None, handler=None, back: str):
    """The create/edit page shared by the graduate and career staff."""
    form = JobRecordForm(
        request.POST or None,
        request.FILES or None,
        instance=record,
        program=enrolment.cohort.program,
    )
    if request.method == "POST":
        if handler is not None and handler.exceeded:
            form.is_valid()
            limit = filesizeformat(records.max_evidence_bytes())
            form.add_error("evidence_file", f"The file is over the {limit} limit; not stored.")
        elif form.is_valid():
            try:
                if record is None:
                    record = records.record_create(
                        enrolment=enrolment,
                        actor=request.user,
                        values=form.values(),
                        evidence=form.evidence(),
                    )
                else:
                    records.record_update(
                        record=record,
                        actor=request.user,
                        values=form.values(),
                        evidence=form.evidence(),
                    )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, "The record is saved.")
                return redirect(back)
    context = {"form": form, "record": record, "enrolment": enrolment, "back": resolve_url(back)}
    return render(request, "outcomes/record_form.html", context)


@capped
def record_create(request, handler=None):
    enrolment = selectors.graduate_enrolment(user=request.user)
    if enrolment is None:
        raise Http404("Job-search records are for graduates.")
    return record_form_page(request, enrolment=enrolment, handler=handler, back="outcomes:mine")


@capped
def record_edit(request, pk, handler=None):
    record = get_record_for_user(request, pk)
    back = (
        "outcomes:mine"
        if record.enrolment.user_id == request.user.pk
        else reverse("outcomes:pipeline", args=[record.enrolment.cohort_id])
    )
    return record_form_page(
        request, enrolment=record.enrolment, record=record, handler=handler, back=back
    )


@login_required
@require_POST
def record_delete(request, pk):
    record = get_record_for_user(request, pk)
    if record.enrolment.user_id != request.user.pk and not access.is_career_staff(request.user):
        raise Http404("No such record.")
    records.record_delete(record=record)
    messages.success(request, "The record is deleted.")
    if record.enrolment.user_id == request.user.pk:
        return redirect("outcomes:mine")
    return redirect("outcomes:pipeline", cohort_id=record.enrolment.cohort_id)


@login_required
def evidence_download(request, pk):
    """The evidence, streamed through the storage API to its graduate and career staff."""
    record = get_record_for_user(request, pk)
    if not record.evidence:
        raise Http404("No evidence.")
    handle = record.evidence.storage.open(record.evidence.name, "rb")
    return FileResponse(handle, as_attachment=True, filename=record.evidence_name or "evidence")
