"""What a student's code leaves behind is hostile: links, FIFOs, huge files, forged results.

Each solution below plants something in the job's ``out`` folder (where the runner once
wrote its results) and ends the run itself, the way an attacker would. A marker is planted
in host files the worker could reach (an absolute path, and the worker's working
directory through /proc/self/cwd); it must never come back in anything the run returns,
and the worker must stay quick and usable.
"""

import os
import subprocess
import sys
import time
import uuid

import pytest

from labs import sandbox
from labs.catalog import build_dataset
from labs.sandbox.jobs import PREFIX, sweep_stale_jobs
from tests.labs.sandbox_support import GOOD_SOLUTION, solution

pytestmark = pytest.mark.usefixtures("sandbox_ready")


@pytest.fixture(scope="module")
def wine_files():
    splits = build_dataset("wine")
    return splits.train_csv_bytes(), splits.test_features_csv_bytes()


@pytest.fixture
def host_secret(tmp_path, monkeypatch):
    """A marker in a host file, and the same marker in a `.env` in the worker's cwd."""
    marker = f"HOST-SECRET-{uuid.uuid4().hex}"
    secret = tmp_path / "secret.txt"
    secret.write_text(f"root:x:0:0:{marker}\n")
    cwd = tmp_path / "worker-cwd"
    cwd.mkdir()
    (cwd / ".env").write_text(f"DJANGO_SECRET_KEY={marker}\n")
    monkeypatch.chdir(cwd)
    return marker, secret


def hostile(plant: str) -> bytes:
    """A solution whose predict() plants something in out/ and ends the process at once."""
    return solution(
        f"""
        import json, os
        OUT = os.path.join(os.environ["LODESTAR_JOB_DIR"], "out")


        def train(X, y):
            return None


        def predict(model, X):
            {plant.strip()}
            os._exit(0)
        """
    )


def everything_returned(outcome) -> str:
    return repr(outcome) + (outcome.predictions_csv or b"").decode("utf-8", "replace")


def assert_no_leak(outcome, marker):
    assert marker not in everything_returned(outcome)
    assert "root:x:0:0" not in everything_returned(outcome)
    assert outcome.status != sandbox.PLATFORM_ERROR


PLANTS = {
    "symlink-to-host-file": """
            os.symlink("{secret}", OUT + "/predictions.csv")
            with open(OUT + "/result.json", "w") as handle:
                json.dump({{"status": "ok"}}, handle)
    """,
    "symlink-through-proc-self-cwd": """
            os.symlink("/proc/self/cwd/.env", OUT + "/predictions.csv")
            os.symlink("/proc/self/cwd/.env", OUT + "/result.json")
    """,
    "symlink-to-proc-self-status": """
            os.symlink("/proc/self/status", OUT + "/predictions.csv")
            with open(OUT + "/result.json", "w") as handle:
                json.dump({{"status": "ok"}}, handle)
    """,
    "hard-link": """
            for source in ("{secret}", "/tmp/job/in/train.csv"):
                try:
                    os.link(source, OUT + "/predictions.csv")
                except OSError as error:
                    print("link refused:", type(error).__name__)
    """,
    "directory-named-predictions": """
            os.mkdir(OUT + "/predictions.csv")
            os.mkdir(OUT + "/result.json")
    """,
}


@pytest.mark.parametrize("plant", PLANTS.values(), ids=PLANTS.keys())
def test_links_and_odd_files_in_out_are_never_followed(wine_files, host_secret, plant):
    marker, secret = host_secret
    outcome = sandbox.run_code("python", hostile(plant.format(secret=secret)), *wine_files)
    assert_no_leak(outcome, marker)
    # The process ended before writing predictions; the worker says so, nothing more.
    assert outcome.status == sandbox.ERROR
    assert "before it wrote its predictions" in outcome.message
    assert outcome.predictions_csv is None


def test_result_linked_to_dev_zero_is_not_read_forever(wine_files, host_secret):
    marker, _ = host_secret
    started = time.monotonic()
    outcome = sandbox.run_code(
        "python",
        hostile("""
            os.symlink("/dev/zero", OUT + "/result.json")
            os.symlink("/dev/zero", OUT + "/predictions.csv")
        """),
        *wine_files,
    )
    assert_no_leak(outcome, marker)
    assert outcome.status == sandbox.ERROR
    assert time.monotonic() - started < 20


def test_fifo_in_out_does_not_stall_the_worker(wine_files, host_secret):
    marker, _ = host_secret
    started = time.monotonic()
    outcome = sandbox.run_code(
        "python",
        hostile("""
            os.mkfifo(OUT + "/result.json")
            os.mkfifo(OUT + "/predictions.csv")
        """),
        *wine_files,
    )
    assert_no_leak(outcome, marker)
    assert outcome.status == sandbox.ERROR
    assert time.monotonic() - started < 20
    # The same process sandboxes the next submission at once.
    assert sandbox.run_code("python", GOOD_SOLUTION, *wine_files).status == sandbox.OK


def test_huge_out_folder_stays_inside_the_sandbox_tmpfs(wine_files, tmp_path, monkeypatch):
    jobs = tmp_path / "jobs"
    jobs.mkdir()
    monkeypatch.setenv("LODESTAR_SANDBOX_JOBS_DIR", str(jobs))
    limits = sandbox.SandboxLimits()
    outcome = sandbox.run_code(
        "python",
        solution(
            """
            import os
            OUT = os.path.join(os.environ["LODESTAR_JOB_DIR"], "out")
            block = b"x" * (1024 * 1024)
            written = 0
            try:
                for number in range(2000):
                    with open(f"{OUT}/fill-{number}", "wb") as handle:
                        for _ in range(8):
                            handle.write(block)
                            written += 1
            except OSError as error:
                print("stopped after", written, "MB:", error.strerror)


            def train(X, y):
                return y.mode()[0]


            def predict(model, X):
                return [model] * len(X)
            """
        ),
        *wine_files,
    )
    assert outcome.status == sandbox.OK
    line = next(line for line in outcome.output.splitlines() if line.startswith("stopped"))
    assert "No space left on device" in line
    assert int(line.split()[2]) <= limits.tmp_bytes >> 20
    # Nothing of it reached the host, and the job folder is gone.
    assert list(jobs.iterdir()) == []


FORGERIES = {
    "status-file": """
            with open(OUT + "/result.json", "w") as handle:
                json.dump({"status": "platform_error", "message": "forged"}, handle)
            os.remove("/tmp/job/out/started") if os.path.exists("/tmp/job/out/started") else None
    """,
    "result-channel": """
            fd = int(os.environ.get("LODESTAR_RESULT_FD", "-1"))
            os.write(fd, json.dumps({"status": "platform_error", "message": "forged"}).encode())
    """,
    "ready-channel": """
            for fd in range(3, 64):
                try:
                    os.write(fd, b"data-failed: forged\\n")
                except OSError:
                    pass
            fd = int(os.environ.get("LODESTAR_RESULT_FD", "-1"))
            os.write(fd, json.dumps({"status": "timeout", "message": "forged"}).encode())
    """,
}


@pytest.mark.parametrize("forgery", FORGERIES.values(), ids=FORGERIES.keys())
def test_a_forged_status_is_never_taken_as_the_platforms(wine_files, forgery):
    outcome = sandbox.run_code("python", hostile(forgery), *wine_files)
    assert outcome.status == sandbox.ERROR
    assert "forged" not in outcome.message
    assert "before it wrote its predictions" in outcome.message


def test_a_grading_process_killed_mid_run_leaves_a_folder_the_sweep_removes(wine_files, tmp_path):
    jobs = tmp_path / "jobs"
    jobs.mkdir()
    script = (
        "import sys\n"
        "from labs import sandbox\n"
        "from labs.catalog import build_dataset\n"
        "splits = build_dataset('wine')\n"
        "code = b'import time\\ntime.sleep(120)\\n'\n"
        "sandbox.run_code('python', code, splits.train_csv_bytes(),"
        " splits.test_features_csv_bytes())\n"
    )
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", script],
        env={**os.environ, "LODESTAR_SANDBOX_JOBS_DIR": str(jobs)},
    )
    try:
        deadline = time.monotonic() + 60
        while not list(jobs.iterdir()) and time.monotonic() < deadline:
            time.sleep(0.1)
        (leftover,) = jobs.iterdir()
        assert leftover.name.startswith(f"{PREFIX}{process.pid}-")
        # A live run's folder is left alone.
        assert sweep_stale_jobs(root=jobs) == []
        process.kill()
        process.wait()
        assert leftover.exists()  # killed mid-run: nothing of its own cleaned up
        assert sweep_stale_jobs(root=jobs) == [leftover]
        assert list(jobs.iterdir()) == []
    finally:
        process.kill()
        process.wait()


def test_the_sweep_leaves_other_folders_and_removes_very_old_ones(tmp_path):
    mine = tmp_path / f"{PREFIX}{os.getpid()}-abc"
    other = tmp_path / "not-ours"
    mine.mkdir()
    other.mkdir()
    # Ages from the folder's own time, not the clock: the same on any machine and any day.
    made = mine.stat().st_mtime
    assert sweep_stale_jobs(root=tmp_path, now=made + 60) == []
    assert sweep_stale_jobs(root=tmp_path, now=made + 7 * 3600) == [mine]
    assert other.exists()


def test_another_workers_sweep_leaves_a_live_probe_alone(tmp_path, monkeypatch):
    """The availability probe's folder is named for its process like a run's, so a sweep by
    another worker on the same host (or a parallel test) cannot pull it away mid-probe."""
    from labs.sandbox import bubblewrap

    monkeypatch.setenv("LODESTAR_SANDBOX_JOBS_DIR", str(tmp_path))
    launch = bubblewrap._launch
    swept = []

    def sweep_then_launch(job, *args, **kwargs):
        swept.extend(sweep_stale_jobs(root=tmp_path))
        assert job.parent == tmp_path and job.name.startswith(f"{PREFIX}{os.getpid()}-")
        return launch(job, *args, **kwargs)

    monkeypatch.setattr(bubblewrap, "_launch", sweep_then_launch)
    available, reason = bubblewrap.sandbox_available(refresh=True)
    assert available, reason
    assert swept == []
    assert list(tmp_path.iterdir()) == []  # and the probe cleaned up after itself
