"""Running the runner inside bubblewrap: the command line, the limits, the outcome.

Two ways in, depending on who the worker is:

* an unprivileged worker (production): bwrap creates a user namespace and the code runs
  as uid 65534 inside it, mapped to the worker's own uid;
* a worker running as root (containers, this development machine): RLIMIT_NPROC is not
  enforced for root even inside a user namespace, and a root-mapped process could write
  host sysctls, so bwrap runs in its privileged mode without a user namespace and hands
  over to ``setpriv``, which drops to the sandbox uid (65534, "nobody") for real.

Either way every other namespace is new (no network, no host processes), the file
system is /usr, the Python installation and the virtualenv read-only plus a small private
/tmp, the environment is cleared, a seccomp filter refuses new processes, and rlimits
(set by ``prlimit``) bound CPU, memory, file size, open files and threads. A wall-clock
timeout kills the whole process group.
"""

# Every /tmp path below is inside the sandbox, on its private tmpfs.
# ruff: noqa: S108

from __future__ import annotations

import json
import os
import shutil
import signal
import site
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from labs.sandbox import seccomp
from labs.sandbox.outcome import (
    BAD_OUTPUT,
    ERROR,
    OK,
    PLATFORM_ERROR,
    STATUSES,
    TIMEOUT,
    SandboxLimits,
    SandboxOutcome,
)

RUNNER = Path(__file__).with_name("runner.py")
JOB_INSIDE = "/tmp/job"
SANDBOX_UID = 65534
THREAD_ENV = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")
SOLUTION_FILES = {"python": "solution.py", "notebook": "solution.ipynb"}


def bwrap_path() -> str | None:
    return os.environ.get("LODESTAR_BWRAP") or shutil.which(
        "bwrap", path="/usr/bin:/bin:/usr/local/bin"
    )


def interpreter() -> str:
    """The real interpreter binary: a virtualenv link or a pyenv shim would not run inside."""
    return os.path.realpath(sys.executable)


def site_dirs() -> list[str]:
    """The virtualenv's site-packages (the runner adds them; the base install has its own)."""
    if sys.prefix == sys.base_prefix:
        return []
    return [d for d in site.getsitepackages() if d.startswith(sys.prefix) and os.path.isdir(d)]


def _read_only_roots() -> list[str]:
    roots = ["/usr", os.path.realpath(sys.base_prefix), os.path.realpath(sys.prefix)]
    binary = interpreter()
    if not any(binary.startswith(root.rstrip("/") + "/") for root in roots):
        roots.append(binary)
    unique = []
    for root in sorted(set(roots), key=len):
        if not any(root.startswith(kept.rstrip("/") + "/") for kept in unique):
            unique.append(root)
    return unique


def _parents(path: str) -> list[str]:
    parts = Path(path).parts[1:-1]
    return ["/" + "/".join(parts[: i + 1]) for i in range(len(parts))]


def build_command(
    *,
    job_dir: Path,
    limits: SandboxLimits,
    seccomp_fd: int | None,
    as_root: bool,
    bwrap: str,
    info_fd: int | None = None,
) -> list[str]:
    """prlimit + bwrap (+ setpriv when the worker is root) + the runner, as a list."""
    rlimits = [
        "prlimit",
        f"--cpu={limits.cpu_seconds}:{limits.cpu_seconds + 1}",
        f"--as={limits.memory_bytes}",
        f"--fsize={limits.file_bytes}",
        f"--nofile={limits.open_files}",
        f"--nproc={_nproc_limit(limits, SANDBOX_UID if as_root else os.getuid())}",
        "--core=0",
        "--",
    ]
    namespaces = ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts"]
    namespaces += ["--unshare-cgroup-try"]
    if as_root:
        namespaces += ["--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    else:
        namespaces += ["--unshare-user", "--disable-userns", "--cap-drop", "ALL"]
        namespaces += ["--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID)]
    command = [bwrap, *namespaces, "--die-with-parent", "--new-session", "--hostname", "sandbox"]
    command += ["--clearenv", "--setenv", "HOME", "/tmp", "--setenv", "PATH", "/usr/bin:/bin"]
    command += ["--setenv", "LANG", "C.UTF-8", "--setenv", "PYTHONDONTWRITEBYTECODE", "1"]
    command += ["--setenv", "MPLCONFIGDIR", "/tmp", "--setenv", "LODESTAR_JOB_DIR", JOB_INSIDE]
    command += ["--setenv", "JOBLIB_MULTIPROCESSING", "0"]  # one process: say so, quietly
    for name in THREAD_ENV:
        command += ["--setenv", name, "1"]
    command += ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        host = Path("/") / name
        if host.is_symlink():
            command += ["--symlink", os.readlink(host), str(host)]
        elif host.is_dir():
            command += ["--ro-bind", str(host), str(host)]
    command += ["--proc", "/proc", "--dev", "/dev"]
    # The private /tmp comes before every bind below it, or it would hide them: the job's
    # files, and the Python installation itself when it lives under /tmp (a CI checkout).
    command += ["--perms", "1777", "--size", str(limits.tmp_bytes), "--tmpfs", "/tmp"]
    made = set()
    for root in _read_only_roots():
        if root == "/usr":
            continue
        # bwrap copies the host's modes for missing parents (/root is 0700): make them 0755.
        for parent in _parents(root):
            if parent not in made and parent != "/tmp" and not parent.startswith("/usr/"):
                made.add(parent)
                command += ["--perms", "0755", "--dir", parent]
        command += ["--ro-bind", root, root]
    command += ["--perms", "0755", "--dir", JOB_INSIDE]
    command += ["--ro-bind", str(job_dir / "in"), f"{JOB_INSIDE}/in"]
    command += ["--bind", str(job_dir / "out"), f"{JOB_INSIDE}/out"]
    command += ["--chdir", "/tmp", "--remount-ro", "/"]
    if seccomp_fd is not None:
        command += ["--seccomp", str(seccomp_fd)]
    if info_fd is not None:
        command += ["--info-fd", str(info_fd)]
    if as_root:
        command += [
            "/usr/bin/setpriv",
            f"--reuid={SANDBOX_UID}",
            f"--regid={SANDBOX_UID}",
            "--clear-groups",
            "--inh-caps=-all",
            "--no-new-privs",
        ]
    return [*rlimits, *command, interpreter(), "-I", f"{JOB_INSIDE}/in/runner.py"]


def _nproc_limit(limits: SandboxLimits, uid: int) -> int:
    """The thread budget on top of what the uid runs already (the count is per host uid)."""
    running = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            if entry.stat().st_uid != uid:
                continue
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                running += int(handle.read().rsplit(b")", 1)[1].split()[17])
        except (OSError, ValueError, IndexError):
            continue
    return running + limits.processes


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
    owner_uid: int | None = None,
) -> None:
    """Lay out in/ (runner, config, data, solution) and an empty out/ for one run."""
    inside, outside = job_dir / "in", job_dir / "out"
    inside.mkdir()
    outside.mkdir()
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
    outside.chmod(0o700)
    if owner_uid is not None:
        os.chown(outside, owner_uid, owner_uid)


# ------------------------------------------------------------------ availability

_probe_cache: dict[str, tuple[float, tuple[bool, str]]] = {}
PROBE_RETRY_SECONDS = 60


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
    with tempfile.TemporaryDirectory(prefix="lodestar-sandbox-probe-") as tmp:
        job = Path(tmp)
        (job / "in").mkdir()
        (job / "out").mkdir()
        (job / "in").chmod(0o755)
        (job / "in" / "runner.py").write_text(
            "import os\nopen(os.path.join(os.environ['LODESTAR_JOB_DIR'], 'out', 'ok'), 'w')\n"
        )
        (job / "in" / "runner.py").chmod(0o644)
        if os.geteuid() == 0:
            os.chown(job / "out", SANDBOX_UID, SANDBOX_UID)
        try:
            returncode, _ = _launch(job, SandboxLimits(wall_seconds=20), path, job / "log")
        except OSError as exc:
            return False, f"bubblewrap could not be started: {exc}"
        if (job / "out" / "ok").exists():
            return (
                True,
                f"bubblewrap works ({path}; {'root' if os.geteuid() == 0 else 'user'} mode).",
            )
        detail = (job / "log").read_bytes()[-500:].decode("utf-8", "replace").strip()
        hint = ""
        if os.geteuid() != 0:
            hint = (
                " Unprivileged user namespaces may be disabled (sysctl "
                "kernel.unprivileged_userns_clone, or kernel.apparmor_restrict_unprivileged_userns"
                " on Ubuntu 24.04)."
            )
        return False, (
            f"bubblewrap cannot create the sandbox here (exit status {returncode}): {detail}."
            + hint
        )


def sandbox_status() -> dict:
    available, reason = sandbox_available()
    return {"available": available, "reason": reason, "bwrap": bwrap_path()}


# ------------------------------------------------------------------ running


def _launch(
    job_dir: Path, limits: SandboxLimits, bwrap: str, log_path: Path
) -> tuple[int | None, bool]:
    """Run the sandbox; (exit status, timed out). Output goes to a size-limited file."""
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
    )
    passed = [info_write] + ([filter_fd] if filter_fd is not None else [])
    try:
        with open(log_path, "wb") as log:
            process = subprocess.Popen(  # noqa: S603 - a fixed command line, no shell
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                pass_fds=passed,
                start_new_session=True,
                env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
            )
            os.close(info_write)
            info_write = None
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
    with tempfile.TemporaryDirectory(prefix="lodestar-sandbox-") as tmp:
        job = Path(tmp)
        prepare_job(
            job,
            kind=kind,
            code=code,
            train_csv=train_csv,
            test_csv=test_csv,
            task=task,
            prediction_kind=prediction_kind,
            feature_columns=feature_columns,
            owner_uid=SANDBOX_UID if os.geteuid() == 0 else None,
        )
        try:
            returncode, timed_out = _launch(job, limits, bwrap, job / "output.log")
        except OSError as exc:
            return SandboxOutcome(PLATFORM_ERROR, message=f"The sandbox could not start: {exc}")
        duration_ms = int((time.monotonic() - started) * 1000)
        return _outcome(job, returncode, timed_out, limits, duration_ms)


def _read_head(path: Path, limit: int) -> tuple[str, int]:
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(limit)
    except OSError:
        return "", 0
    return head.decode("utf-8", "replace"), size


def _outcome(
    job: Path, returncode: int | None, timed_out: bool, limits: SandboxLimits, duration_ms: int
) -> SandboxOutcome:
    out = job / "out"
    output, size = _read_head(job / "output.log", limits.output_bytes)
    if size > limits.output_bytes:
        output += f"\n[... {size - limits.output_bytes} more bytes of output not shown]"
    common = {"output": output, "duration_ms": duration_ms}
    if timed_out:
        return SandboxOutcome(
            TIMEOUT,
            message=f"Your code ran for more than {limits.wall_seconds:.0f} seconds and was "
            "stopped. Train something lighter or check for a loop that never ends.",
            **common,
        )
    if not (out / "started").exists():
        return SandboxOutcome(
            PLATFORM_ERROR,
            message=f"The sandbox did not start (exit status {returncode}): {output[-500:]}",
            duration_ms=duration_ms,
        )
    result = _read_result(out / "result.json")
    if result is None:
        return _died(returncode, limits, common)
    status = result.get("status") if result.get("status") in STATUSES else ERROR
    message = str(result.get("message", ""))
    tb = str(result.get("traceback", ""))
    if status != OK:
        return SandboxOutcome(status, message=message, traceback=tb, **common)
    predictions = out / "predictions.csv"
    if not predictions.is_file() or predictions.stat().st_size > limits.file_bytes:
        return SandboxOutcome(BAD_OUTPUT, message="No predictions were written.", **common)
    return SandboxOutcome(OK, predictions_csv=predictions.read_bytes(), **common)


def _read_result(path: Path) -> dict | None:
    try:
        if path.stat().st_size > 64 * 1024:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _died(returncode: int | None, limits: SandboxLimits, common: dict) -> SandboxOutcome:
    """No result file: the process was killed or ended itself early."""
    signal_number = returncode - 128 if returncode and returncode > 128 else None
    if returncode is not None and returncode < 0:
        signal_number = -returncode
    if signal_number == signal.SIGXCPU:
        return SandboxOutcome(
            TIMEOUT,
            message=f"Your code used more than {limits.cpu_seconds} seconds of CPU time and "
            "was stopped.",
            **common,
        )
    if signal_number in (signal.SIGSEGV, signal.SIGBUS, signal.SIGABRT):
        return SandboxOutcome(
            ERROR,
            message=f"Your code crashed ({signal.Signals(signal_number).name}); running out "
            f"of memory is a common cause (the limit is {limits.memory_bytes >> 20} MB).",
            **common,
        )
    if signal_number is not None:
        return SandboxOutcome(
            ERROR,
            message=f"Your code was stopped by signal {signal_number} before it wrote its "
            "predictions. Do not send signals to the process.",
            **common,
        )
    return SandboxOutcome(
        ERROR,
        message="Your code ended the program before it wrote its predictions "
        f"(exit status {returncode}). Do not call exit() or kill the process.",
        **common,
    )
