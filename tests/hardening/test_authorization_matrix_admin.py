"""The authorization matrix's admin routes (/admin/), asked by every persona: staff only,
everyone else to the admin's log-in; refused adds and deletes (matrix/rows_admin.py)."""

import pytest

from tests.hardening.matrix.probes import PERSONAS
from tests.hardening.matrix.runner import client_for, run_matrix
from tests.hardening.matrix.table import is_admin

pytestmark = pytest.mark.django_db


def test_matrix_of_admin_routes(client, matrix_world):
    wrong = run_matrix(client, matrix_world, is_admin)
    assert wrong == [], "\n".join(["", *wrong])


def test_admin_catch_all_reveals_nothing(client, matrix_world):
    for persona in PERSONAS:
        client.logout()
        client_for(client, matrix_world, persona)
        response = client.get("/admin/labs/no-such-page/")
        expected = 404 if persona == "staff" else 302
        assert response.status_code == expected, persona
