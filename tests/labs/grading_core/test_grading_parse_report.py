"""parse_predictions: how many problems it reports and how, what it returns, how fast, and
that its fast and careful readers agree."""

import codecs
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labs.grading import SubmissionInvalid, parse_predictions
from tests.labs.grading_core.parse_cases import CLASSES, GOOD, IDS, problems_of


def test_numeric_label_hint_and_long_class_list_is_truncated():
    classes = [str(i) for i in range(25)]
    problems = problems_of(b"id,prediction\na1,3.0\na2,3\na3,4\n", classes=classes)
    assert problems == [
        "line 2: '3.0' is not one of the allowed labels ('0', '1', '2', '3', '4', '5', '6', "
        "'7', '8', '9', ... (25 labels in all)); write it exactly as '3'"
    ]


def test_many_missing_ids_are_summarised():
    ids = [f"r{i:02d}" for i in range(20)]
    problems = problems_of(b"id,prediction\nr00,ham\n", ids=ids)
    assert problems == [
        "19 ids of the test set are missing, for example 'r01', 'r02', 'r03', 'r04', 'r05' "
        "(and 14 more)"
    ]


def test_several_problems_are_reported_in_line_order():
    data = b"id,prediction\na1,ham\na1,spam\nzz,ham\na2,maybe\n"
    assert problems_of(data) == [
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
