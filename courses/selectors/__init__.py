"""Reads for the course rules: personal due dates and each student's result per lab.

One module per concern: `policies` (late policies, completion share), `deadlines` (each
student's due dates), `enrolments` (one student's enrolment with its standing), `counted`
(the submission that counts, one query per cohort), `credited` (the same choice where a
teammate's work counts too: courses.credits), `results` (LabResult for a cohort or a
student, overrides included), `override_rows` (the override rows a page lists) and
`completion`. Every reader of a result (gradebook and its
CSV, dashboard, API, leaderboard, lab and submission pages, reminders, completion,
announcements' audiences, an override's "previous grade") reads the LabResult built in
`results` and never recomputes a rule or lays an override on top itself.

`from courses import selectors` and `selectors.cohort_results(...)` keep working: the
public names are gathered here.
"""

from courses.selectors.completion import completion_progress, enrolment_completion
from courses.selectors.deadlines import (
    DueDates,
    due_dates_for,
    extensions_for_cohort,
    personal_due_dates,
)
from courses.selectors.enrolments import enrolments_with_standing, with_seated_at
from courses.selectors.override_rows import override_for, override_history, student_overrides
from courses.selectors.policies import (
    Policies,
    completion_share,
    completion_share_for,
    policies_for,
)
from courses.selectors.results import (
    Results,
    cohort_results,
    enrolment_results,
    lab_result_for,
    overrides_in_force,
    private_scores_shown,
    published_labs,
    student_results,
    submission_standing,
)

__all__ = [
    "DueDates",
    "Policies",
    "Results",
    "cohort_results",
    "completion_progress",
    "completion_share",
    "completion_share_for",
    "due_dates_for",
    "enrolment_completion",
    "enrolment_results",
    "enrolments_with_standing",
    "extensions_for_cohort",
    "lab_result_for",
    "override_for",
    "override_history",
    "overrides_in_force",
    "personal_due_dates",
    "policies_for",
    "private_scores_shown",
    "published_labs",
    "student_overrides",
    "student_results",
    "submission_standing",
    "with_seated_at",
]
