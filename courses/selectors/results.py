"""Each student's result per lab (courses.rules.LabResult), for a cohort or one student.

A cohort's results cost six queries whatever its size: late policies, extensions, the
dates students joined, the counted submission per (student, lab) (courses.selectors.counted),
the grade overrides in force, and the credits other apps register (courses.credits: a team's
milestone counts for every member), with one more for the credited cells' candidates
(courses.selectors.credited) when there are any, and one for the released rubric grades
when a lab has a rubric.
"""

import datetime
from collections.abc import Collection, Iterable

from django.utils import timezone

from courses import credits as credit_readers
from courses import rubric_rules, rules
from courses.models import GradeOverride
from courses.selectors.counted import counted_submissions
from courses.selectors.credited import credited_submissions
from courses.selectors.deadlines import DueDates, due_dates_for
from courses.selectors.policies import Policies, policies_for
from enrolment.models import Cohort, Enrolment
from labs.models import Lab, Submission
from rubrics.selectors import released_parts


class Results:
    """Results of a set of students x labs, overrides included; `get(student_id, lab)` never
    queries."""

    def __init__(self, *, cohort, labs, policies, dues, counted, overrides, now, rubrics=None):
        self.cohort = cohort
        self.labs = labs
        self.policies = policies
        self.dues = dues
        self.counted = counted
        self.overrides = overrides  # (student id, lab id) -> the GradeOverride in force
        self.now = now
        # (student id, lab id) -> (points, total, weight, pass share) of a released rubric grade
        self.rubrics = rubrics or {}
        self.tz = timezone.get_current_timezone()
        self._direction = {lab.pk: lab.dataset.higher_is_better for lab in labs}
        # (lab id, due date) -> (policy, deadlines): most students share their cohort's.
        self._moments: dict[tuple[int, datetime.date], tuple] = {}

    def get(self, student_id: int, lab: Lab, public=None) -> rules.LabResult:
        """`public`, (best public score, any public pass), from a caller that read them
        itself for a lab whose counted submission was not read (see cohort_results)."""
        lab_id = lab.id
        key = (student_id, lab_id)
        due = self.dues.for_student(student_id, lab)
        moments_key = (lab_id, due.due_on)
        found = self._moments.get(moments_key)
        if found is None:
            policy = self.policies.for_lab(lab_id)
            found = self._moments[moments_key] = (
                policy,
                rules.deadlines(due.due_on, policy, self.tz),
            )
        return rules.result_at(
            lab_id,
            due,
            found[0],
            found[1],
            self.counted.get(key),
            self.now,
            lab.pass_ratio,
            self._direction[lab_id],
            self.overrides.get(key),
            public,
            self._rubric_part(key, lab) if key in self.rubrics else None,
        )

    def _rubric_part(self, key, lab: Lab) -> rubric_rules.RubricPart:
        points, total, weight, pass_share = self.rubrics[key]
        return rubric_rules.RubricPart(
            points, total, weight, pass_share, lab.pass_ratio, self._direction[lab.id]
        )

    def for_student(self, student_id: int) -> dict[int, rules.LabResult]:
        return {lab.pk: self.get(student_id, lab) for lab in self.labs}


def overrides_in_force(
    *, cohort: Cohort, student_id: int | None = None, student_ids: Collection[int] | None = None
) -> dict[tuple[int, int], GradeOverride]:
    """(student id, lab id) -> the grade override in force, with who set it (one query)."""
    overrides = GradeOverride.objects.filter(cohort=cohort, revoked_at__isnull=True)
    if student_id is not None:
        overrides = overrides.filter(student_id=student_id)
    if student_ids is not None:
        overrides = overrides.filter(student_id__in=list(student_ids))
    return {
        (o.student_id, o.lab_id): o
        for o in overrides.select_related("created_by").order_by("created_at", "pk")
    }


def cohort_results(
    *,
    cohort: Cohort,
    labs: list[Lab],
    now: datetime.datetime | None = None,
    student_id: int | None = None,
    final_only: bool = False,
    policies: Policies | None = None,
    seated_at: dict | None = None,
    student_ids: Collection[int] | None = None,
) -> Results:
    """Six queries: policies, extensions, join dates, counted submissions, overrides and
    credits (a seventh for the credited cells' candidates when anybody is credited, and one
    for the released rubric grades, rubrics.selectors.released_parts, when a lab has a
    rubric).

    `final_only` limits the counted-submission read to the labs whose final results show
    for somebody (the cohort's cutoff has passed; a student's own date is never earlier):
    the gradebook reads public scores itself and hands them to `Results.get`. The other
    labs' results then say nothing of their counted submissions. A caller that has read
    the program's `policies` already passes them, and one that has read when the students
    got their seats passes `seated_at` (see due_dates_for): a query fewer each.
    `student_ids` limits all six reads to some students (a gradebook page, a chunk of
    its CSV): the same six queries, whatever the cohort's size.
    """
    labs = list(labs)
    now = now or timezone.now()
    policies = policies or policies_for(program_id=cohort.program_id)
    dues = due_dates_for(
        cohort=cohort, student_id=student_id, seated_at=seated_at, student_ids=student_ids
    )
    counted_labs = labs
    if final_only:
        tz = timezone.get_current_timezone()
        counted_labs = [
            lab
            for lab in labs
            if rules.shows_private(dues.cohort_dates(lab)[1], policies.for_lab(lab.pk), now, tz)
        ]
    counted = (
        counted_submissions(
            cohort=cohort, labs=counted_labs, student_id=student_id, student_ids=student_ids
        )
        if counted_labs
        else {}
    )
    wanted = None if student_id is None and student_ids is None else set(student_ids or ())
    if student_id is not None:
        wanted.add(student_id)
    credits = credit_readers.credits_for(
        cohort=cohort,
        # As with rubrics: labs read with `is_milestone` and none skip the credits' query.
        lab_ids=[lab.pk for lab in labs if getattr(lab, "is_milestone", True)],
        student_ids=wanted,
    )
    credited = credited_submissions(cohort=cohort, labs=labs, credits=credits)
    authors = {credit.author_id for credit in credits}
    # A credited member's decisions may be their teammates': read the authors' too.
    read_one = student_id if not authors else None
    read_some = None if wanted is None else (wanted | authors if authors else student_ids)
    overrides = overrides_in_force(cohort=cohort, student_id=read_one, student_ids=read_some)
    rubrics = released_parts(
        cohort=cohort,
        # A lab read with `has_rubric` (progress's labs_with_reference) and none skips the
        # query: most labs have no rubric.
        lab_ids=[lab.pk for lab in labs if getattr(lab, "has_rubric", True)],
        student_id=read_one,
        student_ids=read_some,
    )
    _credit(counted, overrides, credited)
    _credit_rubrics(rubrics, credits, credited)
    return Results(
        cohort=cohort,
        labs=labs,
        policies=policies,
        dues=dues,
        counted=counted,
        overrides=overrides,
        now=now,
        rubrics=rubrics,
    )


def _credit(counted: dict, overrides: dict, credited: dict) -> None:
    """Lay the credited cells over the student's own: their counted submission, and a
    teammate's override set on a submission credited to them when they have none of their
    own (an instructor's grade of the team's work is every member's)."""
    by_lab: dict[int, list[GradeOverride]] = {}
    for override in overrides.values():
        by_lab.setdefault(override.lab_id, []).append(override)
    for (student_id, lab_id), (found, others) in credited.items():
        counted[(student_id, lab_id)] = found
        if (student_id, lab_id) in overrides:
            continue
        for override in by_lab.get(lab_id, ()):
            if override.submission_id in others:
                overrides[(student_id, lab_id)] = override
                break


def _credit_rubrics(rubrics: dict, credits, credited: dict) -> None:
    """A member with no released rubric grade of their own for a lab takes the grade of the
    teammate whose work is credited to them (the team's milestone is graded once)."""
    for credit in credits:
        cell = (credit.student_id, credit.lab_id)
        author = (credit.author_id, credit.lab_id)
        if cell not in rubrics and author in rubrics and credited.get(cell, (None, ()))[1]:
            rubrics[cell] = rubrics[author]


def student_results(*, student, cohort: Cohort, labs: list[Lab], now=None) -> dict:
    """lab id -> LabResult for one student (six queries)."""
    results = cohort_results(cohort=cohort, labs=labs, now=now, student_id=student.pk)
    return results.for_student(student.pk)


def enrolment_results(*, enrolment: Enrolment, labs: list[Lab], now=None) -> dict:
    """lab id -> LabResult for the student of an enrolment read by enrolments_with_standing
    (four queries: the join date came with the enrolment)."""
    student_id = enrolment.user_id
    seated_at = {student_id: enrolment.seated_at} if enrolment.seated_at else {}
    results = cohort_results(
        cohort=enrolment.cohort, labs=labs, now=now, student_id=student_id, seated_at=seated_at
    )
    return results.for_student(student_id)


def lab_result_for(*, student, cohort: Cohort | None, lab: Lab, now=None):
    """One student's result for one lab, or None outside a cohort (reviewers)."""
    if cohort is None:
        return None
    return student_results(student=student, cohort=cohort, labs=[lab], now=now)[lab.pk]


def published_labs() -> list[Lab]:
    return list(Lab.objects.filter(is_published=True).select_related("dataset"))


def private_scores_shown(*, submissions: Iterable[Submission], now=None) -> set[int]:
    """The ids of those submissions whose private score may show: their student's own
    cutoff for the lab has passed (courses.rules). Per cohort among them, one query for
    the late policies; per (cohort, student), two for the due dates."""
    now = now or timezone.now()
    tz = timezone.get_current_timezone()
    dues: dict[tuple[int, int], DueDates] = {}
    policies: dict[int, Policies] = {}
    shown = set()
    for submission in submissions:
        if submission.cohort_id is None:
            continue
        key = (submission.cohort_id, submission.student_id)
        if key not in dues:
            dues[key] = due_dates_for(cohort=submission.cohort, student_id=submission.student_id)
        if submission.cohort_id not in policies:
            policies[submission.cohort_id] = policies_for(program_id=submission.cohort.program_id)
        due = dues[key].for_student(submission.student_id, submission.lab)
        policy = policies[submission.cohort_id].for_lab(submission.lab_id)
        if rules.shows_private(due.due_on, policy, now, tz):
            shown.add(submission.pk)
    return shown


def submission_standing(*, submission: Submission, user, now=None) -> dict | None:
    """What the submission page says about the rules: lateness, penalty, final choice."""
    if submission.cohort_id is None:
        return None
    result = lab_result_for(
        student=submission.student, cohort=submission.cohort, lab=submission.lab, now=now
    )
    tz = timezone.get_current_timezone()
    days = rules.days_late(submission.created_at, result.due_on, result.policy, tz)
    penalty = rules.penalty_for(days, result.policy)
    higher = submission.lab.dataset.higher_is_better
    is_graded = submission.status == Submission.Status.GRADED
    return {
        "result": result,
        "days_late": days,
        "penalty_percent": round(penalty * 100),
        "penalised_private": rules.penalised(submission.private_score, penalty, higher),
        "is_counted": result.submission_id == submission.pk,
        "is_chosen": bool(result.counted and result.counted.is_chosen)
        and result.submission_id == submission.pk,
        "can_choose": is_graded and user.pk == submission.student_id and not result.is_due,
        "show_private": result.is_final,
    }
