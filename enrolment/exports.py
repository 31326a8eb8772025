"""CSV export of enrolments, safe to open in a spreadsheet."""

import csv
import io
import re

from enrolment import selectors

# A spreadsheet treats a cell starting with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")

HEADER = [
    "name",
    "email",
    "program",
    "cohort",
    "cohort start",
    "status",
    "waitlist position",
    "background",
    "python",
    "java",
    "c++",
    "applied at",
    "motivation",
]


def csv_cell(value, *, keep_numbers: bool = False) -> str:
    """The value as text, prefixed with a quote when a spreadsheet would run it.

    With `keep_numbers`, a plain number such as -0.25 stays a number (scores can be negative).
    """
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES) and not (keep_numbers and PLAIN_NUMBER.fullmatch(text)):
        return "'" + text
    return text


def enrolments_csv(queryset) -> str:
    rows = selectors.enrolment_list_with_positions(
        queryset.select_related("user", "cohort__program").order_by("cohort", "created_at", "pk")
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for enrolment in rows:
        writer.writerow(
            csv_cell(value)
            for value in (
                enrolment.user.get_full_name(),
                enrolment.user.email,
                enrolment.cohort.program.name,
                enrolment.cohort.name,
                enrolment.cohort.start_date.isoformat(),
                enrolment.get_status_display(),
                selectors.waitlist_position(enrolment=enrolment) or "",
                enrolment.get_background_display(),
                enrolment.get_python_experience_display(),
                enrolment.get_java_experience_display(),
                enrolment.get_cpp_experience_display(),
                enrolment.created_at.isoformat(timespec="seconds"),
                enrolment.motivation,
            )
        )
    return buffer.getvalue()


INTEREST_HEADER = [
    "name",
    "email",
    "program",
    "status",
    "signed up at",
    "placed in",
    "background",
    "python",
    "java",
    "c++",
    "motivation",
]


def interests_csv(queryset) -> str:
    """The interest list in sign-up order (the order its people are placed in)."""
    rows = queryset.select_related("user", "program", "enrolment__cohort").order_by(
        "program", "created_at", "pk"
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(INTEREST_HEADER)
    for interest in rows:
        writer.writerow(
            csv_cell(value)
            for value in (
                interest.user.get_full_name(),
                interest.user.email,
                interest.program.name,
                interest.get_status_display(),
                interest.created_at.isoformat(timespec="seconds"),
                interest.enrolment.cohort.name if interest.enrolment else "",
                interest.get_background_display(),
                interest.get_python_experience_display(),
                interest.get_java_experience_display(),
                interest.get_cpp_experience_display(),
                interest.motivation,
            )
        )
    return buffer.getvalue()
