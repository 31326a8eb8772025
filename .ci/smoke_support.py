"""Helpers of CI's `make run` smoke (.ci/smoke-make-run.py): a cookie-keeping browser over
urllib, waiting for /health/, and finding and stopping the processes of a run. Standard
library only, like the smoke."""

import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.cookiejar import CookieJar
from pathlib import Path

# What a page must never show: Django's debug page, the 500 page, a stack trace.
ERROR_TEXTS = ("Traceback", "Server Error", "Something went wrong", "Exception Value")


# Where a log-in of staff or an instructor goes first (security/urls.py).
SECOND_FACTOR_PATHS = ("/account/two-factor/verify/", "/account/two-factor/setup/")


class SmokeFailure(Exception):
    pass


def say(message: str) -> None:
    print(f"smoke: {message}", flush=True)


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Browser:
    """One person's cookies, following redirects like a browser."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def request(self, path, data=None, headers=None, timeout=30) -> tuple[int, str, bytes]:
        """(status, final path, body); a 4xx or 5xx is returned, not raised."""
        url = self.base + path  # always http://127.0.0.1:<port>/...
        req = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310
        try:
            with self.opener.open(req, timeout=timeout) as response:
                return response.status, urllib.parse.urlsplit(response.url).path, response.read()
        except urllib.error.HTTPError as error:
            return error.code, urllib.parse.urlsplit(error.url).path, error.read()

    def page(self, path: str) -> tuple[str, str]:
        """GET a page that must answer 200 without error text; (final path, HTML)."""
        status, final, body = self.request(path)
        html = body.decode("utf-8", "replace")
        check(status == 200, f"GET {path} answered {status} (at {final})")
        shown = [text for text in ERROR_TEXTS if text in html]
        check(not shown, f"GET {path} (at {final}) shows {shown}")
        return final, html

    def text(self, path: str) -> str:
        """GET a file or a fragment that must answer 200."""
        status, final, body = self.request(path)
        check(status == 200, f"GET {path} answered {status} (at {final})")
        return body.decode("utf-8", "replace")

    def log_in(self, username: str, password: str) -> str:
        """Log in with the password; the path it lands on (the second factor's for some)."""
        _, html = self.page("/accounts/login/")
        fields = {"username": username, "password": password, "csrfmiddlewaretoken": token(html)}
        status, final, _ = self.request("/accounts/login/", urllib.parse.urlencode(fields).encode())
        check(status == 200 and final != "/accounts/login/", f"{username} could not log in")
        return final

    def pass_second_factor(self, username: str, code: str, then: str) -> str:
        """Type the code on the verify page; the path it goes on to."""
        verify = SECOND_FACTOR_PATHS[0]
        _, html = self.page(verify)
        fields = {"code": code, "next": then, "csrfmiddlewaretoken": token(html)}
        status, final, body = self.request(verify, urllib.parse.urlencode(fields).encode())
        check(
            status == 200 and final not in SECOND_FACTOR_PATHS,
            f"{username}'s code {code} was refused ({status} at {final}): "
            f"{form_errors(body.decode('utf-8', 'replace'))}",
        )
        return final

    def upload(self, path: str, fields: dict, filename: str, content: bytes):
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            for name, value in fields.items()
        ]
        body = (
            "".join(parts).encode()
            + (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                f'filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n'
            ).encode()
        )
        body += content + f"\r\n--{boundary}--\r\n".encode()
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        return self.request(path, body, headers)


def token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    check(found is not None, "the page has no CSRF token")
    return found.group(1)


def wait_for_health(base: str, make: subprocess.Popen, timeout: float) -> tuple[dict, float]:
    """Wait for /health/ to say ok (a worker's heartbeat came); its body, and how many
    seconds passed before it first answered at all."""
    started, last, answered = time.monotonic(), "no answer", None
    while time.monotonic() < started + timeout:
        check(make.poll() is None, f"make run exited with status {make.returncode}")
        try:
            with urllib.request.urlopen(base + "/health/", timeout=5) as response:  # noqa: S310
                body = json.load(response)
            answered = answered or time.monotonic() - started
            if body.get("status") == "ok":
                return body, answered
            last = json.dumps(body)
        except urllib.error.HTTPError as error:
            last = f"{error.code} {error.read()[:500]!r}"
        except (OSError, ValueError) as error:
            last = repr(error)
        time.sleep(1)
    raise SmokeFailure(f"/health/ did not say ok within {timeout:.0f} s; last: {last}")


def form_errors(html: str) -> list[str]:
    """What the page says is wrong with a form, as text."""
    found = re.findall(r'class="[^"]*invalid-feedback[^"]*"[^>]*>(.*?)</', html, re.DOTALL)
    return [" ".join(re.sub(r"<[^>]+>", " ", error).split()) for error in found]


def processes(session: int, copy: Path) -> dict[int, str]:
    """Processes of make's session, or working in the copy: pid -> command line."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            # Fields after the command name (which may hold spaces): state, ppid, pgrp, session.
            sid = int(stat[stat.rindex(")") + 2 :].split()[3])
            cwd = os.readlink(entry / "cwd")
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        except (OSError, ValueError):
            continue  # gone meanwhile, or not ours to read
        if sid == session or Path(cwd).is_relative_to(copy):
            found[int(entry.name)] = command
    return found


def stop_with_ctrl_c(make: subprocess.Popen, copy: Path, port: int, timeout: float) -> str:
    running = processes(make.pid, copy)
    web = {pid: cmd for pid, cmd in running.items() if "runserver" in cmd}
    worker = {pid: cmd for pid, cmd in running.items() if "celery" in cmd and "worker" in cmd}
    check(web and worker, f"before Ctrl-C, no web server or no worker among {running}")
    os.killpg(make.pid, signal.SIGINT)  # what a terminal sends its foreground job
    deadline = time.monotonic() + timeout
    left = running
    while time.monotonic() < deadline:
        left = {pid: cmd for pid, cmd in processes(make.pid, copy).items() if pid != make.pid}
        if make.poll() is not None and not left:
            break
        time.sleep(0.5)
    make_state = "running" if make.poll() is None else f"exited ({make.returncode})"
    check(
        make.poll() is not None and not left,
        f"{timeout:.0f} s after Ctrl-C make run is {make_state}, and these still run: {left}",
    )
    with socket.socket() as probe:
        check(probe.connect_ex(("127.0.0.1", port)) != 0, f"port {port} still answers")
    return f"web {sorted(web)} and worker {sorted(worker)} exited; make's status {make.returncode}"


def tail(path: Path, lines: int = 60) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError as error:
        return f"({error})"
