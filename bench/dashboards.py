"""Server time and query count of the student dashboard and the cohort gradebook.

Builds, in a throw-away database: one student with 30 labs and 200 submissions, and a
cohort of 500 students x 30 labs x 5 submissions each (bulk inserts, no worker). Then
times both pages through django.test.Client: the gradebook as an instructor opens it (its
first page of 50 students), and beside it the whole-class reads that page leaves out (the
class's figures it loads after, and a page sorted by risk). Run alone: `python -m bench.dashboards`.
"""

import datetime
import gc
import json
import random
import statistics
import time

N_LABS = 30
DASHBOARD_SUBMISSIONS = 200
COHORT_STUDENTS = 500
SUBMISSIONS_PER_LAB = 5
DASHBOARD_RUNS = 60
GRADEBOOK_RUNS = 40
WHOLE_CLASS_RUNS = 15  # the slower whole-class reads a large cohort's page leaves out
WARM_UP = 3
UNUSABLE = "!"  # noqa: S105 - Django's marker for "no password", nobody logs in with it


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


_BUILT = {}  # one build per database: the leaderboard benchmark reuses the dashboards'


def built(rng: random.Random):
    """The benchmark's student, instructor and cohort, built once per process (the
    dashboards and the leaderboard suites time pages over the same data)."""
    if "data" not in _BUILT:
        _BUILT["data"] = _build(rng)
    return _BUILT["data"]


def _build(rng: random.Random):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from enrolment.models import Cohort, Enrolment, Program
    from labs.models import Dataset, Lab, ReferenceModel, Submission

    User = get_user_model()
    now = timezone.now()
    today = timezone.localdate()
    program, _ = Program.objects.get_or_create(
        slug="intensive",
        defaults={
            "name": "Intensive",
            "weeks": 12,
            "hours_per_week": 40,
            "format": Program.Format.FULL_TIME,
            "summary": "Twelve weeks, full-time.",
            "description": "Benchmark program.",
        },
    )
    dataset = Dataset.objects.create(
        slug="bench-data",
        title="Bench data",
        task=Dataset.Task.CLASSIFICATION,
        metric="accuracy",
        classes=["a", "b"],
        feature_columns=["x"],
        train_file="bench/train.csv",
        test_features_file="bench/test.csv",
        test_labels_file="bench/labels.csv",
    )
    labs = Lab.objects.bulk_create(
        Lab(
            slug=f"bench-lab-{i:02d}",
            title=f"Benchmark lab {i:02d}",
            summary="A benchmark lab.",
            instructions="Predict.",
            week=1 + i * 12 // N_LABS,
            dataset=dataset,
            reference_name="logistic_regression",
        )
        for i in range(N_LABS)
    )
    references = ReferenceModel.objects.bulk_create(
        ReferenceModel(
            lab=lab,
            pipeline="logistic_regression",
            dataset_version=1,
            status=ReferenceModel.Status.READY,
            public_score=0.9,
            private_score=0.9,
            trained_at=now,
        )
        for lab in labs
    )
    reference_of = {reference.lab_id: reference.pk for reference in references}
    # Most labs are open: the cohorts started eight weeks ago.
    started = today - datetime.timedelta(weeks=8)
    solo_cohort = Cohort.objects.create(
        program=program, name="Bench solo", start_date=started, capacity=10
    )
    cohort = Cohort.objects.create(
        program=program,
        name="Bench cohort",
        start_date=started - datetime.timedelta(days=1),
        capacity=COHORT_STUDENTS,
    )
    instructor = User.objects.create(username="bench-instructor")
    cohort.instructors.add(instructor)
    users = User.objects.bulk_create(
        User(username=f"bench-{i:04d}", first_name=f"Student {i:04d}", password=UNUSABLE)
        for i in range(COHORT_STUDENTS + 1)
    )
    student, classmates = users[0], users[1:]
    enrolment = {
        "status": Enrolment.Status.ENROLLED,
        "background": Enrolment.Background.OTHER,
        "python_experience": Enrolment.Experience.SOME,
        "java_experience": Enrolment.Experience.NONE,
        "cpp_experience": Enrolment.Experience.NONE,
        "motivation": "Benchmark.",
    }
    Enrolment.objects.bulk_create(
        [Enrolment(user=student, cohort=solo_cohort, **enrolment)]
        + [Enrolment(user=user, cohort=cohort, **enrolment) for user in classmates]
    )

    def submission(user, lab, at_cohort, index):
        roll = rng.random()
        created = now - datetime.timedelta(minutes=rng.randint(0, 50 * 24 * 60))
        status = Submission.Status.GRADED
        if roll < 0.03:
            status = Submission.Status.QUEUED
        elif roll < 0.08:
            status = Submission.Status.REJECTED
        graded = status == Submission.Status.GRADED
        score = round(rng.uniform(0.4, 0.99), 4) if graded else None
        return Submission(
            lab=lab,
            student=user,
            cohort=at_cohort,
            file=f"submissions/bench/{user.pk}-{lab.pk}-{index}.csv",
            original_name="predictions.csv",
            size_bytes=1000,
            status=status,
            passed=(score >= 0.855) if graded else None,
            public_score=score,
            # Final results read the private half and the reference it was graded against.
            private_score=(
                round(min(1.0, max(0.0, score + rng.uniform(-0.05, 0.05))), 4) if graded else None
            ),
            reference_id=reference_of[lab.pk] if graded else None,
            reference_public_score=0.9 if graded else None,
            created_at=created,
            queued_at=created,
        )

    # auto_now_add would stamp every row "now"; history needs real spread in time.
    fields = [Submission._meta.get_field(name) for name in ("created_at", "queued_at")]
    for f in fields:
        f.auto_now_add = False
    try:
        Submission.objects.bulk_create(
            (
                submission(student, labs[i % N_LABS], solo_cohort, i)
                for i in range(DASHBOARD_SUBMISSIONS)
            ),
            batch_size=2000,
        )
        batch = []
        for user in classmates:
            for lab in labs:
                for index in range(SUBMISSIONS_PER_LAB):
                    batch.append(submission(user, lab, cohort, index))
            if len(batch) >= 10_000:
                Submission.objects.bulk_create(batch, batch_size=2000)
                batch = []
        Submission.objects.bulk_create(batch, batch_size=2000)
    finally:
        for f in fields:
            f.auto_now_add = True
    _course_rules_in_play(rng, cohort, classmates, labs, instructor)
    _analyze()
    return student, instructor, cohort


def _course_rules_in_play(rng, cohort, classmates, labs, instructor) -> None:
    """Extensions for one student in ten (one lab, or every lab) and a final choice for one
    (student, lab) in five, so the gradebook reads them as a real cohort would. The cohort
    is eight weeks in: about half the labs are past their cutoff (final results, with late
    penalties), a few are due but still open to late work, the rest not due yet."""
    from courses.models import Extension, FinalChoice
    from labs.models import Submission

    extensions = []
    for index, user in enumerate(classmates[::10]):
        lab = labs[index % len(labs)] if index % 2 else None
        extensions.append(
            Extension(
                student=user,
                cohort=cohort,
                lab=lab,
                due_on=lab.due_on(cohort) + datetime.timedelta(days=7) if lab else None,
                extra_days=None if lab else 5,
                reason="Benchmark",
                granted_by=instructor,
            )
        )
    Extension.objects.bulk_create(extensions)
    graded = Submission.objects.filter(cohort=cohort, status=Submission.Status.GRADED)
    choices = {}
    for pk, student_id, lab_id in graded.values_list("pk", "student_id", "lab_id").order_by("pk"):
        if (student_id, lab_id) not in choices and rng.random() < 0.2:
            choices[(student_id, lab_id)] = FinalChoice(
                student_id=student_id, cohort=cohort, lab_id=lab_id, submission_id=pk
            )
    FinalChoice.objects.bulk_create(choices.values(), batch_size=2000)


def _check_final_results_in_play(cohort) -> None:
    """The gradebook must have final results to compute: labs past their cutoff (private
    scores, penalties and choices read), extensions and final choices among them."""
    from courses import selectors
    from courses.models import Extension, FinalChoice

    results = selectors.cohort_results(
        cohort=cohort, labs=selectors.published_labs(), final_only=True
    )
    final_labs = {lab_id for _, lab_id in results.counted}
    chosen = sum(1 for counted in results.counted.values() if counted.is_chosen)
    assert final_labs and chosen, "no final results in the benchmark's gradebook"
    assert Extension.objects.filter(cohort=cohort, revoked_at=None).exists()
    assert FinalChoice.objects.filter(cohort=cohort, lab_id__in=final_labs).exists()


def _analyze() -> None:
    """Vacuum and refresh the planner's statistics, as autovacuum does soon after a bulk
    load (PostgreSQL 13+ vacuums a table after enough inserts, not only after updates).

    Without the statistics PostgreSQL plans the gradebook for the empty tables it last
    saw; without the vacuum, autovacuum's own pass over the 75,000 new rows may land in
    the middle of the timed requests, and so may the checkpoint that writes them out.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("CHECKPOINT")


def past_second_factor(client, user) -> None:
    """The state an instructor's session is in after the verify page (as django_otp.login
    leaves it): the gradebook is timed as instructors meet it, not as the wall's redirect."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="Bench authenticator", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def _time(client, url: str, runs: int) -> tuple[list[float], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARM_UP):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    # Read now: the captured list is a view on a log the next request clears.
    query_count = len(queries)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return timings, query_count


def run() -> dict:
    """Build the data, time both pages, return the figures (ms and query counts)."""
    from django.apps import apps

    owns_database = not apps.ready
    if owns_database:
        from bench import environment

        environment.setup_django()
    try:
        from django.test import Client
        from django.urls import reverse

        student, instructor, cohort = built(random.Random(7))
        _check_final_results_in_play(cohort)
        # Serve from a process in the state of a gunicorn worker: the build's garbage
        # gone and the loaded code frozen, as post_worker_init in config/gunicorn.conf.py.
        gc.collect()
        gc.freeze()
        client = Client()
        client.force_login(student)
        dashboard, dashboard_queries = _time(client, reverse("labs:dashboard"), DASHBOARD_RUNS)
        client.force_login(instructor)
        past_second_factor(client, instructor)
        # The page instructors open: the first 50 students by name.
        gradebook_url = reverse("labs:gradebook", args=[cohort.pk])
        gradebook, gradebook_queries = _time(client, gradebook_url, GRADEBOOK_RUNS)
        # What that page leaves to later or to a click: the class's figures (loaded after
        # the page) and a course-rule sort, both every student's results.
        figures, _ = _time(
            client, reverse("labs:gradebook_figures", args=[cohort.pk]), WHOLE_CLASS_RUNS
        )
        by_risk, _ = _time(client, gradebook_url + "?sort=risk", WHOLE_CLASS_RUNS)
    finally:
        if owns_database:
            environment.teardown_django()
    return {
        "dashboard_p50_ms": round(statistics.median(dashboard), 1),
        "dashboard_p95_ms": round(_percentile(dashboard, 0.95), 1),
        "dashboard_queries": dashboard_queries,
        "gradebook_p50_ms": round(statistics.median(gradebook), 1),
        "gradebook_p95_ms": round(_percentile(gradebook, 0.95), 1),
        "gradebook_queries": gradebook_queries,
        "gradebook_figures_p95_ms": round(_percentile(figures, 0.95), 1),
        "gradebook_by_risk_p95_ms": round(_percentile(by_risk, 0.95), 1),
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
