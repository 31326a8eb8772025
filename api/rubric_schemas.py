"""What the API answers about rubric grading (api/routers/rubrics.py)."""

import datetime
from decimal import Decimal

from ninja import Field, Schema


class RubricMark(Schema):
    item_id: int
    title: str
    description: str
    max_points: int
    points: Decimal = Field(description="0 for an item left without a mark.")
    comment: str


class LineComment(Schema):
    line: int | None = Field(description="The line of a Python file (from 1), or null.")
    cell: int | None = Field(description="The cell of a notebook (from 1), or null.")
    body: str
    author: str
    created_at: datetime.datetime


class RegradeDecision(Schema):
    accepted: bool
    points_before: Decimal
    points_after: Decimal
    reason: str
    decided_by: str
    decided_at: datetime.datetime


class RegradeRequest(Schema):
    id: int
    item_id: int
    item: str
    reason: str
    status: str = Field(description="open, accepted or declined.")
    created_at: datetime.datetime
    decision: RegradeDecision | None


class RubricFeedback(Schema):
    lab: str
    submission_id: int = Field(description="The submission the grade was given on.")
    released_at: datetime.datetime
    points: Decimal
    max_points: int
    weight: Decimal = Field(description="The rubric's share of the lab result.")
    marks: list[RubricMark]
    line_comments: list[LineComment]
    regrade_requests: list[RegradeRequest]


class RegradeRequestIn(Schema):
    item_id: int
    reason: str = Field(max_length=5000)


class RegradeAnswerIn(Schema):
    accept: bool
    points: Decimal | None = None
    reason: str = Field(max_length=5000)


class RubricGradeRow(Schema):
    student: str = Field(description="The student's name, or a pseudonym while graded blind.")
    student_id: int | None = Field(description="Null while the lab is graded blind.")
    submission_id: int | None = Field(description="Their newest submission for the lab.")
    points: float | None = Field(description="Their rubric points; null when not graded.")


class RubricGrades(Schema):
    lab: str
    cohort_id: int
    is_blind: bool
    released_at: datetime.datetime | None
    max_points: int
    students: list[RubricGradeRow]
    open_regrade_requests: list[RegradeRequest]
