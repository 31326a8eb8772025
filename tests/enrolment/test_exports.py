"""CSV cells that a spreadsheet would run as formulas are escaped."""

import pytest

from enrolment.exports import csv_cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+33 6 12", "'+33 6 12"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Ada Lovelace", "Ada Lovelace"),
        ("a=b", "a=b"),
        (None, ""),
        (3, "3"),
    ],
)
def test_csv_cell(value, expected):
    assert csv_cell(value) == expected
