"""Exceptions raised by the grading core.

Both carry a list of human-readable problems, already capped, so that a caller can
store them (for example as JSON) and show them to a person as they are.
"""

from __future__ import annotations


class _ProblemList(Exception):
    """An error made of a list of specific problems; ``str()`` joins them with newlines."""

    def __init__(self, problems: list[str]):
        self.problems: list[str] = list(problems) or ["unknown problem"]
        super().__init__("\n".join(self.problems))

    def __str__(self) -> str:
        return "\n".join(self.problems)


class SubmissionInvalid(_ProblemList):
    """A predictions file that cannot be graded; ``problems`` says why, line by line."""


class DatasetInvalid(_ProblemList, ValueError):
    """A dataset or answer-key CSV (for example uploaded by staff) that cannot be used."""


class ProblemCollector:
    """Collects problems up to a cap and counts the ones past it."""

    def __init__(self, limit: int):
        self.limit = max(1, limit)
        self.items: list[str] = []
        self.dropped = 0

    def add(self, message: str) -> None:
        if len(self.items) < self.limit:
            self.items.append(message)
        else:
            self.dropped += 1

    def __bool__(self) -> bool:
        return bool(self.items)

    def as_list(self) -> list[str]:
        problems = list(self.items)
        if self.dropped:
            noun = "problem" if self.dropped == 1 else "problems"
            problems.append(f"... and {self.dropped} more {noun}")
        return problems
