"""Operators see every similarity check in the admin, failed ones with their problem, and
queue a new check for a failed run's lab and cohort; runs are records, never edited."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from similarity.models import SimilarityRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed_run(similarity_lab, cohort):
    return SimilarityRun.objects.create(
        lab=similarity_lab,
        cohort=cohort,
        threshold=0.5,
        status=SimilarityRun.Status.FAILED,
        problem="The worker stopped mid-check.",
    )


def test_staff_see_a_failed_check_and_queue_it_again(client, staff_user, failed_run):
    client.force_login(staff_user)
    changelist = reverse("admin:similarity_similarityrun_changelist")
    page = client.get(changelist).content.decode()
    assert "The worker stopped mid-check." in page
    data = {"action": "check_again", ACTION_CHECKBOX_NAME: [failed_run.pk]}
    done = client.post(changelist, data, follow=True).content.decode()
    assert "1 check queued" in done
    fresh = SimilarityRun.objects.exclude(pk=failed_run.pk).get()
    assert (fresh.lab, fresh.cohort, fresh.status) == (
        failed_run.lab,
        failed_run.cohort,
        SimilarityRun.Status.QUEUED,
    )
    assert fresh.requested_by == staff_user
    # Again, while that one waits: the waiting check is kept, not doubled.
    client.post(changelist, data, follow=True)
    assert SimilarityRun.objects.count() == 2
    # A run is a record: no change form saves over it.
    change = reverse("admin:similarity_similarityrun_change", args=[failed_run.pk])
    client.post(change, {"problem": "edited"})
    failed_run.refresh_from_db()
    assert failed_run.problem == "The worker stopped mid-check."


def test_an_instructor_cannot_run_the_action(client, instructor, failed_run):
    client.force_login(instructor)
    changelist = reverse("admin:similarity_similarityrun_changelist")
    client.post(changelist, {"action": "check_again", ACTION_CHECKBOX_NAME: [failed_run.pk]})
    assert SimilarityRun.objects.count() == 1
