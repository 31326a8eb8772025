"""Reads for similarity checks: the final submissions to compare, runs, pairs, cutoffs."""

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from courses import rules
from courses.selectors.counted import counted_submissions
from courses.selectors.policies import Policies
from enrolment.models import Cohort
from labs.models import Lab, Submission
from similarity.models import SimilarityPair, SimilarityRun


def code_labs() -> QuerySet[Lab]:
    return Lab.objects.filter(is_published=True, submission_kind=Lab.SubmissionKind.CODE)


def final_submissions(*, lab: Lab, cohort: Cohort) -> list[Submission]:
    """Each student's final submission for the lab: the one the course rules count (marked
    final, else the best public score), code files only."""
    counted = counted_submissions(cohort=cohort, labs=[lab])
    pks = [row.pk for row in counted.values()]
    rows = Submission.objects.filter(pk__in=pks).order_by("pk")
    return [row for row in rows if row.code_kind]


def earlier_cohorts(*, lab: Lab, cohort: Cohort) -> QuerySet[Cohort]:
    """Cohorts that started before this one and have graded work for the lab."""
    with_work = Submission.objects.filter(lab=lab, status=Submission.Status.GRADED).values(
        "cohort_id"
    )
    return Cohort.objects.filter(start_date__lt=cohort.start_date, pk__in=with_work).order_by(
        "start_date", "pk"
    )


def cutoff_at(*, lab: Lab, cohort: Cohort, policies: Policies) -> datetime.datetime:
    """When the cohort's uploads for the lab close (the cohort's due date and late policy)."""
    tz = timezone.get_current_timezone()
    return rules.cutoff_moment(lab.due_on(cohort), policies.for_lab(lab.pk), tz)


def runs_for(*, lab: Lab, cohort: Cohort) -> QuerySet[SimilarityRun]:
    return SimilarityRun.objects.filter(lab=lab, cohort=cohort).select_related("requested_by")


def latest_runs(*, cohorts, labs) -> dict[tuple[int, int], SimilarityRun]:
    """(cohort id, lab id) -> the newest run, in one query."""
    latest: dict[tuple[int, int], SimilarityRun] = {}
    runs = SimilarityRun.objects.filter(cohort__in=cohorts, lab__in=labs).order_by(
        "-created_at", "-pk"
    )
    for run in runs:
        latest.setdefault((run.cohort_id, run.lab_id), run)
    return latest


def run_pairs(*, run: SimilarityRun) -> QuerySet[SimilarityPair]:
    return run.pairs.select_related(
        "submission_a__student",
        "submission_a__cohort",
        "submission_b__student",
        "submission_b__cohort",
    )
