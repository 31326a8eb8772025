"""Grading latency and throughput through real worker processes, against a bare loop."""

import io
import statistics
import time

import numpy as np

LATENCY_ROWS = 10_000
LATENCY_SUBMISSIONS = 100
THROUGHPUT_ROWS = 1_000
THROUGHPUT_SUBMISSIONS = 2_000
BURSTS = 3
CLASSES = ["alpha", "beta", "gamma"]


def _csv(header: str, rows) -> bytes:
    out = io.StringIO()
    out.write(header + "\n")
    for row in rows:
        out.write(",".join(str(value) for value in row) + "\n")
    return out.getvalue().encode()


def _make_lab(slug: str, rows: int, seed: int):
    """A classification lab whose test set has `rows` rows and a ready reference."""
    from labs import grading
    from labs.models import Dataset, Lab, ReferenceModel
    from labs.services import datasets

    rng = np.random.default_rng(seed)
    ids = [f"r{i:06d}" for i in range(rows)]
    labels = rng.choice(CLASSES, size=rows)
    features = rng.normal(size=rows).round(4)
    train = _csv("id,x,target", ((f"t{i}", features[i], labels[i]) for i in range(200)))
    test = _csv("id,x", zip(ids, features, strict=True))
    key = grading.AnswerKey.from_csv(
        _csv("id,target", zip(ids, labels, strict=True)), id_column="id", target_column="target"
    )
    dataset = Dataset(
        slug=slug,
        title=slug,
        task="classification",
        metric="accuracy",
        classes=CLASSES,
        feature_columns=["x"],
        train_rows=200,
        test_rows=rows,
    )
    datasets.dataset_replace_files(
        dataset=dataset, train=train, test_features=test, labels=key.to_csv_bytes()
    )
    lab = Lab.objects.create(
        slug=slug,
        title=slug,
        summary="bench",
        instructions="bench",
        week=1,
        dataset=dataset,
        reference_name="logistic_regression",
        daily_limit=30_000,
    )
    ReferenceModel.objects.create(
        lab=lab,
        pipeline="logistic_regression",
        dataset_version=dataset.version,
        status=ReferenceModel.Status.READY,
        public_score=0.9,
        private_score=0.9,
    )
    noisy = labels.copy()
    flip = rng.random(rows) < 0.15
    noisy[flip] = rng.choice(CLASSES, size=int(flip.sum()))
    predictions = _csv("id,prediction", zip(ids, noisy, strict=True))
    return lab, key, predictions


def _wait_until_done(pks, timeout: float, interval: float = 0.002) -> None:
    """Wait until the rows `pks` are graded. Asked by their range of ids, not the list:
    the benchmark's database holds nothing else, and a query with 2,000 ids cost this
    process about 3 ms of CPU per poll, taken from the workers on the shared CPUs."""
    from labs.models import Submission

    deadline = time.monotonic() + timeout
    burst = Submission.objects.filter(pk__range=(min(pks), max(pks)))
    while burst.filter(status__in=Submission.PENDING).exists():
        if time.monotonic() > deadline:
            raise RuntimeError("benchmark submissions were not graded in time")
        time.sleep(interval)


def _drain(workdir, lab, student, predictions, *, concurrency: int) -> float:
    """Seconds for `concurrency` worker processes to grade a burst of uploads: the fastest
    of BURSTS bursts, as timeit reports its best run (anything else on the two CPUs only
    ever makes a burst slower, and moved single runs by a fifth)."""
    from django.db import transaction
    from django.db.models import Max

    from labs.models import Submission
    from labs.services import intake
    from tests.support import WorkerProcess

    upload = intake.UploadedPredictions
    log = workdir / f"worker-throughput-{concurrency}.log"
    worker = WorkerProcess(log, concurrency=concurrency).start()
    try:
        warm = [
            intake.submission_create(
                lab=lab, student=student, cohort=None, upload=upload("p.csv", predictions)
            ).pk
            for _ in range(4)
        ]
        _wait_until_done(warm, timeout=120)
        bursts = []
        for _ in range(BURSTS):
            with transaction.atomic():  # publish all at commit, as a burst of uploads would
                pks = [
                    intake.submission_create(
                        lab=lab, student=student, cohort=None, upload=upload("p.csv", predictions)
                    ).pk
                    for _ in range(THROUGHPUT_SUBMISSIONS)
                ]
                started = time.time()  # the clock starts as the uploads commit
            # Poll gently: this process must not steal the CPU the workers need. The burst
            # ends when the last result was stored (its finished_at, same clock), not when
            # a poll noticed: a 0.1 s poll on a 2-second burst would add up to 5%.
            _wait_until_done(pks, timeout=600, interval=0.1)
            rows = Submission.objects.filter(pk__in=pks)
            last = rows.aggregate(last=Max("finished_at"))["last"]
            bursts.append(last.timestamp() - started)
        return min(bursts)
    finally:
        worker.stop()


def _percentile(values, q):
    return float(np.percentile(np.asarray(values), q))


def run(workdir) -> dict:
    from django.contrib.auth import get_user_model

    from labs import grading
    from labs.models import Submission
    from labs.services import intake
    from tests.support import WorkerProcess

    student = get_user_model().objects.create_user("bench-student", password=None)
    upload = intake.UploadedPredictions

    # Latency: one worker process, one submission at a time, 10k-row test set.
    lab, _, predictions = _make_lab("bench-latency", LATENCY_ROWS, seed=1)
    worker = WorkerProcess(workdir / "worker-latency.log", concurrency=1).start()
    try:
        for _ in range(5):  # warm-up: imports, answer-key cache, connections
            s = intake.submission_create(
                lab=lab, student=student, cohort=None, upload=upload("p.csv", predictions)
            )
            _wait_until_done([s.pk], timeout=120)
        latencies = []
        for _ in range(LATENCY_SUBMISSIONS):
            s = intake.submission_create(
                lab=lab, student=student, cohort=None, upload=upload("p.csv", predictions)
            )
            _wait_until_done([s.pk], timeout=60)
            s.refresh_from_db()
            assert s.status == Submission.Status.GRADED, s.problems
            latencies.append((s.finished_at - s.created_at).total_seconds() * 1000)
    finally:
        worker.stop()

    # Throughput: one, then two worker processes draining 1k-row submissions.
    lab, key, predictions = _make_lab("bench-throughput", THROUGHPUT_ROWS, seed=2)
    elapsed_one = _drain(workdir, lab, student, predictions, concurrency=1)
    elapsed = _drain(workdir, lab, student, predictions, concurrency=2)

    # The bare loop: parse and score the same file in this process.
    bare = []
    for _ in range(200):
        t0 = time.perf_counter()
        grading.grade(
            predictions,
            answer_key=key,
            metric="accuracy",
            classes=CLASSES,
            reference_public=0.9,
            pass_ratio=0.95,
        )
        bare.append(time.perf_counter() - t0)
    bare_ms = statistics.median(bare) * 1000
    per_submission_ms = 2 * elapsed * 1000 / THROUGHPUT_SUBMISSIONS  # 2 busy processes

    return {
        "grade_p50_ms": round(_percentile(latencies, 50), 2),
        "grade_p95_ms": round(_percentile(latencies, 95), 2),
        "grade_throughput_per_s": round(THROUGHPUT_SUBMISSIONS / elapsed, 1),
        "grade_throughput_1_per_s": round(THROUGHPUT_SUBMISSIONS / elapsed_one, 1),
        "grade_scaling_2v1": round(elapsed_one / elapsed, 2),
        "grade_cost_ratio": round(per_submission_ms / bare_ms, 2),
        "grade_bare_loop_ms": round(bare_ms, 3),
        "grade_worker_cost_ms": round(per_submission_ms, 3),
    }


# Appended to docs/benchmarks.md's "Reading the figures" by bench/__main__.py.
NOTES = """
- Where a graded file's worker time goes, before and after (2026-12-07, fifth session;
  `python -m bench.grading_profile`, on this 2-CPU machine shared with six other sessions,
  load 5-20: so CPU seconds per file, which other processes do not inflate as they do wall
  time, and before/after taken in turn within minutes of each other). In process, the
  worker's own function (`worker.queued_grade`, 1,000 queued 1k-row files; CPU per file,
  before -> after): parse + score (`grading.grade`, the bare loop's call, unchanged: the
  difference is the machine's) 2.80 -> 2.56 ms, storing the verdicts with their log lines
  0.29 -> 0.19, claiming a batch 0.24 -> 0.06, loading its rows with lab, dataset and
  reference 0.23 -> 0.09, the wake-up flag and the next wake-up (Redis, broker) 0.15 ->
  0.04, opening the file through the storage API 0.06 -> 0.05, the cached answer key 0.01,
  the rest 0.09 -> 0.07; in all 3.87 -> 3.08 ms against the bare loop's 2.59 / 2.54 ms
  (1.50x -> 1.21x). SQL statements per file 0.57 -> 0.15 (a batch: the dead-claims check,
  the claim as SELECT ... FOR UPDATE SKIP LOCKED and UPDATE in one transaction, one load,
  the verdicts pipelined in one transaction). No post-grade hooks run in the worker: the
  verdict is one UPDATE, and the pages (course rules, leaderboards, gradebook) read it
  from there. Celery: no result is stored (`CELERY_TASK_IGNORE_RESULT`, no result
  backend), messages carry no arguments (json is fine), prefetch 1 and late acks stay (a
  prefetch of 4 or 16 measured no better on 2026-11-29; a killed child's message comes
  back).
- Through a real worker (2 pool processes, bursts of 2,000 uploads as `bench/grading.py`
  sends them, CPU per file of each process from /proc, two runs each, before / after):
  pool children 4.56, 3.96 -> 3.63, 3.05 ms; the worker's main process 0.19, 0.16 -> 0.06,
  0.04; this database's PostgreSQL backends 0.44, 0.41 -> 0.22, 0.22; the benchmark's own
  process (the uploads' commit callbacks and its polling) 1.13, 0.75 -> 0.09, 0.04; all of
  them 6.31, 5.27 -> 4.00, 3.35 ms, which is 2.38x, 2.13x -> 1.60x, 1.41x the bare loop's
  CPU measured with them; the burst's wall time 28.6, 13.8 -> 14.5, 6.9 s. cProfile in the
  pool children (a `worker_process_init` hook) showed Celery's own tracing under 0.1% of
  their time, but a third of it waiting for the next message (each batch is one message
  the main process hands over and acks) and each child importing config.storage (boto3,
  about a second on this machine) in the middle of a burst when it had not graded during
  the warm-up.
- What changed: (1) batches of 64 files, not 16 (`LABS_GRADING_BATCH_SIZE`): a batch's
  message, wake-up and SQL round trips cost the child about 23 ms of CPU, as much as
  grading a quarter of a batch of 16; a file now waits for at most 63 others of its burst
  (about 0.1 s for 1k rows), and single uploads are still batches of one; (2) the worker's
  main process loads the file storage backend before it forks, as it does the scoring
  libraries; (3) uploads committed together wake the graders once
  (`grading_queue.wake_graders_once_on_commit`): the first wake-up's claim sees every file
  of the commit and a full batch wakes the next grader, so the other 1,999 cache round
  trips of a 2,000-upload burst were pure cost; (4) the benchmark polls by id range: a
  poll that listed 2,000 ids cost its process 3 ms of CPU on the shared cores. Not
  changed: `grading.grade` itself (83% of the worker function's CPU now, over half of it
  scikit-learn's argument checks in `accuracy_score`, a third pandas' parser). Computing
  accuracy with numpy would make grading faster and this ratio larger; it is the next step
  for throughput, with the ratio reported beside it.
- `python -m bench grading` (the suite of `make bench`) on the same shared machine, the
  code before (6b8c756) and after in turn: before, cost ratio 6.07 and 55.7/s with two
  processes (04:36-04:49, load 11-20), 5.66 and 142.8/s (05:13-05:20, load 3.5-7); after,
  2.09 and 398.0/s (05:07-05:12, load 3.4-5), 3.29 and 251.5/s (05:20-05:24, load 6-9);
  scaling 1.29, 1.53 -> 2.11, 1.14; the bare loop 2.4-5.9 ms (1.5-1.7 ms on the quiet
  machine of 2026-11-29). The ratio falls to a half or a third of the old code's on the
  same machine, and the throughput more than doubles, but neither target (<= 2, >= 700/s)
  could be shown here: the busier the machine, the more every figure of either code moves
  (the ratio of the same code moved 2.09-3.29 within a quarter of an hour). On a quiet
  machine the CPU figures above put the after-code near 1.4-1.6x the bare loop; the lead's
  `make bench` on a quiet machine is the figure to go by.
- The next step (2026-12-07, seventh session): accuracy is numpy's share of equal codes
  (`labs/grading/metrics.py`; scikit-learn's argument checks were 40% of grading a file),
  the submission table lost three indexes its composite indexes already lead with (two
  index inserts per graded file each), and a log line with no credential word skips the
  six redaction patterns. The bare loop fell from 2.4 to 1.15 ms a file; through a real
  worker the suite gives 963/s with two processes and a cost ratio of 1.80 (12:35 UTC, a
  quiet machine): both targets met. The ratio is higher than the 1.41 before because its
  denominator halved; the worker's own overhead per file (2.08 - 1.15 = 0.93 ms: the
  batch's claim and store, the broker, the storage) is what is left to cut.
"""
