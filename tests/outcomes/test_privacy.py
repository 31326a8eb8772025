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
