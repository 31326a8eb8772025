"""The submission that counts per (student, lab), read in one query for a whole cohort.

The gradebook's and the leaderboard's largest read; its two measured tricks (the final
choice as a join, times read as intervals) are explained in docs/benchmarks.md, "Speed
tricks and what they bought".
"""

import datetime
from collections.abc import Collection

from django.db.models import Case, F, FilteredRelation, Max, Q, RowRange, Value, When, Window
from django.db.models.functions import RowNumber

from courses import rules
from enrolment.models import Cohort
from labs.models import Lab, Submission

_UNIX_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def as_epoch_interval(field: str):
    """Speed trick: a timestamp column read as the interval since the epoch, which the
    database driver converts in C; `from_epoch_interval` gives back the same aware UTC
    datetime, to the microsecond. Read as timestamps, each value goes through Django's
    Python time-zone converter (docs/benchmarks.md, "Speed tricks and what they bought")."""
    return F(field) - Value(_UNIX_EPOCH)


def from_epoch_interval(interval: datetime.timedelta) -> datetime.datetime:
    """The aware UTC datetime an `as_epoch_interval` column stands for."""
    return _UNIX_EPOCH + interval


def counted_submissions(
    *,
    cohort: Cohort,
    labs: list[Lab],
    student_id: int | None = None,
    student_ids: Collection[int] | None = None,
):
    """Per (student, lab): the submission that counts (the one marked final, else the best
    public score, earliest on a tie) with the lab's best public score and whether any
    attempt passed on the public half. One query, for the whole cohort, one student or
    the `student_ids` of a gradebook page.

    The final choice is a join, not an EXISTS per row: priced per row, the EXISTS made
    PostgreSQL compile the query with its JIT first (docs/benchmarks.md, "Speed tricks and
    what they bought"). The three window functions share one window (a full frame), so
    the rows are sorted and scanned once; times are read as intervals (as_epoch_interval).
    """
    graded = Submission.objects.filter(
        cohort=cohort, status=Submission.Status.GRADED, lab_id__in=[lab.pk for lab in labs]
    )
    if student_id is not None:
        graded = graded.filter(student_id=student_id)
    if student_ids is not None:
        graded = graded.filter(student_id__in=list(student_ids))
    directed = Submission.directed_public_score(labs)

    def over_the_cell(expression):
        return Window(
            expression,
            partition_by=[F("student_id"), F("lab_id")],
            order_by=[
                F("choice_id").desc(nulls_last=True),
                directed.desc(),
                F("created_at").asc(),
                F("pk"),
            ],
            frame=RowRange(start=None, end=None),
        )

    rows = (
        graded.alias(
            choice=FilteredRelation("final_choices", condition=Q(final_choices__cohort=cohort))
        )
        .annotate(
            sent_since_epoch=as_epoch_interval("created_at"),
            choice_id=F("choice__pk"),
            rank=over_the_cell(RowNumber()),
            best=over_the_cell(Max(directed)),
            any_pass=over_the_cell(Max(Case(When(passed=True, then=Value(1)), default=Value(0)))),
        )
        .filter(rank=1)
        .values_list(
            "student_id",
            "lab_id",
            "pk",
            "public_score",
            "private_score",
            "sent_since_epoch",
            "reference__private_score",
            "choice_id",
            "best",
            "any_pass",
        )
        .order_by()
    )
    higher = {lab.pk: lab.dataset.higher_is_better for lab in labs}
    counted = {}
    for student, lab_id, pk, public, private, sent, ref_private, choice, best, any_pass in rows:
        counted[(student, lab_id)] = rules.Counted(
            pk,
            public,
            private,
            from_epoch_interval(sent),
            ref_private,
            choice is not None,
            Submission.undirected(best, higher_is_better=higher[lab_id]),
            bool(any_pass),
        )
    return counted
