"""The whole journey on a real site: gunicorn and a Celery worker, the installed `lodestar`
command in a subprocess. Log in, download, train a small scikit-learn model, submit with
--wait, and read the grade it prints."""

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from api import services as token_services
from labs.models import Submission
from tests.factories import UserFactory
from tests.labs.factories import CohortFactory, EnrolmentFactory, lab_on_builtin
from tests.support import running_gunicorn

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def gunicorn(tmp_path):
    with running_gunicorn(tmp_path / "gunicorn.log", ready_path="/api/v1/openapi.json") as (
        base,
        _,
    ):
        yield base


@pytest.fixture
def lodestar(tmp_path):
    """Run the installed `lodestar` command as a student would, with its own config home."""
    script = Path(sys.executable).parent / "lodestar"
    if not script.exists():
        script = shutil.which("lodestar")
    assert script, "the lodestar command is not installed: run `make install`"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("LODESTAR_", "DJANGO_", "DATABASE_", "REDIS_", "CELERY_"))
    }
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    workdir = tmp_path / "student"
    workdir.mkdir()

    def run(*args, timeout=60):
        result = subprocess.run(
            [str(script), *args],
            cwd=workdir,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        print(f"$ lodestar {' '.join(args)}\n{result.stdout}{result.stderr}")
        return result

    run.workdir = workdir
    run.config_home = tmp_path / "config"
    return run


def test_student_journey_through_the_command_line(gunicorn, worker_process, lodestar):
    student = UserFactory(username="stella", first_name="Stella")
    EnrolmentFactory(user=student, cohort=CohortFactory(name="Spring intensive"))
    lab_on_builtin(dataset_slug="wine", slug="wine-lab", week=3)
    token = token_services.token_create(user=student, name="laptop").secret

    result = lodestar("login", "--url", gunicorn, "--token", token)
    assert result.returncode == 0, result.stderr
    assert "as stella" in result.stdout
    config_file = lodestar.config_home / "lodestar" / "config.json"
    assert stat.S_IMODE(config_file.stat().st_mode) == 0o600

    result = lodestar("labs")
    assert result.returncode == 0, result.stderr
    assert "wine-lab" in result.stdout

    result = lodestar("download", "wine-lab")
    assert result.returncode == 0, result.stderr
    train = pd.read_csv(lodestar.workdir / "wine-lab-train.csv")
    test = pd.read_csv(lodestar.workdir / "wine-lab-test.csv")

    # What a student would do next: fit a small model and write its predictions.
    features = [column for column in train.columns if column not in ("id", "target")]
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=500))
    model.fit(train[features], train["target"])
    predictions = pd.DataFrame({"id": test["id"], "prediction": model.predict(test[features])})
    predictions.to_csv(lodestar.workdir / "predictions.csv", index=False)

    result = lodestar("submit", "wine-lab", "predictions.csv", "--wait", "--timeout", "45")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Grade: PASSED" in result.stdout
    assert "Public score" in result.stdout
    submission = Submission.objects.get()
    assert submission.status == Submission.Status.GRADED
    assert f"{submission.public_score:.4f}" in result.stdout

    result = lodestar("status")
    assert result.returncode == 0, result.stderr
    assert "1 of 1 labs passed" in result.stdout
