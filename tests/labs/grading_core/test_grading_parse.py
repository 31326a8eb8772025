"""parse_predictions on a corpus of good and malformed files: each problem is named exactly."""

import codecs
import gzip
import io
import json
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labs.grading import SubmissionInvalid, parse_predictions

IDS = ["a1", "a2", "a3"]
CLASSES = ["ham", "spam"]
GOOD = b"id,prediction\na1,ham\na2,spam\na3,ham\n"
GOOD_PARSED = {"a1": "ham", "a2": "spam", "a3": "ham"}


def _problems(data, *, kind="label", classes=CLASSES, ids=IDS) -> list[str]:
    with pytest.raises(SubmissionInvalid) as caught:
        parse_predictions(data, expected_ids=ids, kind=kind, classes=classes)
    return caught.value.problems


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
    problems = _problems(data, kind=kind, classes=classes)
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
        assert _problems(data) == expected


def test_numeric_label_hint_and_long_class_list_is_truncated():
    classes = [str(i) for i in range(25)]
    problems = _problems(b"id,prediction\na1,3.0\na2,3\na3,4\n", classes=classes)
    assert problems == [
        "line 2: '3.0' is not one of the allowed labels ('0', '1', '2', '3', '4', '5', '6', "
        "'7', '8', '9', ... (25 labels in all)); write it exactly as '3'"
    ]


def test_many_missing_ids_are_summarised():
    ids = [f"r{i:02d}" for i in range(20)]
    problems = _problems(b"id,prediction\nr00,ham\n", ids=ids)
    assert problems == [
        "19 ids of the test set are missing, for example 'r01', 'r02', 'r03', 'r04', 'r05' "
        "(and 14 more)"
    ]


def test_several_problems_are_reported_in_line_order():
    data = b"id,prediction\na1,ham\na1,spam\nzz,ham\na2,maybe\n"
    assert _problems(data) == [
        "line 3: id 'a1' appears more than once (first on line 2)",
        "line 4: id 'zz' is not in the test set",
        "line 5: 'maybe' is not one of the allowed labels ('ham', 'spam')",
        "1 id of the test set is missing: 'a3'",
    ]


def test_more_than_twenty_problems_are_capped():
    rows = "".join(f"x{i},ham\n" for i in range(30))
    with pytest.raises(SubmissionInvalid) as caught:
        parse_predictions(
            ("id,prediction\n" + rows).encode(), expected_ids=IDS, kind="label", classes=CLASSES
        )
    problems = caught.value.problems
    assert len(problems) == 21
    assert problems[0] == "line 2: id 'x0' is not in the test set"
    assert problems[19] == "line 21: id 'x19' is not in the test set"
    # 10 more unknown ids and the missing-ids summary
    assert problems[20] == "... and 11 more problems"
    assert str(caught.value) == "\n".join(problems)


def test_max_problems_is_configurable():
    rows = "".join(f"x{i},ham\n" for i in range(5))
    with pytest.raises(SubmissionInvalid) as caught:
        parse_predictions(
            ("id,prediction\n" + rows).encode(),
            expected_ids=IDS,
            kind="label",
            classes=CLASSES,
            max_problems=2,
        )
    assert caught.value.problems[2:] == ["... and 4 more problems"]


def test_numbers_are_returned_as_floats():
    parsed = parse_predictions(
        b"id,prediction\na1,1\na2,-2.5e3\na3,.25\n", expected_ids=IDS, kind="number"
    )
    assert parsed == {"a1": 1.0, "a2": -2500.0, "a3": 0.25}
    assert all(isinstance(v, float) for v in parsed.values())


def test_label_kind_needs_classes():
    with pytest.raises(ValueError, match="classes"):
        parse_predictions(GOOD, expected_ids=IDS, kind="label")


def test_ten_thousand_rows_parse_quickly():
    ids = [f"t-{i:05d}" for i in range(10_000)]
    data = (
        "id,prediction\n" + "".join(f"{i},{(n % 97) / 97!r}\n" for n, i in enumerate(ids))
    ).encode()
    parse_predictions(data, expected_ids=ids, kind="probability")  # warm up imports
    started = time.perf_counter()
    parsed = parse_predictions(data, expected_ids=ids, kind="probability")
    elapsed = time.perf_counter() - started
    assert len(parsed) == 10_000
    assert elapsed < 0.25, f"{elapsed * 1000:.1f} ms"


# The fast reader (pandas) and the careful one (csv module) must agree on every file the
# fast one accepts; formatting quirks push files onto the careful path.
value_strategy = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)


@settings(max_examples=100, deadline=None)
@given(
    values=st.lists(value_strategy, min_size=1, max_size=30),
    crlf=st.booleans(),
    bom=st.booleans(),
    pad=st.booleans(),
    quote=st.booleans(),
    trailing_blank=st.booleans(),
    fmt=st.sampled_from(["repr", "g", "e"]),
)
def test_formatting_never_changes_the_values(values, crlf, bom, pad, quote, trailing_blank, fmt):
    ids = [f"id-{i}" for i in range(len(values))]
    render = {"repr": repr, "g": lambda v: f"{v:.17g}", "e": lambda v: f"{v:.16e}"}[fmt]
    sp = " " if pad else ""
    q = '"' if quote else ""
    lines = ["id,prediction"] + [
        f"{q}{i}{q},{sp}{render(v)}{sp}" for i, v in zip(ids, values, strict=False)
    ]
    end = "\r\n" if crlf else "\n"
    text = end.join(lines) + end + (end if trailing_blank else "")
    data = (codecs.BOM_UTF8 if bom else b"") + text.encode()
    parsed = parse_predictions(data, expected_ids=ids, kind="number")
    assert parsed == {i: float(render(v)) for i, v in zip(ids, values, strict=False)}
