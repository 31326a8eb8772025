"""Reading a predictions file: a CSV with the header ``id,prediction``.

``parse_predictions`` either returns every prediction keyed by id, or raises
``SubmissionInvalid`` whose ``problems`` name each mistake precisely, with 1-based line
numbers, so that a student can fix the file without guessing.

Accepted: a UTF-8 byte-order mark, CRLF (or LF) line ends, spaces around values, quoted
values, a missing final newline, blank lines at the end. Everything else is a problem.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import warnings
from collections.abc import Sequence

import numpy as np

from labs.grading.errors import ProblemCollector, SubmissionInvalid

HEADER = ("id", "prediction")
HEADER_TEXT = ",".join(HEADER)
KINDS = ("label", "number", "probability")
MAX_SHOWN_CLASSES = 10
MAX_SHOWN_MISSING = 5


def parse_predictions(
    data: bytes,
    *,
    expected_ids: Sequence[str],
    kind: str,
    classes: Sequence[str] | None = None,
    max_problems: int = 20,
) -> dict[str, str | float]:
    """Check a predictions CSV and return ``{id: prediction}`` in file order.

    ``kind`` is "label" (the value must be one of ``classes``, compared as text after
    stripping spaces), "number" (a finite float) or "probability" (a finite float in
    [0, 1]). Raises ``SubmissionInvalid`` listing at most ``max_problems`` problems, plus a
    final "... and N more problems" line when there were more.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown prediction kind {kind!r}; expected one of {KINDS}")
    if kind == "label" and not classes:
        raise ValueError("kind 'label' needs the list of classes")

    text = _decode(data)
    expected = expected_ids if isinstance(expected_ids, (set, frozenset)) else set(expected_ids)
    class_set = {str(c).strip() for c in classes} if classes else set()
    fast = _parse_clean_file(data, expected, kind, class_set)
    if fast is not None:
        return fast

    problems = ProblemCollector(max_problems)

    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise SubmissionInvalid([f"line 1: the header cannot be read as CSV ({exc})"]) from None
    _check_header(header, expected)

    predictions: dict[str, str | float] = {}
    first_line: dict[str, int] = {}
    blank_lines: list[int] = []
    previous_end = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.add(f"line {reader.line_num}: this line cannot be read as CSV ({exc})")
            break
        line, previous_end = previous_end + 1, reader.line_num
        if line != previous_end:  # a quoted value swallowed line breaks
            problems.add(
                f"line {line}: a quoted value runs on to line {previous_end} "
                "(is a closing double quote missing?)"
            )
            continue
        if not row or (len(row) == 1 and not row[0].strip()):
            blank_lines.append(line)
            continue
        for blank in blank_lines:  # blank lines are fine only at the end of the file
            problems.add(f"line {blank}: blank line; every line must hold an id and a prediction")
        blank_lines.clear()

        if len(row) != 2:
            problems.add(_column_count_message(line, row, kind))
            continue
        row_id = row[0].strip()
        raw = row[1].strip()
        valid_id = False
        if not row_id:
            problems.add(f"line {line}: the id is empty")
        elif row_id not in expected:
            problems.add(f"line {line}: id {_quote(row_id)} is not in the test set")
        elif row_id in first_line:
            problems.add(
                f"line {line}: id {_quote(row_id)} appears more than once "
                f"(first on line {first_line[row_id]})"
            )
        else:
            first_line[row_id] = line
            valid_id = True

        value = _check_value(raw, row_id, line, kind, class_set, classes, problems)
        if valid_id and value is not None:
            predictions[row_id] = value

    if not first_line and not problems:
        problems.add(
            f"the file has a header but no predictions; expected {len(expected)} rows, "
            "one for each id of the test set"
        )
    elif len(first_line) < len(expected):
        missing = [i for i in expected_ids if i not in first_line]
        if isinstance(expected_ids, (set, frozenset)):
            missing.sort()
        problems.add(_missing_message(missing))

    if problems:
        raise SubmissionInvalid(problems.as_list())
    return predictions


# ------------------------------------------------------------------ helpers


def _parse_clean_file(data: bytes, expected, kind: str, class_set: set[str]):
    """The fast path: read a well-formed file with pandas' C parser.

    Returns the predictions only when every check passes on the raw values; anything
    unusual (spaces, blank lines, odd numbers, any error) returns None and the careful
    line-by-line reader below takes over, so it stays the single source of messages.
    """
    import pandas as pd

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            frame = pd.read_csv(
                io.BytesIO(data),
                dtype=str if kind == "label" else {"id": str},
                keep_default_na=False,
                skip_blank_lines=False,
                engine="c",
                encoding="utf-8",
            )
    except Exception:  # noqa: BLE001 - any trouble means: take the careful path
        return None
    if list(frame.columns) != list(HEADER) or len(frame) != len(expected):
        return None
    ids = frame["id"].tolist()
    if set(ids) != expected:  # with equal lengths this also rules out duplicates
        return None
    column = frame["prediction"]
    if kind == "label":
        values = column.tolist()
        if not class_set.issuperset(values):
            return None
        return dict(zip(ids, values, strict=True))
    if column.dtype.kind not in "fi":
        return None
    numbers = column.to_numpy(dtype=float)
    if not np.isfinite(numbers).all():
        return None
    if kind == "probability" and not ((numbers >= 0.0) & (numbers <= 1.0)).all():
        return None
    return dict(zip(ids, numbers.tolist(), strict=True))


def _decode(data: bytes) -> str:
    """Turn the upload into text, or explain why it is not a UTF-8 CSV."""
    if not data or not data.strip() or data.strip() == codecs.BOM_UTF8:
        raise SubmissionInvalid(
            ["the file is empty; expected a CSV with the header 'id,prediction'"]
        )
    if data[:2] == b"\x1f\x8b":
        raise SubmissionInvalid(
            ["the file is gzip-compressed; upload the plain (uncompressed) CSV file"]
        )
    if data[:4] == b"PK\x03\x04":
        raise SubmissionInvalid(
            ["the file is a ZIP archive (an Excel workbook?); export it as a plain CSV file"]
        )
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        raise SubmissionInvalid(["the file is UTF-16 text; save it as UTF-8 CSV"])
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise SubmissionInvalid(
            [
                f"the file contains binary data (a NUL byte at byte offset {nul}, "
                f"line {line}); upload a plain-text CSV file"
            ]
        )
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[start:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = start + exc.start
        line = data.count(b"\n", 0, offset) + 1
        raise SubmissionInvalid(
            [
                f"the file is not UTF-8 text: byte 0x{data[offset]:02X} at byte offset {offset} "
                f"(line {line}) is not valid UTF-8; save the file as UTF-8"
            ]
        ) from None


def _check_header(header: list[str] | None, expected: set[str] | frozenset[str]) -> None:
    if header is None or not any(cell.strip() for cell in header):
        raise SubmissionInvalid(
            [f"line 1: the header is missing; the first line must be exactly '{HEADER_TEXT}'"]
        )
    cells = tuple(cell.strip() for cell in header)
    if cells == HEADER:
        return
    found = _shorten(",".join(header), 80)
    if tuple(c.lower() for c in cells) == HEADER:
        hint = " (column names are case-sensitive)"
    elif len(cells) == 1 and (";" in cells[0] or "\t" in cells[0]):
        sep = "';'" if ";" in cells[0] else "a tab"
        hint = f" (the separator must be a comma, not {sep})"
    elif cells[0] in expected:
        raise SubmissionInvalid(
            [
                f"line 1: the header '{HEADER_TEXT}' is missing; "
                f"the first line looks like a prediction: '{found}'"
            ]
        )
    else:
        hint = ""
    raise SubmissionInvalid(
        [f"line 1: the header must be exactly '{HEADER_TEXT}' but found '{found}'{hint}"]
    )


def _column_count_message(line: int, row: list[str], kind: str) -> str:
    message = f"line {line}: expected 2 values (id,prediction) but found {len(row)}"
    if len(row) == 1 and (";" in row[0] or "\t" in row[0]):
        message += " (the separator must be a comma)"
    elif len(row) == 3 and kind != "label" and row[1].strip().lstrip("-").isdigit():
        message += " (use a dot as the decimal separator)"
    elif len(row) > 2:
        message += " (a value containing a comma must be in double quotes)"
    return message


def _check_value(raw, row_id, line, kind, class_set, classes, problems):
    """Return the checked prediction, or None after recording a problem."""
    if kind == "label" and raw in class_set:
        return raw
    whose = f"for id {_quote(row_id)}" if row_id else "on this line"
    if not raw:
        problems.add(f"line {line}: the prediction {whose} is empty")
        return None
    if kind == "label":
        problems.add(
            f"line {line}: {_quote(raw)} is not one of the allowed labels "
            f"({_allowed(classes)}){_label_hint(raw, class_set)}"
        )
        return None
    try:
        if "_" in raw or not raw.isascii():  # float() takes "1_000" and non-ASCII digits
            raise ValueError(raw)
        value = float(raw)
    except ValueError:
        problems.add(f"line {line}: {_quote(raw)} is not a number (prediction {whose})")
        return None
    if kind == "number" and math.isfinite(value):
        return value
    if kind == "probability" and 0.0 <= value <= 1.0:
        return value
    if math.isnan(value):
        problems.add(f"line {line}: the prediction {whose} is NaN; predictions must be finite")
        return None
    if math.isinf(value):
        problems.add(f"line {line}: the prediction {whose} is infinite; predictions must be finite")
        return None
    if kind == "probability" and not 0.0 <= value <= 1.0:
        problems.add(
            f"line {line}: {raw} is not a probability (prediction {whose} must be between 0 and 1)"
        )
        return None
    return value


def _label_hint(raw: str, class_set: set[str]) -> str:
    lowered = {c.lower(): c for c in class_set}
    if raw.lower() in lowered:
        return f"; labels are case-sensitive: write {_quote(lowered[raw.lower()])}"
    try:
        number = float(raw)
    except ValueError:
        return ""
    for c in class_set:
        try:
            if float(c) == number:
                return f"; write it exactly as {_quote(c)}"
        except ValueError:
            continue
    return ""


def _allowed(classes: Sequence[str]) -> str:
    shown = ", ".join(_quote(str(c)) for c in classes[:MAX_SHOWN_CLASSES])
    if len(classes) > MAX_SHOWN_CLASSES:
        shown += f", ... ({len(classes)} labels in all)"
    return shown


def _missing_message(missing: list[str]) -> str:
    count = len(missing)
    if count == 1:
        return f"1 id of the test set is missing: {_quote(missing[0])}"
    shown = ", ".join(_quote(i) for i in missing[:MAX_SHOWN_MISSING])
    if count > MAX_SHOWN_MISSING:
        return (
            f"{count} ids of the test set are missing, for example {shown} "
            f"(and {count - MAX_SHOWN_MISSING} more)"
        )
    return f"{count} ids of the test set are missing: {shown}"


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _quote(text: str) -> str:
    return "'" + _shorten(text, 40).replace("'", "\\'") + "'"
