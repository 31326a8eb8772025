"""The report from the records, under a frozen clock: who is in the denominator, the window,
on time or late, the median, and a published snapshot that later edits leave alone."""

import datetime

import pytest
import time_machine

from outcomes import presentation, rules, selectors
from outcomes.models import JobRecord
from outcomes.services import reports
from tests.factories import UserFactory
from tests.outcomes import factories as f

pytestmark = pytest.mark.django_db
D = datetime.date
H1 = rules.Period(2027, 1)
NOW = datetime.datetime(2027, 11, 2, 10, tzinfo=datetime.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _report(cohort):
    return selectors.report_compute(program=cohort.program, period=H1)


def test_dropouts_are_in_the_denominator_early_leavers_are_not(frozen):
    cohort = f.finished_cohort()
    f.graduate(cohort)
    f.dropout(cohort, on=cohort.start_date + datetime.timedelta(days=20))
    f.dropout(cohort, on=cohort.start_date)  # left on the first day: counted
    f.dropout(cohort, on=cohort.start_date - datetime.timedelta(days=3))  # before: not
    f.student(cohort)  # still enrolled, never completed
    figures = _report(cohort)
    assert figures["enrolled"] == 4
    assert figures["graduated_on_time"] == 1
    assert figures["not_graduated"] == 3


def test_on_time_and_late_graduation(frozen):
    cohort = f.finished_cohort()
    f.graduate(cohort, on=cohort.end_date + datetime.timedelta(days=rules.ON_TIME_GRACE_DAYS))
    f.graduate(cohort, on=cohort.end_date + datetime.timedelta(days=rules.ON_TIME_GRACE_DAYS + 1))
    f.graduate(cohort, on=cohort.start_date + datetime.timedelta(days=200))  # past 150%
    figures = _report(cohort)
    assert (figures["graduated_on_time"], figures["graduated_late"]) == (1, 1)
    assert figures["not_graduated"] == 1


def test_hired_in_field_on_day_180_counts_day_181_does_not(frozen):
    cohort = f.finished_cohort()
    graduated_on = cohort.end_date + datetime.timedelta(days=1)
    day_180 = f.graduate(cohort, on=graduated_on)
    day_181 = f.graduate(cohort, on=graduated_on)
    f.hire(day_180, start=graduated_on + datetime.timedelta(days=180))
    f.hire(day_181, start=graduated_on + datetime.timedelta(days=181))
    figures = _report(cohort)
    assert figures["hired_in_field"] == figures["full_time"] == 1
    assert figures["still_searching"] == 1
    assert [line["count"] for line in figures["salaries"]] == [1]


def test_hires_by_kind_out_of_field_and_intent(frozen):
    cohort = f.finished_cohort()
    start = cohort.end_date + datetime.timedelta(days=30)
    for kind in ("full_time", "part_time", "contract", "school"):
        f.hire(f.graduate(cohort), start=start, kind=kind)
    f.hire(f.graduate(cohort), start=start, in_field=False, salary=None)
    f.intent(f.graduate(cohort), seeking=False)  # not seeking: out of the job-seekers
    f.intent(f.graduate(cohort), seeking=True, employed=True)  # upskilling: not seeking
    f.intent(f.graduate(cohort), seeking=True)  # seeking, no record yet
    figures = _report(cohort)
    assert [figures[k] for k in ("full_time", "part_time", "contract", "school")] == [1, 1, 1, 1]
    assert figures["hired_in_field"] == 4
    assert figures["out_of_field"] == 1
    assert (figures["job_seeking"], figures["not_seeking"]) == (6, 2)
    assert figures["not_reported"] == 1


@pytest.mark.parametrize(
    "salaries, median", [([7, 9, 8], 8_000_000), ([7, 9, 8, 6], 7_500_000)], ids=["odd", "even"]
)
def test_median_salary_of_in_field_hires_with_its_count(frozen, salaries, median):
    cohort = f.finished_cohort(currency="USD")
    start = cohort.end_date + datetime.timedelta(days=30)
    for salary in salaries:
        f.hire(f.graduate(cohort), start=start, salary=salary * 1_000_000)
    f.hire(f.graduate(cohort), start=start, salary=None)
    f.hire(f.graduate(cohort), start=start, salary=99_000_000, in_field=False)
    figures = _report(cohort)
    assert figures["salaries"] == [
        {"currency": "USD", "count": len(salaries), "median_minor": median}
    ]


def test_a_euro_programs_median_is_in_euros_and_other_currencies_have_their_own(frozen):
    """Never converted: each currency paid has its median and count, the program's first
    even when another currency has more salaries."""
    cohort = f.finished_cohort(currency="EUR")
    start = cohort.end_date + datetime.timedelta(days=30)
    for thousands in (50, 52, 54, 56, 58):
        f.hire(f.graduate(cohort), start=start, salary=thousands * 100_000, currency="EUR")
    for thousands in (70, 80, 90, 100, 110, 120):
        f.hire(f.graduate(cohort), start=start, salary=thousands * 100_000, currency="USD")
    f.hire(f.graduate(cohort), start=start, salary=9_000_000, currency="JPY")
    figures = _report(cohort)
    assert figures["salaries"] == [
        {"currency": "EUR", "count": 5, "median_minor": 5_400_000},
        {"currency": "USD", "count": 6, "median_minor": 9_500_000},
        {"currency": "JPY", "count": 1, "median_minor": 9_000_000},
    ]
    assert presentation.salary_display(figures) == (
        "EUR 54,000 (from 5 salaries); USD 95,000 (from 6 salaries); "
        "JPY: not shown (fewer than 5 salaries)"
    )


def test_other_periods_and_programs_stay_out(frozen):
    cohort = f.finished_cohort()
    f.graduate(cohort)
    f.graduate(f.finished_cohort(start=D(2027, 5, 3)))  # ends 2027-07-25: H2
    assert _report(cohort)["enrolled"] == 1


def test_a_published_snapshot_is_unchanged_by_a_later_edit(frozen):
    cohort = f.finished_cohort()
    graduates = [f.graduate(cohort) for _ in range(6)]
    record = f.hire(graduates[0], start=cohort.end_date + datetime.timedelta(days=10))
    staff = UserFactory(is_staff=True)
    first = reports.report_publish(program=cohort.program, period=H1, actor=staff)
    assert first.version == 1 and first.figures["full_time"] == 1
    JobRecord.objects.filter(pk=record.pk).update(kind=JobRecord.Kind.CONTRACT)
    first.refresh_from_db()
    assert first.figures["full_time"] == 1 and first.figures["contract"] == 0
    second = reports.report_publish(program=cohort.program, period=H1, actor=staff)
    assert second.version == 2 and second.figures["contract"] == 1
    assert [r.version for r in selectors.published_reports_latest()] == [2]


def test_the_report_reads_the_same_number_of_queries_at_any_size(frozen, django_assert_num_queries):
    cohort = f.finished_cohort()

    def grow(n):
        for _ in range(n):
            enrolment = f.graduate(cohort)
            f.intent(enrolment)
            f.hire(enrolment, start=cohort.end_date + datetime.timedelta(days=5))
        f.dropout(cohort, on=cohort.start_date + datetime.timedelta(days=9))

    for size in (2, 12):
        grow(size)
        # 1: the counted enrolments with their intent; 2: their graduation dates; 3: their
        # seat and withdrawal dates; 4: their job records.
        with django_assert_num_queries(4):
            figures = _report(cohort)
    assert figures["enrolled"] == 16


def test_a_cohort_joins_its_periods_report_once_its_last_day_has_passed():
    cohort = f.finished_cohort()  # last day 2027-03-28
    f.graduate(cohort)
    f.student(cohort)
    for moment, enrolled in (("2027-03-28T20:00", 0), ("2027-03-29T08:00", 2)):
        with time_machine.travel(datetime.datetime.fromisoformat(moment + "+00:00"), tick=False):
            assert _report(cohort)["enrolled"] == enrolled, moment
