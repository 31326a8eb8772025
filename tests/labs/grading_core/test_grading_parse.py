"""parse_predictions on a corpus of good and malformed files: each problem is named exactly."""

import codecs
import gzip
import io
import json
import zipfile
from pathlib import Path

import pytest

from labs.grading import parse_predictions
from tests.labs.grading_core.parse_cases import CLASSES, GOOD, GOOD_PARSED, IDS, problems_of


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("predictions.csv", GOOD)
    return buffer.getvalue()


ACCEPTED = [
    ("plain", GOOD),
    ("bom_crlf", codecs.BOM_UTF8 + GOOD.replace(b"\n", b"\r\n")),
    ("no_final_newline", GOOD.rstrip(b"\n")),
    ("blank_trailing_lines", GOOD + b"\n\n\r\n"),
    ("spaces_around_values", b" id , prediction \n a1 , ham\na2,  spam \na3,ham\n"),
    ("quoted_values", b'"id","prediction"\n"a1","ham"\n"a2","spam"\n"a3","ham"\n'),
    ("any_row_order", b"id,prediction\na3,ham\na1,ham\na2,spam\n"),
]


@pytest.mark.parametrize(("name", "data"), ACCEPTED, ids=[c[0] for c in ACCEPTED])
def test_well_formed_variants_are_accepted(name, data):
    assert parse_predictions(data, expected_ids=IDS, kind="label", classes=CLASSES) == GOOD_PARSED


# (name, data, kind, exact first problem)
REJECTED = [
    ("empty", b"", "label", "the file is empty; expected a CSV with the header 'id,prediction'"),
    (
        "only_blank",
        b"\r\n\n  \n",
        "label",
        "the file is empty; expected a CSV with the header 'id,prediction'",
    ),
    (
        "only_bom",
        codecs.BOM_UTF8,
        "label",
        "the file is empty; expected a CSV with the header 'id,prediction'",
    ),
    (
        "binary",
        b"id,prediction\na1,\x00\x01\x02",
        "label",
        "the file contains binary data (a NUL byte at byte offset 17, line 2); "
        "upload a plain-text CSV file",
    ),
    (
        "gzip",
        gzip.compress(GOOD),
        "label",
        "the file is gzip-compressed; upload the plain (uncompressed) CSV file",
    ),
    (
        "zip",
        _zip_bytes(),
        "label",
        "the file is a ZIP archive (an Excel workbook?); export it as a plain CSV file",
    ),
    (
        "utf16",
        "id,prediction\na1,ham\n".encode("utf-16"),
        "label",
        "the file is UTF-16 text; save it as UTF-8 CSV",
    ),
    (
        "latin1",
        "id,prediction\na1,café\n".encode("latin-1"),
        "label",
        "the file is not UTF-8 text: byte 0xE9 at byte offset 20 (line 2) is not valid UTF-8; "
        "save the file as UTF-8",
    ),
    (
        "wrong_header",
        b"id,label\na1,ham\na2,spam\na3,ham\n",
        "label",
        "line 1: the header must be exactly 'id,prediction' but found 'id,label'",
    ),
    (
        "header_case",
        b"ID,Prediction\na1,ham\na2,spam\na3,ham\n",
        "label",
        "line 1: the header must be exactly 'id,prediction' but found 'ID,Prediction' "
        "(column names are case-sensitive)",
    ),
    (
        "header_semicolon",
        b"id;prediction\na1;ham\n",
        "label",
        "line 1: the header must be exactly 'id,prediction' but found 'id;prediction' "
        "(the separator must be a comma, not ';')",
    ),
    (
        "header_missing",
        b"a1,ham\na2,spam\na3,ham\n",
        "label",
        "line 1: the header 'id,prediction' is missing; the first line looks like a "
        "prediction: 'a1,ham'",
    ),
    (
        "header_extra_column",
        b"id,prediction,confidence\na1,ham,1\n",
        "label",
        "line 1: the header must be exactly 'id,prediction' but found 'id,prediction,confidence'",
    ),
    (
        "extra_column",
        b"id,prediction\na1,ham,0.3\na2,spam\na3,ham\n",
        "label",
        "line 2: expected 2 values (id,prediction) but found 3 "
        "(a value containing a comma must be in double quotes)",
    ),
    (
        "missing_column",
        b"id,prediction\na1\na2,spam\na3,ham\n",
        "label",
        "line 2: expected 2 values (id,prediction) but found 1",
    ),
    (
        "decimal_comma",
        b"id,prediction\na1,0,5\na2,1\na3,2\n",
        "number",
        "line 2: expected 2 values (id,prediction) but found 3 "
        "(use a dot as the decimal separator)",
    ),
    (
        "missing_ids",
        b"id,prediction\na1,ham\n",
        "label",
        "2 ids of the test set are missing: 'a2', 'a3'",
    ),
    (
        "one_missing_id",
        b"id,prediction\na1,ham\na3,ham\n",
        "label",
        "1 id of the test set is missing: 'a2'",
    ),
    (
        "duplicate_id",
        b"id,prediction\na1,ham\na2,spam\na1,spam\na3,ham\n",
        "label",
        "line 4: id 'a1' appears more than once (first on line 2)",
    ),
    (
        "unknown_id",
        b"id,prediction\na1,ham\nzz,spam\na2,spam\na3,ham\n",
        "label",
        "line 3: id 'zz' is not in the test set",
    ),
    (
        "empty_id",
        b"id,prediction\n,ham\na1,ham\na2,spam\na3,ham\n",
        "label",
        "line 2: the id is empty",
    ),
    (
        "label_outside_classes",
        b"id,prediction\na1,ham\na2,maybe\na3,ham\n",
        "label",
        "line 3: 'maybe' is not one of the allowed labels ('ham', 'spam')",
    ),
    (
        "label_wrong_case",
        b"id,prediction\na1,ham\na2,Spam\na3,ham\n",
        "label",
        "line 3: 'Spam' is not one of the allowed labels ('ham', 'spam'); "
        "labels are case-sensitive: write 'spam'",
    ),
    (
        "not_a_number",
        b"id,prediction\na1,1.5\na2,abc\na3,2\n",
        "number",
        "line 3: 'abc' is not a number (prediction for id 'a2')",
    ),
    (
        "underscore_number",
        b"id,prediction\na1,1_000\na2,1\na3,2\n",
        "number",
        "line 2: '1_000' is not a number (prediction for id 'a1')",
    ),
    (
        "nan",
        b"id,prediction\na1,1.5\na2,NaN\na3,2\n",
        "number",
        "line 3: the prediction for id 'a2' is NaN; predictions must be finite",
    ),
    (
        "inf",
        b"id,prediction\na1,inf\na2,1\na3,2\n",
        "number",
        "line 2: the prediction for id 'a1' is infinite; predictions must be finite",
    ),
    (
        "overflow_to_inf",
        b"id,prediction\na1,1\na2,1\na3,-1e999\n",
        "number",
        "line 4: the prediction for id 'a3' is infinite; predictions must be finite",
    ),
    (
        "empty_value",
        b"id,prediction\na1,\na2,spam\na3,ham\n",
        "label",
        "line 2: the prediction for id 'a1' is empty",
    ),
    (
        "empty_number",
        b"id,prediction\na1,0.5\na2,  \na3,0.1\n",
        "probability",
        "line 3: the prediction for id 'a2' is empty",
    ),
    (
        "probability_above_one",
        b"id,prediction\na1,0.5\na2,1.5\na3,0.1\n",
        "probability",
        "line 3: 1.5 is not a probability (prediction for id 'a2' must be between 0 and 1)",
    ),
    (
        "probability_negative",
        b"id,prediction\na1,-0.1\na2,0.5\na3,0.1\n",
        "probability",
        "line 2: -0.1 is not a probability (prediction for id 'a1' must be between 0 and 1)",
    ),
    (
        "blank_line_inside",
        b"id,prediction\na1,ham\n\na2,spam\na3,ham\n",
        "label",
        "line 3: blank line; every line must hold an id and a prediction",
    ),
    (
        "header_only",
        b"id,prediction\n",
        "label",
        "the file has a header but no predictions; expected 3 rows, "
        "one for each id of the test set",
    ),
    (
        "unclosed_quote",
        b'id,prediction\na1,ham\na2,"spam\na3,ham\n',
        "label",
        "line 3: a quoted value runs on to line 4 (is a closing double quote missing?)",
    ),
]


@pytest.mark.parametrize(
    ("name", "data", "kind", "message"), REJECTED, ids=[c[0] for c in REJECTED]
)
def test_malformed_file_is_rejected_with_a_specific_message(name, data, kind, message):
    classes = CLASSES if kind == "label" else None
    problems = problems_of(data, kind=kind, classes=classes)
    assert problems[0].startswith(message), problems


CORPUS = Path(__file__).parent / "malformed"


def _corpus():
    expected = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
    return sorted(expected.items())


@pytest.mark.parametrize(("filename", "expected"), _corpus(), ids=[n for n, _ in _corpus()])
def test_files_in_the_malformed_corpus_get_their_exact_messages(filename, expected):
    """Files on disk (reusable by browser tests), checked against ids a1-a3, ham/spam."""
    data = (CORPUS / filename).read_bytes()
    if expected is None:
        assert parse_predictions(data, expected_ids=IDS, kind="label", classes=CLASSES)
    else:
        assert problems_of(data) == expected
