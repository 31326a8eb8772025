"""The client knows which API it speaks: `lodestar --version` says it, and when the site's
API is newer, the command says so once, with the command that upgrades it from the site."""

import pytest
from lodestar_client import API_VERSION, __version__, cli, config, notebook
from lodestar_client import api as client_api

from tests.api.client_wheels import put_wheel


@pytest.fixture(autouse=True)
def fresh_notices(monkeypatch):
    monkeypatch.setattr(client_api, "_WARNED", set())


@pytest.fixture
def newer_site(site, settings, tmp_path, monkeypatch):
    """The same live site, now speaking API 1.1 and serving client 9.1.0."""
    settings.LODESTAR_CLIENT_DIR = tmp_path / "build"
    put_wheel(settings.LODESTAR_CLIENT_DIR, "9.1.0")
    monkeypatch.setattr("api.v1.API_VERSION", "1.1")
    return site


def run(capsys, *args):
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_version_names_the_client_and_the_api_it_knows(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"lodestar {__version__} (Lodestar API {API_VERSION})"


def test_the_client_and_the_site_agree_on_the_api_version_today():
    from api.v1 import API_VERSION as site_api_version

    assert site_api_version == API_VERSION


def test_a_newer_api_prints_the_upgrade_command_from_this_site_once(capsys, newer_site):
    config.save(url=newer_site["url"], token=newer_site["token"])
    code, out, err = run(capsys, "labs")
    assert code == 0
    assert "wine-lab" in out
    wheel_url = f"{newer_site['url']}/client/lodestar_client-9.1.0-py3-none-any.whl"
    assert err.count("Note:") == 1
    assert "runs version 1.1 of the Lodestar API" in err
    assert f"knows version {API_VERSION}" in err
    assert err.strip().endswith(f"Upgrade it: pip install {wheel_url}")
    # Once per site and process: the next command in the same process says nothing.
    assert run(capsys, "status")[2] == ""


def test_a_newer_api_is_noticed_on_a_refusal_too(capsys, newer_site):
    config.save(url=newer_site["url"], token="not-a-token")
    code, _, err = run(capsys, "labs")
    assert code == 1
    assert "runs version 1.1" in err and "Your token was refused" in err


def test_the_same_api_says_nothing(capsys, site):
    config.save(url=site["url"], token=site["token"])
    code, _, err = run(capsys, "labs")
    assert code == 0
    assert err == ""


@pytest.mark.parametrize(
    ("site_version", "newer"),
    [("1.1", True), ("2", True), ("1.0.1", True), ("1.0", False), ("1", False), ("0.9", False)],
)
def test_versions_compare_as_numbers(site_version, newer):
    assert client_api.is_newer(site_version, "1.0") is newer


@pytest.mark.parametrize("site_version", [None, "", "v1.2", "1.x", "banana"])
def test_a_version_it_cannot_read_is_not_called_newer(site_version):
    assert client_api.is_newer(site_version, "1.0") is False


def test_without_a_served_wheel_the_notice_points_to_the_install_page():
    message = client_api.upgrade_notice("https://site.example", "1.3", None)
    assert message.endswith("Upgrade it: see https://site.example/client/")


def test_notebook_login_checks_the_token_then_saves_it(site, monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt: site["token"] + "\n")
    shown = []
    client = notebook.login(site["url"] + "/", show=shown.append)
    assert shown == [f"Logged in to {site['url']} as stella."]
    assert config.load() == {"url": site["url"], "token": site["token"]}
    assert [lab["slug"] for lab in client.labs()] == ["wine-lab"]


def test_notebook_login_refuses_a_wrong_token_and_saves_nothing(site):
    with pytest.raises(client_api.ApiError):
        notebook.login(site["url"], token="wrong", show=lambda _: None)
    assert not config.config_path().exists()
