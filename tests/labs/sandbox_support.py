"""Helpers for sandbox tests: skip without bubblewrap locally, fail in CI; sample solutions."""

import json
import os
import textwrap

import pytest

from labs.sandbox import sandbox_available


def require_sandbox():
    available, reason = sandbox_available(refresh=True)
    if not available:
        if os.environ.get("LODESTAR_REQUIRE_SERVICES") == "1":
            pytest.fail(f"the code sandbox must work in CI: {reason}")
        pytest.skip(f"no code sandbox here: {reason}")


def solution(body: str) -> bytes:
    return textwrap.dedent(body).lstrip().encode()


GOOD_SOLUTION = solution(
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    print("training a scaled logistic regression")


    def train(X, y):
        model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
        return model.fit(X, y)


    def predict(model, X):
        return model.predict(X)
    """
)

WEAK_SOLUTION = solution(
    """
    from sklearn.dummy import DummyClassifier


    def train(X, y):
        return DummyClassifier(strategy="most_frequent").fit(X, y)


    def predict(model, X):
        return model.predict(X)
    """
)


def notebook(*cells: str) -> bytes:
    """A minimal .ipynb with these code cells (and one markdown cell first)."""
    content = [{"cell_type": "markdown", "metadata": {}, "source": ["# My solution\n"]}]
    for cell in cells:
        content.append(
            {
                "cell_type": "code",
                "execution_count": None,
                "metadata": {},
                "outputs": [],
                "source": textwrap.dedent(cell).strip().splitlines(keepends=True),
            }
        )
    return json.dumps(
        {"cells": content, "metadata": {}, "nbformat": 4, "nbformat_minor": 4}
    ).encode()
