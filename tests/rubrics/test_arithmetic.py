"""courses.rubric_rules: the automatic share, the blend by weight, and the pass bar."""

import pytest

from courses import rubric_rules
from courses.rubric_rules import RubricPart


def part(points, total=10, weight=0.4, pass_share=0.5, pass_ratio=0.95, higher=True):
    return RubricPart(points, total, weight, pass_share, pass_ratio, higher)


def test_weight_blends_the_two_shares():
    # 0.6 x (0.9 / 0.9) + 0.4 x (7 / 10) = 0.88
    share = rubric_rules.combined_share(
        rubric_rules.automatic_share(0.9, 0.9, higher_is_better=True), part(7)
    )
    assert share == pytest.approx(0.88)


def test_pass_bar_blends_the_lab_ratio_and_the_rubric_pass_share():
    assert rubric_rules.pass_bar(0.95, part(0)) == pytest.approx(0.6 * 0.95 + 0.4 * 0.5)


def test_weight_zero_keeps_the_automatic_verdict_whatever_the_rubric():
    zero = part(0, weight=0)
    assert rubric_rules.combined_passes(auto=1.0, auto_passed=True, part=zero, pass_ratio=0.95)
    assert not rubric_rules.combined_passes(
        auto=0.2, auto_passed=False, part=part(10, weight=0), pass_ratio=0.95
    )


def test_weight_one_is_the_rubric_alone_even_with_no_automatic_score():
    only = part(5, weight=1)
    assert rubric_rules.combined_share(0.0, only) == pytest.approx(0.5)
    assert rubric_rules.combined_passes(auto=0.0, auto_passed=False, part=only, pass_ratio=0.95)
    assert not rubric_rules.combined_passes(
        auto=1.0, auto_passed=True, part=part(4.99, weight=1), pass_ratio=0.95
    )


def test_a_bar_met_exactly_passes_despite_floating_point():
    # 0.7 x 0.95 + 0.3 x 0.5 met by exactly those shares.
    exact = part(5, weight=0.3)
    assert rubric_rules.combined_passes(auto=0.95, auto_passed=True, part=exact, pass_ratio=0.95)


def test_missing_marks_count_zero_and_an_empty_rubric_gives_no_share():
    assert part(0).share == 0
    assert part(3, total=0).share == 0


@pytest.mark.parametrize(
    ("score", "reference", "higher", "expected"),
    [
        (0.45, 0.9, True, 0.5),
        (0.99, 0.9, True, 1.0),  # capped
        (2.0, 1.0, False, 0.5),  # an error twice the reference's
        (0.5, 1.0, False, 1.0),
        (None, 0.9, True, 0.0),  # no automatic score
        (0.9, None, True, 0.0),  # no reference
        (-0.2, -0.5, True, 1.0),  # a poor R2 reference that the score beats
        (float("nan"), 0.9, True, 0.0),
    ],
)
def test_automatic_share(score, reference, higher, expected):
    assert rubric_rules.automatic_share(score, reference, higher_is_better=higher) == pytest.approx(
        expected
    )


def test_automatic_share_passes_exactly_where_the_pass_rule_does():
    # Lower is better: passes at reference / ratio, which is a share of exactly the ratio.
    share = rubric_rules.automatic_share(1.0 / 0.95, 1.0, higher_is_better=False)
    assert share == pytest.approx(0.95)
