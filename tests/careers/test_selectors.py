"""The salary chart's bar lengths, computed on the server."""

from careers.models import Role
from careers.selectors import salary_bars


def test_best_paid_role_fills_the_track_and_others_scale_to_it():
    roles = [
        Role(name="A", average_salary_usd=50_000),
        Role(name="B", average_salary_usd=200_000),
        Role(name="C", average_salary_usd=150_000),
    ]

    bars = salary_bars(roles=roles)

    assert [bar.width_percent for bar in bars] == ["25.0", "100.0", "75.0"]
    assert [bar.role.name for bar in bars] == ["A", "B", "C"]


def test_no_roles_means_no_bars():
    assert salary_bars(roles=[]) == []


def test_zero_salaries_do_not_divide_by_zero():
    bars = salary_bars(roles=[Role(name="Volunteer", average_salary_usd=0)])

    assert bars[0].width_percent == "0.0"
