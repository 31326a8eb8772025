"""What a student does with nothing but Python: install the client from the running site
(the command its /client/ page gives), in a fresh virtual environment, then use it.

The wheel is built from client/ as `make install` builds it, into a folder the site serves
from (LODESTAR_CLIENT_DIR); gunicorn serves it over real HTTP; pip in the new environment
may use no package index at all, so the client can only have come from the site's address,
and the checksum in that address is the one the page shows."""

import html
import os
import re
import shutil
import subprocess
import sys
import urllib.request
import venv

import pytest
from django.conf import settings
from django.test import Client as DjangoClient

from api import services as token_services
from api.v1 import API_VERSION
from tests.factories import UserFactory
from tests.labs.factories import CohortFactory, EnrolmentFactory, lab_on_builtin
from tests.support import ROOT, running_gunicorn

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def built_client(tmp_path):
    """client/ built into a wheel with the Makefile's command, from a clean copy."""
    source = tmp_path / "client-source"
    shutil.copytree(
        ROOT / "client", source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__")
    )
    folder = tmp_path / "build" / "client"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", str(source), "-w", folder],
        check=True,
        timeout=300,
    )
    (wheel,) = folder.glob("lodestar_client-*-py3-none-any.whl")
    return wheel


@pytest.fixture
def site(tmp_path, built_client):
    with running_gunicorn(
        tmp_path / "gunicorn.log",
        ready_path="/api/v1/openapi.json",
        LODESTAR_CLIENT_DIR=str(built_client.parent),
    ) as (base, _):
        yield base


def page_command(body: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}">(.*?)</', body, re.DOTALL)
    assert match, f"no {testid} on the page"
    return html.unescape(match.group(1))


def student_env(tmp_path, **extra) -> dict:
    """A student's shell: none of the project's or pip's settings, no PYTHONPATH."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("LODESTAR_", "DJANGO_", "DATABASE_", "REDIS_", "CELERY_", "PIP_"))
        and key not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")
    }
    return {**env, "XDG_CONFIG_HOME": str(tmp_path / "config"), **extra}


def test_a_student_installs_the_client_from_the_site_and_lists_labs(site, built_client, tmp_path):
    student = UserFactory(username="stella")
    EnrolmentFactory(user=student, cohort=CohortFactory(name="Spring intensive"))
    lab_on_builtin(dataset_slug="wine", slug="wine-lab", week=3)
    token = token_services.token_create(user=student, name="laptop").secret

    # The page, asked over HTTP as the signed-in student: this deployment's own commands.
    browser = DjangoClient()
    browser.force_login(student)
    request = urllib.request.Request(  # noqa: S310 - the test's own server
        f"{site}/client/",
        headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={browser.cookies['sessionid'].value}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        body = response.read().decode()
    wheel_url = f"{site}/client/{built_client.name}"
    assert page_command(body, "client-pip") == f"pip install {wheel_url}"
    checked = page_command(body, "client-pip-checked")
    assert checked.startswith(f'pip install "{wheel_url}#sha256=')
    assert page_command(body, "client-login").startswith(f"lodestar login --url {site}\n")
    version = page_command(body, "client-version")
    assert built_client.name == f"lodestar_client-{version}-py3-none-any.whl"

    # A fresh virtual environment, and the page's checked command, with no package index.
    environment = tmp_path / "student-venv"
    venv.create(environment, with_pip=True, symlinks=True)
    python, lodestar = environment / "bin" / "python", environment / "bin" / "lodestar"
    env = student_env(tmp_path)
    address = checked.removeprefix("pip install ").strip('"')
    installed = subprocess.run(
        [python, "-m", "pip", "install", "--isolated", "--no-index", "--no-cache-dir", address],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    where = subprocess.run(
        [python, "-c", "import lodestar_client; print(lodestar_client.__file__)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(environment)), where

    result = subprocess.run(
        [lodestar, "--version"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"lodestar {version} (Lodestar API {API_VERSION})"

    env = student_env(tmp_path, LODESTAR_URL=site, LODESTAR_TOKEN=token)
    result = subprocess.run([lodestar, "labs"], env=env, capture_output=True, text=True, timeout=60)
    print(result.stdout, result.stderr)
    assert result.returncode == 0, result.stderr
    header, row = result.stdout.splitlines()
    assert header.split() == ["LAB", "WEEK", "STATUS", "OPENS", "DUE", "TITLE"]
    assert row.split()[:2] == ["wine-lab", "3"]
    assert result.stderr == ""  # the same API version: no upgrade notice
