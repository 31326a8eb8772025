"""Escapes a student's code might try: each one must fail safely inside the sandbox."""

import os
import socket
import sys
import time
from pathlib import Path

import pytest

from labs import sandbox
from labs.sandbox.command import SANDBOX_UID
from tests.labs.sandbox_support import solution

pytestmark = pytest.mark.usefixtures("sandbox_ready")

TRAIN_AND_PREDICT = """

def train(X, y):
    return y.mode()[0]


def predict(model, X):
    return [model] * len(X)
"""


def run(files, body: str, **limits) -> sandbox.SandboxOutcome:
    code = solution(body) + TRAIN_AND_PREDICT.encode()
    return sandbox.run_code(
        "python", code, *files, limits=sandbox.SandboxLimits(**limits) if limits else None
    )


def printed(outcome) -> list[str]:
    return outcome.output.splitlines()


def sandbox_processes() -> list[int]:
    """Processes on the host still running as the sandbox uid or running the runner, with
    no live bwrap above them: what a sandbox left behind. (The sandboxes of tests running
    at the same time in other processes of the suite still have theirs.)"""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            owner = entry.stat().st_uid
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if (os.geteuid() == 0 and owner == SANDBOX_UID) or b"/tmp/job/in/runner.py" in command:
            if not _under_bwrap(int(entry.name)):
                found.append(int(entry.name))
    return found


def _under_bwrap(pid: int) -> bool:
    while pid > 1:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            return False
        # "pid (comm) state ppid ...": comm may hold spaces and parentheses.
        name, rest = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :]
        if name == "bwrap":
            return True
        pid = int(rest.split()[1])
    return False


# ------------------------------------------------------------------ network


def test_network_cannot_reach_a_port_listening_on_the_host(wine_files):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.setblocking(False)
    port = listener.getsockname()[1]
    try:
        outcome = run(
            wine_files,
            f"""
            import socket
            for port in ({port}, 5432):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=3)
                    print("CONNECTED", port)
                except OSError as error:
                    print("BLOCKED", port, type(error).__name__)
            """,
        )
        with pytest.raises(BlockingIOError):
            listener.accept()  # nobody knocked
    finally:
        listener.close()
    assert outcome.status == sandbox.OK
    assert f"BLOCKED {port} ConnectionRefusedError" in printed(outcome)
    assert "BLOCKED 5432 ConnectionRefusedError" in printed(outcome)
    assert "CONNECTED" not in outcome.output


def test_network_cannot_reach_the_internet(wine_files):
    outcome = run(
        wine_files,
        """
        import socket
        for address in ("1.1.1.1", "8.8.8.8"):
            try:
                socket.create_connection((address, 53), timeout=3)
                print("CONNECTED", address)
            except OSError as error:
                print("BLOCKED", address, error.strerror)
        try:
            socket.getaddrinfo("example.com", 443)
            print("RESOLVED")
        except OSError:
            print("NO DNS")
        print("interfaces", sorted(name for _, name in socket.if_nameindex()))
        """,
    )
    assert outcome.status == sandbox.OK
    assert "BLOCKED 1.1.1.1 Network is unreachable" in printed(outcome)
    assert "BLOCKED 8.8.8.8 Network is unreachable" in printed(outcome)
    assert "NO DNS" in printed(outcome)
    assert "interfaces ['lo']" in printed(outcome)


# ------------------------------------------------------------------ files


def test_host_etc_passwd_is_not_visible(wine_files):
    outcome = run(
        wine_files,
        """
        import os
        print("passwd exists:", os.path.exists("/etc/passwd"))
        print("root:", sorted(os.listdir("/")))
        """,
    )
    assert outcome.status == sandbox.OK
    assert "passwd exists: False" in printed(outcome)
    assert "etc" not in outcome.output.split("root:")[1]
    assert "root:x:0:0" not in outcome.output


@pytest.mark.django_db
def test_hidden_labels_file_is_not_visible(wine_files, wine_lab):
    labels = Path(wine_lab.dataset.test_labels_file.path)
    assert labels.exists()  # on the host it is right there
    outcome = run(
        wine_files,
        f"""
        import os
        for path in ({str(labels)!r}, {str(labels.parent)!r}):
            try:
                open(path, "rb").read()
                print("READ", path)
            except OSError as error:
                print("HIDDEN", type(error).__name__)
        """,
    )
    assert outcome.status == sandbox.OK
    assert printed(outcome) == ["HIDDEN FileNotFoundError", "HIDDEN FileNotFoundError"]


def test_environment_of_the_worker_is_not_inherited(wine_files, monkeypatch):
    monkeypatch.setenv("LODESTAR_TEST_SECRET", "do-not-leak")
    outcome = run(
        wine_files,
        """
        import os
        print(sorted(os.environ))
        print("secret" in str(os.environ).lower())
        """,
    )
    assert outcome.status == sandbox.OK
    assert "do-not-leak" not in outcome.output
    assert "DATABASE_URL" not in outcome.output
    assert printed(outcome)[-1] == "False"


def test_writing_outside_tmp_fails(wine_files):
    venv_target = Path(sys.prefix) / "escaped-from-sandbox.txt"
    outcome = run(
        wine_files,
        f"""
        for path in ("/escaped.txt", "/usr/escaped.txt", {str(venv_target)!r},
                     "/tmp/job/in/escaped.txt", "/proc/sys/kernel/hostname"):
            try:
                with open(path, "w") as handle:
                    handle.write("x")
                print("WROTE", path)
            except OSError as error:
                print("REFUSED", type(error).__name__)
        with open("/tmp/scratch.txt", "w") as handle:
            handle.write("scratch space works")
        print("TMP OK")
        """,
    )
    assert outcome.status == sandbox.OK
    assert "WROTE" not in outcome.output
    assert printed(outcome).count("TMP OK") == 1
    assert len([line for line in printed(outcome) if line.startswith("REFUSED")]) == 5
    assert not venv_target.exists()


# ------------------------------------------------------------------ processes


def test_fork_bomb_is_contained(wine_files):
    started = time.monotonic()
    outcome = run(
        wine_files,
        """
        import os
        while True:
            os.fork()
        """,
    )
    assert outcome.status == sandbox.ERROR
    assert "PermissionError" in outcome.message
    assert "no new processes" in outcome.message
    assert "os.fork()" in outcome.traceback
    assert time.monotonic() - started < 20
    assert sandbox_processes() == []


def test_subprocesses_cannot_start(wine_files):
    outcome = run(
        wine_files,
        """
        import subprocess
        subprocess.run(["/bin/sh", "-c", "echo escaped"])
        """,
    )
    assert outcome.status == sandbox.ERROR
    assert "escaped" not in outcome.output
    assert "PermissionError" in outcome.message


def test_thread_bomb_hits_the_thread_limit(wine_files):
    outcome = run(
        wine_files,
        """
        import threading, time
        count = 0
        try:
            while True:
                threading.Thread(target=time.sleep, args=(60,), daemon=True).start()
                count += 1
        except RuntimeError as error:
            print("stopped after", count, "threads:", error)
        """,
        processes=32,
    )
    assert outcome.status == sandbox.OK
    line = next(line for line in printed(outcome) if line.startswith("stopped after"))
    assert int(line.split()[2]) < 64
    assert sandbox_processes() == []


def test_infinite_loop_is_stopped_by_the_wall_clock(wine_files):
    started = time.monotonic()
    outcome = run(wine_files, "while True:\n    pass\n", wall_seconds=4)
    assert outcome.status == sandbox.TIMEOUT
    assert "more than 4 seconds" in outcome.message
    assert time.monotonic() - started < 15
    assert sandbox_processes() == []


def test_sleeping_code_is_stopped_by_the_wall_clock(wine_files):
    outcome = run(wine_files, "import time\ntime.sleep(600)\n", wall_seconds=3)
    assert outcome.status == sandbox.TIMEOUT
    assert outcome.duration_ms < 10_000


def test_busy_code_is_stopped_by_the_cpu_limit(wine_files):
    outcome = run(wine_files, "while True:\n    pass\n", wall_seconds=30, cpu_seconds=2)
    assert outcome.status == sandbox.TIMEOUT
    assert "CPU time" in outcome.message
    assert outcome.duration_ms < 15_000


def test_memory_hog_is_stopped(wine_files):
    outcome = run(
        wine_files,
        """
        hoard = []
        while True:
            hoard.append(bytearray(50 * 1024 * 1024))
        """,
        memory_bytes=768 * 1024 * 1024,
    )
    assert outcome.status == sandbox.MEMORY
    assert "out of memory" in outcome.message


def test_huge_output_is_truncated_and_capped(wine_files):
    outcome = run(
        wine_files,
        """
        line = "x" * 1000
        while True:
            print(line)
        """,
    )
    assert outcome.status == sandbox.ERROR
    assert "File too large" in outcome.traceback
    limits = sandbox.SandboxLimits()
    shown, note = outcome.output.rsplit("\n[... ", 1)
    assert len(shown.encode()) <= limits.output_bytes
    hidden = int(note.split()[0])
    # The log stopped at the file size limit: nothing bigger ever reached the disk.
    assert hidden + limits.output_bytes <= limits.file_bytes


def test_killing_the_parent_only_reaches_the_sandbox_init(wine_files):
    worker_pid = os.getpid()
    outcome = run(
        wine_files,
        """
        import os, signal
        print("parent", os.getppid())
        for target in (os.getppid(), -1):
            try:
                os.kill(target, signal.SIGKILL)
            except OSError as error:
                print("refused", type(error).__name__)
        print("still here")
        """,
    )
    assert outcome.status == sandbox.OK  # it went on to train and predict
    # Its parent is the sandbox's own init (pid 1 in a new pid namespace), not the worker.
    assert printed(outcome)[0] == "parent 1"
    assert printed(outcome)[-1] == "still here"
    assert os.getpid() == worker_pid
    assert sandbox_processes() == []


def test_killing_its_own_process_group_is_reported_not_fatal(wine_files):
    outcome = run(wine_files, "import os, signal\nos.killpg(0, signal.SIGKILL)\n")
    assert outcome.status == sandbox.ERROR
    assert "signal 9" in outcome.message
    # The worker (this process) is still running and can sandbox the next submission.
    assert run(wine_files, "print('next one')").status == sandbox.OK
