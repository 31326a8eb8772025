"""What the API answers with: one schema per kind of answer, documented in the OpenAPI."""

import datetime
from typing import Any, Literal

from ninja import Field, Schema


class Error(Schema):
    """Every error: a sentence for people, a code for programs, and the precise problems."""

    detail: str = Field(description="What went wrong, in the words the web page uses.")
    code: str = Field(description="A stable name for the kind of error, e.g. not_found.")
    problems: list[str] = Field(
        default_factory=list, description="Each problem with the request or the file."
    )


class Cohort(Schema):
    id: int
    name: str
    program: str
    weeks: int
    start_date: datetime.date
    end_date: datetime.date
    status: str = Field(description="upcoming, open, full, running or finished.")


class Me(Schema):
    username: str
    name: str
    email: str
    is_staff: bool
    is_reviewer: bool = Field(description="Staff or an instructor: may read gradebooks.")
    cohort: Cohort | None = Field(description="The cohort whose labs this user works on.")


class Enrolment(Schema):
    id: int
    status: str = Field(description="applied, enrolled, waitlisted, withdrawn or completed.")
    cohort: Cohort
    waitlist_position: int | None
    created_at: datetime.datetime


class LabSummary(Schema):
    slug: str
    title: str
    summary: str
    week: int
    kind: Literal["predictions", "code"]
    opens_on: datetime.date | None
    due_on: datetime.date | None
    is_open: bool
    status: str = Field(
        description="locked, open, submitted, grading, passed, failing or overdue "
        "(open for reviewers, who have no progress of their own)."
    )
    url: str


class DataFile(Schema):
    name: Literal["train", "test"]
    filename: str
    description: str
    rows: int
    url: str


class UploadRefused(Schema):
    code: Literal["not_open", "closed", "daily_limit"]
    reason: str
    hint: str


class Lab(LabSummary):
    instructions: str
    task: str
    metric: str
    metric_label: str
    higher_is_better: bool
    reference_score: float | None
    pass_threshold: float | None
    daily_limit: int
    attempts_left_today: int
    max_upload_bytes: int
    accepts: list[str] = Field(description="File name endings this lab accepts.")
    files: list[DataFile]
    upload_refused: UploadRefused | None = Field(
        description="Why an upload would be refused now (the lab page's words), or null if "
        "it would be taken. Null for reviewers, who upload nothing of their own."
    )


class Submission(Schema):
    id: int
    lab: str
    status: Literal["queued", "grading", "graded", "rejected", "error"]
    is_pending: bool
    original_name: str
    note: str = Field(description="My own note on this attempt (empty when none).")
    size_bytes: int
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
    passed: bool | None
    public_score: float | None
    private_score: float | None = Field(
        description="Shown once my own cutoff for late work has passed, never before."
    )
    reference_score: float | None
    pass_threshold: float | None
    metric_label: str
    higher_is_better: bool
    problems: list[str] = Field(description="Why a file was rejected (up to 20, with lines).")
    feedback: dict[str, Any] = Field(
        description="Aggregate metrics only (confusion matrix, per class, error summary) "
        "and, for code labs, what the code printed."
    )
    url: str
    web_url: str


class LabResult(Schema):
    lab: str
    title: str
    week: int
    status: str
    is_final: bool = Field(
        description="My own cutoff for late work has passed: has_passed and best_score are "
        "the final result (the private score of my final or best submission, less any late "
        "penalty)."
    )
    has_passed: bool
    best_score: float | None
    is_overridden: bool = Field(
        description="My instructor's grade override decides has_passed (and best_score if it "
        "gives one)."
    )
    reference_score: float | None
    metric_label: str
    higher_is_better: bool
    attempts: int
    attempts_left_today: int
    opens_on: datetime.date
    due_on: datetime.date = Field(description="My own due date (extensions, late joiners).")
    due_date_source: Literal["cohort", "extension", "joined late"]
    late_penalty_percent: int = Field(description="Taken off the final score for late work.")


class Results(Schema):
    cohort: Cohort
    week: int
    passed: int
    open: int
    total: int
    labs: list[LabResult]


class GradebookLab(Schema):
    slug: str
    title: str
    opens_on: datetime.date
    due_on: datetime.date
    is_open: bool
    reference_score: float | None
    metric_label: str
    higher_is_better: bool
    students: int
    attempted: int
    passed: int
    pass_rate: int = Field(description="Percent of the cohort's students who passed.")
    median_attempts: float | None


class GradebookCell(Schema):
    lab: str
    status: str
    has_passed: bool
    best_score: float | None
    is_overridden: bool = Field(
        description="A reviewer's grade override decides has_passed (and best_score if it "
        "gives one)."
    )
    attempts: int
    failing_attempts: int


class GradebookRow(Schema):
    student_id: int
    username: str
    name: str
    passed: int
    last_submission_at: datetime.datetime | None
    at_risk: bool
    flags: list[str]
    team: str | None = Field(default=None, description="The student's capstone team, if any.")
    cells: list[GradebookCell]


class Gradebook(Schema):
    cohort: Cohort
    today: datetime.date
    labs: list[GradebookLab]
    students: list[GradebookRow]


class LeaderboardRow(Schema):
    rank: int | None = Field(description="None on the reference model's row.")
    name: str = Field(description="The student's display name or alias; the reference's pipeline.")
    score: float
    submitted_at: datetime.datetime | None
    is_reference: bool
    is_you: bool
    is_hidden: bool = Field(description="Hidden from other students (you see your own row).")
    student: str | None = Field(description="The student's real name: for reviewers only.")
    is_overridden: bool = Field(
        default=False,
        description="The score was set by a reviewer's grade override. Told to reviewers and "
        "on your own row only; false on classmates' rows.",
    )
    entries: int = Field(
        default=0, description="Files the student sent for the lab (0 on the reference's row)."
    )
    last_submitted_at: datetime.datetime | None = Field(
        default=None, description="When the student sent their last file for the lab."
    )
    team: str | None = Field(default=None, description="The student's capstone team, if any.")


class Leaderboard(Schema):
    lab: str
    cohort: Cohort
    is_enabled: bool = Field(
        description="False: the cohort's instructors turned it off; students get no rows."
    )
    phase: Literal["public", "final"] = Field(
        description=(
            "public: best public scores until late work closes for the cohort; final: final"
            " results on the private half of the test set."
        )
    )
    due_on: datetime.date = Field(description="The cohort's due date for the lab.")
    final_at: datetime.datetime = Field(
        description="When late work closes for the cohort and the board turns final."
    )
    metric_label: str
    higher_is_better: bool
    students: int
    ranked: int = Field(description="Students with a rank, hidden ones included.")
    hidden: int = Field(description="Ranked students you do not see (they chose to hide).")
    your_final_at: datetime.datetime | None = Field(
        description=(
            "Set once the board is final when your own cutoff is later (an extension, a late"
            " join): you are ranked from then on."
        )
    )
    rows: list[LeaderboardRow]


class JobRecord(Schema):
    """One step of a graduate's job search (career outcomes)."""

    id: int
    status: str = Field(description="searching, interviewing, offer, hired or not_seeking.")
    employer: str
    role_title: str
    in_field_role: str | None = Field(
        description="The program's in-field role; null: out of field."
    )
    kind: str = Field(description="full_time, part_time, contract or school; empty if unknown.")
    start_date: datetime.date | None
    base_salary_minor: int | None = Field(
        description=(
            "Yearly base salary in the minor unit of salary_currency (cents for USD or EUR, "
            "yen for JPY, fils for KWD)."
        )
    )
    salary_currency: str
    evidence: str = Field(description="none, unverified, verified or rejected.")
    cohort: str
    updated_at: datetime.datetime
