"""A worker that starts removes the sandbox job folders of grading processes that died."""

import pytest

from labs.sandbox.jobs import PREFIX

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
