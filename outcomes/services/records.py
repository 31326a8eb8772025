"""Job-search records: written by the graduate or by career staff on their behalf, with
evidence (an offer letter or a signed confirmation) kept privately through the storage API,
and verified by career staff. Any change made by someone who is not career staff puts
verified evidence back to "not verified": a verification vouches for the facts it saw."""

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from enrolment.models import Enrolment
from outcomes import access
from outcomes.models import InFieldRole, JobRecord

EVIDENCE_TYPES = {".pdf", ".png", ".jpg", ".jpeg"}
RECORD_FIELDS = (
    "status",
    "employer",
    "role_title",
    "in_field_role",
    "kind",
    "start_date",
    "base_salary_minor",
    "salary_currency",
)


def max_evidence_bytes() -> int:
    return getattr(settings, "OUTCOMES_MAX_EVIDENCE_BYTES", 5 * 1024 * 1024)


def _evidence_check(name: str, content: bytes) -> None:
    if PurePath(name).suffix.lower() not in EVIDENCE_TYPES:
        raise ValidationError("Evidence must be a PDF, PNG or JPEG file.")
    if not content:
        raise ValidationError("The evidence file is empty.")
    if len(content) > max_evidence_bytes():
        raise ValidationError(
            f"The evidence file is over {max_evidence_bytes() // (1024 * 1024)} MB."
        )


def _clean(enrolment: Enrolment, values: dict) -> dict:
    values = {name: values.get(name) for name in RECORD_FIELDS}
    for name in ("employer", "role_title", "kind", "salary_currency"):
        values[name] = (values[name] or "").strip()
    values["salary_currency"] = values["salary_currency"].upper()
    role = values["in_field_role"]
    if role is not None and (
        not isinstance(role, InFieldRole) or role.program_id != enrolment.cohort.program_id
    ):
        raise ValidationError("That role is not on this program's list of in-field roles.")
    if values["status"] == JobRecord.Status.HIRED and not (values["start_date"] and values["kind"]):
        raise ValidationError("A hire needs its start date and the kind of employment.")
    if (values["base_salary_minor"] is None) != (values["salary_currency"] == ""):
        raise ValidationError("Give the base salary with its currency, or neither.")
    return values


def _attach(record: JobRecord, evidence) -> None:
    """Store the evidence under a random name (the original name is kept beside it)."""
    name, content = evidence
    _evidence_check(name, content)
    old = record.evidence.name
    record.evidence.save("evidence", ContentFile(content), save=False)
    record.evidence_name = PurePath(name).name[:200]
    record.evidence_state = JobRecord.Evidence.UNVERIFIED
    record.verified_by, record.verified_at, record.verify_note = None, None, ""
    if old:
        storage = record.evidence.storage
        transaction.on_commit(lambda: storage.delete(old))


@transaction.atomic
def record_create(*, enrolment: Enrolment, actor, values: dict, evidence=None, now=None):
    """`evidence`: (file name, bytes) or None."""
    now = now or timezone.now()
    if enrolment.status != Enrolment.Status.COMPLETED:
        raise ValidationError("Job-search records are kept for graduates.")
    record = JobRecord(
        enrolment=enrolment,
        created_by=actor,
        created_at=now,
        updated_at=now,
        **_clean(enrolment, values),
    )
    if evidence:
        _attach(record, evidence)
    record.full_clean(exclude=["evidence"])
    record.save()
    return record


@transaction.atomic
def record_update(*, record: JobRecord, actor, values: dict, evidence=None, now=None):
    record = JobRecord.objects.select_for_update().get(pk=record.pk)
    cleaned = _clean(record.enrolment, values)
    changed = any(getattr(record, name) != value for name, value in cleaned.items())
    for name, value in cleaned.items():
        setattr(record, name, value)
    if evidence:
        _attach(record, evidence)
    elif (
        changed
        and record.evidence_state == JobRecord.Evidence.VERIFIED
        and not access.is_career_staff(actor)
    ):
        record.evidence_state = JobRecord.Evidence.UNVERIFIED
        record.verified_by, record.verified_at = None, None
    record.updated_at = now or timezone.now()
    record.full_clean(exclude=["evidence"])
    record.save()
    return record


@transaction.atomic
def record_delete(*, record: JobRecord) -> None:
    name, storage = record.evidence.name, record.evidence.storage
    record.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def record_verify(*, record: JobRecord, actor, verified: bool, note: str = "", now=None):
    """Career staff's verdict on a record's evidence: verified, or rejected with a note."""
    if not access.is_career_staff(actor):
        raise ValidationError("Only career staff verify evidence.")
    if record.evidence_state == JobRecord.Evidence.NONE:
        raise ValidationError("There is no evidence to verify.")
    note = " ".join(note.split())
    if not verified and not note:
        raise ValidationError("Say why the evidence is rejected.")
    record.evidence_state = JobRecord.Evidence.VERIFIED if verified else JobRecord.Evidence.REJECTED
    record.verified_by, record.verified_at, record.verify_note = actor, now or timezone.now(), note
    record.save(update_fields=["evidence_state", "verified_by", "verified_at", "verify_note"])
    return record
