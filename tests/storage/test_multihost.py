"""Three hosts that share no disk: a web process and two workers, each with a var folder of
its own, on the shared database, broker and bucket. They grade CSV and code submissions, and
a dataset that staff replace is read again by every worker (answer keys are kept per
dataset version)."""

import re
import uuid

import pytest
from django.conf import settings
from lodestar_client.api import Client

from api import services as token_services
from labs.models import Lab, ReferenceModel, Submission
from labs.services import datasets
from tests.factories import UserFactory
from tests.labs.factories import EnrolmentFactory, lab_on_builtin
from tests.labs.sandbox_support import GOOD_SOLUTION, require_sandbox
from tests.storage.support import files_under, labels_with_classes_rotated
from tests.support import WorkerProcess, running_gunicorn, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# Long enough that a worker busy with one file leaves the next message to the other one
# (late acks and a prefetch of one: a worker holds one message at a time).
GRADING_DELAY_S = 2


def _read(field_file) -> bytes:
    with field_file.open("rb") as handle:
        return handle.read()


@pytest.fixture
def queue(require_postgres, require_redis):
    """A queue of this test's own, so no other worker of the session takes its tasks."""
    from config.celery_app import app

    name = f"{settings.CELERY_TASK_DEFAULT_QUEUE}-hosts-{uuid.uuid4().hex[:8]}"
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = name
    yield name
    app.conf.task_default_queue = previous
    import redis

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete(name, f"_kombu.binding.{name}")
    client.close()


@pytest.fixture
def host(tmp_path, s3_environment, queue):
    """The environment of one host: the shared services, and a var folder nobody else sees."""

    def environment(name: str) -> dict:
        var = tmp_path / name
        return {
            **s3_environment,
            "LODESTAR_VAR_DIR": str(var),
            "DJANGO_MEDIA_ROOT": str(var / "media"),
            "CELERY_QUEUE": queue,
        }

    return environment


@pytest.fixture
def web(tmp_path, host):
    with running_gunicorn(
        tmp_path / "web.log", ready_path="/api/v1/openapi.json", timeout=60, **host("web")
    ) as (base, _):
        yield base


@pytest.fixture
def workers(tmp_path, host):
    started = [
        WorkerProcess(
            tmp_path / f"{name}.log",
            extra_env={**host(name), "LABS_GRADING_TEST_DELAY_S": str(GRADING_DELAY_S)},
            name=name,
        ).start()
        for name in ("worker-host-a", "worker-host-b")
    ]
    try:
        for worker in started:
            wait_for(
                lambda w=worker: " ready." in w.output() or w.process.poll() is not None,
                timeout=90,
                what="a worker host to consume",
            )
            assert worker.process.poll() is None, worker.output()[-3000:]
        yield started
    finally:
        for worker in started:
            worker.stop()


def _graded_by(worker, submissions) -> set[int]:
    return {
        s.pk
        for s in submissions
        if re.search(rf"graded submission={s.pk} .*stored=True", worker.output())
    }


def _wait_until_done(submissions, workers, timeout=120):
    def done():
        for submission in submissions:
            submission.refresh_from_db()
        return all(s.status not in Submission.PENDING for s in submissions)

    try:
        wait_for(done, timeout=timeout, interval=0.3, what="the worker hosts to grade")
    except AssertionError:
        for worker in workers:
            print(worker.output()[-3000:])
        raise


def test_web_and_two_worker_hosts_without_a_shared_disk(tmp_path, s3_storage, web, workers):
    require_sandbox()
    # Week 4 of a cohort three weeks in: open and not yet due, so the course rules' cutoff
    # (read by the gunicorn process from the database) lets uploads in.
    csv_lab = lab_on_builtin(dataset_slug="wine", slug="hosts-csv", week=4, daily_limit=20)
    code_lab = lab_on_builtin(
        dataset_slug="wine",
        slug="hosts-code",
        week=4,
        daily_limit=20,
        submission_kind=Lab.SubmissionKind.CODE,
    )
    student = UserFactory(username="stella")
    EnrolmentFactory(user=student)
    api = Client(web, token_services.token_create(user=student, name="hosts").secret)
    dataset = csv_lab.dataset
    predictions = _read(csv_lab.references.get().predictions_file)

    # The web host streams the training split from the bucket.
    assert api.read_file(csv_lab.slug, "train") == _read(dataset.train_file)

    # Two CSV files at once: each worker host takes one; then a code submission.
    first_round = [api.submit(csv_lab.slug, "mine.csv", predictions) for _ in range(2)]
    first_round.append(api.submit(code_lab.slug, "mine.py", GOOD_SOLUTION))
    first = [Submission.objects.get(pk=s["id"]) for s in first_round]
    _wait_until_done(first, workers)
    for submission in first:
        assert submission.status == Submission.Status.GRADED, submission.problems
    reference_score = csv_lab.references.get().public_score
    assert [s.public_score for s in first[:2]] == [pytest.approx(reference_score)] * 2
    assert first[2].feedback["sandbox"]["status"] == "ok"
    # Each host logs a grade just after committing it: wait for the lines, not only rows.
    wait_for(
        lambda: all(_graded_by(worker, first[:2]) for worker in workers),
        timeout=10,
        what="each host's grade lines",
    )

    # Staff replace the hidden labels: the references retrain on a worker host, and both
    # hosts grade the same file against the new labels, not their cached old ones.
    datasets.dataset_replace_files(
        dataset=dataset,
        train=_read(dataset.train_file),
        test_features=_read(dataset.test_features_file),
        labels=labels_with_classes_rotated(_read(dataset.test_labels_file)),
    )
    assert dataset.version == 2
    wait_for(
        lambda: ReferenceModel.objects.filter(
            lab=csv_lab, dataset_version=2, status=ReferenceModel.Status.READY
        ).exists(),
        timeout=90,
        what="a worker host to retrain the reference",
    )
    second = [
        Submission.objects.get(pk=api.submit(csv_lab.slug, "mine.csv", predictions)["id"])
        for _ in range(2)
    ]
    _wait_until_done(second, workers)
    assert [s.status for s in second] == [Submission.Status.GRADED] * 2
    assert [s.public_score for s in second] == [0.0, 0.0]
    # Each host logs a grade just after committing it: wait for the lines, not only rows.
    wait_for(
        lambda: all(_graded_by(worker, second) for worker in workers),
        timeout=10,
        what="each host's grade lines",
    )

    # Nothing was written to any host's own disk: every file went to the bucket.
    for name in ("web", "worker-host-a", "worker-host-b"):
        assert files_under(tmp_path / name / "media") == [], name
