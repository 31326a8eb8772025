"""A graduate's own job-search records (career outcomes)."""

from ninja import Router

from api import domain, schemas

router = Router(tags=["outcomes"])
ERRORS = {400: schemas.Error, 401: schemas.Error}


@router.get(
    "/outcomes/records", response={200: list[schemas.JobRecord], **ERRORS}, url_name="job_records"
)
def job_records(request):
    """My job-search records, newest first: the same the web's "Your job search" lists."""
    return [
        {
            "id": record.pk,
            "status": record.status,
            "employer": record.employer,
            "role_title": record.role_title,
            "in_field_role": record.in_field_role.title if record.in_field_role else None,
            "kind": record.kind,
            "start_date": record.start_date,
            "base_salary_minor": record.base_salary_minor,
            "salary_currency": record.salary_currency,
            "evidence": record.evidence_state,
            "cohort": record.enrolment.cohort.name,
            "updated_at": record.updated_at,
        }
        for record in domain.job_records_of_user(user=request.user)
    ]
