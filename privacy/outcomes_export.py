"""The career-outcomes part of a person's export: their intent answers and job-search
records, the evidence files under files/evidence-<id>-<name>."""

import re

from outcomes.models import IntentSurvey, JobRecord
from privacy.values import when

_UNSAFE_IN_NAMES = re.compile(r"[^A-Za-z0-9._-]+")


def career_outcomes(user, files: list) -> dict:
    """`files` gets (name in the export, FieldFile) for each piece of evidence."""
    intents = IntentSurvey.objects.filter(enrolment__user=user).select_related("enrolment__cohort")
    records = (
        JobRecord.objects.filter(enrolment__user=user)
        .select_related("enrolment__cohort", "in_field_role")
        .order_by("created_at", "pk")
    )
    rows = []
    for record in records:
        evidence = None
        if record.evidence:
            safe = _UNSAFE_IN_NAMES.sub("_", record.evidence_name).lstrip("._")[-80:] or "file"
            evidence = f"files/evidence-{record.pk}-{safe}"
            files.append((evidence, record.evidence))
        rows.append(
            {
                "cohort": record.enrolment.cohort.name,
                "status": record.status,
                "employer": record.employer,
                "role_title": record.role_title,
                "in_field_role": record.in_field_role.title if record.in_field_role else None,
                "kind": record.kind,
                "start_date": when(record.start_date),
                "base_salary_minor": record.base_salary_minor,
                "salary_currency": record.salary_currency,
                "evidence_file": evidence,
                "evidence_state": record.evidence_state,
                "created_at": when(record.created_at),
                "updated_at": when(record.updated_at),
            }
        )
    return {
        "intent": [
            {
                "cohort": survey.enrolment.cohort.name,
                "seeks_in_field_job": survey.seeks_in_field_job,
                "authorised_to_work": survey.authorised_to_work,
                "employed_upskilling": survey.employed_upskilling,
                "answered_at": when(survey.answered_at),
            }
            for survey in intents
        ],
        "job_search": rows,
    }
