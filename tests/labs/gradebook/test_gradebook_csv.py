"""CSV cells are defused against formula injection, plain numbers are left alone."""

import pytest

from enrolment.exports import csv_cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\tdata", "'\tdata"),
        ("\rdata", "'\rdata"),
        ("Alice", "Alice"),
        ("-0.25", "-0.25"),
        (0.5, "0.5"),
        (None, ""),
        ("", ""),
    ],
)
def test_csv_cell(value, expected):
    assert csv_cell(value, keep_numbers=True) == expected
