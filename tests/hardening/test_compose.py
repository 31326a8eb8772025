"""docker-compose.yml and the Dockerfile, checked without a Docker engine: every command they
run exists in the project, and the example env file documents every variable read."""

import importlib
import importlib.util
import re
import runpy
import shlex

import pytest
import yaml
from django.core.management import get_commands
from django.urls import resolve

from tests.support import ROOT

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = [name for name, spec in SERVICES.items() if spec.get("build")]
# Read by the code for tests only; an operator never sets them.
TEST_ONLY_VARIABLES = {"LABS_GRADING_TEST_DELAY_S", "CELERY_TASK_ALWAYS_EAGER"}
CELERY_SUBCOMMANDS = {"worker", "beat", "inspect", "flower"}


def _example_variables(*, documented_only=False) -> set[str]:
    names = set()
    for line in (ROOT / ".env.example").read_text().splitlines():
        match = re.match(r"^(#\s*)?([A-Z][A-Z0-9_]+)=", line)
        if match and not (documented_only and match.group(1)):
            names.add(match.group(2))
    return names


def _words(command) -> list[str]:
    if isinstance(command, list):
        if command[0] in ("CMD", "CMD-SHELL"):
            return shlex.split(command[1]) if command[0] == "CMD-SHELL" else command[1:]
        return command
    words = shlex.split(command)
    if words[:2] == ["sh", "-c"]:
        return shlex.split(words[2])
    return words


def _commands():
    """(where, words) for every command and healthcheck of every service."""
    for name, spec in SERVICES.items():
        if "command" in spec:
            yield f"{name}.command", _words(spec["command"])
        if "healthcheck" in spec:
            yield f"{name}.healthcheck", _words(spec["healthcheck"]["test"])


def check_project_command(words: list[str]) -> None:
    """Fail unless the project provides what this command line runs."""
    program = words[0]
    if program == "python" and words[1] == "manage.py":
        assert words[2] in get_commands(), f"no management command {words[2]!r}"
    elif program == "python" and words[1] == "-c":
        compile(words[2], "<healthcheck>", "exec")
        for url in re.findall(r"http://localhost:8000(/[^'\"]*)", words[2]):
            assert resolve(url).url_name == "health"
    elif program == "celery":
        assert words[1:3] == ["-A", "config"], words
        assert importlib.import_module("config.celery_app").app.main == "lodestar"
        assert words[3] in CELERY_SUBCOMMANDS, words
        if words[3] == "flower":
            assert importlib.util.find_spec("flower") is not None
    elif program == "gunicorn":
        config_path = words[words.index("-c") + 1]
        config = runpy.run_path(str(ROOT / config_path))
        module, name = config["wsgi_app"].split(":")
        assert callable(getattr(importlib.import_module(module), name))
    elif program in ("redis-server", "redis-cli", "pg_isready", "minio", "mc"):
        pass  # programs of the official images
    else:
        raise AssertionError(f"unknown program {program!r} in {words}")


@pytest.mark.parametrize("where,words", list(_commands()), ids=[w for w, _ in _commands()])
def test_every_compose_command_exists_in_the_project(where, words):
    check_project_command(words)


def test_the_checker_rejects_what_does_not_exist():
    with pytest.raises(AssertionError):
        check_project_command(["python", "manage.py", "no_such_command"])
    with pytest.raises(AssertionError):
        check_project_command(["celery", "-A", "config", "frobnicate"])


def test_compose_has_the_production_services_with_healthchecks():
    assert {"web", "worker", "beat", "flower", "postgres", "redis", "migrate"} <= set(SERVICES)
    for name in ("web", "worker", "postgres", "redis"):
        assert "healthcheck" in SERVICES[name], name
    assert _words(SERVICES["web"]["command"])[0] == "gunicorn"
    redis_command = _words(SERVICES["redis"]["command"])
    assert redis_command[redis_command.index("--appendonly") + 1] == "yes"
    # Migrations run once, before the processes that need the schema.
    for name in ("web", "worker", "beat"):
        assert SERVICES[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }


def test_flower_is_password_protected_and_not_public():
    flower = SERVICES["flower"]
    assert "FLOWER_BASIC_AUTH" in flower["environment"]
    assert all(str(port).startswith("127.0.0.1:") for port in flower["ports"])


def test_every_variable_compose_interpolates_is_in_the_example_env_file():
    text = (ROOT / "docker-compose.yml").read_text()
    used = set(re.findall(r"\$\{([A-Z0-9_]+)", text))
    assert used, "expected ${...} variables in docker-compose.yml"
    assert used <= _example_variables(documented_only=True)


def test_every_variable_the_settings_gunicorn_and_catalog_read_is_in_the_example_env_file():
    settings_text = "\n".join(
        (ROOT / "config" / name).read_text()
        for name in ("env.py", "settings.py", "settings_celery.py", "settings_logging.py")
    )
    read = set(re.findall(r"env\.\w+\(\s*\"([A-Z0-9_]+)\"", settings_text))
    gunicorn_text = (ROOT / "config" / "gunicorn.conf.py").read_text()
    read |= set(re.findall(r"os\.environ\.get\(\"([A-Z0-9_]+)\"", gunicorn_text))
    catalog_text = (ROOT / "labs" / "catalog" / "secret.py").read_text()
    read |= set(re.findall(r"environ\.get\(\"([A-Z0-9_]+)\"", catalog_text))
    assert {
        "DJANGO_SECRET_KEY",
        "DATABASE_URL",
        "GUNICORN_WORKERS",
        "LODESTAR_DATASET_SECRET",
    } <= read
    missing = read - TEST_ONLY_VARIABLES - _example_variables()
    assert missing == set()


def test_dockerfile_collects_static_files_with_whitenoise_and_runs_gunicorn_config():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "whitenoise.storage.CompressedManifestStaticFilesStorage" in dockerfile
    assert "collectstatic --noinput" in dockerfile
    cmd = re.search(r"^CMD (\[.*\])$", dockerfile, re.MULTILINE).group(1)
    check_project_command(yaml.safe_load(cmd))
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".venv", "var", ".env"} <= set(ignored)


def test_gunicorn_is_published_on_loopback_unless_told_otherwise():
    # Reached directly, gunicorn would take any X-Forwarded-For as the proxy's.
    assert COMPOSE["services"]["web"]["ports"] == ["${WEB_BIND:-127.0.0.1}:8000:8000"]
