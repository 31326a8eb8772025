"""bin/serve (`make run`) restarts a worker that exits on its own; Ctrl-C still stops everything.

The real script runs from a copy of the project layout whose `.venv/bin/python` is a small
stand-in: `-m celery ...` is a worker that exits at once for its first starts, and
`manage.py runserver` a web server that waits for SIGTERM. Ctrl-C is SIGINT to the whole
process group, as a terminal sends it.
"""

import os
import shutil
import signal
import stat
import subprocess
import time
from pathlib import Path

import pytest

from tests.support import ROOT, wait_for

FAKE_PYTHON = """#!/usr/bin/env bash
state="$(dirname "$0")/../../state"
case " $* " in
  *" celery "*)
    echo "$$" >>"$state/worker-starts"
    if [ "$(wc -l <"$state/worker-starts")" -le "${FAKE_WORKER_CRASHES:-2}" ]; then
      sleep 300 &  # a child it leaves behind, like the embedded beat of a killed worker
      echo "$!" >>"$state/leftovers"
      echo "worker $$ crashing"
      exit 3
    fi
    trap 'echo "$$" >>"$state/worker-stopped"; exit 0' TERM
    while true; do sleep 0.1; done
    ;;
  *" runserver "*)
    echo "$$" >>"$state/web-starts"
    if [ -n "${FAKE_WEB_EXIT_AFTER_S:-}" ]; then sleep "$FAKE_WEB_EXIT_AFTER_S"; exit 4; fi
    trap 'echo "$$" >>"$state/web-stopped"; exit 0' TERM
    while true; do sleep 0.1; done
    ;;
esac
exit 99
"""


@pytest.fixture
def project(tmp_path) -> Path:
    (tmp_path / "bin").mkdir()
    shutil.copy2(ROOT / "bin" / "serve", tmp_path / "bin" / "serve")
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(FAKE_PYTHON)
    python.chmod(python.stat().st_mode | stat.S_IXUSR)
    (tmp_path / "state").mkdir()
    return tmp_path


def _serve(project: Path, **env) -> subprocess.Popen:
    return subprocess.Popen(
        [str(project / "bin" / "serve")],
        cwd=project,
        env={
            "PATH": os.environ["PATH"],
            "LODESTAR_VAR_DIR": str(project / "var"),
            **{k: str(v) for k, v in env.items()},
        },
        stdin=subprocess.DEVNULL,
        stdout=open(project / "serve.out", "w"),  # noqa: SIM115 - the child owns it
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, like a terminal's foreground job
    )


def _pids(project: Path, name: str) -> list[int]:
    path = project / "state" / name
    return [int(line) for line in path.read_text().split()] if path.exists() else []


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _ctrl_c(serve: subprocess.Popen) -> float:
    started = time.monotonic()
    os.killpg(serve.pid, signal.SIGINT)
    serve.wait(timeout=15)
    return time.monotonic() - started


@pytest.fixture
def cleanup():
    started: list[subprocess.Popen] = []
    yield started.append
    for serve in started:
        if serve.poll() is None:
            os.killpg(serve.pid, signal.SIGKILL)
            serve.wait()


def test_a_worker_that_exits_is_started_again_with_a_growing_pause(project, cleanup):
    serve = _serve(project)
    cleanup(serve)
    wait_for(lambda: len(_pids(project, "worker-starts")) == 3, timeout=20, what="two restarts")
    first, second, third = _pids(project, "worker-starts")
    output = (project / "serve.out").read_text()
    assert f"the Celery worker (pid {first}) exited with status 3; starting it again in 1s" in (
        output
    )
    assert f"the Celery worker (pid {second}) exited with status 3; starting it again in 2s" in (
        output
    )
    # The worker's log keeps each crash's output and says what bin/serve did about it.
    worker_log = (project / "var" / "log" / "worker.log").read_text()
    assert f"worker {first} crashing" in worker_log
    assert f"Celery worker started again, pid {third}" in worker_log
    # What a dead worker left behind was stopped with it.
    wait_for(
        lambda: not any(_alive(pid) for pid in _pids(project, "leftovers")),
        timeout=5,
        what="the crashed workers' children to be stopped",
    )
    # The web server was left alone, and the third worker stays up.
    time.sleep(1.5)
    assert _pids(project, "worker-starts") == [first, second, third]
    [web] = _pids(project, "web-starts")
    assert _alive(web) and _alive(third)

    assert _ctrl_c(serve) < 5
    assert serve.returncode == 0
    assert _pids(project, "worker-stopped") == [third]
    assert _pids(project, "web-stopped") == [web]
    assert not _alive(third) and not _alive(web)


def test_ctrl_c_during_the_pause_before_a_restart_stops_at_once(project, cleanup):
    serve = _serve(project, FAKE_WORKER_CRASHES=100)
    cleanup(serve)
    wait_for(
        lambda: "starting it again in 4s" in (project / "serve.out").read_text(),
        timeout=20,
        what="the third crash",
    )
    starts = _pids(project, "worker-starts")

    assert _ctrl_c(serve) < 3
    assert serve.returncode == 0
    time.sleep(4.5)
    assert _pids(project, "worker-starts") == starts, "a worker was started after Ctrl-C"
    [web] = _pids(project, "web-starts")
    assert not _alive(web)
    # No pause is left running either.
    leftover = subprocess.run(
        ["pgrep", "-s", str(serve.pid)], capture_output=True, text=True
    ).stdout.split()
    assert leftover == []


def test_the_worker_is_stopped_when_the_web_server_exits(project, cleanup):
    serve = _serve(project, FAKE_WORKER_CRASHES=0, FAKE_WEB_EXIT_AFTER_S=1)
    cleanup(serve)
    serve.wait(timeout=15)
    assert serve.returncode == 4
    [worker] = _pids(project, "worker-starts")
    assert _pids(project, "worker-stopped") == [worker]
    assert "the web server exited with status 4" in (project / "serve.out").read_text()
