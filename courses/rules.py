"""The course rules as plain functions: due moments, lateness, late penalties, final results.

No queries here: courses.selectors gathers the rows (a reviewer's grade override in force
among them) and every page reads the LabResult these functions build, so the rule, and the
override's place in it, live in one place.

When a student sees what: public scores always; private scores and the final result only
once that student can no longer upload for the lab (their own cutoff). Late work is
accepted between the due date and the cutoff, and a student who saw private scores then
could tune late uploads against the hidden half of the test set. The due date itself still
locks the final choice and starts the late penalty and the overdue flags.
"""

import datetime
import functools
import math
from dataclasses import dataclass

from courses import rubric_rules
from labs.grading import pass_threshold, passes


@dataclass(frozen=True)
class Policy:
    grace_hours: int = 2
    penalty_per_day: float = 0.1
    cutoff_days: int = 7

    def describe(self) -> str:
        return (
            f"{self.grace_hours} h grace, {round(self.penalty_per_day * 100)}% off per day late, "
            f"no uploads {self.cutoff_days} days after the due date"
        )


DEFAULT_POLICY = Policy()


def due_moment(due_on: datetime.date, tz) -> datetime.datetime:
    """Work is on time until the end of the due date in the site's time zone."""
    return datetime.datetime.combine(due_on + datetime.timedelta(days=1), datetime.time(), tz)


def is_past_due(due_on: datetime.date, now: datetime.datetime, tz) -> bool:
    """The due date has passed: late work from here on, and the final choice is locked."""
    return now >= due_moment(due_on, tz)


def shows_private(due_on: datetime.date, policy: Policy, now: datetime.datetime, tz) -> bool:
    """Private scores (and the final result) show: the student's cutoff has passed."""
    return now >= deadlines(due_on, policy, tz).closes_at


def cutoff_moment(due_on: datetime.date, policy: Policy, tz) -> datetime.datetime:
    """From this moment on, uploads for the lab are refused."""
    return due_moment(due_on, tz) + datetime.timedelta(
        days=policy.cutoff_days, hours=0 if policy.cutoff_days else policy.grace_hours
    )


@dataclass(frozen=True)
class Deadlines:
    """The moments a due date and a late policy set: due, end of grace, closed to uploads."""

    due_at: datetime.datetime
    closes_at: datetime.datetime
    # Work sent up to this moment is not late. In UTC, because grace is elapsed time (adding
    # hours to a local time would be off across a daylight-saving change), and because the
    # sent times compared with it are UTC too: same-zone comparisons are the cheap ones.
    grace_ends_at: datetime.datetime


@functools.lru_cache(maxsize=4096)
def deadlines(due_on: datetime.date, policy: Policy, tz) -> Deadlines:
    # Cached: a gradebook asks for the same few (date, policy) pairs thousands of times.
    due_at = due_moment(due_on, tz)
    grace_ends_at = due_at.astimezone(datetime.UTC) + datetime.timedelta(hours=policy.grace_hours)
    return Deadlines(due_at, cutoff_moment(due_on, policy, tz), grace_ends_at)


def days_late(sent_at: datetime.datetime, due_on: datetime.date, policy: Policy, tz) -> int:
    """Whole days (started) after the due date; 0 within the grace period."""
    return _days_late(sent_at, deadlines(due_on, policy, tz))


def _days_late(sent_at: datetime.datetime, moments: Deadlines) -> int:
    if sent_at <= moments.grace_ends_at:
        return 0
    return math.ceil((sent_at - moments.due_at) / _ONE_DAY)


_ONE_DAY = datetime.timedelta(days=1)


def penalty_for(days: int, policy: Policy) -> float:
    return min(1.0, days * policy.penalty_per_day)


def penalised(score: float | None, penalty: float, higher_is_better: bool) -> float | None:
    """The score with `penalty` (a share) taken off, in the metric's own direction."""
    if score is None or not penalty:
        return score
    change = penalty * abs(score)
    return score - change if higher_is_better else score + change


@dataclass(frozen=True)
class PersonalDue:
    due_on: datetime.date
    source: str = "cohort"  # "cohort", "extension" or "joined late"
    note: str = ""

    @property
    def is_personal(self) -> bool:
        return self.source != "cohort"


# Counted and LabResult are built thousands of times per gradebook (500 students x the
# labs due): slots and no frozen __setattr__ make that cheaper (docs/benchmarks.md). Read only.
@dataclass(slots=True)
class Counted:
    """The submission that counts for a lab, as read by courses.selectors."""

    pk: int
    public_score: float | None
    private_score: float | None
    sent_at: datetime.datetime
    reference_private: float | None
    is_chosen: bool
    best_public: float | None
    any_public_pass: bool


@dataclass(slots=True)
class LabResult:
    """One student's result for one lab: what every page, export, board and completion
    reads, and the only place that says whether the student passed, with what score, and
    why (the rules, or a reviewer's override in force)."""

    lab_id: int
    due: PersonalDue
    policy: Policy
    is_due: bool  # the due date has passed: late from here on, the final choice is locked
    is_closed: bool  # past the cutoff: no more uploads, so the final result stands and shows
    counted: Counted | None
    days_late: int
    penalty: float
    final_score: float | None  # the counted submission's private score, penalised
    final_passed: bool
    closes_at: datetime.datetime  # the cutoff: uploads refused, private scores shown
    best_public: float | None  # the best public score of any graded attempt
    any_public_pass: bool  # some graded attempt passed on the public half
    # A reviewer's decision in force (courses.models.GradeOverride, or anything with its
    # passed, score, reason, created_by and created_at): it has the last word.
    override: object = None
    # The student's rubric grade once released to their cohort (courses.rubric_rules), or None.
    rubric: rubric_rules.RubricPart | None = None

    @property
    def due_on(self) -> datetime.date:
        return self.due.due_on

    @property
    def is_final(self) -> bool:
        """The final result stands and shows, private scores too: the student's cutoff has
        passed, so nothing they do can change it or use what it reveals."""
        return self.is_closed

    @property
    def public_passed(self) -> bool:
        return self.any_public_pass

    @property
    def automatic_passed(self) -> bool:
        """Pass/fail of the automatic score: the final result once final, public before."""
        return self.final_passed if self.is_closed else self.any_public_pass

    @property
    def computed_passed(self) -> bool:
        """Pass/fail by the rules alone: the automatic score's, blended with a released
        rubric grade by its weight (courses.rubric_rules)."""
        part = self.rubric
        if part is None:
            return self.automatic_passed
        return rubric_rules.combined_passes(
            auto=self.automatic_share,
            auto_passed=self.automatic_passed,
            part=part,
            pass_ratio=part.pass_ratio,
        )

    @property
    def automatic_share(self) -> float:
        """The automatic score as a share of the reference (0 to 1; courses.rubric_rules)."""
        counted = self.counted
        part = self.rubric
        return rubric_rules.automatic_share(
            self.computed_score,
            counted.reference_private if counted else None,
            higher_is_better=part.higher_is_better if part else True,
        )

    @property
    def grade_share(self) -> float | None:
        """The blended result (0 to 1) when a rubric grade is released, else None."""
        part = self.rubric
        if part is None:
            return None
        return rubric_rules.combined_share(self.automatic_share, part)

    @property
    def computed_score(self) -> float | None:
        """The score by the rules alone: the final score once final, the best public before."""
        return self.final_score if self.is_closed else self.best_public

    @property
    def is_overridden(self) -> bool:
        return self.override is not None

    @property
    def has_passed(self) -> bool:
        """Pass/fail as every page and completion counts it: an override in force, else the
        rules (computed_passed)."""
        override = self.override
        return self.computed_passed if override is None else override.passed

    @property
    def score(self) -> float | None:
        """The score every page shows: an override's, when it gives one, else the rules'."""
        override = self.override
        if override is None or override.score is None:
            return self.computed_score
        return override.score

    @property
    def submission_id(self) -> int | None:
        return self.counted.pk if self.counted else None

    @property
    def penalty_percent(self) -> int:
        return round(self.penalty * 100)


def lab_result(
    *,
    lab_id: int,
    due: PersonalDue,
    policy: Policy,
    counted: Counted | None,
    now: datetime.datetime,
    tz,
    pass_ratio: float,
    higher_is_better: bool,
    override=None,
    public: tuple[float | None, bool] | None = None,
    rubric: rubric_rules.RubricPart | None = None,
) -> LabResult:
    """`public` is (best public score, any public pass) for a caller that read them without
    the counted submission (the gradebook's aggregate); the counted row's win when given."""
    moments = deadlines(due.due_on, policy, tz)
    return result_at(
        lab_id,
        due,
        policy,
        moments,
        counted,
        now,
        pass_ratio,
        higher_is_better,
        override,
        public,
        rubric,
    )


def result_at(
    lab_id,
    due,
    policy,
    moments,
    counted,
    now,
    pass_ratio,
    higher_is_better,
    override,
    public,
    rubric=None,
) -> LabResult:
    """lab_result with the deadlines already looked up. Positional: courses.selectors.Results
    calls it for every cell of a gradebook (15,000 a page) with the moments it keeps per
    due date."""
    is_due = now >= moments.due_at
    is_closed = now >= moments.closes_at
    if counted is None:
        best, any_pass = public or (None, False)
        return LabResult(
            lab_id,
            due,
            policy,
            is_due,
            is_closed,
            None,
            0,
            0.0,
            None,
            False,
            moments.closes_at,
            best,
            any_pass,
            override,
            rubric,
        )
    days = _days_late(counted.sent_at, moments)
    penalty = penalty_for(days, policy)
    final_score = None
    final_passed = False
    if counted.private_score is not None:
        final_score = penalised(counted.private_score, penalty, higher_is_better)
        final_passed = passes(
            final_score,
            counted.reference_private,
            ratio=pass_ratio,
            higher_is_better=higher_is_better,
        )
    return LabResult(
        lab_id,
        due,
        policy,
        is_due,
        is_closed,
        counted,
        days,
        penalty,
        final_score,
        final_passed,
        moments.closes_at,
        counted.best_public,
        counted.any_public_pass,
        override,
        rubric,
    )


def final_threshold(
    reference_private: float | None, *, ratio: float, higher_is_better: bool
) -> float | None:
    return pass_threshold(reference_private, ratio=ratio, higher_is_better=higher_is_better)


def completion_met(*, passed: int, total: int, min_share: float) -> bool:
    if total == 0:
        return False
    return passed >= labs_needed(total=total, min_share=min_share)


def labs_needed(*, total: int, min_share: float) -> int:
    # A hair of tolerance: 0.8 of 10 labs is 8, not 8.000000000000002.
    return math.ceil(total * min_share - 1e-9)
