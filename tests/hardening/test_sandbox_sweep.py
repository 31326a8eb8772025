"""A worker removes the sandbox job folders of grading processes that died: as it starts,
then periodically."""

import pytest

from labs.sandbox.jobs import PREFIX
from tests.support import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_worker_start_sweeps_job_folders_of_dead_processes(tmp_path, start_worker):
    jobs = tmp_path / "jobs"
    jobs.mkdir()
    dead = jobs / f"{PREFIX}999999999-abcd"  # above any pid_max: that process is gone
    (dead / "in").mkdir(parents=True)
    (dead / "in" / "solution.py").write_text("print('a student's code')\n")
    unrelated = jobs / "someone-elses"
    unrelated.mkdir()

    worker = start_worker(LODESTAR_SANDBOX_JOBS_DIR=jobs)

    assert not dead.exists()
    assert unrelated.exists()
    assert "removed 1 sandbox job folder" in worker.output()


def test_a_running_worker_sweeps_them_periodically(tmp_path, start_worker):
    """A grading process killed while the worker runs leaves its folder behind; the worker's
    sweeper removes it without a restart."""
    jobs = tmp_path / "jobs"
    jobs.mkdir()
    worker = start_worker(LODESTAR_SANDBOX_JOBS_DIR=jobs, LABS_SANDBOX_SWEEP_S=1)
    dead = jobs / f"{PREFIX}999999998-efgh"
    (dead / "in").mkdir(parents=True)
    (dead / "in" / "train.csv").write_text("id,target\n")
    alive = jobs / f"{PREFIX}{worker.process.pid}-ijkl"  # a live process's run: kept
    alive.mkdir()

    wait_for(lambda: not dead.exists(), timeout=30, what="the periodic sweep")
    assert alive.exists()
    assert worker.process.poll() is None
