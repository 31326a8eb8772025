"""The `lodestar` command against a live test server (in-process, Celery eager)."""

import datetime
import io
import json
import os
import socket
import stat
import subprocess
import sys

import pytest
import time_machine
from django.utils import timezone
from lodestar_client import cli, config

from api import services as token_services
from labs.models import Submission
from tests.labs.factories import lab_on_builtin
from tests.support import ROOT


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


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_login_prompts_for_the_token_on_a_terminal(capsys, site, monkeypatch):
    monkeypatch.setattr("sys.stdin", Terminal())
    monkeypatch.setattr("getpass.getpass", lambda prompt: site["token"] + "\n")
    code, out, _ = run(capsys, "login", "--url", site["url"])
    assert code == 0
    assert config.load()["token"] == site["token"]


def test_login_reads_a_piped_token_without_getpass(capsys, site, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(site["token"] + "\n"))

    def no_prompt(prompt):
        raise AssertionError("getpass cannot hide piped input: it only warns")

    monkeypatch.setattr("getpass.getpass", no_prompt)
    code, out, err = run(capsys, "login", "--url", site["url"])
    assert code == 0, err
    assert config.load()["token"] == site["token"]
    assert err == ""


def test_login_with_nothing_piped_in_says_how_to_give_the_token(capsys, site, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, _, err = run(capsys, "login", "--url", site["url"])
    assert code == 1
    assert "No token on standard input" in err and "--token" in err
    assert not config.config_path().exists()


def test_the_installed_command_takes_a_piped_token_with_no_warning(site, tmp_path):
    """The real process, its stdin a pipe: Python's GetPassWarning used to appear here."""
    env = {
        **os.environ,
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "PYTHONPATH": str(ROOT / "client" / "src"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "lodestar_client", "login", "--url", site["url"]],
        input=site["token"] + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "as stella" in result.stdout


def closed_port() -> int:
    """A local port with nothing listening on it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_site_that_is_down_is_named_with_what_to_check(capsys):
    url = f"http://127.0.0.1:{closed_port()}"
    code, _, err = run(capsys, "login", "--url", url, "--token", "lsk_anything")
    assert code == 1
    assert f"Could not reach the Lodestar site at {url}" in err
    assert "connection refused" in err
    assert "Check that the site is running" in err
    assert "lodestar login --url" in err
    assert "Errno" not in err


def test_a_saved_site_that_went_down_is_named_too(capsys):
    url = f"http://127.0.0.1:{closed_port()}"
    config.save(url=url, token="lsk_anything")
    code, _, err = run(capsys, "labs")
    assert code == 1
    assert f"Could not reach the Lodestar site at {url}" in err


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


def test_download_of_an_unknown_lab_says_which_and_where_to_look(capsys, site, tmp_path):
    login(capsys, site)
    code, _, err = run(capsys, "download", "no-such-lab", "--dir", str(tmp_path))
    assert code == 1
    assert err.strip() == (
        "No lab 'no-such-lab' among your labs. Run `lodestar labs` to see your labs."
    )


def test_a_misspelt_lab_gets_the_closest_of_mine(capsys, site, tmp_path):
    login(capsys, site)
    predictions = tmp_path / "p.csv"
    predictions.write_text("id,prediction\n")
    code, _, err = run(capsys, "submit", "wine-lb", str(predictions))
    assert code == 1
    assert "No lab 'wine-lb' among your labs. Did you mean 'wine-lab'?" in err
    assert "lodestar labs" in err


def test_a_lab_not_open_yet_keeps_the_sites_reason(capsys, site, tmp_path):
    lab_on_builtin(dataset_slug="wine", slug="later-lab", week=10, train_reference=False)
    login(capsys, site)
    code, _, err = run(capsys, "download", "later-lab", "--dir", str(tmp_path))
    assert code == 1
    assert err.strip() == "This lab is not open yet."


def test_status_of_a_submission_that_is_not_mine_says_so(capsys, site):
    login(capsys, site)
    code, _, err = run(capsys, "status", "987654")
    assert code == 1
    assert "No submission #987654 among yours." in err


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


def test_a_read_only_token_prints_the_sites_reason_on_submit(capsys, site, tmp_path):
    reader = token_services.token_create(user=site["student"], name="reader", scope="read")
    run(capsys, "login", "--url", site["url"], "--token", reader.secret)
    predictions = tmp_path / "predictions.csv"
    predictions.write_text("id,prediction\n")
    code, _, err = run(capsys, "submit", "wine-lab", str(predictions))
    assert code == 1
    assert "is read only: it cannot submit" in err
    assert "Read and submit" in err
    assert not Submission.objects.exists()


def test_an_expired_token_prints_the_sites_reason(capsys, site):
    login(capsys, site)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=91), tick=False):
        code, _, err = run(capsys, "labs")
    assert code == 1
    assert "expired on" in err
    assert "create a new one on your account page" in err.lower()
