"""docker-compose.worker-host.yml, checked without a Docker engine: a worker host runs only
Celery workers, on the main host's services and bucket, with no shared folder."""

import re

import yaml

from tests.hardening.test_compose import _example_variables, _words, check_project_command
from tests.support import ROOT

TEXT = (ROOT / "docker-compose.worker-host.yml").read_text()
SERVICES = yaml.safe_load(TEXT)["services"]


def test_a_worker_host_runs_celery_workers_and_nothing_else():
    assert set(SERVICES) == {"worker"}
    worker = SERVICES["worker"]
    check_project_command(_words(worker["command"]))
    assert _words(worker["command"])[3] == "worker"
    check_project_command(_words(worker["healthcheck"]["test"]))


def test_a_worker_host_shares_no_disk_and_reaches_the_main_hosts_services():
    worker = SERVICES["worker"]
    assert "volumes" not in worker
    environment = worker["environment"]
    assert environment["LODESTAR_S3_BUCKET"]
    for name in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "AWS_S3_ENDPOINT_URL"):
        assert "${LODESTAR_SERVICES_HOST" in environment[name], name


def test_every_variable_it_interpolates_is_in_the_example_env_file():
    used = set(re.findall(r"\$\{([A-Z0-9_]+)", TEXT))
    assert used <= _example_variables()
