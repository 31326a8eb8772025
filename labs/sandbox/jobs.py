"""The job folder on the worker's host: what the sandbox reads, and its clean-up.

A job folder holds only ``in/`` (the runner, its config, the two public CSV files and the
solution), mounted read-only in the sandbox. Nothing the code writes lands here. It is
removed when the run ends, and a worker sweeps the folders of grading processes that died
mid-run (their pid is in the name) when it starts.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from labs.sandbox.command import site_dirs

RUNNER = Path(__file__).with_name("runner.py")
SOLUTION_FILES = {"python": "solution.py", "notebook": "solution.ipynb"}
PREFIX = "lodestar-sandbox-"
# No run lives this long (the task's hard time limit is minutes), whoever holds the pid now.
STALE_AFTER_S = 6 * 3600


def jobs_root() -> Path:
    return Path(os.environ.get("LODESTAR_SANDBOX_JOBS_DIR") or tempfile.gettempdir())


@contextmanager
def job_folder():
    """A fresh folder named for this process, removed whatever happens to the run."""
    path = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=jobs_root()))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def prepare_job(
    job_dir: Path,
    *,
    kind: str,
    code: bytes,
    train_csv: bytes,
    test_csv: bytes,
    task: str,
    prediction_kind: str,
    feature_columns: list[str] | None,
) -> None:
    """Lay out in/ (runner, config, data, solution), world-readable and read-only inside."""
    inside = job_dir / "in"
    inside.mkdir()
    config = {
        "kind": kind,
        "solution": SOLUTION_FILES[kind],
        "task": task,
        "prediction_kind": prediction_kind,
        "feature_columns": feature_columns,
        "site_dirs": site_dirs(),
    }
    files = {
        "runner.py": RUNNER.read_bytes(),
        "config.json": json.dumps(config).encode(),
        "train.csv": train_csv,
        "test.csv": test_csv,
        SOLUTION_FILES[kind]: code,
    }
    for name, content in files.items():
        (inside / name).write_bytes(content)
        (inside / name).chmod(0o644)
    inside.chmod(0o755)


def _pid_is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def sweep_stale_jobs(*, root: Path | None = None, now: float | None = None) -> list[Path]:
    """Remove job folders whose process is gone (or that no run could still be using)."""
    root = root or jobs_root()
    now = time.time() if now is None else now
    removed = []
    try:
        entries = list(os.scandir(root))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(PREFIX):
            continue
        pid_text = entry.name[len(PREFIX) :].split("-", 1)[0]
        try:
            if not entry.is_dir(follow_symlinks=False):
                continue
            age = now - entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        is_orphan = not pid_text.isdigit() or not _pid_is_alive(int(pid_text))
        if is_orphan or age > STALE_AFTER_S:
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(Path(entry.path))
    return removed
