"""The matrix's rows for the team capstone: a student acts on their own team and their own
invitations only (another team's, or someone else's invitation, is a 404 that says
nothing); the cohort's instructor and staff run its teams; students are refused the
instructors' pages."""

from tests.hardening.matrix.probes import (
    MISSING,
    NO_SEAT,
    Probe,
    api,
    api_probe,
    every,
    members,
    probe,
    reviewers,
)

STUDENTS_REFUSED = members(403, other_instructor=200, instructor=200, staff=200)


def _team(key):
    return lambda w: {"team_id": w.teams[key].pk}


def _note(w):
    return {
        "milestone": w.teams["milestone"].pk,
        "member": w.users["student_a"].pk,
        "note": "Wrote the proposal (matrix).",
    }


ROWS: dict[str, list[Probe]] = {
    # ---- the API: a student's own capstone; reviewers (no cohort) are refused (403)
    "api-1:capstone": [
        api_probe(
            "token",
            api(200, other_instructor=403, instructor=403, staff=403, career_staff=NO_SEAT),
        ),
        probe("session only", every(401)),
    ],
    "api-1:capstone_invitation_accept": [
        api_probe(
            "B's",
            api(404, student_b=200),
            lambda w: {"invitation_id": w.teams["api_accept"].pk},
            method="POST",
        ),
        api_probe(
            "a membership, not an invitation",
            api(404),
            lambda w: {"invitation_id": w.teams["dave_membership"].pk},
            method="POST",
        ),
        api_probe("missing", api(404), lambda w: {"invitation_id": MISSING}, method="POST"),
    ],
    "api-1:capstone_invitation_decline": [
        api_probe("GET", every(405), lambda w: {"invitation_id": w.teams["api_decline"].pk}),
        api_probe(
            "B's",
            api(404, student_b=200),
            lambda w: {"invitation_id": w.teams["api_decline"].pk},
            method="POST",
        ),
    ],
    # The student's page; reviewers are sent to theirs, career staff (no seat) refused.
    "teams:home": [
        probe(
            "page",
            members(200, other_instructor=302, instructor=302, staff=302, career_staff=NO_SEAT),
        ),
    ],
    "teams:propose": [
        probe("GET", members(405)),
        # Without a name: the students are told why (302 back), nothing is stored.
        probe(
            "POST",
            members(302, other_instructor=403, instructor=403, staff=403, career_staff=NO_SEAT),
            method="POST",
        ),
    ],
    "teams:invite": [
        probe("GET", members(405), _team("team_a")),
        probe(
            "POST to A's team",
            members(404, student_a=302),
            _team("team_a"),
            method="POST",
            data={"invitee": MISSING},
        ),
        probe("POST to the other cohort's", members(404), _team("other_team"), method="POST"),
        probe("POST to a missing one", members(404), lambda w: {"team_id": MISSING}, "POST"),
    ],
    "teams:leave": [
        probe("GET", members(405), _team("to_leave")),
        probe("POST to the other cohort's", members(404), _team("other_team"), method="POST"),
        probe("POST as A", members(404, student_a=302), _team("to_leave"), method="POST"),
    ],
    "teams:note": [
        probe("GET", members(405), _team("team_a")),
        probe(
            "POST on A's team",
            reviewers(302, student_a=302),
            _team("team_a"),
            method="POST",
            data_fn=_note,
        ),
        probe(
            "POST on the other cohort's",
            members(404, other_instructor=302, staff=302),
            _team("other_team"),
            method="POST",
        ),
    ],
    "teams:accept": [
        probe("GET", members(405), lambda w: {"membership_id": w.teams["invitation_b"].pk}),
        probe(
            "POST B's invitation",
            members(404, student_b=302),
            lambda w: {"membership_id": w.teams["invitation_b"].pk},
            method="POST",
        ),
        probe("POST a missing one", members(404), lambda w: {"membership_id": MISSING}, "POST"),
    ],
    "teams:decline": [
        probe("GET", members(405), lambda w: {"membership_id": w.teams["second_invitation_b"].pk}),
        probe(
            "POST B's invitation",
            members(404, student_b=302),
            lambda w: {"membership_id": w.teams["second_invitation_b"].pk},
            method="POST",
        ),
    ],
    # ---- the instructors' pages
    "teams:review_index": [probe("page", STUDENTS_REFUSED)],
    "teams:review_cohort": [
        probe("the cohort", reviewers(), lambda w: {"cohort_id": w.cohort.pk}),
        probe(
            "the other cohort",
            members(404, other_instructor=200, staff=200),
            lambda w: {"cohort_id": w.other_cohort.pk},
        ),
        probe("missing cohort", members(404), lambda w: {"cohort_id": MISSING}),
    ],
    "teams:form": [
        probe("GET", members(405), lambda w: {"cohort_id": w.cohort.pk}),
        # An empty form: told why (302 back), nothing formed.
        probe("POST empty", reviewers(302), lambda w: {"cohort_id": w.cohort.pk}, method="POST"),
        probe(
            "POST in the other cohort",
            members(404, other_instructor=302, staff=302),
            lambda w: {"cohort_id": w.other_cohort.pk},
            method="POST",
        ),
    ],
    "teams:approve": [
        probe("GET", members(405), _team("proposed")),
        probe("POST", reviewers(302), _team("proposed"), method="POST"),
        probe("POST a missing one", members(404), lambda w: {"team_id": MISSING}, "POST"),
    ],
    "teams:member_add": [
        probe("GET", members(405), _team("team_a")),
        probe("POST empty", reviewers(302), _team("team_a"), method="POST"),
        probe(
            "POST to the other cohort's",
            members(404, other_instructor=302, staff=302),
            _team("other_team"),
            method="POST",
        ),
    ],
    "teams:demo_slot": [
        probe("GET", members(405), _team("team_a")),
        probe("POST empty", reviewers(302), _team("team_a"), method="POST"),
        probe("POST a missing one", members(404), lambda w: {"team_id": MISSING}, "POST"),
    ],
    "teams:member_remove": [
        probe("GET", members(405), lambda w: {"membership_id": w.teams["dave_membership"].pk}),
        probe(
            "POST",
            reviewers(302),
            lambda w: {"membership_id": w.teams["dave_membership"].pk},
            method="POST",
        ),
        probe(
            "POST in the other cohort",
            members(404, other_instructor=302, staff=302),
            lambda w: {"membership_id": w.teams["other_membership"].pk},
            method="POST",
        ),
    ],
}
