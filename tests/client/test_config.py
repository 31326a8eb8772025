"""The client's config file: under XDG_CONFIG_HOME, readable by its owner only."""

import stat

from lodestar_client import config


def test_save_writes_the_file_with_mode_0600_under_xdg_config_home(config_home):
    path = config.save(url="https://example.test", token="lsk_secret")
    assert path == config_home / "lodestar" / "config.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert config.load() == {"url": "https://example.test", "token": "lsk_secret"}


def test_save_tightens_an_older_file_with_wider_permissions(config_home):
    path = config_home / "lodestar" / "config.json"
    path.parent.mkdir(parents=True)
    path.write_text("{}")
    path.chmod(0o644)
    config.save(url="https://example.test", token="lsk_secret")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_environment_variables_override_the_file(monkeypatch):
    config.save(url="https://example.test", token="lsk_saved")
    monkeypatch.setenv("LODESTAR_TOKEN", "lsk_from_env")
    assert config.load()["token"] == "lsk_from_env"


def test_nothing_saved_is_an_empty_config():
    assert config.load() == {}
