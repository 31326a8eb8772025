"""What recording a change costs: the audit trail reads the audited row, not every other
model's one-to-one link to it (four wasted queries per sign-up, docs/benchmarks.md)."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enrolment.services import accounts

pytestmark = pytest.mark.django_db

# Models with a one-to-one link to the user (the account's deletion record, its email
# confirmation, its leaderboard profile).
LINKED_TABLES = (
    "privacy_accountdeletion",
    "enrolment_emailconfirmation",
    "leaderboards_leaderboardprofile",
)


def test_a_new_account_is_recorded_without_reading_the_models_linked_to_it():
    with CaptureQueriesContext(connection) as queries:
        user = accounts.user_create(name="Ada Lovelace", email="ada@example.com", password=None)
    reads = [q["sql"] for q in queries if q["sql"].startswith("SELECT")]
    assert not [sql for sql in reads if any(table in sql for table in LINKED_TABLES)]
    (record,) = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(user), object_pk=str(user.pk)
    )
    assert record.changes_dict["username"] == [None, "ada@example.com"]
    assert not set(record.changes_dict) & {"emailconfirmation", "leaderboard_profile"}
