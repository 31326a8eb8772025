"""The matrix's rows for career outcomes, as far as this world goes: career staff's pipeline,
so that the career-staff persona is shown to be one (a plain outsider would get 404 here).
Every outcomes route, with a graduate's records and evidence, is probed in
test_authorization_outcomes.py with the same seven personas."""

from tests.hardening.matrix.probes import MISSING, Probe, members, probe

CAREER = members(404, staff=200, career_staff=200)

ROWS: dict[str, list[Probe]] = {
    "outcomes:pipeline_index": [probe("cohorts", CAREER)],
    "outcomes:pipeline": [
        probe("the cohort", CAREER, lambda w: {"cohort_id": w.cohort.pk}),
        probe("missing", members(404), lambda w: {"cohort_id": MISSING}),
    ],
}
