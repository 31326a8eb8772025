"""Tokens made before scopes and expiry keep working: read and submit, for a year."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("api", "0001_initial")]
AFTER = [("api", "0003_token_expiry_required")]


@pytest.fixture
def executor(transactional_db):
    executor = MigrationExecutor(connection)
    yield executor
    # Back to the whole project's latest state for the tests that follow.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_existing_tokens_get_read_and_submit_and_a_year_from_their_creation(executor, alice):
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    OldToken = old_apps.get_model("api", "ApiToken")
    token = OldToken.objects.create(
        user_id=alice.pk, name="old laptop", prefix="lsk_abcdef", key_hash="0" * 64
    )
    made = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC)
    OldToken.objects.filter(pk=token.pk).update(created_at=made)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    NewToken = executor.loader.project_state(AFTER).apps.get_model("api", "ApiToken")
    migrated = NewToken.objects.get(pk=token.pk)
    assert migrated.scope == "read_submit"
    assert migrated.expires_at == made + datetime.timedelta(days=365)
