"""Similarity checks: ask for one, run one (the worker), and start those due after cutoffs."""

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from config.publish import publish_on_commit
from courses.selectors.policies import policies_for
from enrolment.models import Cohort
from labs.sandbox.starters import starter_notebook, starter_source
from similarity import fingerprints, reading, selectors
from similarity.models import SimilarityPair, SimilarityRun

logger = logging.getLogger("lodestar.similarity")

TASK = "similarity.run_check"
# A queued run older than this was not published (broker down): beat publishes it again.
STALE_QUEUED = datetime.timedelta(minutes=10)
# A running one older than this lost its worker: it is queued again.
STALE_RUNNING = datetime.timedelta(hours=1)


def run_request(*, lab, cohort, requested_by=None, now=None) -> SimilarityRun:
    """Queue a check of the lab's final submissions in the cohort; one waiting at a time."""
    now = now or timezone.now()
    with transaction.atomic():
        Cohort.objects.select_for_update().filter(pk=cohort.pk).exists()
        pending = SimilarityRun.objects.filter(
            lab=lab,
            cohort=cohort,
            status__in=[SimilarityRun.Status.QUEUED, SimilarityRun.Status.RUNNING],
        ).first()
        if pending is not None:
            return pending
        run = SimilarityRun.objects.create(
            lab=lab,
            cohort=cohort,
            requested_by=requested_by,
            threshold=fingerprints.THRESHOLD,
            created_at=now,
        )
        publish_on_commit(TASK, run.pk)
    return run


def run_check(*, run_id: int, now=None) -> SimilarityRun | None:
    """Compare the final code of the run's cohort with itself and with earlier cohorts'
    (the worker). Claimed by a conditional update: a second delivery does nothing."""
    now = now or timezone.now()
    claimed = SimilarityRun.objects.filter(pk=run_id, status=SimilarityRun.Status.QUEUED).update(
        status=SimilarityRun.Status.RUNNING, started_at=now
    )
    if not claimed:
        return None
    run = SimilarityRun.objects.select_related("lab__dataset", "cohort").get(pk=run_id)
    try:
        _compare(run)
    except Exception:
        logger.exception("similarity check %s failed", run_id)
        run.status = SimilarityRun.Status.FAILED
        run.problem = "The comparison failed; the log of the worker says why."
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "problem", "finished_at"])
        return run
    return run


def _documents(submissions, run) -> list[fingerprints.Document]:
    documents = []
    for submission in submissions:
        try:
            documents.append(
                fingerprints.Document(submission.pk, reading.submission_code(submission))
            )
        except reading.Unreadable as why:
            run.skipped += 1
            logger.info("similarity: submission %s not compared: %s", submission.pk, why)
    return documents


def _starter(lab) -> str:
    """The lab's starter, as a .py file and as its notebook's code cells."""
    task = lab.dataset.task
    notebook = reading.code_text(starter_notebook(task), kind="notebook")
    return starter_source(task) + "\n" + notebook


def _compare(run: SimilarityRun) -> None:
    current = _documents(selectors.final_submissions(lab=run.lab, cohort=run.cohort), run)
    earlier = []
    for cohort in selectors.earlier_cohorts(lab=run.lab, cohort=run.cohort):
        earlier += _documents(selectors.final_submissions(lab=run.lab, cohort=cohort), run)
    matches = fingerprints.compare(
        current, earlier, starter=_starter(run.lab), threshold=run.threshold
    )
    with transaction.atomic():
        SimilarityPair.objects.filter(run=run).delete()
        SimilarityPair.objects.bulk_create(
            SimilarityPair(
                run=run,
                submission_a_id=match.key_a,
                submission_b_id=match.key_b,
                score=match.score,
                similarity_a=match.similarity_a,
                similarity_b=match.similarity_b,
                overlap=match.overlap,
                passages_a=[list(p) for p in match.passages_a],
                passages_b=[list(p) for p in match.passages_b],
            )
            for match in matches
        )
        run.compared, run.compared_earlier = len(current), len(earlier)
        run.status = SimilarityRun.Status.DONE
        run.finished_at = timezone.now()
        run.save(update_fields=["compared", "compared_earlier", "skipped", "status", "finished_at"])
    logger.info(
        "similarity check %s: %s files, %s earlier, %s pairs flagged",
        run.pk,
        len(current),
        len(earlier),
        len(matches),
    )


def due_runs_start(*, now=None) -> list[int]:
    """Beat: queue a check for every code lab and cohort whose cutoff has passed with no
    check since; publish again runs the broker never took, or whose worker died."""
    now = now or timezone.now()
    started = []
    labs = list(selectors.code_labs().select_related("dataset"))
    if labs:
        cohorts = Cohort.objects.filter(start_date__lte=timezone.localdate(now))
        for cohort in cohorts.select_related("program"):
            policies = policies_for(program_id=cohort.program_id)
            for lab in labs:
                cutoff = selectors.cutoff_at(lab=lab, cohort=cohort, policies=policies)
                if cutoff > now:
                    continue
                if SimilarityRun.objects.filter(
                    lab=lab, cohort=cohort, created_at__gte=cutoff
                ).exists():
                    continue
                started.append(run_request(lab=lab, cohort=cohort, now=now).pk)
    SimilarityRun.objects.filter(
        status=SimilarityRun.Status.RUNNING, started_at__lt=now - STALE_RUNNING
    ).update(status=SimilarityRun.Status.QUEUED)
    stale = SimilarityRun.objects.filter(
        status=SimilarityRun.Status.QUEUED, created_at__lt=now - STALE_QUEUED
    ).exclude(pk__in=started)
    for run_id in stale.values_list("pk", flat=True):
        publish_on_commit(TASK, run_id)
    return started
