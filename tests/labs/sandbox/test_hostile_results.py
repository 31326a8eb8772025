"""What a run hands back that could break storage or leak the runner: cleaned or refused.

NUL bytes and lone surrogates in printed output or in an error message, tampered result
channels and oversized predictions each end as a plain verdict for the student.
"""

import pytest

from labs import sandbox
from labs.grading.storable import storable, storable_text
from tests.labs.sandbox_support import solution

PRINTS_NUL = solution(
    """
    from sklearn.dummy import DummyClassifier

    print("a\\x00b")


    def train(X, y):
        return DummyClassifier(strategy="most_frequent").fit(X, y)


    def predict(model, X):
        return model.predict(X)
    """
)
RAISES_NUL = solution(
    """
    def train(X, y):
        raise ValueError("bad\\x00value")


    def predict(model, X):
        return None
    """
)
RAISES_SURROGATE = solution(
    """
    def train(X, y):
        raise ValueError("half a pair: \\ud800 here")


    def predict(model, X):
        return None
    """
)
CLOSES_CHANNELS = solution(
    """
    import os


    def train(X, y):
        # Every inherited descriptor, wherever the worker's numbering put the channels.
        os.closerange(3, 65536)
        return None


    def predict(model, X):
        return ["cultivar_a"] * len(X)
    """
)
WRITES_HUGE_PREDICTIONS = solution(
    """
    def train(X, y):
        return None


    def predict(model, X):
        # Three million characters per label: far past an upload's cap.
        return ["x" * 3_000_000] + ["cultivar_a"] * (len(X) - 1)
    """
)


def test_nul_and_lone_surrogates_are_shown_as_escapes():
    assert storable_text("a\x00b") == "a\\x00b"
    assert storable_text("half \ud800 pair") == "half \\ud800 pair"
    assert storable_text("ordinary text, é ✓") == "ordinary text, é ✓"
    cleaned = storable({"sandbox": {"output": "x\x00", "\ud83d": ["\x00"]}, "n": 1})
    assert cleaned == {"sandbox": {"output": "x\\x00", "\\ud83d": ["\\x00"]}, "n": 1}
    "".join(str(v) for v in cleaned.values()).encode("utf-8")  # encodable: no exception


@pytest.mark.usefixtures("sandbox_ready")
def test_tampered_channels_give_a_plain_message_not_the_runners_traceback(wine_files):
    outcome = sandbox.run_code("python", CLOSES_CHANNELS, *wine_files)
    assert outcome.status == sandbox.ERROR
    assert "closed or replaced the files the grader reads" in outcome.message
    assert "Traceback" not in outcome.output
    assert "runner" not in outcome.output


@pytest.mark.usefixtures("sandbox_ready")
def test_predictions_over_the_upload_cap_are_refused(wine_files):
    outcome = sandbox.run_code(
        "python", WRITES_HUGE_PREDICTIONS, *wine_files, prediction_kind="label"
    )
    assert outcome.status == sandbox.BAD_OUTPUT
    assert "the most we take, as for an upload, is 2.0 MB" in outcome.message
