"""A program's late policies and completion rule, as the course rules read them."""

from collections.abc import Iterable

from courses import rules
from courses.models import CompletionRule, LatePolicy


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
