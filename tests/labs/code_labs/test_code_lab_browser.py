"""A student reads a code lab's contract, fetches the starter, uploads a .py and passes."""

import pytest

from labs.models import Lab
from tests.factories import DEFAULT_PASSWORD
from tests.labs.factories import lab_on_builtin
from tests.labs.sandbox_support import require_sandbox
from tests.support import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BETTER_MODEL = """
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def train(X, y):
    print("fitting on", len(X), "rows")
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)).fit(X, y)
"""


def test_student_uploads_python_code_and_sees_it_pass(
    page, worker_process, enrolled_alice, tmp_path
):
    require_sandbox()
    lab = lab_on_builtin(
        dataset_slug="wine",
        slug="wine-in-code",
        week=1,
        title="Code lab: wine in code",
        submission_kind=Lab.SubmissionKind.CODE,
    )
    browser_login(page, "alice", DEFAULT_PASSWORD)
    page.goto("/labs/")
    page.get_by_role("link", name=lab.title).click()
    contract = page.get_by_test_id("code-contract")
    assert "predict(model, X)" in contract.inner_text()

    with page.expect_download() as info:
        page.get_by_test_id("starter-py").click()
    starter = open(info.value.path()).read()
    # The student keeps the starter's predict and replaces its baseline train.
    start = starter.index("def train(X, y):")
    end = starter.index("# %%", start)
    solution = tmp_path / "my_solution.py"
    solution.write_text(starter[:start] + BETTER_MODEL.strip() + "\n\n\n" + starter[end:])

    page.set_input_files("input[name=file]", str(solution))
    page.get_by_role("button", name="Submit code").click()
    result = page.get_by_test_id("result")
    result.wait_for(timeout=90_000)
    assert "Passed" in result.inner_text()
    assert "fitting on" in page.get_by_test_id("sandbox-output").inner_text()
    assert page.get_by_test_id("sandbox-status").inner_text() == "ok"
