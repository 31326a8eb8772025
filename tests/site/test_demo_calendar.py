"""The demo seeds on any day and tells the same story: `make run` never rots.

Cohorts start on Mondays, so the running demo cohort is on day 28 (a Monday) to 34 (a
Sunday) of its course, and every lab boundary it meets falls at a Monday midnight: the
second lab closes to late work, the third falls due (its grace ends at 02:00) and the
fifth opens; a week later the fourth falls due and the third closes, one second after a
Sunday 23:59:59. The moments below cover those boundaries and every weekday over a
120-day window (a year end, a month's first day). Today by the real clock is CI's
`make smoke`, which seeds the demo as `make run` does. The reference models are trained
once and shared; each day's seed is rolled back.
"""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone

from courses import selectors as course_selectors
from courses.models import Certificate, Extension, FinalChoice
from demo.submissions import RUNNING_PLANS, _ready_reference
from enrolment.demo import GRADUATES
from enrolment.models import Cohort, Enrolment
from labs.models import Dataset, Lab, Submission
from labs.services.curriculum import curriculum_install
from progress.dashboards.gradebook import cohort_gradebook

pytestmark = [pytest.mark.django_db, pytest.mark.course_rules]

UTC = datetime.UTC
SECOND = datetime.timedelta(seconds=1)
MONDAY = datetime.datetime(2027, 2, 1, tzinfo=UTC)  # a first of the month
MOMENTS = [
    # Around a Monday midnight: one second before and at the boundaries, and either side
    # of the end of the third lab's grace period.
    MONDAY - SECOND,  # Sunday 23:59:59
    MONDAY,
    MONDAY + datetime.timedelta(hours=2) + SECOND,
    # The other weekdays, spread over the window (2026-12-22 to 2027-04-17).
    datetime.datetime(2026, 12, 22, 12, tzinfo=UTC),  # Tuesday
    datetime.datetime(2027, 1, 1, 0, 0, 1, tzinfo=UTC),  # Friday, New Year
    datetime.datetime(2027, 2, 17, 12, tzinfo=UTC),  # Wednesday
    datetime.datetime(2027, 3, 18, 23, 30, tzinfo=UTC),  # Thursday, late evening
    datetime.datetime(2027, 4, 17, 12, tzinfo=UTC),  # Saturday
]
# The late case of the plans (student4's second lab, sent five hours after its due moment).
LATE_CASES = {("student4", "missing-values")}


@pytest.fixture(scope="module")
def trained_curriculum(django_db_setup, django_db_blocker, tmp_path_factory):
    """The built-in labs with their reference models, trained once for every day's seed
    (outside the tests' transactions) and removed again after the last."""
    media = tmp_path_factory.mktemp("demo-media")
    with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock():
        labs = curriculum_install()
        for lab in labs:
            assert _ready_reference(lab) is not None, lab.slug
        yield labs
        Submission.objects.all().delete()
        for lab in Lab.objects.all():
            lab.references.all().delete()
            lab.delete()
        Dataset.objects.all().delete()


def _counts() -> dict:
    models = (Submission, Enrolment, Cohort, Extension, FinalChoice, Certificate)
    counts = {model.__name__: model.objects.count() for model in models}
    counts["User"] = get_user_model().objects.count()
    return counts


def _check_story(moment: datetime.datetime) -> None:
    running = Cohort.objects.with_status(Cohort.Status.RUNNING).get(program__slug="intensive")
    day = (timezone.localdate() - running.start_date).days
    assert 28 <= day <= 34, f"{moment}: the running cohort is on day {day}"

    # On-time work carries no penalty; the one planned late upload does.
    labs = course_selectors.published_labs()
    results = course_selectors.cohort_results(cohort=running, labs=labs, now=timezone.now())
    slugs = {lab.pk: lab.slug for lab in labs}
    for enrolment in running.enrolments.select_related("user"):
        username = enrolment.user.username
        for lab_id, result in results.for_student(enrolment.user_id).items():
            if result.counted is None:
                continue
            key = (username, slugs[lab_id])
            if key in LATE_CASES:
                assert result.penalty > 0, f"{moment}: {key} should be late"
            else:
                assert result.penalty == 0, f"{moment}: {key} penalised {result.penalty}"
    assert Submission.objects.filter(student__username="student").exists()

    book = cohort_gradebook(cohort=running)
    at_risk = [row.student.username for row in book.at_risk]
    assert len(at_risk) <= 2, f"{moment}: at risk {at_risk}"
    assert "student" not in at_risk

    # The demo student's dashboard and the leaderboards (running, and finished) have rows.
    client = Client()
    client.force_login(get_user_model().objects.get(username="student"))
    page = client.get("/labs/dashboard/")
    assert page.status_code == 200
    # She passed the first three labs on time whatever the day.
    assert page.content.decode().count('data-status="passed"') >= 3, moment
    board = client.get("/labs/first-classifier/leaderboard/")
    assert board.status_code == 200
    assert board.content.decode().count('data-testid="leaderboard-row"') >= 6, moment

    finished = Cohort.objects.with_status(Cohort.Status.FINISHED).get(program__slug="intensive")
    # The graduates whose lab work the demo replays (outcomes' alumni complete besides them).
    completed = finished.enrolments.filter(
        status=Enrolment.Status.COMPLETED, user__username__in=[name for name, _ in GRADUATES]
    )
    assert completed.count() == 3, moment
    assert Certificate.objects.filter(enrolment__in=completed, revoked_at=None).count() == 3
    reviewer = Client()
    reviewer.force_login(get_user_model().objects.get(username="instructor"))
    final = reviewer.get(f"/labs/first-classifier/leaderboard/?cohort={finished.pk}")
    assert final.status_code == 200
    assert final.content.decode().count('data-testid="leaderboard-row"') >= 4, moment


@pytest.mark.parametrize("moment", MOMENTS, ids=lambda moment: moment.strftime("%a-%Y%m%d-%H%M%S"))
def test_demo_seeds_and_tells_its_story_on_any_day(trained_curriculum, moment):
    with time_machine.travel(moment, tick=False), transaction.atomic():
        call_command("seed_demo", stdout=_Null())
        _check_story(moment)
        before = _counts()
        call_command("seed_demo", stdout=_Null())
        assert _counts() == before, f"{moment}: a second run created rows"
        transaction.set_rollback(True)


def test_every_planned_lab_is_a_curriculum_lab(trained_curriculum):
    slugs = set(Lab.objects.values_list("slug", flat=True))
    for plan in RUNNING_PLANS.values():
        assert set(plan) <= slugs


class _Null:
    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass
