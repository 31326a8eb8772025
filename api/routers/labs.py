"""My labs with their dates and status, a lab's data files, and submitting to a lab."""

import functools

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from ninja import File, Form, Router, Status, UploadedFile
from ninja.decorators import decorate_view

from api import domain, schemas
from api.errors import ApiError
from api.routers import _shapes

router = Router(tags=["labs"])

DATA_FILES = {
    "train": ("train_file", "train_rows", "Training split: the features and the target column."),
    "test": (
        "test_features_file",
        "test_rows",
        "Test features: predict a target for every id (its labels are never served).",
    ),
}
ERRORS = {400: schemas.Error, 401: schemas.Error, 403: schemas.Error, 404: schemas.Error}


def _lab_summary(lab, *, cohort, progress=None) -> dict:
    is_open = cohort is None or domain.is_lab_open(lab=lab, cohort=cohort)
    return {
        "slug": lab.slug,
        "title": lab.title,
        "summary": lab.summary,
        "week": lab.week,
        "kind": lab.submission_kind,
        "opens_on": lab.opens_on(cohort) if cohort else None,
        # The student's own due date (extensions, late joiners), as the dashboard shows it.
        "due_on": progress.due_on if progress else (lab.due_on(cohort) if cohort else None),
        "is_open": is_open,
        "status": progress.status if progress else ("open" if is_open else "locked"),
        "url": reverse("api-1:lab_detail", kwargs={"slug": lab.slug}),
    }


def _files(lab) -> list[dict]:
    return [
        {
            "name": part,
            "filename": f"{lab.slug}-{part}.csv",
            "description": description,
            "rows": getattr(lab.dataset, rows),
            "url": reverse("api-1:lab_file", kwargs={"slug": lab.slug, "part": part}),
        }
        for part, (_, rows, description) in DATA_FILES.items()
    ]


def _open_lab(request, slug):
    """The lab and cohort as the web's download and upload see them: open, or 404."""
    lab, cohort = domain.get_lab_for_student(request, slug)
    if cohort is not None and not domain.is_lab_open(lab=lab, cohort=cohort):
        raise Http404("This lab is not open yet.")
    return lab, cohort


@router.get("/labs", response={200: list[schemas.LabSummary], **ERRORS}, url_name="labs")
def labs(request):
    """The published labs of my cohort, with the dates that apply to me and my status."""
    dashboard = domain.student_dashboard(user=request.user)
    if dashboard is not None:
        return [
            _lab_summary(item.lab, cohort=dashboard.cohort, progress=item)
            for item in dashboard.labs
        ]
    if not domain.can_review_labs(request.user):
        raise PermissionDenied(domain.NOT_ENROLLED)  # as for one lab (labs.lookups)
    return [_lab_summary(lab, cohort=None) for lab in domain.labs_with_reference()]


@router.get("/labs/{slug:slug}", response={200: schemas.Lab, **ERRORS}, url_name="lab_detail")
def lab_detail(request, slug: str):
    """One lab: instructions, metric, the reference's score, the bar to pass, my attempts."""
    lab, cohort = domain.get_lab_for_student(request, slug)
    progress = None
    if cohort is not None:
        dashboard = domain.student_dashboard(user=request.user)
        progress = next((p for p in dashboard.labs if p.lab.pk == lab.pk), None)
    summary = _lab_summary(lab, cohort=cohort, progress=progress)
    reference = domain.current_reference(lab=lab)
    reference_score = reference.public_score if reference else None
    used = domain.submissions_charged_today(lab=lab, student=request.user)
    return {
        **summary,
        "instructions": lab.instructions,
        "task": lab.dataset.task,
        "metric": lab.dataset.metric,
        "metric_label": lab.dataset.metric_label,
        "higher_is_better": lab.dataset.higher_is_better,
        "reference_score": reference_score,
        "pass_threshold": domain.pass_threshold(lab, reference_score),
        "daily_limit": lab.daily_limit,
        "attempts_left_today": max(lab.daily_limit - used, 0),
        "max_upload_bytes": domain.max_upload_bytes(),
        "accepts": [".py", ".ipynb"] if lab.takes_code else [".csv", ".txt"],
        "files": _files(lab) if summary["is_open"] else [],
        "upload_refused": _refusal(progress.upload_refusal if progress else None),
    }


def _refusal(refusal) -> dict | None:
    if refusal is None:
        return None
    return {"code": refusal.code, "reason": refusal.reason, "hint": refusal.hint}


@router.get(
    "/labs/{slug:slug}/files",
    response={200: list[schemas.DataFile], **ERRORS},
    url_name="lab_files",
)
def lab_files(request, slug: str):
    """The lab's two downloadable files (training split, test features)."""
    lab, _ = _open_lab(request, slug)
    return _files(lab)


@router.get(
    "/labs/{slug:slug}/files/{slug:part}",
    response={200: None, **ERRORS},
    url_name="lab_file",
    openapi_extra={
        "responses": {
            200: {
                "description": "The CSV file, streamed.",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        }
    },
)
def lab_file(request, slug: str, part: str):
    """Download `train` or `test` as CSV. The hidden test labels have no route at all."""
    lab, _ = _open_lab(request, slug)
    if part not in DATA_FILES:
        raise Http404("No such file.")
    field = getattr(lab.dataset, DATA_FILES[part][0])
    return FileResponse(
        field.open("rb"),
        as_attachment=True,
        filename=f"{lab.slug}-{part}.csv",
        content_type="text/csv",
    )


def _capped_upload(run):
    """Install the web's size cap before anything reads the body (see labs/uploads.py)."""

    @functools.wraps(run)
    def wrapper(request, *args, **kwargs):
        request.lodestar_upload_cap = domain.SizeCappedUploadHandler(request)
        request.upload_handlers.insert(0, request.lodestar_upload_cap)
        return run(request, *args, **kwargs)

    return wrapper


@router.post(
    "/labs/{slug:slug}/submissions",
    response={
        201: schemas.Submission,
        400: schemas.Error,
        401: schemas.Error,
        403: schemas.Error,
        404: schemas.Error,
        413: schemas.Error,
        429: schemas.Error,
    },
    url_name="lab_submit",
)
@decorate_view(_capped_upload)
def lab_submit(
    request,
    response: HttpResponse,
    slug: str,
    file: File[UploadedFile] = None,
    note: Form[str] = "",
):
    """Submit predictions (a CSV with the header id,prediction) or code (.py or .ipynb).

    Multipart, the field `file`, and optionally `note`: your own words about this attempt
    (up to 200 characters, shown with the submission). The same checks and limits as the
    web form: size cap, file type, lab open, the daily limit and the per-minute limit. Poll
    the answer's `url`.
    Needs a token that may "read and submit": a read-only one gets 403 `token_read_only`.
    """
    lab, cohort = _open_lab(request, slug)
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    cap = domain.max_upload_bytes()
    if request.lodestar_upload_cap.exceeded or declared > cap + 64 * 1024:
        raise ApiError(
            413,
            "too_large",
            f"The file is larger than the {filesizeformat(cap)} limit, so it was not stored. "
            "Predictions for this lab are far smaller.",
        )
    form = domain.upload_form_for(lab, {"note": note}, {"file": file} if file is not None else {})
    if not form.is_valid():
        problems = [str(message) for message in form.errors.get("file", [])]
        problems += [f"Note: {message}" for message in form.errors.get("note", [])]
        problems = problems or [str(m) for ms in form.errors.values() for m in ms]
        if file is None:
            problems = ["Attach the file as the multipart form field “file”."]
        raise ApiError(400, "invalid_file", problems[0], problems=problems)
    upload = form.cleaned_data["file"]
    try:
        submission = domain.submission_create(
            lab=lab,
            student=request.user,
            cohort=cohort,
            upload=domain.UploadedPredictions(name=upload.name, content=upload.read()),
            note=form.cleaned_data.get("note", ""),
        )
    except domain.SubmissionThrottled as throttled:
        raise ApiError(429, "throttled", str(throttled), headers={"Retry-After": "60"}) from None
    except domain.SubmissionRefused as refused:
        raise ApiError(400, "refused", str(refused), problems=[str(refused)]) from None
    data = _shapes.submission(
        submission, request=request, show_private=domain.shows_private_score(submission)
    )
    response["Location"] = data["url"]
    return Status(201, data)
