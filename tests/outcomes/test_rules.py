"""The outcomes rules on plain values: periods, timing, the window, the median, suppression."""

import datetime

import pytest

from outcomes import rules

D = datetime.date
START, END = D(2027, 1, 4), D(2027, 3, 28)  # a 12-week cohort


def test_periods_are_half_years_by_scheduled_graduation():
    assert rules.Period.containing(D(2027, 6, 30)) == rules.Period(2027, 1)
    assert rules.Period.containing(D(2027, 7, 1)) == rules.Period(2027, 2)
    period = rules.Period.parse("2027-H2")
    assert (period.start, period.end, period.label) == (D(2027, 7, 1), D(2027, 12, 31), "2027 H2")
    assert period.previous() == rules.Period(2027, 1)
    assert rules.Period(2027, 1).previous() == rules.Period(2026, 2)
    for label in ("2027-H3", "27-H1", "99999999999-H1", "2027", "２０２７-H1", "\x00-H1"):
        with pytest.raises(ValueError):
            rules.Period.parse(label)


@pytest.mark.parametrize(
    "graduated_on, expected",
    [
        (END, rules.ON_TIME),
        (END + datetime.timedelta(days=rules.ON_TIME_GRACE_DAYS), rules.ON_TIME),
        (END + datetime.timedelta(days=rules.ON_TIME_GRACE_DAYS + 1), rules.LATE),
        # 150% of 84 days is 126 days from the first day: day 125 is the last late one.
        (START + datetime.timedelta(days=125), rules.LATE),
        (START + datetime.timedelta(days=126), None),
        (None, None),
    ],
)
def test_graduation_on_time_late_or_not(graduated_on, expected):
    assert rules.graduation_timing(start=START, end=END, graduated_on=graduated_on) == expected


def test_the_window_takes_day_180_and_not_day_181():
    graduated = D(2027, 3, 29)
    assert rules.within_window(
        graduated_on=graduated, start_date=graduated + datetime.timedelta(180)
    )
    assert not rules.within_window(
        graduated_on=graduated, start_date=graduated + datetime.timedelta(181)
    )
    # A job that began before graduating counts (hired while finishing the course).
    assert rules.within_window(graduated_on=graduated, start_date=D(2027, 3, 1))


def test_median_with_odd_and_even_counts_in_minor_units():
    assert rules.median_minor([]) is None
    assert rules.median_minor([9_000_000, 7_000_000, 8_000_000]) == 8_000_000
    assert rules.median_minor([7_000_000, 8_000_001, 9_000_000, 6_000_000]) == 7_500_001
    # The half of a minor unit rounds up, and the answer stays an integer.
    median = rules.median_minor([1, 2])
    assert median == 2 and isinstance(median, int)


def test_counts_under_five_are_suppressed_zero_is_not():
    assert [rules.is_suppressed(n) for n in (0, 1, 4, 5, 6)] == [False, True, True, False, False]
    assert rules.SUPPRESS_BELOW == 5


def _graduate(**kwargs):
    return rules.StudentFacts(enrolment_id=1, start=START, end=END, graduated_on=END, **kwargs)


def test_a_graduates_first_job_in_the_window_is_their_outcome():
    in_field = rules.Hire(D(2027, 6, 1), True, "contract", 8_000_000, "USD", "verified")
    out_of_field = rules.Hire(D(2027, 5, 1), False, "full_time", None, "", "none")
    assert rules.outcome_of(_graduate(hires=[in_field, out_of_field], latest_status="hired")) == (
        "out_of_field",
        out_of_field,
    )
    late = rules.Hire(END + datetime.timedelta(days=181), True, "full_time", 1, "USD", "none")
    assert rules.outcome_of(_graduate(hires=[late], latest_status="hired"))[0] == "still_searching"
    assert rules.outcome_of(_graduate())[0] == "not_reported"
