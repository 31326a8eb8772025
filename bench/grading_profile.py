"""`python -m bench.grading_profile`: where a graded submission's worker time goes.

Two measurements on the grading benchmark's lab (1k-row classification files):

1. In process, the worker's own function (`worker.queued_grade`, a wake-up's batch) over
   PROFILE_SUBMISSIONS queued files: wall time per phase (wake-up flag, claim, load, read
   the file, parse and score, store), SQL statements per graded file, and cProfile's top
   functions. No broker, no Celery: what the grading code itself costs.
2. Through a real worker (2 pool processes, Redis, PostgreSQL), a burst of uploads as
   `bench/grading.py` sends them: CPU seconds per graded file of each process taking part
   (the pool children, the worker's main process, this database's PostgreSQL backends,
   and this process, which uploads and polls). CPU time, not wall time, so the shares hold
   on a machine other sessions share; Redis is one shared server and is left out.

Both are compared with the bare loop (`grading.grade` on the same file, in this process).
"""

import cProfile
import functools
import io
import os
import pstats
import resource
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from unittest import mock

from bench import environment

ROOT = Path(__file__).resolve().parent.parent
PROFILE_SUBMISSIONS = int(os.environ.get("PROFILE_SUBMISSIONS", "1000"))
BURST_SUBMISSIONS = int(os.environ.get("PROFILE_BURST", "2000"))
BURST_ROUNDS = int(os.environ.get("PROFILE_ROUNDS", "3"))
TICKS = os.sysconf("SC_CLK_TCK")


def _bare_ms(predictions, key, clock=time.perf_counter) -> float:
    """The bare loop's median, by wall clock or (clock=time.process_time) CPU time."""
    from bench.grading import CLASSES
    from labs import grading

    times = []
    for _ in range(200):
        t0 = clock()
        grading.grade(
            predictions,
            answer_key=key,
            metric="accuracy",
            classes=CLASSES,
            reference_public=0.9,
            pass_ratio=0.95,
        )
        times.append(clock() - t0)
    return statistics.median(times) * 1000


def _queue(lab, student, predictions, count: int) -> list[int]:
    """`count` uploads stored as the upload path stores them, without publishing."""
    from django.db import transaction

    from labs.services import grading_queue, intake

    upload = intake.UploadedPredictions("p.csv", predictions)
    with mock.patch.object(grading_queue, "enqueue_upload_on_commit"), transaction.atomic():
        return [
            intake.submission_create(lab=lab, student=student, cohort=None, upload=upload).pk
            for _ in range(count)
        ]


class _Phases:
    """Wall time spent inside named functions (outermost call only), by patching them."""

    def __init__(self):
        self.seconds = defaultdict(float)
        self.cpu = defaultdict(float)
        self.depth = 0

    def wrap(self, owner, name: str, phase: str):
        original = getattr(owner, name)

        @functools.wraps(original)
        def timed(*args, **kwargs):
            if self.depth:
                return original(*args, **kwargs)
            self.depth += 1
            started, cpu_started = time.perf_counter(), time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[phase] += time.perf_counter() - started
                self.cpu[phase] += time.process_time() - cpu_started
                self.depth -= 1

        return mock.patch.object(owner, name, timed)


def in_process(lab, student, predictions, key, bare_ms: float) -> None:
    from django.db import connection
    from django.db.models.fields.files import FieldFile
    from django.test.utils import CaptureQueriesContext

    from labs import grading
    from labs.services import claims, grading_queue, worker

    pks = _queue(lab, student, predictions, 64)  # warm-up: imports, answer key, statements
    while worker.queued_grade():
        pass
    pks = _queue(lab, student, predictions, PROFILE_SUBMISSIONS)
    phases = _Phases()
    patches = [
        phases.wrap(grading_queue, "clear_wake_up", "wake-up flag (clear, Redis)"),
        phases.wrap(grading_queue, "wake_graders", "wake the next grader (Redis, broker)"),
        phases.wrap(claims, "claim_queued", "claim a batch (SQL)"),
        phases.wrap(worker, "_load", "load rows, lab, dataset, reference (SQL)"),
        phases.wrap(FieldFile, "open", "open the file (storage API)"),
        phases.wrap(worker, "answer_key_for", "answer key (per-process cache)"),
        phases.wrap(grading, "grade", "parse + score (grading.grade)"),
        phases.wrap(worker, "_store", "store verdicts (SQL) + log lines"),
    ]
    for patch in patches:
        patch.start()
    try:
        with CaptureQueriesContext(connection) as queries:
            started, cpu_started = time.perf_counter(), time.process_time()
            while worker.queued_grade():
                pass
            total = time.perf_counter() - started
            cpu = time.process_time() - cpu_started
    finally:
        for patch in patches:
            patch.stop()
    n = len(pks)
    bare_cpu_ms = _bare_ms(predictions, key, clock=time.process_time)
    print(f"\n== in process: {n} files, worker.queued_grade, batches of its default size")
    print(f"wall {total * 1000 / n:.3f} ms per file; bare loop {bare_ms:.3f} ms")
    print(f"CPU {cpu * 1000 / n:.3f} ms per file; bare loop {bare_cpu_ms:.3f} ms CPU")
    print(f"in-process cost ratio {cpu * 1000 / n / bare_cpu_ms:.2f} (CPU)")
    print(f"  {'phase, per file':48s} {'wall ms':>8s} {'CPU ms':>8s} {'CPU share':>9s}")
    for phase, seconds in sorted(phases.cpu.items(), key=lambda kv: -kv[1]):
        wall_ms = phases.seconds[phase] * 1000 / n
        print(f"  {phase:48s} {wall_ms:8.3f} {seconds * 1000 / n:8.3f} {seconds / cpu:8.1%}")
    rest, rest_cpu = total - sum(phases.seconds.values()), cpu - sum(phases.cpu.values())
    print(
        f"  {'the rest (outcomes, Python between phases)':48s} {rest * 1000 / n:8.3f}"
        f" {rest_cpu * 1000 / n:8.3f} {rest_cpu / cpu:8.1%}"
    )
    print(f"SQL statements: {len(queries)} for {n} files ({len(queries) / n:.3f} per file)")
    kinds = defaultdict(int)
    for query in queries.captured_queries:
        kinds[query["sql"].split(None, 1)[0].upper()] += 1
    print("  by kind:", dict(kinds))
    _queue(lab, student, predictions, PROFILE_SUBMISSIONS)
    profile = cProfile.Profile()
    profile.enable()
    while worker.queued_grade():
        pass
    profile.disable()
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("tottime").print_stats(20)
    stats.sort_stats("cumulative").print_stats(r"labs|config|django/core/cache|kombu|celery", 40)
    print(out.getvalue())


def _cpu_of(pid: int) -> float:
    """CPU seconds (user + system) of one process, children it waited for excluded."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def _children_of(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _backends() -> list[int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid()"
        )
        return [row[0] for row in cursor.fetchall()]


def _snapshot(worker_pid: int) -> dict:
    self_usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "pool children": sum(_cpu_of(pid) for pid in _children_of(worker_pid)),
        "worker main process": _cpu_of(worker_pid),
        "PostgreSQL backends (this database)": {pid: _cpu_of(pid) for pid in _backends()},
        "uploads + polling (this process)": self_usage.ru_utime + self_usage.ru_stime,
    }


def through_worker(lab, student, predictions, key, bare_ms: float) -> None:
    from django.db import transaction

    from bench.grading import _wait_until_done
    from labs.services import intake
    from tests.support import WorkerProcess

    upload = intake.UploadedPredictions("p.csv", predictions)
    log = ROOT / "var" / "bench" / "logs" / "worker-profile.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    process = WorkerProcess(log, concurrency=2).start()
    try:
        warm = [
            intake.submission_create(lab=lab, student=student, cohort=None, upload=upload).pk
            for _ in range(8)
        ]
        _wait_until_done(warm, timeout=120)
        time.sleep(1)  # let the pool settle
        for _ in range(BURST_ROUNDS):
            with transaction.atomic():  # the clock starts as the uploads commit (bench)
                pks = [
                    intake.submission_create(
                        lab=lab, student=student, cohort=None, upload=upload
                    ).pk
                    for _ in range(BURST_SUBMISSIONS)
                ]
                before = _snapshot(process.process.pid)
                started = time.perf_counter()
            _wait_until_done(pks, timeout=600, interval=0.1)
            wall = time.perf_counter() - started
            after = _snapshot(process.process.pid)
            n = len(pks)
            print(f"\n== through a worker (2 processes): {n} uploads, wall {wall:.2f} s")
            total = 0.0
            for name in before:
                if isinstance(before[name], dict):  # backends: those that lived through
                    cpu = sum(after[name][pid] - before[name].get(pid, 0.0) for pid in after[name])
                else:
                    cpu = after[name] - before[name]
                total += cpu
                print(f"  {name:40s} {cpu * 1000 / n:7.3f} ms CPU per file")
            print(f"  {'all of them':40s} {total * 1000 / n:7.3f} ms CPU per file")
            bare_cpu_ms = _bare_ms(predictions, key, clock=time.process_time)
            print(f"  bare loop {bare_cpu_ms:.3f} ms CPU; load {os.getloadavg()[0]:.1f}")
    finally:
        process.stop()


def main(argv: list[str]) -> int:
    environment.setup_django()
    try:
        from django.contrib.auth import get_user_model

        from bench.grading import THROUGHPUT_ROWS, _make_lab

        student = get_user_model().objects.create_user("bench-student", password=None)
        lab, key, predictions = _make_lab("bench-profile", THROUGHPUT_ROWS, seed=2)
        bare_ms = _bare_ms(predictions, key)
        if not argv or "process" in argv:
            in_process(lab, student, predictions, key, bare_ms)
        if not argv or "worker" in argv:
            through_worker(lab, student, predictions, key, bare_ms)
    finally:
        environment.teardown_django()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
