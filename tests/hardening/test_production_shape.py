"""Production settings come from the environment alone: check --deploy is clean, static
files go through whitenoise's manifest storage, and every response carries the headers."""

import os
import secrets
import subprocess
import sys

import pytest
from django.urls import reverse

from tests.support import ROOT, python_in_project


def _production_env(tmp_path, **extra) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CELERY_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_SECURE_SSL_REDIRECT="1",
        DJANGO_SECURE_COOKIES="1",
        DJANGO_SECURE_HSTS_SECONDS="31536000",
        DJANGO_ALLOWED_HOSTS="lodestar.example.com",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://lodestar.example.com",
        SITE_URL="https://lodestar.example.com",
        LODESTAR_VAR_DIR=str(tmp_path / "var"),
        **extra,
    )
    return env


def _manage(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_check_deploy_has_no_warnings_with_production_environment(tmp_path):
    result = _manage(_production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output


def test_check_deploy_does_warn_with_the_laptop_defaults(tmp_path):
    """The test above means something: the same check fails without those variables."""
    env = _production_env(tmp_path)
    for name in (
        "DJANGO_SECURE_SSL_REDIRECT",
        "DJANGO_SECURE_COOKIES",
        "DJANGO_SECRET_KEY",
        "SITE_URL",
    ):
        env.pop(name)
    result = _manage(env, "check", "--deploy", "--fail-level", "WARNING")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    for warning in (
        "security.W008",
        "security.W012",
        "security.W016",
        "security.W009",
        "lodestar.W001",
    ):
        assert warning in output


def test_collectstatic_with_whitenoise_manifest_storage_serves_hashed_files(tmp_path):
    static_root = tmp_path / "static"
    env = _production_env(
        tmp_path,
        DJANGO_STATIC_ROOT=str(static_root),
        DJANGO_STATICFILES_STORAGE="whitenoise.storage.CompressedManifestStaticFilesStorage",
    )
    result = _manage(env, "collectstatic", "--noinput")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (static_root / "staticfiles.json").exists()
    assert list(static_root.glob("bootstrap/css/bootstrap.min.*.css.gz"))

    # A page in production mode links the hashed names, and whitenoise serves them.
    probe = (
        "import django, re; django.setup();"
        "from django.test import Client;"
        "c = Client(HTTP_HOST='lodestar.example.com');"
        "page = c.get('/accounts/login/', secure=True);"
        "assert page.status_code == 200, page.status_code;"
        "css = re.search(r'/static/bootstrap/css/bootstrap\\.min\\.[0-9a-f]{12}\\.css',"
        " page.content.decode()).group(0);"
        "asset = c.get(css, secure=True);"
        "assert asset.status_code == 200, asset.status_code;"
        "assert 'max-age=315360000' in asset['Cache-Control'], asset['Cache-Control'];"
        "print('served', css)"
    )
    served = python_in_project(probe, env=env)
    assert "served /static/bootstrap/css/bootstrap.min." in served


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_templates_have_no_inline_scripts_or_event_handlers():
    """script-src 'self' would block them: every script must be a file under /static/."""
    import re

    offenders = []
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        for match in re.finditer(r"<script\b[^>]*>", text):
            tag = match.group(0)
            if "src=" not in tag and "application/json" not in tag:
                offenders.append(f"{template.relative_to(ROOT)}: {tag}")
        if re.search(r"\son[a-z]+\s*=", text) or "javascript:" in text:
            offenders.append(f"{template.relative_to(ROOT)}: inline handler")
    assert offenders == []


def test_gunicorn_config_names_the_wsgi_application():
    import importlib
    import runpy

    config = runpy.run_path(str(ROOT / "config" / "gunicorn.conf.py"))
    module, name = config["wsgi_app"].split(":")
    assert callable(getattr(importlib.import_module(module), name))
    assert config["workers"] >= 1
    assert config["timeout"] >= 30


def test_gunicorn_workers_freeze_the_loaded_application_for_the_collector():
    # In a child process: freezing is for the life of the process.
    script = (
        "import gc, runpy;"
        "config = runpy.run_path('config/gunicorn.conf.py');"
        "before = gc.get_freeze_count();"
        "config['post_worker_init'](None);"
        "print(before, gc.get_freeze_count())"
    )
    before, after = map(int, python_in_project(script).split())
    assert before == 0
    assert after > 1000
