"""Settings come from the environment, each declared once and listed in the README."""

import json
import os
import re

import pytest

from tests.conftest import ROOT, python_in_project

SETTINGS_SOURCE = (ROOT / "config" / "settings.py").read_text()

# What each variable ends up as where the code uses it, read in a fresh process.
EFFECTIVE = """
import json, django
django.setup()
from django.conf import settings
from labs.services import code_limits
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
