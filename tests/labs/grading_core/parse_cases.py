"""What the parse_predictions tests share: a three-row test set of ham and spam, and the
problems a file gets."""

import pytest

from labs.grading import SubmissionInvalid, parse_predictions

IDS = ["a1", "a2", "a3"]
CLASSES = ["ham", "spam"]
GOOD = b"id,prediction\na1,ham\na2,spam\na3,ham\n"
GOOD_PARSED = {"a1": "ham", "a2": "spam", "a3": "ham"}


def problems_of(data, *, kind="label", classes=CLASSES, ids=IDS) -> list[str]:
    with pytest.raises(SubmissionInvalid) as caught:
        parse_predictions(data, expected_ids=ids, kind=kind, classes=classes)
    return caught.value.problems
