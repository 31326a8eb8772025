"""The board costs the same queries for 5 students as for 50 (and so for 500)."""

import pytest
from django.urls import reverse

from leaderboards import services
from tests.factories import UserFactory
from tests.labs.dashboard_factories import SubmissionFactory
from tests.labs.factories import EnrolmentFactory
from tests.support import cutoff_moment

pytestmark = pytest.mark.django_db

# Every page: the session, and the user with the account's roles, which the second-factor
# wall asks (security/middleware.py) and the navbar reads (security.backends).
REQUEST = 2
# The lab (with whether it has a rubric or is a capstone milestone), the student's cohort,
# the on/off row, the program's late policies (when the board turns final), the students
# with their profiles, join dates and entries for the lab (count and last), and the current
# reference. The capstone's team names only on a milestone's board (tests/teams).
BOARD = 6
# Both phases rank each student's LabResult (courses.selectors.cohort_results): the course
# rules' extensions, counted submissions and grade overrides in force (the join dates come
# with the students; released rubric grades and team credits only for a lab with a rubric
# or a milestone). The public phase used to read best public scores in one query of its
# own; it now reads the result every other page shows, so an override counts on the board
# too: none per student.
PUBLIC = 3
FINAL = 3


def _class_of(count, cohort, lab):
    students = []
    for index in range(count):
        student = UserFactory()
        EnrolmentFactory(user=student, cohort=cohort)
        for score in (0.5, 0.7):
            SubmissionFactory(student=student, cohort=cohort, lab=lab, public_score=score)
        if index % 3 == 0:  # some with a display name, some hidden
            services.leaderboard_profile_set(
                user=student, display_name=f"Student {index}", is_hidden=index % 2 == 0
            )
        students.append(student)
    return students


@pytest.mark.parametrize("count", [5, 50])
@pytest.mark.parametrize(("phase", "extra"), [("public", PUBLIC), ("final", FINAL)])
def test_the_page_costs_the_same_queries_whatever_the_class_size(
    client, django_assert_num_queries, cohort, scored_lab, clock, count, phase, extra
):
    viewer = _class_of(count, cohort, scored_lab)[1]
    if phase == "final":
        clock.set(cutoff_moment(scored_lab, cohort, hours=1))
    client.force_login(viewer)
    url = reverse("leaderboards:leaderboard", args=[scored_lab.slug])
    with django_assert_num_queries(REQUEST + BOARD + extra):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="leaderboard-row"') >= count * 2 // 3
