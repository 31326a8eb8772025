"""A mixed load: students browsing and uploading while a burst of uploads grades.

Everything real and started here, on the benchmark's throw-away database: gunicorn with the
production settings (config/gunicorn.conf.py: sync workers, 2 x CPUs + 1), one Celery
worker with 2 pool processes, PostgreSQL and Redis, on a free port and a broker queue of
the run's own (bench/servers.py). locust (bench/mixed_users.py, in a process of its own)
plays 200 students of one cohort and its 5 instructors for RUN_S seconds; each logged in
with a session made on the server as the log-in form leaves it (instructors past the
second factor, as bench.dashboards.past_second_factor). The burst: BURST uploads stored
by this process through the intake service (labs.services.intake, where the form and the
API end too) in one transaction, prepared before the load and committed BURST_AT_S
seconds into it, so that all 2,000 reach the worker at once, as at a deadline.

Figures: page latency as the students and instructors saw it (locust, client side), and
every upload's wait for its grade: a student's from the moment the form's request stored
it, the burst's from its commit, each to the stored result (finished_at). Run alone:
`python -m bench mixed`.
"""

import datetime
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from bench import servers

ROOT = Path(__file__).resolve().parent.parent
STUDENTS = 200
INSTRUCTORS = 5
OPEN_LABS = 4  # week 3 of the cohort: open, not yet due; the students upload to these
PAST_LABS = 4  # weeks 1-2: past their due date, with results on the pages
HISTORY_PER_LAB = 3  # earlier graded submissions of each student in each lab
ROWS = 1_000  # test rows of each lab, as in bench.grading's throughput run
RUN_S = 100
BURST_AT_S = 30
BURST = 2_000
# The addresses the simulated people open, by URL name (tests/bench checks they resolve).
URL_NAMES = {
    "dashboard": "labs:dashboard",
    "lab": "labs:detail",
    "leaderboard": "leaderboards:leaderboard",
    "upload": "labs:submit",
    "gradebook": "labs:gradebook",
}
PAGES = ("dashboard", "lab", "leaderboard", "gradebook")
UNUSABLE = "!"  # noqa: S105 - Django's marker for "no password"


def _build(rng: random.Random):
    """The cohort (15 days in), its labs with real datasets, students with history."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from bench.grading import _make_lab
    from enrolment.models import Cohort, Enrolment
    from enrolment.services import programs
    from labs.models import Lab, ReferenceModel, Submission

    User = get_user_model()
    # The suites before this one (`make bench` runs it last) leave their labs in the same
    # database: hidden, so that these students' pages show the same 8 labs in every run.
    Lab.objects.update(is_published=False)
    intensive = {p.slug: p for p in programs.programs_ensure_defaults()}["intensive"]
    start = timezone.localdate() - datetime.timedelta(days=15)
    cohort = Cohort.objects.create(
        program=intensive, name="Mixed load", start_date=start, capacity=STUDENTS
    )
    # Every lab's test set has the same ids and classes, so one predictions file fits all.
    labs, predictions = [], b""
    for index in range(OPEN_LABS + PAST_LABS):
        lab, _, predictions = _make_lab(f"mixed-{index}", ROWS, seed=10 + index)
        lab.week = 3 if index < OPEN_LABS else 1
        lab.save(update_fields=["week"])
        labs.append(lab)
    instructors = User.objects.bulk_create(
        User(username=f"mixed-instructor-{i}", password=UNUSABLE) for i in range(INSTRUCTORS)
    )
    cohort.instructors.add(*instructors)
    students = User.objects.bulk_create(
        User(username=f"mixed-{i:03d}", first_name=f"Student {i:03d}", password=UNUSABLE)
        for i in range(STUDENTS)
    )
    Enrolment.objects.bulk_create(
        Enrolment(
            user=user,
            cohort=cohort,
            status=Enrolment.Status.ENROLLED,
            background=Enrolment.Background.OTHER,
            python_experience=Enrolment.Experience.SOME,
            java_experience=Enrolment.Experience.NONE,
            cpp_experience=Enrolment.Experience.NONE,
            motivation="Benchmark.",
        )
        for user in students
    )
    reference = dict(ReferenceModel.objects.filter(lab__in=labs).values_list("lab_id", "pk"))
    now = timezone.now()
    history = []
    for user in students:
        for lab in labs:
            for index in range(HISTORY_PER_LAB):
                score = round(rng.uniform(0.5, 0.99), 4)
                created = now - datetime.timedelta(minutes=rng.randint(60, 14 * 24 * 60))
                history.append(
                    Submission(
                        lab=lab,
                        student=user,
                        cohort=cohort,
                        file=f"submissions/mixed/{user.pk}-{lab.pk}-{index}.csv",
                        original_name="predictions.csv",
                        size_bytes=len(predictions),
                        status=Submission.Status.GRADED,
                        passed=score >= 0.855,
                        public_score=score,
                        private_score=score,
                        reference_id=reference[lab.pk],
                        reference_public_score=0.9,
                        created_at=created,
                        queued_at=created,
                        finished_at=created,
                    )
                )
    fields = [Submission._meta.get_field(name) for name in ("created_at", "queued_at")]
    for field in fields:  # auto_now_add would stamp the history "now"
        field.auto_now_add = False
    try:
        Submission.objects.bulk_create(history, batch_size=2000)
    finally:
        for field in fields:
            field.auto_now_add = True
    with _cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would soon after the bulk load
    return cohort, labs, students, instructors, predictions


def _cursor():
    from django.db import connection

    return connection.cursor()


def _plan(cohort, labs, students, instructors, predictions: bytes) -> dict:
    """Sessions made as the log-in form leaves them, and the addresses, reversed."""
    from django.conf import settings
    from django.middleware.csrf import CSRF_ALLOWED_CHARS
    from django.test import Client
    from django.urls import reverse
    from django.utils.crypto import get_random_string

    from bench.dashboards import past_second_factor

    def cookies(user, *, second_factor: bool) -> dict:
        client = Client()
        client.force_login(user)
        if second_factor:
            past_second_factor(client, user)
        csrf = get_random_string(32, allowed_chars=CSRF_ALLOWED_CHARS)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        return {settings.SESSION_COOKIE_NAME: session, settings.CSRF_COOKIE_NAME: csrf}

    def url(key, *args):
        return reverse(URL_NAMES[key], args=args)

    open_labs = labs[:OPEN_LABS]
    people = []
    for user in students:
        jar = cookies(user, second_factor=False)
        people.append(
            {
                "cookies": jar,
                "csrf": jar[settings.CSRF_COOKIE_NAME],
                "dashboard": url("dashboard"),
                "lab": [url("lab", lab.slug) for lab in labs],
                "leaderboard": [url("leaderboard", lab.slug) for lab in labs],
                "upload": [url("upload", lab.slug) for lab in open_labs],
            }
        )
    teachers = [
        {"cookies": cookies(user, second_factor=True), "gradebook": url("gradebook", cohort.pk)}
        for user in instructors
    ]
    return {"students": people, "instructors": teachers, "predictions": predictions.decode()}


@contextmanager
def _uploads_held(lab, predictions: bytes, count: int):
    """`count` uploads stored through the intake service in one transaction, which commits
    (and publishes their grading) as the block ends: a class uploading at once. Yields a
    dict with their "ids", and "committed", the moment of the commit, once it is over."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from labs.services import intake

    uploader, _ = get_user_model().objects.get_or_create(username="mixed-burst")
    upload = intake.UploadedPredictions("p.csv", predictions)
    held = {}
    with transaction.atomic():
        held["ids"] = [
            intake.submission_create(lab=lab, student=uploader, cohort=None, upload=upload).pk
            for _ in range(count)
        ]
        yield held
        held["committed"] = time.time()  # the clock starts as the uploads commit


def _run_uploads(since, burst_ids):
    """The uploads of the run: the students' (stored since `since`) and the burst's."""
    from django.db.models import Q

    from labs.models import Submission

    return Submission.objects.filter(Q(created_at__gte=since) | Q(pk__in=burst_ids))


def _wait_graded(uploads, timeout: float) -> None:
    """Until every one of `uploads` has its result (or `timeout` seconds have passed)."""
    from labs.models import Submission

    deadline = time.monotonic() + timeout
    while uploads.filter(status__in=Submission.PENDING).exists():
        if time.monotonic() > deadline:
            return  # counted as errors: uploads not graded
        time.sleep(0.5)


def _percentile(values, share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0


def _grades(uploads, burst: dict) -> tuple[list, list, int]:
    """Seconds from upload to stored grade (students', the burst's), and uploads not graded."""
    from labs.models import Submission

    web, burst_s, failed = [], [], 0
    burst_ids = set(burst["ids"])
    for pk, status, created, finished in uploads.values_list(
        "pk", "status", "created_at", "finished_at"
    ):
        if status != Submission.Status.GRADED or finished is None:
            failed += 1
        elif pk in burst_ids:
            burst_s.append(finished.timestamp() - burst["committed"])
        else:
            web.append((finished - created).total_seconds())
    return web, burst_s, failed


def run(workdir: Path) -> dict:
    from django.utils import timezone

    from labs.models import Lab
    from tests.support import WorkerProcess

    suite_started = time.monotonic()
    phases = _Phases()
    cohort, labs, students, instructors, predictions = _build(random.Random(11))
    plan_path, samples_path = workdir / "mixed-plan.json", workdir / "mixed-samples.json"
    plan_path.write_text(json.dumps(_plan(cohort, labs, students, instructors, predictions)))
    samples_path.unlink(missing_ok=True)
    phases.mark("build")
    port = servers.free_port()
    with servers.own_queue("mixed") as queue:
        gunicorn = servers.start_gunicorn(port, workdir, name="mixed", queue=queue)
        worker = WorkerProcess(
            workdir / "mixed-worker.log",
            concurrency=2,
            extra_env={"CELERY_QUEUE": queue},
            name="bench-mixed",
        ).start()
        try:
            # A few uploads first: the worker's pool is up and warm when the load starts.
            with _uploads_held(labs[0], predictions, 4) as warm:
                pass
            _wait_graded(_run_uploads(timezone.now(), warm["ids"]), timeout=120)
            processes = {"web": gunicorn.pid, "worker": worker.process.pid}
            _behind_the_web(worker.process.pid)
            phases.mark("servers")
            # The burst is stored before the load starts (the bench's own inserts, which
            # took minutes on a busy machine, are not the site's work) and committed into it.
            with _uploads_held(labs[0], predictions, BURST) as burst:
                phases.mark("burst stored")
                since = timezone.now()
                before = servers.cpu_seconds(processes)
                client_before = resource.getrusage(resource.RUSAGE_CHILDREN)
                load = _locust(f"http://127.0.0.1:{port}", plan_path, samples_path, workdir)
                time.sleep(BURST_AT_S)
            uploads = _run_uploads(since, burst["ids"])
            load.wait(timeout=RUN_S + 120)
            client = resource.getrusage(resource.RUSAGE_CHILDREN)  # locust, now it has exited
            phases.mark("load")
            _wait_graded(uploads, timeout=180)
            phases.mark("drain")
            cpu = servers.cpu_used(before, servers.cpu_seconds(processes))
            cpu["client"] = sum(
                getattr(client, f) - getattr(client_before, f) for f in ("ru_utime", "ru_stime")
            )
        finally:
            servers.stop(gunicorn)
            worker.stop()
    # Its labs leave the other suites' pages (the dashboards', the gradebook's) as they were.
    Lab.objects.filter(pk__in=[lab.pk for lab in labs]).update(is_published=False)
    samples = json.loads(samples_path.read_text())
    web, burst_s, not_graded = _grades(uploads, burst)
    figures = _figures(samples, web, burst_s, not_graded)
    graded = max(1, figures["mixed_uploads_graded"])
    return {
        **figures,
        "mixed_web_cpu_ms_per_request": round(cpu["web"] * 1000 / len(samples), 1),
        "mixed_worker_cpu_ms_per_grade": round(cpu["worker"] * 1000 / graded, 2),
        "mixed_db_cpu_s": round(cpu["db"], 1),
        "mixed_client_cpu_s": round(cpu["client"], 1),
        "mixed_load_avg": round(os.getloadavg()[0], 1),
        "mixed_suite_s": round(time.monotonic() - suite_started, 1),
    }


def _behind_the_web(pid: int) -> None:
    """The worker and its pool at nice 10, as deployed beside the web on one host
    (docker-compose.yml): a page waits for no grade; grades take the CPU pages leave."""
    import psutil

    root = psutil.Process(pid)
    for process in (root, *root.children(recursive=True)):
        process.nice(10)


class _Phases:
    """Prints how long each part of the suite took (the suite's duration is a figure)."""

    def __init__(self):
        self.last = time.monotonic()

    def mark(self, name: str) -> None:
        now = time.monotonic()
        print(f"mixed: {name} took {now - self.last:.1f} s", flush=True)
        self.last = now


def _locust(base: str, plan_path: Path, samples_path: Path, workdir: Path):
    command = [
        *(sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "mixed_users.py")),
        *("--headless", "--only-summary", "--host", base, "--loglevel", "WARNING"),
        *("--users", str(STUDENTS + INSTRUCTORS), "--spawn-rate", "100"),
        *("--run-time", f"{RUN_S}s", "--stop-timeout", "15", "--exit-code-on-error", "0"),
    ]
    env = {**os.environ, "MIXED_PLAN": str(plan_path), "MIXED_SAMPLES": str(samples_path)}
    log = (workdir / "mixed-locust.log").open("w")
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603


def _figures(samples: list, web: list, burst: list, not_graded: int) -> dict:
    # Failed requests count too: a page that timed out was waited for all the same.
    pages = [s["ms"] for s in samples if s["name"] in PAGES]
    uploads = [s["ms"] for s in samples if s["name"] == "upload"]
    failures = sum(not s["ok"] for s in samples)
    started = min(s["at"] for s in samples)
    span = max(s["at"] + s["ms"] / 1000 for s in samples) - started
    by_page = {
        name: _percentile([s["ms"] for s in samples if s["name"] == name], 0.95) for name in PAGES
    }
    print("page p95 by kind (ms):", {k: round(v, 1) for k, v in by_page.items()}, flush=True)
    return {
        "mixed_page_p50_ms": round(statistics.median(pages), 1) if pages else 0.0,
        "mixed_page_p95_ms": round(_percentile(pages, 0.95), 1),
        "mixed_gradebook_p95_ms": round(by_page["gradebook"], 1),
        "mixed_upload_p95_ms": round(_percentile(uploads, 0.95), 1),
        "mixed_grade_p95_s": round(_percentile(web + burst, 0.95), 2),
        "mixed_grade_web_p95_s": round(_percentile(web, 0.95), 2),
        "mixed_burst_drain_s": round(max(burst, default=0.0), 2),
        "mixed_uploads_graded": len(web) + len(burst),
        "mixed_errors": failures + not_graded,
        "mixed_requests": len(samples),
        "mixed_requests_per_s": round(len(samples) / span, 1),
    }
