"""Every URL pattern of the project, asked by seven personas with real and guessed ids.

Personas: anonymous, student A and student B (same cohort), an instructor of another
cohort, the cohort's instructor, staff, and career staff (outcomes' group: no seat, no
cohort, no reviewer's powers). The expectations are in tests/hardening/matrix/,
one table per area of the site (rows_*.py), read as one by matrix/table.py. A new URL
pattern without an expectation fails `test_every_url_pattern_has_an_expectation`: add one
to its area's table when you add a route. The admin's routes are asked in
test_authorization_matrix_admin.py (a file of their own, so that the parallel run can give
them a process of their own: they are the longest part).
"""

import pytest

from tests.hardening.matrix.runner import assert_nothing_stored, run_matrix
from tests.hardening.matrix.table import AREAS, probes_for, walk

pytestmark = pytest.mark.django_db


def test_every_url_pattern_has_an_expectation():
    missing = []
    for route, name, _ in walk():
        if name is None and route.startswith("admin/"):
            continue  # the admin's catch-all, probed in test_admin_catch_all_reveals_nothing
        if probes_for(name) is None:
            missing.append(f"{route} (name={name!r})")
    assert missing == [], "URL patterns without an expectation in the matrix: " + ", ".join(missing)


def test_the_walk_sees_nested_and_new_routes():
    names = {name for _, name, _ in walk()}
    assert {"home", "labs:submission", "admin:labs_submission_change", "health"} <= names
    assert len(names) > 60


@pytest.mark.parametrize("area", AREAS)
def test_matrix_of_site_routes(client, matrix_world, area):
    wrong = run_matrix(client, matrix_world, AREAS[area])
    assert wrong == [], "\n".join(["", *wrong])
    assert_nothing_stored(matrix_world)


def test_stored_files_have_no_url_of_their_own(client, matrix_world):
    """Uploads and the hidden labels live outside the web root: no path reaches them."""
    client.force_login(matrix_world.users["staff"])
    for stored in (matrix_world.lab.dataset.test_labels_file, matrix_world.submission_b.file):
        for url in (f"/{stored.name}", f"/media/{stored.name}", f"/static/../{stored.name}"):
            assert client.get(url).status_code == 404, url
