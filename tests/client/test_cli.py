"""The `lodestar` command against a live test server (in-process, Celery eager)."""

import json
import stat

import pytest
from lodestar_client import cli, config

from labs.models import Submission


def run(capsys, *args):
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def login(capsys, site):
    return run(capsys, "login", "--url", site["url"], "--token", site["token"])


def test_login_checks_the_token_then_saves_it_for_the_owner_only(capsys, site):
    code, out, _ = login(capsys, site)
    assert code == 0
    assert "as stella in Spring intensive" in out
    path = config.config_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text()) == {"url": site["url"], "token": site["token"]}


def test_login_prompts_for_the_token_when_not_given(capsys, site, monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt: site["token"] + "\n")
    code, out, _ = run(capsys, "login", "--url", site["url"])
    assert code == 0
    assert config.load()["token"] == site["token"]


def test_login_with_a_wrong_token_saves_nothing(capsys, site):
    code, _, err = run(capsys, "login", "--url", site["url"], "--token", "lsk_wrong")
    assert code == 1
    assert "valid API token is required" in err
    assert not config.config_path().exists()


def test_commands_before_login_say_to_log_in(capsys):
    code, _, err = run(capsys, "labs")
    assert code == 1
    assert "lodestar login" in err


def test_labs_lists_the_lab_with_its_dates(capsys, site):
    login(capsys, site)
    code, out, _ = run(capsys, "labs")
    assert code == 0
    header, row = out.splitlines()[:2]
    assert header.split()[:5] == ["LAB", "WEEK", "STATUS", "OPENS", "DUE"]
    assert row.split()[:3] == ["wine-lab", "3", "open"]


def test_download_saves_both_files(capsys, site, tmp_path):
    login(capsys, site)
    code, out, _ = run(capsys, "download", "wine-lab", "--dir", str(tmp_path / "data"))
    assert code == 0
    train = (tmp_path / "data" / "wine-lab-train.csv").read_bytes()
    with site["lab"].dataset.train_file.open("rb") as handle:
        assert train == handle.read()
    assert (tmp_path / "data" / "wine-lab-test.csv").exists()


def test_download_of_an_unknown_lab_says_not_found(capsys, site, tmp_path):
    login(capsys, site)
    code, _, err = run(capsys, "download", "no-such-lab", "--dir", str(tmp_path))
    assert code == 1
    assert "Not found." in err


@pytest.mark.usefixtures("eager_celery")
def test_submit_wait_prints_the_grade(capsys, site, tmp_path):
    login(capsys, site)
    predictions = tmp_path / "predictions.csv"
    with site["lab"].references.get().predictions_file.open("rb") as handle:
        predictions.write_bytes(handle.read())
    code, out, _ = run(capsys, "submit", "wine-lab", str(predictions), "--wait")
    assert code == 0, out
    assert "Grade: PASSED" in out
    assert "Public score" in out
    assert Submission.objects.get().status == Submission.Status.GRADED


def test_submit_without_wait_tells_how_to_follow_it(capsys, site, tmp_path):
    login(capsys, site)
    predictions = tmp_path / "predictions.csv"
    predictions.write_text("id,prediction\n")
    code, out, _ = run(capsys, "submit", "wine-lab", str(predictions))
    assert code == 0
    assert "lodestar status" in out


def test_a_refused_upload_shows_the_sites_reason(capsys, site, tmp_path):
    login(capsys, site)
    bad = tmp_path / "model.exe"
    bad.write_bytes(b"MZ")
    code, _, err = run(capsys, "submit", "wine-lab", str(bad))
    assert code == 1
    assert "extension" in err.lower()


@pytest.mark.usefixtures("eager_celery")
def test_status_shows_progress_per_lab_and_one_submission(capsys, site, tmp_path):
    login(capsys, site)
    predictions = tmp_path / "p.csv"
    with site["lab"].references.get().predictions_file.open("rb") as handle:
        predictions.write_bytes(handle.read())
    run(capsys, "submit", "wine-lab", str(predictions))
    code, out, _ = run(capsys, "status")
    assert code == 0
    assert "1 of 1 labs passed" in out
    assert "wine-lab" in out and "passed" in out
    code, out, _ = run(capsys, "status", str(Submission.objects.get().pk))
    assert "Grade: PASSED" in out
