#!/usr/bin/env python3
"""The README's first command as a newcomer runs it: `make run` in a fresh copy, then use it.

A copy of the tracked files (uncommitted changes included; no .venv, var/ or node_modules/)
gets its own var/ folder and port and none of the project's environment variables, so it
runs on the embedded default (SQLite, the filesystem broker). The smoke waits for /health/
to say ok, logs in as each demo login of the README's table (staff and the instructor
with the demo code `manage.py demo_totp_code` prints, as the README says) and opens its
start page, uploads predictions as `student` and waits for the worker that `make run`
started to grade them, then presses Ctrl-C and checks that the web server and the worker are gone.

The copy reuses the checkout's .venv (a symlink) when make itself finds it installed, since
`make test` has just built it from the same pyproject.toml; `--fresh-venv` lets `make run`
build its own, as on a newcomer's first day (minutes more). Standard library only.
"""

import argparse
import csv
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The helpers beside this script (also when a test loads it by path).
sys.path.insert(0, str(Path(__file__).resolve().parent))
from smoke_support import (  # noqa: E402
    SECOND_FACTOR_PATHS,
    Browser,
    SmokeFailure,
    check,
    form_errors,
    free_port,
    processes,
    say,
    stop_with_ctrl_c,
    tail,
    token,
    wait_for_health,
)

# Variables the settings, gunicorn and make read: a newcomer's shell has none of them.
PROJECT_PREFIXES = (
    "DJANGO_", "LODESTAR_", "CELERY_", "LABS_", "ENROLMENT_", "HEALTH_", "AXES_", "AWS_",
    "EMAIL_", "GUNICORN_", "DATABASE_",
)  # fmt: skip
PROJECT_NAMES = {
    "REDIS_URL", "SITE_URL", "LOG_FORMAT", "LOG_LEVEL", "DEFAULT_FROM_EMAIL",
    "TRUSTED_PROXY_COUNT", "FORWARDED_ALLOW_IPS", "PYTHONPATH", "VIRTUAL_ENV",
    "MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES",
}  # fmt: skip


def copy_checkout(destination: Path) -> int:
    """The tracked files as they are on disk, with their times (make compares them)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"],  # noqa: S607 - git from PATH
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    copied = 0
    for name in filter(None, listed.split("\0")):
        source, target = ROOT / name, destination / name
        if not os.path.lexists(source):
            continue  # deleted in the work tree, not yet committed
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            target.symlink_to(os.readlink(source))
        else:
            shutil.copy2(source, target)
        copied += 1
    return copied


def newcomer_env(port: int) -> dict:
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in PROJECT_NAMES and not name.startswith(PROJECT_PREFIXES)
    }
    env["LODESTAR_PORT"] = str(port)
    return env


def readme_logins() -> tuple[str, dict[str, str]]:
    """The demo password and each login's start page, as the README's table gives them."""
    text = (ROOT / "README.md").read_text()
    password = re.search(r"the\s+password\s+`([^`]+)`", text)
    check(password is not None, "README.md names no demo password")
    pages = {}
    for row in re.finditer(r"^\| `(\w+)` \|[^|\n]*\| `(/[^`]*)`", text, re.MULTILINE):
        pages[row.group(1)] = row.group(2)
    check("student" in pages, f"README.md's table of demo logins gives no start page: {pages}")
    return password.group(1), pages


def upload_predictions(student: Browser) -> tuple[str, int]:
    """Upload a valid CSV to the newest open lab whose page offers the predictions form.

    Labs open week by week, so the newest is the one still taking uploads on any day.
    """
    _, lab_list = student.page("/labs/")
    slugs = re.findall(r'href="/labs/([\w-]+)/"', lab_list)
    for slug in reversed(dict.fromkeys(s for s in slugs if s not in ("dashboard", "gradebook"))):
        _, html = student.page(f"/labs/{slug}/")
        left = re.search(r"(\d+) of \d+ submissions left today", html)
        offers_form = f'action="/labs/{slug}/submit/"' in html and "Submit predictions" in html
        if offers_form and left and int(left.group(1)) > 0:
            break
    else:
        raise SmokeFailure(f"no lab among {slugs} offers `student` the predictions upload form")
    train = csv.DictReader(io.StringIO(student.text(f"/labs/{slug}/download/train.csv")))
    answer = next(train)["target"]  # any value the training set has is a valid prediction
    test = csv.reader(io.StringIO(student.text(f"/labs/{slug}/download/test.csv")))
    next(test)  # the header; the id is the first column
    rows = "".join(f"{row[0]},{answer}\n" for row in test if row)
    check(rows, f"the test features of {slug} have no rows")
    status, final, body = student.upload(
        f"/labs/{slug}/submit/",
        {"csrfmiddlewaretoken": token(html)},
        "smoke-predictions.csv",
        ("id,prediction\n" + rows).encode(),
    )
    submission = re.fullmatch(r"/labs/submissions/(\d+)/", final)
    check(
        status == 200 and submission is not None,
        f"the upload to {slug} answered {status} at {final}: "
        f"{form_errors(body.decode('utf-8', 'replace')) or body[:2000]}",
    )
    return slug, int(submission.group(1))


def demo_code(copy: Path, port: int, username: str) -> str:
    """The demo authenticator's current code, as the README tells a newcomer to get it."""
    env = newcomer_env(port) | {"DJANGO_DEBUG": "1"}
    printed = subprocess.run(  # noqa: S603 - the copy's own venv, a README login
        [".venv/bin/python", "manage.py", "demo_totp_code", username],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    code = printed.stdout.strip()
    check(
        printed.returncode == 0 and re.fullmatch(r"\d{6}", code) is not None,
        f"demo_totp_code {username} printed {code!r}: {printed.stderr[-2000:]}",
    )
    return code


def wait_for_grade(student: Browser, pk: int, timeout: float) -> str:
    deadline, status = time.monotonic() + timeout, "unknown"
    while time.monotonic() < deadline:
        html = student.text(f"/labs/submissions/{pk}/status/")
        found = re.search(r'data-status="(\w+)"', html)
        check(found is not None, f"submission {pk}'s status fragment shows no status: {html}")
        status = found.group(1)
        if status not in ("queued", "grading"):
            score = re.search(r'data-testid="public-score">\s*([-\d.]+)', html)
            check(
                status == "graded" and score is not None,
                f"submission {pk} ended {status}, without a score: {html[:2000]}",
            )
            return score.group(1)
        time.sleep(1)
    raise SmokeFailure(f"submission {pk} was still {status} after {timeout:.0f} s")


def prepare(copy: Path, args) -> None:
    say(f"copied {copy_checkout(copy)} tracked files to {copy}")
    if args.fresh_venv:
        return
    venv = Path(args.venv or ROOT / ".venv").resolve()
    check((venv / "bin" / "python").exists(), f"no venv at {venv}: run `make install` first")
    (copy / ".venv").symlink_to(venv)
    # The client's wheel, built by the same `make install` (git-ignored, so not among the
    # tracked files), copied with its times, which make compares.
    built = ROOT / "build" / "client"
    if built.is_dir():
        shutil.copytree(built, copy / "build" / "client")
    # Reused only when make would not reinstall into it: installed from this pyproject.toml.
    fresh = subprocess.run(["make", "-q", "install"], cwd=copy, capture_output=True)  # noqa: S607
    check(fresh.returncode == 0, f"{venv} is older than pyproject.toml: run `make install`")


def main() -> int:
    # Started in the background by a script (CI runs it beside `make test`), this process
    # inherits SIGINT ignored, and so would `make run`: Ctrl-C would then stop nothing. A
    # terminal's foreground job has the default, so `make run` gets it back.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh-venv", action="store_true", help="let make run install")
    parser.add_argument("--venv", help="the venv to reuse (default: the checkout's .venv)")
    parser.add_argument("--keep", action="store_true", help="keep the copy afterwards")
    args = parser.parse_args()
    started = time.monotonic()
    copy = Path(tempfile.mkdtemp(prefix="lodestar-smoke-")).resolve()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    output = copy.parent / f"{copy.name}.make-run.log"
    passed, make = [], None

    def step(message: str) -> None:
        passed.append(message)
        say(f"ok {time.monotonic() - started:5.0f} s  {message}")

    try:
        password, start_pages = readme_logins()
        prepare(copy, args)
        with open(output, "wb") as log:
            make = subprocess.Popen(
                ["make", "run"],  # noqa: S607 - the newcomer's make, from PATH
                cwd=copy,
                env=newcomer_env(port),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own session and group, like a terminal's job
            )
        # Migrations, the demo seed and the first heartbeat; an install first takes minutes.
        health, answered = wait_for_health(base, make, 900 if args.fresh_venv else 300)
        embedded = (health["database"].get("vendor"), health["broker"].get("transport"))
        check(embedded == ("sqlite", "filesystem"), f"not the embedded default: {health}")
        step(f"make run is up at {base} (answering after {answered:.0f} s): /health/ ok")
        printed = output.read_text(errors="replace")
        for username, start in start_pages.items():
            shown = re.search(rf"\b{username}\s+password: {re.escape(password)}", printed)
            check(shown is not None, f"make run did not print the login {username}")
            browser = Browser(base)
            landed = browser.log_in(username, password)
            how = ""
            if landed in SECOND_FACTOR_PATHS:
                hint = f"manage.py demo_totp_code {username}"
                check(hint in printed, f"make run did not print `{hint}` for {username}")
                check(landed == SECOND_FACTOR_PATHS[0], f"{username} has no demo authenticator")
                browser.pass_second_factor(username, demo_code(copy, port, username), then=start)
                how = " with the demo code"
            final, _ = browser.page(start)
            check(
                final not in (*SECOND_FACTOR_PATHS, "/accounts/login/"),
                f"{username} asked for {start} and was sent to {final}",
            )
            step(f"{username} logged in{how} and opened {start} (200 at {final})")
        student = Browser(base)
        student.log_in("student", password)
        slug, pk = upload_predictions(student)
        step(f"student uploaded predictions for {slug}: submission {pk}")
        score = wait_for_grade(student, pk, timeout=180)
        step(f"the worker graded submission {pk}: public score {score}")
        step(stop_with_ctrl_c(make, copy, port, timeout=60))
    except Exception as failure:
        if not isinstance(failure, SmokeFailure):
            traceback.print_exc()
        say(f"FAILED after {time.monotonic() - started:.0f} s: {failure}")
        say(f"make run's output ({output}):\n{tail(output)}")
        say(f"var/log/worker.log:\n{tail(copy / 'var' / 'log' / 'worker.log')}")
        print(f"smoke: {len(passed)} passed, 1 failed", flush=True)
        return 1
    finally:
        if make is not None and make.poll() is None:
            os.killpg(make.pid, signal.SIGKILL)
        for pid in processes(make.pid if make else -1, copy):
            try:
                os.kill(pid, signal.SIGKILL)  # what a failed run left: only our own processes
            except OSError:
                pass
    if not args.keep:
        shutil.rmtree(copy, ignore_errors=True)
        output.unlink(missing_ok=True)
    say(f"`make run` smoke took {time.monotonic() - started:.0f} s")
    print(f"smoke: {len(passed)} passed, 0 failed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
