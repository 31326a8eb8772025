"""Settings come from the environment, each in one place, and importing them creates nothing."""

import json
import os
import re
import subprocess
import sys

import pytest

from tests.support import ROOT, python_in_project

# config.settings and the modules it is made of (config/env.py, config/settings_*.py).
SETTINGS_SOURCE = "\n".join(
    (ROOT / "config" / name).read_text()
    for name in ("env.py", "settings.py", "settings_celery.py", "settings_logging.py")
)

SERVER_VARIABLES = (
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "DJANGO_MEDIA_ROOT",
    "DJANGO_STATIC_ROOT",
)

# What each variable ends up as where the code uses it, read in a fresh process.
EFFECTIVE = """
import json, django
django.setup()
from django.conf import settings
from labs.services.code_labs import code_limits
from labs.uploads import max_upload_bytes
limits = code_limits()
print(json.dumps({
    "LABS_SANDBOX_TIMEOUT_S": [settings.LABS_SANDBOX_TIMEOUT_S, limits.wall_seconds,
                               limits.cpu_seconds],
    "LABS_SANDBOX_MEMORY_MB": [settings.LABS_SANDBOX_MEMORY_MB, limits.memory_bytes],
    "LABS_MAX_UPLOAD_BYTES": [settings.LABS_MAX_UPLOAD_BYTES, max_upload_bytes()],
}))
"""


def _environment(**variables) -> dict:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("LABS_") and name != "DJANGO_SETTINGS_MODULE"
    }
    return {**env, "DJANGO_SETTINGS_MODULE": "config.settings", **variables}


def _effective(**variables) -> dict:
    return json.loads(python_in_project(EFFECTIVE, env=_environment(**variables)))


def test_limits_have_their_documented_defaults():
    assert _effective() == {
        "LABS_SANDBOX_TIMEOUT_S": [30, 30, 30],
        "LABS_SANDBOX_MEMORY_MB": [1024, 1024 * 1024 * 1024],
        "LABS_MAX_UPLOAD_BYTES": [2 * 1024 * 1024, 2 * 1024 * 1024],
    }


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("LABS_SANDBOX_TIMEOUT_S", "7", [7, 7, 7]),
        ("LABS_SANDBOX_MEMORY_MB", "256", [256, 256 * 1024 * 1024]),
        ("LABS_MAX_UPLOAD_BYTES", "12345", [12345, 12345]),
    ],
)
def test_environment_variable_sets_the_limit(variable, value, expected):
    assert _effective(**{variable: value})[variable] == expected


def _embedded_environment(var_dir) -> dict:
    """The defaults that keep state in files (SQLite, filesystem broker, media and static
    under var/): the ones that used to create folders at import."""
    env = _environment(LODESTAR_VAR_DIR=str(var_dir))
    for name in SERVER_VARIABLES:
        env.pop(name, None)
    return env


def test_importing_the_settings_creates_no_folder(tmp_path):
    var_dir = tmp_path / "not-there"
    env = _embedded_environment(var_dir)
    script = (
        "import django\n"
        "from django.conf import settings\n"
        "url = settings.CELERY_BROKER_URL\n"
        "assert url == 'filesystem://localhost/', url\n"
        "django.setup()\n"
        "from config.wsgi import application\n"
        "print(settings.VAR_DIR)\n"
    )
    assert python_in_project(script, env=env).strip() == str(var_dir)
    assert not var_dir.exists()


def test_manage_py_makes_the_folders_of_the_embedded_setup(tmp_path):
    var_dir = tmp_path / "var"
    env = _embedded_environment(var_dir)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert {"queue", "processed", "control"} <= {p.name for p in (var_dir / "broker").iterdir()}


def _readme_configuration_variables() -> set[str]:
    text = (ROOT / "README.md").read_text()
    section = text[text.index("## Configuration") : text.index("## Layout")]
    names = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            names |= set(re.findall(r"`([A-Z][A-Z0-9_]+)`", line.split("|")[1]))
    return names


def test_readme_configuration_table_lists_every_variable_the_settings_and_gunicorn_read():
    read = set(re.findall(r"env\.\w+\(\s*\"([A-Z0-9_]+)\"", SETTINGS_SOURCE))
    gunicorn = (ROOT / "config" / "gunicorn.conf.py").read_text()
    read |= set(re.findall(r"os\.environ\.get\(\"([A-Z0-9_]+)\"", gunicorn))
    assert {"LABS_MAX_UPLOAD_BYTES", "LABS_SANDBOX_TIMEOUT_S", "GUNICORN_WORKERS"} <= read
    assert read - _readme_configuration_variables() == set()


def test_settings_are_read_from_the_environment_not_with_getattr_defaults():
    # A getattr default is a second, unlisted place where a setting's value is decided.
    sources = [p for p in (ROOT / "labs").rglob("*.py") if "migrations" not in p.parts]
    sources += list((ROOT / "config").glob("*.py"))
    offenders = [str(p) for p in sources if "getattr(settings," in p.read_text()]
    assert offenders == []


@pytest.mark.parametrize(
    "broker", ["redis://127.0.0.1:6390/0", "amqp://guest:guest@127.0.0.1:5699//"]
)
def test_publishing_to_a_broker_that_is_down_gives_up_after_one_quick_retry(broker):
    """kombu's own retries kept a sign-up waiting about 6 s; the row's sweeper retries."""
    out = python_in_project(
        "import django; django.setup()\n"
        "from config.celery_app import app\n"
        "with app.connection_for_write() as conn:\n"
        "    opts = conn._extract_failover_opts()\n"
        "print(opts['max_retries'], opts['timeout'])\n"
        "from config.publish import publish\n"
        "print(publish('labs.grade_submission', 1))\n",
        env={
            **os.environ,
            "CELERY_BROKER_URL": broker,
            "DJANGO_SETTINGS_MODULE": "config.settings",
        },
    )
    max_retries, timeout, published = out.split()[-3:]
    assert (int(max_retries), float(timeout)) == (1, 1.0)
    assert published == "False"
