"""The command line that runs the runner inside bubblewrap, with its limits.

Two ways in, depending on who the worker is:

* an unprivileged worker (production): bwrap creates a user namespace and the code runs
  as uid 65534 inside it, mapped to the worker's own uid;
* a worker running as root (containers, this development machine): RLIMIT_NPROC is not
  enforced for root even inside a user namespace, and a root-mapped process could write
  host sysctls, so bwrap runs in its privileged mode without a user namespace and hands
  over to ``setpriv``, which drops to the sandbox uid (65534, "nobody") for real.

Either way every other namespace is new (no network, no host processes), the file
system is /usr, the Python installation and the virtualenv read-only plus a small private
/tmp (a size-limited tmpfs that also holds the job's scratch ``out`` folder, so nothing
the code writes reaches the host's disk), the environment is cleared, a seccomp filter
refuses new processes, and rlimits (set by ``prlimit``) bound CPU, memory, file size,
open files and threads.
"""

# Every /tmp path below is inside the sandbox, on its private tmpfs.
# ruff: noqa: S108

from __future__ import annotations

import os
import shutil
import site
import sys
from pathlib import Path

from labs.sandbox.outcome import SandboxLimits

JOB_INSIDE = "/tmp/job"
SANDBOX_UID = 65534
THREAD_ENV = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")


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
    channel_env: dict[str, int] | None = None,
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
    for name, fd in sorted((channel_env or {}).items()):
        command += ["--setenv", name, str(fd)]
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
    # Scratch space for the code, on the private tmpfs: it vanishes with the sandbox and
    # the worker never reads it (results come back through the channels).
    command += ["--perms", "1777", "--dir", f"{JOB_INSIDE}/out"]
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
