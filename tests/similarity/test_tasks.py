"""Beat starts a check once a code lab's cutoff has passed (once per cutoff); a real worker
process runs it; every published name is a task (tests/config/test_publish.py)."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from courses import rules
from courses.selectors.policies import policies_for
from similarity import services
from similarity.models import SimilarityPair, SimilarityRun
from tests.similarity import fixtures
from tests.similarity.conftest import final_code
from tests.support import wait_for


@pytest.fixture
def published(monkeypatch):
    names = []
    monkeypatch.setattr(services, "publish_on_commit", lambda name, *args: names.append(args[0]))
    return names


def _cutoff(lab, cohort):
    """The cohort's cutoff for the lab, by the course rules (due date and late policy)."""
    policy = policies_for(program_id=cohort.program_id).for_lab(lab.pk)
    return rules.cutoff_moment(lab.due_on(cohort), policy, timezone.get_current_timezone())


@pytest.mark.django_db
@pytest.mark.parametrize("days_after", [-1, 0, 3, 40])
def test_beat_checks_a_lab_once_after_its_cutoff(similarity_lab, cohort, published, days_after):
    cutoff = _cutoff(similarity_lab, cohort)
    moment = cutoff + datetime.timedelta(days=days_after, seconds=1 if days_after >= 0 else 0)
    with time_machine.travel(moment, tick=False):
        started = services.due_runs_start()
        again = services.due_runs_start()
    if days_after < 0:
        assert started == [] and not SimilarityRun.objects.exists()
        return
    run = SimilarityRun.objects.get()
    assert started == [run.pk] and again == []
    assert (run.lab, run.cohort, run.requested_by) == (similarity_lab, cohort, None)
    assert published == [run.pk]


@pytest.mark.django_db
def test_a_check_asked_for_before_the_cutoff_does_not_count_as_the_one_after(
    similarity_lab, cohort, instructor, published
):
    cutoff = _cutoff(similarity_lab, cohort)
    with time_machine.travel(cutoff - datetime.timedelta(days=1), tick=False):
        early = services.run_request(lab=similarity_lab, cohort=cohort, requested_by=instructor)
        SimilarityRun.objects.filter(pk=early.pk).update(status=SimilarityRun.Status.DONE)
    with time_machine.travel(cutoff + datetime.timedelta(hours=1), tick=False):
        started = services.due_runs_start()
    assert len(started) == 1 and started[0] != early.pk


@pytest.mark.django_db
def test_beat_publishes_again_a_check_the_broker_never_took(similarity_lab, cohort, published):
    cutoff = _cutoff(similarity_lab, cohort)
    with time_machine.travel(cutoff + datetime.timedelta(hours=1), tick=False):
        (run_id,) = services.due_runs_start()
    with time_machine.travel(cutoff + datetime.timedelta(hours=2), tick=False):
        assert services.due_runs_start() == []
    assert published == [run_id, run_id]


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_worker_process_runs_the_check_an_instructor_asks_for(
    client, worker_process, similarity_lab, cohort, instructor
):
    from django.urls import reverse

    copy_of = final_code(lab=similarity_lab, cohort=cohort, text=fixtures.ORIGINAL)
    copy = final_code(lab=similarity_lab, cohort=cohort, text=fixtures.RENAMED)
    final_code(lab=similarity_lab, cohort=cohort, text=fixtures.HONEST_ONE)
    final_code(lab=similarity_lab, cohort=cohort, text=fixtures.STARTER_PLUS_ONE)
    final_code(lab=similarity_lab, cohort=cohort, text=fixtures.STARTER_PLUS_TWO)
    client.force_login(instructor)

    response = client.post(reverse("similarity:run", args=[cohort.pk, similarity_lab.slug]))

    assert response.status_code == 302
    run = SimilarityRun.objects.get()

    def finished():
        run.refresh_from_db()
        return not run.is_pending

    try:
        wait_for(finished, timeout=90, what="the worker to run the similarity check")
    except AssertionError:
        print(worker_process.output()[-4000:])
        raise
    assert run.status == SimilarityRun.Status.DONE, worker_process.output()[-4000:]
    assert "similarity.run_check[" in worker_process.output()
    pair = SimilarityPair.objects.get(run=run)
    assert {pair.submission_a_id, pair.submission_b_id} == {copy_of.pk, copy.pk}
