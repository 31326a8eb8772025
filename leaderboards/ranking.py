"""Ranking as plain functions: best first in the metric's direction, ties to the earlier.

No queries here: leaderboards.selectors reads the scores and hands them over.
"""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Entry:
    """One student's score on a leaderboard and when the submission that made it arrived."""

    student_id: int
    score: float
    sent_at: datetime.datetime
    submission_id: int


def order_key(score: float, higher_is_better: bool) -> float:
    """Smaller is better, whichever way the metric points."""
    return -score if higher_is_better else score


def ranked(entries, *, higher_is_better: bool) -> list[tuple[int, Entry]]:
    """(rank, entry), best first; an equal score goes to the earlier submission, so no two
    students share a rank."""
    ordered = sorted(
        entries,
        key=lambda e: (order_key(e.score, higher_is_better), e.sent_at, e.submission_id),
    )
    return list(enumerate(ordered, start=1))


def reference_place(scores, score: float, *, higher_is_better: bool) -> int:
    """Where the reference row goes among rows with these scores (best first): after every
    student who scored at least as well."""
    key = order_key(score, higher_is_better)
    return sum(1 for other in scores if order_key(other, higher_is_better) <= key)
