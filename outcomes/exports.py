"""The auditor's CSV: one row per student in a report's denominator, with the facts behind
their place in it and the verification state of the evidence for the job that counted."""

import csv

from django.http import HttpResponse

from enrolment.exports import csv_cell
from enrolment.models import Enrolment, Program
from outcomes import rules, selectors
from outcomes.models import JobRecord

HEADER = [
    "enrolment_id",
    "username",
    "name",
    "cohort",
    "status",
    "graduated_on",
    "graduation",
    "job_seeking",
    "outcome",
    "employer",
    "role_title",
    "in_field",
    "kind",
    "start_date",
    "base_salary_minor",
    "currency",
    "evidence",
    "verified_by",
    "verified_at",
    "hires_recorded",
]


def audit_csv(*, program: Program, period: rules.Period) -> HttpResponse:
    """Six queries whatever the size: the report's four, the students, the counted jobs."""
    students = selectors.report_facts(program=program, period=period)
    enrolments = Enrolment.objects.filter(pk__in=[s.enrolment_id for s in students])
    people = {e.pk: e for e in enrolments.select_related("user", "cohort")}
    outcomes = {s.enrolment_id: rules.outcome_of(s) if s.timing else ("", None) for s in students}
    counted_ids = [hire.record_id for _, hire in outcomes.values() if hire]
    jobs = {
        r.pk: r for r in JobRecord.objects.filter(pk__in=counted_ids).select_related("verified_by")
    }
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="outcomes-{program.slug}-{period.slug}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(HEADER)
    for facts in sorted(students, key=lambda s: s.enrolment_id):
        enrolment = people[facts.enrolment_id]
        outcome, hire = outcomes[facts.enrolment_id]
        if facts.timing and facts.job_seeking is False:
            outcome, hire = "not_seeking", None
        job = jobs.get(hire.record_id) if hire else None
        cells = [
            enrolment.pk,
            enrolment.user.get_username(),
            enrolment.user.get_full_name(),
            enrolment.cohort.name,
            enrolment.status,
            facts.graduated_on or "",
            facts.timing or "not_graduated",
            {None: "unanswered", True: "yes", False: "no"}[facts.job_seeking],
            outcome,
            job.employer if job else "",
            job.role_title if job else "",
            ("yes" if job.is_in_field else "no") if job else "",
            job.kind if job else "",
            job.start_date if job else "",
            job.base_salary_minor if job and job.base_salary_minor is not None else "",
            job.salary_currency if job else "",
            job.evidence_state if job else "",
            job.verified_by.get_username() if job and job.verified_by else "",
            job.verified_at.isoformat() if job and job.verified_at else "",
            len(facts.hires),
        ]
        writer.writerow([csv_cell(cell, keep_numbers=True) for cell in cells])
    return response
