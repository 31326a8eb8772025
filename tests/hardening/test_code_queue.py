"""Prediction files never wait behind code runs: each kind has its queue and its workers."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from labs.models import Lab, Submission
from tests.factories import UserFactory
from tests.labs.factories import EnrolmentFactory, lab_on_builtin
from tests.labs.sandbox_support import require_sandbox, solution
from tests.support import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

RUN_SECONDS = 8
SLOW_SOLUTION = solution(
    f"""
    import time

    from sklearn.dummy import DummyClassifier


    def train(X, y):
        time.sleep({RUN_SECONDS})
        return DummyClassifier(strategy="most_frequent").fit(X, y)


    def predict(model, X):
        return model.predict(X)
    """
)


def _upload(client, user, lab, name, content) -> Submission:
    client.force_login(user)
    response = client.post(
        reverse("labs:submit", args=[lab.slug]), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 302, response.content[:500]
    return Submission.objects.filter(student=user, lab=lab).latest("pk")


def test_a_csv_is_graded_while_six_code_runs_are_in_flight(
    client, cohort, wine_lab, wine_predictions, start_worker, purged_queue
):
    require_sandbox()
    code_lab = lab_on_builtin(
        dataset_slug="wine", slug="wine-in-code", week=1, submission_kind=Lab.SubmissionKind.CODE
    )
    start_worker("code", concurrency=2, queues="code", LABS_SANDBOX_TIMEOUT_S=RUN_SECONDS + 20)
    start_worker("predictions", queues="predictions")
    coders = [UserFactory(username=f"coder{i}") for i in range(6)]
    for coder in coders:
        EnrolmentFactory(user=coder, cohort=cohort)
    runs = [_upload(client, coder, code_lab, "slow.py", SLOW_SOLUTION) for coder in coders]
    wait_for(
        lambda: Submission.objects.filter(
            pk__in=[run.pk for run in runs], status=Submission.Status.GRADING
        ).exists(),
        timeout=60,
        what="the code worker to start a run",
    )

    reader = UserFactory(username="reader")
    EnrolmentFactory(user=reader, cohort=cohort)
    uploaded = time.monotonic()
    csv = _upload(client, reader, wine_lab, "predictions.csv", wine_predictions)

    def graded():
        csv.refresh_from_db()
        return csv.status == Submission.Status.GRADED

    wait_for(graded, timeout=60, what="the CSV's grade")
    waited = time.monotonic() - uploaded
    finished_runs = Submission.objects.filter(
        pk__in=[run.pk for run in runs], status__in=(Submission.Status.GRADED,)
    ).count()
    # Ordering, not speed: the CSV is in before the first code run could have finished.
    assert finished_runs == 0, f"the CSV waited {waited:.1f} s, behind {finished_runs} code run(s)"
