"""How a released rubric grade combines with the automatic score: plain arithmetic, no
queries (courses.selectors reads the rows; courses.rules.LabResult applies this).

Both parts are shares from 0 to 1:
- the rubric share: the points marked over the rubric's total (an item without a mark
  counts 0);
- the automatic share: the rules' score over the lab's reference score, capped at 1
  (score / reference when higher is better, reference / score when lower is better). It
  is the pass rule read as a share: an automatic score passes exactly when its share
  reaches the lab's pass ratio. No counted submission, no score or no usable reference:
  the automatic share is 0.

result share = (1 - weight) x automatic share + weight x rubric share
pass bar     = (1 - weight) x the lab's pass ratio + weight x the rubric's pass share

Weight 0 keeps the automatic rules' pass/fail (the rubric is feedback only); weight 1 is
the rubric alone, for a lab with no automatic score.
"""

import math
from dataclasses import dataclass

# Floating sums such as 0.7 x 0.95 + 0.3 x 0.5 must not miss a bar they meet exactly.
_SLACK = 1e-9


@dataclass(frozen=True, slots=True)
class RubricPart:
    """A student's released rubric grade for a lab, as the course rules need it."""

    points: float
    max_points: float
    weight: float
    pass_share: float
    pass_ratio: float  # the lab's, for the automatic half of the pass bar
    higher_is_better: bool  # the lab's metric

    @property
    def share(self) -> float:
        if self.max_points <= 0:
            return 0.0
        return min(1.0, max(0.0, self.points / self.max_points))


def automatic_share(score: float | None, reference: float | None, *, higher_is_better: bool):
    """The automatic score as a share of the reference, from 0 to 1."""
    if score is None or reference is None:
        return 0.0
    if not (math.isfinite(score) and math.isfinite(reference)):
        return 0.0
    if higher_is_better:
        share = score / reference if reference > 0 else (1.0 if score >= reference else 0.0)
    else:
        share = reference / score if score > 0 else (1.0 if reference >= 0 else 0.0)
    return min(1.0, max(0.0, share))


def combined_share(auto: float, part: RubricPart) -> float:
    return (1 - part.weight) * auto + part.weight * part.share


def pass_bar(pass_ratio: float, part: RubricPart) -> float:
    return (1 - part.weight) * pass_ratio + part.weight * part.pass_share


def combined_passes(*, auto: float, auto_passed: bool, part: RubricPart, pass_ratio: float) -> bool:
    """Weight 0 is the automatic rules' own answer; otherwise the blended share and bar."""
    if part.weight <= 0:
        return auto_passed
    return combined_share(auto, part) >= pass_bar(pass_ratio, part) - _SLACK
