"""The parts of CI's `make run` smoke (.ci/smoke-make-run.py) that can break without a run.

The smoke itself runs `make run` for a minute or more, in CI only; these check, in
milliseconds, that it still reads the README's demo logins and starts from a clean shell.
"""

import importlib.util

import pytest

from tests.support import ROOT


@pytest.fixture(scope="module")
def smoke():
    spec = importlib.util.spec_from_file_location("smoke", ROOT / ".ci" / "smoke-make-run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_smoke_reads_each_demo_login_and_start_page_from_the_readme(smoke):
    password, start_pages = smoke.readme_logins()

    assert password == "lodestar-demo"
    assert start_pages == {
        "admin": "/admin/",
        "instructor": "/labs/gradebook/",
        "student": "/labs/dashboard/",
        "graduate": "/account/",
    }


def test_smoke_runs_make_run_without_the_projects_variables(smoke, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lodestar")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/1")
    monkeypatch.setenv("CELERY_QUEUE", "lodestar-ci")
    monkeypatch.setenv("LODESTAR_VAR_DIR", "/tmp/elsewhere")  # noqa: S108
    monkeypatch.setenv("MAKEFLAGS", "-j2")
    monkeypatch.setenv("HOME", "/home/newcomer")

    env = smoke.newcomer_env(port=41234)

    assert env["LODESTAR_PORT"] == "41234"
    assert env["HOME"] == "/home/newcomer"
    for name in ("DATABASE_URL", "REDIS_URL", "CELERY_QUEUE", "LODESTAR_VAR_DIR", "MAKEFLAGS"):
        assert name not in env
