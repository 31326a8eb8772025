"""The matrix as one table: every area's rows, the URL walk, and the probes of a route.

tests/hardening/test_authorization_matrix.py checks here that every URL pattern of the
project has an expectation, whichever area's table it is in.
"""

from django.urls import URLPattern, URLResolver, get_resolver

from tests.hardening.matrix import (
    rows_api,
    rows_labs,
    rows_live,
    rows_outcomes,
    rows_public,
    rows_reviews,
    rows_rubrics,
    rows_similarity,
    rows_syllabus,
    rows_teams,
)
from tests.hardening.matrix.probes import Probe
from tests.hardening.matrix.rows_admin import admin_probes_for

AREAS = {
    "public": rows_public.ROWS,
    "labs": rows_labs.ROWS,
    "reviews": rows_reviews.ROWS,
    "api": rows_api.ROWS,
    "syllabus": rows_syllabus.ROWS,
    "live": rows_live.ROWS,
    "similarity": rows_similarity.ROWS,
    "rubrics": rows_rubrics.ROWS,
    "teams": rows_teams.ROWS,
    "outcomes": rows_outcomes.ROWS,
}


def _merged(areas):
    matrix: dict[str, list[Probe]] = {}
    for area, rows in areas.items():
        twice = matrix.keys() & rows.keys()
        assert not twice, f"routes in two areas of the matrix ({area}): {sorted(twice)}"
        matrix.update(rows)
    return matrix


MATRIX = _merged(AREAS)


def walk(patterns=None, prefix="", namespace=""):
    """(route, full name, pattern) for every pattern of the project, nested ones included."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace or "") if part)
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield prefix + str(pattern.pattern), name, pattern


# Career outcomes' routes are probed in test_authorization_outcomes.py, with career staff
# among the personas (and their own second-factor wall test there), the pipeline here too
# (rows_outcomes.py); tuition's in
# test_authorization_tuition.py, with payments on (against the Stripe server) and off.
PROBED_ELSEWHERE = ("outcomes:", "api-1:job_records", "tuition:")


def probes_for(name):
    if name in MATRIX:
        return MATRIX[name]
    if name and name.startswith(PROBED_ELSEWHERE):
        return []
    if name and name.startswith("admin:"):
        return admin_probes_for(name.split(":", 1)[1])
    return None


def is_admin(name):
    return name.startswith("admin:")
