"""Reads for the course rules: personal due dates and each student's result per lab.

A cohort's results cost five queries whatever its size: late policies, extensions, the
dates students joined, the counted submission per (student, lab) with a window function,
and the grade overrides in force. One student's page that reads their enrolment through
`enrolments_with_standing` gets the join date, the completion rule and the valid
certificate with it. Every reader of a result (gradebook and its CSV, dashboard, API,
leaderboard, lab and submission pages, reminders, completion, announcements' audiences,
an override's "previous grade") reads the LabResult built here and never recomputes a rule
or lays an override on top itself.
"""

import datetime
from collections.abc import Iterable

from django.db.models import (
    Case,
    F,
    FilteredRelation,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    RowRange,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone

from courses import rules
from courses.models import CompletionRule, Extension, GradeOverride, LatePolicy
from enrolment.models import Cohort, Enrolment, EnrolmentEvent
from labs.models import Lab, Submission

# ----------------------------------------------------------------- late policies


class Policies:
    """A program's late policies: a lab's own, else the program default, else the built-in."""

    def __init__(self, rows: Iterable[LatePolicy]):
        self.default = rules.DEFAULT_POLICY
        self.by_lab = {}
        for row in rows:
            policy = rules.Policy(row.grace_hours, row.penalty_per_day, row.cutoff_days)
            if row.lab_id is None:
                self.default = policy
            else:
                self.by_lab[row.lab_id] = policy

    def for_lab(self, lab_id: int) -> rules.Policy:
        return self.by_lab.get(lab_id, self.default)


def policies_for(*, program_id: int) -> Policies:
    # No ordering: the rows are read into a dict, and the model's default order joins two tables.
    return Policies(LatePolicy.objects.filter(program_id=program_id).order_by())


def completion_share(rule: CompletionRule | None) -> float:
    """The share of labs to pass: the program's rule, else all of them."""
    return rule.min_share_passed if rule else 1.0


def completion_share_for(*, program_id: int) -> float:
    return completion_share(CompletionRule.objects.filter(program_id=program_id).first())


# ----------------------------------------------------------------- one student's enrolment


def enrolments_with_standing(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """These enrolments, read with what one student's results and completion need besides
    their cohort: the program's completion rule, the valid certificate (`valid_certificate`,
    None if none) and when the student got their seat (`seated_at`). Joins on the one row
    the page reads anyway, instead of three queries of their own (enrolment_results,
    enrolment_completion)."""
    return (
        with_seated_at(enrolments)
        .alias(
            valid_certificate=FilteredRelation(
                # At most one row: a constraint allows one valid certificate per enrolment.
                "certificates",
                condition=Q(certificates__revoked_at=None),
            )
        )
        .select_related("cohort__program__completion_rule", "valid_certificate")
    )


def with_seated_at(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """These enrolments with `seated_at`, when the student got their seat in the cohort (an
    index lookup per row): pass {user id: seated_at} to cohort_results and it reads no join
    dates of its own."""
    first_seat = (
        _seat_events(cohort=OuterRef("cohort_id"))
        .filter(enrolment=OuterRef("pk"))
        .order_by("at")
        .values("at")[:1]
    )
    return enrolments.annotate(seated_at=Subquery(first_seat))


# ----------------------------------------------------------------- due dates


class DueDates:
    """Each student's due date per lab: the cohort's, a late joiner's, or an extension."""

    def __init__(self, cohort: Cohort, extensions: Iterable[Extension], joined: dict):
        self.cohort = cohort
        self.joined = joined  # student id -> the local date they got a seat in this cohort
        self._lab_dates: dict[int, tuple[datetime.date, datetime.date]] = {}
        self.lab_extensions: dict[tuple[int, int], Extension] = {}
        self.all_lab_extensions: dict[int, Extension] = {}
        for extension in extensions:  # newest first: the first one seen wins
            if extension.lab_id:
                self.lab_extensions.setdefault((extension.student_id, extension.lab_id), extension)
            else:
                self.all_lab_extensions.setdefault(extension.student_id, extension)
        # Students whose dates may differ from the cohort's: an extension or a late join.
        self._personal = {student_id for student_id, _ in self.lab_extensions}
        self._personal.update(self.all_lab_extensions)
        self._personal.update(student_id for student_id in joined if self.joined_late(student_id))
        self._cohort_due: dict[int, rules.PersonalDue] = {}

    def cohort_dates(self, lab: Lab) -> tuple[datetime.date, datetime.date]:
        dates = self._lab_dates.get(lab.pk)
        if dates is None:
            dates = self._lab_dates[lab.pk] = (lab.opens_on(self.cohort), lab.due_on(self.cohort))
        return dates

    def joined_late(self, student_id: int) -> datetime.date | None:
        joined = self.joined.get(student_id)
        return joined if joined and joined > self.cohort.start_date else None

    def for_student(self, student_id: int, lab: Lab) -> rules.PersonalDue:
        if student_id not in self._personal:
            # Most students keep the cohort's date: one shared PersonalDue per lab.
            due = self._cohort_due.get(lab.id)
            if due is None:
                due = self._cohort_due[lab.id] = rules.PersonalDue(self.cohort_dates(lab)[1])
            return due
        extension = self.lab_extensions.get((student_id, lab.pk))
        if extension is not None:
            return rules.PersonalDue(extension.due_on, "extension", extension.reason)
        opens_on, due_on = self.cohort_dates(lab)
        due = rules.PersonalDue(due_on)
        joined = self.joined_late(student_id)
        if joined and due_on < joined:
            # Already due when they arrived: the lab's normal length, counted from arrival.
            due = rules.PersonalDue(
                joined + (due_on - opens_on),
                "joined late",
                f"joined the cohort on {joined:%b %-d}",
            )
        extension = self.all_lab_extensions.get(student_id)
        if extension is not None:
            return rules.PersonalDue(
                due.due_on + datetime.timedelta(days=extension.extra_days),
                "extension",
                extension.reason,
            )
        return due


def _seat_events(*, cohort):
    """The events that gave a student a seat in the cohort (or an OuterRef to one): the
    first of a student's is the day they joined."""
    return EnrolmentEvent.objects.filter(to_cohort=cohort, to_status=Enrolment.Status.ENROLLED)


def due_dates_for(
    *, cohort: Cohort, student_id: int | None = None, seated_at: dict | None = None
) -> DueDates:
    """Two queries: the cohort's extensions, and when each student got their seat in it.

    A caller that read the seat with the enrolment (enrolments_with_standing) passes
    `seated_at`, student id -> the moment (one query then).
    """
    extensions = Extension.objects.filter(cohort=cohort, revoked_at=None).order_by(
        "-granted_at", "-pk"
    )
    if student_id is not None:
        extensions = extensions.filter(student_id=student_id)
    if seated_at is None:
        events = _seat_events(cohort=cohort).filter(enrolment__cohort=cohort)
        if student_id is not None:
            events = events.filter(enrolment__user_id=student_id)
        seated_at = dict(
            events.order_by()
            .values("enrolment__user_id")
            .annotate(first=Min("at"))
            .values_list("enrolment__user_id", "first")
        )
    joined = {user_id: timezone.localdate(first) for user_id, first in seated_at.items()}
    return DueDates(cohort, list(extensions), joined)


# ----------------------------------------------------------------- results


# Read as "created_at minus this moment" (an interval), a gradebook's 7,500 counted rows load
# in C and `_UNIX_EPOCH + interval` gives back the same aware UTC datetime, to the
# microsecond. Read as timestamps, each went through Django's Python loader for time zones
# (about 4 microseconds a row, 30 ms a page).
_UNIX_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def _counted_rows(*, cohort: Cohort, labs: list[Lab], student_id: int | None = None):
    """Per (student, lab): the submission that counts (the one marked final, else the best
    public score, earliest on a tie) with the lab's best public score and whether any
    attempt passed on the public half. One query.

    The final choice is a join, not an EXISTS per row: PostgreSQL priced the EXISTS per
    row at over a million, switched on its JIT compiler, and spent ~650 ms compiling the
    query before running it (seconds on a busy machine). The three window functions
    share one window (a full frame), so the rows are sorted and scanned once.
    """
    graded = Submission.objects.filter(
        cohort=cohort, status=Submission.Status.GRADED, lab_id__in=[lab.pk for lab in labs]
    )
    if student_id is not None:
        graded = graded.filter(student_id=student_id)
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
            # The time sent as an interval since the epoch, not a timestamp: see _UNIX_EPOCH.
            sent_since_epoch=F("created_at") - Value(_UNIX_EPOCH),
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
            _UNIX_EPOCH + sent,
            ref_private,
            choice is not None,
            Submission.undirected(best, higher_is_better=higher[lab_id]),
            bool(any_pass),
        )
    return counted


class Results:
    """Results of a set of students x labs, overrides included; `get(student_id, lab)` never
    queries."""

    def __init__(self, *, cohort, labs, policies, dues, counted, overrides, now):
        self.cohort = cohort
        self.labs = labs
        self.policies = policies
        self.dues = dues
        self.counted = counted
        self.overrides = overrides  # (student id, lab id) -> the GradeOverride in force
        self.now = now
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
        )

    def for_student(self, student_id: int) -> dict[int, rules.LabResult]:
        return {lab.pk: self.get(student_id, lab) for lab in self.labs}


def overrides_in_force(
    *, cohort: Cohort, student_id: int | None = None
) -> dict[tuple[int, int], GradeOverride]:
    """(student id, lab id) -> the grade override in force, with who set it (one query)."""
    overrides = GradeOverride.objects.filter(cohort=cohort, revoked_at__isnull=True)
    if student_id is not None:
        overrides = overrides.filter(student_id=student_id)
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
) -> Results:
    """Five queries: policies, extensions, join dates, counted submissions, overrides.

    `final_only` limits the counted-submission read to the labs whose final results show
    for somebody (the cohort's cutoff has passed; a student's own date is never earlier):
    the gradebook reads public scores itself and hands them to `Results.get`. The other
    labs' results then say nothing of their counted submissions. A caller that has read
    the program's `policies` already passes them, and one that has read when the students
    got their seats passes `seated_at` (see due_dates_for): a query fewer each.
    """
    labs = list(labs)
    now = now or timezone.now()
    policies = policies or policies_for(program_id=cohort.program_id)
    dues = due_dates_for(cohort=cohort, student_id=student_id, seated_at=seated_at)
    counted_labs = labs
    if final_only:
        tz = timezone.get_current_timezone()
        counted_labs = [
            lab
            for lab in labs
            if rules.shows_private(dues.cohort_dates(lab)[1], policies.for_lab(lab.pk), now, tz)
        ]
    counted = (
        _counted_rows(cohort=cohort, labs=counted_labs, student_id=student_id)
        if counted_labs
        else {}
    )
    overrides = overrides_in_force(cohort=cohort, student_id=student_id)
    return Results(
        cohort=cohort,
        labs=labs,
        policies=policies,
        dues=dues,
        counted=counted,
        overrides=overrides,
        now=now,
    )


def student_results(*, student, cohort: Cohort, labs: list[Lab], now=None) -> dict:
    """lab id -> LabResult for one student (five queries)."""
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


def personal_due_dates(*, enrolment: Enrolment, today: datetime.date | None = None):
    """(lab, PersonalDue) for the labs whose due date is this student's own."""
    dues = due_dates_for(cohort=enrolment.cohort, student_id=enrolment.user_id)
    labs = Lab.objects.filter(is_published=True).order_by("week", "title", "pk")
    found = []
    for lab in labs:
        due = dues.for_student(enrolment.user_id, lab)
        if due.is_personal:
            found.append((lab, due))
    return found


# ----------------------------------------------------------------- completion


def completion_progress(*, results: dict, labs: list[Lab], share: float) -> dict:
    """How far a student is from completion: passed, needed, total."""
    total = len(labs)
    passed = sum(1 for lab in labs if results[lab.pk].has_passed)
    needed = rules.labs_needed(total=total, min_share=share)
    return {
        "passed": passed,
        "needed": needed,
        "total": total,
        "missing": max(needed - passed, 0),
        "share_percent": round(share * 100),
        "percent": round(100 * min(passed, needed) / needed) if needed else 0,
    }


def enrolment_completion(*, enrolment: Enrolment, results: dict, labs: list[Lab]) -> dict:
    """Completion progress and the valid certificate, if any, for an enrolment read by
    enrolments_with_standing: no query, the completion rule and the certificate came with it."""
    # A missing reverse one-to-one read by select_related raises DoesNotExist, an AttributeError.
    rule = getattr(enrolment.cohort.program, "completion_rule", None)
    progress = completion_progress(results=results, labs=labs, share=completion_share(rule))
    # select_related through a FilteredRelation sets the attribute only when a row matched.
    progress["certificate"] = getattr(enrolment, "valid_certificate", None)
    return progress


def extensions_for_cohort(*, cohort: Cohort):
    return (
        Extension.objects.filter(cohort=cohort)
        .select_related("student", "lab", "granted_by", "revoked_by")
        .order_by("-granted_at", "-pk")
    )


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
