"""A student downloads the data, trains a real model, submits and watches the grade arrive."""

import io

import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from tests.factories import DEFAULT_PASSWORD
from tests.support import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _download(page, testid) -> pd.DataFrame:
    with page.expect_download() as info:
        page.get_by_test_id(testid).click()
    return pd.read_csv(info.value.path(), dtype={"id": str})


def test_student_submits_real_predictions_and_then_a_broken_file(
    page, worker_process, enrolled_alice, wine_lab, tmp_path
):
    browser_login(page, "alice", DEFAULT_PASSWORD)
    page.goto("/labs/")
    page.get_by_role("link", name=wine_lab.title).click()
    page.get_by_test_id("reference-score").wait_for()

    train = _download(page, "download-train")
    test = _download(page, "download-test")
    features = [c for c in train.columns if c not in ("id", "target")]
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
    model.fit(train[features], train["target"].astype(str))
    predictions = pd.DataFrame({"id": test["id"], "prediction": model.predict(test[features])})
    good = tmp_path / "predictions.csv"
    predictions.to_csv(good, index=False)

    page.set_input_files("input[name=file]", str(good))
    page.get_by_role("button", name="Submit predictions").click()
    result = page.get_by_test_id("result")
    result.wait_for(timeout=60_000)
    assert "Passed" in result.inner_text()
    assert float(page.get_by_test_id("public-score").inner_text()) > 0.8

    page.get_by_role("link", name="Back to the lab").click()
    broken = tmp_path / "broken.csv"
    text = io.StringIO()
    predictions.iloc[:5].to_csv(text, index=False)
    broken.write_text(text.getvalue().replace("prediction", "label"))
    page.set_input_files("input[name=file]", str(broken))
    page.get_by_role("button", name="Submit predictions").click()
    rejection = page.get_by_test_id("rejection")
    rejection.wait_for(timeout=60_000)
    assert "id,prediction" in rejection.inner_text()
