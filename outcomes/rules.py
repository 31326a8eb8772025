"""The outcomes rules (after CIRR, the Council on Integrity in Results Reporting), in plain
Python: the half-year periods, graduation on time or late, the 180-day window, each
graduate's outcome, the median salary per currency and the suppression of small numbers.

outcomes.selectors reads the rows into `StudentFacts`; `report_figures` turns them into the
report. Nothing here reads the database, so every rule is tested on plain values.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

# A figure counting 1 to 4 people is shown as "fewer than 5", and a median needs 5 salaries:
# small groups could name a person.
SUPPRESS_BELOW = 5
# Hired in field counts a job that starts within this many days of graduating (day 180 in).
HIRED_WITHIN_DAYS = 180
# The completion job decides after the last lab closes to late work (a week after its due
# date): a graduation this long after the cohort's last day is still on time.
ON_TIME_GRACE_DAYS = 14
# CIRR's "late": within 150% of the program's published length. Later is not graduated.
LATE_LIMIT_SHARE = 1.5
# Salaries are never converted (no exchange rate is ours to pick): the median is taken per
# currency, one line each with its count, the program's own currency first. A currency with
# fewer than SUPPRESS_BELOW salaries keeps its line, its median not shown.

ON_TIME, LATE = "on_time", "late"
KINDS = ("full_time", "part_time", "contract", "school")
VERIFIED = "verified"


@dataclass(frozen=True, order=True)
class Period:
    """A half-year: January-June (half 1) or July-December (half 2). A cohort belongs to the
    period in which its last scheduled day falls (its scheduled graduation)."""

    year: int
    half: int

    @classmethod
    def containing(cls, day: datetime.date) -> "Period":
        return cls(day.year, 1 if day.month <= 6 else 2)

    @classmethod
    def parse(cls, label: str) -> "Period":
        year, half = label.split("-H")
        if not (year.isascii() and year.isdigit() and len(year) == 4 and half in ("1", "2")):
            raise ValueError(f"not a period: {label[:20]!r}")
        return cls(int(year), int(half))

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def end(self) -> datetime.date:
        return (
            datetime.date(self.year, 6, 30) if self.half == 1 else datetime.date(self.year, 12, 31)
        )

    @property
    def label(self) -> str:
        return f"{self.year} H{self.half}"

    @property
    def slug(self) -> str:
        return f"{self.year}-H{self.half}"

    def previous(self) -> "Period":
        return Period(self.year - 1, 2) if self.half == 1 else Period(self.year, 1)


def graduation_timing(
    *, start: datetime.date, end: datetime.date, graduated_on: datetime.date | None
) -> str | None:
    """On time (by the last day, plus the completion job's grace), late (within 150% of the
    program's length), or None: not graduated, or too late to count."""
    if graduated_on is None:
        return None
    if graduated_on <= end + datetime.timedelta(days=ON_TIME_GRACE_DAYS):
        return ON_TIME
    length = (end - start).days + 1
    if graduated_on < start + datetime.timedelta(days=round(length * LATE_LIMIT_SHARE)):
        return LATE
    return None


def within_window(*, graduated_on: datetime.date, start_date: datetime.date) -> bool:
    """A job counts if it starts no later than day 180 after graduation (day 181 is out)."""
    return (start_date - graduated_on).days <= HIRED_WITHIN_DAYS


def median_minor(values: list[int]) -> int | None:
    """The median of amounts in minor units; with an even count, the mean of the middle two
    rounded half up to a whole minor unit (integers throughout, never a float)."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle] + 1) // 2


def salary_medians(salaries: dict[str, list[int]], *, first: str = "") -> list[dict]:
    """One line per currency that has salaries: its median and count, never converted. The
    program's currency (`first`) leads, then the most salaries, then the code."""
    order = sorted(salaries, key=lambda code: (code != first, -len(salaries[code]), code))
    return [
        {
            "currency": code,
            "count": len(salaries[code]),
            "median_minor": median_minor(salaries[code]),
        }
        for code in order
    ]


def is_suppressed(count: int) -> bool:
    return 0 < count < SUPPRESS_BELOW


@dataclass(frozen=True, slots=True)
class Hire:
    start_date: datetime.date
    in_field: bool
    kind: str
    salary_minor: int | None
    currency: str
    evidence_state: str
    record_id: int = 0


@dataclass(slots=True)
class StudentFacts:
    """What the report needs about one enrolled student (outcomes.selectors.report_facts)."""

    enrolment_id: int
    start: datetime.date
    end: datetime.date
    graduated_on: datetime.date | None = None
    # None: the survey was not answered, and CIRR counts the student as job-seeking.
    job_seeking: bool | None = None
    hires: list[Hire] = field(default_factory=list)
    latest_status: str = ""  # the newest record's status, "" without a record

    @property
    def timing(self) -> str | None:
        return graduation_timing(start=self.start, end=self.end, graduated_on=self.graduated_on)


def outcome_of(facts: StudentFacts) -> tuple[str, Hire | None]:
    """A job-seeking graduate's outcome within 180 days: their first job (the earliest start)
    in field by kind, or out of field; else still searching, or not reported (no record)."""
    if not facts.hires:
        return ("still_searching" if facts.latest_status else "not_reported"), None
    counted = sorted(
        (
            h
            for h in facts.hires
            if within_window(graduated_on=facts.graduated_on, start_date=h.start_date)
        ),
        key=lambda hire: hire.start_date,
    )
    if counted:
        first = counted[0]
        return (first.kind if first.in_field else "out_of_field"), first
    if not facts.latest_status:
        return "not_reported", None
    return "still_searching", None


def report_figures(students: list[StudentFacts], *, currency: str = "") -> dict:
    """The report: every count from the students' facts, unsuppressed (display suppresses).
    `currency` is the program's: its salaries' median comes first."""
    counts = Counter()
    salaries = defaultdict(list)
    for facts in students:
        counts["enrolled"] += 1
        timing = facts.timing
        if timing is None:
            counts["not_graduated"] += 1
            continue
        counts[f"graduated_{timing}"] += 1
        if facts.job_seeking is False:
            counts["not_seeking"] += 1
            continue
        counts["job_seeking"] += 1
        outcome, hire = outcome_of(facts)
        counts[outcome] += 1
        if hire is None:
            continue
        counts["hires_verified"] += hire.evidence_state == VERIFIED
        if not hire.in_field or hire.salary_minor is None:
            continue
        salaries[hire.currency].append(hire.salary_minor)
    figures = {
        key: counts[key]
        for key in (
            "enrolled",
            "graduated_on_time",
            "graduated_late",
            "not_graduated",
            "job_seeking",
            "not_seeking",
            *KINDS,
            "out_of_field",
            "still_searching",
            "not_reported",
            "hires_verified",
        )
    }
    figures["hired_in_field"] = sum(counts[kind] for kind in KINDS)
    # Reports published before the per-currency median held median_salary_minor,
    # salary_count, salary_other_currency and currency instead (outcomes.presentation reads
    # both: a published snapshot is never rewritten).
    figures["salaries"] = salary_medians(salaries, first=currency)
    return figures
