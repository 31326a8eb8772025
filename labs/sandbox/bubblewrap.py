"""Running the runner inside bubblewrap: availability, launch, kill, and the outcome.

The command line and its limits are in ``command``, the job folder in ``jobs``, the
channels the results come back through in ``channels`` and how an outcome is decided in
``verdict``. A wall-clock timeout kills the whole process group.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

from labs.sandbox import seccomp, verdict
from labs.sandbox.channels import READY_LINE, Channels, read_bounded
from labs.sandbox.command import build_command, bwrap_path
from labs.sandbox.jobs import SOLUTION_FILES, job_folder, prepare_job
from labs.sandbox.outcome import PLATFORM_ERROR, SandboxLimits, SandboxOutcome

# ------------------------------------------------------------------ availability

_probe_cache: dict[str, tuple[float, tuple[bool, str]]] = {}
PROBE_RETRY_SECONDS = 60
PROBE_RUNNER = (
    f"import os\nfd = int(os.environ['LODESTAR_READY_FD'])\nos.write(fd, {READY_LINE!r})\n"
)


def sandbox_available(*, bwrap: str | None = None, refresh: bool = False) -> tuple[bool, str]:
    """Whether code can run sandboxed on this host, and if not, why (for the operator)."""
    path = bwrap or bwrap_path()
    if not path or not os.path.exists(path):
        return False, "bubblewrap (bwrap) is not installed on this worker host."
    cached = _probe_cache.get(path)
    if cached and not refresh:
        checked_at, answer = cached
        if answer[0] or time.monotonic() - checked_at < PROBE_RETRY_SECONDS:
            return answer
    answer = _probe(path)
    _probe_cache[path] = (time.monotonic(), answer)
    return answer


def _probe(path: str) -> tuple[bool, str]:
    for tool in ("prlimit", "setpriv") if os.geteuid() == 0 else ("prlimit",):
        if not shutil.which(tool, path="/usr/bin:/bin"):
            return False, f"{tool} (util-linux) is missing on this worker host."
    if not seccomp.is_supported():
        return False, "The sandbox has no process filter for this CPU architecture."
    # A job folder like any run's, named for this process: another worker's sweep on the same
    # host leaves it alone while this process lives.
    with job_folder() as job:
        (job / "in").mkdir()
        (job / "in").chmod(0o755)
        (job / "in" / "runner.py").write_text(PROBE_RUNNER)
        (job / "in" / "runner.py").chmod(0o644)
        channels = Channels.open()
        try:
            returncode, _ = _launch(job, SandboxLimits(wall_seconds=20), path, channels)
            if channels.ready().startswith(READY_LINE):
                return (
                    True,
                    f"bubblewrap works ({path}; {'root' if os.geteuid() == 0 else 'user'} mode).",
                )
            head, _ = read_bounded(channels.log, 4096)
            detail = head[-500:].decode("utf-8", "replace").strip()
        except OSError as exc:
            return False, f"bubblewrap could not be started: {exc}"
        finally:
            channels.close()
    hint = ""
    if os.geteuid() != 0:
        hint = (
            " Unprivileged user namespaces may be disabled (sysctl "
            "kernel.unprivileged_userns_clone, or kernel.apparmor_restrict_unprivileged_userns"
            " on Ubuntu 24.04)."
        )
    return False, (
        f"bubblewrap cannot create the sandbox here (exit status {returncode}): {detail}." + hint
    )


def sandbox_status() -> dict:
    available, reason = sandbox_available()
    return {"available": available, "reason": reason, "bwrap": bwrap_path()}


# ------------------------------------------------------------------ running


def _launch(
    job_dir: Path, limits: SandboxLimits, bwrap: str, channels: Channels
) -> tuple[int | None, bool]:
    """Run the sandbox; (exit status, timed out). Its output goes to the log channel."""
    as_root = os.geteuid() == 0
    filter_fd = None
    if seccomp.is_supported():
        filter_fd = os.memfd_create("lodestar-seccomp", 0)
        os.write(filter_fd, seccomp.no_new_processes_filter())
        os.lseek(filter_fd, 0, os.SEEK_SET)
    info_read, info_write = os.pipe()
    command = build_command(
        job_dir=job_dir,
        limits=limits,
        seccomp_fd=filter_fd,
        as_root=as_root,
        bwrap=bwrap,
        info_fd=info_write,
        channel_env=channels.for_child(),
    )
    passed = [info_write, *channels.for_child().values()]
    passed += [filter_fd] if filter_fd is not None else []
    try:
        process = subprocess.Popen(  # noqa: S603 - a fixed command line, no shell
            command,
            stdin=subprocess.DEVNULL,
            stdout=channels.log,
            stderr=subprocess.STDOUT,
            pass_fds=passed,
            start_new_session=True,
            env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
        )
        os.close(info_write)
        info_write = None
        channels.child_started()
        try:
            return process.wait(timeout=limits.wall_seconds), False
        except subprocess.TimeoutExpired:
            _kill(process, info_read)
            return process.returncode, True
        except BaseException:
            _kill(process, info_read)  # the task's time limit, a worker shutdown...
            raise
    finally:
        for fd in (filter_fd, info_read, info_write):
            if fd is not None:
                os.close(fd)


def _kill(process: subprocess.Popen, info_fd: int) -> None:
    """Kill bwrap and the sandbox's init (which takes its whole pid namespace along)."""
    sandbox_pid = None
    os.set_blocking(info_fd, False)
    try:
        sandbox_pid = json.loads(os.read(info_fd, 4096) or b"{}").get("child-pid")
    except (OSError, ValueError):
        pass
    for kill, target in ((os.killpg, process.pid), (os.kill, sandbox_pid)):
        if target:
            try:
                kill(target, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
    process.wait()
    # Wait for the namespace to go, so that a finished run leaves nothing behind.
    deadline = time.monotonic() + 5
    while sandbox_pid and os.path.exists(f"/proc/{sandbox_pid}") and time.monotonic() < deadline:
        time.sleep(0.01)


def run_code(
    kind: str,
    code: bytes,
    train_csv: bytes,
    test_csv: bytes,
    *,
    limits: SandboxLimits | None = None,
    task: str = "classification",
    prediction_kind: str = "label",
    feature_columns: list[str] | None = None,
    bwrap: str | None = None,
) -> SandboxOutcome:
    """Run a student's solution sandboxed; never runs it any other way."""
    if kind not in SOLUTION_FILES:
        raise ValueError(f"unknown code kind {kind!r}")
    limits = limits or SandboxLimits()
    bwrap = bwrap or bwrap_path()
    available, reason = sandbox_available(bwrap=bwrap)
    if not available:
        return SandboxOutcome(PLATFORM_ERROR, message=reason)
    started = time.monotonic()
    with job_folder() as job:
        prepare_job(
            job,
            kind=kind,
            code=code,
            train_csv=train_csv,
            test_csv=test_csv,
            task=task,
            prediction_kind=prediction_kind,
            feature_columns=feature_columns,
        )
        channels = Channels.open()
        try:
            try:
                returncode, timed_out = _launch(job, limits, bwrap, channels)
            except OSError as exc:
                return SandboxOutcome(PLATFORM_ERROR, message=f"The sandbox could not start: {exc}")
            return verdict.decide(
                channels,
                returncode=returncode,
                timed_out=timed_out,
                limits=limits,
                duration_ms=int((time.monotonic() - started) * 1000),
            )
        finally:
            channels.close()
