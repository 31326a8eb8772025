"""The submission that counts for the (student, lab) cells where others' work is credited too
(courses.credits: a team's milestone), in one query over those cells' candidates.

The same choice as courses.selectors.counted, over a larger set: the student's own graded
submissions and those of the authors credited to them, each sent within its credit's
window. Team cells are few (a capstone's milestones), so the candidates are read as rows
and ranked here, in the order the counted query's window sorts by: marked final first,
then the best public score, the earliest, the lowest id.
"""

from collections import defaultdict

from django.db.models import F, FilteredRelation, Q

from courses import rules
from courses.credits import Credit
from labs.models import Lab, Submission


def credited_submissions(
    *, cohort, labs: list[Lab], credits: list[Credit]
) -> dict[tuple[int, int], tuple[rules.Counted, set[int]]]:
    """(student id, lab id) -> (the counted submission, the ids of the others' submissions
    credited to the student), for the cells `credits` touch that have a graded candidate."""
    if not credits:
        return {}
    by_lab = {lab.pk: lab for lab in labs}
    credits = [c for c in credits if c.lab_id in by_lab]
    cells = {(c.student_id, c.lab_id) for c in credits}
    people = {c.student_id for c in credits} | {c.author_id for c in credits}
    lab_ids = {c.lab_id for c in credits}
    rows = (
        Submission.objects.filter(
            cohort=cohort,
            status=Submission.Status.GRADED,
            lab_id__in=lab_ids,
            student_id__in=people,
        )
        .alias(choice=FilteredRelation("final_choices", condition=Q(final_choices__cohort=cohort)))
        .annotate(choice_id=F("choice__pk"))
        .values_list(
            "pk",
            "student_id",
            "lab_id",
            "public_score",
            "private_score",
            "created_at",
            "reference__private_score",
            "choice_id",
            "passed",
        )
        .order_by()
    )
    by_author = defaultdict(list)
    for row in rows:
        by_author[(row[1], row[2])].append(row)
    credited_to = defaultdict(list)
    for credit in credits:
        credited_to[(credit.student_id, credit.lab_id)].append(credit)
    counted = {}
    for student_id, lab_id in cells:
        own = by_author.get((student_id, lab_id), [])
        others = [
            row
            for credit in credited_to[(student_id, lab_id)]
            for row in by_author.get((credit.author_id, lab_id), ())
            if credit.covers(row[5])
        ]
        if own or others:
            higher = by_lab[lab_id].dataset.higher_is_better
            counted[(student_id, lab_id)] = (
                _counted(own + others, higher),
                {row[0] for row in others},
            )
    return counted


def _counted(candidates: list[tuple], higher_is_better: bool) -> rules.Counted:
    def directed(row):
        return row[3] if higher_is_better else -row[3]

    unique = {row[0]: row for row in candidates}.values()
    best = min(unique, key=lambda row: (row[7] is None, -directed(row), row[5], row[0]))
    best_public = max(directed(row) for row in unique)
    return rules.Counted(
        best[0],
        best[3],
        best[4],
        best[5],
        best[6],
        best[7] is not None,
        Submission.undirected(best_public, higher_is_better=higher_is_better),
        any(row[8] for row in unique),
    )
