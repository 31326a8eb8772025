"""GET /api/v1/outcomes/records: a graduate's own job-search records, nobody else's."""

import datetime

import pytest

from tests.api.conftest import secret_for
from tests.outcomes import factories as f

pytestmark = pytest.mark.django_db


def test_a_graduate_reads_her_own_records_only(client):
    cohort = f.finished_cohort(start=datetime.date(2027, 1, 4))
    gina, hugo = f.graduate(cohort), f.graduate(cohort)
    f.hire(gina, start=datetime.date(2027, 5, 3), salary=9_500_000)
    f.hire(hugo, start=datetime.date(2027, 5, 10), salary=8_000_000)
    headers = {"Authorization": f"Bearer {secret_for(gina.user)}"}
    body = client.get("/api/v1/outcomes/records", headers=headers).json()
    assert [(r["base_salary_minor"], r["salary_currency"], r["in_field_role"]) for r in body] == [
        (9_500_000, "USD", "ML engineer")
    ]
    assert body[0]["evidence"] == "none" and body[0]["start_date"] == "2027-05-03"
    assert client.get("/api/v1/outcomes/records").status_code == 401
