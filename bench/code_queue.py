"""A prediction file's wait while code runs fill the code workers (two worker kinds)."""

CODERS = 6
RUN_SECONDS = 25

SLOW_SOLUTION = f"""
import time

from sklearn.dummy import DummyClassifier


def train(X, y):
    time.sleep({RUN_SECONDS})
    return DummyClassifier(strategy="most_frequent").fit(X, y)


def predict(model, X):
    return model.predict(X)
""".encode()


def run(workdir) -> dict:
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from bench.grading import _make_lab, _wait_until_done
    from labs.catalog import build_dataset
    from labs.models import Lab, Submission
    from labs.services import datasets, intake
    from tests.support import WorkerProcess, wait_for

    users = get_user_model().objects
    splits = build_dataset("wine")
    code_lab = Lab.objects.create(
        slug="bench-code",
        title="bench-code",
        summary="bench",
        instructions="bench",
        week=1,
        dataset=datasets.dataset_create_builtin(slug="bench-wine", splits=splits),
        reference_name=splits.reference,
        submission_kind=Lab.SubmissionKind.CODE,
    )
    csv_lab, _, predictions = _make_lab("bench-behind-code", 1_000, seed=3)
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    code_worker = WorkerProcess(
        workdir / "worker-code.log",
        concurrency=2,
        extra_env={"LABS_SANDBOX_TIMEOUT_S": str(RUN_SECONDS + 30)},
        extra_args=("-Q", f"{queue}.code"),
        name="bench-code",
    ).start()
    csv_worker = WorkerProcess(
        workdir / "worker-predictions.log", extra_args=("-Q", queue), name="bench-csv"
    ).start()
    upload = intake.UploadedPredictions
    try:
        warm = intake.submission_create(
            lab=csv_lab,
            student=users.create_user("bench-warm", password=None),
            cohort=None,
            upload=upload("p.csv", predictions),
        )
        _wait_until_done([warm.pk], timeout=120)
        runs = [
            intake.submission_create(
                lab=code_lab,
                student=users.create_user(f"bench-coder-{i}", password=None),
                cohort=None,
                upload=upload("slow.py", SLOW_SOLUTION),
            ).pk
            for i in range(CODERS)
        ]
        wait_for(
            lambda: Submission.objects.filter(pk__in=runs, status="grading").count() >= 2,
            timeout=120,
            what="two code runs in flight",
        )
        csv = intake.submission_create(
            lab=csv_lab,
            student=users.create_user("bench-reader", password=None),
            cohort=None,
            upload=upload("p.csv", predictions),
        )
        _wait_until_done([csv.pk], timeout=300, interval=0.05)
        csv.refresh_from_db()
        waited = (csv.finished_at - csv.created_at).total_seconds()
        in_flight = Submission.objects.filter(pk__in=runs, status__in=("queued", "grading"))
        behind = in_flight.count()
    finally:
        code_worker.stop()
        csv_worker.stop()
    return {"csv_grade_behind_code_s": round(waited, 2), "code_runs_still_waiting": behind}
