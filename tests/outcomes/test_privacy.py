"""A graduate who deletes her account: her job records stay in the reports' counts, her
evidence leaves storage, and what could name her goes."""

import datetime
import io

import pytest

from outcomes.models import JobRecord
from privacy import services as privacy_services
from tests.outcomes import factories as f

pytestmark = pytest.mark.django_db


def test_deleting_an_account_removes_the_evidence_and_keeps_the_count(
    django_capture_on_commit_callbacks,
):
    gina = f.graduate(f.finished_cohort())
    record = f.hire(gina, start=datetime.date(2027, 5, 3))
    record.evidence.save("evidence", io.BytesIO(b"%PDF offer"), save=False)
    record.evidence_state = JobRecord.Evidence.VERIFIED
    record.save()
    storage, name = record.evidence.storage, record.evidence.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        privacy_services.account_delete(user=gina.user)
    assert not storage.exists(name)
    record.refresh_from_db()
    assert (record.evidence.name, record.employer, record.evidence_name) == ("", "", "")
    assert record.evidence_state == "verified" and record.base_salary_minor == 9_000_000


def test_my_export_holds_my_intent_my_records_and_my_evidence_only():
    from privacy.selectors import personal_export

    cohort = f.finished_cohort()
    gina, hugo = f.graduate(cohort), f.graduate(cohort)
    f.intent(gina)
    mine = f.hire(gina, start=datetime.date(2027, 5, 3))
    mine.evidence.save("evidence", io.BytesIO(b"%PDF offer"), save=False)
    mine.evidence_name, mine.evidence_state = "../my offer.pdf", JobRecord.Evidence.UNVERIFIED
    mine.save()
    f.hire(hugo, start=datetime.date(2027, 5, 9), salary=1)
    export = personal_export(user=gina.user)
    outcomes = export.data["career_outcomes"]
    assert [r["base_salary_minor"] for r in outcomes["job_search"]] == [9_000_000]
    assert outcomes["intent"][0]["seeks_in_field_job"] is True
    name = f"files/evidence-{mine.pk}-my_offer.pdf"
    assert outcomes["job_search"][0]["evidence_file"] == name
    assert [in_export for in_export, _ in export.files] == [name]
